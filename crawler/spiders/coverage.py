"""The coverage spider: from the sources file's feeds, sitemaps, pages and article URLs to pages."""

from __future__ import annotations

import gzip
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from archive.sources import Outlet, Sources, load_sources
from crawler.items import FetchedPage

logger = logging.getLogger(__name__)

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
    if name == "IgnoreRequest" or "robots.txt" in message:
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
    """Fetch every candidate article the sources lead to and hand it to the pipelines."""

    name = "coverage"

    def __init__(self, sources: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources_path = sources
        self.sources: Sources | None = None
        self.source_failures: list[str] = []
        self.source_count = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoverageSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = spider.sources_path or crawler.settings.get("ARCHIVE_SOURCES")
        if not path:
            raise ValueError("no sources file: pass -a sources=FILE or set ARCHIVE_SOURCES")
        spider.sources = load_sources(path)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_for_sources():
            yield request

    def start_requests_for_sources(self) -> Iterator[scrapy.Request]:
        """Yield the first request for every source in the sources file."""
        assert self.sources is not None
        for outlet in self.sources.outlets:
            for via, urls, callback in (
                ("feed", outlet.feeds, self.parse_feed),
                ("sitemap", outlet.sitemaps, self.parse_sitemap),
                ("page", outlet.pages, self.parse_listing),
            ):
                for url in urls:
                    self.source_count += 1
                    yield scrapy.Request(
                        url,
                        callback=callback,
                        errback=self.source_failed,
                        cb_kwargs={"outlet": outlet.domain},
                        meta={"source": via},
                        priority=10,
                    )
            for url in outlet.articles:
                self.source_count += 1
                yield self.page_request(url, outlet, "article")

    def page_request(self, url: str, outlet: Outlet | str, via: str) -> scrapy.Request:
        """Return the request for a candidate article page."""
        domain = outlet.domain if isinstance(outlet, Outlet) else outlet
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"outlet": domain, "found_via": via},
        )

    def source_failed(self, failure: Failure) -> None:
        """Say in one line which source could not be read, and count it."""
        url = failure.request.url  # type: ignore[attr-defined]
        reason = describe_failure(failure)
        self.source_failures.append(url)
        logger.error("source failed: %s: %s", url, reason)

    def _source_unusable(self, response: Response) -> bool:
        """Report and count a source that answered with an error status."""
        if response.status < 400:
            return False
        self.source_failures.append(response.url)
        logger.error("source failed: %s: HTTP %s", response.url, response.status)
        return True

    def parse_feed(self, response: Response, outlet: str) -> Iterator[scrapy.Request]:
        """Follow every item link of an RSS or Atom feed (relative links resolved)."""
        if self._source_unusable(response):
            return
        selector = scrapy.Selector(text=_text_of(response), type="xml")
        selector.remove_namespaces()
        links = selector.xpath(
            "//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href"
        ).getall()
        for link in links:
            yield self.page_request(response.urljoin(link.strip()), outlet, "feed")

    def parse_sitemap(self, response: Response, outlet: str) -> Iterator[scrapy.Request]:
        """Follow a sitemap's URLs, or a sitemap index's sitemaps (gzip too)."""
        if self._source_unusable(response):
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = response.urljoin(entry["loc"])
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(
                    loc,
                    callback=self.parse_sitemap,
                    errback=self.source_failed,
                    cb_kwargs={"outlet": outlet},
                    meta={"source": "sitemap"},
                )
            else:
                yield self.page_request(loc, outlet, "sitemap")

    def parse_listing(self, response: Response, outlet: str) -> Iterator[scrapy.Request]:
        """Follow the same-site links of a home or section page one level."""
        if self._source_unusable(response) or not isinstance(response, TextResponse):
            return
        # netloc, not hostname: LinkExtractor compares domains with the port included.
        host = urlsplit(response.url).netloc
        extractor = LinkExtractor(allow_domains=[host], deny_extensions=NON_ARTICLE_EXTENSIONS)
        for link in extractor.extract_links(response):
            if link.url.rstrip("/") != response.url.rstrip("/"):
                yield self.page_request(link.url, outlet, "page")

    def parse_page(self, response: Response, outlet: str, found_via: str) -> FetchedPage:
        """Return the fetched page, whatever it is; the pipelines decide what it holds."""
        redirects = response.request.meta.get("redirect_urls", []) if response.request else []
        return FetchedPage(
            url=redirects[0] if redirects else response.url,
            final_url=response.url,
            status=response.status,
            headers=_headers_of(response),
            body=response.body,
            fetched_at=now_iso(),
            outlet=outlet,
            found_via=found_via,
        )

    def page_failed(self, failure: Failure) -> FetchedPage | None:
        """Return a record of a page that could not be fetched (robots.txt blocks are skipped)."""
        reason = describe_failure(failure)
        request = failure.request  # type: ignore[attr-defined]
        if reason == "blocked by robots.txt":
            self.crawler.stats.inc_value("archive/robots_blocked")
            return None
        logger.warning("fetch failed: %s: %s", request.url, reason)
        return FetchedPage(
            url=request.url,
            final_url=None,
            status=None,
            headers={},
            body=b"",
            fetched_at=now_iso(),
            outlet=request.cb_kwargs.get("outlet"),
            found_via=request.cb_kwargs.get("found_via", "article"),
            error=reason,
        )


def _text_of(response: Response) -> str:
    """Return a response body as text, gunzipping a compressed feed."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return body.decode(getattr(response, "encoding", None) or "utf-8", errors="replace")


def _headers_of(response: Response) -> dict[str, str]:
    """Return response headers as a plain str mapping (last value wins)."""
    return {k.decode("latin-1"): v[-1].decode("latin-1") for k, v in response.headers.items() if v}
