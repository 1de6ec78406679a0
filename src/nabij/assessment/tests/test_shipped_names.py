"""The self-reliance matrices' shipped domain and level names are Dutch data; the English
interface shows them in English (issue 13), and a name a municipality typed stays as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from nabij.assessment.models import SHIPPED_NAMES, Domain, Instrument, Level, shown

pytestmark = pytest.mark.django_db


def test_every_shipped_name_has_an_english_and_the_same_dutch_name(zrm, zrm_2017):
    names = set(Domain.objects.values_list("name", flat=True))
    names |= set(Level.objects.values_list("label", flat=True))
    names |= {n for pair in Instrument.objects.values_list("name", "version") for n in pair}
    names -= {"2017"}
    assert names <= set(SHIPPED_NAMES)
    for dutch in SHIPPED_NAMES:
        with translation.override("en"):
            assert shown(dutch) != dutch
        with translation.override("nl"):
            assert shown(dutch) == dutch
    assert shown("Eigen domein van de gemeente") == "Eigen domein van de gemeente"


@pytest.mark.parametrize(
    ("language", "domain", "level"),
    [
        ("en", "Social network", "Not self-reliant"),
        ("nl", "Sociaal netwerk", "Niet zelfredzaam"),
    ],
)
def test_the_pages_show_the_names_in_the_interface_language(
    world, login, record, language, domain, level
):
    record(world.resident, dt.date(2025, 1, 5), {"sociaal-netwerk": 2})
    client = login(world.assigned)
    for name in ("assessment:assessment_list", "assessment:assessment_create"):
        html = client.get(
            reverse(name, args=[world.resident.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert domain in html, name
        assert level in html, name
