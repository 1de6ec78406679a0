"""The demo residents of Mijn Nabij: they can log in, the mock IdP lists them, `nabij serve`
and the README name the same people with the same BSNs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from digid_eherkenning.models.digid import MockDigidUser
from django.test import Client
from django.urls import reverse

import nabij
from nabij.access.digid import resident_user_for_bsn
from nabij.areas.services import leeuwarden_load
from nabij.demo.residents_platform import (
    DEMO_RESIDENTS,
    demo_resident_lines,
    demo_resident_logins,
)
from nabij.demo.scenarios import scenarios_load
from nabij.demo.world import world_ensure
from nabij.people.models import Household, Membership

pytestmark = pytest.mark.django_db

README = Path(nabij.__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def scenarios() -> dict[str, Household]:
    leeuwarden_load()
    return scenarios_load(world_ensure())


def readme_residents() -> list[tuple[str, str]]:
    """(name, BSN) of each row of the README's table of demo residents."""
    text = README.read_text()
    section = text.split("### Demo residents (Mijn Nabij)", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| ([^|]+?) \| (\d{9}) \|", section, flags=re.MULTILINE)


def test_every_demo_resident_can_log_in(scenarios):
    logins = demo_resident_logins()
    assert [login.name for login in logins] == [
        "Karima El Amrani",
        "Gladys Martina",
        "Sandra de Graaf",
        "Willem Hiemstra",
    ]
    for login in logins:
        assert resident_user_for_bsn(None, login.bsn) is not None, login.name
        assert login.shows, login.name


def test_the_readme_lists_the_residents_the_demo_loads(scenarios):
    assert readme_residents() == [(login.name, login.bsn) for login in demo_resident_logins()]
    assert len(readme_residents()) == len(DEMO_RESIDENTS)


def test_serve_prints_them_from_the_database(scenarios):
    lines = demo_resident_lines("http://127.0.0.1:8000/")
    assert "http://127.0.0.1:8000/mijn/" in lines[0]
    for login in demo_resident_logins():
        assert any(login.name in line and f"BSN {login.bsn}" in line for line in lines[1:])
    MockDigidUser.objects.filter(name="Willem Hiemstra").update(name="Willem H.")
    assert any("Willem H. " in line for line in demo_resident_lines("http://x/"))


def test_parents_of_children_under_16_have_parental_authority(scenarios):
    def authority(first_name: str) -> bool:
        return Membership.objects.get(
            resident__first_name=first_name, ended_on__isnull=True
        ).parental_authority

    assert authority("Karima") and authority("Gladys") and authority("Sandra")
    assert not authority("Noor") and not authority("Jayden") and not authority("Mila")
    assert not authority("Willem")  # no children at home
    assert not authority("Hakan")


def test_the_mock_idp_offers_the_demo_residents_by_name(scenarios):
    client = Client()
    start = client.get(reverse("digid:login"), {"next": "/mijn/"})
    choose = client.get(start["Location"])
    assert choose.status_code == 200
    bsn_page = client.get(reverse("digid-mock:bsn") + "?" + start["Location"].split("?", 1)[1])
    body = bsn_page.content.decode()
    assert 'type="radio" name="auth_user"' in body and "Karima El Amrani" in body
    assert "Dit is niet de echte DigiD." in body  # Nabij's page, not the library's look-alike
    karima = MockDigidUser.objects.get(name="Karima El Amrani")
    picked = client.post(
        bsn_page.request["PATH_INFO"] + "?" + bsn_page.request["QUERY_STRING"],
        {"auth_user": karima.pk},
    )
    assert picked.status_code == 302 and f"bsn={karima.bsn}" in picked["Location"]
    assert client.get(picked["Location"]).status_code == 302
    home = client.get("/mijn/")
    assert home.status_code == 200 and "Karima" in home.content.decode()
