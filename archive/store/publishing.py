"""The public copy: an archive's copy without raw captures, full texts or the crawl log, its
full-text indexes built afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from archive.store.database import update_statistics
from archive.store.schema import FTS, TABLES


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Drop and rebuild every full-text index from its table as it is now.

    An FTS5 index updated through its triggers keeps the words of replaced rows in its
    segments until they happen to be merged: a public copy's index must be made afresh.
    """
    for name, columns in FTS.items():
        table = db.table(name)
        if table.detect_fts():
            table.disable_fts()
        table.enable_fts(columns, create_triggers=True, tokenize="porter")


# What a public copy keeps: no raw captures, no full texts, no crawl log, no correction notes.
PRIVATE_TABLES = ("captures", "article_versions", "crawls", "corrections", "story_signatures")


def excerpt(text: str | None, words: int) -> str | None:
    """Return the first words of a text, marked as cut when it was longer."""
    if not text:
        return text
    kept = text.split()
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def make_public(db: sqlite_utils.Database, excerpt_words: int) -> dict[str, int]:
    """Turn a copy of the archive into one safe to publish; return the rows kept per table.

    Raw captures, earlier versions and the crawl log are dropped, article texts are cut to
    an excerpt, the full-text indexes are built anew from what is left and the file is
    vacuumed so that nothing dropped survives in free pages.
    """
    with db.conn:
        for name in PRIVATE_TABLES:
            if db.table(name).exists():
                db.table(name).drop()
        for row in list(db.query("select id, text from articles")):
            db.execute(
                "update articles set text = ?, word_count = ? where id = ?",
                [excerpt(row["text"], excerpt_words), len((row["text"] or "").split()), row["id"]],
            )
    rebuild_fts(db)
    update_statistics(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.vacuum()
    return {name: db.table(name).count for name in TABLES if name not in PRIVATE_TABLES}


def copy_archive(source: str | Path, copy: str | Path) -> None:
    """Copy an archive into another file through SQLite's backup, whole and consistent even
    while a crawl writes to it (a copy of the file alone would miss what its WAL holds)."""
    reader, writer = sqlite3.connect(source), sqlite3.connect(copy)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def column_facet_sql(table: str, column: str, limit: int = 31) -> str:
    """Return the query Datasette runs for a column facet of a whole table: its values, most
    rows first (a facet shows 30 and asks one more to tell whether there are others)."""
    return (
        f"select {column} as value, count(*) as count from {table} "
        f"where {column} is not null group by {column} order by count desc, value limit {limit}"
    )
