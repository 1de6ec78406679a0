"""``/api/v1/me/messages``: Berichten for a future app, on the resident's session, with the same
services, selectors and gate as the page (``portal.views_messages``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.conversations import services
from nabij.conversations.models import MAX_BODY, Message
from nabij.core.api_schema import InputSchema
from nabij.core.ids import MAX_OFFSET
from nabij.portal.api import ERRORS, ResidentSession, actor
from nabij.portal.views_messages import shown_subjects, visible

router = Router(tags=["me"], auth=ResidentSession())


class MeMessageOut(Schema):
    id: int
    sent_at: dt.datetime
    body: str
    private: bool = Field(description="For the member of this thread and the professionals only")
    author_kind: str = Field(description="resident or professional")
    author_name: str = Field(description="A member's first name, or the professional's name")
    mine: bool = Field(description="Written by the signed-in member")
    in_my_thread: bool = Field(description="In the signed-in member's own thread")
    member_first_name: str = Field(description="The member whose thread this message is in")
    read_at: dt.datetime | None = Field(
        description="When the other side first read it (professionals, or the member)"
    )


class MeMessagePage(Schema):
    items: list[MeMessageOut]
    count: int


class MeMessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=MAX_BODY)
    private: bool = Field(False, description="Only for me: other members never see it")


class MeNotificationOut(Schema):
    email: str = Field(description="Empty: no emails. An email never says what or from whom.")


class MeNotificationIn(InputSchema):
    email: str = Field(max_length=254)


def _out(message: Message, resident_id: int) -> MeMessageOut:
    member = message.thread.resident
    return MeMessageOut(
        id=message.pk,
        sent_at=message.sent_at,
        body=message.body,
        private=message.private,
        author_kind=message.author_kind,
        author_name=(
            member.first_name
            if message.from_resident
            else message.author.get_full_name() or message.author.get_username()
        ),
        mine=message.from_resident and member.pk == resident_id,
        in_my_thread=member.pk == resident_id,
        member_first_name=member.first_name,
        read_at=message.read_at,
    )


@router.get("/me/messages", response={200: MeMessagePage, **ERRORS})
def message_list(
    request: HttpRequest,
    limit: int = Query(30, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> object:
    """The member's messages, newest first: their own thread whole, and what the household's
    other current members shared. What the professionals wrote them is then read."""
    own = gate.own_household_for(
        actor(request), event=Event.ME_MESSAGES_VIEW, subjects=shown_subjects
    )
    found = visible(own)
    items = [_out(m, own.resident.pk) for m in found[offset : offset + limit]]
    count = found.count()
    services.read_by_resident(household=own.household, resident=own.resident)
    return MeMessagePage(items=items, count=count)


@router.post("/me/messages", response={201: MeMessageOut, **ERRORS})
def message_send(request: HttpRequest, payload: MeMessageIn) -> object:
    """Write to the household's professionals; the coordinator gets an email that says only
    that there is a new message."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_MESSAGE_SEND, subjects=[act.resident_id])
    message = services.message_from_resident(
        actor=act, household=own.household, body=payload.body, private=payload.private
    )
    return Status(201, _out(message, own.resident.pk))


@router.get("/me/messages/notifications", response={200: MeNotificationOut, **ERRORS})
def notifications_get(request: HttpRequest) -> object:
    act = actor(request)
    gate.own_household_for(act, event=Event.ME_NOTIFY_EMAIL_VIEW, subjects=[act.resident_id])
    return MeNotificationOut(email=act.account.email)


@router.put("/me/messages/notifications", response={200: MeNotificationOut, **ERRORS})
def notifications_set(request: HttpRequest, payload: MeNotificationIn) -> object:
    """The member's own address for "there is a new message" emails (empty: none)."""
    act = actor(request)
    gate.own_household_for(act, event=Event.ME_NOTIFY_EMAIL_SET, subjects=[act.resident_id])
    return MeNotificationOut(email=services.notification_email_set(actor=act, email=payload.email))
