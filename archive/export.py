"""Exports of the archive: captures as a WARC file, articles and quotes as CSV or JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from archive import store
from archive.warc import Capture, write_warc

EXPORT_TABLES = ("articles", "quotes")
EXPORT_FORMATS = ("warc", "csv", "jsonl")


def iter_captures(
    db: sqlite_utils.Database, run: str | None, since: str | None
) -> Iterator[Capture]:
    """Yield the stored responses to export, one at a time."""
    for row in store.iter_export_captures(db, run, since):
        fetch = store.Fetch(
            url=row["url"],
            final_url=row["final_url"],
            status=row["status"],
            headers=row["headers"],
            body=row["body"],
            fetched_at=row["fetched_at"],
        )
        yield Capture(fetch, row["last_fetched_at"] or row["fetched_at"], row["fetch_count"] or 1)


def export_warc(
    db: sqlite_utils.Database, out: Path, run: str | None = None, since: str | None = None
) -> int:
    """Write the archive's responses to a gzipped WARC file; return how many were written."""
    what = f"captures of the run {run!r}" if run else "captures"
    description = f"runarchive {what}" + (f" fetched since {since}" if since else "")
    with out.open("wb") as stream:
        return write_warc(stream, iter_captures(db, run, since), out.name, description)


def write_rows(rows: Iterator[dict[str, Any]], stream: IO[str], fmt: str) -> int:
    """Write rows as CSV (header from the first row) or JSON lines; return how many."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if fmt == "jsonl":
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        count += 1
    return count


def export_table(
    db: sqlite_utils.Database, table: str, fmt: str, stream: IO[str], run: str | None = None
) -> int:
    """Write articles or quotes as CSV or JSON lines; return how many rows were written."""
    return write_rows(store.iter_export_rows(db, table, run), stream, fmt)
