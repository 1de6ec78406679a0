import datetime as dt

import pytest
from django.test import override_settings

from nabij.access.enums import Event
from nabij.access.models import AccessLogEntry
from nabij.cli import main
from nabij.signals.models import Case, OutreachAttempt, Signal
from nabij.signals.models_statistics import RetentionRun, SignalStatistic
from nabij.signals.retention import months_before, run_if_due, run_retention, system_actor
from nabij.signals.tests.helpers import a_case, a_signal, close
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
OLD = dt.date(2025, 10, 1)  # more than twelve months before TODAY
YOUNG = dt.date(2026, 6, 1)


def test_months_before_keeps_the_day_or_the_months_end():
    assert months_before(dt.date(2026, 12, 7), 12) == dt.date(2025, 12, 7)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


@pytest.fixture
def landscape(world):
    """Cases and signals of every kind, old and young."""
    by = world.assigned.user
    hood = world.household.neighbourhood
    h = {
        name: f.HouseholdFactory(team=world.household.team, neighbourhood=hood)
        for name in "abcdefg"
    }
    cases = {
        # led to nothing, closed long ago: due
        "not_needed_old": close(
            a_case(h["a"], today=OLD),
            "not_needed",
            closed_on=OLD + dt.timedelta(days=9),
            first_contact_on=OLD + dt.timedelta(days=4),
            by=by,
        ),
        "not_reached_old": close(
            a_case(h["b"], today=OLD, creditors=("Woonstad", "Vitens")),
            "not_reached",
            closed_on=OLD + dt.timedelta(days=20),
            by=by,
            attempts=3,
        ),
        "reached_old": close(
            a_case(h["c"], today=OLD),
            "reached",
            closed_on=OLD + dt.timedelta(days=5),
            first_contact_on=OLD + dt.timedelta(days=2),
            by=by,
        ),
        # led to help: kept however old
        "accepted_old": close(
            a_case(h["d"], today=OLD),
            "accepted",
            closed_on=OLD + dt.timedelta(days=6),
            first_contact_on=OLD + dt.timedelta(days=6),
            by=by,
        ),
        # led to nothing but young: kept
        "not_needed_young": close(
            a_case(h["e"], today=YOUNG),
            "not_needed",
            closed_on=YOUNG,
            first_contact_on=YOUNG,
            by=by,
        ),
        # still open, old: kept
        "open_old": a_case(h["f"], today=OLD),
    }
    address = f.AddressFactory(neighbourhood=hood, postcode="8999 QQ", house_number=77)
    old_none = a_signal(None, signalled_on=OLD, postcode=address.postcode, house_number=77)
    old_uncertain = a_signal(
        None,
        signalled_on=OLD,
        link=Signal.Link.UNCERTAIN,
        postcode="9999 ZZ",
        kind=Signal.Kind.WATER,
    )
    young_none = a_signal(None, signalled_on=YOUNG)
    Signal.objects.filter(pk__in=[old_none.pk, old_uncertain.pk]).update(
        created_at=dt.datetime(2025, 10, 2, 12, tzinfo=dt.UTC)
    )
    return {
        "cases": cases,
        "old_none": old_none,
        "old_uncertain": old_uncertain,
        "young_none": young_none,
        "hood": hood,
    }


def test_the_job_deletes_exactly_what_is_due_and_keeps_counts(world, landscape):
    cases = landscape["cases"]
    due = [cases[k].pk for k in ("not_needed_old", "not_reached_old", "reached_old")]
    kept = [cases[k].pk for k in ("accepted_old", "not_needed_young", "open_old")]
    run, did = run_retention(today=TODAY, actor=system_actor("cli"))
    assert did
    assert set(Case.objects.values_list("pk", flat=True)) == set(kept)
    assert not OutreachAttempt.objects.filter(case_id__in=due).exists()
    assert not Signal.objects.filter(
        pk__in=[landscape["old_none"].pk, landscape["old_uncertain"].pk]
    ).exists()
    assert Signal.objects.filter(pk=landscape["young_none"].pk).exists()
    assert (run.cases_deleted, run.signals_deleted, run.attempts_deleted) == (3, 6, 5)
    # the counts: three cases (one of two creditors) in the household's neighbourhood in October
    hood = landscape["hood"]
    rows = SignalStatistic.objects.filter(neighbourhood=hood)
    assert sum(r.cases for r in rows) == 3
    assert sum(r.closed for r in rows) == 3
    assert sum(r.reached for r in rows) == 2
    assert sum(r.helped for r in rows) == 0
    assert sum(r.contact_days_sum for r in rows) == 4 + 2
    assert sum(r.contact_days_count for r in rows) == 2
    # 4 case signals + the unlinked one placed by its address
    assert sum(r.signals for r in rows) == 5
    assert {r.month for r in rows} == {dt.date(2025, 10, 1)}
    unplaced = SignalStatistic.objects.get(neighbourhood__isnull=True)
    assert (unplaced.kind, unplaced.signals, unplaced.cases) == ("water", 1, 0)
    # no persons in the statistics
    fields = {f.name for f in SignalStatistic._meta.get_fields()}
    assert not fields & {"household", "name", "postcode", "house_number", "resident"}
    entry = AccessLogEntry.objects.get(event=Event.SIGNALS_RETENTION)
    assert entry.resident_id is None and entry.household_id is None
    assert "deleted 6 signals, 3 cases" in entry.detail


def test_the_job_runs_once_a_day(world, landscape):
    first, did = run_retention(today=TODAY, actor=system_actor("cli"))
    assert did
    before = list(SignalStatistic.objects.values_list("signals", "cases"))
    # something new becomes due the same day: the day's run is done, nothing changes
    close(
        a_case(f.HouseholdFactory(team=world.household.team), today=OLD),
        "not_needed",
        closed_on=OLD,
        first_contact_on=OLD,
        by=world.assigned.user,
    )
    again, did_again = run_retention(today=TODAY, actor=system_actor("cli"))
    assert not did_again and again.pk == first.pk
    assert list(SignalStatistic.objects.values_list("signals", "cases")) == before
    assert run_if_due(today=TODAY) is None
    assert RetentionRun.objects.count() == 1
    assert AccessLogEntry.objects.filter(event=Event.SIGNALS_RETENTION).count() == 1
    # the next day it runs, and the counts add up in the same cells
    nxt = run_if_due(today=TODAY + dt.timedelta(days=1))
    assert nxt is not None and nxt.cases_deleted == 1
    assert sum(SignalStatistic.objects.values_list("cases", flat=True)) == 4


@override_settings(SIGNALS_RETENTION_MONTHS=24)
def test_the_period_is_a_setting(world, landscape):
    run, _did = run_retention(today=TODAY, actor=system_actor("cli"))
    assert run.cases_deleted == 0 and run.signals_deleted == 0
    assert run.cutoff == dt.date(2024, 12, 7)


def test_the_command_runs_the_job(world, landscape, capsys):
    assert main(["signals", "retention", "--date", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "6 signalen, 3 zaken" in out
    assert main(["signals", "retention", "--date", TODAY.isoformat()]) == 0
    assert "Vandaag al opgeschoond" in capsys.readouterr().out
