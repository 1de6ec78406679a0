from __future__ import annotations

from nabij.jobs.models import Job


def job_of(job_id: int, user_id: int | None) -> Job | None:
    """The job, only for the person who started it (anyone else: as if it did not exist)."""
    if user_id is None:
        return None
    return Job.objects.filter(pk=job_id, started_by_id=user_id).first()
