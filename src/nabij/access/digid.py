"""DigiD for residents, through Maykin's django-digid-eherkenning.

The library resolves the SAML artifact (production) or takes the BSN from its mock IdP (demo
and tests) and then asks its backend for "the user with this BSN". Nabij answers that question
itself: a BSN opens an account only for a resident who is a current member of a household and
16 or over. No account is ever created for an unknown BSN, and a resident account never has a
password or a professional's role.
"""

from __future__ import annotations

from typing import Any

from digid_eherkenning import backends as saml_backends
from digid_eherkenning.mock import backends as mock_backends
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from nabij.access import rules, throttle
from nabij.access.models import LoginEvent, Professional, ResidentAccount
from nabij.core.client import client_address

REFUSAL_ATTRIBUTE = "_nabij_digid_refused"


def resident_user_for_bsn(request: HttpRequest | None, bsn: str) -> User | None:
    """The resident's account for this BSN, created on the first login; ``None`` (and a login
    event) when the BSN is not a current member of 16 or over."""
    from nabij.people.models import Resident

    address = client_address(request) if request is not None else None
    resident = Resident.objects.filter(bsn=bsn).first() if bsn.isdigit() else None
    membership = (
        rules.resident_membership(resident, timezone.localdate()) if resident is not None else None
    )
    if resident is None or membership is None:
        throttle.event_record(
            kind=LoginEvent.Kind.DIGID_REFUSED,
            username=f"digid:{resident.pk}" if resident is not None else "digid:unknown",
            client_address=address,
            detail="no membership" if resident is not None else "unknown bsn",
        )
        if request is not None:
            setattr(request, REFUSAL_ATTRIBUTE, True)
        return None
    with transaction.atomic():
        account = ResidentAccount.objects.select_related("user").filter(resident=resident).first()
        if account is None:
            user = User(username=f"digid-{resident.pk}", first_name=resident.first_name)
            user.set_unusable_password()
            user.save()
            account = ResidentAccount.objects.create(user=user, resident=resident)
    user = account.user
    if not user.is_active or Professional.objects.filter(user=user).exists():
        return None  # never a professional and a resident in one account
    return user


class DigiDBackend(saml_backends.DigiDBackend):
    """The library's SAML flow; the account is Nabij's."""

    def get_or_create_user_from_bsn(self, request: HttpRequest, bsn: str) -> Any:
        return resident_user_for_bsn(request, bsn or "")


class MockDigiDBackend(mock_backends.DigiDBackend):
    """The library's mock IdP (demo and tests only: ``DIGID_MOCK``); the account is Nabij's."""

    def get_or_create_user_from_bsn(self, request: HttpRequest, bsn: str) -> Any:
        return resident_user_for_bsn(request, bsn or "")
