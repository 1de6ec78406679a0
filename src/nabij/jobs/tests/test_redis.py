"""The Redis option: with NABIJ_TASKS_BACKEND=redis a job goes through RQ and an RQ worker
(``nabij worker`` runs one) carries it out. Run against the local Redis (database 11) in a
process of its own, so its settings are read as in production; skipped where Redis is not
there or the extra is not installed (the dev group has it)."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import textwrap

import pytest

REDIS_URL = os.environ.get("NABIJ_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("django_tasks_rq") is None, reason="the redis extra is absent"
    ),
    pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379"),
]

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction
    from django_tasks import task_backends
    from nabij.access.gate import Actor
    from nabij.access.models import Organisation, Professional
    from nabij.jobs.models import Job
    from nabij.jobs.services import job_start

    backend = task_backends["default"]
    assert type(backend).__name__ == "RQBackend", type(backend)
    call_command("migrate", interactive=False, verbosity=0)
    import django_rq
    django_rq.get_queue("default").empty()
    user = User.objects.create_user("broker")
    broker = Professional.objects.create(
        user=user, role="social_broker", organisation=Organisation.objects.create(name="Buurt")
    )
    with transaction.atomic():
        job, _ = job_start(
            actor=Actor(user=user, professional=broker),
            kind=Job.Kind.MATCHING_RUN,
            params={"district_id": None, "max_cycle": 3, "max_chain": 3, "time_limit": 5},
        )
    job.refresh_from_db()
    assert job.task_id and job.state == "waiting", (job.task_id, job.state)
    call_command("rqworker", "default", burst=True, job_class="django_tasks_rq.Job")
    job.refresh_from_db()
    print("STATE", job.state, job.reason)
    """
)


def test_a_job_runs_on_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(
        NABIJ_DATA_DIR=str(tmp_path),
        NABIJ_TASKS_BACKEND="redis",
        NABIJ_TASKS_REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="nabij.config.settings",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "STATE done" in done.stdout, (done.stdout, done.stderr[-2000:])
