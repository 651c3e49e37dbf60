"""One crawl of a loopback world whose search services and outlet platforms answer as they are
documented to (tests/service_web.py): thirteen stories, each reachable by one route, behind
scaled-down rate limits the crawl must keep to. Crawled once with the real spider in a
subprocess.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from archive import store
from archive.fixture_server import FixtureWeb, serve_fixture_web
from archive.standins import Service
from tests.helpers import run_crawl
from tests.service_web import MEDIACLOUD_KEY, SERVICES, ServiceWeb, write_service_web

pytestmark = pytest.mark.e2e

# The crawl's paces, just slower than the stand-ins' scaled limits (tests/service_web.py), and
# a download timeout scaled down with the CDX server's scan of a big domain, which outlasts it.
PACES = (
    "ARCHIVE_GDELT_PACE=0.55",
    "ARCHIVE_MEDIACLOUD_PACE=1.05",
    "ARCHIVE_WAYBACK_PACE=0.11",
    "ARCHIVE_GOOGLE_NEWS_PACE=0.22",
    "DOWNLOAD_TIMEOUT=3",
)
MARGIN = 0.05  # seconds of scheduling slack allowed between a client's clock and the server's


@dataclass
class WorldCrawl:
    web: FixtureWeb
    world: ServiceWeb
    returncode: int
    stderr: str
    report: dict[str, Any]
    requests: list[tuple[str, str]]
    seconds: float
    path: Path

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return list(store.open_db(self.path).query(sql, params))

    def article(self, key: str) -> dict[str, Any] | None:
        """Return the stored article of a story, found by its address's path."""
        story = self.world.stories[key]
        rows = self.rows(
            "select a.*, e.name as run from articles a left join events e on e.id = a.event_id "
            "where a.url like ?",
            f"%{story.host}%{story.path.rstrip('/')}%",
        )
        return rows[0] if rows else None

    def service(self, host: str) -> Service:
        return self.web.services[host]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorldCrawl]:
    tmp = tmp_path_factory.mktemp("service-world")
    root = tmp / "web"
    world = write_service_web(root, datetime.now(UTC).date())
    with pytest.MonkeyPatch.context() as patch, serve_fixture_web(root) as web:
        patch.setenv("MEDIACLOUD_API_KEY", MEDIACLOUD_KEY)
        sources = tmp / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        path = tmp / "archive.db"
        began = time.monotonic()
        result = run_crawl(
            sources, path, f"ARCHIVE_REPORT={tmp / 'report.json'}", *PACES, timeout=240
        )
        seconds = time.monotonic() - began
        report_file = tmp / "report.json"
        report = json.loads(report_file.read_text()) if report_file.is_file() else {}
        yield WorldCrawl(
            web, world, result.returncode, result.stderr, report, list(web.requests), seconds, path
        )


def test_the_crawl_finishes_without_a_traceback(crawl):
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr


def why(crawl: WorldCrawl, key: str) -> str:
    """Say what the crawl knows of a story: its discoveries and captures."""
    story = crawl.world.stories[key]
    like = f"%{story.path.rstrip('/')}%"
    found = crawl.rows("select route, search_window, url from discoveries where url like ?", like)
    captures = crawl.rows("select url, status, outcome from captures where url like ?", like)
    return f"{key}: discoveries {found}, captures {captures}"


def test_at_least_12_of_the_13_stories_are_stored_under_their_runs(crawl):
    wrong = {}
    for key, expected in crawl.world.expected_runs.items():
        article = crawl.article(key)
        stored = article["run"] if article else "(not stored)"
        if stored != expected:
            wrong[key] = (expected, stored)
    assert len(wrong) <= 1, "\n".join(
        [f"{key}: expected {e!r}, stored {s!r}" for key, (e, s) in wrong.items()]
        + [why(crawl, key) for key in wrong]
    )


@pytest.mark.parametrize("key", ["P1", "C1"])
def test_the_paywalled_and_deleted_stories_keep_their_full_text(crawl, key):
    article = crawl.article(key)
    assert article is not None, why(crawl, key)
    assert "know-your-rights" in (article["text"] or ""), why(crawl, key)


def test_at_most_15_percent_of_the_big_sitemap_is_fetched(crawl):
    fetched = {
        p for host, p in crawl.requests if host == "bigpaper.example" and p.startswith("/news/")
    }
    share = len(fetched) / crawl.world.big_sitemap_urls
    assert share <= 0.15, share


def test_the_wayback_machine_never_blocks_the_crawl(crawl):
    archive = crawl.service("web.archive.example")
    assert (archive.blocked_at, archive.refused) == ([], 0), archive.log[-20:]
    assert archive.limited == 0, [entry for entry in archive.log if entry[2] == 429]


def busiest(times: list[float], span: float) -> int:
    """Return the most requests any rolling span of `span` seconds held."""
    return max((sum(1 for t in times if s <= t < s + span) for s in times), default=0)


def closest(times: list[float]) -> float:
    return min((b - a for a, b in itertools.pairwise(times)), default=float("inf"))


@pytest.mark.parametrize(
    "host",
    [
        "api.gdelt.example",
        "search.mediacloud.example",
        "web.archive.example",
        "news.google.example",
    ],
)
def test_no_service_is_asked_faster_than_its_limit(crawl, host):
    service = crawl.service(host)
    settings = SERVICES[host]
    assert service.asked_at, f"{host} was never asked"
    if "pace" in settings:
        assert closest(service.asked_at) >= settings["pace"] - MARGIN, service.log
    if "per_minute" in settings:
        most = busiest(service.asked_at, settings["minute"] - MARGIN)
        assert most <= settings["per_minute"], service.log
    refused = service.limited - int(settings.get("shed", 0))
    assert refused <= 0, [entry for entry in service.log if entry[2] in (403, 429)]


def test_the_roundup_is_a_mention_not_a_story_of_the_run(crawl):
    columns = store.open_db(crawl.path)["articles"].columns_dict
    assert "coverage" in columns, "articles has no coverage column yet"
    article = crawl.article("R1")
    assert article is not None, why(crawl, "R1")
    assert (article["run"], article["coverage"]) == (None, "mention")
