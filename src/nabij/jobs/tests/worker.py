"""A task worker inside the test process: a thread that runs the waiting jobs against the
live server's database, so a browser test sees a job go from waiting to done without a
separate process or a guess at how long it takes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from nabij.jobs.services import jobs_run_waiting


@contextmanager
def in_process_worker(every: float = 0.2) -> Iterator[None]:
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                jobs_run_waiting()
                stop.wait(every)
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="test-task-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)
