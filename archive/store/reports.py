"""The report's queries: the articles, mentions and quotes of one run (or of all), with the
names people read."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def get_runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return the runs, newest first, with their article counts and, apart, their mentions."""
    return list(
        db.query(
            "select e.id, e.name, e.date, e.place, count(a.id) as articles, "
            "(select count(*) from articles m where m.mentions_event_id = e.id) as mentions "
            "from events e left join articles a on a.event_id = e.id "
            "group by e.id order by e.date desc"
        )
    )


def get_report_articles(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return a run's articles (every story when event is None), earliest first."""
    return _report_articles(
        db, "(? is null and a.coverage = 'story') or a.event_id = ?", [event, event]
    )


def get_report_mentions(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return the pages that mention a run in passing (every mention when event is None)."""
    return _report_articles(
        db, "a.coverage = 'mention' and (? is null or a.mentions_event_id = ?)", [event, event]
    )


def _report_articles(
    db: sqlite_utils.Database, where: str, params: list[Any]
) -> list[dict[str, Any]]:
    """Return the articles a condition keeps, with their outlet's and run's names, earliest
    first (a mention's run is the one it mentions)."""
    return list(
        db.query(
            "select a.id, a.title, a.url, a.published, a.language, a.quote_count, a.story_id, "
            "a.credit, a.outlet, coalesce(o.name, a.outlet) as outlet_name, e.name as run "
            "from articles a left join outlets o on o.domain = a.outlet "
            "left join events e on e.id = coalesce(a.event_id, a.mentions_event_id) "
            f"where {where} "
            "order by coalesce(a.published, substr(a.first_seen_at, 1, 10)), a.first_seen_at, a.id",
            params,
        )
    )


def get_report_quotes(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return a run's quotes (every story's quotes when event is None), by day."""
    return list(
        db.query(
            "select q.published as day, q.speaker_name as speaker, "
            "q.speaker_description as role, q.text as quote, a.title as article_title, "
            "a.url as article_url, coalesce(o.name, q.outlet) as outlet, e.name as run, "
            "q.language from quotes q join articles a on a.id = q.article_id "
            "left join outlets o on o.domain = q.outlet left join events e on e.id = q.event_id "
            "where (? is null and a.coverage = 'story') or q.event_id = ? "
            "order by q.published, q.article_id, q.paragraph",
            [event, event],
        )
    )


def get_filter_examples(db: sqlite_utils.Database) -> dict[str, Any]:
    """Return values the published pages are filtered by, as a reader would pick them: the
    latest month quoted, an outlet and the most-quoted speaker (None where there is none)."""
    month = db.execute("select max(published_month) from quotes").fetchone()[0]
    outlet = db.execute("select outlet from articles limit 1").fetchone()
    speaker = db.execute("select id from speakers order by quote_count desc limit 1").fetchone()
    return {
        "month": month,
        "outlet": outlet[0] if outlet else None,
        "speaker": speaker[0] if speaker else None,
    }
