"""A school's care coordinator refers a family (password and a code); the team coordinator takes
it on as a new household and records the first contact; the referrer then sees "Contact
gemaakt" and nothing more: not the worry they wrote, not the household's name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.access import two_factor
from nabij.referrals.models import Referral
from nabij.tests.browser import assert_accessible, log_in, screenshot

PASSWORD = "correct-horse-battery"
WORRY = "Daan is sinds de herfstvakantie vaak afwezig en vertelt dat de huur niet betaald is."
SIZES = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


def shoot(page, name: str) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        screenshot(page, f"referrals-{name}-{label}")
    page.set_viewport_size(SIZES["1366"])


def log_out(page) -> None:
    page.locator("header form[action='/uitloggen/'] button, header form button").last.click()
    page.wait_for_load_state()


def no_horizontal_scroll(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.browser
def test_school_refers_team_takes_on_referrer_sees_status_only(browser_page, world):
    page = browser_page
    world.household.team.districts.add(world.household.neighbourhood.district)
    referrer = world.referrer.user
    TOTPDevice.objects.create(user=referrer, name="Nabij", confirmed=True)
    two_factor.backup_codes_create(referrer, ["school-reserve-1"])
    postcode = world.household.address.postcode

    # 1. The care coordinator logs in with a password and a code, and refers a family.
    log_in(page, "referrer", PASSWORD)
    page.wait_for_url(re.compile(re.escape(reverse("referrals:mine")) + "$"))
    page.get_by_role("link", name="Nieuwe verwijzing").first.click()
    page.get_by_role("button", name="Verwijzing versturen").click()  # empty: the summary
    assert page.locator(".error-summary").is_visible()
    shoot(page, "new-errors")
    assert_accessible(page, "nieuwe verwijzing met fouten")
    page.locator("#id_first_name").fill("Ilse")
    page.locator("#id_last_name").fill("Bouma")
    page.locator("#id_postcode").fill(postcode)
    page.locator("#id_house_number").fill("140")
    page.locator("#id_worry").fill(WORRY)
    page.locator("#id_basis_0").check()
    page.locator("#id_consent_on").fill("2026-01-05")
    page.locator("#id_urgency_1").check()
    page.locator("#id_own_reference").fill("klas 2B")
    page.get_by_role("button", name="Verwijzing versturen").click()
    page.wait_for_url(re.compile(re.escape(reverse("referrals:mine")) + "$"))
    assert "Ontvangen" in page.locator("main").inner_text()
    referral = Referral.objects.get()
    assert referral.team == world.household.team and referral.urgency == "urgent"
    log_out(page)

    # 2. The team coordinator takes it on as a new household and records the first contact.
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("referrals:queue"))
    assert "Ilse Bouma" in page.locator("main").inner_text()
    shoot(page, "queue")
    page.get_by_role("link", name="Ilse Bouma").click()
    assert WORRY in page.locator("main").inner_text()
    shoot(page, "detail")
    assert_accessible(page, "verwijzing")
    page.get_by_role("link", name="Aannemen").click()
    page.locator("#id_new-street").fill("Valeriusstraat")
    page.locator("#id_new-neighbourhood").select_option(world.household.neighbourhood.code)
    page.locator("#id_new-date_of_birth").fill("1986-04-02")
    page.locator("#id_new-coordinator").select_option(str(world.colleague.pk))
    shoot(page, "accept")
    page.get_by_role("button", name="Registreren en aannemen").click()
    page.wait_for_url(re.compile(r".*/huishoudens/\d+/$"))
    assert WORRY in page.locator("main").inner_text()  # the dossier shows the referral
    page.get_by_role("link", name="Open de verwijzing").click()
    page.get_by_role("button", name="Eerste contact vastleggen").click()
    page.wait_for_load_state()
    assert "Contact gemaakt" in page.locator("main").inner_text()
    referral.refresh_from_db()
    assert referral.state == Referral.State.CONTACT_MADE
    household_name = referral.household.name
    log_out(page)

    # 3. The referrer sees "Contact gemaakt", and nothing more (a backup code: the app's code
    # was used a moment ago).
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill("referrer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("#id_code").fill("school-reserve-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("referrals:mine")) + "$"))
    text = page.locator("main").inner_text()
    assert "Contact gemaakt" in text and "klas 2B" in text
    for secret in (WORRY, "Ilse", "Bouma", household_name, str(world.colleague)):
        assert secret not in page.content()
    shoot(page, "mine")
    page.set_viewport_size(SIZES["390"])
    assert no_horizontal_scroll(page)
    assert_accessible(page, "mijn verwijzingen")
    # and a referral's page is not theirs to see
    response = page.goto(reverse("referrals:detail", args=[referral.pk]))
    assert response is not None and response.status == 404
