import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nabij.access.gate import Actor
from nabij.core.errors import ConflictError, DomainError
from nabij.people import services as people_services
from nabij.plans import services
from nabij.plans.models import Action, Goal, Plan, PlanChange
from nabij.tests import factories as f


def actor_of(professional):
    return Actor(user=professional.user, professional=professional)


def version(household):
    return Plan.objects.get(household=household).version


@pytest.mark.django_db
def test_every_change_bumps_version_and_keeps_history(world):
    actor = actor_of(world.assigned)
    h = world.household
    goal = services.goal_add(actor=actor, household=h, expected_version=1, text="Schulden weg")
    services.action_add(
        actor=actor,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Afspraak schuldhulp",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    assert version(h) == 3
    history = list(PlanChange.objects.filter(plan__household=h).order_by("version"))
    assert [c.version for c in history] == [2, 3]
    assert history[0].snapshot["goals"][0]["text"] == "Schulden weg"
    assert history[1].snapshot["goals"][0]["actions"][0]["actor_kind"] == "professional"


@pytest.mark.django_db
def test_stale_version_is_refused_and_nothing_changes(world):
    actor = actor_of(world.assigned)
    services.goal_add(actor=actor, household=world.household, expected_version=1, text="Eerst")
    with pytest.raises(ConflictError):
        services.goal_add(
            actor=actor,
            household=world.household,
            expected_version=1,
            text="Tweede, op een oude versie",
        )
    assert list(Goal.objects.values_list("text", flat=True)) == ["Eerst"]
    assert version(world.household) == 2


@pytest.mark.django_db
def test_network_and_professional_actions_side_by_side(world):
    actor = actor_of(world.assigned)
    h = world.household
    neighbour = f.NetworkMemberFactory(household=h, name="Buurvrouw Anna")
    goal = services.goal_add(actor=actor, household=h, expected_version=1, text="Een huis")
    services.action_add(
        actor=actor,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Helpt met verhuizen",
        actor_kind="network",
        network_member_id=neighbour.pk,
    )
    services.action_add(
        actor=actor,
        household=h,
        expected_version=3,
        goal_id=goal.pk,
        description="Urgentie aanvragen",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    kinds = list(goal.actions.order_by("position").values_list("actor_kind", "status"))
    assert kinds == [("network", "todo"), ("professional", "todo")]


@pytest.mark.django_db
def test_recording_a_network_never_touches_professional_support(world):
    """The network is a resource, never a gate: adding one changes nothing else."""
    actor = actor_of(world.assigned)
    h = world.household
    goal = services.goal_add(actor=actor, household=h, expected_version=1, text="Werk")
    services.action_add(
        actor=actor,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Traject",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    before = (list(Action.objects.values()), list(h.assignments.values()), version(h))
    people_services.network_member_add(household=h, name="Oom", relation="family", can_do="Alles")
    after = (list(Action.objects.values()), list(h.assignments.values()), version(h))
    assert before == after


@pytest.mark.django_db
def test_network_action_must_name_own_network(world):
    actor = actor_of(world.assigned)
    stranger = f.NetworkMemberFactory(household=world.other_household)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="x")
    with pytest.raises(ValidationError):
        services.action_add(
            actor=actor,
            household=world.household,
            expected_version=2,
            goal_id=goal.pk,
            description="y",
            actor_kind="network",
            network_member_id=stranger.pk,
        )


def resident_actor(world):
    return Actor(user=world.resident_user, professional=None, resident=world.resident)


@pytest.mark.django_db
def test_family_group_plan_rules(world):
    """Only the family writes goals; professionals add what the family asked for, or a safety
    condition (was: a professional could still write the family's goals as "network")."""
    actor = actor_of(world.assigned)
    h = world.household
    services.plan_set_kind(actor=actor, household=h, expected_version=1, kind="family_group")
    for author in ("professional", "network", None):
        with pytest.raises(DomainError):
            services.goal_add(actor=actor, household=h, expected_version=2, text="x", author=author)
    goal = services.goal_add(
        actor=resident_actor(world), household=h, expected_version=2, text="Samen wonen"
    )
    assert goal.author == Goal.Author.HOUSEHOLD
    with pytest.raises(DomainError):
        services.action_add(
            actor=actor,
            household=h,
            expected_version=3,
            goal_id=goal.pk,
            description="Cursus opvoeden",
            actor_kind="professional",
            professional_id=world.assigned.pk,
        )
    services.action_add(
        actor=actor,
        household=h,
        expected_version=3,
        goal_id=goal.pk,
        description="Help bij aanvraag",
        actor_kind="professional",
        professional_id=world.assigned.pk,
        requested_by_family=True,
    )
    services.action_add(
        actor=actor,
        household=h,
        expected_version=4,
        goal_id=goal.pk,
        description="Kinderen niet alleen thuis",
        actor_kind="professional",
        professional_id=world.assigned.pk,
        is_safety_condition=True,
    )
    with pytest.raises(ValidationError):
        services.action_add(
            actor=actor,
            household=h,
            expected_version=5,
            goal_id=goal.pk,
            description="z",
            actor_kind="household",
            is_safety_condition=True,
        )
    assert goal.actions.filter(is_safety_condition=True).count() == 1


@pytest.mark.django_db
def test_signature_lapses_when_plan_changes(world):
    actor = actor_of(world.assigned)
    h = world.household
    with pytest.raises(DomainError):
        services.plan_sign_off(actor=actor, household=h, expected_version=1, signed_off_by="Karima")
    services.goal_add(actor=actor, household=h, expected_version=1, text="Schulden")
    plan = services.plan_sign_off(
        actor=actor, household=h, expected_version=2, signed_off_by="Karima"
    )
    assert plan.is_signed_off
    services.goal_add(actor=actor, household=h, expected_version=3, text="Huis")
    assert not Plan.objects.get(household=h).is_signed_off


@pytest.mark.django_db
def test_goal_status_transitions(world):
    actor = actor_of(world.assigned)
    h = world.household
    goal = services.goal_add(actor=actor, household=h, expected_version=1, text="x")
    allowed = {(a, b) for a, targets in services.GOAL_TRANSITIONS.items() for b in targets}
    for old in Goal.Status.values:
        for new in Goal.Status.values:
            Goal.objects.filter(pk=goal.pk).update(status=old)
            change = {
                "actor": actor,
                "household": h,
                "expected_version": version(h),
                "goal_id": goal.pk,
                "text": "x",
                "status": new,
                "due_on": None,
                "review_on": None,
            }
            if old == new or (old, new) in allowed:
                services.goal_update(**change)
            else:
                with pytest.raises(DomainError):
                    services.goal_update(**change)


@pytest.mark.django_db
def test_breakthrough_needs_own_team_mandate_and_sane_values(world):
    actor = actor_of(world.assigned)
    kwargs = dict(
        actor=actor,
        household=world.household,
        blocked="Geen paspoort",
        rule="Geen voorschot zonder uitkering",
        decision="€400 voorschot",
        decided_on=dt.date(2026, 1, 5),
        cost_cents=40000,
    )
    b = services.breakthrough_record(**kwargs)
    assert b.cost_cents == 40000
    # a professional's breakthrough waits for the mandate; nobody can name its giver
    assert b.mandated_by is None
    with pytest.raises(ValidationError):
        services.breakthrough_record(**(kwargs | {"cost_cents": -1}))
    with pytest.raises(ValidationError):
        services.breakthrough_record(**(kwargs | {"decided_on": dt.date(2999, 1, 1)}))
    with pytest.raises(TypeError):
        services.breakthrough_record(mandated_by=world.coordinator, **kwargs)  # type: ignore[call-arg]
    with pytest.raises(DomainError):
        services.breakthrough_mandate(actor=actor, household=world.household, breakthrough_id=b.pk)
    with pytest.raises(DomainError):
        services.breakthrough_mandate(
            actor=actor_of(world.other_coordinator),
            household=world.household,
            breakthrough_id=b.pk,
        )
    services.breakthrough_mandate(
        actor=actor_of(world.coordinator), household=world.household, breakthrough_id=b.pk
    )
    b.refresh_from_db()
    assert b.mandated_by == world.coordinator and b.mandated_at is not None
    # the team coordinator who records one uses their own mandate
    own = services.breakthrough_record(**(kwargs | {"actor": actor_of(world.coordinator)}))
    assert own.mandated_by == world.coordinator


class GoalOrderingProperties(TestCase):
    """Whatever sequence of moves: positions stay 1..n, the moved goal lands where asked."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        n=st.integers(min_value=1, max_value=6),
        moves=st.lists(st.tuples(st.integers(0, 5), st.integers(-2, 9)), max_size=6),
    )
    def test_moves_keep_a_permutation(self, n, moves):
        professional = f.ProfessionalFactory()
        household = f.HouseholdFactory(team=professional.team)
        f.AssignmentFactory(household=household, professional=professional)
        actor = actor_of(professional)
        ids = [
            services.goal_add(
                actor=actor, household=household, expected_version=i + 1, text=f"g{i}"
            ).pk
            for i in range(n)
        ]
        expected = list(ids)
        for index, to in moves:
            goal_id = ids[index % n]
            services.goal_move(
                actor=actor,
                household=household,
                expected_version=version(household),
                goal_id=goal_id,
                to_position=to,
            )
            expected.remove(goal_id)
            expected.insert(min(max(to, 1), n) - 1, goal_id)
        rows = list(
            Goal.objects.filter(plan__household=household)
            .order_by("position")
            .values_list("pk", "position")
        )
        assert [pk for pk, _ in rows] == expected
        assert [pos for _, pos in rows] == list(range(1, n + 1))
