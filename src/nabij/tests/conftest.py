"""Fixtures for the cross-app tests in this folder."""

from nabij.tests.browser import browser_page  # noqa: F401
