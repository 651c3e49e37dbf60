"""A crawl killed with SIGKILL midway resumes without refetching finished pages or duplicating."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from archive import store
from archive.fixture_server import serve_fixture_web
from tests.helpers import run_crawl, start_crawl, write_slow_web

pytestmark = pytest.mark.e2e

STORIES = 12
# One story at a time, each answered after a wait: the crawl is killed midway.
SLOW = ("CONCURRENT_REQUESTS_PER_DOMAIN=1",)


def count_captures(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from captures").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_killed_crawl_resumes_without_loss_or_duplicates(tmp_path):
    write_slow_web(tmp_path / "web", STORIES, 0.3)
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        db = tmp_path / "archive.db"
        process = start_crawl(sources, db, *SLOW, start_new_session=True)
        deadline = time.monotonic() + 60
        while count_captures(db) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        fetched_before = {p for h, p in web.requests if p.startswith("/stories/")}
        captured_before = count_captures(db)
        assert 4 <= captured_before < STORIES

        archive = store.open_db(db)
        assert [r["status"] for r in archive.query("select status from crawls")] == ["running"]
        archive.conn.close()

        web.requests.clear()
        resumed = run_crawl(sources, db, *SLOW, "ARCHIVE_RESUME=True", timeout=120)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
    fetched_after = {p for h, p in web.requests if p.startswith("/stories/")}

    archive = store.open_db(db)
    urls = [r["url"] for r in archive.query("select url from articles")]
    assert sorted(urls) == sorted(f"https://slow.example/stories/run-{n}" for n in range(STORIES))
    per_url = list(archive.query("select url, count(*) n from captures group by url having n > 1"))
    assert per_url == []
    captured = {r["url"].split("/", 3)[3] for r in archive.query("select url from captures")}
    # Pages captured before the kill were not asked for again; at most the ones in flight were.
    assert len(fetched_before & fetched_after) <= len(fetched_before) - captured_before + 1
    assert {f"/{c}" for c in captured} == fetched_before | fetched_after
    statuses = [r["status"] for r in archive.query("select status from crawls order by id")]
    assert statuses == ["resumed", "finished"]
