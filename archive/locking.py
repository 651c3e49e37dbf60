"""One writer at a time: an archive's lock file, held while a crawl, add, import or reextract
writes, naming the process that holds it.

flock() locks go away with the process, so a crawl killed with SIGKILL leaves no stale lock.
The lock lives in its own file beside the archive, never on the database file itself: closing
any descriptor of the database would drop SQLite's own locks.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from archive.errors import ArchiveError


class ArchiveBusy(ArchiveError):
    """Another process is writing the archive."""


def lock_path(db_path: str | Path) -> Path:
    """Return the lock file of an archive."""
    return Path(f"{db_path}.lock")


def _holder(fd: int) -> str:
    """Return who holds the lock, as its holder wrote it."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 500).decode("utf-8", "replace").strip()
    return text or "another process"


@contextmanager
def writer_lock(db_path: str | Path, command: str) -> Iterator[None]:
    """Hold the archive's writer lock for the block; fail at once when another process holds it."""
    try:
        fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ArchiveError(
            f"cannot write beside {db_path} ({exc.strerror}): the archive's folder must be writable"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ArchiveBusy(
                f"{db_path} is being written by {_holder(fd)}: wait for it to finish or stop it"
            ) from None
        since = datetime.now(UTC).replace(microsecond=0).isoformat()
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()} ({command}) since {since}".encode(), 0)
        yield
    finally:
        os.close(fd)


def check_not_busy(db_path: str | Path) -> None:
    """Fail at once, naming the holder, when another process is writing the archive."""
    with writer_lock(db_path, "a check"):
        pass
