"""Two-factor login in the demo: fixed, published TOTP secrets and backup codes.

The demo's team coordinator (``teamleider``) and administrator (``beheerder``) log in with two
factors like everyone in those roles. So that ``nabij serve`` still just works, the demo loader
enrolls them with the secrets below, ``nabij serve`` prints them, and ``nabij totp <username>``
prints the current code. Like the demo passwords they are public: never in production, and
``demo_totp_code`` refuses any account whose secret is not the demo's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.access import two_factor


class DemoTwoFactorError(RuntimeError):
    """No demo code for this account; the message says why."""


@dataclass(frozen=True)
class DemoSecondFactor:
    username: str
    secret: str  # base32, as typed into an authenticator app
    backup_codes: tuple[str, ...]

    @property
    def secret_grouped(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


DEMO_SECOND_FACTORS: tuple[DemoSecondFactor, ...] = (
    DemoSecondFactor(
        "teamleider",
        "NABIJDEMOTEAMLEIDERTWEESTAPSCODE",
        ("teamleider-1", "teamleider-2", "teamleider-3"),
    ),
    DemoSecondFactor(
        "verwijzer",
        "NABIJDEMOVERWIJZERTWEESTAPSCODES",
        ("verwijzer-1", "verwijzer-2", "verwijzer-3"),
    ),
    DemoSecondFactor(
        "beheerder",
        "NABIJDEMOBEHEERDERTWEESTAPSCODES",
        ("beheerder-1", "beheerder-2", "beheerder-3"),
    ),
)
_BY_USERNAME = {spec.username: spec for spec in DEMO_SECOND_FACTORS}


def _refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoTwoFactorError("Geen democodes met NABIJ_ENV=production.")


@transaction.atomic
def demo_second_factors_ensure() -> None:
    """Enroll the demo accounts that have no authenticator yet; leave enrolled ones be."""
    _refuse_in_production()
    users = User.objects.in_bulk(
        [spec.username for spec in DEMO_SECOND_FACTORS], field_name="username"
    )
    for spec in DEMO_SECOND_FACTORS:
        user = users.get(spec.username)
        if user is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(
            user=user, name="Nabij demo", key=two_factor.secret_hex(spec.secret), confirmed=True
        )
        two_factor.backup_codes_create(user, list(spec.backup_codes))


def _demo_device(username: str) -> TOTPDevice:
    _refuse_in_production()
    spec = _BY_USERNAME.get(username)
    if spec is None:
        names = ", ".join(_BY_USERNAME)
        raise DemoTwoFactorError(
            f"{username!r} is geen demo-account met tweestapsinloggen ({names})."
        )
    device = (
        TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
    )
    if device is None or device.key != two_factor.secret_hex(spec.secret):
        raise DemoTwoFactorError(
            f"{username} gebruikt niet de demosleutel: de code staat alleen in de eigen app."
        )
    return device


def demo_totp_code(username: str) -> str:
    """The current code of a demo account, only while it still has the published secret."""
    return two_factor.current_code(_demo_device(username))


def demo_backup_codes_left(username: str) -> list[str]:
    """The published backup codes of this demo account that have not been used yet."""
    spec = _BY_USERNAME[username]
    left = set(
        StaticToken.objects.filter(
            device__user__username=username, token__in=spec.backup_codes
        ).values_list("token", flat=True)
    )
    return [code for code in spec.backup_codes if code in left]


def demo_second_factor_lines() -> list[str]:
    """What ``nabij serve`` prints under the demo logins."""
    lines = [
        "Tweestapsinloggen (teamleider, verwijzer, beheerder): na het wachtwoord vraagt Nabij "
        "een code.",
        "  Code nu:  uv run nabij totp <gebruikersnaam>",
        "  Of zet de sleutel in een authenticator-app; een reservecode werkt elk één keer.",
    ]
    for spec in DEMO_SECOND_FACTORS:
        try:
            _demo_device(spec.username)
        except DemoTwoFactorError:
            continue
        codes = ", ".join(demo_backup_codes_left(spec.username)) or "(op)"
        lines.append(f"  {spec.username:<14} sleutel {spec.secret_grouped}")
        lines.append(f"  {'':<14} reservecodes {codes}")
    return lines
