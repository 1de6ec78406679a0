"""The one task the framework carries: run a job by its id. The job row holds everything else."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from nabij.jobs.services import job_run

    return job_run(job_id)
