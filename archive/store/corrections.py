"""Corrections: a person's fixes, kept apart from what extraction writes and applied again
every time an article's quotes or run are rewritten."""

from __future__ import annotations

import sqlite_utils

from archive.store.filing import file_quotes, run_columns, save_coverage
from archive.store.schema import insert_row, now_iso
from archive.store.speakers import find_speaker, get_speaker_name, merge_speakers, save_speaker

CORRECTION_KINDS = ("speaker", "not-a-quote", "merge-speakers", "run", "coverage")


def save_correction(
    db: sqlite_utils.Database,
    kind: str,
    *,
    article: str | None = None,
    quote_text: str | None = None,
    subject: str | None = None,
    value: str | None = None,
    reason: str | None = None,
) -> int:
    """Record a correction with when it was made; return its id."""
    if kind not in CORRECTION_KINDS:
        raise ValueError(f"unknown correction {kind!r}")
    return insert_row(
        db,
        "corrections",
        {
            "kind": kind,
            "article_id": article,
            "quote_text": quote_text,
            "subject": subject,
            "value": value,
            "reason": reason,
            "made_at": now_iso(),
        },
    )


def apply_quote_corrections(db: sqlite_utils.Database, article: str) -> set[int]:
    """Apply the speaker and not-a-quote corrections of an article's quotes (matched by their
    words, which survive re-extraction); return the speakers given quotes."""
    given: set[int] = set()
    for kind, text, value in db.execute(
        "select kind, quote_text, value from corrections where article_id = ? "
        "and kind in ('speaker', 'not-a-quote') order by id",
        [article],
    ).fetchall():
        if kind == "not-a-quote":
            db.execute("delete from quotes where article_id = ? and text = ?", [article, text])
            continue
        speaker = save_speaker(db, value, None)
        if speaker is None:
            continue
        given.add(speaker)
        db.execute(
            "update quotes set speaker_id = ?, speaker_name = ? where article_id = ? and text = ?",
            [speaker, get_speaker_name(db, speaker), article, text],
        )
    return given


def apply_run_correction(db: sqlite_utils.Database, article: str) -> None:
    """File an article (and its quotes) under the run a correction names, if one does; a
    mention keeps it as the run it mentions."""
    row = db.execute(
        "select c.value, c.reason, e.id, a.coverage from corrections c "
        "left join events e on e.name = c.value join articles a on a.id = c.article_id "
        "where c.kind = 'run' and c.article_id = ? order by c.id desc limit 1",
        [article],
    ).fetchone()
    if row is None or row[2] is None:
        return
    method = "correction" + (f": {row[1]}" if row[1] else "")
    filing = run_columns(row[3], row[2])
    db.execute(
        "update articles set event_id = ?, mentions_event_id = ?, event_method = ? where id = ?",
        [filing["event_id"], filing["mentions_event_id"], method, article],
    )
    file_quotes(db, article)


def apply_coverage_correction(db: sqlite_utils.Database, article: str) -> None:
    """Make an article the story or mention a correction says it is, if one does."""
    row = db.execute(
        "select value from corrections where kind = 'coverage' and article_id = ? "
        "order by id desc limit 1",
        [article],
    ).fetchone()
    if row is not None:
        save_coverage(db, article, row[0])


def apply_speaker_merges(db: sqlite_utils.Database) -> None:
    """Apply every merge-speakers correction again (speakers found since then included)."""
    for subject, value in db.execute(
        "select subject, value from corrections where kind = 'merge-speakers' order by id"
    ).fetchall():
        source, target = find_speaker(db, subject), find_speaker(db, value)
        if source is not None and target is not None:
            merge_speakers(db, source, target)
