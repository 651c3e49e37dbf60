"""`runarchive serve` while a real crawl writes: every request answers, counts are current."""

from __future__ import annotations

import json
import subprocess

import pytest
import sqlite_utils

from archive import store
from archive.fixture_server import serve_fixture_web
from archive.serving import serving_command
from tests.helpers import as_schema_version_2, get, invoke, serving, start_crawl, write_slow_web

STORIES = 40


def count(base: str, table: str) -> int:
    status, text = get(f"{base}/archive/{table}.json?_size=0")
    assert status == 200, text[:300]
    return json.loads(text)["filtered_table_rows_count"]


@pytest.mark.e2e
def test_pages_answer_and_counts_stay_current_while_a_crawl_writes(tmp_path):
    write_slow_web(tmp_path / "web", STORIES, 0.1)
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    failures, counts, polls = [], [], 0
    with serving(db_path) as base, serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        crawl = start_crawl(
            sources, db_path, "CONCURRENT_REQUESTS_PER_DOMAIN=1", stderr=subprocess.PIPE, text=True
        )
        while crawl.poll() is None or polls < 5:
            polls += 1
            for path in (
                "/archive/articles.json?_size=0",
                "/archive/captures.json?_size=0",
                "/archive/quotes",
                "/archive.json?sql=select+count(*)+as+n+from+articles",
                "/archive",
            ):
                status, text = get(base + path)
                if status != 200 or "malformed" in text:
                    failures.append((path, status, text[:200]))
            counts.append(count(base, "articles"))
        assert crawl.wait(timeout=300) == 0, crawl.stderr.read()[-2000:]
        final = sqlite_utils.Database(db_path)["articles"].count
        assert failures == []
        assert counts == sorted(counts), "a count went backwards"
        assert final == STORIES
        assert count(base, "articles") == final, "the served count is stale after the crawl"
        print(f"live serving: {polls} polls of 5 pages during the crawl, 0 failed")


def test_a_published_copy_is_served_immutable_and_the_live_archive_not(tmp_path, crawled):
    from archive.publish import publish

    public = tmp_path / "public.db"
    publish(crawled.path, public)
    assert "-i" in serving_command(str(public), "127.0.0.1", 8001)
    assert "-i" not in serving_command(str(crawled.path), "127.0.0.1", 8001)


def test_the_live_archive_is_not_served_beyond_this_machine(crawled):
    result = invoke("serve", "--db", str(crawled.path), "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert "loopback only" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.e2e
def test_an_archive_from_an_older_runarchive_is_brought_up_to_date_and_served(tmp_path, crawled):
    db_path = tmp_path / "archive.db"
    db_path.write_bytes(crawled.path.read_bytes())
    as_schema_version_2(db_path)
    assert store.schema_version(db_path) == 2
    with serving(db_path) as base:
        for query in ("runs", "outlets_covering"):
            status, text = get(f"{base}/archive/{query}.json?_shape=array")
            assert status == 200, text[:300]
            assert json.loads(text), query
    assert store.schema_version(db_path) == store.SCHEMA_VERSION
