"""The outlets' own sites as routes to coverage: the feeds a home page advertises, and its
platform's search, asked window by window. Mixed into the coverage spider, whose `found`,
`source_request`, `source_failed` and `parse_feed` they use."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import platforms
from crawler.feeds import FeedError, FeedItem, read_feed
from crawler.routes import SpiderRoutes
from crawler.windows import Window, parse_day

logger = logging.getLogger(__name__)

ROUTE = "site-search"
PAST_LAST_PAGE = (404, 410)  # a search feed asked for a page past its last one


class SiteRoutes(SpiderRoutes):
    """Requests and callbacks of an outlet's home page and its site search, per run window."""

    def parse_home(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow the feeds a home page advertises and search the site through its platform."""
        assert self.sources is not None
        named = self.sources.outlet_for(outlet or "")
        if response.status >= 400 and not (named and named.site):
            return  # the default home page: nothing to read there, and no source named it
        if self._source_unusable(response) or not isinstance(response, TextResponse):
            return
        links = [value.decode("latin-1") for value in response.headers.getlist(b"Link")]
        home = platforms.read_home_page(response.text, response.url, links)
        for feed in home.feeds:
            yield self.source_request(feed, self.parse_feed, outlet, "feed")
        if home.platform is None:
            return
        for held in self.windows:
            self.figures.count_searched(held.label, ROUTE)
            for phrase in self.sources.phrases:
                if home.platform == "wordpress" and home.api:
                    yield self._wordpress_posts_request(
                        home.api, response.url, outlet, held, phrase, 1
                    )
                elif home.platform == "wordpress":
                    yield from self._wordpress_feed_requests(response.url, outlet, held, phrase)
                elif home.platform == "blox":
                    yield self._search_feed_request("blox", response.url, outlet, held, phrase)

    def parse_wordpress_posts(
        self,
        response: Response,
        outlet: str | None,
        window: str | None,
        api: str,
        site: str,
        phrase: str,
        page: int,
    ) -> Iterator[Any]:
        """Follow the posts a REST API search returned, page after page; where the API
        refuses (disabled, behind a login, not there), search the site's feed instead."""
        held = self._window(window)
        if held is None:
            return
        if page > 1 and platforms.is_past_last_page(response.status, response.body):
            return  # X-WP-TotalPages was missing or stale: this is the end, not a failure
        try:
            posts = platforms.read_wordpress_posts(response.body, response.status)
        except platforms.RestApiError as exc:
            if page > 1:
                self._source_unusable(response, f"WordPress REST API: {exc}")
                return
            logger.info("REST API refused (%s): %s; searching the feed", exc, response.url)
            yield from self._wordpress_feed_requests(site, outlet, held, phrase)
            return
        for post in posts:
            yield from self._found_in_window(
                response.urljoin(post.url), outlet, response.url, post.title, post.published, held
            )
        pages = platforms.total_pages(response.headers.get(b"X-WP-TotalPages"))
        more = page < pages if pages is not None else len(posts) >= platforms.REST_PAGE_SIZE
        if more and self._below_cap(page):
            yield self._wordpress_posts_request(api, site, outlet, held, phrase, page + 1)

    def wordpress_posts_failed(self, failure: Failure) -> Any:
        """Search the site's feed when its first REST API page could not be fetched at all
        (its robots.txt may refuse /wp-json/ and not the feed)."""
        request = failure.request  # type: ignore[attr-defined]
        kwargs = request.cb_kwargs
        held = self._window(kwargs.get("window"))
        if kwargs.get("page", 1) > 1 or held is None:
            return self.source_failed(failure)
        logger.info("REST API not read (%s): %s; searching the feed", failure.value, request.url)
        return list(
            self._wordpress_feed_requests(kwargs["site"], kwargs["outlet"], held, kwargs["phrase"])
        )

    def parse_site_search(
        self,
        response: Response,
        outlet: str | None,
        window: str | None,
        platform: str,
        site: str,
        phrase: str,
        page: int,
        month: date | None = None,
    ) -> Iterator[Any]:
        """Follow a site-search feed's results, and its next page while this one was full."""
        held = self._window(window)
        if held is None or (page > 1 and response.status in PAST_LAST_PAGE):
            return  # past the last page of results
        items = self._read_search_feed(response)
        if items is None:
            return
        for item in items:
            published = item.published.isoformat() if item.published else None
            yield from self._found_in_window(
                item.url, outlet, response.url, item.title, published, held
            )
        size = platforms.BLOX_PAGE_SIZE if platform == "blox" else platforms.FEED_PAGE_SIZE
        if len(items) >= size and self._below_cap(page):
            yield self._search_feed_request(platform, site, outlet, held, phrase, page + 1, month)

    def _wordpress_posts_request(
        self, api: str, site: str, outlet: str | None, held: Window, phrase: str, page: int
    ) -> Any:
        """Return a REST API search of a window's posts, one page of them."""
        url = platforms.wordpress_posts_url(api, phrase, held.start, held.end, page)
        request = self.source_request(url, self.parse_wordpress_posts, outlet, ROUTE, held.label)
        request.errback = self.wordpress_posts_failed
        request.cb_kwargs.update({"api": api, "site": site, "phrase": phrase, "page": page})
        return request

    def _wordpress_feed_requests(
        self, site: str, outlet: str | None, held: Window, phrase: str
    ) -> Iterator[Any]:
        """Yield the search feed's first page for every month a window touches."""
        for month in platforms.months_of(held.start, held.end):
            yield self._search_feed_request("wordpress", site, outlet, held, phrase, 1, month)

    def _search_feed_request(
        self,
        platform: str,
        site: str,
        outlet: str | None,
        held: Window,
        phrase: str,
        page: int = 1,
        month: date | None = None,
    ) -> Any:
        """Return the request of one page of a WordPress (one month) or BLOX search feed."""
        if platform == "wordpress" and month is not None:
            url = platforms.wordpress_feed_url(site, phrase, month, page)
        else:
            url = platforms.blox_search_url(site, phrase, held.start, held.end, page)
        request = self.source_request(url, self.parse_site_search, outlet, ROUTE, held.label)
        request.cb_kwargs.update(
            {"platform": platform, "site": site, "phrase": phrase, "page": page, "month": month}
        )
        return request

    def _read_search_feed(self, response: Response) -> list[FeedItem] | None:
        """Return a search feed's items; report a feed that could not be read and return None."""
        if self._source_unusable(response):
            return None
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            return read_feed(response.body, response.url, content_type)
        except FeedError as exc:
            self._source_unusable(response, str(exc))
            return None

    def _found_in_window(
        self,
        url: str,
        outlet: str | None,
        source: str,
        title: str | None,
        published: str | None,
        held: Window,
    ) -> Iterator[Any]:
        """Yield a search result's discovery, filed under the window searched unless its date
        says otherwise (a month's feed reaches past a window's days)."""
        day = parse_day(published)
        label = held.label if day is None or held.holds(day) else None
        yield from self.found(url, outlet, ROUTE, source, title, published, window=label)

    def _window(self, label: str | None) -> Window | None:
        """Return the window of a label."""
        return next((w for w in self.windows if w.label == label), None)

    def _below_cap(self, page: int) -> bool:
        """Tell whether another page may be asked for; count a search stopped at the cap."""
        if page < platforms.MAX_SEARCH_PAGES:
            return True
        self.figures.skip(f"site searches stopped at {platforms.MAX_SEARCH_PAGES} pages")
        return False
