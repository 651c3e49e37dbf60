"""The check spider: one polite request per source and search service, robots.txt first.

It fetches through the crawl's own downloader (fetch guard, user agent) but reads robots.txt
itself, once per origin, so that a disallowed source is reported rather than silently
dropped, and never fetched. Results go to ARCHIVE_CHECK_REPORT as JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from archive.sources import Sources
from crawler import checks, mediacloud
from crawler.checks import Check, CheckResult, Robots
from crawler.context import CrawlContext, context_of

# Seconds a check waits for an answer (DNS included): offline, every check ends this soon.
CHECK_TIMEOUT = 10.0
MAX_REDIRECTS = 5
# The crawl's own downloader middlewares a check keeps: the fetch guard and per-origin cookie
# jars, and redirects for robots.txt. The others retry, pace services for minutes or read the
# archive; a check asks once and opens no database.
KEPT_MIDDLEWARES = (
    "crawler.guard.FetchGuardMiddleware",
    "crawler.guard.OriginCookieJarMiddleware",
    "crawler.middlewares.LoopAwareRedirectMiddleware",
)
# robots.txt is read by the spider itself: a disallowed source is reported, not dropped.
SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_ENABLED": False,
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {"crawler.report.CrawlReport": None},
}

# One URL asked for one or more checks (a site that is also a listed page is fetched once).
Waiter = tuple[tuple[int, ...], str, int]


class CheckSpider(scrapy.Spider):
    """Ask each source and search service once and judge the answer."""

    name = "check"

    def __init__(self, sources: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources_path = sources
        self.checks: list[Check] = []
        self.results: dict[int, CheckResult] = {}
        self.robots: dict[str, Robots | str] = {}  # by origin: its rules, or why unreachable
        self.waiting: dict[str, list[Waiter]] = {}  # by origin, while its robots.txt is asked
        self.timeout = CHECK_TIMEOUT
        self.agent = ""
        self.mediacloud_key = os.environ.get(mediacloud.KEY_VARIABLE, "").strip()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CheckSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        context = context_of(crawler)
        if context is None or spider.sources_path:  # `scrapy crawl check -a sources=FILE`
            context = CrawlContext.from_settings(crawler.settings, spider.sources_path)
        sources: Sources = context.sources
        spider.checks = checks.plan_checks(sources, datetime.now(UTC))
        spider.timeout = crawler.settings.getfloat("ARCHIVE_CHECK_TIMEOUT", CHECK_TIMEOUT)
        spider.agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get(
            "USER_AGENT"
        )
        return spider

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """One request, one verdict: no retries, adaptive delays, pipelines or crawl report, only
        the crawl's safety middlewares, and no wait longer than a check."""
        super().update_settings(settings)
        for key, value in SETTINGS.items():
            settings.set(key, value, priority="spider")
        middlewares = {
            name: order if name in KEPT_MIDDLEWARES else None
            for name, order in settings.getdict("DOWNLOADER_MIDDLEWARES").items()
        }
        settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="spider")
        timeout = settings.getfloat("ARCHIVE_CHECK_TIMEOUT", CHECK_TIMEOUT)
        settings.set("DNS_TIMEOUT", timeout, priority="spider")

    async def start(self) -> AsyncIterator[Any]:
        by_url: dict[str, list[int]] = {}
        for index, check in enumerate(self.checks):
            if check.kind == "mediacloud" and not self.mediacloud_key:
                self.results[index] = checks.missing_key(check)
            else:
                by_url.setdefault(check.url, []).append(index)
        for url, indexes in by_url.items():
            for request in self.ask(tuple(indexes), url, 0):
                yield request

    def ask(self, indexes: tuple[int, ...], url: str, hops: int) -> Iterator[scrapy.Request]:
        """Yield the request for a URL once its origin's robots.txt allows it (asking for that
        robots.txt first when it is not known yet)."""
        origin = checks.origin_of(url)
        if origin in self.waiting:
            self.waiting[origin].append((indexes, url, hops))
        elif origin in self.robots:
            yield from self.fetch(indexes, url, hops, self.robots[origin])
        else:
            self.waiting[origin] = [(indexes, url, hops)]
            yield scrapy.Request(
                origin + "/robots.txt",
                callback=self.parse_robots,
                errback=self.robots_failed,
                cb_kwargs={"origin": origin},
                meta=self._meta(),
                dont_filter=True,
            )

    def fetch(
        self, indexes: tuple[int, ...], url: str, hops: int, robots: Robots | str
    ) -> Iterator[scrapy.Request]:
        """Yield the request for a URL its robots.txt allows; judge the rest without one."""
        if isinstance(robots, str):
            self.settle(indexes, robots)
            return
        if not robots.allows(url, self.agent):
            for index in indexes:
                self.results[index] = checks.disallowed(self.checks[index], url)
            return
        request = scrapy.Request(
            url,
            callback=self.parse_source,
            errback=self.source_failed,
            cb_kwargs={"indexes": indexes, "hops": hops},
            # Redirects are followed here, each target's robots.txt read first.
            meta={**self._meta(), "dont_redirect": True},
            dont_filter=True,
        )
        # The key goes to Media Cloud's own origin only, never to where it redirects.
        if self.mediacloud_key and any(
            self.checks[i].kind == "mediacloud"
            and checks.origin_of(self.checks[i].url) == checks.origin_of(url)
            for i in indexes
        ):
            request.headers["Authorization"] = f"Token {self.mediacloud_key}"
        yield request

    def _meta(self) -> dict[str, Any]:
        return {"dont_retry": True, "download_timeout": self.timeout}

    def parse_robots(self, response: Response, origin: str) -> Iterator[scrapy.Request]:
        """Keep an origin's robots.txt and ask for the URLs that waited for it."""
        self.robots[origin] = checks.read_robots(response.status, response.body)
        for indexes, url, hops in self.waiting.pop(origin, []):
            yield from self.fetch(indexes, url, hops, self.robots[origin])

    def robots_failed(self, failure: Failure) -> None:
        """Fail every check on an origin whose robots.txt got no answer: it is unreachable."""
        request = failure.request  # type: ignore[attr-defined]
        origin = request.cb_kwargs["origin"]
        reason = checks.failure_reason(failure.value, request.url, self.timeout)
        self.robots[origin] = reason
        for indexes, _, _ in self.waiting.pop(origin, []):
            self.settle(indexes, reason)

    def settle(self, indexes: tuple[int, ...], reason: str) -> None:
        """Fail the checks of a URL with the reason it got no answer."""
        for index in indexes:
            self.results[index] = checks.failed(self.checks[index], reason)

    def parse_source(
        self, response: Response, indexes: tuple[int, ...], hops: int
    ) -> Iterator[scrapy.Request]:
        """Judge a source's answer, or follow its redirect (robots.txt first)."""
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            if hops >= MAX_REDIRECTS:
                self.settle(
                    indexes, f"more than {MAX_REDIRECTS} redirects, the last from {response.url}"
                )
                return
            target = response.urljoin(location.decode("latin-1"))
            yield from self.ask(indexes, target, hops + 1)
            return
        answer = checks.Answer(
            url=response.url,
            status=response.status,
            body=response.body,
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            text=response.text if isinstance(response, TextResponse) else None,
            retry_after=response.headers.get(b"Retry-After", b"").decode("latin-1"),
            link_headers=tuple(v.decode("latin-1") for v in response.headers.getlist(b"Link")),
        )
        robots = self.robots.get(checks.origin_of(response.url))
        said = robots.phrase if isinstance(robots, Robots) else "robots.txt allows"
        for index in indexes:
            self.results[index] = checks.judge(self.checks[index], answer, said)

    def source_failed(self, failure: Failure) -> None:
        """Fail the checks of a URL that got no answer."""
        request = failure.request  # type: ignore[attr-defined]
        reason = checks.failure_reason(failure.value, request.url, self.timeout)
        self.settle(request.cb_kwargs["indexes"], reason)

    def closed(self, reason: str) -> None:
        """Write every check's result, in the sources file's order, where the CLI reads it."""
        results = [
            self.results.get(i) or checks.failed(c, f"no answer (the check ended: {reason})")
            for i, c in enumerate(self.checks)
        ]
        path = self.crawler.settings.get("ARCHIVE_CHECK_REPORT")
        if path:
            report = json.dumps([asdict(r) for r in results], indent=2)
            Path(path).write_text(report, encoding="utf-8")
