"""Drafts, consent, publishing through the check, withdrawing; versions and states."""

import datetime as dt

import pytest

from nabij.core.errors import ConflictError, DomainError
from nabij.practices import services
from nabij.practices.domains import DOMAIN_CODES
from nabij.practices.models import PracticeStory
from nabij.practices.tests.helpers import a_rule, actor_of, data, drafted

pytestmark = pytest.mark.django_db


def test_the_life_domains_are_the_default_matrix_domains():
    from nabij.assessment import selectors

    instrument = selectors.default_instrument()
    assert instrument is not None
    assert set(DOMAIN_CODES) == {d.code for d in instrument.domains.all()}


def test_a_draft_from_a_breakthrough_needs_consent_to_be_published(world):
    story = drafted(world)
    assert story.source == "breakthrough" and story.state == "draft"
    with pytest.raises(DomainError, match=r"consent|toestemming"):
        services.publish(actor=actor_of(world.assigned), story=story, expected_version=1)
    services.draft_update(
        actor=actor_of(world.assigned),
        story=story,
        expected_version=1,
        data=data(),
        consent=services.ConsentData(dt.date(2026, 1, 5), "written"),
    )
    story.refresh_from_db()
    assert story.has_consent and story.consent_recorded_by == world.assigned.user
    services.publish(actor=actor_of(world.assigned), story=story, expected_version=2)
    story.refresh_from_db()
    assert story.state == "published" and story.published_at is not None


def test_publishing_is_refused_with_located_findings(world):
    story = services.draft_create(
        actor=actor_of(world.assigned),
        data=data(text="Het ging goed. Karima El Amrani belde op 06-12345678."),
    )
    with pytest.raises(services.StoryRefused) as refused:
        services.publish(actor=actor_of(world.assigned), story=story, expected_version=1)
    kinds = [(f.field, f.kind, f.sentence_number, f.fragment) for f in refused.value.findings]
    assert ("text", "name", 2, "Karima El Amrani") in kinds
    assert ("text", "contact", 2, "06-12345678") in kinds
    story.refresh_from_db()
    assert story.state == "draft"


def test_a_household_story_is_checked_for_the_first_names_of_its_members(world):
    story = drafted(world, text="Noor ging weer naar school.")
    assert [(f.kind, f.fragment) for f in services.check(story)] == [("name", "Noor")]


def test_a_stale_version_is_a_conflict_and_a_published_story_is_no_draft(world):
    story = services.draft_create(actor=actor_of(world.assigned), data=data())
    services.draft_update(
        actor=actor_of(world.assigned), story=story, expected_version=1, data=data(title="Nieuw")
    )
    with pytest.raises(ConflictError):
        services.draft_update(
            actor=actor_of(world.assigned), story=story, expected_version=1, data=data()
        )
    services.publish(actor=actor_of(world.assigned), story=story, expected_version=2)
    with pytest.raises(DomainError):
        services.draft_update(
            actor=actor_of(world.assigned), story=story, expected_version=3, data=data()
        )


def test_withdraw_only_a_published_story(world):
    story = services.draft_create(actor=actor_of(world.assigned), data=data())
    with pytest.raises(DomainError):
        services.withdraw(
            actor=actor_of(world.assigned), story=story, expected_version=1, reason=""
        )
    services.publish(actor=actor_of(world.assigned), story=story, expected_version=1)
    story.refresh_from_db()
    services.withdraw(actor=actor_of(world.assigned), story=story, expected_version=2, reason="Oud")
    story.refresh_from_db()
    assert story.state == "withdrawn" and story.withdraw_reason == "Oud"


def test_tags_are_saved_and_unknown_ones_refused(world):
    rule = a_rule()
    story = services.draft_create(
        actor=actor_of(world.assigned), data=data(domains=["adl", "justitie"], rule_ids=[rule.pk])
    )
    assert [d.code for d in story.domains.all()] == ["adl", "justitie"]
    assert list(story.rules.all()) == [rule]
    with pytest.raises(DomainError):
        services.draft_create(actor=actor_of(world.assigned), data=data(domains=["nope"]))
    with pytest.raises(DomainError):
        services.draft_create(actor=actor_of(world.assigned), data=data(rule_ids=[999_999]))
    assert PracticeStory.objects.count() == 1


def test_who_may_manage_a_fresh_story(world):
    story = services.draft_create(actor=actor_of(world.assigned), data=data())
    assert services.may_manage(world.assigned, story)
    assert services.may_manage(world.coordinator, story)  # the author's team coordinator
    assert not services.may_manage(world.colleague, story)
    assert not services.may_manage(world.other_coordinator, story)
    assert not services.may_manage(world.analyst, story)


def test_an_imported_story_is_withdrawn_by_a_team_coordinator(world):
    story = PracticeStory.objects.create(
        title="Elders",
        text="Een verhaal van elders.",
        source="imported",
        municipality="Elders",
        state="published",
        source_installation="Elders",
        source_id="1",
    )
    assert services.may_manage(world.coordinator, story)
    assert services.may_manage(world.other_coordinator, story)
    assert not services.may_manage(world.assigned, story)
    assert not services.may_manage(world.administrator, story)
