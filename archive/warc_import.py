"""WARC files from any tool imported as if crawled: the same classification, topic filter,
extraction and storage as a fetched page, each page keeping its original fetch time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import store
from archive.ingest import FetchedPage, classify_page, save_page
from archive.sources import Sources
from archive.warc import ReadCounts, iter_warc_fetches


def import_warc(
    db: sqlite_utils.Database,
    path: Path,
    sources: Sources,
    on_page: Callable[[FetchedPage], Any] | None = None,
) -> Counter[str]:
    """Store every response in a WARC file, one record at a time; return what was met.

    The counts hold each response's outcome ("article", "off-topic", "not-html", ...) and
    every record that is not a response ("request", "revisit", "warcinfo", ...).
    """
    counts = ReadCounts()
    outcomes: Counter[str] = Counter()
    with path.open("rb") as stream:
        for found in iter_warc_fetches(stream, counts):
            fetch = found.fetch
            page = FetchedPage(
                url=fetch.url,
                final_url=fetch.final_url,
                status=fetch.status,
                headers=dict(fetch.headers),
                body=fetch.body,
                fetched_at=fetch.fetched_at,
                found_via="import",
            )
            classify_page(page, sources.phrases, sources.events)
            route = None
            if page.article is not None:
                route = store.Discovery(page.article.url, "warc", path.name, page.article.title)
            with db.conn:
                capture = save_page(db, page, sources, route)
                if capture is not None and found.fetch_count is not None:
                    store.restore_capture_counts(
                        db, capture, found.last_fetched_at or fetch.fetched_at, found.fetch_count
                    )
            outcomes[page.outcome] += 1
            if on_page is not None:
                on_page(page)
    return outcomes + counts.records
