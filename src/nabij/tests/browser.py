"""Playwright on Debian's Chromium against pytest-django's live server.

Use the ``browser_page`` fixture in a test marked ``@pytest.mark.browser``; the page's base URL
is the live server, so ``page.goto("/inloggen/")`` works. To make the fixture available in a test
module outside ``nabij/tests``, import it there::

    from nabij.tests.browser import browser_page  # noqa: F401

Playwright never downloads a browser here: it drives ``/usr/bin/chromium`` (``apt-get install
chromium``). Without it the tests skip, except under CI (``CI=true``), where they fail, so CI
cannot go green without running them. A page that logs a CSP violation fails its test.

``axe_violations(page)`` checks the page against WCAG 2.1 AA with axe-core, installed from npm
(``package.json``/``package-lock.json`` at the repository root: ``npm ci``). Without it the
check skips locally; under CI it runs ``npm ci`` once, or fails. ``resident_log_in`` walks
Mijn Nabij's DigiD demo as a resident does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connections

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[3]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# axe is offered to the page from its own origin (the CSP allows scripts from 'self' only); the
# browser asks for this path and Playwright answers it from node_modules: the server never sees it.
AXE_PATH = "/__nabij_browser_tests__/axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
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
        device = TOTPDevice.objects.filter(user__username=username, confirmed=not enrolling).latest(
            "id"
        )
        page.locator("#id_code").fill(two_factor.current_code(device))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if enrolling:  # the backup codes are shown once; then on to the start page
            page.get_by_test_id("backup-codes").wait_for()
            page.goto(reverse("core:home"))
            page.wait_for_load_state()


# --- Accessibility: axe-core --------------------------------------------------------------------

_npm_lock = threading.Lock()


def axe_script() -> Path:
    """axe-core as ``package-lock.json`` pins it: skip locally when it is not installed; under
    CI install it (``npm ci``, once) or fail."""
    with _npm_lock:
        if AXE_SCRIPT.exists():
            return AXE_SCRIPT
        reason = f"axe-core is not installed at {AXE_SCRIPT} (run `npm ci` in {REPO_ROOT})"
        if not running_under_ci():
            pytest.skip(reason)
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"{reason}, and npm is missing; CI must run the axe checks.", pytrace=False)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0 or not AXE_SCRIPT.exists():
            pytest.fail(f"{reason}; `npm ci` failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
        return AXE_SCRIPT


_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def axe_violations(page: Page, *, tags: Sequence[str] = WCAG_21_AA) -> list[dict[str, Any]]:
    """The axe-core violations of the page as it is now (WCAG 2.1 A and AA by default).

    axe is loaded as a script from the page's own origin, so the Content-Security-Policy stays
    as the product sends it (no bypass, no inline script)."""
    script = axe_script()
    if not getattr(page, "_nabij_axe_routed", False):

        def serve_axe(route: Route) -> None:
            route.fulfill(path=str(script), content_type="application/javascript")

        page.route(re.compile(re.escape(AXE_PATH) + "$"), serve_axe)
        page._nabij_axe_routed = True  # type: ignore[attr-defined]
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_PATH)
    return list(page.evaluate(_AXE_RUN, list(tags)))


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Violations as lines a person reads: rule, impact, what to do, where."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page: Page, label: str = "") -> None:
    """No WCAG 2.1 AA violation that axe-core finds on the page as it is now."""
    violations = axe_violations(page)
    where = label or page.url
    assert not violations, f"axe-core on {where}:\n{axe_report(violations)}"


# --- Residents: Mijn Nabij through the DigiD demo -----------------------------------------------


def resident_log_in(page: Page, live_server_url: str, bsn: str) -> None:
    """Log in to Mijn Nabij as a resident does: the DigiD button, the demo's first page, then
    the demo resident with this BSN from its list (or the BSN typed, when there is no list)."""
    page.goto(f"{live_server_url}/mijn/inloggen/")
    page.locator("a.button--digid").click()
    page.wait_for_url(re.compile(r".*/digid/idp/inloggen/"))
    page.get_by_test_id("demo-idp-continue").click()
    page.wait_for_url(re.compile(r".*/digid/idp/inloggen_bsn/"))
    choices = page.locator("input[name=auth_user]")
    if choices.count():
        page.locator("label.demo-idp__choice", has_text=bsn).click()
    else:
        page.locator("#id_auth_bsn").fill(bsn)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/mijn/(inloggen/)?(\?.*)?$"))
    page.wait_for_load_state()
    refused = "/mijn/inloggen/" in page.url
    assert not refused, (
        f"DigiD demo login with BSN {bsn} refused: {page.locator('main').inner_text()}"
    )
