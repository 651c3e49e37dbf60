"""Exports: the captures that hold a response, for a WARC file, and the articles and quotes
as their Datasette pages show them, for CSV or JSON lines; each of every run or of one."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import sqlite_utils


def _run_filter(run: str | None, alias: str) -> tuple[str, list[Any]]:
    """Return a where-clause part and its parameters keeping rows of one run (event name)."""
    if run is None:
        return "", []
    return f" and {alias}.event_id = (select id from events where name = ?)", [run]


def iter_export_captures(
    db: sqlite_utils.Database, run: str | None = None, since: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the captures that hold an HTTP response, oldest first, body decoded, one at a time.

    With run, only captures of that run's articles; with since, only those fetched that day
    or later.
    """
    where, params = "c.status is not null", []
    if since:
        where += " and c.fetched_at >= ?"
        params.append(since)
    if run is not None:
        part, extra = _run_filter(run, "a")
        where += " and c.article_id in (select a.id from articles a where 1 = 1" + part + ")"
        params += extra
    ids = [row[0] for row in db.execute(f"select c.id from captures c where {where}", params)]
    for capture in ids:
        row = next(db.query("select * from captures where id = ?", [capture]))
        row["body"] = gzip.decompress(row["body"]) if row["body"] else b""
        row["headers"] = json.loads(row["headers"]) if row["headers"] else {}
        yield row


# What `runarchive export --table` writes: each table's columns, as its Datasette page shows
# them, with the names its foreign keys point at.
EXPORT_QUERIES = {
    "articles": (
        "select a.*, o.name as outlet_name, e.name as event from articles a "
        "left join outlets o on o.domain = a.outlet left join events e on e.id = a.event_id "
        "where 1 = 1{run} order by a.published, a.id"
    ),
    "quotes": (
        "select q.*, s.name as speaker, a.url as article_url, a.title as article_title, "
        "e.name as event from quotes q left join speakers s on s.id = q.speaker_id "
        "join articles a on a.id = q.article_id left join events e on e.id = q.event_id "
        "where 1 = 1{run} order by q.published, q.article_id, q.paragraph, q.id"
    ),
}


def iter_export_rows(
    db: sqlite_utils.Database, table: str, run: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the rows of articles or quotes for export, optionally of one run only."""
    part, params = _run_filter(run, table[0])
    yield from db.query(EXPORT_QUERIES[table].format(run=part), params)
