"""Berichten: a secure message thread between a household member and the household's
professionals (its coordinator first), inside the product.

Each member of 16 or over has one thread per household. What a member writes, and what the
professionals write to them, is shared with the household's other adult members unless it is
marked private ("alleen voor mij"): then only that member and the professionals see it. The
rule lives in ``selectors.messages_visible_to``. An email only ever says that something new is
waiting, never what or from whom (``services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_BODY = 4000


class Thread(models.Model):
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="threads"
    )
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="threads"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "resident"]
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        constraints = [
            models.UniqueConstraint(fields=["household", "resident"], name="thread_once_per_member")
        ]

    def __str__(self) -> str:
        return f"thread of resident {self.resident_id} in household {self.household_id}"


class Message(models.Model):
    class Author(models.TextChoices):
        RESIDENT = "resident", _("The household member")
        PROFESSIONAL = "professional", _("A professional")

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_kind = models.CharField(_("written by"), max_length=12, choices=Author.choices)
    body = models.TextField(_("message"), max_length=MAX_BODY)
    # Only the thread's member and the professionals see it, never another member.
    private = models.BooleanField(_("only for me"), default=False)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # When the other side first opened it: the professionals for a member's message, the
    # member for a professional's.
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "sent_at"], name="message_thread_sent")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="message_not_empty"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in thread {self.thread_id}"

    @property
    def from_resident(self) -> bool:
        return self.author_kind == self.Author.RESIDENT
