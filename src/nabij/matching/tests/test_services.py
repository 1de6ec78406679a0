"""Registering, matching and following up, through the services the pages call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.core.errors import ConflictError, DomainError
from nabij.matching import compatibility, services
from nabij.matching.models import (
    BlockedPair,
    Need,
    Notice,
    Participant,
    Proposal,
    ProposalParty,
)
from nabij.matching.tests.conftest import actor_of, register, skill, willem_and_jesse

pytestmark = pytest.mark.django_db


def run(broker, **kwargs):
    return services.run_matching(actor=actor_of(broker), **kwargs)


def test_the_wheelchair_user_and_the_handyman_are_proposed_to_each_other(world, town):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    match_run = run(world.broker)
    (proposal,) = match_run.proposal_set.all()
    assert proposal.kind == Proposal.Kind.SWAP
    gifts = {(g.giver_id, g.receiver_id): g for g in proposal.gifts.all()}
    assert gifts[(jesse.pk, willem.pk)].offer_skill.code in {"tuin", "klussen"}
    to_jesse = gifts[(willem.pk, jesse.pk)]
    assert to_jesse.offer_skill.code == "administratie" and to_jesse.fit == "exact"
    assert to_jesse.nearness == "same" and to_jesse.reciprocal
    assert to_jesse.weight == 4 + 4 + 3 + 1  # exact, urgent, same neighbourhood, both ways
    assert match_run.optimal
    assert set(proposal.parties.values_list("participant_id", flat=True)) == {willem.pk, jesse.pk}


def test_consent_is_required_and_how_it_was_given(world, town):
    data = services.ProfileInput("A", "B", town.heechterp.pk, ["nl"], offers={skill("koken").pk: 2})
    with pytest.raises(ValidationError) as exc:
        services.participant_register(
            actor=actor_of(world.broker), data=data, consent_given=False, consent_by="orally"
        )
    assert "consent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.participant_register(
            actor=actor_of(world.broker), data=data, consent_given=True, consent_by="guess"
        )
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"radius_km": Decimal("0.2")}, "radius_km"),
        ({"radius_km": Decimal("40")}, "radius_km"),
        ({"languages": []}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"needs": {"koken": (Decimal(2), 2)}}, "needs"),  # offers and asks for the same
        ({"offers": {}, "needs": {}}, "offers"),
        ({"offers": {"koken": Decimal("80")}}, "offers"),
        ({"needs": {"tuin": (Decimal(2), 7)}}, "needs"),
    ],
)
def test_bad_profiles_get_a_clear_message_on_their_field(world, town, change, field):
    values = {
        "first_name": "Ada",
        "last_name": "de Boer",
        "neighbourhood_id": town.heechterp.pk,
        "languages": ["nl"],
        "offers": {"koken": Decimal(2)},
    }
    values.update(change)
    values["offers"] = {skill(k).pk: v for k, v in values["offers"].items()}
    values["needs"] = {skill(k).pk: v for k, v in values.get("needs", {}).items()}
    with pytest.raises(ValidationError) as exc:
        services.participant_register(
            actor=actor_of(world.broker),
            data=services.ProfileInput(**values),
            consent_given=True,
            consent_by="orally",
        )
    assert field in exc.value.message_dict, exc.value.message_dict
    assert all(m.strip() for m in exc.value.message_dict[field])
    assert not Participant.objects.exists()


def test_duplicates_are_caught_by_name_and_neighbourhood_or_by_phone(world, town):
    first = register(
        world.broker, "Ada", "de Boer", town.heechterp, offers=("koken",), phone="06 1234 5678"
    )
    with pytest.raises(services.DuplicateError) as exc:
        register(world.broker, "ada", "De Boer", town.heechterp, offers=("tuin",))
    assert exc.value.existing == first
    with pytest.raises(services.DuplicateError):
        register(world.broker, "Adriana", "Visser", town.far, offers=("tuin",), phone="06-12345678")
    other = register(
        world.broker, "Ada", "de Boer", town.heechterp, offers=("tuin",), not_a_duplicate=True
    )
    assert other.pk != first.pk
    # someone with the same name elsewhere is not a duplicate
    register(world.broker, "Ada", "de Boer", town.far, offers=("tuin",))


def test_a_resident_has_one_profile(world, town):
    register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        resident=world.resident,
    )
    with pytest.raises(services.DuplicateError):
        register(
            world.assigned,
            "Karima",
            "El Amrani",
            town.heechterp,
            offers=("tuin",),
            resident=world.resident,
        )


def test_a_stale_edit_is_refused_and_changes_nothing(world, town):
    ada = register(world.broker, "Ada", "de Boer", town.heechterp, offers=("koken",))
    data = services.ProfileInput(
        "Ada", "de Boer", town.heechterp.pk, ["nl"], offers={skill("tuin").pk: Decimal(3)}
    )
    services.participant_update(
        actor=actor_of(world.broker), participant=ada, expected_version=1, data=data
    )
    with pytest.raises(ConflictError):
        services.participant_update(
            actor=actor_of(world.broker),
            participant=ada,
            expected_version=1,
            data=services.ProfileInput(
                "Ada", "de Boer", town.heechterp.pk, ["nl"], offers={skill("koken").pk: Decimal(1)}
            ),
        )
    ada.refresh_from_db()
    assert ada.version == 2
    assert [o.skill.code for o in ada.offers.all()] == ["tuin"]


def test_a_need_no_longer_asked_for_is_closed_not_deleted(world, town):
    willem, _jesse = willem_and_jesse(world.broker, town.schieringen)
    data = services.ProfileInput(
        "Willem",
        "Hiemstra",
        town.schieringen.pk,
        ["nl"],
        offers={skill("administratie").pk: Decimal(2)},
        needs={skill("tuin").pk: (Decimal(2), 3)},
    )
    services.participant_update(
        actor=actor_of(world.broker), participant=willem, expected_version=1, data=data
    )
    needs = dict(willem.needs.values_list("skill__code", "status"))
    assert needs == {"tuin": "open", "klussen": "closed"}
    assert willem.needs.get(skill__code="tuin").urgency == 3


def test_reach_language_and_gender_preferences_are_respected(world, town):
    register(
        world.broker,
        "Ada",
        "de Boer",
        town.heechterp,
        offers=("koken",),
        needs=(("tuin", 2),),
        reach="neighbourhood",
    )
    register(
        world.broker, "Bram", "Smit", town.schieringen, offers=("tuin",), needs=(("koken", 2),)
    )
    assert run(world.broker).proposals == 0  # Ada wants her own neighbourhood only
    register(
        world.broker,
        "Cor",
        "Tol",
        town.heechterp,
        offers=("tuin",),
        needs=(("koken", 2),),
        languages=["ar"],
    )
    assert run(world.broker).proposals == 0  # no shared language
    dirk = register(
        world.broker,
        "Dirk",
        "Veen",
        town.heechterp,
        offers=("tuin",),
        needs=(("koken", 2),),
        gender="man",
    )
    Participant.objects.filter(first_name="Ada").update(prefers_gender="woman")
    assert run(world.broker).proposals == 0  # Ada only with a woman
    Participant.objects.filter(pk=dirk.pk).update(gender="woman")
    assert run(world.broker).proposals == 1


def test_distance_counts_between_neighbourhood_centres(world, town):
    register(
        world.broker,
        "Ada",
        "de Boer",
        town.schieringen,
        offers=("koken",),
        needs=(("tuin", 2),),
        radius_km=Decimal("1.0"),
    )
    register(
        world.broker, "Bram", "Smit", town.camminghaburen, offers=("tuin",), needs=(("koken", 2),)
    )
    assert run(world.broker).proposals == 0  # about 1.3 km apart
    Participant.objects.filter(first_name="Ada").update(radius_km=Decimal("2.0"))
    match_run = run(world.broker)
    gift = match_run.proposal_set.get().gifts.first()
    assert gift.nearness == "nearby" and 1.0 < gift.distance_km < 2.0


def test_paused_people_and_people_in_a_live_proposal_are_not_proposed_again(world, town):
    _willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    assert run(world.broker).proposals == 1
    assert run(world.broker).proposals == 0  # both already in a live proposal
    Proposal.objects.update(status=Proposal.Status.WITHDRAWN)
    services.participant_set_paused(
        actor=actor_of(world.broker), participant=jesse, expected_version=1, paused=True
    )
    assert run(world.broker).proposals == 0


def test_capacity_allows_more_exchanges_but_never_the_same_need_twice(world, town):
    ada = register(
        world.broker,
        "Ada",
        "de Boer",
        town.heechterp,
        offers=("koken",),
        needs=(("tuin", 3),),
        capacity=3,
    )
    for name in ("Bram", "Cor", "Dirk"):
        register(
            world.broker, name, "Smit", town.heechterp, offers=("tuin",), needs=(("koken", 2),)
        )
    match_run = run(world.broker)
    involving_ada = Proposal.objects.filter(run=match_run, parties__participant=ada)
    # Ada cooks for up to three, but has one garden to be helped with: one exchange.
    assert involving_ada.count() == 1
    assert ProposalParty.objects.filter(participant=ada).count() == 1


def test_a_volunteer_starts_a_chain(world, town):
    register(world.broker, "Vera", "Vrijwilliger", town.heechterp, offers=("administratie",))
    ada = register(
        world.broker,
        "Ada",
        "de Boer",
        town.heechterp,
        offers=("koken",),
        needs=(("formulieren", 2),),
    )
    (proposal,) = run(world.broker).proposal_set.all()
    assert proposal.kind == Proposal.Kind.CHAIN
    gift = proposal.gifts.get()
    assert gift.receiver == ada and gift.fit == "related"


def agree_all(broker, proposal):
    for party in proposal.parties.all():
        proposal = services.proposal_respond(
            actor=actor_of(broker),
            proposal=proposal,
            expected_version=proposal.version,
            participant_id=party.participant_id,
            agrees=True,
        )
    return proposal


def test_the_workflow_from_proposal_to_feedback(world, town):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    proposal = run(world.broker).proposal_set.get()
    assert not proposal.contacts_shared
    first = services.proposal_respond(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=1,
        participant_id=willem.pk,
        agrees=True,
    )
    assert first.status == Proposal.Status.PROPOSED and not first.contacts_shared
    with pytest.raises(DomainError):  # not yet agreed by all
        services.proposal_introduce(
            actor=actor_of(world.broker),
            proposal=first,
            expected_version=first.version,
            follow_up_on=timezone.localdate() + dt.timedelta(days=28),
        )
    agreed = agree_all(world.broker, first)
    assert agreed.status == Proposal.Status.AGREED and agreed.contacts_shared
    with pytest.raises(ValidationError):
        services.proposal_introduce(
            actor=actor_of(world.broker),
            proposal=agreed,
            expected_version=agreed.version,
            follow_up_on=timezone.localdate(),
        )
    introduced = services.proposal_introduce(
        actor=actor_of(world.broker),
        proposal=agreed,
        expected_version=agreed.version,
        follow_up_on=timezone.localdate() + dt.timedelta(days=28),
    )
    with pytest.raises(ConflictError):
        services.proposal_follow_up(
            actor=actor_of(world.broker), proposal=introduced, expected_version=1, note="Gaat goed"
        )
    followed = services.proposal_follow_up(
        actor=actor_of(world.broker),
        proposal=introduced,
        expected_version=introduced.version,
        note="Gaat goed, elke donderdag",
    )
    with pytest.raises(ValidationError):  # feedback of every side
        services.proposal_end(
            actor=actor_of(world.broker),
            proposal=followed,
            expected_version=followed.version,
            feedback={willem.pk: services.Feedback("good")},
        )
    ended = services.proposal_end(
        actor=actor_of(world.broker),
        proposal=followed,
        expected_version=followed.version,
        feedback={
            willem.pk: services.Feedback("good", "Mijn tuin is weer netjes", Decimal("12")),
            jesse.pk: services.Feedback("poor", "Te veel papier", Decimal("6")),
        },
    )
    assert ended.status == Proposal.Status.ENDED
    # Willem's need was met; Jesse said it did not go well, so his need goes back in
    met = {g.receiver_id: g.need.status for g in ended.gifts.select_related("need")}
    assert met == {willem.pk: Need.Status.MET, jesse.pk: Need.Status.OPEN}
    with pytest.raises(DomainError):
        services.proposal_withdraw(
            actor=actor_of(world.broker), proposal=ended, expected_version=ended.version
        )


def test_a_refusal_ends_the_proposal_and_is_not_proposed_again_without_a_reason(world, town):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    proposal = run(world.broker).proposal_set.get()
    with pytest.raises(ValidationError):  # a reason is needed
        services.proposal_respond(
            actor=actor_of(world.broker),
            proposal=proposal,
            expected_version=1,
            participant_id=jesse.pk,
            agrees=False,
        )
    declined = services.proposal_respond(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=1,
        participant_id=jesse.pk,
        agrees=False,
        reason="Kent Willem al, liever niet",
    )
    assert declined.status == Proposal.Status.DECLINED
    notice = Notice.objects.get()
    assert notice.participant == willem and notice.kind == Notice.Kind.DECLINED
    block = BlockedPair.objects.get()
    assert {block.low_id, block.high_id} == {willem.pk, jesse.pk}
    assert run(world.broker).proposals == 0
    with pytest.raises(ValidationError):
        services.block_lift(actor=actor_of(world.broker), block=block, reason=" ")
    services.block_lift(
        actor=actor_of(world.broker), block=block, reason="Jesse wil het toch proberen"
    )
    assert run(world.broker).proposals == 1


def test_withdrawn_consent_stops_everything_and_others_are_told_neutrally(world, town):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    vera = register(world.broker, "Vera", "Veen", town.heechterp, offers=("tuin",))
    proposal = run(world.broker).proposal_set.get()
    agree_all(world.broker, proposal)
    withdrawn = services.consent_withdraw(
        actor=actor_of(world.broker), participant=Participant.objects.get(pk=jesse.pk)
    )
    assert [p.pk for p in withdrawn] == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN and not proposal.contacts_shared
    (notice,) = Notice.objects.all()
    assert (notice.participant, notice.kind) == (willem, Notice.Kind.WITHDRAWN)
    jesse.refresh_from_db()
    assert jesse.status == Participant.Status.WITHDRAWN
    assert (jesse.phone, jesse.email, jesse.note) == ("", "", "")
    assert not jesse.needs.filter(status="open").exists()
    match_run = run(world.broker)
    everyone = set(
        ProposalParty.objects.filter(proposal__run=match_run).values_list(
            "participant_id", flat=True
        )
    )
    assert jesse.pk not in everyone
    assert everyone == {vera.pk, willem.pk}  # the volunteer helps Willem in the garden now
    with pytest.raises(DomainError):
        services.participant_update(
            actor=actor_of(world.broker),
            participant=jesse,
            expected_version=jesse.version,
            data=services.ProfileInput(
                "Jesse",
                "Postma",
                town.schieringen.pk,
                ["nl"],
                offers={skill("tuin").pk: Decimal(1)},
            ),
        )


def test_a_run_leaves_out_whoever_changed_while_it_solved(world, town, monkeypatch):
    _willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    solve = compatibility.propose

    def edit_meanwhile(*args, **kwargs):
        result = solve(*args, **kwargs)
        fresh = Participant.objects.get(pk=jesse.pk)
        services.participant_set_paused(
            actor=actor_of(world.broker),
            participant=fresh,
            expected_version=fresh.version,
            paused=False,
        )
        return result

    monkeypatch.setattr(compatibility, "propose", edit_meanwhile)
    match_run = run(world.broker)
    assert match_run.proposals == 0 and not match_run.optimal
    monkeypatch.setattr(compatibility, "propose", solve)
    assert run(world.broker).proposals == 1


def test_every_profile_read_by_a_run_is_logged(world, town):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    run(world.broker)
    logged = set(
        AccessLogEntry.objects.filter(event="matching.run", username="broker").values_list(
            "participant_id", flat=True
        )
    )
    assert logged == {willem.pk, jesse.pk}
    row = AccessLogEntry.objects.filter(event="matching.run").first()
    assert row.purpose == "matching" and row.role == "social_broker"


def test_a_match_goes_into_the_plan_beside_professional_help(world, town):
    from nabij.plans import services as plan_services
    from nabij.plans.models import Action, Plan

    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=world.resident,
        plan_consent=True,
    )
    jesse = register(
        world.broker,
        "Jesse",
        "Postma",
        town.heechterp,
        offers=("administratie",),
        needs=(("koken", 1),),
    )
    actor = actor_of(world.assigned)
    goal = plan_services.goal_add(
        actor=actor, household=world.household, expected_version=1, text="Rust in mijn papieren"
    )
    plan = Plan.objects.get(household=world.household)
    plan_services.action_add(
        actor=actor,
        household=world.household,
        expected_version=plan.version,
        goal_id=goal.pk,
        description="Schuldhulp aanvragen",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    professional_before = list(Action.objects.filter(actor_kind="professional").values())
    assignments_before = list(world.household.assignments.values())
    proposal = run(world.broker).proposal_set.get()
    proposal = agree_all(world.broker, proposal)
    with pytest.raises(DomainError):  # not introduced yet
        services.record_in_plan(
            actor=actor,
            household=world.household,
            proposal=proposal,
            participant=karima,
            goal_id=goal.pk,
            expected_version=Plan.objects.get(household=world.household).version,
        )
    proposal = services.proposal_introduce(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=proposal.version,
        follow_up_on=timezone.localdate() + dt.timedelta(days=14),
    )
    created = services.record_in_plan(
        actor=actor,
        household=world.household,
        proposal=proposal,
        participant=karima,
        goal_id=goal.pk,
        expected_version=Plan.objects.get(household=world.household).version,
    )
    actions = Action.objects.filter(pk__in=created)
    kinds = sorted(actions.values_list("actor_kind", flat=True))
    assert kinds == ["household", "network"]
    network = actions.get(actor_kind="network")
    assert network.network_member.name == "Jesse P."
    assert "Jesse" in network.description
    assert list(Action.objects.filter(actor_kind="professional").values()) == professional_before
    assert list(world.household.assignments.values()) == assignments_before
    with pytest.raises(DomainError):  # once
        services.record_in_plan(
            actor=actor,
            household=world.household,
            proposal=proposal,
            participant=karima,
            goal_id=goal.pk,
            expected_version=Plan.objects.get(household=world.household).version,
        )
    assert jesse.pk in set(proposal.parties.values_list("participant_id", flat=True))


def test_in_a_family_group_plan_a_consented_match_is_what_the_family_asked_for(world, town):
    """Professionals add only what the family asked for in a family group plan; the resident's
    consent to have this exchange in the plan is that ask (issue 10)."""
    from nabij.access.gate import Actor
    from nabij.plans import services as plan_services
    from nabij.plans.models import Action, Plan

    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=world.resident,
        plan_consent=True,
    )
    register(
        world.broker,
        "Jesse",
        "Postma",
        town.heechterp,
        offers=("administratie",),
        needs=(("koken", 1),),
    )
    actor = actor_of(world.assigned)
    plan_services.plan_set_kind(
        actor=actor, household=world.household, expected_version=1, kind="family_group"
    )
    family = Actor(user=world.resident_user, professional=None, resident=world.resident)
    goal = plan_services.goal_add(
        actor=family, household=world.household, expected_version=2, text="Rust in mijn papieren"
    )
    proposal = agree_all(world.broker, run(world.broker).proposal_set.get())
    proposal = services.proposal_introduce(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=proposal.version,
        follow_up_on=timezone.localdate() + dt.timedelta(days=14),
    )
    created = services.record_in_plan(
        actor=actor,
        household=world.household,
        proposal=proposal,
        participant=karima,
        goal_id=goal.pk,
        expected_version=Plan.objects.get(household=world.household).version,
    )
    assert list(
        Action.objects.filter(pk__in=created).values_list("requested_by_family", flat=True)
    ) == [True, True]


def test_no_plan_entry_without_the_residents_consent(world, town):
    from nabij.plans import services as plan_services
    from nabij.plans.models import Plan

    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=world.resident,
    )
    register(
        world.broker,
        "Jesse",
        "Postma",
        town.heechterp,
        offers=("administratie",),
        needs=(("koken", 1),),
    )
    goal = plan_services.goal_add(
        actor=actor_of(world.assigned), household=world.household, expected_version=1, text="Rust"
    )
    proposal = agree_all(world.broker, run(world.broker).proposal_set.get())
    proposal = services.proposal_introduce(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=proposal.version,
        follow_up_on=timezone.localdate() + dt.timedelta(days=14),
    )
    with pytest.raises(DomainError):
        services.record_in_plan(
            actor=actor_of(world.assigned),
            household=world.household,
            proposal=proposal,
            participant=karima,
            goal_id=goal.pk,
            expected_version=Plan.objects.get(household=world.household).version,
        )


def test_the_profile_says_when_nobody_within_reach_can_help(world, town):
    from nabij.matching.selectors import reach_hints

    ada = register(
        world.broker,
        "Ada",
        "de Boer",
        town.schieringen,
        offers=("koken",),
        needs=(("tuin", 2), ("dieren", 1)),
        radius_km=Decimal("1.0"),
    )
    register(world.broker, "Bram", "Smit", town.camminghaburen, offers=("klussen",))
    hints = {h.need.skill.code: (h.within, h.wider) for h in reach_hints(ada)}
    # Bram's odd jobs fit Ada's garden (same group) but he lives 1.3 km away; nobody has pets
    assert hints == {"tuin": (0, 1), "dieren": (0, 0)}
    Participant.objects.filter(pk=ada.pk).update(radius_km=Decimal("2.0"))
    ada.refresh_from_db()
    assert {h.need.skill.code: h.within for h in reach_hints(ada)}["tuin"] == 1


def test_a_child_is_not_registered_on_its_own(world, town):
    world.child.date_of_birth = timezone.localdate() - dt.timedelta(days=365 * 12)
    world.child.save()
    with pytest.raises(DomainError):
        register(
            world.assigned,
            "Noor",
            "El Amrani",
            town.heechterp,
            offers=("dieren",),
            resident=world.child,
        )
    assert not Participant.objects.exists()
