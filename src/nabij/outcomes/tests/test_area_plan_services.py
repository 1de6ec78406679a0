"""Area plans: the version check, the history, the states of a plan, and the rules of a goal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry
from nabij.core.errors import ConflictError, DomainError
from nabij.outcomes import services_plans as services
from nabij.outcomes.models import AreaPlan, AreaPlanAction, AreaPlanChange, AreaPlanGoal
from nabij.outcomes.tests.plans_helpers import YEAR, actor_of, add_goal, area_world, value

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages in the code's own language (the screens' Dutch is checked on the pages)."""
    with translation.override("en"):
        yield


@pytest.fixture
def aw(world):
    return area_world(world)


def _agree(aw, professional=None, **kwargs):
    plan = aw.plan
    plan.refresh_from_db()
    args = {"agreed_on": timezone.localdate(), "agreed_with": "Bewonersavond, school"}
    args.update(kwargs)
    return services.plan_agree(
        actor=actor_of(professional or aw.w.coordinator),
        plan=plan,
        expected_version=plan.version,
        **args,
    )


# --- Version check: two editors -----------------------------------------------------------------


def test_two_editors_the_second_is_refused_and_nothing_is_lost(aw):
    """Both open the plan at version 1; the first saves a goal, the second's save (based on
    version 1) is refused with a ConflictError; the first goal stays, the plan did not change
    for the refused save, and the second succeeds once based on the new version."""
    w = aw.w
    first = AreaPlan.objects.get(pk=aw.plan.pk)
    second = AreaPlan.objects.get(pk=aw.plan.pk)
    assert first.version == second.version == 1
    services.goal_save(
        actor=actor_of(w.assigned),
        plan=first,
        expected_version=1,
        data=services.GoalData(
            question="school",
            text="Meer jongeren halen een diploma",
            indicator_id=aw.early_leavers.pk,
            target_value=Decimal("2"),
            target_year=YEAR + 4,
        ),
    )
    with pytest.raises(ConflictError, match=r"your version 1, now 2"):
        services.goal_save(
            actor=actor_of(w.colleague),
            plan=second,
            expected_version=second.version,
            data=services.GoalData(
                question="work",
                text="Meer mensen aan het werk",
                indicator_id=aw.participation.pk,
                target_value=Decimal("70"),
                target_year=YEAR + 4,
            ),
        )
    plan = AreaPlan.objects.get(pk=aw.plan.pk)
    assert plan.version == 2
    assert list(plan.goals.values_list("text", flat=True)) == ["Meer jongeren halen een diploma"]
    assert plan.changes.count() == 2  # created, the first goal; nothing for the refused save
    services.goal_save(
        actor=actor_of(w.colleague),
        plan=second,
        expected_version=plan.version,
        data=services.GoalData(
            question="work",
            text="Meer mensen aan het werk",
            indicator_id=aw.participation.pk,
            target_value=Decimal("70"),
            target_year=YEAR + 4,
        ),
    )
    assert AreaPlanGoal.objects.filter(plan=plan).count() == 2
    assert second.version == 3, "the caller's copy is brought up to date"


@pytest.mark.parametrize(
    "change",
    [
        lambda aw, v, g, a: services.plan_update(
            actor=actor_of(aw.w.assigned), plan=aw.plan, expected_version=v, summary="Anders"
        ),
        lambda aw, v, g, a: services.goal_remove(
            actor=actor_of(aw.w.assigned), plan=aw.plan, expected_version=v, goal_id=g.pk
        ),
        lambda aw, v, g, a: services.action_status_set(
            actor=actor_of(aw.w.assigned),
            plan=aw.plan,
            expected_version=v,
            action_id=a.pk,
            status="done",
        ),
        lambda aw, v, g, a: services.action_remove(
            actor=actor_of(aw.w.assigned), plan=aw.plan, expected_version=v, action_id=a.pk
        ),
        lambda aw, v, g, a: services.plan_agree(
            actor=actor_of(aw.w.coordinator),
            plan=aw.plan,
            expected_version=v,
            agreed_on=timezone.localdate(),
            agreed_with="Bewoners",
        ),
    ],
    ids=["details", "goal_remove", "action_status", "action_remove", "agree"],
)
def test_every_write_checks_the_version(aw, change):
    goal = add_goal(aw, aw.w.assigned)
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Huiswerkklas", by="team", goal_id=goal.pk),
    )
    stale = aw.plan.version - 1
    before = AreaPlanChange.objects.count()
    with pytest.raises(ConflictError):
        change(aw, stale, goal, action)
    assert AreaPlanChange.objects.count() == before
    assert AreaPlanGoal.objects.filter(pk=goal.pk).exists()
    assert AreaPlanAction.objects.get(pk=action.pk).status == "planned"


# --- History ------------------------------------------------------------------------------------


def test_each_change_leaves_one_history_row_with_who_what_and_a_snapshot(aw):
    w = aw.w
    goal = add_goal(aw, w.assigned)
    services.action_save(
        actor=actor_of(w.colleague),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(
            description="Huiswerkklas in het buurthuis",
            by="initiative",
            by_name="Buurtcoöperatie",
            goal_id=goal.pk,
        ),
    )
    rows = list(aw.plan.changes.order_by("version"))
    assert [(r.version, r.event) for r in rows] == [
        (1, "created"),
        (2, "goal_added"),
        (3, "action_added"),
    ]
    assert [r.changed_by.username for r in rows] == ["assigned", "assigned", "colleague"]
    assert rows[1].summary == "Meer jongeren halen een diploma"
    last = rows[2].snapshot
    assert last["goals"][0]["text"] == "Meer jongeren halen een diploma"
    assert last["goals"][0]["baseline_value"] == "3"
    assert last["goals"][0]["actions"][0]["by_name"] == "Buurtcoöperatie"
    # The snapshot is of the plan after the change: the goal's row has no action yet.
    assert rows[1].snapshot["goals"][0]["actions"] == []


def test_a_removed_goal_stays_readable_in_the_history_and_its_actions_stay(aw):
    goal = add_goal(aw, aw.w.assigned)
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Huiswerkklas", by="team", goal_id=goal.pk),
    )
    services.goal_remove(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        goal_id=goal.pk,
    )
    action.refresh_from_db()
    assert action.goal_id is None
    last = aw.plan.changes.order_by("-version").first()
    assert last.event == "goal_removed" and last.summary == goal.text
    assert last.snapshot["goals"] == []
    assert last.snapshot["actions"][0]["description"] == "Huiswerkklas"
    before = aw.plan.changes.get(version=last.version - 1)
    assert before.snapshot["goals"][0]["text"] == goal.text


# --- States -------------------------------------------------------------------------------------


def test_draft_to_agreed_with_who_when_and_with_whom(aw):
    add_goal(aw, aw.w.assigned)
    on = timezone.localdate() - dt.timedelta(days=3)
    plan = _agree(aw, agreed_on=on, agreed_with="Bewonersavond 12 maart, woningcorporatie")
    plan.refresh_from_db()
    assert plan.status == "agreed" and plan.is_agreed
    assert plan.agreed_on == on
    assert plan.agreed_by == aw.w.coordinator.user
    assert plan.agreed_with == "Bewonersavond 12 maart, woningcorporatie"
    assert plan.agreed_version == plan.version
    assert plan.changes.order_by("-version").first().event == "agreed"


def test_an_amendment_sets_an_agreed_plan_back_to_draft_and_keeps_the_last_agreement(aw):
    add_goal(aw, aw.w.assigned)
    plan = _agree(aw)
    agreed_version = plan.version
    add_goal(aw, aw.w.colleague, question="work", indicator_id=aw.participation.pk,
             baseline_value=Decimal("60"), target_value=Decimal("65"))  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert plan.changed_since_agreed
    assert plan.agreed_version == agreed_version and plan.agreed_on is not None
    last = plan.changes.order_by("-version").first()
    assert last.reopened, "the history says the agreement lapsed"
    again = _agree(aw)
    assert again.is_agreed and again.agreed_version == again.version


def test_progress_on_an_action_keeps_the_plan_agreed(aw):
    goal = add_goal(aw, aw.w.assigned)
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Huiswerkklas", by="team", goal_id=goal.pk),
    )
    plan = _agree(aw)
    services.action_status_set(
        actor=actor_of(aw.w.colleague),
        plan=plan,
        expected_version=plan.version,
        action_id=action.pk,
        status="in_progress",
    )
    plan.refresh_from_db()
    assert plan.is_agreed and plan.agreed_version == plan.version
    last = plan.changes.order_by("-version").first()
    assert (last.event, last.status, last.reopened) == ("action_status", "in_progress", False)


def test_agreeing_twice_or_without_goals_is_refused(aw):
    with pytest.raises(DomainError, match="at least one goal"):
        _agree(aw)
    add_goal(aw, aw.w.assigned)
    _agree(aw)
    with pytest.raises(DomainError, match="already agreed"):
        _agree(aw)


def test_agreeing_needs_with_whom_and_a_date_that_has_passed(aw):
    add_goal(aw, aw.w.assigned)
    with pytest.raises(ValidationError) as exc:
        _agree(aw, agreed_with="  ")
    assert "agreed_with" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _agree(aw, agreed_on=timezone.localdate() + dt.timedelta(days=1))
    assert "agreed_on" in exc.value.message_dict
    assert AreaPlan.objects.get(pk=aw.plan.pk).status == "draft"


def test_only_the_districts_coordinator_agrees(aw):
    add_goal(aw, aw.w.assigned)
    for who in (aw.w.assigned, aw.w.other_coordinator, aw.w.analyst):
        with pytest.raises(AccessDenied):
            _agree(aw, who)
    assert (
        AccessLogEntry.objects.filter(event="outcomes.plan.agree", outcome="refused").count() == 3
    )
    assert AreaPlan.objects.get(pk=aw.plan.pk).status == "draft"


def test_only_a_team_working_in_the_district_writes(aw):
    for who in (aw.w.other_professional, aw.w.other_coordinator, aw.w.broker, aw.w.analyst):
        with pytest.raises(AccessDenied):
            add_goal(aw, who)
    assert not aw.plan.goals.exists()


def test_action_status_transitions_are_explicit(aw):
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(
            description="Spreekuur schulden", by="partner", by_name="Schuldhulp Leeuwarden"
        ),
    )

    def set_to(status):
        return services.action_status_set(
            actor=actor_of(aw.w.assigned),
            plan=aw.plan,
            expected_version=aw.plan.version,
            action_id=action.pk,
            status=status,
        )

    set_to("done")
    with pytest.raises(DomainError, match="cannot go from"):
        set_to("planned")  # done -> planned: reopen it as in progress first
    with pytest.raises(DomainError, match="already"):
        set_to("done")
    set_to("in_progress")
    set_to("planned")
    assert AreaPlanAction.objects.get(pk=action.pk).status == "planned"


# --- Goals: indicator, baseline, target -----------------------------------------------------


def test_an_empty_baseline_is_the_newest_figure_and_keeps_its_quality(aw):
    code = aw.district.code
    value(aw.early_leavers, code, YEAR - 3, "3.4")
    value(aw.early_leavers, code, YEAR - 2, "3.1", quality="synthetic")
    goal = add_goal(aw, aw.w.assigned, baseline_value=None, baseline_period=None)
    assert (goal.baseline_value, goal.baseline_period) == (Decimal("3.1"), YEAR - 2)
    assert goal.baseline_quality == "synthetic", "a synthetic figure stays marked as a baseline"


def test_a_typed_baseline_is_the_teams_unless_it_is_the_figure(aw):
    code = aw.district.code
    value(aw.early_leavers, code, YEAR - 2, "3.1", quality="provisional")
    same = add_goal(aw, aw.w.assigned, baseline_value=Decimal("3.1"), baseline_period=YEAR - 2)
    own = add_goal(aw, aw.w.assigned, baseline_value=Decimal("3.3"), baseline_period=YEAR - 2)
    assert same.baseline_quality == "provisional"
    assert own.baseline_quality == ""


def test_no_figure_and_no_baseline_leaves_the_baseline_empty(aw):
    goal = add_goal(aw, aw.w.assigned, baseline_value=None, baseline_period=None)
    assert goal.baseline_value is None and goal.baseline_period is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"question": "work"}, "indicator"),  # the indicator answers the school question
        ({"target_value": Decimal("4")}, "target_value"),  # lower is better: 4 > baseline 3
        ({"target_year": YEAR - 1}, "target_year"),
        ({"target_year": YEAR + 11}, "target_year"),
        ({"baseline_period": None}, "baseline_period"),  # a value without its year
        ({"baseline_period": YEAR + 1}, "baseline_period"),
        ({"target_value": Decimal("101")}, "target_value"),  # a percentage
        ({"target_value": Decimal("-1")}, "target_value"),
        ({"text": "  "}, "text"),
        ({"question": "context"}, "question"),
    ],
)
def test_goal_refusals_name_their_field(aw, kwargs, field):
    with pytest.raises((ValidationError, DomainError)) as exc:
        add_goal(aw, aw.w.assigned, **kwargs)
    error = exc.value
    fields = error.field if isinstance(error, DomainError) else set(error.message_dict)
    assert field in fields
    assert not aw.plan.goals.exists()
    assert AreaPlan.objects.get(pk=aw.plan.pk).version == 1, "a refused change changes nothing"


def test_higher_is_better_wants_a_target_at_or_above_the_baseline(aw):
    with pytest.raises(DomainError, match="higher is better"):
        add_goal(aw, aw.w.assigned, question="work", indicator_id=aw.participation.pk,
                 baseline_value=Decimal("60"), target_value=Decimal("55"))  # fmt: skip
    kept = add_goal(aw, aw.w.assigned, question="work", indicator_id=aw.participation.pk,
                    baseline_value=Decimal("60"), target_value=Decimal("60"))  # fmt: skip
    assert kept.target_value == Decimal("60"), "holding the level is a target too"


def test_a_context_indicator_measures_no_goal(aw):
    from nabij.outcomes.models import Indicator

    inhabitants = Indicator.objects.get(code="AantalInwoners")
    with pytest.raises(DomainError, match="describes the district"):
        add_goal(aw, aw.w.assigned, indicator_id=inhabitants.pk, baseline_value=None,
                 baseline_period=None)  # fmt: skip


def test_an_action_by_a_partner_or_initiative_names_it(aw):
    for by in ("partner", "initiative"):
        with pytest.raises(ValidationError) as exc:
            services.action_save(
                actor=actor_of(aw.w.assigned),
                plan=aw.plan,
                expected_version=aw.plan.version,
                data=services.ActionData(description="Iets", by=by),
            )
        assert "by_name" in exc.value.message_dict
    team = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Iets", by="team", by_name="wordt niet bewaard"),
    )
    assert team.by_name == ""


def test_an_action_for_a_goal_of_another_plan_is_refused(aw):
    other = services.plan_create(actor=actor_of(aw.w.assigned), district=aw.district, year=YEAR + 1)
    goal = add_goal(aw, aw.w.assigned)
    with pytest.raises(ValidationError) as exc:
        services.action_save(
            actor=actor_of(aw.w.assigned),
            plan=other,
            expected_version=other.version,
            data=services.ActionData(description="Iets", by="team", goal_id=goal.pk),
        )
    assert "goal" in exc.value.message_dict


def test_one_plan_per_district_per_year(aw):
    with pytest.raises(DomainError, match="already has an area plan"):
        services.plan_create(actor=actor_of(aw.w.colleague), district=aw.district, year=YEAR)
    with pytest.raises(ValidationError):
        services.plan_create(actor=actor_of(aw.w.colleague), district=aw.district, year=YEAR + 9)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_waits_and_is_refused(world, monkeypatch):
    """On PostgreSQL the plan's row lock makes the second of two simultaneous saves wait for
    the first and then meet its new version: one goal is saved, the other refused, none lost
    silently. (SQLite has no row locks; its history's unique version refuses the second.)"""
    import threading
    import time

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    aw = area_world(world)
    snapshot = services.plan_snapshot

    def slow_snapshot(plan):
        time.sleep(0.3)  # hold the lock a while, inside the transaction
        return snapshot(plan)

    monkeypatch.setattr(services, "plan_snapshot", slow_snapshot)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(who, text):
        try:
            start.wait()
            plan = AreaPlan.objects.get(pk=aw.plan.pk)
            services.goal_save(
                actor=actor_of(getattr(aw.w, who)),
                plan=plan,
                expected_version=1,
                data=services.GoalData(
                    question="school",
                    text=text,
                    indicator_id=aw.early_leavers.pk,
                    target_value=Decimal("2"),
                    target_year=YEAR + 4,
                ),
            )
            outcomes[who] = "saved"
        except ConflictError:
            outcomes[who] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("assigned", "Eerste")),
        threading.Thread(target=save, args=("colleague", "Tweede")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    plan = AreaPlan.objects.get(pk=aw.plan.pk)
    assert plan.version == 2 and plan.goals.count() == 1
