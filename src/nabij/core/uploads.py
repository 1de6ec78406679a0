"""Limits on compressed uploads, checked before any ZIP (an XLSX is one) is parsed.

A 1 MB XLSX whose shared strings unpack to 1 GB once took a web worker to 1.4 GB. The sizes
in a ZIP's central directory are checked here first: the number of members, the total and the
per-member uncompressed size, and the compression ratio. Python's ``zipfile`` never unpacks a
member past the size its directory entry declares (and then fails the CRC), so these declared
sizes bound what any parser built on it, openpyxl included, can unpack.

Nothing is decompressed here: only the end record and the central directory are read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Small members may compress far better than large ones (an empty sheet, a style sheet): the
# ratio is only checked for members that unpack to more than this.
RATIO_GRACE_BYTES = MB


def UNREADABLE() -> str:
    return _("The file looks like a zip archive but cannot be read.")


class ArchiveRefused(Exception):
    """The archive is refused before it is parsed; ``message`` says why, for the user."""

    def __init__(self, message: str, *, unreadable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unreadable = unreadable  # not a ZIP at all, rather than one over a limit


@dataclass(frozen=True)
class ArchiveLimits:
    max_uncompressed: int  # bytes, all members together
    max_member: int  # bytes, one member that the parser reads whole
    max_ratio: float  # uncompressed : compressed, per member past RATIO_GRACE_BYTES
    max_members: int

    @classmethod
    def from_settings(cls) -> ArchiveLimits:
        return cls(
            max_uncompressed=settings.UPLOAD_MAX_UNCOMPRESSED_MB * MB,
            max_member=settings.UPLOAD_MAX_MEMBER_MB * MB,
            max_ratio=float(settings.UPLOAD_MAX_ZIP_RATIO),
            max_members=settings.UPLOAD_MAX_ZIP_MEMBERS,
        )


def _mb(size: int) -> str:
    return f"{size / MB:,.0f}"


def check_archive(
    binary: IO[bytes],
    *,
    limits: ArchiveLimits | None = None,
    streamed: Callable[[str], bool] = lambda name: False,
) -> None:
    """Raise ``ArchiveRefused`` unless the ZIP in ``binary`` is within ``limits``.

    ``streamed(name)`` tells which members the parser streams rather than reads whole: those
    count towards the total and the ratio, not the per-member limit. ``binary`` must be
    seekable; it is left at its start.
    """
    limits = limits or ArchiveLimits.from_settings()
    try:
        binary.seek(0)
        # The end record first: its member count is known before ``infolist`` builds an
        # object for every member (a directory of millions of empty members is a bomb too).
        end = zipfile._EndRecData(binary)  # type: ignore[attr-defined]
        if end is None:
            raise ArchiveRefused(UNREADABLE(), unreadable=True)
        count = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]
        if count > limits.max_members:
            raise ArchiveRefused(
                _("The archive holds %(count)d parts; at most %(max)d are accepted.")
                % {"count": count, "max": limits.max_members}
            )
        binary.seek(0)
        with zipfile.ZipFile(binary) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveRefused(UNREADABLE(), unreadable=True) from exc
    finally:
        binary.seek(0)
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            _("The archive holds %(count)d parts; at most %(max)d are accepted.")
            % {"count": len(members), "max": limits.max_members}
        )
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > limits.max_member and not streamed(member.filename):
            raise ArchiveRefused(
                _(
                    "The part “%(name)s” unpacks to %(size)s MB; at most %(max)s MB is "
                    "accepted. Split the file, or import it as CSV."
                )
                % {"name": member.filename[:80], "size": _mb(size), "max": _mb(limits.max_member)}
            )
        if size > RATIO_GRACE_BYTES and size > limits.max_ratio * max(member.compress_size, 1):
            raise ArchiveRefused(
                _(
                    "The part “%(name)s” is compressed %(ratio)s times (at most %(max)s is "
                    "accepted): this looks like a zip bomb, not a spreadsheet."
                )
                % {
                    "name": member.filename[:80],
                    "ratio": f"{size / max(member.compress_size, 1):,.0f}",
                    "max": f"{limits.max_ratio:,.0f}",
                }
            )
    if total > limits.max_uncompressed:
        raise ArchiveRefused(
            _(
                "The archive unpacks to %(size)s MB; at most %(max)s MB is accepted. Split the "
                "file, or import it as CSV."
            )
            % {"size": _mb(total), "max": _mb(limits.max_uncompressed)}
        )


def xlsx_streamed(name: str) -> bool:
    """The worksheets of an XLSX, which openpyxl's read-only mode streams row by row."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")
