"""Discovery and polite, incremental crawling over the test web (tests/fixtures/web).

The test web holds every awkward answer a real site gives (redirect chains and loops, 404, 410,
500 then 200, 429 with Retry-After, a page in another encoding than it declares, a 20 MB page,
a PDF and an image, tracking parameters and an AMP copy), feeds with relative links, a Google
News sitemap, a gzip sitemap index, recorded GDELT and Google News search answers, and a second
outlet on 127.0.0.2 with its own robots.txt. It is crawled twice; the story whose text changes
between the crawls is seen in both versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive import store
from archive.fixture_server import FixtureWeb, serve_fixture_web
from tests.helpers import run_crawl

pytestmark = pytest.mark.e2e

TEST_WEB = Path(__file__).parent / "fixtures" / "web"
FAST_RETRIES = (
    "ARCHIVE_RETRY_BACKOFF=0.1",
    "RETRY_TIMES=2",
    # The test web's run is October 2025: searched as if today were a month later, with no
    # rolling window and no home-page discovery (tests/test_past_runs.py covers those).
    "ARCHIVE_TODAY=2025-11-20",
    "ARCHIVE_ROLLING_DAYS=0",
    "ARCHIVE_DISCOVER_SITES=False",
)


@dataclass
class Crawl:
    web: FixtureWeb
    path: Path
    first_report: dict[str, Any]
    second_report: dict[str, Any]
    first_requests: list[tuple[str, str]]
    second_requests: list[tuple[str, str]]
    stderr: str

    def db(self) -> sqlite_utils.Database:
        return store.open_db(self.path)

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return list(self.db().query(sql, params))

    def origin(self, host: str) -> str:
        return self.web.origins[host]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("discovery")
    with serve_fixture_web(TEST_WEB) as web:
        sources = tmp / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        path = tmp / "archive.db"
        first = run_crawl(sources, path, *FAST_RETRIES, f"ARCHIVE_REPORT={tmp / '1.json'}")
        assert first.returncode == 0, first.stderr[-3000:]
        first_requests = list(web.requests)
        web.requests.clear()
        second = run_crawl(sources, path, *FAST_RETRIES, f"ARCHIVE_REPORT={tmp / '2.json'}")
        assert second.returncode == 0, second.stderr[-3000:]
        yield Crawl(
            web,
            path,
            json.loads((tmp / "1.json").read_text()),
            json.loads((tmp / "2.json").read_text()),
            first_requests,
            list(web.requests),
            first.stderr + second.stderr,
        )


def capture(crawl: Crawl, path: str, host: str = "news.example") -> dict[str, Any]:
    rows = crawl.rows("select * from captures where url = ?", crawl.origin(host) + path)
    assert rows, f"no capture of {path}"
    return rows[-1]


def test_no_traceback_and_only_the_broken_article_urls_fail_as_sources(crawl):
    assert "Traceback" not in crawl.stderr
    # /loop/a, /gone, /missing and /huge are given as article URLs and cannot be fetched.
    assert crawl.first_report["sources_failed"] == 4


def test_a_redirect_chain_ends_at_the_story(crawl):
    row = capture(crawl, "/old/fresno-run")
    assert row["status"] == 200
    assert row["final_url"] == crawl.origin("news.example") + "/stories/runners-rally-in-fresno"
    assert row["outcome"] == "article"


def test_a_redirect_loop_is_recorded_as_an_error(crawl):
    row = capture(crawl, "/loop/a")
    assert row["outcome"] == "failed"
    assert "redirect loop" in row["error"]


@pytest.mark.parametrize(("path", "status"), [("/gone", 410), ("/missing", 404)])
def test_client_errors_are_recorded_with_their_status(crawl, path, status):
    row = capture(crawl, path)
    assert (row["status"], row["outcome"]) == (status, "http-error")


def test_a_server_error_then_success_is_retried_into_an_article(crawl):
    assert crawl.first_requests.count(("news.example", "/flaky")) == 2
    assert capture(crawl, "/flaky")["outcome"] == "article"


def test_429_is_retried_after_the_wait_the_server_asks(crawl):
    assert crawl.first_requests.count(("news.example", "/busy")) == 2
    assert capture(crawl, "/busy")["outcome"] == "article"


def test_robots_txt_of_each_host_is_obeyed(crawl):
    requested = crawl.first_requests + crawl.second_requests
    assert ("news.example", "/private/secret-run") not in requested
    assert ("wire.example", "/drafts/run-against-ice-draft") not in requested
    assert ("wire.example", "/robots.txt") in requested
    assert crawl.origin("wire.example").startswith("http://127.0.0.2:")


@pytest.mark.parametrize("path", ["/files/results.pdf", "/img/finish.png"])
def test_other_media_types_are_recorded_and_not_extracted(crawl, path):
    assert capture(crawl, path)["outcome"] == "not-html"


def test_a_page_declared_utf8_but_sent_as_cp1252_is_read_right(crawl):
    (article,) = crawl.rows("select * from articles where url like '%cp1252-story'")
    assert "corazón" in article["title"]
    assert "Más de doscientas personas" in article["text"]


def test_a_20_mb_page_is_cut_off_and_recorded(crawl):
    row = capture(crawl, "/huge")
    assert row["outcome"] == "failed"
    assert "too large" in row["error"]
    assert row["body_size"] == 0


def test_one_story_under_tracking_parameters_and_amp_is_one_article(crawl):
    rows = crawl.rows("select * from articles where url like '%runners-rally-in-fresno%'")
    assert [r["url"] for r in rows] == ["https://news.example/stories/runners-rally-in-fresno"]
    routes = crawl.rows(
        "select route, url from discoveries where article_id = ? order by route", rows[0]["id"]
    )
    assert {r["route"] for r in routes} >= {"feed", "news-sitemap", "article"}
    assert all("utm_" not in r["url"] and not r["url"].endswith("/amp") for r in routes)


def test_a_feed_with_relative_links_is_followed(crawl):
    feed = crawl.origin("news.example") + "/feed.rss"
    rows = crawl.rows("select url, article_id from discoveries where source = ?", feed)
    assert len(rows) == 3
    assert all(r["article_id"] for r in rows)


def test_a_google_news_sitemap_gives_titles_and_dates(crawl):
    (row,) = crawl.rows(
        "select * from discoveries where route = 'news-sitemap' and url like '%busy-night'"
    )
    assert row["title"] == "Night run against ICE lights up the Tower District"
    assert row["published"] == "2025-10-18"


def test_a_gzip_sitemap_index_leads_to_its_stories_in_the_run_window(crawl):
    rows = crawl.rows(
        "select url, published, search_window from discoveries where route = 'sitemap'"
    )
    # spring-5k's lastmod falls in the run's window (a last change, not a publication day);
    # flaky has no date and no run's word in its address, so the sitemap does not lead to it.
    assert {r["url"].rsplit("/", 1)[1]: r["published"] for r in rows} == {"spring-5k": None}
    assert rows[0]["search_window"] == "Run Against ICE, Fresno, 2025"
    skipped = crawl.first_report["discovery"]["skipped"]
    assert skipped["sitemap URLs undated"] == 1


def test_gdelt_hits_are_fetched_and_linked_to_their_articles(crawl):
    rows = crawl.rows(
        "select d.title, d.published, a.url from discoveries d "
        "join articles a on a.id = d.article_id where d.route = 'search:gdelt' order by a.url"
    )
    assert [r["url"] for r in rows] == [
        "https://news.example/stories/spring-5k",
        "https://wire.example/2025/run-against-ice-wire",
    ]
    assert rows[1]["published"] == "2025-10-01"


def test_google_news_links_are_decoded_followed_or_kept_as_leads(crawl):
    rows = crawl.rows(
        "select d.*, a.url as article_url from discoveries d left join articles a "
        "on a.id = d.article_id where d.route = 'search:google-news'"
    )
    resolved = {r["article_url"] for r in rows if r["is_resolved"]}
    assert "https://news.example/stories/run-against-ice-returns-in-october" in resolved
    assert "https://wire.example/2025/run-against-ice-wire" in resolved
    # A link issued since mid-2024, decoded through its page's signature (batchexecute).
    assert "https://news.example/stories/spring-5k" in resolved
    assert ("search.example", "/_/DotsSplashUi/data/batchexecute") in crawl.first_requests
    (lead,) = [r for r in rows if not r["is_resolved"]]
    assert lead["title"] == "Paywalled run coverage"
    assert lead["outlet"] == "https://dailypaper.example"
    assert lead["published"] == "2025-09-27"
    assert lead["article_id"] is None


def test_links_from_on_topic_articles_are_followed_one_step(crawl):
    fresno = "https://news.example/stories/runners-rally-in-fresno"
    rows = crawl.rows("select url from discoveries where route = 'link' and source = ?", fresno)
    assert {r["url"].rsplit("/", 1)[1] for r in rows} == {
        "run-against-ice-returns-in-october",
        "run-against-ice-wire",
        "run-against-ice-draft",
    }
    assert ("news.example", "/stories/city-council-budget") not in crawl.first_requests


def test_every_article_knows_how_it_was_found(crawl):
    orphans = crawl.rows(
        "select url from articles where id not in "
        "(select article_id from discoveries where article_id is not null)"
    )
    assert orphans == []


def test_a_changed_story_keeps_its_previous_version(crawl):
    (article,) = crawl.rows("select * from articles where url like '%changing-story'")
    assert "about 230 people" in article["text"]
    (version,) = crawl.rows("select * from article_versions where article_id = ?", article["id"])
    assert "about 150 people" in version["text"]
    assert version["replaced_at"] == article["updated_at"]
    assert crawl.second_report["updated"] == 1


def test_an_unchanged_page_is_asked_for_conditionally_and_rewrites_nothing(crawl):
    rows = crawl.rows(
        "select * from captures where url = ?", crawl.origin("news.example") + "/stories/with-etag"
    )
    assert len(rows) == 1
    assert rows[0]["fetch_count"] == 2
    headers = {k.lower(): v for k, v in json.loads(rows[0]["headers"]).items()}
    assert headers["etag"] == '"route-map-v1"'


def test_the_second_crawl_adds_no_duplicates(crawl):
    duplicates = crawl.rows(
        "select url, route, source, count(*) n from discoveries "
        "group by url, route, source having n > 1"
    )
    assert duplicates == []
    assert crawl.second_report["new"] == 0
    crawls = crawl.rows("select status from crawls")
    assert [c["status"] for c in crawls] == ["finished", "finished"]


def test_pages_known_not_to_be_coverage_are_not_asked_for_again(crawl):
    for path in ("/files/results.pdf", "/img/finish.png"):
        assert ("news.example", path) in crawl.first_requests
        assert ("news.example", path) not in crawl.second_requests
    assert crawl.second_report["skipped_known"] >= 2


def test_a_search_feed_its_robots_txt_refuses_is_named_once_and_skipped(tmp_path):
    with serve_fixture_web(TEST_WEB) as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(
            "outlets: []\nevents:\n  - {name: A run, date: 2025-10}\nsearch:\n"
            f"  google_news: {{url: '{web.origins['wire.example']}/drafts/rss/search', "
            "editions: [en-US:US, es-419:US, en-GB:GB, es-US:US, en-CA:CA]}\n",
            encoding="utf-8",
        )
        # Five requests wait for the host's robots.txt at once: every one must be checked.
        result = run_crawl(
            sources, tmp_path / "a.db", "ARCHIVE_TODAY=2025-11-20", "ARCHIVE_ROLLING_DAYS=0"
        )
        requested = list(web.requests)
    lines = [line for line in result.stderr.splitlines() if "source failed" in line]
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"source failed: {web.origins['wire.example']}/drafts/rss/search: "
        "its robots.txt disallows it; skipped"
    ]
    assert not [path for host, path in requested if path.startswith("/drafts/")]
