"""Which sitemap entries are fetched: lastmod as an upper bound of a page's day, small undated
sitemaps read whole, a big dated sitemap's share, and a sitemap's period handed to its children;
fed to the spider's callbacks in-process."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import scrapy
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import Discovered
from crawler.sitemaps import (
    MAX_LASTMOD_LAG,
    SMALL_SITEMAP_URLS,
    SitemapEntry,
    SitemapScope,
    choose_entry,
)
from crawler.spiders.coverage import CoverageSpider
from crawler.windows import Window

RUN = Window("Riverside run", date(2025, 7, 11), date(2025, 7, 28))
PHRASES = ("Run Against ICE",)
BIG = SitemapScope(is_small=False)
SMALL = SitemapScope(is_small=True)
SOURCES = """\
topic:
  phrases: ["Run Against ICE"]
events:
  - name: Riverside run
    date: 2025-07-14
outlets:
  - domain: paper.example
"""


def page(lastmod: date | None = None, path: str = "/news/council") -> SitemapEntry:
    return SitemapEntry(f"https://paper.example{path}", False, lastmod=lastmod and str(lastmod))


@pytest.mark.parametrize(
    ("lastmod", "scope", "fetch"),
    [
        (RUN.start, BIG, True),  # changed the day the window opened
        (RUN.end + timedelta(days=30), BIG, True),  # updated after the window: still a candidate
        (RUN.end + MAX_LASTMOD_LAG, BIG, True),
        (RUN.end + MAX_LASTMOD_LAG + timedelta(days=1), BIG, False),  # too long after, big
        (RUN.end + timedelta(days=400), SMALL, True),  # a small sitemap bounds the cost itself
        (RUN.start - timedelta(days=1), SMALL, False),  # changed before: published before
    ],
)
def test_lastmod_is_an_upper_bound_of_the_pages_day(lastmod, scope, fetch):
    choice = choose_entry(page(lastmod), [RUN], PHRASES, scope)
    assert (choice.fetch, choice.window) == (fetch, RUN if fetch else None)


def test_a_sitemaps_period_bounds_its_pages_whatever_their_lastmod():
    july = SitemapScope(period=(date(2025, 7, 1), date(2025, 7, 31)))
    june = SitemapScope(period=(date(2025, 6, 1), date(2025, 6, 30)))
    late = page(date(2026, 3, 1))  # a July story re-saved months later
    assert choose_entry(late, [RUN], PHRASES, july).window == RUN
    assert not choose_entry(late, [RUN], PHRASES, june).fetch


def test_the_address_or_news_date_stays_the_pages_day():
    dated = page(date(2025, 9, 1), "/news/2025/06/30/council")
    assert not choose_entry(dated, [RUN], PHRASES, SMALL).fetch
    news = SitemapEntry(
        "https://paper.example/a", False, published="2025-07-20", lastmod="2026-01-05"
    )
    assert choose_entry(news, [RUN], PHRASES, BIG).window == RUN


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


def urlset(entries: list[tuple[str, date | None]], news: bool = False) -> bytes:
    def url(loc: str, lastmod: date | None) -> str:
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        return f"<url><loc>https://paper.example{loc}</loc>{mod}</url>"

    namespace = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    body = "".join(url(loc, lastmod) for loc, lastmod in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{namespace}>{body}</urlset>'
    ).encode()


def read(spider, url: str, body: bytes, **kwargs) -> list:
    request = scrapy.Request(url, cb_kwargs={"outlet": "paper.example", **kwargs})
    response = XmlResponse(url, body=body, request=request)
    return list(spider.parse_sitemap(response, **request.cb_kwargs))


def found(output: list) -> list[Discovered]:
    return [d for d in output if isinstance(d, Discovered)]


def test_a_small_sitemap_with_no_dates_is_read_whole(spider):
    body = urlset([(f"/news/story-{n}", None) for n in range(50)])
    output = read(spider, "https://paper.example/sitemap.xml", body)
    assert len(found(output)) == 50
    assert spider.figures.skipped == {}


def test_a_big_sitemap_with_no_dates_is_not(spider):
    body = urlset([(f"/news/story-{n}", None) for n in range(SMALL_SITEMAP_URLS + 1)])
    assert found(read(spider, "https://paper.example/sitemap.xml", body)) == []
    assert spider.figures.skipped["sitemap URLs undated"] == SMALL_SITEMAP_URLS + 1


def test_a_small_sitemap_dating_some_pages_skips_the_undated_ones(spider):
    body = urlset([("/news/a", date(2025, 7, 20)), ("/news/b", None)])
    assert [d.url for d in found(read(spider, "https://paper.example/s.xml", body))] == [
        "https://paper.example/news/a"
    ]


def test_a_big_dated_sitemap_costs_a_small_share(spider):
    # Three years of stories, ten a day, each last changed a week after it was published.
    first = date(2023, 11, 20)
    entries = [
        (f"/news/story-{day.toordinal()}-{n}", day + timedelta(days=7))
        for day in (first + timedelta(days=d) for d in range(3 * 365))
        for n in range(10)
    ]
    chosen = found(read(spider, "https://paper.example/sitemap-all.xml", urlset(entries)))
    (run,) = spider.windows
    published = {f"/news/story-{d.toordinal()}-0" for d in _days(run.start, run.end)}
    assert published <= {d.url.removeprefix("https://paper.example") for d in chosen}
    span = (run.end - run.start).days + 1 + MAX_LASTMOD_LAG.days
    assert len(chosen) / len(entries) <= (span + 1) / (3 * 365)
    assert all(d.published is None for d in chosen)  # a lastmod is no publication day


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_a_child_sitemap_gets_the_period_its_index_names(spider):
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://paper.example/sitemap-2025-07.xml</loc></sitemap>"
        b"<sitemap><loc>https://paper.example/sitemap-2024-07.xml</loc></sitemap>"
        b"</sitemapindex>"
    )
    (child,) = read(spider, "https://paper.example/index.xml", index)
    assert child.cb_kwargs["period"] == (date(2025, 7, 1), date(2025, 7, 31))
    # Its pages were re-saved in 2026: the period keeps them in July all the same.
    body = urlset([("/news/a", date(2026, 3, 1)), ("/news/b", None)])
    output = read(spider, "https://paper.example/posts-1.xml", body, **child.cb_kwargs)
    assert [d.window for d in found(output)] == ["Riverside run"]


def test_an_index_named_for_a_month_hands_it_to_its_unnamed_children(spider):
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://paper.example/posts-1.xml</loc>"
        b"<lastmod>2026-01-05</lastmod></sitemap></sitemapindex>"
    )
    (child,) = read(spider, "https://paper.example/2025/07/index.xml", index)
    assert child.cb_kwargs["period"] == (date(2025, 7, 1), date(2025, 7, 31))


def test_a_news_sitemap_with_nothing_in_a_run_window_says_why(spider):
    body = urlset([], news=True)
    read(spider, "https://paper.example/news-sitemap.xml", body)
    assert spider.figures.notes == [
        "https://paper.example/news-sitemap.xml: nothing in a run window "
        "(news sitemaps list only the last two days)"
    ]
