"""The storing side of a crawl shared on Redis: seed the frontier, start local workers, store
every item the workers hand over (the archive's one writer), and end the crawl when the
frontier is empty and every worker idle."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import sqlite_utils

from archive import store
from archive.ingest import save_page, save_route
from archive.outcomes import Outcome
from archive.sources import Sources, load_sources
from crawler.context import crawl_command, crawl_env
from crawler.frontier import (
    HOST_LEASES,
    HOST_NEXT,
    KEYS,
    WORKER_KEY,
    connect,
    frontier_settings,
    new_worker_id,
)
from crawler.items import Discovered, FetchedPage
from crawler.report import ERROR_OUTCOMES, _error_kind

# Keys of one crawl's frontier, cleared when a crawl starts and when it ends.
FRONTIER_KEYS = ("requests", "dupefilter", "done", "skip", "activity", "settings")
# How long the frontier must stay still (no request, item or activity) before the crawl ends.
QUIET_SECONDS = 2.0


@dataclass
class Tally:
    """What the storing process did with the pages handed to it."""

    outcomes: Counter[str] = field(default_factory=Counter)
    stored: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, page: FetchedPage) -> None:
        self.outcomes[page.outcome] += 1
        if page.stored:
            self.stored[page.stored] += 1
        if page.outcome in ERROR_OUTCOMES:
            self.errors[_error_kind(page)] += 1


def store_items(
    server: redis.Redis, db: sqlite_utils.Database, sources: Sources, tally: Tally, wait: float
) -> int:
    """Store the items waiting in Redis (waiting up to `wait` s for the first); return how many."""
    count = 0
    popped = server.blpop([KEYS["items"]], timeout=wait) if wait else None
    while True:
        if popped is None:
            raw = server.lpop(KEYS["items"])
            if raw is None:
                return count
        else:
            raw = popped[1]
            popped = None
        item = pickle.loads(raw)  # written by our own workers (HandOffPipeline)
        with db.conn:
            if isinstance(item, Discovered):
                save_route(db, item, store.now_iso())
            elif isinstance(item, FetchedPage):
                save_page(db, item, sources)
                tally.add(item)
        count += 1


def reset_frontier(server: redis.Redis) -> None:
    """Clear the queue, duplicate filter and marks a past crawl left, host slots its killed
    workers held included."""
    server.delete(*(KEYS[name] for name in FRONTIER_KEYS))
    for pattern in (WORKER_KEY.format("*"), HOST_LEASES.format("*"), HOST_NEXT.format("*")):
        for key in server.scan_iter(pattern):
            server.delete(key)


def frontier_is_still(server: redis.Redis) -> tuple[bool, int]:
    """Return whether nothing is queued or waiting and every live worker is idle, and the
    activity count (which moves whenever a request is queued or taken or an item handed)."""
    activity = int(server.get(KEYS["activity"]) or 0)
    if server.zcard(KEYS["requests"]) or server.llen(KEYS["items"]):
        return False, activity
    states = [server.get(key) for key in server.scan_iter(WORKER_KEY.format("*"))]
    return all(state == b"idle" for state in states if state is not None), activity


def start_workers(
    sources_path: str,
    redis_url: str,
    count: int,
    settings: tuple[str, ...],
    folder: Path,
) -> list[tuple[subprocess.Popen[bytes], Path]]:
    """Start the local workers (the first one seeds); return each process and its report."""
    workers = []
    for index in range(count):
        report = folder / f"worker-{index}.json"
        command = crawl_command(
            sources_path,
            folder / "unused.db",  # a worker hands its pages over and never opens an archive
            [
                *settings,
                f"ARCHIVE_REPORT={report}",
                *frontier_settings(redis_url, new_worker_id(), seed=index == 0),
            ],
        )
        workers.append((subprocess.Popen(command, env=crawl_env()), report))
    return workers


def run_shared_crawl(
    sources_path: str,
    db_path: str,
    redis_url: str,
    workers: int,
    settings: tuple[str, ...],
    resume: bool = False,
    on_progress: Callable[[Tally], None] | None = None,
) -> dict[str, Any]:
    """Crawl with `workers` local processes sharing a Redis frontier; store what they fetch.

    Returns the crawl's figures, as a one-process crawl reports them.
    """
    server = connect(redis_url)
    sources = load_sources(sources_path)
    db = store.open_db(db_path)
    tally = Tally()
    store_items(server, db, sources, tally, wait=0)  # pages a killed crawl fetched, not stored
    since = store.resumable_crawl_start(db) if resume else None
    skip = store.settled_urls(db) | (store.fetched_since(db, since) if since else set())
    with db.conn:
        crawl_id, _ = store.start_crawl(db, sources_path, resume)
    reset_frontier(server)
    if skip:
        server.sadd(KEYS["skip"], *skip)
    server.set(KEYS["sources"], Path(sources_path).read_bytes())
    server.set(KEYS["settings"], json.dumps(list(settings)))
    status = "interrupted"
    with tempfile.TemporaryDirectory(prefix="runarchive-frontier-") as tmp:
        local = start_workers(sources_path, redis_url, workers, settings, Path(tmp))
        try:
            wait_until_done(server, db, sources, tally, local, on_progress)
            status = "finished"
        finally:
            server.set(KEYS["done"], 1)
            for process, _ in local:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.terminate()
                    process.wait()
            store_items(server, db, sources, tally, wait=0)
            figures = crawl_figures(tally, [report for _, report in local])
            with db.conn:
                store.finish_crawl(db, crawl_id, status, figures)
            if status == "finished":
                reset_frontier(server)
                server.delete(KEYS["sources"])
    return figures


def wait_until_done(
    server: redis.Redis,
    db: sqlite_utils.Database,
    sources: Sources,
    tally: Tally,
    local: list[tuple[subprocess.Popen[bytes], Path]],
    on_progress: Callable[[Tally], None] | None,
) -> None:
    """Store handed-over items until the frontier has been still for QUIET_SECONDS."""
    seeder = local[0][0]
    still_since: tuple[float, int] | None = None
    while True:
        if store_items(server, db, sources, tally, wait=0.2) and on_progress:
            on_progress(tally)
        if all(process.poll() is not None for process, _ in local):
            raise RuntimeError("every local worker stopped before the crawl was done")
        if activity_started(server, seeder):
            still, activity = frontier_is_still(server)
            now = time.monotonic()
            if not still or still_since is None or still_since[1] != activity:
                still_since = (now, activity) if still else None
            elif now - still_since[0] >= QUIET_SECONDS:
                return


def activity_started(server: redis.Redis, seeder: subprocess.Popen[bytes]) -> bool:
    """Tell whether the seeding worker has queued the sources' first requests (or stopped)."""
    return int(server.get(KEYS["activity"]) or 0) > 0 or seeder.poll() is not None


def crawl_figures(tally: Tally, reports: list[Path]) -> dict[str, Any]:
    """Return the crawl's figures: pages from what was stored, sources from the workers."""
    workers = [json.loads(path.read_text(encoding="utf-8")) for path in reports if path.is_file()]
    return {
        "fetched": sum(tally.outcomes.values()),
        "articles": tally.outcomes[Outcome.ARTICLE],
        "new": tally.stored["new"],
        "updated": tally.stored["updated"],
        "unchanged": tally.stored["unchanged"],
        "off_topic": tally.outcomes[Outcome.OFF_TOPIC],
        "not_articles": tally.outcomes[Outcome.NOT_ARTICLE],
        "errors": dict(sorted(tally.errors.items())),
        "robots_blocked": sum(w.get("robots_blocked", 0) for w in workers),
        "skipped_known": sum(w.get("skipped_known", 0) for w in workers),
        "sources": sum(w.get("sources", 0) for w in workers),
        "sources_failed": sum(w.get("sources_failed", 0) for w in workers),
        "workers": len(reports),
    }


def run_remote_worker(redis_url: str, wait: float = 0) -> int:
    """Join the crawl under way on a Redis frontier as one more worker; return its exit code."""
    server = connect(redis_url)
    deadline = time.monotonic() + wait
    while not server.exists(KEYS["sources"]) or server.exists(KEYS["done"]):
        if time.monotonic() >= deadline:
            print("no crawl under way on this Redis frontier", file=sys.stderr)
            return 1
        time.sleep(1)
    settings = json.loads(server.get(KEYS["settings"]) or "[]")
    with tempfile.TemporaryDirectory(prefix="runarchive-worker-") as tmp:
        sources = Path(tmp) / "sources.yml"
        sources.write_bytes(server.get(KEYS["sources"]) or b"")
        command = crawl_command(
            sources,
            Path(tmp) / "unused.db",
            [*settings, *frontier_settings(redis_url, new_worker_id(), seed=False)],
        )
        return subprocess.run(command, env=crawl_env(), check=False).returncode
