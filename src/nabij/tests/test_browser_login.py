"""Log in through the real login page in Debian's Chromium and land on the caseload; a team
coordinator sets up and then uses the authenticator app's code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.access import two_factor
from nabij.tests import factories as f
from nabij.tests.browser import screenshot

PASSWORD = "correct-horse-battery"


@pytest.mark.browser
def test_professional_logs_in_and_lands_on_the_caseload(browser_page):
    page = browser_page
    f.ProfessionalFactory(user__username="wijkcoach", user__first_name="Sanne")

    page.goto(reverse("core:login"))
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, "login")
    page.get_by_label(re.compile("Gebruikersnaam|Username")).fill("wijkcoach")
    page.get_by_label(re.compile("Wachtwoord|Password")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(re.escape(reverse("people:caseload")) + r"$"))
    assert page.locator("h1").count() == 1
    assert "Sanne" in page.locator(".whoami").inner_text()
    screenshot(page, "caseload")


@pytest.mark.browser
def test_wrong_password_stays_on_the_login_page_with_a_message(browser_page):
    page = browser_page
    f.ProfessionalFactory(user__username="wijkcoach")

    page.goto(reverse("core:login"))
    page.locator("#id_username").fill("wijkcoach")
    page.locator("#id_password").fill("not-the-password")
    page.locator("main form button[type=submit]").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert page.url.endswith(reverse("core:login"))
    assert alert.inner_text().strip()


@pytest.mark.browser
def test_coordinator_sets_up_two_step_login_then_logs_in_with_a_code(browser_page):
    page = browser_page
    coordinator = f.ProfessionalFactory(user__username="teamleider", coordinator=True)

    def password_step() -> None:
        page.goto(reverse("core:login"))
        page.locator("#id_username").fill("teamleider")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()

    password_step()
    page.wait_for_url(re.compile(re.escape(reverse("core:login_enroll")) + r"$"))
    qr = page.get_by_test_id("totp-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 0  # the CSP let the QR code through
    screenshot(page, "login-enroll")
    device = TOTPDevice.objects.get(user=coordinator.user, confirmed=False)
    assert page.get_by_test_id("totp-secret").inner_text() == two_factor.secret_base32(device)
    page.locator("#id_code").fill(two_factor.current_code(device))
    page.locator("main form button[type=submit]").click()
    codes = page.get_by_test_id("backup-codes")
    codes.wait_for()
    assert codes.locator("li").count() == two_factor.BACKUP_CODES
    page.get_by_role("link", name=re.compile("Verder|Continue")).click()
    page.wait_for_url(re.compile(re.escape(reverse("people:caseload")) + r"$"))

    page.locator("form[action$='/uitloggen/'] button").click()
    page.wait_for_url(re.compile(re.escape(reverse("core:login")) + r"$"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same 30 s step again
    password_step()
    page.wait_for_url(re.compile(re.escape(reverse("core:login_code")) + r"$"))
    device.refresh_from_db()
    page.locator("#id_code").fill(two_factor.current_code(device))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("people:caseload")) + r"$"))


def test_missing_chromium_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    from nabij.tests import browser

    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.require_chromium()
