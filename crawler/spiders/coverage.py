"""The coverage spider: from the sources file's feeds, sitemaps, pages and article URLs to pages."""

from __future__ import annotations

import gzip
import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from archive.sources import Outlet, SearchFeed, Sources, load_sources
from archive.store import Discovery
from crawler import gdelt, gnews, mediacloud, platforms, wayback
from crawler.feeds import FeedError, read_feed
from crawler.figures import DiscoveryFigures
from crawler.items import FetchedPage
from crawler.middlewares import AlreadyFetched
from crawler.search import (
    Hit,
    SearchResponseError,
    is_google_block,
    is_google_news,
    parse_gdelt,
    parse_google_news,
    search_urls,
)
from crawler.sitemaps import address_period, choose_entry, iter_sitemap
from crawler.windows import Window, parse_day, search_windows, window_for
from extract.urls import canonical_url

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
GDELT_SLOT = "gdelt"
# A live page that answers these is recovered from its last archived copy.
GONE_STATUSES = (404, 410)
# Routes of article URLs given as sources: their failure is a source's failure.
DIRECT_ROUTES = ("article", "manual")
# Links to these never lead to articles; skipping them saves requests and server load.
NON_ARTICLE_EXTENSIONS = ["css", "js", "json", "xml", "rss", "ico", "svg", "woff", "woff2"]


def now_iso() -> str:
    """Return the current UTC time as ISO-8601 text."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def describe_failure(failure: Failure) -> str:
    """Return one line saying why a request failed (no traceback)."""
    error = failure.value
    name = type(error).__name__
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if "redirect" in message:
        return message  # a loop, or too many redirects
    if (name == "IgnoreRequest" and "robots" in message.lower()) or "robots.txt" in message:
        return "blocked by robots.txt"
    if "DNSLookupError" in name or "DNS lookup failed" in message:
        return "DNS lookup failed (offline or unknown host)"
    if "Timeout" in name:
        return "timed out"
    if "ConnectionRefused" in name:
        return "connection refused"
    if "maxsize" in message.lower() or "larger than" in message.lower():
        return f"response too large ({message})"
    return f"{name}: {message}" if message else name


class CoverageSpider(scrapy.Spider):
    """Fetch every candidate article the sources lead to and hand it to the pipelines.

    Every route to a URL is yielded as a Discovery before the request, so that a story
    listed by a feed and a sitemap keeps both routes even though it is fetched once.
    """

    name = "coverage"

    def __init__(self, sources: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources_path = sources
        self.sources: Sources | None = None
        self.source_failures: list[str] = []
        self.source_count = 0
        self.follow_depth = 0
        self.windows: list[Window] = []
        self.figures = DiscoveryFigures()
        self.gdelt_retries = 3
        self.robots_refused: set[str] = set()  # hosts whose robots.txt refused a source

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoverageSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("ARCHIVE_SOURCES")
        if not path:
            raise ValueError("no sources file: pass -a sources=FILE or set ARCHIVE_SOURCES")
        spider.sources = load_sources(path)
        depth = crawler.settings.get("ARCHIVE_FOLLOW_DEPTH")
        spider.follow_depth = spider.sources.follow_depth if depth is None else int(depth)
        today_setting = crawler.settings.get("ARCHIVE_TODAY")
        spider.today = (
            date.fromisoformat(today_setting) if today_setting else datetime.now(UTC).date()
        )
        spider.windows = search_windows(
            spider.sources, spider.today, crawler.settings.getint("ARCHIVE_ROLLING_DAYS", 14)
        )
        spider.gdelt_retries = crawler.settings.getint("ARCHIVE_GDELT_RETRIES", 3)
        return spider

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """Give GDELT its own download slot: one request at a time, ARCHIVE_GDELT_PACE apart."""
        super().update_settings(settings)
        pace = settings.getfloat("ARCHIVE_GDELT_PACE", 5.0)
        # Requests leave the slot `delay` apart but may reach GDELT closer together (a new
        # connection delays the first): a margin keeps them at least `pace` apart there.
        pace += max(0.1 * pace, 0.25) if pace > 0 else 0
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        # No random variation: "jitter" since Scrapy 2.19, "randomize_delay" before it.
        slots[GDELT_SLOT] = {"concurrency": 1, "delay": pace, "jitter": 0, "randomize_delay": False}
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_for_sources():
            yield request

    def start_requests_for_sources(self) -> Iterator[Any]:
        """Yield the first request for every source in the sources file."""
        assert self.sources is not None
        for outlet in self.sources.outlets:
            for via, urls, callback in (
                ("feed", outlet.feeds, self.parse_feed),
                ("sitemap", outlet.sitemaps, self.parse_sitemap),
                ("page", outlet.pages, self.parse_listing),
            ):
                for url in urls:
                    yield self.source_request(url, callback, outlet.domain, via)
            route = self.crawler.settings.get("ARCHIVE_ARTICLE_ROUTE", "article")
            for url in outlet.articles:
                self.source_count += 1
                yield from self.found(url, outlet.domain, route, None)
            if self.crawler.settings.getbool("ARCHIVE_DISCOVER_SITES", True):
                yield from self.site_requests(outlet)
        for search in self.sources.searches:
            yield from self.search_requests(search)

    def site_requests(self, outlet: Outlet) -> Iterator[Any]:
        """Yield the requests for an outlet's home page and robots.txt.

        robots.txt that cannot be read names no sitemaps; a home page that cannot be read is a
        failed source only when the sources file names it (`site:`), not for the default.
        """
        home = scrapy.Request(
            outlet.home_page,
            callback=self.parse_home,
            errback=self.source_failed if outlet.site else self.quiet_failure,
            cb_kwargs={"outlet": outlet.domain, "window": None},
            meta={"source": "site"},
            priority=10,
            dont_filter=True,  # also a listed page, maybe: read for its feeds all the same
        )
        if outlet.site:
            self.source_count += 1
        yield home
        yield scrapy.Request(
            response_root(outlet.home_page) + "robots.txt",
            callback=self.parse_robots,
            errback=self.quiet_failure,
            cb_kwargs={"outlet": outlet.domain, "window": None},
            meta={"source": "robots"},
            priority=10,
        )

    def quiet_failure(self, failure: Failure) -> None:
        """Note a failed request that is no source of its own (robots.txt, a default home page)."""
        url = failure.request.url  # type: ignore[attr-defined]
        logger.info("not read: %s: %s", url, describe_failure(failure))

    def search_requests(self, search: SearchFeed) -> Iterator[Any]:
        """Yield a search service's requests, one or more per window."""
        assert self.sources is not None
        if search.kind == "gdelt":
            for window in self.windows:
                span = gdelt.reachable_span(window.label, window.start, window.end, self.today)
                if span is None:
                    self.figures.note(f"{window.label}: outside GDELT's reach, searched other ways")
                    self.figures.skip("windows outside GDELT's 3-month reach")
                    continue
                self.figures.count_searched(window.label, "gdelt")
                yield self.gdelt_request(search, span)
        elif search.kind == "google-news":
            for window in self.windows:
                self.figures.count_searched(window.label, "google-news")
                for url in search_urls(search, self.sources.phrases, window.start, window.end):
                    yield self.source_request(
                        url, self.parse_google_news, None, "search:google-news", window.label
                    )
        elif search.kind == "wayback":
            for window in (w for w in self.windows if w.is_run):
                self.figures.count_searched(window.label, "wayback")
                words = [*self.sources.phrases, *window.terms]
                for outlet in self.sources.outlets:
                    # The domain, and the site's host when it differs (a mirror, a test web).
                    hosts = dict.fromkeys([outlet.domain, urlsplit(outlet.home_page).netloc])
                    for host in hosts:
                        url = wayback.cdx_window_url(
                            search.url, host, window.start, window.end, words
                        )
                        yield self.source_request(
                            url,
                            self.parse_cdx_window,
                            outlet.domain,
                            "search:wayback",
                            window.label,
                        )
        elif search.kind == "mediacloud":
            yield from self.mediacloud_requests(search)

    def mediacloud_requests(self, search: SearchFeed) -> Iterator[Any]:
        """Yield Media Cloud story searches per window, or say in one line why there are none."""
        assert self.sources is not None
        key = os.environ.get(mediacloud.KEY_VARIABLE, "").strip()
        if not key:
            logger.warning("Media Cloud skipped: set %s to search it", mediacloud.KEY_VARIABLE)
            self.figures.note(f"Media Cloud skipped: no {mediacloud.KEY_VARIABLE}")
            return
        for window in self.windows:
            self.figures.count_searched(window.label, "mediacloud")
            url = mediacloud.story_list_url(search, self.sources.phrases, window.start, window.end)
            request = self.source_request(
                url, self.parse_mediacloud, None, "search:mediacloud", window.label
            )
            request.headers["Authorization"] = f"Token {key}"
            request.cb_kwargs["search"] = search
            yield request

    def gdelt_request(self, search: SearchFeed, span: gdelt.GdeltSpan, tries: int = 0) -> Any:
        """Return a GDELT request in its own paced download slot."""
        assert self.sources is not None
        request = self.source_request(
            gdelt.gdelt_url(search, self.sources.phrases, span),
            self.parse_gdelt,
            None,
            "search:gdelt",
            span.label,
        )
        request.meta.update({"download_slot": GDELT_SLOT, "autothrottle_dont_adjust_delay": True})
        request.cb_kwargs.update({"search": search, "span": span, "tries": tries})
        if tries:
            self.source_count -= 1  # the same source asked again
            return request.replace(dont_filter=True)
        return request

    def source_request(
        self, url: str, callback: Any, outlet: str | None, via: str, window: str | None = None
    ) -> scrapy.Request:
        """Return the request for a feed, sitemap, listing page or search feed."""
        self.source_count += 1
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.source_failed,
            cb_kwargs={"outlet": outlet, "window": window},
            meta={"source": via},
            priority=10,
        )

    def found(
        self,
        url: str,
        outlet: str | None,
        route: str,
        source: str | None,
        title: str | None = None,
        published: str | None = None,
        depth: int = 0,
        window: str | None = None,
    ) -> Iterator[Any]:
        """Yield the discovery of a candidate article and the request that fetches it."""
        if window is None:
            held = window_for(parse_day(published), self.windows)
            window = held.label if held else None
        key = canonical_url(url)
        self.figures.count_found(key, route, window)
        yield Discovery(key, route, source, title, outlet, published, window=window)
        yield self.page_request(url, outlet, route, depth)

    def page_request(
        self,
        url: str,
        outlet: Outlet | str | None,
        via: str,
        depth: int = 0,
        original: str | None = None,
    ) -> scrapy.Request:
        """Return the request for a candidate article page (or the archived copy of one)."""
        domain = outlet.domain if isinstance(outlet, Outlet) else outlet
        kwargs: dict[str, Any] = {"outlet": domain, "found_via": via, "depth": depth}
        if original:
            kwargs["original"] = original
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.page_failed, cb_kwargs=kwargs
        )

    def latest_capture_requests(self, url: str, outlet: str | None, via: str) -> list[Any]:
        """Return the CDX lookups of a page's last archived copy, when the Wayback Machine is on.

        A page served from another host than its outlet's domain (a mirror, a test web) is
        also looked up under the domain, where the archive may hold it.
        """
        assert self.sources is not None
        search = self.sources.search("wayback")
        if search is None:
            return []
        addresses = [url]
        named = self.sources.outlet_for(outlet or "")
        parts = urlsplit(url)
        if named is not None and parts.netloc != named.domain:
            query = f"?{parts.query}" if parts.query else ""
            addresses.append(f"https://{named.domain}{parts.path}{query}")
        return [
            scrapy.Request(
                wayback.cdx_latest_url(search.url, address),
                callback=self.parse_cdx_latest,
                errback=self.source_failed,
                cb_kwargs={"outlet": outlet, "via": via},
                meta={"source": "search:wayback"},
                priority=5,
            )
            for address in addresses
        ]

    def source_failed(self, failure: Failure) -> None:
        """Say in one line which source could not be read, and count it.

        A search service whose robots.txt refuses its feed (news.google.com's may) is named
        once, not once per window and edition.
        """
        url = failure.request.url  # type: ignore[attr-defined]
        reason = describe_failure(failure)
        if reason == "blocked by robots.txt":
            host = urlsplit(url).netloc
            if host in self.robots_refused:
                return
            self.robots_refused.add(host)
            url = f"{urlsplit(url).scheme}://{host}{urlsplit(url).path}"
            reason = "its robots.txt disallows it; skipped"
        self.source_failures.append(url)
        logger.error("source failed: %s: %s", url, reason)

    def _source_unusable(self, response: Response, why: str | None = None) -> bool:
        """Report and count a source that answered with an error status or an unusable body."""
        if response.status < 400 and why is None:
            return False
        self.source_failures.append(response.url)
        logger.error("source failed: %s: %s", response.url, why or f"HTTP {response.status}")
        return True

    def parse_feed(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow every item of an RSS or Atom feed (guid permalinks, xml:base, dates kept)."""
        yield from self._feed_items(response, outlet, "feed")

    def _feed_items(self, response: Response, outlet: str | None, route: str) -> Iterator[Any]:
        """Yield the discoveries and requests of a feed's items; report a feed that is not one."""
        if self._source_unusable(response):
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            items = read_feed(_body_of(response), response.url, content_type)
        except FeedError as exc:
            self._source_unusable(response, str(exc))
            return
        for item in items:
            published = item.published.isoformat() if item.published else None
            yield from self.found(item.url, outlet, route, response.url, item.title, published)
        response.meta["item_count"] = len(items)

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
        home = platforms.read_home_page(response.text, response.url)
        for feed in home.feeds:
            yield self.source_request(feed, self.parse_feed, outlet, "feed")
        if home.platform is None:
            return
        assert self.sources is not None
        for phrase in self.sources.phrases:
            url = platforms.site_search_url(home.platform, response.url, phrase)
            if url:
                request = self.source_request(url, self.parse_site_search, outlet, "site-search")
                request.cb_kwargs.update({"platform": home.platform, "phrase": phrase, "page": 1})
                yield request

    def parse_site_search(
        self,
        response: Response,
        outlet: str | None,
        platform: str,
        phrase: str,
        page: int,
        window: str | None = None,
    ) -> Iterator[Any]:
        """Follow a site-search feed's results, and its next page when this one was full."""
        if page > 1 and response.status in GONE_STATUSES:
            return  # past the last page of results
        yield from self._feed_items(response, outlet, "site-search")
        if platforms.next_page_wanted(platform, response.meta.get("item_count", 0), page):
            site = response_root(response.url)
            url = platforms.site_search_url(platform, site, phrase, page + 1)
            if url:
                request = self.source_request(url, self.parse_site_search, outlet, "site-search")
                request.cb_kwargs.update({"platform": platform, "phrase": phrase, "page": page + 1})
                yield request

    def parse_robots(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow the sitemaps a robots.txt names in its Sitemap: lines (none is no failure)."""
        if response.status >= 400:
            return
        body = _body_of(response)
        # Scrapy reads robots.txt as bytes since 2.19 and as text before.
        robots = body if scrapy.version_info >= (2, 19) else body.decode("utf-8", "replace")
        for url in sitemap_urls_from_robots(robots, base_url=response.url):
            yield self.source_request(url, self.parse_sitemap, outlet, "sitemap")

    def parse_sitemap(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow the URLs and child sitemaps that fall in a window or name the topic."""
        if self._source_unusable(response):
            return
        try:
            entries = list(iter_sitemap(response.body))
        except (ValueError, OSError, EOFError) as exc:
            self._source_unusable(response, f"unreadable sitemap ({exc})")
            return
        assert self.sources is not None
        for entry in entries:
            loc = response.urljoin(entry.loc)
            choice = choose_entry(entry, self.windows, self.sources.phrases)
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
                    cb_kwargs={"outlet": outlet, "window": label},
                    meta={"source": "sitemap"},
                )
            else:
                route = "news-sitemap" if entry.title or entry.published else "sitemap"
                # lastmod is when the page last changed, not when it was published.
                published = entry.published or _address_day(loc)
                yield from self.found(
                    loc, outlet, route, response.url, entry.title, published, window=label
                )

    def parse_listing(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Follow the same-site links of a home or section page one level."""
        if self._source_unusable(response) or not isinstance(response, TextResponse):
            return
        # netloc, not hostname: LinkExtractor compares domains with the port included.
        host = urlsplit(response.url).netloc
        extractor = LinkExtractor(allow_domains=[host], deny_extensions=NON_ARTICLE_EXTENSIONS)
        for link in extractor.extract_links(response):
            if link.url.rstrip("/") != response.url.rstrip("/"):
                yield from self.found(link.url, outlet, "page", response.url, link.text or None)

    def parse_gdelt(
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        search: SearchFeed | None = None,
        span: gdelt.GdeltSpan | None = None,
        tries: int = 0,
    ) -> Iterator[Any]:
        """Fetch the articles a GDELT window returned; split a window that filled the cap."""
        if search is not None and span is not None and gdelt.is_rate_limited(response.body):
            if tries < self.gdelt_retries:
                yield self.gdelt_request(search, span, tries + 1)  # waits the slot's pace
                return
            self._source_unusable(response, "rate-limited by GDELT")
            return
        if self._source_unusable(response):
            return
        try:
            hits = list(parse_gdelt(response.body))
        except SearchResponseError as exc:
            self._source_unusable(response, str(exc))
            return
        if search is not None and span is not None and len(hits) >= search.max_records:
            halves = span.halves()
            if halves is not None:
                self.figures.skip("GDELT windows split at the cap")
                for half in halves:
                    yield self.gdelt_request(search, half)
        for hit in hits:
            yield from self.found(
                hit.url,
                None,
                "search:gdelt",
                response.url,
                hit.title,
                hit.published,
                window=window,
            )

    def parse_google_news(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Fetch every story of a Google News search feed, following links it cannot decode."""
        if self._source_unusable(response):
            return
        try:
            hits = list(parse_google_news(response.body, response.url))
        except SearchResponseError as exc:
            self._source_unusable(response, str(exc))
            return
        for hit in hits:
            if hit.resolved:
                yield from self.found(
                    hit.url,
                    None,
                    "search:google-news",
                    response.url,
                    hit.title,
                    hit.published,
                    window=window,
                )
                continue
            # Ask for the redirect without following it: its Location is the story's URL.
            yield scrapy.Request(
                hit.url,
                callback=self.parse_redirect,
                errback=self.redirect_failed,
                cb_kwargs={"hit": hit, "feed": response.url},
                meta={"dont_redirect": True, "handle_httpstatus_list": list(REDIRECT_STATUSES)},
            )

    def parse_cdx_window(
        self, response: Response, outlet: str | None, window: str | None = None
    ) -> Iterator[Any]:
        """Fetch the archived copy of every capture an outlet's window lookup returned."""
        if self._source_unusable(response):
            return
        try:
            captures = wayback.parse_cdx(response.body)
        except wayback.CdxError as exc:
            self._source_unusable(response, str(exc))
            return
        base = response.url.split("/cdx/search/cdx")[0]
        for capture in captures:
            key = canonical_url(capture.original)
            self.figures.count_found(key, "wayback", window)
            day = wayback.capture_day(capture)
            yield Discovery(
                key,
                "wayback",
                response.url,
                None,
                outlet,
                day.isoformat() if day else None,
                window=window,
            )
            yield self.page_request(
                wayback.memento_url(base, capture), outlet, "wayback", original=capture.original
            )

    def parse_cdx_latest(self, response: Response, outlet: str | None, via: str) -> Iterator[Any]:
        """Fetch the last archived copy of a page that is gone or paywalled, if there is one."""
        if self._source_unusable(response):
            return
        try:
            captures = wayback.parse_cdx(response.body)
        except wayback.CdxError as exc:
            self._source_unusable(response, str(exc))
            return
        if not captures:
            self.figures.skip("pages with no archived copy")
            return
        base = response.url.split("/cdx/search/cdx")[0]
        capture = captures[-1]
        self.figures.count_found(canonical_url(capture.original), "wayback-copy", None)
        yield self.page_request(
            wayback.memento_url(base, capture), outlet, via, original=capture.original
        )

    def parse_mediacloud(
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        search: SearchFeed | None = None,
    ) -> Iterator[Any]:
        """Fetch the stories a Media Cloud window search returned, page after page."""
        if self._source_unusable(response):
            return
        try:
            stories, token = mediacloud.parse_story_list(response.body)
        except mediacloud.MediaCloudError as exc:
            self._source_unusable(response, str(exc))
            return
        for story in stories:
            yield from self.found(
                story.url,
                None,
                "search:mediacloud",
                response.url,
                story.title,
                story.published,
                window=window,
            )
        held = next((w for w in self.windows if w.label == window), None)
        if token and search is not None and held is not None and self.sources is not None:
            url = mediacloud.story_list_url(
                search, self.sources.phrases, held.start, held.end, token
            )
            request = self.source_request(
                url, self.parse_mediacloud, None, "search:mediacloud", window
            )
            request.headers["Authorization"] = response.request.headers.get("Authorization", b"")
            request.cb_kwargs["search"] = search
            yield request

    def parse_redirect(self, response: Response, hit: Hit, feed: str) -> Iterator[Any]:
        """Fetch the story a Google News link redirects to, else keep the link as a lead."""
        location = response.headers.get(b"Location")
        if response.status in REDIRECT_STATUSES and location:
            url = response.urljoin(location.decode("latin-1"))
            if not is_google_news(url) and not is_google_block(url):
                route = "search:google-news"
                yield from self.found(url, None, route, feed, hit.title, hit.published)
                return
        params = (
            gnews.decoding_params(response.text, response.url)
            if response.status == 200 and isinstance(response, TextResponse)
            else None
        )
        if params is None:
            yield _lead(hit, feed)
            return
        # A link issued since mid-2024: its page's signature decodes it (googlenewsdecoder).
        yield scrapy.Request(
            gnews.batchexecute_url(response.url),
            method="POST",
            body=gnews.batchexecute_body(params),
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
            callback=self.parse_batchexecute,
            errback=self.redirect_failed,
            cb_kwargs={"hit": hit, "feed": feed},
            dont_filter=True,
        )

    def parse_batchexecute(self, response: Response, hit: Hit, feed: str) -> Iterator[Any]:
        """Fetch the story Google News decoded a link to, else keep the link as a lead."""
        url = gnews.decoded_address(response.text) if isinstance(response, TextResponse) else None
        if url and not is_google_news(url) and not is_google_block(url):
            route = "search:google-news"
            yield from self.found(url, None, route, feed, hit.title, hit.published)
            return
        yield _lead(hit, feed)

    def redirect_failed(self, failure: Failure) -> Discovery:
        """Keep a Google News link that could not be followed as an unresolved lead."""
        request = failure.request  # type: ignore[attr-defined]
        return _lead(request.cb_kwargs["hit"], request.cb_kwargs["feed"])

    def parse_page(
        self,
        response: Response,
        outlet: str | None,
        found_via: str,
        depth: int = 0,
        original: str | None = None,
    ) -> FetchedPage:
        """Return the fetched page, whatever it is; the pipelines decide what it holds."""
        redirects = response.request.meta.get("redirect_urls", []) if response.request else []
        if is_google_block(response.url):
            redirects = []  # Google's consent or "sorry" page: recorded, never a story
        if found_via in DIRECT_ROUTES and response.status >= 400:
            self.source_failures.append(response.url)
        links: list[tuple[str, str]] = []
        if depth < self.follow_depth and isinstance(response, TextResponse):
            extractor = LinkExtractor(deny_extensions=NON_ARTICLE_EXTENSIONS)
            links = [(link.url, link.text) for link in extractor.extract_links(response)]
        return FetchedPage(
            url=redirects[0] if redirects else response.url,
            final_url=response.url,
            status=response.status,
            headers=_headers_of(response),
            body=response.body,
            fetched_at=now_iso(),
            outlet=outlet,
            found_via=found_via,
            depth=depth,
            links=links,
            original_url=original,
        )

    def page_failed(self, failure: Failure) -> FetchedPage | None:
        """Return a record of a page that could not be fetched (robots.txt blocks are skipped)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(AlreadyFetched):
            self.crawler.stats.inc_value("archive/already_fetched")
            return None
        reason = describe_failure(failure)
        if reason == "blocked by robots.txt":
            self.crawler.stats.inc_value("archive/robots_blocked")
            return None
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        if request.cb_kwargs.get("found_via") in DIRECT_ROUTES:
            self.source_failures.append(first)  # an article URL given as a source
        logger.warning("fetch failed: %s: %s", first, reason)
        return FetchedPage(
            url=first,
            final_url=None,
            status=None,
            headers={},
            body=b"",
            fetched_at=now_iso(),
            outlet=request.cb_kwargs.get("outlet"),
            found_via=request.cb_kwargs.get("found_via", "article"),
            error=reason,
        )


def _lead(hit: Hit, feed: str) -> Discovery:
    """Return an unresolved search hit: its title, outlet and date are all that is known."""
    return Discovery(
        hit.url, "search:google-news", feed, hit.title, hit.outlet, hit.published, False
    )


def response_root(url: str) -> str:
    """Return the scheme and host of a URL with a trailing slash."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _address_day(url: str) -> str | None:
    """Return the day an article address names (/2025/07/14/), if it names one."""
    period = address_period(url)
    return period[0].isoformat() if period and period[0] == period[1] else None


def _body_of(response: Response) -> bytes:
    """Return a response body, gunzipping a compressed feed."""
    body = response.body
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def _headers_of(response: Response) -> dict[str, str]:
    """Return response headers as a plain str mapping (last value wins)."""
    return {k.decode("latin-1"): v[-1].decode("latin-1") for k, v in response.headers.items() if v}
