"""The coverage spider: from the sources file's feeds, sitemaps, pages and article URLs to pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from archive.sources import Outlet, Sources, load_sources
from archive.store import Discovery
from crawler.guard import FetchRefused, gunzip_capped, refused_page
from crawler.items import FetchedPage
from crawler.middlewares import AlreadyFetched
from crawler.search import (
    Hit,
    SearchResponseError,
    is_google_news,
    parse_gdelt,
    parse_google_news,
    search_urls,
)
from crawler.sitemaps import iter_sitemap
from extract.urls import canonical_url

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
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

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoverageSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("ARCHIVE_SOURCES")
        if not path:
            raise ValueError("no sources file: pass -a sources=FILE or set ARCHIVE_SOURCES")
        spider.sources = load_sources(path)
        depth = crawler.settings.get("ARCHIVE_FOLLOW_DEPTH")
        spider.follow_depth = spider.sources.follow_depth if depth is None else int(depth)
        return spider

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
        for search in self.sources.searches:
            callback = self.parse_gdelt if search.kind == "gdelt" else self.parse_google_news
            for url in search_urls(search, self.sources.phrases):
                yield self.source_request(url, callback, None, f"search:{search.kind}")

    def source_request(
        self, url: str, callback: Any, outlet: str | None, via: str
    ) -> scrapy.Request:
        """Return the request for a feed, sitemap, listing page or search feed."""
        self.source_count += 1
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.source_failed,
            cb_kwargs={"outlet": outlet},
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
    ) -> Iterator[Any]:
        """Yield the discovery of a candidate article and the request that fetches it."""
        yield Discovery(canonical_url(url), route, source, title, outlet, published)
        yield self.page_request(url, outlet, route, depth)

    def page_request(
        self, url: str, outlet: Outlet | str | None, via: str, depth: int = 0
    ) -> scrapy.Request:
        """Return the request for a candidate article page."""
        domain = outlet.domain if isinstance(outlet, Outlet) else outlet
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"outlet": domain, "found_via": via, "depth": depth},
        )

    def source_failed(self, failure: Failure) -> FetchedPage | None:
        """Say in one line which source could not be read, and count it; a refusal is kept."""
        url = failure.request.url  # type: ignore[attr-defined]
        reason = describe_failure(failure)
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

    def parse_feed(self, response: Response, outlet: str | None) -> Iterator[Any]:
        """Follow every item link of an RSS or Atom feed (relative links resolved)."""
        if self._source_unusable(response):
            return
        try:
            text = _text_of(response)
        except ValueError as exc:
            self._source_unusable(response, f"unreadable feed ({exc})")
            return
        selector = scrapy.Selector(text=text, type="xml")
        selector.remove_namespaces()
        for item in selector.xpath("//item | //entry"):
            link = item.xpath("link/text() | link[not(@rel) or @rel='alternate']/@href").get(
                default=""
            )
            if link.strip():
                title = item.xpath("title/text()").get(default="").strip() or None
                url = response.urljoin(link.strip())
                yield from self.found(url, outlet, "feed", response.url, title)

    def parse_sitemap(self, response: Response, outlet: str | None) -> Iterator[Any]:
        """Follow a sitemap's URLs, or a sitemap index's sitemaps (gzip, Google News too)."""
        if self._source_unusable(response):
            return
        try:
            entries = list(iter_sitemap(response.body))
        except (ValueError, OSError, EOFError) as exc:
            self._source_unusable(response, f"unreadable sitemap ({exc})")
            return
        for entry in entries:
            loc = response.urljoin(entry.loc)
            if entry.is_sitemap:
                yield scrapy.Request(
                    loc,
                    callback=self.parse_sitemap,
                    errback=self.source_failed,
                    cb_kwargs={"outlet": outlet},
                    meta={"source": "sitemap"},
                )
            else:
                route = "news-sitemap" if entry.title or entry.published else "sitemap"
                published = entry.published or entry.lastmod
                yield from self.found(loc, outlet, route, response.url, entry.title, published)

    def parse_listing(self, response: Response, outlet: str | None) -> Iterator[Any]:
        """Follow the same-site links of a home or section page one level."""
        if self._source_unusable(response) or not isinstance(response, TextResponse):
            return
        # netloc, not hostname: LinkExtractor compares domains with the port included.
        host = urlsplit(response.url).netloc
        extractor = LinkExtractor(allow_domains=[host], deny_extensions=NON_ARTICLE_EXTENSIONS)
        for link in extractor.extract_links(response):
            if link.url.rstrip("/") != response.url.rstrip("/"):
                yield from self.found(link.url, outlet, "page", response.url, link.text or None)

    def parse_gdelt(self, response: Response, outlet: str | None) -> Iterator[Any]:
        """Fetch every article a GDELT ArtList search returned."""
        if self._source_unusable(response):
            return
        try:
            hits = list(parse_gdelt(response.body))
        except SearchResponseError as exc:
            self._source_unusable(response, str(exc))
            return
        for hit in hits:
            yield from self.found(
                hit.url, None, "search:gdelt", response.url, hit.title, hit.published
            )

    def parse_google_news(self, response: Response, outlet: str | None) -> Iterator[Any]:
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
                    hit.url, None, "search:google-news", response.url, hit.title, hit.published
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

    def parse_redirect(self, response: Response, hit: Hit, feed: str) -> Iterator[Any]:
        """Fetch the story a Google News link redirects to, else keep the link as a lead."""
        location = response.headers.get(b"Location")
        if response.status in REDIRECT_STATUSES and location:
            url = response.urljoin(location.decode("latin-1"))
            if not is_google_news(url):
                route = "search:google-news"
                yield from self.found(url, None, route, feed, hit.title, hit.published)
                return
        yield _lead(hit, feed)

    def redirect_failed(self, failure: Failure) -> Discovery:
        """Keep a Google News link that could not be followed as an unresolved lead."""
        request = failure.request  # type: ignore[attr-defined]
        return _lead(request.cb_kwargs["hit"], request.cb_kwargs["feed"])

    def parse_page(
        self, response: Response, outlet: str | None, found_via: str, depth: int = 0
    ) -> FetchedPage:
        """Return the fetched page, whatever it is; the pipelines decide what it holds."""
        redirects = response.request.meta.get("redirect_urls", []) if response.request else []
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
        )

    def page_failed(self, failure: Failure) -> FetchedPage | None:
        """Return a record of a page that could not be fetched (robots.txt blocks are skipped)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(AlreadyFetched):
            self.crawler.stats.inc_value("archive/already_fetched")
            return None
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


def _lead(hit: Hit, feed: str) -> Discovery:
    """Return an unresolved search hit: its title, outlet and date are all that is known."""
    return Discovery(
        hit.url, "search:google-news", feed, hit.title, hit.outlet, hit.published, False
    )


def _text_of(response: Response) -> str:
    """Return a response body as text, gunzipping a compressed feed."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body)
    return body.decode(getattr(response, "encoding", None) or "utf-8", errors="replace")


def _headers_of(response: Response) -> dict[str, str]:
    """Return response headers as a plain str mapping (last value wins)."""
    return {k.decode("latin-1"): v[-1].decode("latin-1") for k, v in response.headers.items() if v}
