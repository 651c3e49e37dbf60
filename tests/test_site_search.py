"""Site search per run window: the addresses each platform is asked, the answers read (REST JSON
and its headers, search feeds) and the fallbacks, fed to the spider's callbacks in-process."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import scrapy
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import platforms
from crawler.items import Discovered
from crawler.spiders.coverage import CoverageSpider

SOURCES = """\
topic:
  phrases: ["Run Against ICE"]
events:
  - name: Riverside run
    date: 2025-07-30
outlets:
  - domain: wp.example
    site: "https://wp.example/"
"""
RUN = "Riverside run"  # its window: 2025-07-27 to 2025-08-13, two months
LINK_HEADER = '<https://wp.example/wp-json/>; rel="https://api.w.org/", <https://wp.example/x>'


@pytest.fixture
def spider(tmp_path: Path) -> CoverageSpider:
    path = tmp_path / "sources.yml"
    path.write_text(SOURCES, encoding="utf-8")
    settings = {
        "ARCHIVE_SOURCES": str(path),
        "ARCHIVE_TODAY": "2025-11-20",
        "ARCHIVE_ROLLING_DAYS": 0,
    }
    return CoverageSpider.from_crawler(get_crawler(CoverageSpider, settings))


def home(body: str, headers: dict[str, str] | None = None) -> HtmlResponse:
    return HtmlResponse(
        "https://wp.example/", body=body.encode(), headers=headers or {}, encoding="utf-8"
    )


def requests(output) -> list[scrapy.Request]:
    return [r for r in output if isinstance(r, scrapy.Request)]


def discoveries(output) -> list[Discovered]:
    return [d for d in output if isinstance(d, Discovered)]


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def rest_request(spider: CoverageSpider, page: int = 1) -> scrapy.Request:
    (request,) = requests(
        spider.parse_home(home('<link rel="https://api.w.org/" href="/wp-json/">'), "wp.example")
    )
    if page > 1:
        request.cb_kwargs["page"] = page
    return request


def answer(request: scrapy.Request, body: bytes, status: int = 200, **headers: str) -> TextResponse:
    return TextResponse(
        request.url,
        status=status,
        body=body,
        headers={"Content-Type": "application/json; charset=UTF-8", **headers},
        request=request,
        encoding="utf-8",
    )


def call(spider: CoverageSpider, response: TextResponse) -> list:
    request = response.request
    return list(request.callback(response, **request.cb_kwargs))


def feed(count: int, day: date = date(2025, 7, 29)) -> bytes:
    stamp = format_datetime(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
    items = "".join(
        f"<item><title>Story {n}</title><link>https://wp.example/story-{n}</link>"
        f"<pubDate>{stamp}</pubDate></item>"
        for n in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def test_a_window_spans_the_months_it_touches():
    assert platforms.months_of(date(2025, 7, 27), date(2025, 8, 13)) == [
        date(2025, 7, 1),
        date(2025, 8, 1),
    ]
    assert platforms.months_of(date(2025, 12, 30), date(2026, 1, 2))[-1] == date(2026, 1, 1)


def test_the_rest_search_keeps_the_phrase_whole_and_the_window_in_whole_days():
    url = platforms.wordpress_posts_url(
        "https://wp.example/wp-json/", "Run Against ICE", date(2025, 7, 27), date(2025, 8, 13), 2
    )
    assert url.startswith("https://wp.example/wp-json/wp/v2/posts?")
    assert query(url) == {
        "search": '"Run Against ICE"',
        "after": "2025-07-27T00:00:00",
        "before": "2025-08-14T00:00:00",
        "per_page": "100",
        "page": "2",
        "_fields": "link,title,date",
    }


def test_the_rest_search_goes_through_rest_route_without_pretty_permalinks():
    url = platforms.wordpress_posts_url(
        "https://wp.example/?rest_route=/", "Run Against ICE", date(2025, 7, 27), date(2025, 8, 13)
    )
    assert url.startswith("https://wp.example/?rest_route=%2Fwp%2Fv2%2Fposts&search=")
    assert query(url)["rest_route"] == "/wp/v2/posts"


def test_the_search_feed_keeps_the_phrase_whole_one_month_at_a_time():
    url = platforms.wordpress_feed_url("https://wp.example/", "Run Against ICE", date(2025, 8, 1))
    assert query(url) == {"s": "Run Against ICE", "sentence": "1", "m": "202508", "feed": "rss2"}


def test_blox_is_asked_newest_first_100_a_page_within_the_window():
    url = platforms.blox_search_url(
        "https://www.bakersfield.com/", "Run Against ICE", date(2025, 7, 27), date(2025, 8, 13), 3
    )
    assert query(url) == {
        "f": "rss",
        "t": "article",
        "q": "Run Against ICE",
        "s": "start_time",
        "sd": "desc",
        "l": "100",
        "d1": "07/27/2025",
        "d2": "08/13/2025",
        "o": "200",
    }


@pytest.mark.parametrize(
    ("body", "headers", "api"),
    [
        ('<link rel="https://api.w.org/" href="https://wp.example/wp-json/">', {}, "/wp-json/"),
        (
            "<html></html>",
            {"Link": '<https://wp.example/wp-json/>; rel="https://api.w.org/"'},
            "/wp-json/",
        ),
        ('<link rel="https://api.w.org/" href="/?rest_route=/">', {}, "/?rest_route=/"),
    ],
)
def test_the_home_page_advertises_the_rest_api_in_a_link_or_a_header(body, headers, api):
    page = home(body, headers)
    links = [v.decode() for v in page.headers.getlist(b"Link")]
    found = platforms.read_home_page(page.text, page.url, links)
    assert (found.platform, found.api) == ("wordpress", "https://wp.example" + api)


def test_a_wordpress_home_page_asks_the_rest_api_once_per_window_and_phrase(spider):
    request = rest_request(spider)
    assert request.callback == spider.parse_wordpress_posts
    assert query(request.url)["after"] == "2025-07-27T00:00:00"
    assert request.cb_kwargs["window"] == RUN
    assert spider.figures.searched[RUN] == ["site-search"]


def test_without_the_rest_api_the_feed_is_asked_for_every_month_of_the_window(spider):
    page = home('<meta name="generator" content="WordPress 6.6.2">')
    asked = requests(spider.parse_home(page, "wp.example"))
    assert [query(r.url)["m"] for r in asked] == ["202507", "202508"]
    assert all(r.callback == spider.parse_site_search for r in asked)


def test_rest_posts_are_found_under_their_window_with_unescaped_titles(spider):
    posts = [
        {
            "link": "https://wp.example/2025/07/29/runners/",
            "title": {"rendered": "Runners&#8217; <em>Run Against ICE</em>"},
            "date": "2025-07-29T09:00:00",
        }
    ]
    response = answer(rest_request(spider), json.dumps(posts).encode(), **{"X-WP-TotalPages": "3"})
    output = call(spider, response)
    (found,) = discoveries(output)
    assert (found.route, found.title, found.published, found.window) == (
        "site-search",
        "Runners\u2019 Run Against ICE",
        "2025-07-29T09:00:00",
        RUN,
    )
    (next_page,) = [r for r in requests(output) if r.callback == spider.parse_wordpress_posts]
    assert query(next_page.url)["page"] == "2"


def test_the_last_rest_page_asks_no_further(spider):
    response = answer(rest_request(spider, 3), b"[]", **{"X-WP-TotalPages": "3"})
    assert requests(call(spider, response)) == []


def test_a_page_past_the_end_is_the_end_not_a_failure(spider):
    body = json.dumps({"code": "rest_post_invalid_page_number", "data": {"status": 400}})
    assert call(spider, answer(rest_request(spider, 2), body.encode(), 400)) == []
    assert spider.source_failures == []


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, b'{"code": "rest_disabled", "message": "The REST API is disabled."}'),
        (403, b'{"code": "rest_forbidden"}'),
        (404, b"<html><body>Not found</body></html>"),
        (200, b"<!DOCTYPE html><html><body>Home</body></html>"),
    ],
)
def test_a_refusing_rest_api_falls_back_to_the_feed(spider, status, body):
    output = call(spider, answer(rest_request(spider), body, status))
    assert [query(r.url)["m"] for r in requests(output)] == ["202507", "202508"]
    assert spider.source_failures == []


def test_a_rest_request_that_cannot_be_fetched_falls_back_to_the_feed(spider):
    request = rest_request(spider)
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = request  # type: ignore[attr-defined]
    asked = request.errback(failure)
    assert [query(r.url)["sentence"] for r in asked] == ["1", "1"]


def feed_request(spider: CoverageSpider, page: int = 1) -> scrapy.Request:
    first = requests(spider.parse_home(home('<meta name="generator" content="WordPress">'), None))
    request = first[0]
    if page > 1:
        request = request.replace(
            url=platforms.wordpress_feed_url(
                "https://wp.example/", "Run Against ICE", date(2025, 7, 1), page
            )
        )
        request.cb_kwargs["page"] = page
    return request


def rss(request: scrapy.Request, body: bytes, status: int = 200) -> TextResponse:
    return TextResponse(
        request.url,
        status=status,
        body=body,
        headers={"Content-Type": "application/rss+xml"},
        request=request,
    )


def test_a_full_feed_page_asks_for_the_next_and_a_short_one_ends(spider):
    full = call(spider, rss(feed_request(spider), feed(10)))
    (next_page,) = requests(r for r in full if isinstance(r, scrapy.Request) and "paged" in r.url)
    assert query(next_page.url)["paged"] == "2"
    short = call(spider, rss(feed_request(spider, 2), feed(9)))
    assert not [r for r in requests(short) if "paged=3" in r.url]


def test_a_feed_page_past_the_end_answering_404_is_no_failure(spider):
    assert call(spider, rss(feed_request(spider, 2), b"<html>Not found</html>", 404)) == []
    assert spider.source_failures == []


def test_the_feed_stops_at_the_safety_cap_and_says_so(spider):
    cap = platforms.MAX_SEARCH_PAGES
    output = call(spider, rss(feed_request(spider, cap), feed(10)))
    assert not [r for r in requests(output) if f"paged={cap + 1}" in r.url]
    assert spider.figures.skipped[f"site searches stopped at {cap} pages"] == 1


def test_a_feed_item_outside_the_window_is_filed_by_its_own_date(spider):
    output = call(spider, rss(feed_request(spider), feed(1, date(2025, 7, 2))))
    (found,) = discoveries(output)
    assert found.window is None  # 2 July: in the month asked, not in the run's window


def test_a_blox_site_asks_the_next_offset_while_pages_are_full(spider):
    page = home('<img src="https://bloximages.chicago2.vip.townnews.com/x.jpg">')
    (request,) = requests(spider.parse_home(page, "wp.example"))
    assert query(request.url)["d1"] == "07/27/2025"
    output = call(spider, rss(request, feed(100)))
    (next_page,) = [r for r in requests(output) if "o=" in r.url]
    assert query(next_page.url)["o"] == "100"
