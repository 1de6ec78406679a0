"""Offers and needs of residents and volunteers, and the broker's proposals and follow-up.

A participant is someone in the social broker's register, not a case file: a district-team
client can be linked to their resident record (``resident``), but the broker sees only what
the resident chose to share (``shared_by_team``). Proposals move through explicit states
(``services.PROPOSAL_TRANSITIONS``); contact details reach the parties only once all agreed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import no_control_characters, validate_plain_text


class Skill(models.Model):
    """One entry of the skills taxonomy; shipped as data (``data/skills.json``), editable in
    the administration. Skills of the same group fit each other partly."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    group = models.SlugField(_("group"), max_length=40)
    group_name = models.CharField(_("group name (Dutch)"), max_length=80)
    group_name_en = models.CharField(_("group name (English)"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (Dutch when no English name is set)."""
        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def group_label(self) -> str:
        if (get_language() or "nl").startswith("en") and self.group_name_en:
            return self.group_name_en
        return self.group_name


class Language(models.TextChoices):
    """Languages people in Leeuwarden speak with each other (Frisian first after Dutch)."""

    DUTCH = "nl", _("Dutch")
    FRISIAN = "fy", _("Frisian")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    POLISH = "pl", _("Polish")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    UKRAINIAN = "uk", _("Ukrainian")
    PERSIAN = "fa", _("Persian")
    PAPIAMENTU = "pap", _("Papiamentu")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")


class Gender(models.TextChoices):
    UNSAID = "", _("Not said")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")


class GenderPreference(models.TextChoices):
    ANY = "", _("No preference")
    WOMAN = "woman", _("Only with a woman")
    MAN = "man", _("Only with a man")


class Reach(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("My neighbourhood only")
    RADIUS = "radius", _("Within a radius")


class Participant(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Taking part")
        PAUSED = "paused", _("Paused")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    class ConsentBy(models.TextChoices):
        SELF = "self", _("Given by the person on a form")
        ORALLY = "orally", _("Given orally to the broker")
        IN_WRITING = "in_writing", _("Given in writing to the broker")
        TEAM = "team", _("Given to the district team")
        MIJN_NABIJ = "mijn_nabij", _("Given by the resident in Mijn Nabij")

    first_name = models.CharField(_("first name"), max_length=80, validators=[validate_plain_text])
    last_name = models.CharField(_("last name"), max_length=120, validators=[validate_plain_text])
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("neighbourhood"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=""
    )
    prefers_gender = models.CharField(
        _("only matched with"),
        max_length=10,
        choices=GenderPreference.choices,
        blank=True,
        default="",
    )
    languages = models.JSONField(_("languages"), default=list)
    reach = models.CharField(_("reach"), max_length=20, choices=Reach.choices, default=Reach.RADIUS)
    radius_km = models.DecimalField(
        _("radius (km)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("25"))],
    )
    capacity = models.PositiveSmallIntegerField(
        _("exchanges at the same time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    consent_by = models.CharField(_("consent"), max_length=12, choices=ConsentBy.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # A district-team client: set only from the dossier, by someone who works on the household.
    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matching_profiles",
    )
    shared_by_team = models.TextField(
        _("what the resident chose to share with the broker"), max_length=1000, blank=True
    )
    plan_consent = models.BooleanField(
        _("matches may be recorded in the household plan"), default=False
    )
    note = models.TextField(_("note for the broker"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(resident__isnull=False) & ~models.Q(status="withdrawn"),
                name="participant_one_profile_per_resident",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="participant_capacity_positive"
            ),
            no_control_characters("first_name", name="participant_first_name_plain"),
            no_control_characters("last_name", name="participant_last_name_plain"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def can_be_matched(self) -> bool:
        return self.status == self.Status.ACTIVE


class Urgency(models.IntegerChoices):
    CAN_WAIT = 1, _("Can wait")
    SOON = 2, _("Within a few weeks")
    URGENT = 3, _("Urgent")


HOURS_VALIDATORS = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))]


class Offer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="offers")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="offers")
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2"),
        validators=HOURS_VALIDATORS,
    )

    class Meta:
        ordering = ["skill__position", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["participant", "skill"], name="offer_once_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} offers {self.skill_id}"


class Need(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CLOSED = "closed", _("No longer needed")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="needs")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="needs")
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2"),
        validators=HOURS_VALIDATORS,
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.SOON
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skill__position", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "skill"],
                condition=models.Q(status="open"),
                name="need_open_once_per_skill",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} needs {self.skill_id}"


class MatchRun(models.Model):
    """One run of the exchange solver over the register (or one district of it)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    max_cycle = models.PositiveSmallIntegerField(_("longest ring"), default=3)
    max_chain = models.PositiveSmallIntegerField(_("longest chain"), default=3)
    time_limit = models.PositiveSmallIntegerField(_("time limit (s)"), default=10)
    participants = models.PositiveIntegerField(default=0)
    volunteers = models.PositiveIntegerField(default=0)
    arcs = models.PositiveIntegerField(default=0)
    objective = models.FloatField(default=0)
    optimal = models.BooleanField(default=False)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    method = models.CharField(max_length=20, blank=True)
    proposals = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"


class Proposal(models.Model):
    class Kind(models.TextChoices):
        SWAP = "swap", _("Swap")
        RING = "ring", _("Ring")
        CHAIN = "chain", _("Chain")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Everyone agreed")
        INTRODUCED = "introduced", _("Introduced")
        FOLLOWED_UP = "followed_up", _("Followed up")
        ENDED = "ended", _("Ended")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LIVE = ("proposed", "agreed", "introduced", "followed_up")

    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="proposal_set")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    weight = models.FloatField(_("weight"))
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def contacts_shared(self) -> bool:
        """Contact details only once every party agreed (and not after a withdrawal)."""
        return self.status in ("agreed", "introduced", "followed_up", "ended")

    def party_participants(self) -> list[Participant]:
        """The participants of its parties (prefetched by ``selectors.proposal``): whose
        profiles a page about this proposal shows, for the access log."""
        return [party.participant for party in self.parties.all()]


class ProposalParty(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Not yet asked or answered")
        AGREED = "agreed", _("Agrees")
        DECLINED = "declined", _("Declines")

    class Rating(models.TextChoices):
        GOOD = "good", _("Went well")
        MIXED = "mixed", _("Partly")
        POOR = "poor", _("Did not go well")
        NO_ANSWER = "no_answer", _("No answer")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="parties")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="proposal_parties"
    )
    position = models.PositiveSmallIntegerField()

    class AnsweredVia(models.TextChoices):
        BROKER = "broker", _("Recorded by the broker")
        MIJN_NABIJ = "mijn_nabij", _("Answered by the resident in Mijn Nabij")

    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Who gave the answer: the broker, who asked the person, or the resident themselves.
    answered_via = models.CharField(
        _("answered via"), max_length=10, choices=AnsweredVia.choices, blank=True
    )
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    rating = models.CharField(_("how it went"), max_length=10, choices=Rating.choices, blank=True)
    feedback = models.CharField(_("in their words"), max_length=500, blank=True)
    hours = models.DecimalField(
        _("hours of help"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    recorded_in_plan_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "participant"], name="party_once_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} in {self.proposal_id}: {self.response}"


class Gift(models.Model):
    """One act of help inside a proposal: the giver's offer meets the receiver's need. The
    columns are the explanation (why this pair): fit, distance, urgency, reciprocity."""

    class Fit(models.TextChoices):
        EXACT = "exact", _("Exactly what is asked")
        RELATED = "related", _("Related help")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="gifts")
    position = models.PositiveSmallIntegerField()
    giver = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="gifts_given")
    receiver = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="gifts_received"
    )
    offer_skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="gifts")
    fit = models.CharField(max_length=10, choices=Fit.choices)
    distance_km = models.FloatField()
    nearness = models.CharField(max_length=12)  # same, adjacent, nearby
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices)
    reciprocal = models.BooleanField(default=False)
    weight = models.FloatField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.giver_id} → {self.receiver_id} ({self.offer_skill_id})"


class BlockedPair(models.Model):
    """Two people the solver will not propose to each other again: one declined the other.
    Lifted only with a reason (``services.block_lift``). Stored with ``low`` < ``high``."""

    low = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    lift_reason = models.CharField(_("reason for lifting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["low", "high"],
                condition=models.Q(lifted_at__isnull=True),
                name="blockedpair_once_active",
            ),
            models.CheckConstraint(
                condition=models.Q(low__lt=models.F("high")), name="blockedpair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low_id} / {self.high_id}"


class Notice(models.Model):
    """Something the broker still has to tell a participant, in neutral words (a proposal
    that will not go ahead is never explained by someone else's withdrawal)."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("The proposal will not go ahead")
        DECLINED = "declined", _("The proposal will not go ahead")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notices")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    told_at = models.DateTimeField(null=True, blank=True)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"notice {self.kind} for {self.participant_id}"
