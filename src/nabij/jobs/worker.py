"""``nabij worker``: the task framework's worker, plus recovery of jobs a dead worker left.

With the database backend it runs ``db_worker`` (django-tasks-db); with Redis it runs RQ's
worker (django-rq, with django-tasks-rq's job class). Alongside, a thread looks every
``RECOVER_EVERY`` seconds for jobs whose heartbeat went stale and sends them again.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from nabij.jobs.services import jobs_recover

logger = logging.getLogger(__name__)

RECOVER_EVERY = 30.0


def _recover_loop(stop: threading.Event) -> None:
    try:
        while True:
            try:
                retried, failed = jobs_recover()
                if retried or failed:
                    logger.warning(
                        "jobs: %d taken up again, %d failed after retries", retried, failed
                    )
            except Exception:  # the database away for a moment: try again next round
                logger.exception("jobs: recovery failed")
            _daily()
            if stop.wait(RECOVER_EVERY):
                return
    finally:
        connection.close()


def _daily() -> None:
    """Once a day, the first round after midnight: the daily jobs (each one idempotent for the
    day; a second worker finds the day's run done). Vroegsignalering's retention for now."""
    from django.utils import timezone

    from nabij.signals.retention import run_if_due

    try:
        run = run_if_due(today=timezone.localdate())
        if run is not None:
            logger.info(
                "signals: retention deleted %d signals, %d cases",
                run.signals_deleted,
                run.cases_deleted,
            )
    except Exception:  # the database away for a moment: try again next round
        logger.exception("signals: retention failed")


def run_worker(*, interval: float = 1.0) -> int:
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [worker] %(message)s")
    stop = threading.Event()
    threading.Thread(
        target=_recover_loop, args=(stop,), name="nabij-jobs-recover", daemon=True
    ).start()
    try:
        if settings.TASKS_BACKEND_KIND == "redis":
            call_command("rqworker", "default", job_class="django_tasks_rq.Job")
        else:
            call_command("db_worker", interval=interval, verbosity=1)
    except SystemExit as exc:  # db_worker leaves on a signal with sys.exit
        return int(exc.code or 0)
    finally:
        stop.set()
    return 0
