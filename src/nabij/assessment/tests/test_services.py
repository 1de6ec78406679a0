from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nabij.assessment import services
from nabij.assessment.models import Assessment, Priority

TODAY = timezone.localdate()


def _record(actor, world, instrument, scores, on=TODAY):
    return services.assessment_record(
        actor=actor,
        resident=world.resident,
        instrument=instrument,
        assessed_on=on,
        scores=scores,
        note="  Eerste gesprek aan de keukentafel. ",
    )


def test_records_the_scored_domains_only(actor, world, zrm):
    domains = list(zrm.domains.all())
    assessment = _record(
        actor, world, zrm, {domains[0].pk: 2, domains[2].pk: 1, domains[3].pk: None}
    )
    assert assessment.recorded_by == world.assigned.user
    assert assessment.note == "Eerste gesprek aan de keukentafel."
    assert {(s.domain_id, s.level) for s in assessment.scores.all()} == {
        (domains[0].pk, 2),
        (domains[2].pk, 1),
    }


def test_refuses_a_date_in_the_future(actor, world, zrm):
    domain = zrm.domains.first()
    with pytest.raises(ValidationError) as exc:
        _record(actor, world, zrm, {domain.pk: 3}, on=TODAY + dt.timedelta(days=1))
    assert list(exc.value.message_dict) == ["assessed_on"]
    assert not Assessment.objects.exists()


def test_refuses_a_level_the_instrument_does_not_have(actor, world, zrm):
    domain = zrm.domains.first()
    with pytest.raises(ValidationError) as exc:
        _record(actor, world, zrm, {domain.pk: 6})
    assert "Financiën" in exc.value.message_dict["scores"][0]
    assert not Assessment.objects.exists()


def test_refuses_a_domain_of_another_instrument(actor, world, zrm, zrm_2017):
    own = zrm.domains.first()
    foreign = zrm_2017.domains.get(code="werk-en-opleiding")
    with pytest.raises(ValidationError) as exc:
        _record(actor, world, zrm, {own.pk: 3, foreign.pk: 3})
    assert "Werk & opleiding" in exc.value.message_dict["scores"][0]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("scores", [{}, "all-none"])
def test_refuses_an_assessment_without_scores(actor, world, zrm, scores):
    if scores == "all-none":
        scores = {d.pk: None for d in zrm.domains.all()}
    with pytest.raises(ValidationError) as exc:
        _record(actor, world, zrm, scores)
    assert list(exc.value.message_dict) == ["scores"]


def test_collects_every_problem_at_once(actor, world, zrm):
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            actor=actor,
            resident=world.resident,
            instrument=zrm,
            assessed_on=TODAY + dt.timedelta(days=3),
            scores={},
            note="x" * 2001,
        )
    assert set(exc.value.message_dict) == {"assessed_on", "scores", "note"}


def test_priority_keeps_their_words_and_defaults_to_today(actor, world):
    priority = services.priority_record(
        actor=actor,
        household=world.household,
        text="  Eerst de schulden, dan pas een huis.  ",
        said_by="Karima",
    )
    assert priority.text == "Eerst de schulden, dan pas een huis."
    assert priority.recorded_on == TODAY
    assert priority.recorded_by == world.assigned.user


@pytest.mark.parametrize(
    ("text", "said_by", "on", "fields"),
    [
        ("   ", "Karima", TODAY, {"text"}),
        ("x" * 1001, "Karima", TODAY, {"text"}),
        ("De schulden", "", TODAY, {"said_by"}),
        ("De schulden", "Karima", TODAY + dt.timedelta(days=1), {"recorded_on"}),
    ],
)
def test_priority_validation(actor, world, text, said_by, on, fields):
    with pytest.raises(ValidationError) as exc:
        services.priority_record(
            actor=actor, household=world.household, text=text, said_by=said_by, recorded_on=on
        )
    assert set(exc.value.message_dict) == fields
    assert not Priority.objects.exists()
