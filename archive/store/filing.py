"""Filing: which run an article and its quotes count under. A story is filed under its run; a
mention keeps the run it names apart, so that no count of a run's coverage includes it."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from extract.coverage import MENTION, STORY


def run_columns(coverage: str, event: int | None) -> dict[str, Any]:
    """Return the columns that file an article under its run: a story under event_id, a
    mention only in mentions_event_id."""
    if coverage == MENTION:
        return {"coverage": MENTION, "event_id": None, "mentions_event_id": event}
    return {"coverage": STORY, "event_id": event, "mentions_event_id": None}


def save_coverage(db: sqlite_utils.Database, article: str, coverage: str) -> None:
    """Make an article a story or a mention, moving its run (and its quotes') to match."""
    row = db.execute(
        "select coalesce(event_id, mentions_event_id) from articles where id = ? "
        "and coverage is not ?",
        [article, coverage],
    ).fetchone()
    if row is None:
        return
    filing = run_columns(coverage, row[0])
    db.execute(
        "update articles set coverage = ?, event_id = ?, mentions_event_id = ? where id = ?",
        [filing["coverage"], filing["event_id"], filing["mentions_event_id"], article],
    )
    file_quotes(db, article)


def file_quotes(db: sqlite_utils.Database, article: str) -> None:
    """File an article's quotes under its run as the article is (none for a mention)."""
    db.execute(
        "update quotes set event_id = (select event_id from articles where id = ?) "
        "where article_id = ? and event_id is not (select event_id from articles where id = ?)",
        [article, article, article],
    )
