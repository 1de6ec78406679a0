"""Starting, running and recovering background jobs.

- ``job_start``: one job per request; the same request again while it waits or runs gives the
  same job (the key), and the task goes to the worker once the row is committed.
- ``job_run``: what the worker calls. It claims a waiting job (a job already running or finished
  is left alone: running a finished job again changes nothing), runs the kind's handler and
  records the outcome. The handler does its domain write in one transaction and calls
  ``JobContext.complete`` inside it, so the write and "done" commit together; a failure rolls
  both back and the job fails with a reason. Progress and the heartbeat are written by a thread
  of their own, outside that transaction.
- ``jobs_recover``: a job left running by a worker that died (its heartbeat stale) waits again
  and is sent to a worker, up to ``JOBS_MAX_ATTEMPTS`` tries; then it fails with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.models import Professional
from nabij.jobs.models import Job

logger = logging.getLogger(__name__)

State = Job.State

# The handler of each kind: ``handler(job, ctx)``; it calls ``ctx.complete`` or raises JobFailed.
HANDLERS: dict[str, str] = {
    Job.Kind.MATCHING_RUN: "nabij.matching.jobs.run",
    Job.Kind.COSTS_IMPORT: "nabij.costs.jobs_imports.run",
    Job.Kind.VOTE_CLOSE: "nabij.budgets.jobs.close_vote",
    Job.Kind.SIGNALS_IMPORT: "nabij.signals.jobs.run",
}

# Which states a job may move to from each; anything else is a bug, refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.WAITING: frozenset({State.RUNNING, State.FAILED}),
    State.RUNNING: frozenset({State.DONE, State.FAILED, State.WAITING}),
    State.DONE: frozenset(),
    State.FAILED: frozenset(),
}


class JobFailed(Exception):
    """A failure the starter can act on: the message is shown on the job page as it is."""

    def __init__(self, reason: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details or {}


class TransitionError(Exception):
    pass


def _move(job: Job, to: str, **fields: Any) -> bool:
    """Move ``job`` from the state it has to ``to``, only if nobody moved it meanwhile."""
    if to not in TRANSITIONS[job.state]:
        raise TransitionError(f"job {job.pk}: {job.state} -> {to} is not a transition")
    moved = Job.objects.filter(pk=job.pk, state=job.state).update(state=to, **fields)
    if moved:
        job.state = to
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(moved)


def job_key(*, user_id: int, kind: str, params: dict[str, Any], extra: str = "") -> str:
    raw = json.dumps([user_id, kind, params, extra], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def job_start(
    *,
    actor: gate.Actor,
    kind: str,
    params: dict[str, Any],
    key_extra: str = "",
    key_params: dict[str, Any] | None = None,
) -> tuple[Job, bool]:
    """The job for this request: a waiting or running one with the same key, or a new one sent
    to the worker when the transaction commits. Returns (job, created).

    The key is the starter, the kind and ``key_params`` (default: ``params``) with
    ``key_extra``: what makes two requests the same one."""
    user = actor.account
    key = job_key(
        user_id=user.pk,
        kind=kind,
        params=params if key_params is None else key_params,
        extra=key_extra,
    )
    existing = Job.objects.filter(key=key, state__in=Job.ACTIVE).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(
                started_by=user,
                client_address=actor.client_address,
                kind=kind,
                key=key,
                params=params,
            )
    except IntegrityError:  # the same request, a moment earlier, from another thread
        return Job.objects.get(key=key, state__in=Job.ACTIVE), False
    transaction.on_commit(lambda: job_enqueue(job.pk))
    return job, True


def job_enqueue(job_id: int) -> None:
    """Send the job to a worker (the task framework's backend: the database or Redis)."""
    from nabij.jobs.tasks import run_job

    try:
        result = run_job.enqueue(job_id)
    except Exception:  # a broker that is down: the job waits; jobs_recover sends it again
        logger.exception("job %s could not be queued", job_id)
        return
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def actor_of(job: Job) -> gate.Actor:
    """The person who started the job, as the gate knows them, acting from where they were."""
    user = User.objects.get(pk=job.started_by_id)
    professional = (
        Professional.objects.select_related("user", "team", "organisation")
        .filter(user=user)
        .first()
    )
    return gate.Actor(user=user, professional=professional, client_address=job.client_address)


@dataclass
class JobContext:
    """What a handler gets: the starter as an actor, progress to report, and ``complete``."""

    job: Job
    actor: gate.Actor
    _done: int = 0
    _total: int = 0
    _phase: str = ""
    _dirty: bool = True
    _completed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def progress(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        """Only remembered here; the heartbeat thread writes it (outside any transaction)."""
        with self._lock:
            self._done = max(0, int(done))
            if total is not None:
                self._total = max(0, int(total))
            if phase is not None:
                self._phase = phase[:80]
            self._dirty = True

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            self._dirty = False
            return self._done, self._total, self._phase

    def complete(self, summary: dict[str, Any], result_url: str = "") -> None:
        """Mark the job done; call it inside the domain write's transaction."""
        now = timezone.now()
        done = self._total or self._done
        if not _move(
            self.job,
            State.DONE,
            summary=summary,
            result_url=result_url[:300],
            finished_at=now,
            heartbeat_at=now,
            done=done,
            total=self._total,
            phase="",
        ):
            raise TransitionError(f"job {self.job.pk} was no longer running")
        self._completed = True


class _Heartbeat(threading.Thread):
    """Writes the progress and the heartbeat every few seconds, in its own connection."""

    def __init__(self, ctx: JobContext, every: float) -> None:
        super().__init__(name=f"job-{ctx.job.pk}-heartbeat", daemon=True)
        self.ctx = ctx
        self.every = every
        self.stopping = threading.Event()

    def beat(self) -> None:
        done, total, phase = self.ctx.snapshot()
        try:
            Job.objects.filter(pk=self.ctx.job.pk, state=State.RUNNING).update(
                done=done, total=total, phase=phase, heartbeat_at=timezone.now()
            )
        except DatabaseError:  # SQLite busy with the domain write: the next beat will do
            logger.debug("job %s: heartbeat skipped", self.ctx.job.pk)

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                self.beat()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def job_run(job_id: int) -> str:
    """Run one job (the worker's task). Returns the state it ends in."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.state != State.WAITING:
        return str(job.state)  # running elsewhere, or finished: nothing to do again
    now = timezone.now()
    if not _move(job, State.RUNNING, attempts=job.attempts + 1, started_at=now, heartbeat_at=now):
        return str(Job.objects.get(pk=job_id).state)
    try:
        handler: Callable[[Job, JobContext], None] = import_string(HANDLERS[job.kind])
        ctx = JobContext(job=job, actor=actor_of(job))
    except Exception:
        logger.exception("job %s cannot start", job.pk)
        _fail(job, _("This job could not be started. Please start it again."))
        return str(job.state)
    beat = _Heartbeat(ctx, settings.JOBS_HEARTBEAT_SECONDS)
    beat.start()
    try:
        try:
            handler(job, ctx)
        finally:
            beat.stop()  # before the job's state moves, so no heartbeat writes after it
    except JobFailed as failed:
        _fail(job, failed.reason, details=failed.details)
    except Exception:
        logger.exception("job %s failed", job.pk)
        _fail(job, _("Something went wrong; nothing was changed. Please try again later."))
    else:
        if not ctx._completed:
            logger.error("job %s: the handler returned without completing", job.pk)
            _fail(job, _("Something went wrong; nothing was changed. Please try again later."))
    return str(job.state)


def _fail(job: Job, reason: str, *, details: dict[str, Any] | None = None) -> None:
    job.refresh_from_db(fields=["state"])
    if job.state != State.RUNNING:
        return
    _move(
        job,
        State.FAILED,
        reason=reason,
        summary=details or {},
        finished_at=timezone.now(),
        phase="",
    )


def jobs_recover(now: dt.datetime | None = None) -> tuple[int, int]:
    """Jobs a dead worker left running wait again (or fail after the last try); jobs that
    were never queued (a broker was down) are queued. Returns (retried, failed)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.JOBS_STALE_SECONDS)
    retried = failed = 0
    for job in Job.objects.filter(state=State.RUNNING, heartbeat_at__lt=stale):
        if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
            if _move(
                job,
                State.FAILED,
                reason=_(
                    "The job was interrupted %(n)d times (the worker stopped); nothing was "
                    "changed. Please start it again."
                )
                % {"n": job.attempts},
                finished_at=now,
                phase="",
            ):
                failed += 1
        elif _move(job, State.WAITING, heartbeat_at=None, task_id=""):
            retried += 1
            job_enqueue(job.pk)
    unqueued = Job.objects.filter(
        state=State.WAITING, task_id="", created_at__lt=now - dt.timedelta(seconds=30)
    ).values_list("pk", flat=True)
    for job_id in list(unqueued):
        job_enqueue(job_id)
    return retried, failed


def jobs_run_waiting(limit: int = 100) -> int:
    """Run the waiting jobs here, oldest first (tests, and a worker started in-process)."""
    ran = 0
    for job_id in (
        Job.objects.filter(state=State.WAITING).order_by("pk").values_list("pk", flat=True)[:limit]
    ):
        job_run(job_id)
        ran += 1
    return ran
