"""Reads for Berichten. Callers log what they show through the gate.

``messages_visible_to`` is the one rule of who sees which message, used by the pages, the API
and the export: a member sees everything in their own thread, and in the threads of the
household's other current members only what is not private. A former member's thread (an
ex-partner's) is shown to no member at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nabij.conversations.models import Message, Thread
from nabij.people.models import Household


def messages_visible_to(
    household_id: int, resident_id: int, current_member_ids: Iterable[int]
) -> QuerySet[Message]:
    """What one member of the household sees, newest first."""
    others = [pk for pk in current_member_ids if pk != resident_id]
    return (
        Message.objects.filter(thread__household_id=household_id)
        .filter(
            Q(thread__resident_id=resident_id) | Q(thread__resident_id__in=others, private=False)
        )
        .select_related("thread__resident", "author")
        .order_by("-sent_at", "-pk")
    )


def unread_for_resident(household_id: int, resident_id: int) -> int:
    return Message.objects.filter(
        thread__household_id=household_id,
        thread__resident_id=resident_id,
        author_kind=Message.Author.PROFESSIONAL,
        read_at__isnull=True,
    ).count()


@dataclass
class ThreadView:
    """A member's thread as the professionals see it (every message, private ones marked)."""

    thread: Thread
    messages: list[Message]
    current: bool  # the member still belongs to the household


def household_threads(household: Household, current_member_ids: Iterable[int]) -> list[ThreadView]:
    current = set(current_member_ids)
    threads = list(
        Thread.objects.filter(household=household)
        .select_related("resident")
        .prefetch_related("messages__author")
        .order_by("resident__first_name", "pk")
    )
    return [
        ThreadView(thread=t, messages=list(t.messages.all()), current=t.resident_id in current)
        for t in threads
    ]


@dataclass(frozen=True)
class Counts:
    messages: int
    unread: int


def household_counts(household: Household) -> Counts:
    """For the dossier's panel: how many messages, how many not read by a professional."""
    counts = Message.objects.filter(thread__household=household).aggregate(
        messages=Count("pk"),
        unread=Count("pk", filter=Q(author_kind=Message.Author.RESIDENT, read_at__isnull=True)),
    )
    return Counts(messages=counts["messages"], unread=counts["unread"])


def messages_data(
    household_id: int, resident_id: int, current_member_ids: Iterable[int]
) -> list[dict[str, object]]:
    """The messages a member sees, for their export (AVG art. 15 and 20), oldest first: their
    own thread whole, the other current members' shared messages; never a private one of
    another member, never a former member's."""
    return [
        {
            "sent_at": m.sent_at.isoformat(),
            "member": m.thread.resident.first_name,
            "in_my_thread": m.thread.resident_id == resident_id,
            "written_by": (
                m.thread.resident.first_name
                if m.from_resident
                else m.author.get_full_name() or m.author.get_username()
            ),
            "by_a_professional": not m.from_resident,
            "only_for_me": m.private,
            "text": m.body,
            "read_at": m.read_at.isoformat() if m.read_at is not None else None,
        }
        for m in messages_visible_to(household_id, resident_id, current_member_ids).order_by(
            "sent_at", "pk"
        )
    ]
