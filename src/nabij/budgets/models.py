"""A neighbourhood budget round (buurtbudget): residents propose, the municipality checks, residents
vote with approval ballots within the budget, two rules compute the result, and the selected
projects are carried out in view of everyone.

Votes are secret. ``Voter`` says who voted (one ballot per person per round); ``Ballot`` says
what was voted, with a random id and no time. While the vote is open a voter's row points to
their ballot so that they can change it; closing the vote removes every link and re-creates the
ballots under new ids in random order, so nothing in the database ties a person to a ballot
afterwards. Tallies are computed from ballots only.
"""

from __future__ import annotations

import itertools
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from privates.fields import PrivateMediaFileField

from nabij.core.validators import validate_plain_text


class Phase(models.TextChoices):
    """A round's phases, in order; a round moves one step at a time (``TRANSITIONS``)."""

    DRAFT = "draft", _("In preparation")
    PROPOSALS = "proposals", _("Proposals")
    CHECKING = "checking", _("Checking")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    EXECUTION = "execution", _("Execution")
    FINISHED = "finished", _("Finished")


PHASE_ORDER: list[str] = [p.value for p in Phase]
TRANSITIONS: dict[str, str] = dict(itertools.pairwise(PHASE_ORDER))


class TallyRule(models.TextChoices):
    """The rule a round's result is decided by; both are always computed and shown."""

    GREEDY = "greedy", _("Most votes first")
    MES = "mes", _("Method of Equal Shares")  # with the add-one completion


class BudgetRound(models.Model):
    """One round per area (a district, or one neighbourhood of it) and year."""

    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="budget_rounds"
    )
    # Empty: the whole district; else the round is for this neighbourhood only.
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200, validators=[validate_plain_text])
    description = models.TextField(_("what the budget is for"), blank=True)
    amount_cents = models.BigIntegerField(_("budget (cents)"))
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.DRAFT)
    # The planned dates of each phase (shown to residents); the phase itself moves explicitly.
    proposals_from = models.DateField(_("proposals from"))
    proposals_until = models.DateField(_("proposals until"))
    checking_until = models.DateField(_("checking until"))
    voting_from = models.DateField(_("voting from"))
    voting_until = models.DateField(_("voting until"))
    results_on = models.DateField(_("results on"))
    # The rules of the round.
    deciding_rule = models.CharField(
        _("deciding rule"), max_length=10, choices=TallyRule.choices, default=TallyRule.MES
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age to vote"), default=16)
    rules_text = models.TextField(_("the rules in plain words"), blank=True)
    voting_closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "district_id", "pk"]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="round_amount_positive"),
            models.CheckConstraint(
                condition=Q(proposals_from__lte=F("proposals_until"))
                & Q(proposals_until__lte=F("checking_until"))
                & Q(checking_until__lte=F("voting_from"))
                & Q(voting_from__lte=F("voting_until"))
                & Q(voting_until__lte=F("results_on")),
                name="round_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["district", "year"],
                condition=Q(neighbourhood__isnull=True),
                name="one_district_round_a_year",
            ),
            models.UniqueConstraint(
                fields=["neighbourhood", "year"],
                condition=Q(neighbourhood__isnull=False),
                name="one_neighbourhood_round_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def area_code(self) -> str:
        return self.neighbourhood.code if self.neighbourhood else self.district.code

    @property
    def area_name(self) -> str:
        return self.neighbourhood.name if self.neighbourhood else self.district.name


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FEASIBLE = "feasible", _("On the ballot")
    REJECTED = "rejected", _("Not feasible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExecutionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")


class BudgetProposal(models.Model):
    """A resident's proposal; after the municipality's check it is a project on the ballot.
    Rejected and withdrawn proposals stay, with their reason, in public view."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"))  # the project id in the .pb file
    title = models.CharField(_("title"), max_length=160, validators=[validate_plain_text])
    description = models.TextField(_("description"))
    cost_estimate_cents = models.BigIntegerField(_("cost estimate (cents)"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    area_goal = models.ForeignKey(
        "outcomes.AreaPlanGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    # The resident who proposed it (DigiD); empty when the municipality entered a paper proposal.
    author = models.ForeignKey(
        "people.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    author_name_public = models.BooleanField(_("my name may be shown"), default=False)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    # The municipality's check: feasibility and cost, with reasons shown publicly.
    cost_cents = models.BigIntegerField(_("checked cost (cents)"), null=True, blank=True)
    check_reason = models.TextField(_("reason"), blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # Execution of a selected project: an owner, a budget line, updates, and a close.
    execution_status = models.CharField(
        max_length=12, choices=ExecutionStatus.choices, blank=True, default=""
    )
    owner_name = models.CharField(_("carried out by"), max_length=160, blank=True)
    owner_initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    budget_line_cents = models.BigIntegerField(_("budget line (cents)"), null=True, blank=True)
    spent_cents = models.BigIntegerField(_("spent (cents)"), default=0)
    delivered = models.TextField(_("what was delivered"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round_id", "number"]
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="proposal_number_unique"),
            models.CheckConstraint(
                condition=Q(cost_estimate_cents__gt=0), name="proposal_estimate_positive"
            ),
            models.CheckConstraint(
                condition=Q(cost_cents__isnull=True) | Q(cost_cents__gt=0),
                name="proposal_cost_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ballot_cost_cents(self) -> int:
        """What the project costs on the ballot: the checked cost, else the estimate."""
        return self.cost_cents if self.cost_cents is not None else self.cost_estimate_cents


class ProposalSupport(models.Model):
    """A resident supports a proposal (before the vote; no effect on the tally)."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="supports")
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "resident"], name="support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.resident_id}"


class ExecutionUpdate(models.Model):
    """An update on a project being carried out, with an optional photo (kept privately, served
    through a view)."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"))
    # In PRIVATE_MEDIA_ROOT, never under MEDIA_URL: served by ``budgets:photo`` only.
    photo = PrivateMediaFileField(upload_to="buurtbudget/%Y/", blank=True)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    spent_cents = models.BigIntegerField(_("spent with this step (cents)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["proposal_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.text[:40]}"


class VotingCode(models.Model):
    """A code on paper for an eligible resident without DigiD: it stands for that resident, so
    a code and a DigiD vote are one ballot. Only the hash is kept."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="voting_codes")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "resident"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_code_per_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.pk}"


class Channel(models.TextChoices):
    DIGID = "digid", _("DigiD")
    PAPER = "paper", _("Voting code on paper")


class Ballot(models.Model):
    """What was voted, and nothing about who: a random id, no time, the approved projects."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="ballots")
    # The voter's neighbourhood (Pabulib's voter ``neighbourhood``): for what each
    # neighbourhood's voters effectively decided. Not a person: counted only in aggregate.
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The approved projects: BudgetProposal ids of this round, ascending.
    choices = models.JSONField(default=list)

    class Meta:
        verbose_name = _("ballot")

    def __str__(self) -> str:
        return str(self.pk)


class Voter(models.Model):
    """Who voted in a round: one row per person, whatever the channel. ``ballot`` links to
    their ballot only while the vote is open (to change it); closing the vote clears it."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="voters")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=6, choices=Channel.choices)
    ballot = models.OneToOneField(
        Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "resident"], name="one_ballot_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.resident_id}"


class ResultRule(models.TextChoices):
    """The rules a closed round is tallied by (the ``nabij budget tally`` names)."""

    GREEDY = "greedy", _("Most votes first")
    MES = "mes", _("Method of Equal Shares, without completion")
    MES_ADD1 = "mes-add1", _("Method of Equal Shares")


class RoundResult(models.Model):
    """The result of a closed round under one rule, computed once from the ballots."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="results")
    rule = models.CharField(max_length=10, choices=ResultRule.choices)
    selected = models.JSONField(default=list)  # BudgetProposal ids, in the order selected
    budget_used_cents = models.BigIntegerField()
    ballots_count = models.PositiveIntegerField()
    # Per project and per neighbourhood: votes, why it won or lost, effective shares.
    explanation = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "rule"], name="one_result_per_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.rule}"
