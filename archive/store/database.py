"""Opening an archive: one connection per process, writes in one transaction, the schema
ensured on open, and what can be read of an archive without writing to it."""

from __future__ import annotations

import sqlite3
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal, cast

import sqlite_utils

from archive.store.migrations import SCHEMA_VERSION, migrate_schema
from archive.store.schema import ensure_schema


class OneTransactionConnection(sqlite3.Connection):
    """A connection whose `with` block is one transaction: it begins at once, inner blocks
    nest, only the outermost commits or rolls back.

    sqlite-utils commits each insert and update of its own unless a transaction is open
    (4.x) or wraps them in `with conn:` (3.x); either way a page's article would otherwise
    be kept without its capture when a later write of the same page fails, a full disk say.
    """

    depth = 0

    def __enter__(self) -> OneTransactionConnection:
        if self.depth == 0 and not self.in_transaction:
            # IMMEDIATE: take the write lock now, waiting for it; a deferred transaction that
            # reads first would fail at once ("database is locked") if another wrote meanwhile
            self.execute("BEGIN IMMEDIATE")
        self.depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> Literal[False]:
        self.depth -= 1
        if self.depth == 0:
            super().__exit__(*exc_info)
        return False


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Return the database at path with foreign keys enforced and the schema in place."""
    # Readers and a writer share the file (WAL); a lock held a while (schema creation racing,
    # a batch of writes) is waited for, not failed on.
    conn = sqlite3.connect(str(path), factory=OneTransactionConnection, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    _use_wal(conn)
    db = sqlite_utils.Database(conn)
    _ensure_schema_racing(db)
    return db


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, asking again while another process holds the lock: SQLite
    answers this pragma "database is locked" at once, without waiting out the busy timeout."""
    for attempt in range(SCHEMA_RACE_TRIES):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == SCHEMA_RACE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


SCHEMA_RACE_TRIES = 50
# What a process sees of another one's schema creation half done: a table it is creating, the
# lock it holds, a full-text table whose parts are not all there yet.
RACE_SIGNS = ("already exists", "locked", "vtable constructor failed")


def _ensure_schema_racing(db: sqlite_utils.Database) -> None:
    """Ensure the schema even while another process creates it: its statements are not one
    transaction (full-text setup commits), so a loser of the race sees one of RACE_SIGNS and
    looks again until the winner is done."""
    for attempt in range(SCHEMA_RACE_TRIES):
        try:
            ensure_schema(db)
            migrate_schema(db)
            return
        except sqlite3.OperationalError as exc:
            if not any(sign in str(exc) for sign in RACE_SIGNS):
                raise
            if attempt == SCHEMA_RACE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def check_writable(db: sqlite_utils.Database) -> None:
    """Fail now, not mid-crawl, when the archive cannot be written (read-only file or folder)."""
    with db.conn:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _read_only_value(path: str | Path, sql: str) -> Any:
    """Return the one value a query gives on an archive opened read-only."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def is_live_archive(path: str | Path) -> bool:
    """Tell a live archive (it keeps captures) from a published copy, reading only."""
    return bool(
        _read_only_value(
            path, "select count(*) from sqlite_master where type = 'table' and name = 'captures'"
        )
    )


def schema_version(path: str | Path) -> int:
    """Return the schema version an archive was last written with, reading only."""
    return _read_only_value(path, "PRAGMA user_version")


def upgrade_live_archive(path: str | Path) -> None:
    """Bring a live archive written by an older runarchive up to this schema (the tables and
    counts today's pages and queries read), as every writing command does when it opens one; a
    published copy is left as it was made."""
    if is_live_archive(path) and schema_version(path) < SCHEMA_VERSION:
        open_db(path).conn.close()


def transaction(db: sqlite_utils.Database) -> AbstractContextManager[Any]:
    """Return a context in which every write is one transaction, committed at its end.

    The connection (OneTransactionConnection) begins IMMEDIATE and nests; sqlite-utils writes
    inside it become savepoints, so many pages cost one commit.
    """
    return cast(AbstractContextManager[Any], db.conn)


def update_statistics(db: sqlite_utils.Database) -> None:
    """Refresh the table statistics SQLite's planner chooses indexes and join orders by.

    Without them a query joining quotes to speakers may scan a million quotes to filter
    twenty thousand speakers; a sample of each index is enough and takes little time.
    """
    db.execute("PRAGMA analysis_limit = 1000")
    db.execute("ANALYZE")
