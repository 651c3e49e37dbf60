"""The search services' routes to coverage, searched window by window: GDELT, Google News, the
Wayback Machine and Media Cloud. Mixed into the coverage spider, whose `found`, `source_request`
and `page_request` they use."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from archive.sources import SearchFeed, Sources
from archive.store import Discovery
from crawler import gdelt, gnews, mediacloud, wayback
from crawler.figures import DiscoveryFigures
from crawler.search import (
    Hit,
    SearchResponseError,
    is_google_block,
    is_google_news,
    parse_gdelt,
    parse_google_news,
    search_urls,
)
from crawler.windows import Window
from extract.urls import canonical_url

logger = logging.getLogger(__name__)

GDELT_SLOT = "gdelt"  # GDELT's own download slot, paced by ARCHIVE_GDELT_PACE
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class SearchRoutes:
    """Requests and callbacks of the search services, per run window."""

    sources: Sources | None
    windows: list[Window]
    figures: DiscoveryFigures
    today: date
    gdelt_retries: int
    found: Any
    source_request: Any
    page_request: Any
    source_failed: Any
    _source_unusable: Any

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


def _lead(hit: Hit, feed: str) -> Discovery:
    """Return an unresolved search hit: its title, outlet and date are all that is known."""
    return Discovery(
        hit.url, "search:google-news", feed, hit.title, hit.outlet, hit.published, False
    )
