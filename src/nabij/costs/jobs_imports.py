"""The cost import through the page as a background job.

The page stores the upload privately under the data directory (``private/imports/``, readable
by the server's user alone) and starts a job; a worker runs ``imports.import_files`` on it,
exactly as the page did inside its request, reports its phases on the job page, and deletes
the stored file when it is done with it. The import is all or nothing, and a file imported
before is recognised by its hash: a job taken up again after a worker stopped imports nothing
twice.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nabij.costs.imports import ImportRefused, import_files
from nabij.costs.imports.progress import Progress

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from nabij.jobs.models import Job
    from nabij.jobs.services import JobContext

SHOWN_FINDINGS = 500
CHUNK = 1 << 20


def upload_dir() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports"


def store_upload(upload: UploadedFile) -> tuple[str, str]:
    """Save the upload privately; returns (stored name, sha256 of its bytes)."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = uuid.uuid4().hex
    digest = hashlib.sha256()
    path = folder / name
    with path.open("xb") as out:
        path.chmod(0o600)
        upload.seek(0)
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return name, digest.hexdigest()


def stored_path(name: str) -> Path:
    if not name.isalnum():  # only names store_upload gave
        raise ValueError(name)
    return upload_dir() / name


def discard(name: str) -> None:
    stored_path(name).unlink(missing_ok=True)


class _JobProgress(Progress):
    """The pipeline's progress (reading, checking, writing) onto the job page."""

    def __init__(self, ctx: JobContext) -> None:
        super().__init__()
        self.tty = False
        self.ctx = ctx

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self.ctx.progress(0, self.total, label[:1].upper() + label[1:])

    def update(self, done: int) -> None:
        self.done = done
        self.ctx.progress(done)

    def finish(self) -> None:
        self.ctx.progress(self.total)


def run(job: Job, ctx: JobContext) -> None:
    from nabij.jobs.services import JobFailed

    p = job.params
    path = stored_path(p["file"])
    if not path.exists():
        raise JobFailed(_("The uploaded file is no longer there. Please upload it again."))
    try:
        try:
            [result] = import_files(
                ctx.actor,
                [(p["name"], lambda: path.open("rb"), int(p["size"]))],
                progress=_JobProgress(ctx),
            )
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
    summary: dict[str, Any] = asdict(result)
    when = result.imported_at
    summary["imported_at"] = (
        formats.date_format(timezone.localtime(when), "j F Y H:i") if when else ""
    )
    ctx.complete(summary)  # the figures are the result; the page leads back to the uploads
