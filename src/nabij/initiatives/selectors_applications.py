"""Reads for applications and the right to challenge: each page in a fixed number of queries.

The loaders hand the gate the object with what its rules need (the initiative's district and
its current contact persons); public reads show contacts' names only with their consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from nabij.access import rules
from nabij.initiatives.models import (
    Application,
    Challenge,
    ChallengeStep,
    ContactPerson,
    Initiative,
)

# Status words as a resident reads them about money and a challenge (the models' labels serve
# other places too: "Granted" is an access log's outcome there).
APPLICATION_LABELS: dict[str, Any] = {
    Application.Status.SUBMITTED: pgettext_lazy("application", "Waiting for a decision"),
    Application.Status.GRANTED: pgettext_lazy("application", "Granted"),
    Application.Status.REFUSED: pgettext_lazy("application", "Refused"),
    Application.Status.WITHDRAWN: pgettext_lazy("application", "Withdrawn"),
}
CHALLENGE_LABELS: dict[str, Any] = {
    Challenge.Status.SUBMITTED: pgettext_lazy("challenge", "Submitted"),
    Challenge.Status.IN_REVIEW: pgettext_lazy("challenge", "Being assessed"),
    Challenge.Status.IN_TALKS: pgettext_lazy("challenge", "In talks"),
    Challenge.Status.GRANTED: pgettext_lazy("challenge", "Agreed"),
    Challenge.Status.REFUSED: pgettext_lazy("challenge", "Refused"),
    Challenge.Status.WITHDRAWN: pgettext_lazy("challenge", "Withdrawn"),
}


def _current_contacts() -> Prefetch[Any]:
    today = timezone.localdate()
    return Prefetch(
        "contacts",
        queryset=ContactPerson.objects.select_related("resident")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), started_on__lte=today)
        .order_by("pk"),
        to_attr="current_contacts",
    )


def contact_resident_ids(initiative: Initiative) -> list[int]:
    """The residents who speak for the initiative now (from the loaders' prefetch)."""
    return initiative.contact_resident_ids()


def current_contact_names(initiative: Initiative) -> list[str]:
    """Every current contact's name, for the initiative's stewards (not for public pages)."""
    contacts: list[ContactPerson] = getattr(initiative, "current_contacts", [])
    return [str(c.resident) for c in contacts]


def public_contact_names(initiative: Initiative) -> list[str]:
    """Contacts who consented to their name on public pages; the others are not named."""
    contacts: list[ContactPerson] = getattr(initiative, "current_contacts", [])
    return [str(c.resident) for c in contacts if c.name_public]


def _initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("district", "neighbourhood").prefetch_related(
        _current_contacts()
    )


def initiative_for(initiative_id: int) -> Initiative | None:
    return _initiatives().filter(pk=initiative_id).first()


def application_for(initiative_id: int, application_id: int) -> Application | None:
    """The application of this initiative (another initiative's id in the path: none)."""
    return (
        Application.objects.select_related("decided_by")
        .prefetch_related(Prefetch("initiative", queryset=_initiatives()))
        .filter(pk=application_id, initiative_id=initiative_id)
        .first()
    )


def challenge_for(challenge_id: int) -> Challenge | None:
    return (
        Challenge.objects.prefetch_related(
            Prefetch("initiative", queryset=_initiatives()),
            Prefetch("steps", queryset=ChallengeStep.objects.order_by("at", "pk")),
        )
        .filter(pk=challenge_id)
        .first()
    )


def challenges_public() -> list[Challenge]:
    """Every challenge, newest first, with its initiative and district (one query each)."""
    return list(
        Challenge.objects.select_related("initiative__district").order_by("-submitted_at", "-pk")
    )


def limit_cents() -> int:
    return int(settings.INITIATIVES_COORDINATOR_LIMIT_CENTS)


def decider_role(application: Application) -> str:
    return rules.application_decider_role(application.amount_cents, limit_cents())


def is_overdue(decide_by: dt.date, status: str, today: dt.date | None = None) -> bool:
    """Open past its decision date (the day itself still counts as in time)."""
    today = today or timezone.localdate()
    open_statuses = {Application.Status.SUBMITTED, *CHALLENGE_OPEN}
    return status in open_statuses and decide_by < today


CHALLENGE_OPEN = frozenset(
    {Challenge.Status.SUBMITTED, Challenge.Status.IN_REVIEW, Challenge.Status.IN_TALKS}
)


@dataclass(frozen=True)
class QueueRow:
    application: Application
    overdue: bool
    days_left: int
    decider: str  # a Role value


def district_queue(district_id: int) -> list[QueueRow]:
    """Open applications of the district's initiatives, the most urgent first, each with its
    deadline and who decides it; overdue ones flagged."""
    today = timezone.localdate()
    open_apps = (
        Application.objects.select_related("initiative")
        .filter(initiative__district_id=district_id, status=Application.Status.SUBMITTED)
        .order_by("decide_by", "pk")
    )
    return [
        QueueRow(
            application=a,
            overdue=a.decide_by < today,
            days_left=(a.decide_by - today).days,
            decider=decider_role(a),
        )
        for a in open_apps
    ]


def district_challenges(district_id: int) -> list[Challenge]:
    return list(
        Challenge.objects.select_related("initiative")
        .filter(initiative__district_id=district_id, status__in=CHALLENGE_OPEN)
        .order_by("decide_by", "pk")
    )


def public_applications(initiative: Initiative) -> list[Application]:
    """An initiative's applications for its public page: what was asked, decided and done
    (public money); withdrawn ones left out. No person is named."""
    return list(
        initiative.applications.exclude(status=Application.Status.WITHDRAWN).order_by(
            "-year", "-submitted_at", "-pk"
        )
    )


def public_challenges(initiative: Initiative) -> list[Challenge]:
    return list(initiative.challenges.order_by("-submitted_at", "-pk"))


def initiative_applications(initiative: Initiative) -> list[Application]:
    """All of an initiative's applications, withdrawn ones too (for its stewards)."""
    return list(initiative.applications.order_by("-submitted_at", "-pk"))


def figures_of(application: Application) -> list[tuple[str, int]]:
    """The accountability's figures that were filled in, with their labels, in a fixed order."""
    labels = {
        "people_reached": _("People who took part"),
        "activities": _("Activities"),
        "volunteers": _("Volunteers"),
        "hours": _("Volunteer hours"),
    }
    figures = application.figures if isinstance(application.figures, dict) else {}
    return [(labels[key], int(figures[key])) for key in labels if key in figures]
