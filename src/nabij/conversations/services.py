"""Writes for Berichten: a member's message, a professional's answer, read receipts, and the
member's own address for notifications.

Callers pass what they obtained through ``nabij.access.gate`` (the resident's own household,
or a household a professional works on); the gate has logged the access. A notification is
sent after the commit and only says that something new is waiting: never the text, never a
name (an email can be read by anyone with the phone).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nabij.access.enums import AssignmentKind
from nabij.access.gate import Actor
from nabij.access.models import Assignment, ResidentAccount
from nabij.access.rules import RESIDENT_MIN_AGE
from nabij.conversations.models import MAX_BODY, Message, Thread
from nabij.core.validators import clean_text
from nabij.people.models import Household, Membership, Resident

logger = logging.getLogger("nabij.conversations")


def _body(text: str) -> str:
    try:
        body = clean_text(text, multiline=True).strip()
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("A message has at most %(n)d characters.") % {"n": MAX_BODY}}
        )
    return body


def _thread(household: Household, resident: Resident) -> Thread:
    thread, _created = Thread.objects.get_or_create(household=household, resident=resident)
    return thread


def _notify(addresses: list[str], *, to_resident: bool) -> None:
    """One email per address (nobody sees another's), in the product's language, saying only
    that there is something new. A mail server that fails loses the notice, never the
    message: it is in Nabij either way."""
    with translation.override(settings.LANGUAGE_CODE):
        if to_resident:
            subject = _("New message in Mijn Nabij")
            text = _("There is a new message in Mijn Nabij. Log in to read it.")
        else:
            subject = _("New message in Nabij")
            text = _("There is a new message in Nabij. Log in to read it.")
    for address in addresses:
        try:
            send_mail(subject, text, None, [address])
        except Exception:  # the mail server is down: the message is still in Nabij
            logger.warning("conversations.notification_failed", exc_info=True)


def _professional_addresses(household: Household) -> list[str]:
    """The household's coordinator: the one who answers first."""
    return [
        email
        for email in Assignment.objects.filter(
            household=household, kind=AssignmentKind.COORDINATOR, ended_on__isnull=True
        ).values_list("professional__user__email", flat=True)
        if email
    ]


def _resident_addresses(resident: Resident) -> list[str]:
    return [
        email
        for email in ResidentAccount.objects.filter(resident=resident).values_list(
            "user__email", flat=True
        )
        if email
    ]


@transaction.atomic
def message_from_resident(
    *, actor: Actor, household: Household, body: str, private: bool = False
) -> Message:
    """The signed-in member writes in their own thread; the coordinator is told by email (if
    they have an address) that a message is waiting."""
    resident = actor.resident
    if resident is None:
        raise ValidationError(_("Only a member of the household writes here."))
    message = Message.objects.create(
        thread=_thread(household, resident),
        author=actor.account,
        author_kind=Message.Author.RESIDENT,
        body=_body(body),
        private=private,
    )
    addresses = _professional_addresses(household)
    transaction.on_commit(lambda: _notify(addresses, to_resident=False))
    return message


@transaction.atomic
def message_from_professional(
    *, actor: Actor, household: Household, resident_id: int, body: str, private: bool = False
) -> Message:
    """A professional answers a member of 16 or over (children under 16 have no door of
    their own); the member is told by email, if they gave an address, that a message waits."""
    if actor.professional is None:
        raise ValidationError(_("Only a professional answers here."))
    membership = (
        Membership.objects.select_related("resident")
        .filter(household=household, resident_id=resident_id, ended_on__isnull=True)
        .first()
    )
    today = timezone.localdate()
    if membership is None or membership.resident.age_on(today) < RESIDENT_MIN_AGE:
        raise ValidationError(
            {"resident": _("Choose a current member of the household of 16 or over.")}
        )
    message = Message.objects.create(
        thread=_thread(household, membership.resident),
        author=actor.account,
        author_kind=Message.Author.PROFESSIONAL,
        body=_body(body),
        private=private,
    )
    addresses = _resident_addresses(membership.resident)
    transaction.on_commit(lambda: _notify(addresses, to_resident=True))
    return message


def read_by_resident(*, household: Household, resident: Resident) -> int:
    """The member opened their messages: what the professionals wrote them is read."""
    return Message.objects.filter(
        thread__household=household,
        thread__resident=resident,
        author_kind=Message.Author.PROFESSIONAL,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def read_by_professional(*, household: Household) -> int:
    """A professional of the household opened the messages: what the members wrote is read."""
    return Message.objects.filter(
        thread__household=household,
        author_kind=Message.Author.RESIDENT,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def notification_email_set(*, actor: Actor, email: str) -> str:
    """The member's own address for "there is a new message" emails, set by the member alone
    (on their account; empty: no emails). Nothing else is ever sent to it."""
    if actor.resident is None:
        raise ValidationError(_("Only a resident sets this."))
    address = email.strip()
    if address:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError(
                {"email": _("Enter an email address such as naam@voorbeeld.nl.")}
            ) from exc
    account = actor.account
    account.email = address
    account.save(update_fields=["email"])
    return address
