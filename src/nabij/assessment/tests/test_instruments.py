from __future__ import annotations

import pytest

from nabij.assessment.models import Instrument

pytestmark = pytest.mark.django_db

LEVELS = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]


def test_the_eleven_domain_matrix_is_the_default():
    instrument = Instrument.objects.get(code="zrm-11")
    assert instrument.is_default
    assert [d.name for d in instrument.domains.all()] == [
        "Financiën",
        "Dagbesteding",
        "Huisvesting",
        "Huiselijke relaties",
        "Geestelijke gezondheid",
        "Lichamelijke gezondheid",
        "Verslaving",
        "ADL",
        "Sociaal netwerk",
        "Maatschappelijke participatie",
        "Justitie",
    ]
    assert [(lv.value, lv.label) for lv in instrument.levels.all()] == LEVELS


def test_the_2017_variant_has_thirteen_domains():
    instrument = Instrument.objects.get(code="zrm-2017")
    assert not instrument.is_default
    names = [d.name for d in instrument.domains.all()]
    assert len(names) == 13
    assert names[1] == "Werk & opleiding"
    assert names[8:10] == ["Basale ADL", "Instrumentele ADL"]
    assert [(lv.value, lv.label) for lv in instrument.levels.all()] == LEVELS


def test_only_one_instrument_can_be_the_default():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(code="other", name="Other", is_default=True)
