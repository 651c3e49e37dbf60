"""One line for every failure a user can cause: the messages the command line ends with."""

from __future__ import annotations

import errno
import sqlite3


class ArchiveError(Exception):
    """A failure the user can fix; its message is the whole story, shown as one line."""


def describe_error(exc: BaseException, db_path: str | None = None) -> str:
    """Return one line saying what went wrong and, where it can, how to fix it."""
    where = db_path or "the archive"
    if isinstance(exc, ArchiveError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "disk is full" in message or "disk I/O error" in message:
            return f"{where}: the disk is full or failing ({message}); nothing stored was lost"
        if "not a database" in message or "malformed" in message:
            return f"{where} is not a runarchive database ({message}); give another --db"
        if "readonly" in message or "read-only" in message:
            return f"{where} cannot be written ({message}); check its and its folder's permissions"
        if "locked" in message or "busy" in message:
            return f"{where} is busy ({message}); try again when the other process has finished"
        return f"{where}: database error ({message})"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return f"the disk is full ({exc.strerror}); nothing stored was lost"
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror or exc}"
    if isinstance(exc, UnicodeError):
        return f"not UTF-8 text ({exc})"
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"unexpected {type(exc).__name__}" + (f": {message}" if message else "")
