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
