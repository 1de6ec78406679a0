"""Background jobs: their transitions, one job per request, a stale job taken up again (and
failed after the last try), and a failed job that wrote nothing half-way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nabij.access.gate import Actor
from nabij.access.models import AccessLogEntry
from nabij.jobs import services
from nabij.jobs.models import Job
from nabij.jobs.services import JobFailed, TransitionError

KIND = Job.Kind.MATCHING_RUN
CALLS: list[int] = []


def writes_then_completes(job, ctx):
    CALLS.append(job.pk)
    ctx.progress(1, 2, "half-way")
    with transaction.atomic():
        Group.objects.create(name=f"written by job {job.pk}")
        ctx.complete({"written": 1}, "/somewhere/")


def writes_then_refuses(job, ctx):
    ctx.progress(1, 2, "half-way")
    with transaction.atomic():
        Group.objects.create(name="half")
        raise JobFailed("The file has 3 findings.", details={"findings": ["a", "b", "c"]})


def writes_then_breaks(job, ctx):
    with transaction.atomic():
        Group.objects.create(name="half")
        raise RuntimeError("a bug")


def returns_without_completing(job, ctx):
    return None


@pytest.fixture(autouse=True)
def quiet_heartbeat(settings):
    settings.JOBS_HEARTBEAT_SECONDS = 3600  # the final states are written by job_run itself
    CALLS.clear()


def use(monkeypatch, handler) -> None:
    monkeypatch.setitem(services.HANDLERS, KIND, f"{__name__}.{handler.__name__}")


@pytest.fixture
def actor(world) -> Actor:
    return Actor(user=world.broker.user, professional=world.broker)


def start(actor, **params):
    job, _created = services.job_start(actor=actor, kind=KIND, params=params or {"n": 1})
    return job


def test_the_same_request_gives_the_same_job_while_it_waits_or_runs(actor, world):
    first, created = services.job_start(actor=actor, kind=KIND, params={"n": 1})
    second, created_again = services.job_start(actor=actor, kind=KIND, params={"n": 1})
    assert created and not created_again and first.pk == second.pk
    assert services.job_start(actor=actor, kind=KIND, params={"n": 2})[0].pk != first.pk
    other = Actor(user=world.assigned.user, professional=world.assigned)
    assert services.job_start(actor=other, kind=KIND, params={"n": 1})[0].pk != first.pk
    Job.objects.filter(pk=first.pk).update(state=Job.State.RUNNING)
    assert services.job_start(actor=actor, kind=KIND, params={"n": 1})[0].pk == first.pk


def test_a_job_is_queued_when_its_row_commits(actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(actor)
    job.refresh_from_db()
    assert job.task_id, "not sent to a worker"


def test_a_finished_job_run_again_changes_nothing(actor, monkeypatch):
    use(monkeypatch, writes_then_completes)
    job = start(actor)
    assert services.job_run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts, job.summary, job.result_url) == (
        Job.State.DONE,
        1,
        {"written": 1},
        "/somewhere/",
    )
    assert job.started_at and job.finished_at and job.done == job.total == 2
    assert services.job_run(job.pk) == Job.State.DONE
    assert [job.pk] == CALLS and Group.objects.count() == 1
    # after it finished, the same request is a new job
    assert start(actor).pk != job.pk


def test_transitions_go_one_way(actor):
    job = start(actor)
    assert services._move(job, Job.State.RUNNING)
    assert services._move(job, Job.State.DONE)
    for to in (Job.State.WAITING, Job.State.RUNNING, Job.State.FAILED):
        with pytest.raises(TransitionError):
            services._move(job, to)
    waiting = start(actor, n=9)
    with pytest.raises(TransitionError):
        services._move(waiting, Job.State.DONE)
    # a move somebody else made first is not made twice
    stale_copy = Job.objects.get(pk=waiting.pk)
    assert services._move(waiting, Job.State.RUNNING)
    assert not services._move(stale_copy, Job.State.RUNNING)


def test_a_failed_job_writes_nothing_half_way_and_says_why(actor, monkeypatch):
    use(monkeypatch, writes_then_refuses)
    job = start(actor)
    assert services.job_run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert job.reason == "The file has 3 findings."
    assert job.summary == {"findings": ["a", "b", "c"]}
    assert not Group.objects.exists()


def test_an_unexpected_error_fails_with_a_plain_reason(actor, monkeypatch):
    use(monkeypatch, writes_then_breaks)
    job = start(actor)
    assert services.job_run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert "a bug" not in job.reason and job.reason
    assert not Group.objects.exists()
    use(monkeypatch, returns_without_completing)
    job = start(actor, n=3)
    assert services.job_run(job.pk) == Job.State.FAILED


def test_a_job_a_dead_worker_left_is_tried_again_then_fails(actor, monkeypatch, settings):
    settings.JOBS_STALE_SECONDS = 120
    settings.JOBS_MAX_ATTEMPTS = 2
    use(monkeypatch, writes_then_completes)
    job = start(actor)
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1, heartbeat_at=long_ago)
    fresh = start(actor, n=2)
    Job.objects.filter(pk=fresh.pk).update(
        state=Job.State.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    assert services.jobs_recover() == (1, 0)
    job.refresh_from_db()
    assert job.state == Job.State.WAITING and job.task_id, "not sent to a worker again"
    assert Job.objects.get(pk=fresh.pk).state == Job.State.RUNNING  # still beating: left alone
    assert services.job_run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.attempts == 2 and Group.objects.count() == 1
    # the last try died too: failed, with a reason
    last = start(actor, n=4)
    Job.objects.filter(pk=last.pk).update(
        state=Job.State.RUNNING, attempts=2, heartbeat_at=long_ago
    )
    assert services.jobs_recover() == (0, 1)
    last.refresh_from_db()
    assert last.state == Job.State.FAILED and "2" in last.reason


def test_the_job_page_is_for_its_starter_alone(actor, world, client, monkeypatch):
    use(monkeypatch, writes_then_completes)
    job = start(actor)
    client.force_login(world.broker.user)
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<progress" in html and 'http-equiv="refresh"' in html and "job.js" in html
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["state"] == "waiting" and status["finished"] is False
    services.job_run(job.pk)
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "<progress" not in html and "/somewhere/" in html and "refresh" not in html
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["percent"] == 100
    for someone in (world.assigned, world.coordinator):
        client.force_login(someone.user)
        for name in ("jobs:job", "jobs:status"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert (
            AccessLogEntry.objects.filter(
                username=someone.user.username, outcome="refused", event="job.view"
            ).count()
            == 2
        )
