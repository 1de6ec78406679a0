"""The home page: who is in the household (children under 16 only for a member with parental
authority), and the address (never when another member's address is protected)."""

from __future__ import annotations

import pytest

from nabij.areas.models import Address
from nabij.portal.tests.together import (
    add_partner,
    give_authority,
    leave,
    make_child,
    rows,
    signed_in,
)

pytestmark = pytest.mark.django_db


def street(world) -> str:
    address = Address.objects.get(pk=world.household.address_id)
    return address.street + f" {address.house_number}"


def test_the_home_page_shows_the_members_and_the_address(world):
    _partner, _partner_user = add_partner(world)
    html = signed_in(world.resident_user).get("/mijn/").content.decode()
    assert "Yusuf" in html and "Partner" in html
    assert "Karima (u)" in html
    assert street(world) in html
    assert "El Amrani" not in html.split("<h2")[1]  # first names only in the household list


def test_a_protected_address_is_never_shown_to_another_member(world):
    _partner, partner_user = add_partner(world)
    world.resident.address_protected = True
    world.resident.save(update_fields=["address_protected"])
    assert street(world) not in signed_in(partner_user).get("/mijn/").content.decode()
    # Karima herself is shown the address she protects.
    assert street(world) in signed_in(world.resident_user).get("/mijn/").content.decode()


def test_children_under_16_only_for_a_member_with_parental_authority(world):
    make_child(world, years=10)
    _partner, partner_user = add_partner(world)
    give_authority(world.resident)
    karima, yusuf = signed_in(world.resident_user), signed_in(partner_user)
    html = karima.get("/mijn/").content.decode()
    assert "Noor" in html and "10 jaar" in html
    assert "Noor" not in yusuf.get("/mijn/").content.decode()
    # The log says whose data each was shown: Noor's row only for Karima's visit.
    logged = rows("me.home")
    seen_by = {(r.username, r.resident_id) for r in logged}
    assert (world.resident_user.username, world.child.pk) in seen_by
    assert (partner_user.username, world.child.pk) not in seen_by


def test_a_child_of_16_is_a_member_like_any_other(world):
    make_child(world, years=16)
    html = signed_in(world.resident_user).get("/mijn/").content.decode()
    assert "Noor" in html and "16 jaar" not in html


def test_an_ex_partner_loses_the_home_page_from_the_end_date(world):
    partner, partner_user = add_partner(world)
    yusuf = signed_in(partner_user)
    assert yusuf.get("/mijn/").status_code == 200
    leave(partner)
    response = yusuf.get("/mijn/")
    assert response.status_code == 302 and "/mijn/inloggen/" in response["Location"]
    assert "Yusuf" not in signed_in(world.resident_user).get("/mijn/").content.decode()
