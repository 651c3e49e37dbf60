"""The crawl log and discoveries: each crawl's start, end and figures, and every route by which
a URL was found (feed, sitemap, search, link), whether or not it became an article."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from archive.store.schema import insert_row, now_iso


@dataclass(frozen=True)
class Discovery:
    """One route by which a URL was found: a feed, sitemap, search feed, link or by hand."""

    url: str
    route: str
    source: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    is_resolved: bool = True
    window: str | None = None


def save_discovery(db: sqlite_utils.Database, found: Discovery, seen_at: str) -> None:
    """Record a route to a URL once, keeping when it was first and last seen."""
    existing = db.execute(
        "select id from discoveries where url = ? and route = ? and source is ?",
        [found.url, found.route, found.source],
    ).fetchone()
    if existing is not None:
        db.execute("update discoveries set last_seen_at = ? where id = ?", [seen_at, existing[0]])
        return
    article = db.execute("select id from articles where url = ?", [found.url]).fetchone()
    db.table("discoveries").insert(
        {
            "url": found.url,
            "route": found.route,
            "source": found.source,
            "title": found.title,
            "outlet": found.outlet,
            "published": found.published,
            "is_resolved": int(found.is_resolved),
            "article_id": article[0] if article else None,
            "first_seen_at": seen_at,
            "last_seen_at": seen_at,
            "search_window": found.window,
        }
    )


def link_discoveries(db: sqlite_utils.Database, urls: list[str], article: str) -> None:
    """Point the discoveries of the URLs a story was reached by at its article."""
    marks = ", ".join("?" for _ in urls)
    db.execute(
        f"update discoveries set article_id = ? where article_id is null and url in ({marks})",
        [article, *urls],
    )


def get_discovery_window(db: sqlite_utils.Database, urls: list[str]) -> str | None:
    """Return the run window (not the rolling one) that first found one of these URLs, if any."""
    marks = ", ".join("?" for _ in urls)
    row = db.execute(
        f"select search_window from discoveries where url in ({marks}) "
        "and search_window is not null and search_window != 'new' order by id limit 1",
        urls,
    ).fetchone()
    return row[0] if row else None


def start_crawl(db: sqlite_utils.Database, sources: str, resume: bool) -> tuple[int, str | None]:
    """Record a crawl's start; return its id and, when resuming, when the crawl it resumes began.

    The crawl resumed is the latest that did not finish (killed, interrupted or failed).
    """
    resumed_from = None
    if resume:
        row = db.execute(
            "select id, started_at from crawls where status != 'finished' order by id desc limit 1"
        ).fetchone()
        if row is not None:
            resumed_from = row[1]
            db.execute("update crawls set status = 'resumed' where id = ?", [row[0]])
    started = {"started_at": resumed_from or now_iso(), "status": "running", "sources": sources}
    return insert_row(db, "crawls", started), resumed_from


def finish_crawl(
    db: sqlite_utils.Database, crawl: int, status: str, summary: Mapping[str, Any]
) -> None:
    """Record how a crawl ended and its figures."""
    db.execute(
        "update crawls set finished_at = ?, status = ?, summary = ? where id = ?",
        [now_iso(), status, json.dumps(dict(summary)), crawl],
    )


def resumable_crawl_start(db: sqlite_utils.Database) -> str | None:
    """Return when the latest crawl that did not finish began, if the latest did not finish."""
    row = db.execute("select status, started_at from crawls order by id desc limit 1").fetchone()
    return row[1] if row is not None and row[0] != "finished" else None
