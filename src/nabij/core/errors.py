"""Errors services raise; views turn them into form messages, the API into problem+json."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refuses the change (e.g. unrequested help in a family group plan)."""

    def __init__(self, message: str, *, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


class ConflictError(Exception):
    """Someone else saved first; the caller's input is kept and shown again."""
