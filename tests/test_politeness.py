"""Politeness measured at the server: never more than two requests at a time to one host."""

from __future__ import annotations

import pytest

from archive.fixture_server import serve_fixture_web
from tests.helpers import run_crawl, write_slow_web

STORIES = 12


@pytest.mark.e2e
def test_one_host_never_answers_more_than_two_requests_at_once(tmp_path):
    write_slow_web(tmp_path / "web", STORIES, 0.3)
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        done = run_crawl(sources, tmp_path / "archive.db", "CONCURRENT_REQUESTS=16")
        assert done.returncode == 0, done.stderr[-2000:]
        stories = [path for host, path in web.requests if path.startswith("/stories/")]
        assert len(stories) == STORIES
        # Two at a time: the crawl does use both slots, and never a third.
        assert web.busiest["slow.example"] == 2
