"""Time `runarchive reextract` on one core against all of them, on the same archive, in turns.

Usage: python bench/reextract.py ../shared/eval-data/article-extraction-benchmark [--copies 10]

Every page of the folder is stored --copies times (each copy without its canonical link, at its
own address, so each is its own article) as a capture and its article, through the store's own
code, in a scratch archive left as a crawl leaves one (stories grouped); then reextract runs
with --workers 1 and with --workers N (all cores) in turns, --runs times each. Printed:
seconds and pages/s of each run and the speedup; the last line is one JSON object.

By default the archive holds ten copies of the benchmark's 127 pages (1,045 articles): an
archive a re-extraction is worth running on. Each process pays a few seconds once (start-up,
dateparser's patterns), which on a few hundred articles is a large share of either run
(--copies 3: 331 articles).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import store  # noqa: E402
from archive.pool import default_workers  # noqa: E402
from archive.stories import assign_story_ids  # noqa: E402
from bench.crawl import _CANONICAL  # noqa: E402
from bench.speed import read_pages  # noqa: E402
from extract import NotAnArticle, extract_article  # noqa: E402

FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def build(path: Path, pages: list[tuple[str, bytes]], copies: int) -> int:
    """Store each page copies times as capture and article; return the articles in the archive."""
    db = store.open_db(path)
    seen = FETCHED_AT.isoformat()
    with store.transaction(db):
        for name, html in pages:
            for copy in range(copies):
                url = f"https://bench{copy}.example/{name}"
                html = _CANONICAL.sub(b"", html)
                with suppress(NotAnArticle):
                    article = extract_article(html, url=url, fetched_at=FETCHED_AT)
                    key, _ = store.save_article(db, article, seen)
                    fetch = store.Fetch(url, url, 200, {"Content-Type": "text/html"}, html, seen)
                    store.save_capture(db, fetch, "article", None, key)
    assign_story_ids(db)  # as a crawl leaves its archive: each article's story signed once
    stored = store.count_rows(db, ["articles"])["articles"]
    db.conn.close()
    return stored


def reextract(path: Path, workers: int) -> float:
    """Return the seconds `runarchive reextract` takes on the archive with so many workers."""
    command = [sys.executable, "-m", "runarchive", "reextract", "--db", str(path), "--silent"]
    started = time.perf_counter()
    subprocess.run([*command, "--workers", str(workers)], check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of HTML pages")
    parser.add_argument("--copies", type=int, default=10, help="times each page is stored")
    parser.add_argument("--runs", type=int, default=3, help="runs of each worker count")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"no such folder: {args.folder}")
    with tempfile.TemporaryDirectory() as scratch:
        original = Path(scratch) / "original.db"
        articles = build(original, read_pages(args.folder), args.copies)
        seconds: dict[int, list[float]] = {1: [], args.workers: []}
        for _ in range(args.runs):
            for workers in seconds:
                copy = Path(scratch) / f"run-{workers}.db"
                shutil.copy(original, copy)
                seconds[workers].append(reextract(copy, workers))
                copy.unlink()
                rate = articles / seconds[workers][-1]
                print(f"{workers} worker(s): {seconds[workers][-1]:.1f} s, {rate:.1f} articles/s")
    one, many = statistics.median(seconds[1]), statistics.median(seconds[args.workers])
    figures = {
        "articles": articles,
        "workers": args.workers,
        "seconds": {str(k): [round(s, 1) for s in v] for k, v in seconds.items()},
        "articles_per_second_1": round(articles / one, 1),
        f"articles_per_second_{args.workers}": round(articles / many, 1),
        "speedup": round(one / many, 2),
        "speedup_range": [
            round(min(seconds[1]) / max(seconds[args.workers]), 2),
            round(max(seconds[1]) / min(seconds[args.workers]), 2),
        ],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
