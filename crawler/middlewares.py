"""Downloader middlewares: conditional re-fetches, polite retries, and skipping finished pages.

- ConditionalRequestMiddleware sends If-None-Match / If-Modified-Since from the page's last
  capture, so an unchanged page costs the outlet a 304 and rewrites nothing.
- RetryAfterMiddleware retries 429 and 503 after the server's Retry-After (seconds or an
  HTTP date) and other retryable failures with exponential backoff.
- SkipKnownMiddleware skips pages seen before not to be coverage and, when a crawl resumes,
  the pages the interrupted crawl fetched.
- LoopAwareRedirectMiddleware fails a redirect loop so that it is recorded, not dropped, and
  keeps an archived copy's redirects on the archive's host.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

from archive import store

logger = logging.getLogger(__name__)


class AlreadyFetched(IgnoreRequest):
    """The page was fetched by the crawl being resumed, or was seen before not to be coverage."""


def _is_page_request(request: Request) -> bool:
    """Tell a candidate article request from a feed, sitemap or search request."""
    return "found_via" in request.cb_kwargs


class ConditionalRequestMiddleware:
    """Ask for a page only if it changed since its last capture."""

    def __init__(self, db_path: str) -> None:
        self.db = store.open_db(db_path)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("ARCHIVE_CONDITIONAL_REQUESTS", True):
            raise NotConfigured
        return cls(crawler.settings.get("ARCHIVE_DB"))

    def process_request(self, request: Request) -> None:
        if not _is_page_request(request) or request.meta.get("redirect_urls"):
            return
        for name, value in store.get_validators(self.db, request.url).items():
            request.headers.setdefault(name, value)


class SkipKnownMiddleware:
    """Skip pages a past crawl found not to be coverage, and, when resuming, pages the
    interrupted crawl already fetched."""

    def __init__(self, fetched: set[str]) -> None:
        self.fetched = fetched

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipKnownMiddleware:
        db = store.open_db(crawler.settings.get("ARCHIVE_DB"))
        skipped = set()
        if not crawler.settings.getbool("ARCHIVE_REFETCH_SETTLED"):
            skipped |= store.settled_urls(db)
        since = (
            store.resumable_crawl_start(db) if crawler.settings.getbool("ARCHIVE_RESUME") else None
        )
        if since:
            fetched = store.fetched_since(db, since)
            logger.info("resuming: %d pages already fetched are skipped", len(fetched))
            skipped |= fetched
        db.conn.close()
        return cls(skipped)

    def process_request(self, request: Request) -> None:
        if _is_page_request(request) and request.url in self.fetched:
            raise AlreadyFetched(request.url)


class RedirectLoopError(IgnoreRequest):
    """A redirect led back to a URL of its own chain."""


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    """Follow redirects like Scrapy, but fail a loop at once so that it is recorded.

    Scrapy's duplicate filter would otherwise drop the looping request silently.
    """

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise RedirectLoopError(f"redirect loop: {' -> '.join([*chain, redirected.url])}")
        if request.meta.get("redirect_within_host") and _host(redirected.url) != _host(chain[0]):
            # An archived copy redirects to the nearest capture, never off the archive.
            raise IgnoreRequest(f"redirect off the archive: {redirected.url}")
        return super()._redirect(redirected, request, reason)


def _host(url: str) -> str:
    """Return a URL's host and port."""
    return urlsplit(url).netloc.lower()


class RetryAfterMiddleware(RetryMiddleware):
    """Retry like Scrapy's RetryMiddleware, but wait as the server asks, or back off."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("ARCHIVE_RETRY_AFTER_MAX", 120.0)
        self.backoff = settings.getfloat("ARCHIVE_RETRY_BACKOFF", 2.0)

    async def process_response(self, request: Request, response: Response) -> Any:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = self._wait(request, response)
        if wait is None:
            logger.warning(
                "not retrying %s: the server asks to wait longer than %.0f s",
                request.url,
                self.max_wait,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait > 0:
            # Imported here: importing the reactor at module level would install the wrong one.
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry

    def _wait(self, request: Request, response: Response) -> float | None:
        """Return seconds to wait before retrying, or None when the wait is too long."""
        header = response.headers.get(b"Retry-After")
        if response.status in (429, 503) and header:
            seconds = parse_retry_after(header.decode("latin-1"))
            if seconds is not None:
                return seconds if seconds <= self.max_wait else None
        attempt = request.meta.get("retry_times", 0)
        return min(self.backoff * 2**attempt, self.max_wait)


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header asks for (delta-seconds or HTTP-date)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
