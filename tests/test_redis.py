"""A crawl shared on a real Redis server: workers fetching a generated loopback web of hundreds
of pages, each page fetched once across workers, each article stored once, politeness held
across workers, and more workers keeping more pages in flight when every page takes the server
a while (bench/frontier_speed.py times 2,000 pages)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from archive import store
from bench.frontier_speed import (
    ARTICLE_EVERY,
    DISALLOWED,
    SITEMAPS,
    LoopbackWeb,
    redis_server,
    serve,
    write_sources,
)
from crawler.frontier import KEYS
from tests.helpers import free_port, invoke, runarchive_command

pytestmark = [pytest.mark.e2e, pytest.mark.redis]
# The generated web's pages for the test of every page fetched once.
PAGES = 600


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real redis-server on a free loopback port, stopped after the module's tests."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackWeb]:
    generated = LoopbackWeb()
    server = serve(generated)
    yield generated
    server.shutdown()


@pytest.fixture
def sources(web, tmp_path) -> Path:
    return write_sources(web, tmp_path / "sources.yml")


def crawl(
    sources: Path, db: Path, redis_url: str, workers: int, *settings: str, resume: bool = False
) -> float:
    """Run `runarchive crawl --redis` and return how long it took."""
    args = ["crawl", "--sources", str(sources), "--db", str(db), "--redis", redis_url]
    args += ["--workers", str(workers), "--silent", *(["--resume"] if resume else [])]
    for setting in settings:
        args += ["-s", setting]
    started = time.monotonic()
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return time.monotonic() - started


def test_two_workers_fetch_every_page_once_and_store_every_article_once(
    web, sources, redis_url, tmp_path
):
    web.reset(latency=0.0, pages=PAGES)
    db_path = tmp_path / "archive.db"
    crawl(sources, db_path, redis_url, 2, "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    pages = {p: n for p, n in web.requests.items() if p.startswith("/page/")}
    assert len(pages) == PAGES
    assert set(pages.values()) == {1}, "a page was fetched more than once"
    assert web.requests["/sitemap.xml"] == 1
    assert all(web.requests[f"/sitemap-{i}.xml"] == 1 for i in range(SITEMAPS))
    assert not [p for p in web.requests if p.startswith(DISALLOWED)]  # robots.txt obeyed
    db = store.open_db(db_path)
    assert db["articles"].count == PAGES // ARTICLE_EVERY
    urls = [r[0] for r in db.execute("select url from captures")]
    assert len(urls) == len(set(urls)) == PAGES
    outcomes = dict(db.execute("select outcome, count(*) from captures group by outcome"))
    assert outcomes["article"] == PAGES // ARTICLE_EVERY
    assert outcomes["not-html"] + outcomes["not-article"] == PAGES - PAGES // ARTICLE_EVERY
    crawls = list(db.query("select status from crawls"))
    assert crawls == [{"status": "finished"}]
    client = redis.Redis.from_url(redis_url)
    assert client.llen(KEYS["items"]) == 0 and not client.exists(KEYS["requests"])


def test_the_per_host_limit_holds_across_workers(web, sources, redis_url, tmp_path):
    web.reset(latency=0.05, pages=200)
    crawl(
        sources,
        tmp_path / "archive.db",
        redis_url,
        2,
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "CONCURRENT_REQUESTS=8",
    )
    assert web.most_in_flight == 2  # each worker alone would have asked for 2 at once
    assert sum(1 for p in web.requests if p.startswith("/page/")) == 200


def test_two_workers_keep_twice_as_many_pages_in_flight_as_one(web, sources, redis_url, tmp_path):
    # When the server takes a while per page, a crawl's speed is the pages it keeps in flight:
    # each worker asks for at most 4 at once, the host allows 8 in all. (bench/frontier_speed.py
    # times the same two crawls over 2,000 pages.)
    settings = ("CONCURRENT_REQUESTS=4", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    web.reset(latency=0.1, pages=300)
    crawl(sources, tmp_path / "one.db", redis_url, 1, *settings)
    one = web.most_in_flight
    web.reset(latency=0.1, pages=300)
    crawl(sources, tmp_path / "two.db", redis_url, 2, *settings)
    two = web.most_in_flight
    assert sum(1 for p in web.requests if p.startswith("/page/")) == 300
    assert (one, two) == (4, 8)


def test_a_worker_on_another_machine_joins_and_leaves_with_the_crawl(
    web, sources, redis_url, tmp_path
):
    web.reset(latency=0.02, pages=300)
    remote: dict[str, int] = {}

    def join() -> None:
        result = invoke("worker", "--redis", redis_url, "--wait", "60")
        remote["exit"] = result.exit_code

    thread = threading.Thread(target=join)
    thread.start()
    crawl(sources, tmp_path / "archive.db", redis_url, 1, "CONCURRENT_REQUESTS=2")
    thread.join(timeout=120)
    assert remote == {"exit": 0}
    pages = {p: n for p, n in web.requests.items() if p.startswith("/page/")}
    assert len(pages) == 300 and set(pages.values()) == {1}


def test_an_unreachable_redis_is_one_clear_line(sources, tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    args = ["crawl", "--sources", str(sources), "--db", str(tmp_path / "a.db"), "--redis", url]
    result = invoke(*args)
    assert result.exit_code == 1
    assert "cannot reach Redis" in result.output and "Traceback" not in result.output


def stored_urls(db: Path) -> set[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return {r[0] for r in conn.execute("select url from captures")}
    except sqlite3.OperationalError:
        return set()


def test_a_killed_shared_crawl_resumes_without_refetching_stored_pages(
    web, sources, redis_url, tmp_path
):
    web.reset(latency=0.05, pages=300)
    db = tmp_path / "archive.db"
    command = runarchive_command(
        *("crawl", "--sources", str(sources), "--db", str(db), "--redis", redis_url),
        *("--workers", "2", "--silent", "-s", "CONCURRENT_REQUESTS=2"),
    )
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(stored_urls(db)) < 60 and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # the storing process and its workers at once
    process.wait()
    before = stored_urls(db)
    assert 60 <= len(before) < 300, "the crawl was not killed midway"
    first = web.requests.copy()
    web.reset(latency=0.05, pages=300)
    crawl(sources, db, redis_url, 2, "CONCURRENT_REQUESTS=2", resume=True)
    refetched = {p for p in web.requests if web.origin + p in before}
    assert refetched == set()
    database = store.open_db(db)
    urls = [r[0] for r in database.execute("select url from captures")]
    assert len(urls) == len(set(urls)) == 300
    assert database["articles"].count == 300 // ARTICLE_EVERY
    # Only pages in flight at the kill, or fetched but not yet stored, are fetched twice: a
    # few, however slow the machine makes the writer.
    twice = {p for p in web.requests if p.startswith("/page/") and first[p]}
    assert len(twice) <= 30
    statuses = [r[0] for r in database.execute("select status from crawls order by id")]
    assert statuses == ["resumed", "finished"]
