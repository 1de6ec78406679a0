"""Playwright on Debian's Chromium against pytest-django's live server.

Use the ``browser_page`` fixture in a test marked ``@pytest.mark.browser``; the page's base URL
is the live server, so ``page.goto("/inloggen/")`` works. To make the fixture available in a test
module outside ``nabij/tests``, import it there::

    from nabij.tests.browser import browser_page  # noqa: F401

Playwright never downloads a browser here: it drives ``/usr/bin/chromium`` (``apt-get install
chromium``). Without it the tests skip, except under CI (``CI=true``), where they fail, so CI
cannot go green without running them. A page that logs a CSP violation fails its test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connections

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def running_under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_chromium() -> None:
    """Skip (locally) or fail (under CI) when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if running_under_ci():
        pytest.fail(f"{reason}; CI must run the browser tests.", pytrace=False)
    pytest.skip(reason)


def screenshot(page: Page, name: str) -> Path | None:
    """Save a full-page PNG to $NABIJ_SCREENSHOT_DIR/<name>.png when that variable is set."""
    folder = os.environ.get("NABIJ_SCREENSHOT_DIR")
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def browser_page(live_server, transactional_db) -> Iterator[Page]:
    """A fresh browser context and page, Dutch locale, base URL the live server.

    Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    calls from a thread with a running loop; tests need the ORM for set-up and checks, so
    DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser runs and restored afterwards.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            problems.append(text)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
            context = browser.new_context(
                base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 800}
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("console", on_console)
            yield page
            context.close()
            browser.close()
            # Database connections the test opened while Playwright ran belong to that
            # context; close them here, or they outlive the test database on PostgreSQL.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
    if problems:
        pytest.fail("The page broke its Content-Security-Policy:\n" + "\n".join(problems))


def log_in(page: Page, username: str, password: str) -> None:
    """Log in through the form, as a person does. An account with two factors types the code its
    authenticator app shows (computed from its device); one without a device yet sets it up
    first, as the login asks."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from nabij.access import two_factor

    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    path = page.url.split("?")[0]
    if path.endswith((reverse("core:login_code"), reverse("core:login_enroll"))):
        enrolling = path.endswith(reverse("core:login_enroll"))
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=not enrolling
        ).latest("id")
        page.locator("#id_code").fill(two_factor.current_code(device))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if enrolling:  # the backup codes are shown once; then on to the start page
            page.get_by_test_id("backup-codes").wait_for()
            page.goto(reverse("core:home"))
            page.wait_for_load_state()
