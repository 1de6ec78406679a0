"""The signal import through the upload page as a background job.

The page stores the upload privately (``costs.jobs_imports.store_upload``: under the data
directory, readable by the server's user alone) and starts a job; a worker runs
``services.signals_import`` on it and deletes the stored file when done. All or nothing: the
import and the job's "done" commit together, and a signal delivered before adds nothing, so a
job taken up again after a worker stopped imports nothing twice.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from nabij.costs.imports.findings import ImportRefused
from nabij.costs.jobs_imports import SHOWN_FINDINGS, stored_path
from nabij.signals.services import signals_import

if TYPE_CHECKING:
    from nabij.jobs.models import Job
    from nabij.jobs.services import JobContext


def run(job: Job, ctx: JobContext) -> None:
    from nabij.jobs.services import JobFailed

    p = job.params
    path = stored_path(p["file"])
    if not path.exists():
        raise JobFailed(_("The uploaded file is no longer there. Please upload it again."))
    try:
        ctx.progress(0, 1, _("Checking and linking the signals"))
        try:
            [result] = signals_import(ctx.actor, [(p["name"], lambda: path.open("rb"))])
        except ImportRefused as refused:
            findings = refused.findings
            raise JobFailed(
                _("The file has problems; nothing was imported."),
                details={
                    "file_name": p["name"],
                    "findings": [
                        {"place": f.place, "message": f.message} for f in findings[:SHOWN_FINDINGS]
                    ],
                    "more": max(0, len(findings) - SHOWN_FINDINGS) + refused.dropped,
                    "finding_count": len(findings) + refused.dropped,
                },
            ) from refused
    finally:
        path.unlink(missing_ok=True)
    ctx.complete(asdict(result))  # counts only: no person's data in the job's summary
