"""Nabij beheer in Debian's Chromium: the pages render within the Content-Security-Policy.

The session is set directly (not through the login form), so this test does not depend on how
administrators log in (two factors).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from nabij.access.models import Role
from nabij.tests import factories as f
from nabij.tests.browser import browser_page, screenshot  # noqa: F401


@pytest.mark.browser
def test_administration_pages_render_in_nabijs_look(browser_page, live_server):  # noqa: F811
    page = browser_page
    team = f.TeamFactory(name="Wijkteam Heechterp")
    administrator = f.ProfessionalFactory(
        user__username="beheerder", administrator=True, organisation=team.organisation
    )
    target = f.ProfessionalFactory(user__username="wijkcoach", team=team)
    client = Client()
    client.force_login(administrator.user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for url, name in (
        ("/beheer/", "admin-index"),
        ("/beheer/accounts/", "admin-accounts"),
        (f"/beheer/accounts/{target.pk}/", "admin-account"),
        ("/beheer/accounts/nieuw/", "admin-account-new"),
        ("/beheer/verzoeken/", "admin-requests"),
        ("/beheer/audittrail/", "admin-audit"),
        (f"/beheer/access/districtteam/{team.pk}/change/", "admin-team"),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        screenshot(page, name)
    # A change through the page: a coach made coordinator waits for a second administrator.
    page.goto(f"/beheer/accounts/{target.pk}/")
    page.locator("select[name=role]").select_option(Role.TEAM_COORDINATOR)
    page.locator("textarea[name=reason]").fill("nieuwe teamleider")
    page.get_by_role("button", name="Toegang wijzigen").click()
    assert "tweede beheerder" in page.locator(".messages").inner_text()
    screenshot(page, "admin-account-waiting")
