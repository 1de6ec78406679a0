"""A plain-text progress bar on stderr for the CLI; silent where nobody watches."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class Progress:
    """``start(label, total)``, then ``update(done)``; redraws at most five times a second.

    On a terminal the bar redraws in place; otherwise (a log file, CI) each phase prints one
    line when it ends, so logs stay readable.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.label = ""
        self.total = 0
        self.done = 0
        self._drawn_at = 0.0
        self._started_at = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self._started_at = time.monotonic()
        self._drawn_at = 0.0
        self._draw(force=True)

    def update(self, done: int) -> None:
        self.done = done
        self._draw()

    def finish(self) -> None:
        self.done = self.total
        seconds = time.monotonic() - self._started_at
        if self.tty:
            self._draw(force=True)
            self.stream.write("\n")
        else:
            self.stream.write(f"{self.label}: done in {seconds:.1f} s\n")
        self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < 0.2:
            return
        self._drawn_at = now
        share = self.done / self.total if self.total else 1.0
        filled = int(WIDTH * min(share, 1.0))
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{self.label:<12} [{bar}] {share:6.1%}")
        self.stream.flush()


class NoProgress(Progress):
    """For the web page and tests: same calls, no output."""

    def __init__(self) -> None:
        super().__init__(stream=sys.stderr)
        self.tty = False

    def finish(self) -> None:
        pass
