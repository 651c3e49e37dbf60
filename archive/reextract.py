"""Every archived article extracted again from its newest capture, without fetching: after the
rules improve, the archive catches up. Extraction runs in worker processes; the writes go
through archive.ingest in batches of one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import sqlite_utils

from archive import store
from archive.ingest import StoredCapture, extract_stored, finish_ingest, save_reextracted
from archive.pool import map_in_order
from extract import NotAnArticle

WRITE_BATCH = 100  # articles written per transaction
T = TypeVar("T")


def reextract_archive(
    db: sqlite_utils.Database,
    workers: int,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda rows: rows,
) -> tuple[int, int]:
    """Extract every archived article again; return how many there were and how many changed."""
    rows = list(store.iter_article_captures(db))
    events = store.get_events(db)  # the runs as the crawl that stored them knew them
    captures = (
        StoredCapture(
            store.capture_body_gzipped(db, row["id"]),
            row["final_url"] or row["url"],
            row["fetched_at"],
            events,
        )
        for row in rows
    )
    changed = 0
    results = zip(progress(rows), map_in_order(extract_stored, captures, workers), strict=True)
    for batch in batches(results, WRITE_BATCH):
        with store.transaction(db):
            for row, article in batch:
                if not isinstance(article, NotAnArticle):
                    changed += save_reextracted(db, article, row["fetched_at"]) != "unchanged"
    with store.transaction(db):
        store.apply_speaker_merges(db)
    finish_ingest(db, regroup=changed > 0)  # unchanged texts keep their stories
    return len(rows), changed


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of up to size items."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
