"""The search services' routes to coverage, searched window by window: GDELT, Google News, the
Wayback Machine and Media Cloud. Mixed into the coverage spider, whose `found`, `source_request`
and `page_request` they use. Each service's pace and rate limits are kept by crawler.services.

The Wayback Machine is searched last, once everything else has been read: the addresses the
crawl has seen by then tell which outlets date their paths, and so the narrowest prefixes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from archive.sources import SearchFeed
from crawler import gdelt, gnews, mediacloud, wayback
from crawler.items import Discovered
from crawler.routes import SpiderRoutes
from crawler.search import (
    FEED_CAP,
    Hit,
    SearchResponseError,
    is_block_page,
    is_google_news,
    parse_gdelt,
    parse_google_news,
    search_urls,
)
from crawler.sitemaps import address_period
from crawler.windows import Window, names_any
from extract.urls import canonical_url

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CDX_TIMEOUT = 180  # a CDX scan of a busy outlet's prefix takes long; searches wait for it


@dataclass
class GoogleNewsBatch:
    """A search feed's links waiting to be decoded: pages still being read, and what they gave."""

    pending: int = 0
    ready: list[tuple[gnews.DecodingParams, Hit, str]] = field(default_factory=list)


class SearchRoutes(SpiderRoutes):
    """Requests and callbacks of the search services, per run window."""

    def search_requests(self, search: SearchFeed) -> Iterator[Any]:
        """Yield a search service's requests, one or more per window (the Wayback Machine's
        come when the crawl is otherwise done: wayback_window_requests)."""
        assert self.sources is not None
        if search.kind == "gdelt":
            for window in self.windows:
                self.figures.count_searched(window.label, "gdelt")
                for span in gdelt.window_spans(window.label, window.start, window.end):
                    yield self.gdelt_request(search, span)
        elif search.kind == "google-news":
            for window in self.windows:
                self.figures.count_searched(window.label, "google-news")
                yield from self.google_news_requests(search, window.label, window.start, window.end)
        elif search.kind == "mediacloud":
            yield from self.mediacloud_requests(search)

    def google_news_requests(
        self, search: SearchFeed, label: str, start: date, end: date
    ) -> Iterator[Any]:
        """Yield a window's Google News search feeds, one per edition."""
        assert self.sources is not None
        for url in search_urls(search, self.sources.phrases, start, end):
            request = self.source_request(
                url, self.parse_google_news, None, "search:google-news", label
            )
            request.cb_kwargs.update({"span": (start, end), "search": search})
            yield request

    def wayback_window_requests(self) -> Iterator[Any]:
        """Yield the CDX searches of every run window, per outlet, on the narrowest prefixes
        the addresses seen so far allow, from the window's first day to today."""
        assert self.sources is not None
        search = self.sources.search("wayback")
        if search is None:
            return
        for window in (w for w in self.windows if w.is_run):
            self.figures.count_searched(window.label, "wayback")
            for outlet in self.sources.outlets:
                # The domain, and the site's host when it differs (a mirror, a test web).
                hosts = dict.fromkeys([outlet.domain, urlsplit(outlet.home_page).netloc])
                for host in hosts:
                    known = self.known_urls.get(host, set())
                    for prefix in wayback.address_prefixes(host, known, window.start, window.end):
                        yield self.cdx_request(search, prefix, window, outlet.domain)

    def cdx_request(
        self, search: SearchFeed, prefix: str, window: Window, outlet: str, key: str | None = None
    ) -> Any:
        """Return one page of a CDX window search."""
        assert self.sources is not None
        url = wayback.cdx_window_url(
            search.url, prefix, window.start, self.today, self.sources.phrases, key
        )
        request = self.source_request(
            url, self.parse_cdx_window, outlet, "search:wayback", window.label
        )
        request.meta["download_timeout"] = CDX_TIMEOUT
        request.cb_kwargs.update({"prefix": prefix, "search": search})
        return request

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

    def gdelt_request(self, search: SearchFeed, span: gdelt.GdeltSpan) -> Any:
        """Return a GDELT request for one span (paced in GDELT's slot by crawler.services)."""
        assert self.sources is not None
        request = self.source_request(
            gdelt.gdelt_url(search, self.sources.phrases, span),
            self.parse_gdelt,
            None,
            "search:gdelt",
            span.label,
        )
        request.cb_kwargs.update({"search": search, "span": span})
        return request

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

    def parse_gdelt(
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        search: SearchFeed | None = None,
        span: gdelt.GdeltSpan | None = None,
    ) -> Iterator[Any]:
        """Fetch the articles a GDELT span returned; split a span that filled the cap."""
        if gdelt.is_rate_limited(response.status, response.body):
            self._source_unusable(response, "rate-limited by GDELT after waiting")
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
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        span: tuple[date, date] | None = None,
        search: SearchFeed | None = None,
    ) -> Iterator[Any]:
        """Fetch every story of a Google News search feed, decoding the links that hide it.

        A feed holds at most 100 items and has no next page: a full feed's window is asked
        again in halves.
        """
        if self._source_unusable(response):
            return
        try:
            hits = list(parse_google_news(response.body, response.url))
        except SearchResponseError as exc:
            self._source_unusable(response, str(exc))
            return
        if len(hits) >= FEED_CAP and span is not None and search is not None:
            start, end = span
            if end > start:
                self.figures.skip("Google News windows split at the feed's 100 items")
                middle = start + (end - start) // 2
                for part in ((start, middle), (middle + timedelta(days=1), end)):
                    for request in self.google_news_requests(search, window or "", *part):
                        if _same_edition(request.url, response.url):
                            yield request
        batch = self.gnews_batches.setdefault(response.url, GoogleNewsBatch())
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
            page = gnews.params_page_url(hit.url, response.url)
            if page is None or self._service_stopped("google-news"):
                yield _lead(hit, response.url)
                continue
            batch.pending += 1
            yield self._gnews_page_request(page, hit, response.url, 0)
        yield from self._gnews_flush(response.url, final=batch.pending == 0)

    def _gnews_page_request(self, url: str, hit: Hit, feed: str, hops: int) -> Any:
        """Return the request for a Google News article page, redirects read by hand."""
        return scrapy.Request(
            url,
            callback=self.parse_gnews_page,
            errback=self.gnews_page_failed,
            cb_kwargs={"hit": hit, "feed": feed, "hops": hops},
            meta={"dont_redirect": True, "handle_httpstatus_all": True},
            dont_filter=True,
        )

    def parse_gnews_page(self, response: Response, hit: Hit, feed: str, hops: int) -> Iterator[Any]:
        """Read a Google News article page's decoding signature, after its own redirects."""
        location = response.headers.get(b"Location")
        if response.status in REDIRECT_STATUSES and location:
            target = response.urljoin(location.decode("latin-1"))
            if is_block_page(target):
                yield from self._gnews_blocked(hit, feed, target)
                return
            hop = gnews.next_hop(response.url, target)
            if hop is not None and hops < gnews.MAX_HOPS:
                yield self._gnews_page_request(hop, hit, feed, hops + 1)
                return
            if hop is None and not is_google_news(target):
                # An older link: the redirect names the story itself.
                yield from self.found(
                    target, None, "search:google-news", feed, hit.title, hit.published
                )
            else:
                yield _lead(hit, feed)
            yield from self._gnews_page_done(feed)
            return
        if is_block_page(response.url):
            yield from self._gnews_blocked(hit, feed, response.url)
            return
        params = None
        if response.status == 200 and isinstance(response, TextResponse):
            params = gnews.decoding_params(response.text, response.url) or (
                gnews.decoding_params(response.text, hit.url)
            )
        if params is None:
            yield _lead(hit, feed)
        else:
            self.gnews_batches[feed].ready.append((params, hit, response.url))
        yield from self._gnews_page_done(feed)

    def _gnews_blocked(self, hit: Hit, feed: str, where: str) -> Iterator[Any]:
        """Stop Google News for the crawl on its "sorry" or consent page; keep the link."""
        self._stop_service("google-news", f"it answers with its block page ({where[:80]})")
        yield _lead(hit, feed)
        yield from self._gnews_page_done(feed)

    def gnews_page_failed(self, failure: Failure) -> Iterator[Any]:
        """Keep a link whose article page could not be read as a lead."""
        request = failure.request  # type: ignore[attr-defined]
        feed = request.cb_kwargs["feed"]
        yield _lead(request.cb_kwargs["hit"], feed)
        yield from self._gnews_page_done(feed)

    def _gnews_page_done(self, feed: str) -> Iterator[Any]:
        """Count an article page read, and decode what is ready when a batch is full or the
        feed's pages are all read."""
        batch = self.gnews_batches[feed]
        batch.pending -= 1
        yield from self._gnews_flush(feed, final=batch.pending <= 0)

    def _gnews_flush(self, feed: str, final: bool) -> Iterator[Any]:
        """Post the ready links of a feed to batchexecute, a batch at a time."""
        batch = self.gnews_batches.get(feed)
        if batch is None:
            return
        while batch.ready and (final or len(batch.ready) >= gnews.BATCH_SIZE):
            chunk, batch.ready = batch.ready[: gnews.BATCH_SIZE], batch.ready[gnews.BATCH_SIZE :]
            if self._service_stopped("google-news"):
                for _, hit, _ in chunk:
                    yield _lead(hit, feed)
                continue
            yield scrapy.Request(
                gnews.batchexecute_url(chunk[0][2]),
                method="POST",
                body=gnews.batchexecute_body([params for params, _, _ in chunk]),
                headers={"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
                callback=self.parse_batchexecute,
                errback=self.batchexecute_failed,
                cb_kwargs={"hits": [hit for _, hit, _ in chunk], "feed": feed},
                dont_filter=True,
            )

    def parse_batchexecute(self, response: Response, hits: list[Hit], feed: str) -> Iterator[Any]:
        """Fetch each story Google News decoded; keep the links it did not decode as leads."""
        text = response.text if isinstance(response, TextResponse) else ""
        addresses = gnews.decoded_addresses(text) if response.status == 200 else {}
        for index, hit in enumerate(hits):
            url = addresses.get(index)
            if url and not is_google_news(url) and not is_block_page(url):
                route = "search:google-news"
                yield from self.found(url, None, route, feed, hit.title, hit.published)
            else:
                yield _lead(hit, feed)

    def batchexecute_failed(self, failure: Failure) -> Iterator[Discovered]:
        """Keep the links of a batch that could not be decoded as leads."""
        request = failure.request  # type: ignore[attr-defined]
        for hit in request.cb_kwargs["hits"]:
            yield _lead(hit, request.cb_kwargs["feed"])

    def parse_cdx_window(
        self,
        response: Response,
        outlet: str | None,
        window: str | None = None,
        prefix: str = "",
        search: SearchFeed | None = None,
    ) -> Iterator[Any]:
        """Fetch the archived copy of every capture a window's CDX page returned, and ask for
        the next page when it names a resume key."""
        if self._source_unusable(response):
            return
        try:
            captures, key = wayback.parse_cdx_page(response.body)
        except wayback.CdxError as exc:
            self._source_unusable(response, str(exc))
            return
        held = next((w for w in self.windows if w.label == window), None)
        if key and search is not None and held is not None:
            yield self.cdx_request(search, prefix, held, outlet or "", key)
        base = response.url.split("/cdx/search/cdx")[0]
        for capture in captures:
            key_url = canonical_url(capture.original)
            label = self._capture_window(capture.original, prefix, held)
            self.figures.count_found(key_url, "wayback", label)
            day = wayback.capture_day(capture)
            yield Discovered(
                key_url,
                "wayback",
                response.url,
                None,
                outlet,
                day.isoformat() if day else None,
                window=label,
            )
            request = self.page_request(
                wayback.memento_url(base, capture), outlet, "wayback", original=capture.original
            )
            request.meta["redirect_within_host"] = True  # to the nearest capture, never away
            yield request

    def _capture_window(self, original: str, prefix: str, asked: Window | None) -> str | None:
        """Return the run a capture belongs to: the run whose term its address names beside
        the topic, else the run whose window holds the date in its address, else the window
        asked when the prefix was that window's dated path (captures come any time later)."""
        runs = [w for w in self.windows if w.is_run]
        named = next((w for w in runs if names_any(original, w.terms)), None)
        if named is not None:
            return named.label
        period = address_period(original)
        if period is not None:
            held = next((w for w in runs if w.overlaps(*period)), None)
            return held.label if held else None
        dated = address_period("/" + prefix.split("/", 1)[-1]) is not None
        if asked is not None and (dated or len(runs) == 1):
            return asked.label
        return None

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
        if response.status in (401, 403):
            self._source_unusable(
                response,
                f"Media Cloud refused story-list (HTTP {response.status}): still over its 2 "
                f"calls a minute after waiting, or {mediacloud.KEY_VARIABLE} is not accepted",
            )
            return
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

    def _service_stopped(self, kind: str) -> bool:
        """Tell whether a service stopped answering this crawl."""
        services = getattr(self.crawler, "services", None)
        return bool(services and services.stopped(kind))

    def _stop_service(self, kind: str, why: str) -> None:
        """Ask a service nothing more in this crawl."""
        services = getattr(self.crawler, "services", None)
        if services is not None:
            services.stop(kind, why)


def _same_edition(url: str, other: str) -> bool:
    """Tell whether two Google News search feeds ask the same edition (hl and gl)."""
    first, second = parse_qs(urlsplit(url).query), parse_qs(urlsplit(other).query)
    return all(first.get(name) == second.get(name) for name in ("hl", "gl"))


def _lead(hit: Hit, feed: str) -> Discovered:
    """Return an unresolved search hit: its title, outlet and date are all that is known."""
    return Discovered(
        hit.url, "search:google-news", feed, hit.title, hit.outlet, hit.published, False
    )
