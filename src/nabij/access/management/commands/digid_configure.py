"""Write DigiD's SAML configuration from the environment (see nabij.access.digid_configure).

Exit status: 0 written (or unchanged, or checked), 1 findings (nothing written), 2 usage (no
DigiD variables set, so nothing to configure).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from nabij.access import digid_configure

OK, FINDINGS, USAGE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Configure DigiD (SAML) from the DIGID_* environment variables: the IdP metadata, the "
        "service provider's PKIoverheid certificate and key, entity id and base URL. Checks "
        "everything first; writes in one transaction. Exit 0: done, 1: findings, 2: usage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="check everything, let the library try it, then write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = run(check_only=options["check"], out=self.stdout, err=self.stderr)
        if code:
            sys.exit(code)


def run(*, check_only: bool = False, out: Any = None, err: Any = None) -> int:
    """The command, callable from ``nabij serve``: returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    if not digid_configure.requested(os.environ):
        err.write(
            "digid_configure: no DigiD variables set; nothing to configure. Set "
            "DIGID_ENTITY_ID, DIGID_BASE_URL, DIGID_CERTIFICATE_FILE, DIGID_PRIVATE_KEY_FILE, "
            "and DIGID_METADATA_URL or DIGID_METADATA_FILE (see .env.example).\n"
        )
        return USAGE
    with translation.override("en"):
        environment, findings = digid_configure.read_environment(os.environ)
        if environment is None:
            err.write("digid_configure: nothing written; fix these first:\n")
            for finding in findings:
                err.write(f"  {finding}\n")
            return FINDINGS
        try:
            outcome = digid_configure.write_configuration(environment, check_only=check_only)
        except digid_configure.ConfigurationRefused as exc:
            err.write(f"digid_configure: nothing written; the DigiD library refused it: {exc}\n")
            return FINDINGS
    if check_only:
        out.write("DigiD configuration checked; nothing written.\n")
    elif outcome.changed:
        out.write(f"DigiD configuration written ({', '.join(outcome.changed)}).\n")
    else:
        out.write("DigiD configuration unchanged.\n")
    for line in outcome.summary:
        out.write(f"  {line}\n")
    for warning in outcome.warnings:
        err.write(f"digid_configure: warning: {warning}\n")
    return OK
