"""The account's workflow: consent, the review by someone else, the version check, the story
check at submit and publish, and the frozen snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nabij.core.errors import ConflictError, DomainError
from nabij.reports import services
from nabij.reports.models import AccountChange, AreaAccount, Story
from nabij.reports.tests.helpers import (
    YEAR,
    actor_of,
    districts,
    published_account,
    record_consent,
    written_account,
)
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

S = AreaAccount.Status


def test_an_account_is_started_once_per_district_and_year(world):
    district, _ = districts(world)
    first = services.account_start(actor=actor_of(world.assigned), district=district, year=YEAR)
    again = services.account_start(actor=actor_of(world.colleague), district=district, year=YEAR)
    assert first.pk == again.pk
    assert AreaAccount.objects.count() == 1
    assert first.history.get().event == AccountChange.Event.STARTED


def test_an_account_is_not_started_for_a_year_that_has_not_begun(world):
    district, _ = districts(world)
    with pytest.raises(DomainError):
        services.account_start(
            actor=actor_of(world.assigned), district=district, year=timezone.localdate().year + 1
        )


def test_a_household_story_needs_recorded_consent_before_review(world):
    account = written_account(world, consent=False)
    with pytest.raises(DomainError, match=r"consent|toestemming"):
        services.submit(
            actor=actor_of(world.assigned), account=account, expected_version=account.version
        )
    account.refresh_from_db()
    assert account.status == S.DRAFT
    story = account.stories.get(kind=Story.Kind.HOUSEHOLD)
    record_consent(world, account, story)
    services.submit(
        actor=actor_of(world.assigned), account=account, expected_version=account.version
    )
    account.refresh_from_db()
    assert account.status == S.IN_REVIEW
    story.refresh_from_db()
    assert story.consent_resident_id == world.resident.pk
    assert story.consent_recorded_by == world.assigned.user


def test_consent_is_given_by_a_current_member_of_sixteen_or_over(world):
    account = written_account(world, consent=False)
    story = account.stories.get(kind=Story.Kind.HOUSEHOLD)
    from nabij.access import gate
    from nabij.access.enums import Event

    actor = actor_of(world.assigned)
    household = gate.household_for(actor, world.household.pk, event=Event.REPORTS_CONSENT_RECORD)
    world.child.date_of_birth = timezone.localdate() - dt.timedelta(days=365 * 10)
    world.child.save()
    household = gate.household_for(actor, world.household.pk, event=Event.REPORTS_CONSENT_RECORD)
    for resident_id in (world.child.pk, world.other_resident.pk):
        with pytest.raises(DomainError, match="16"):
            services.consent_record(
                actor=actor,
                account=account,
                expected_version=account.version,
                story_id=story.pk,
                household=household,
                resident_id=resident_id,
                given_on=timezone.localdate(),
                form="written",
            )
    assert not Story.objects.get(pk=story.pk).has_consent


def test_a_household_of_another_district_cannot_consent(world):
    account = written_account(world, consent=False)
    story = account.stories.get(kind=Story.Kind.HOUSEHOLD)
    from nabij.access import gate
    from nabij.access.enums import Event

    actor = actor_of(world.other_professional)
    other = gate.household_for(actor, world.other_household.pk, event=Event.REPORTS_CONSENT_RECORD)
    with pytest.raises(DomainError, match=r"district|wijk"):
        services.consent_record(
            actor=actor,
            account=account,
            expected_version=account.version,
            story_id=story.pk,
            household=other,
            resident_id=world.other_resident.pk,
            given_on=timezone.localdate(),
            form="oral",
        )


def test_the_reviewer_is_not_the_last_writer(world):
    account = written_account(world)
    services.submit(
        actor=actor_of(world.assigned), account=account, expected_version=account.version
    )
    account.refresh_from_db()
    assert account.last_written_by == world.assigned.user
    # The coordinator writes the last change: then the coordinator cannot review.
    services.return_to_draft(
        actor=actor_of(world.coordinator),
        account=account,
        expected_version=account.version,
        remarks="Maak de inleiding korter.",
    )
    account.refresh_from_db()
    assert account.status == S.DRAFT
    assert account.review_remarks == "Maak de inleiding korter."
    coordinator = actor_of(world.coordinator)
    services.sections_save(
        actor=coordinator,
        account=account,
        expected_version=account.version,
        intro="Korter.",
        lessons=account.lessons,
        changes=account.changes,
    )
    services.submit(actor=coordinator, account=account, expected_version=account.version)
    for act in (services.publish, services.return_to_draft):
        kwargs = {"remarks": "x"} if act is services.return_to_draft else {}
        with pytest.raises(DomainError, match=r"someone else|iemand anders"):
            act(actor=coordinator, account=account, expected_version=account.version, **kwargs)
    account.refresh_from_db()
    assert account.status == S.IN_REVIEW
    assert account.published_at is None
    # Another coordinator of a team working in the district publishes it.
    second = f.ProfessionalFactory(team=world.coordinator.team, coordinator=True)
    services.publish(actor=actor_of(second), account=account, expected_version=account.version)
    account.refresh_from_db()
    assert account.status == S.PUBLISHED
    assert account.published_by == second.user
    assert account.review_remarks == ""


def test_a_stale_version_is_refused_and_nothing_is_lost(world):
    account = written_account(world)
    stale = account.version - 1
    with pytest.raises(ConflictError):
        services.sections_save(
            actor=actor_of(world.colleague),
            account=account,
            expected_version=stale,
            intro="Overschreven",
            lessons="",
            changes="",
        )
    account.refresh_from_db()
    assert account.intro.startswith("Heechterp")
    with pytest.raises(ConflictError):
        services.story_add(
            actor=actor_of(world.colleague),
            account=account,
            expected_version=stale,
            kind="resident",
            title="Dubbel",
            text="Tekst",
        )
    assert account.stories.count() == 2


def test_every_change_raises_the_version_and_keeps_history(world):
    account = written_account(world)
    versions = list(account.history.order_by("version").values_list("version", "event"))
    assert [v for v, _ in versions] == list(range(1, account.version + 1))
    assert [e for _, e in versions] == [
        "started",
        "sections",
        "story_added",
        "story_added",
        "consent",
    ]
    last = account.history.order_by("-version").first()
    assert last.snapshot["stories"][0]["consent_resident_id"] == world.resident.pk


def test_texts_change_only_in_draft(world):
    account = written_account(world)
    services.submit(
        actor=actor_of(world.assigned), account=account, expected_version=account.version
    )
    with pytest.raises(DomainError, match=r"In review|Ter beoordeling"):
        services.sections_save(
            actor=actor_of(world.assigned),
            account=account,
            expected_version=account.version,
            intro="Later nog iets",
            lessons="x",
            changes="y",
        )


def test_submit_and_publish_are_refused_while_the_story_check_finds_something(world):
    account = written_account(world)
    story = account.stories.get(kind=Story.Kind.INITIATIVE)
    services.story_update(
        actor=actor_of(world.assigned),
        account=account,
        expected_version=account.version,
        story_id=story.pk,
        title=story.title,
        text="Karima El Amrani kookt elke week. Drie gezinnen doen mee.",
    )
    with pytest.raises(DomainError, match="2 passages"):
        services.submit(
            actor=actor_of(world.assigned), account=account, expected_version=account.version
        )
    # Clean text goes to review; then a resident is registered whose rare name is in a story.
    services.story_update(
        actor=actor_of(world.assigned),
        account=account,
        expected_version=account.version,
        story_id=story.pk,
        title=story.title,
        text="Elke week koken bewoners samen; Wubbolt bracht de pannen mee.",
    )
    services.submit(
        actor=actor_of(world.assigned), account=account, expected_version=account.version
    )
    f.ResidentFactory(first_name="Hinke", last_name="Wubbolt")
    with pytest.raises(DomainError, match=r"found 1 passage that|vond 1 passage die"):
        services.publish(
            actor=actor_of(world.coordinator), account=account, expected_version=account.version
        )
    account.refresh_from_db()
    assert account.status == S.IN_REVIEW
    assert account.published_at is None


def test_publishing_freezes_the_content_and_the_figures(world):
    account = published_account(world)
    frozen_content = account.published_content
    frozen_figures = account.published_figures
    assert frozen_figures["year"] == YEAR
    assert frozen_content["lessons"].startswith("We leerden")
    assert [s["title"] for s in frozen_content["stories"]] == ["Eerst de schulden", "Samen koken"]
    assert frozen_content["stories"][0]["consent"] is True
    assert frozen_content["stories"][1]["consent"] is None
    # Nothing in the publication links a story to a household or a member.
    text = str(frozen_content)
    assert str(world.household.pk) not in [str(v) for v in _values(frozen_content)]
    assert "El Amrani" not in text and "Karima" not in text
    # A correction: reopened, changed, and the costs grow; the publication stays as it was.
    services.reopen(
        actor=actor_of(world.coordinator), account=account, expected_version=account.version
    )
    account.refresh_from_db()
    services.sections_save(
        actor=actor_of(world.assigned),
        account=account,
        expected_version=account.version,
        intro="Een nieuwe inleiding.",
        lessons=account.lessons,
        changes=account.changes,
    )
    account.refresh_from_db()
    assert account.status == S.DRAFT
    assert account.published_content == frozen_content
    assert account.published_figures == frozen_figures
    assert account.is_published


def _values(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("_id"):
                yield v
            yield from _values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v)


def test_pages_keep_the_register_until_it_changes_the_gate_reads_it_afresh(world):
    from nabij.reports import selectors

    kept = selectors.check_register(fresh=False)
    assert selectors.check_register(fresh=False) is kept
    assert selectors.check_register() is not kept  # submit and publish: always read now
    f.ResidentFactory(first_name="Hinke", last_name="Wubbolt")  # saved: the kept one is gone
    again = selectors.check_register(fresh=False)
    assert again is not kept and "wubbolt" in again.last_names
