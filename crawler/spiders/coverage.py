"""The coverage spider: from the sources file's feeds, sitemaps, pages and article URLs to pages."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from archive.limits import gunzip_capped
from archive.sources import Outlet, Sources
from crawler.context import CrawlContext, context_of
from crawler.feeds import FeedError, read_feed
from crawler.figures import DiscoveryFigures
from crawler.guard import MAX_GUNZIPPED_BYTES, FetchRefused, refused_page
from crawler.items import Discovered, FetchedPage
from crawler.middlewares import AlreadyFetched
from crawler.recovery import copy_wanted
from crawler.search import is_google_block
from crawler.search_routes import GoogleNewsBatch, SearchRoutes
from crawler.services import ServiceStopped, slot_settings
from crawler.site_routes import SiteRoutes
from crawler.sitemap_routes import SitemapRoutes
from crawler.windows import Window, parse_day, search_windows, window_for
from extract.urls import canonical_url

logger = logging.getLogger(__name__)

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


class CoverageSpider(SearchRoutes, SiteRoutes, SitemapRoutes, scrapy.Spider):
    """Fetch every candidate article the sources lead to and hand it to the pipelines.

    Every route to a URL is yielded as a Discovered route before the request, so that a story
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
        self.robots_refused: set[str] = set()  # hosts whose robots.txt refused a source
        # Article addresses seen per host: which outlets date their paths (wayback prefixes).
        self.known_urls: defaultdict[str, set[str]] = defaultdict(set)
        self.gnews_batches: dict[str, GoogleNewsBatch] = {}
        self.wayback_asked = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoverageSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        context = context_of(crawler)
        if context is None or spider.sources_path:  # `scrapy crawl coverage -a sources=FILE`
            context = CrawlContext.from_settings(crawler.settings, spider.sources_path)
        spider.context = context
        spider.sources = context.sources
        spider.follow_depth = context.follow_depth
        crawler.signals.connect(spider.follow_links, signal=signals.item_scraped)
        crawler.signals.connect(spider.ask_archived_copy, signal=signals.item_scraped)
        crawler.signals.connect(spider.search_wayback_when_idle, signal=signals.spider_idle)
        today_setting = crawler.settings.get("ARCHIVE_TODAY")
        spider.today = (
            date.fromisoformat(today_setting) if today_setting else datetime.now(UTC).date()
        )
        spider.windows = search_windows(
            spider.sources, spider.today, crawler.settings.getint("ARCHIVE_ROLLING_DAYS", 14)
        )
        return spider

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """Give each search service its own download slot: one request at a time, at its pace."""
        super().update_settings(settings)
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        slots.update(slot_settings(settings))
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    def search_wayback_when_idle(self) -> None:
        """Search the Wayback Machine's windows once every other route has been read."""
        if self.wayback_asked or not self.crawler.settings.getbool("ARCHIVE_SEED", True):
            return  # asked once, by the process that seeds a shared crawl
        self.wayback_asked = True
        requests = list(self.wayback_window_requests())
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def follow_links(self, item: Any) -> None:
        """Ask for the links an on-topic article was found to lead to, once it went through
        the pipelines (which choose them and store the page, but schedule nothing)."""
        if isinstance(item, FetchedPage) and item.follow:
            for url in item.follow:
                self.crawler.engine.crawl(self.page_request(url, None, "link", item.depth + 1))

    def ask_archived_copy(self, item: Any) -> None:
        """Look up the archived copy of a stored page that is gone or paywalled."""
        url = copy_wanted(item)
        if url is not None:
            for request in self.latest_capture_requests(url, item.outlet, "wayback-copy"):
                self.crawler.engine.crawl(request)

    async def start(self) -> AsyncIterator[Any]:
        if not self.crawler.settings.getbool("ARCHIVE_SEED", True):
            return  # a worker of a shared frontier: the requests come from the queue
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
        self.known_urls[urlsplit(url).netloc].add(url)
        self.figures.count_found(key, route, window)
        yield Discovered(key, route, source, title, outlet, published, window=window)
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

    def source_failed(self, failure: Failure) -> FetchedPage | None:
        """Say in one line which source could not be read, and count it; a refusal is kept.

        A search service whose robots.txt refuses its feed (news.google.com's may) is named
        once, not once per window and edition.
        """
        url = failure.request.url  # type: ignore[attr-defined]
        if failure.check(ServiceStopped):
            self.source_failures.append(url)  # its service said why once, when it stopped
            return None
        reason = describe_failure(failure)
        if reason == "blocked by robots.txt":
            host = urlsplit(url).netloc
            if host in self.robots_refused:
                return None
            self.robots_refused.add(host)
            url = f"{urlsplit(url).scheme}://{host}{urlsplit(url).path}"
            reason = "its robots.txt disallows it; skipped"
        self.source_failures.append(url)
        logger.error("source failed: %s: %s", url, reason)
        return refused_page(failure) if failure.check(FetchRefused) else None

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
        if failure.check(ServiceStopped):
            return None  # an archived copy from a service that stopped answering this crawl
        if failure.check(FetchRefused):
            logger.warning("fetch refused: %s: %s", request.url, failure.value)
            return refused_page(failure)
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


def response_root(url: str) -> str:
    """Return the scheme and host of a URL with a trailing slash."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _body_of(response: Response) -> bytes:
    """Return a response body, gunzipping a compressed feed."""
    body = response.body
    return gunzip_capped(body, MAX_GUNZIPPED_BYTES) if body[:2] == b"\x1f\x8b" else body


def _headers_of(response: Response) -> dict[str, str]:
    """Return response headers as a plain str mapping (last value wins)."""
    return {k.decode("latin-1"): v[-1].decode("latin-1") for k, v in response.headers.items() if v}
