"""Nabij's own date formats (``FORMAT_MODULE_PATH``), on top of Django's per language.

A short date never breaks across two lines ("7-10-" / "2026"): Dutch joins its parts with
U+2011 NON-BREAKING HYPHEN, English with no-break spaces. Everything not set here is Django's.
"""
