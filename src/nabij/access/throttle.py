"""The login throttle: atomic, per account and per address, and proof against lock-out floods.

Every login step (the password, and the second factor's code) first *reserves* an attempt:
in one transaction each counter concerned is raised by one in a single conditional
``UPDATE … SET failures = failures + 1 WHERE key = … AND failures < limit`` (or restarted at 1
when its window has passed). The database applies these one at a time per row, re-checking the
condition on the latest row, so of any number of concurrent attempts only as many as the limit
allows get through; an attempt that finds one counter full is refused, undoes the others and is
not even checked against the password. A step that then succeeds gives its attempt back; a
failed one leaves it counted. The window (``LOGIN_LOCKOUT_SECONDS``) starts at a counter's
first failure.

Which counters an attempt goes to (after OWASP's "device cookies"):

* A browser that logged in to an account before carries a signed device cookie bound to that
  account. An attempt for that same account with that cookie is counted only against the
  cookie (``LOGIN_MAX_FAILURES``). Strangers cannot reach that counter, so however many wrong
  passwords they send for the account or from the same address, the account's own users keep
  getting in from the browsers they used before.
* Every other attempt is counted against the account (``LOGIN_MAX_FAILURES``) and against the
  client address (4 times ``LOGIN_MAX_FAILURES``, for password spraying across many usernames).
  A flood of made-up usernames from an address locks that address out for browsers without a
  device cookie, never the account of someone who logs in with one.

Each refusal and failure is written to ``LoginEvent`` for audit, never to the access log.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from nabij.access.models import LoginEvent, LoginThrottle

ACCOUNT = "account"
ADDRESS = "address"
DEVICE = "device"
ADDRESS_FACTOR = 4
DEVICE_COOKIE = "nabij_device"
_DEVICE_SALT = "nabij.access.throttle.device"
PURGE_ONE_IN = 200


@dataclass(frozen=True)
class Bucket:
    kind: str
    key: str
    limit: int


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def normalise_username(username: str) -> str:
    return username.strip().lower()[:150]


def device_cookie_id(request: HttpRequest, username: str) -> str | None:
    """The id of a valid device cookie bound to this username, or None."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(
            value, salt=_DEVICE_SALT, max_age=dt.timedelta(days=settings.LOGIN_DEVICE_COOKIE_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != normalise_username(username):
        return None
    device = data.get("d")
    return device if isinstance(device, str) and device else None


def device_cookie_set(response: HttpResponse, username: str) -> None:
    """After a complete login: this browser is now known for this account."""
    value = signing.dumps(
        {"u": normalise_username(username), "d": secrets.token_urlsafe(16)}, salt=_DEVICE_SALT
    )
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=settings.LOGIN_DEVICE_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def buckets_for(
    *, username: str, client_address: str | None, device_id: str | None
) -> tuple[Bucket, ...]:
    limit = settings.LOGIN_MAX_FAILURES
    if device_id:
        return (Bucket(DEVICE, f"{DEVICE}:{device_id}", limit),)
    buckets = [Bucket(ACCOUNT, f"{ACCOUNT}:{normalise_username(username)}", limit)]
    if client_address:
        buckets.append(Bucket(ADDRESS, f"{ADDRESS}:{client_address}", limit * ADDRESS_FACTOR))
    return tuple(buckets)


def _count(bucket: Bucket, now: dt.datetime) -> bool:
    """One conditional UPDATE: raise the counter unless it is full (restart a passed window)."""
    expired = Q(window_started_at__lt=now - _window())
    return bool(
        LoginThrottle.objects.filter(
            Q(key=bucket.key) & (expired | Q(failures__lt=bucket.limit))
        ).update(
            failures=Case(When(expired, then=Value(1)), default=F("failures") + 1),
            window_started_at=Case(When(expired, then=Value(now)), default=F("window_started_at")),
        )
    )


def _counters_ensure(keys: list[str], now: dt.datetime) -> None:
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(key=key, failures=0, window_started_at=now) for key in keys],
        ignore_conflicts=True,
    )


def attempt_reserve(buckets: tuple[Bucket, ...]) -> Bucket | None:
    """Count one attempt in every bucket, all or none; returns the bucket that was full, if any.

    Call before checking the password or code; on success give it back with
    ``attempt_release``.
    """
    if secrets.randbelow(PURGE_ONE_IN) == 0:
        counters_purge()  # now and then, so made-up usernames do not pile up rows
    now = timezone.now()
    ordered = sorted(buckets, key=lambda b: b.key)  # one lock order: no deadlocks
    with transaction.atomic():
        _counters_ensure([b.key for b in ordered], now)
        for bucket in ordered:
            counted = _count(bucket, now)
            if not counted and not LoginThrottle.objects.filter(key=bucket.key).exists():
                # a concurrent purge removed the row between the insert and the update
                _counters_ensure([bucket.key], now)
                counted = _count(bucket, now)
            if not counted:
                transaction.set_rollback(True)
                return bucket
    return None


def counters_purge() -> int:
    """Forget counters whose window has passed (they count as zero anyway); returns how many."""
    deleted, _ = LoginThrottle.objects.filter(
        window_started_at__lt=timezone.now() - _window()
    ).delete()
    return deleted


def attempt_release(buckets: tuple[Bucket, ...]) -> None:
    """The reserved attempt succeeded: it does not count as a failure."""
    LoginThrottle.objects.filter(key__in=[b.key for b in buckets], failures__gt=0).update(
        failures=F("failures") - 1
    )


def event_record(
    *,
    kind: str,
    username: str,
    client_address: str | None,
    user_id: int | None = None,
    detail: str = "",
) -> None:
    LoginEvent.objects.create(
        kind=kind,
        username=normalise_username(username),
        user_id=user_id,
        client_address=client_address,
        detail=detail[:40],
    )
