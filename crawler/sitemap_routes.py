"""The outlets' sitemaps as routes to coverage: robots.txt's Sitemap: lines, sitemap indexes and
their children, chosen by the run windows. Mixed into the coverage spider, whose `found`,
`source_request` and `source_failed` they use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from archive.limits import gunzip_capped
from crawler.guard import MAX_GUNZIPPED_BYTES
from crawler.routes import SpiderRoutes
from crawler.sitemaps import (
    address_period,
    child_period,
    choose_entry,
    is_news_sitemap,
    iter_sitemap,
    sitemap_scope,
)
from crawler.windows import parse_day

NEWS_NOTE = "news sitemaps list only the last two days"


class SitemapRoutes(SpiderRoutes):
    """Requests and callbacks of robots.txt and the sitemaps it, or the sources file, names."""

    def parse_robots(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow the sitemaps a robots.txt names in its Sitemap: lines (none is no failure)."""
        if response.status >= 400:
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip_capped(body, MAX_GUNZIPPED_BYTES)
        # Scrapy reads robots.txt as bytes since 2.19 and as text before.
        robots = body if scrapy.version_info >= (2, 19) else body.decode("utf-8", "replace")
        for url in sitemap_urls_from_robots(robots, base_url=response.url):
            yield self.source_request(url, self.parse_sitemap, outlet, "sitemap")

    def parse_sitemap(
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        period: tuple[date, date] | None = None,
    ) -> Iterator[Any]:
        """Follow the URLs and child sitemaps that may fall in a window or name the topic.

        `period` is what the parent index said of this sitemap (its entry's month or day).
        """
        if self._source_unusable(response):
            return
        try:
            entries = list(iter_sitemap(response.body))
            is_news = is_news_sitemap(response.body)
        except (ValueError, OSError, EOFError) as exc:
            self._source_unusable(response, f"unreadable sitemap ({exc})")
            return
        assert self.sources is not None
        scope = sitemap_scope(response.url, entries, period)
        for entry in entries:
            loc = response.urljoin(entry.loc)
            choice = choose_entry(entry, self.windows, self.sources.phrases, scope)
            if not choice.fetch:
                kind = "sitemaps" if entry.is_sitemap else "sitemap URLs"
                self.figures.skip(f"{kind} {choice.why}")
                continue
            label = choice.window.label if choice.window else None
            if entry.is_sitemap:
                yield scrapy.Request(
                    loc,
                    callback=self.parse_sitemap,
                    errback=self.source_failed,
                    cb_kwargs={
                        "outlet": outlet,
                        "window": label,
                        "period": child_period(entry, scope),
                    },
                    meta={"source": "sitemap"},
                )
            else:
                route = "news-sitemap" if entry.title or entry.published else "sitemap"
                # lastmod is when the page last changed, not when it was published: no hint.
                published = entry.published or _address_day(loc)
                yield from self.found(
                    loc, outlet, route, response.url, entry.title, published, window=label
                )
        days = [parse_day(e.published) for e in entries]
        in_run = any(day and w.is_run and w.holds(day) for day in days for w in self.windows)
        if is_news and not in_run and any(w.is_run for w in self.windows):
            self.figures.note(f"{response.url}: nothing in a run window ({NEWS_NOTE})")


def _address_day(url: str) -> str | None:
    """Return the day an article address names (/2025/07/14/), if it names one."""
    period = address_period(url)
    return period[0].isoformat() if period and period[0] == period[1] else None
