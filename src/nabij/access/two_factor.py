"""Two-factor login (TOTP, with static backup codes) through django-otp.

Administrators, team coordinators, referrers (and any account that can open the administration) log
in with a password and then a code: the 6-digit code of an authenticator app (TOTP, RFC 6238),
or one of their single-use backup codes. Whoever has no device yet sets one up at their first
login, after the password and before they are logged in.
"""

from __future__ import annotations

import base64
import binascii
import re

import segno
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.access.models import Professional, Role

# A referrer works outside the municipality, on a partner's network: two factors as well.
SECOND_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.TEAM_COORDINATOR, Role.REFERRER})
BACKUP_CODES = 10
DEVICE_NAME = "Nabij"
BACKUP_DEVICE_NAME = "Nabij backup codes"
_TOTP_CODE = re.compile(r"\d{6}")


def second_factor_required(user: AbstractBaseUser) -> bool:
    """Administrators, team coordinators, and any account that can open the administration."""
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    role = Professional.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    return role in SECOND_FACTOR_ROLES


def has_device(user: AbstractBaseUser) -> bool:
    return bool(user_has_device(user, confirmed=True))


def code_normalise(token: str) -> str:
    """Codes as people type them: "123 456" or "123-456" from the app, backup codes in any case."""
    cleaned = "".join(token.split())
    digits = cleaned.replace("-", "")
    return digits if _TOTP_CODE.fullmatch(digits) else cleaned.lower()


def code_verify(user: AbstractBaseUser, token: str) -> Device | None:
    """The confirmed device that accepts this code, or None.

    Six digits go to the authenticator app's device, anything else to the backup codes, so a
    backup code never counts as a wrong TOTP code in django-otp's own back-off. Devices are
    locked while checking, so one code cannot be used twice by concurrent requests.
    """
    token = code_normalise(token)
    model: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if _TOTP_CODE.fullmatch(token) else StaticDevice
    )
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return device
    return None


def enrollment_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator device being set up (the same one on every reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def enrollment_confirm(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new backup codes, or None."""
    token = code_normalise(token)
    if not _TOTP_CODE.fullmatch(token):
        return None
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed or not locked.verify_token(token):
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        return backup_codes_create(locked.user)


def backup_codes_create(user: User, codes: list[str] | None = None) -> list[str]:
    """Replace the user's backup codes; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = codes or [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
    return codes


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_hex(base32: str) -> str:
    """A base32 secret (as printed for the demo) as django-otp stores it."""
    padded = base32.upper() + "=" * (-len(base32) % 8)
    try:
        return base64.b32decode(padded).hex()
    except binascii.Error as exc:
        raise ValueError(f"not a base32 secret: {base32!r}") from exc


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as a QR code, an SVG ``data:`` URI (the CSP allows data: images)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
