"""Every event the code base can write has its own words, and every purpose (issue 13): the
access log never shows a code such as ``caseload.list`` to a resident or a professional."""

from __future__ import annotations

import pytest
from django.utils import translation

from nabij.access.enums import LIST_EVENTS, Event, Purpose
from nabij.access.log_phrases import LISTS, PHRASES, PURPOSES, describe, list_phrase


def test_every_event_has_its_own_pair_of_phrases():
    assert set(PHRASES) == {e.value for e in Event}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("event", [e.value for e in Event])
def test_an_event_reads_as_words_done_and_refused(event, language):
    with translation.override(language):
        done, refused = describe(event, refused=False), describe(event, refused=True)
    assert done and refused and done != refused
    for text in (done, refused):
        assert event not in text and "%(" not in text and "_" not in text


def test_a_dutch_phrase_is_translated():
    with translation.override("nl"):
        assert describe(Event.CASELOAD_LIST, refused=False) == (
            "zag het huishouden in een lijst met huishoudens"
        )
        assert describe(Event.ME_PLAN_SIGN, refused=True) == (
            "probeerde het plan te ondertekenen, maar mocht dat niet"
        )


def test_every_purpose_has_words():
    assert set(PURPOSES) == {p.value for p in Purpose}


def test_every_list_has_a_name():
    assert set(LISTS) == LIST_EVENTS
    assert {e.value for e in Event} >= LIST_EVENTS
    with translation.override("nl"):
        assert list_phrase(Event.CASELOAD_LIST, who="Fatima (wijkcoach)") == (
            "de werklijst van Fatima (wijkcoach)"
        )
