"""Nabij's pages for the DigiD library's mock IdP: plainly a demo, in Dutch, a list of demo
residents when there is one, a BSN field otherwise, and clear errors."""

from __future__ import annotations

import pytest
from digid_eherkenning.models.digid import MockDigidUser
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def idp_pages(client: Client) -> tuple[str, str]:
    """(the choice page's URL, the BSN page's URL) as the mock's login redirect gives them."""
    start = client.get(reverse("digid:login"), {"next": "/mijn/"})
    query = start["Location"].split("?", 1)[1]
    return f"{reverse('digid-mock:login')}?{query}", f"{reverse('digid-mock:bsn')}?{query}"


def test_the_first_page_says_it_is_a_demo_and_leads_on(client):
    choice, _bsn = idp_pages(client)
    body = client.get(choice).content.decode()
    assert "Dit is niet de echte DigiD." in body
    assert "Inloggen bij Mijn Nabij" in body
    assert f'href="{reverse("digid-mock:bsn")}?' in body
    assert "digid-mock/assets" not in body  # none of the library's DigiD look-alike


def test_without_demo_residents_a_bsn_is_typed(client, world):
    _choice, bsn = idp_pages(client)
    page = client.get(bsn).content.decode()
    assert 'id="id_auth_bsn"' in page and "Burgerservicenummer (BSN)" in page
    wrong = client.post(bsn, {"auth_bsn": "123"})
    assert wrong.status_code == 200
    body = wrong.content.decode()
    assert "Vul een geldig BSN in van 9 cijfers." in body and 'aria-invalid="true"' in body
    right = client.post(bsn, {"auth_bsn": world.resident.bsn})
    assert right.status_code == 302 and f"bsn={world.resident.bsn}" in right["Location"]


def test_with_demo_residents_one_is_chosen_from_the_list(client, world):
    MockDigidUser.objects.create(name="Karima El Amrani", bsn=world.resident.bsn)
    gerrit = MockDigidUser.objects.create(name="Gerrit", bsn=world.other_resident.bsn)
    _choice, bsn = idp_pages(client)
    page = client.get(bsn).content.decode()
    assert page.index("Karima El Amrani") < page.index("Gerrit")  # in the order of the list
    assert f"BSN {world.resident.bsn}" in page
    nothing = client.post(bsn, {})
    assert nothing.status_code == 200
    assert "Kies een demo-inwoner." in nothing.content.decode()
    chosen = client.post(bsn, {"auth_user": gerrit.pk})
    assert chosen.status_code == 302 and f"bsn={world.other_resident.bsn}" in chosen["Location"]
