"""Captures: every fetch's raw body and facts, stored once per distinct response and counted
when repeated, and what a crawl reads back from them (validators, settled and recent URLs)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from archive.outcomes import SETTLED
from archive.store.schema import insert_row

# gzip level for capture bodies: level 4 compresses a news page three times faster than the
# default 9 for 5% more bytes (bench/speed.py's store stage; pages of 150 KB, 8 vs 24 ms).
CAPTURE_GZIP_LEVEL = 4


@dataclass(frozen=True)
class Fetch:
    """The facts of one HTTP fetch (or its failure) to record in captures."""

    url: str
    final_url: str | None
    status: int | None
    headers: Mapping[str, str]
    body: bytes
    fetched_at: str
    error: str | None = None

    @property
    def content_type(self) -> str | None:
        """The response's media type without parameters."""
        value = {k.lower(): v for k, v in self.headers.items()}.get("content-type")
        return value.split(";")[0].strip().lower() if value else None


def save_capture(
    db: sqlite_utils.Database,
    fetch: Fetch,
    outcome: str,
    reason: str | None = None,
    article: str | None = None,
) -> tuple[int, bool]:
    """Record a fetch; a repeat of the latest identical one is counted, not stored again.

    Returns the capture id and whether a new row was written.
    """
    sha = hashlib.sha256(fetch.body).hexdigest() if fetch.body else None
    last = db.execute(
        "select id, status, body_sha256, error from captures where url = ? "
        "order by id desc limit 1",
        [fetch.url],
    ).fetchone()
    if last is not None and (last[1], last[2], last[3]) == (fetch.status, sha, fetch.error):
        db.execute(
            "update captures set last_fetched_at = ?, fetch_count = fetch_count + 1, "
            "outcome = ?, reason = ?, article_id = coalesce(?, article_id) where id = ?",
            [fetch.fetched_at, outcome, reason, article, last[0]],
        )
        return last[0], False
    capture = insert_row(
        db,
        "captures",
        {
            "url": fetch.url,
            "final_url": fetch.final_url,
            "status": fetch.status,
            "content_type": fetch.content_type,
            "headers": json.dumps(dict(fetch.headers)),
            "fetched_at": fetch.fetched_at,
            "last_fetched_at": fetch.fetched_at,
            "fetch_count": 1,
            "body": gzip.compress(fetch.body, CAPTURE_GZIP_LEVEL, mtime=0) if fetch.body else None,
            "body_size": len(fetch.body),
            "body_sha256": sha,
            "error": fetch.error,
            "outcome": outcome,
            "reason": reason,
            "article_id": article,
        },
    )
    return capture, True


def capture_body(db: sqlite_utils.Database, capture: int) -> bytes:
    """Return the raw body of a capture as fetched."""
    return gzip.decompress(capture_body_gzipped(db, capture))


def capture_body_gzipped(db: sqlite_utils.Database, capture: int) -> bytes:
    """Return the body of a capture as stored, gzip-compressed (empty when there is none)."""
    row = db.execute("select body from captures where id = ?", [capture]).fetchone()
    return row[0] if row and row[0] else b""


def iter_article_captures(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Yield the newest capture of every archived article (for re-extraction)."""
    yield from db.query(
        "select c.id, c.url, c.final_url, c.fetched_at, c.article_id from captures c "
        "where c.id in (select max(id) from captures where article_id is not null "
        "group by article_id) order by c.id"
    )


def get_validators(db: sqlite_utils.Database, url: str) -> dict[str, str]:
    """Return If-None-Match / If-Modified-Since headers from the URL's last good capture."""
    row = db.execute(
        "select headers from captures where url = ? and status = 200 order by id desc limit 1",
        [url],
    ).fetchone()
    if row is None or not row[0]:
        return {}
    headers = {k.lower(): v for k, v in json.loads(row[0]).items()}
    validators = {}
    if headers.get("etag"):
        validators["If-None-Match"] = headers["etag"]
    if headers.get("last-modified"):
        validators["If-Modified-Since"] = headers["last-modified"]
    return validators


def settled_urls(db: sqlite_utils.Database) -> set[str]:
    """Return URLs whose latest fetch showed a page that is not coverage (off-topic, not an
    article, not HTML): a re-crawl need not ask for them again."""
    return {
        row[0]
        for row in db.execute(
            "select url from captures c where outcome in (?, ?, ?) "
            "and id = (select max(id) from captures where url = c.url)",
            [str(outcome) for outcome in SETTLED],
        )
    }


def touch_capture(db: sqlite_utils.Database, url: str, fetched_at: str) -> str | None:
    """Count a fetch that found the page not modified; return the article it holds, if any."""
    row = db.execute(
        "select id, article_id from captures where url = ? and status = 200 "
        "order by id desc limit 1",
        [url],
    ).fetchone()
    if row is None:
        return None
    db.execute(
        "update captures set last_fetched_at = ?, fetch_count = fetch_count + 1 where id = ?",
        [fetched_at, row[0]],
    )
    if row[1] is not None:
        db.execute("update articles set last_seen_at = ? where id = ?", [fetched_at, row[1]])
    return row[1]


def fetched_since(db: sqlite_utils.Database, since: str) -> set[str]:
    """Return the URLs fetched (whatever the outcome) at or after a time."""
    return {
        row[0]
        for row in db.execute(
            "select url from captures where last_fetched_at >= ? "
            "union select final_url from captures where last_fetched_at >= ? "
            "and final_url is not null",
            [since, since],
        )
    }


def restore_capture_counts(
    db: sqlite_utils.Database, capture: int, last_fetched_at: str, fetch_count: int
) -> None:
    """Set how often and how lately a capture (and so its article) was fetched, as a WARC
    written by the archive records it."""
    db.execute(
        "update captures set last_fetched_at = ?, fetch_count = ? where id = ?",
        [last_fetched_at, fetch_count, capture],
    )
    db.execute(
        "update articles set last_seen_at = max(last_seen_at, ?) "
        "where id = (select article_id from captures where id = ?)",
        [last_fetched_at, capture],
    )
