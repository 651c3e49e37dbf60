"""Coverage of runs months past, over a loopback web whose stories only the past-coverage routes
reach (tests/past_web.py): WordPress search feeds, dated monthly sitemaps named in robots.txt,
GDELT windows at GDELT's pace, the Wayback Machine for a deleted and a paywalled story, and
Media Cloud. Crawled once with the real spider in a subprocess.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from archive import store
from archive.fixture_server import FixtureWeb, serve_fixture_web
from tests.helpers import QUICK_CDX, run_crawl
from tests.past_web import NEW_RUN, OLD_RUN, write_past_web

pytestmark = pytest.mark.e2e

# Seconds; the crawler's default is GDELT's own 5. The stand-in refuses requests closer together.
GDELT_PACE = 0.3


@dataclass
class PastCrawl:
    web: FixtureWeb
    facts: dict[str, Any]
    report: dict[str, Any]
    requests: list[tuple[str, str]]
    stderr: str
    path: Path

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return list(store.open_db(self.path).query(sql, params))

    def article(self, key: str) -> dict[str, Any] | None:
        story = self.facts["stories"][key]
        rows = self.rows(
            "select a.*, e.name as run from articles a left join events e on e.id = a.event_id "
            "where a.url = ?",
            story.canonical,
        )
        return rows[0] if rows else None


@pytest.fixture(scope="module")
def past(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PastCrawl]:
    tmp = tmp_path_factory.mktemp("past")
    root = tmp / "web"
    facts = write_past_web(root, datetime.now(UTC).date(), GDELT_PACE)
    with pytest.MonkeyPatch.context() as patch, serve_fixture_web(root) as web:
        patch.setenv("MEDIACLOUD_API_KEY", "test-key")
        sources = tmp / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        path = tmp / "archive.db"
        result = run_crawl(
            sources,
            path,
            *QUICK_CDX,
            f"ARCHIVE_REPORT={tmp / 'report.json'}",
            f"ARCHIVE_GDELT_PACE={GDELT_PACE}",
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield PastCrawl(
            web,
            facts,
            json.loads((tmp / "report.json").read_text()),
            list(web.requests),
            result.stderr,
            path,
        )


def test_every_story_is_stored_under_its_run(past):
    expected = {key: story.run for key, story in past.facts["stories"].items()}
    stored = {key: (past.article(key) or {}).get("run") for key in expected}
    assert stored == expected


def test_the_deleted_story_is_recovered_from_its_archived_copy(past):
    article = past.article("S5")
    assert article is not None and "not alone" in article["text"]
    captures = past.rows("select url, outcome from captures where article_id = ?", article["id"])
    (copy,) = captures
    assert "/web/" in copy["url"] and "id_/" in copy["url"]
    gone = past.rows("select status from captures where url like ?", "%photos-the-run-against%")
    assert {row["status"] for row in gone} == {410, 200}


def test_the_paywalled_story_keeps_its_full_text_from_the_archive(past):
    article = past.article("S6")
    assert article["access"] == "paywalled"
    assert article["word_count"] > 100
    assert "know-your-rights" in article["text"]
    urls = [
        r["url"] for r in past.rows("select url from captures where article_id = ?", article["id"])
    ]
    assert any("/web/" in url for url in urls) and any("/web/" not in url for url in urls)


def test_at_most_15_percent_of_the_large_outlets_sitemap_is_fetched(past):
    fetched = {
        p for host, p in past.requests if host == "bigpaper.example" and p.startswith("/news/")
    }
    share = len(fetched) / past.facts["big_listed"]
    assert share <= 0.15, share
    sitemaps = {p for host, p in past.requests if host == "bigpaper.example" and "sitemaps/" in p}
    assert 0 < len(sitemaps) <= 6
    assert past.report["discovery"]["skipped"]["sitemap URLs outside windows"] > 0


def test_gdelt_is_asked_no_more_than_once_per_pace(past):
    times = past.web.services["gdelt.example"].asked_at
    assert len(times) >= 3  # the new run's window was split: it filled the cap
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= GDELT_PACE, gaps


def test_the_summary_names_each_run_its_routes_and_what_gdelt_cannot_reach(past):
    runs = past.report["discovery"]["runs"]
    assert runs[OLD_RUN]["found"]["site-search"] == 1
    assert runs[OLD_RUN]["found"]["wayback"] >= 1
    assert runs[OLD_RUN]["found"]["search:mediacloud"] == 1
    assert runs[NEW_RUN]["found"]["search:gdelt"] == 3
    # GDELT searches back to 2017: the old run's window is asked too.
    assert "gdelt" in runs[OLD_RUN]["searched"] and runs[OLD_RUN]["found"]["search:gdelt"] == 2
    services = past.report["services"]
    assert {"gdelt", "wayback", "mediacloud"} <= set(services)
    assert all(figures["requests"] > 0 for figures in services.values())
    assert "  gdelt: " in past.stderr and " rate-limited, waited " in past.stderr
    crawls = past.rows("select summary from crawls")
    assert json.loads(crawls[0]["summary"])["discovery"]["runs"][NEW_RUN]
    assert "Traceback" not in past.stderr


def test_every_discovery_records_the_window_that_found_it(past):
    s4 = past.article("S4")["id"]
    rows = past.rows("select route, search_window from discoveries where article_id = ?", s4)
    assert {(row["route"], row["search_window"]) for row in rows} == {("search:gdelt", NEW_RUN)}


def test_gdelt_rate_limit_means_rest_and_ask_again(tmp_path):
    """A crawler faster than GDELT allows is told to slow down, rests, and asks again."""
    root = tmp_path / "web"
    write_past_web(root, datetime.now(UTC).date(), gdelt_pace=0.35)
    with serve_fixture_web(root) as web:
        sources = tmp_path / "sources.yml"
        text = web.sources_text()
        # GDELT alone, so that its answers are all this crawl asks for.
        text = text[: text.index("  wayback:")] + text[text.index("events:") :]
        text = text[: text.index("outlets:")] + "outlets: []\n"
        sources.write_text(text, encoding="utf-8")
        result = run_crawl(
            sources,
            tmp_path / "a.db",
            "ARCHIVE_GDELT_PACE=0.05",  # 0.3 s apart with the margin: faster than 0.35
            f"ARCHIVE_REPORT={tmp_path / 'r.json'}",
        )
        service = web.services["gdelt.example"]
    assert result.returncode == 0, result.stderr[-2000:]
    assert service.limited >= 1
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["sources_failed"] == 0
    assert report["services"]["gdelt"]["rate_limited"] == service.limited
    assert report["services"]["gdelt"]["waited_seconds"] > 0
    assert report["discovery"]["runs"][NEW_RUN]["found"]["search:gdelt"] == 3


def test_the_demo_web_has_a_past_run_that_only_past_coverage_routes_reach(crawled):
    rows = crawled.db().query(
        "select a.url, e.name as run from articles a join events e on e.id = a.event_id"
    )
    runs = {row["url"]: row["run"] for row in rows}
    la = "Run Against ICE, Los Angeles, 2025"
    wordpress = (
        "https://vozdelvalle.example/2025/07/15/"
        "corredores-de-la-carrera-contra-ice-cruzan-koreatown"
    )
    deleted = (
        "https://socalnewsdigest.example/california/run-against-ice-runners-reach-placita-olvera"
    )
    assert (runs.get(wordpress), runs.get(deleted)) == (la, la)
    summary = crawled.first.stderr
    assert "outside GDELT's reach" not in summary
    assert "  gdelt: " in summary and "  wayback: " in summary
