"""The first administrator of a new installation, from the server's command line.

Whoever runs commands on the server is trusted already, so this bypasses the second
administrator's approval (there is none yet); the account is recorded in the audit trail as
created by "system". It gets no password: the command prints a one-time set-password link.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from nabij.access.models import AuditKind, Organisation, Professional, Role
from nabij.access.services import audit


class Command(BaseCommand):
    help = "Create an administrator account and print its one-time set-password link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="name; created if missing")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--base-url", default="", help="e.g. https://nabij.example.nl")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username or User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"username {username!r} is empty or taken")
        organisation, _ = Organisation.objects.get_or_create(
            name=options["organisation"].strip(),
            defaults={"kind": Organisation.Kind.MUNICIPALITY},
        )
        user = User(
            username=username,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        user.set_unusable_password()
        user.save()
        Professional.objects.create(user=user, role=Role.ADMINISTRATOR, organisation=organisation)
        audit(
            None,
            AuditKind.ACCOUNT_CREATED,
            subject=user,
            after={"role": Role.ADMINISTRATOR, "organisation": organisation.name},
            reason="create_administrator (command line)",
        )
        audit(None, AuditKind.PASSWORD_LINK_ISSUED, subject=user)
        path = reverse(
            "access:set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        self.stdout.write(f"{options['base_url'].rstrip('/')}{path}")
