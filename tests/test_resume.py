"""A crawl killed with SIGKILL midway resumes without refetching finished pages or duplicating."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from archive import store
from archive.fixture_server import serve_fixture_web
from crawler.context import crawl_command as crawler_command
from tests.conftest import FAST_SETTINGS, REPO

STORIES = 12
PARAGRAPH = (
    "Runners gathered at dawn for another Run Against ICE, a protest run through the "
    "neighborhoods where immigration agents detained workers this summer. Organizers handed "
    "out water and know-your-rights cards, and families cheered from their porches as the "
    "group passed, many of them carrying flags and hand-painted signs."
)


def write_slow_web(root: Path) -> None:
    """Write one outlet whose feed lists STORIES articles, each answered slowly."""
    host = root / "slow.example"
    (host / "stories").mkdir(parents=True)
    items, routes = [], []
    for n in range(STORIES):
        path = f"/stories/run-{n}"
        (host / f"stories/run-{n}.html").write_text(
            f"<html><head><title>Run Against ICE, day {n}</title>"
            f'<link rel="canonical" href="https://slow.example{path}"></head>'
            f"<body><article><h1>Run Against ICE, day {n}</h1>"
            f"<p>Day {n}. {PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>",
            encoding="utf-8",
        )
        items.append(f"<item><title>Day {n}</title><link>{{{{origin}}}}{path}</link></item>")
        routes.append(f"{path}: {{delay: 0.3}}")
    (host / "feed.rss").write_text(
        f"<rss version='2.0'><channel><title>Slow</title>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    (host / "_routes.yml").write_text("\n".join(routes) + "\n", encoding="utf-8")
    (root / "sources.yml").write_text(
        "outlets:\n  - domain: slow.example\n    feeds: ['{{origin:slow.example}}/feed.rss']\n",
        encoding="utf-8",
    )


def crawl_command(sources: Path, db: Path, *settings: str) -> list[str]:
    return crawler_command(
        sources, db, (*FAST_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN=1", *settings)
    )


def count_captures(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from captures").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_killed_crawl_resumes_without_loss_or_duplicates(tmp_path):
    write_slow_web(tmp_path / "web")
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        db = tmp_path / "archive.db"
        process = subprocess.Popen(
            crawl_command(sources, db),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
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
        resumed = subprocess.run(
            crawl_command(sources, db, "ARCHIVE_RESUME=True"),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
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
