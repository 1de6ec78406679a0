"""Gunicorn, started from Python so ``nabij serve`` needs no separate config file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # newer options are skipped on older gunicorns
                self.cfg.set(key, value)

    def load(self) -> Any:
        from nabij.config.wsgi import application

        return application


def _warm_analytics(worker: Any) -> None:
    """Each worker builds its analytic snapshot of the cost ledger in the background at start,
    so the first area page does not wait for it."""
    from nabij.costs.analytics import warm

    warm()


def server_options(*, host: str, port: int, workers: int = 2, threads: int = 4) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 60,
        # A worker is replaced after this many requests (each worker a little apart, so they are
        # not all replaced at once): memory a large import or a report once took is given back
        # to the system, which CPython's allocator by itself rarely does.
        "max_requests": settings.SERVER_MAX_REQUESTS,
        "max_requests_jitter": max(1, settings.SERVER_MAX_REQUESTS // 10),
        # One shared control socket per user would let two servers on one machine collide.
        "control_socket_disable": True,
        "post_worker_init": _warm_analytics,
    }


def run_server(*, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    _Server(server_options(host=host, port=port, workers=workers, threads=threads)).run()


def supervise(
    *,
    web: list[str],
    worker: list[str],
    task_workers: int = 1,
    stop_grace: float = 20.0,
) -> int:
    """``nabij serve``'s own process: run the web server and ``task_workers`` task workers as
    child processes, restart a task worker that dies, and stop them all when the web server
    stops or this process is asked to (SIGINT, SIGTERM). Returns the web server's exit status.

    The web server is a child of its own (not this process) because gunicorn's arbiter reaps
    every child with ``waitpid(-1)``: a task worker started by the arbiter would be reaped, and
    so lost, behind our back.
    """
    import signal
    import subprocess
    import sys
    import time

    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    web_proc = subprocess.Popen(web)
    workers: list[subprocess.Popen[bytes]] = [
        subprocess.Popen(worker) for _ in range(max(0, task_workers))
    ]
    restarts: list[float] = []
    try:
        while not stopping and web_proc.poll() is None:
            for i, proc in enumerate(workers):
                if proc.poll() is not None:
                    now = time.monotonic()
                    restarts = [t for t in restarts if now - t < 60] + [now]
                    if len(restarts) > 5:  # dying at once, again and again: say so and wait
                        print(
                            "nabij serve: de taakverwerker stopt steeds; zie hierboven.",
                            file=sys.stderr,
                            flush=True,
                        )
                        time.sleep(10)
                    print(
                        f"nabij serve: taakverwerker gestopt (status {proc.returncode}), "
                        "opnieuw gestart.",
                        file=sys.stderr,
                        flush=True,
                    )
                    workers[i] = subprocess.Popen(worker)
            time.sleep(0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        children = [web_proc, *workers]
        for proc in children:
            if proc.poll() is None:
                proc.terminate()  # gunicorn and the worker both stop gracefully on SIGTERM
        deadline = time.monotonic() + stop_grace
        for proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                # A job still running is left as it is; its heartbeat goes stale and a worker
                # takes it up again later (nabij.jobs.services.jobs_recover).
                proc.kill()
                proc.wait()
    code = web_proc.returncode
    return 0 if stopping or code in (0, None) or code < 0 else code
