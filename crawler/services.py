"""Each search service asked at the pace its documentation sets, and left alone when it says so.

A service's requests (its searches, and for the Wayback Machine its archived copies, for Google
News its article pages and decoding) share one download slot of their own: one request at a
time, a fixed pace apart, never adjusted by AutoThrottle.

- GDELT DOC 2.0: one request every 5 seconds ("Please limit requests to one every 5 seconds",
  sent with HTTP 429 and sometimes to a first request when it sheds load).
- Media Cloud: story-list allows 2 calls a minute and answers a third with 403 "You do not have
  permission to perform this action" (its maintainers, mediacloud/api-client#107).
- Wayback Machine: the Internet Archive blocks an address for an hour when 429s are ignored
  for over a minute (edgi-govdata-archiving/wayback#137); its CDX limit is 60 a minute on
  average, and the `wayback` client asks at most 24 a minute (0.5.1).
- Google News: one at a time; a 429 or a "sorry" page means stop.

A rate-limit answer pauses the whole slot (not only the request) for the longer of the
server's Retry-After and a wait that doubles with each answer in a row, slows the slot's pace
for the rest of the crawl, and asks the request again; after ARCHIVE_RATE_LIMIT_TRIES answers it
reaches its callback, which reports it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from archive.sources import SearchFeed, Sources
from crawler import gdelt
from crawler.context import sources_of
from crawler.middlewares import parse_retry_after
from crawler.search import is_block_page

logger = logging.getLogger(__name__)

# Slot names by service kind, and the setting holding each one's pace in seconds.
PACE_SETTINGS = {
    "gdelt": "ARCHIVE_GDELT_PACE",
    "mediacloud": "ARCHIVE_MEDIACLOUD_PACE",
    "wayback": "ARCHIVE_WAYBACK_PACE",
    "google-news": "ARCHIVE_GOOGLE_NEWS_PACE",
}
# Media Cloud answers a story-list call over its limit with this 403, and a bad key otherwise.
MEDIACLOUD_LIMIT_STATUSES = (403, 429)
MEDIACLOUD_BAD_KEY = (b"invalid token", b"credentials were not provided", b"not authenticated")
# A rate-limit answer slows the service's pace by this much, up to this many times its slowest.
SLOW_DOWN = 1.5
MAX_SLOW_DOWN = 4
# Refusals in a row (403, refused or dropped connections) after which a service is taken to
# have blocked this crawler.
REFUSALS_TO_STOP = 4


def slot_name(kind: str) -> str:
    """Return the download slot of a service kind."""
    return f"service:{kind}"


def paced_delay(pace: float) -> float:
    """Return the slot delay that keeps requests at least `pace` apart where they arrive.

    Requests leave the slot `delay` apart but may reach the service closer together (a new
    connection delays the first), so a small margin is added.
    """
    return pace + max(0.1 * pace, 0.25) if pace > 0 else 0.001


def slot_settings(settings: Any) -> dict[str, dict[str, Any]]:
    """Return DOWNLOAD_SLOTS entries for every service: one request at a time, at its pace."""
    return {
        slot_name(kind): {
            "concurrency": 1,
            "delay": paced_delay(settings.getfloat(name)),
            # No random variation: "jitter" since Scrapy 2.19, "randomize_delay" before it.
            "jitter": 0,
        }
        for kind, name in PACE_SETTINGS.items()
    }


class ServiceStopped(IgnoreRequest):
    """A request to a service that stopped answering this crawl (a block, a "sorry" page)."""


@dataclass
class ServiceFigures:
    """What one service was asked and answered, for the crawl summary."""

    requests: int = 0
    rate_limited: int = 0
    waited: float = 0.0
    failures_in_a_row: int = 0
    limited_in_a_row: int = 0
    stopped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        figures = {
            "requests": self.requests,
            "rate_limited": self.rate_limited,
            "waited_seconds": round(self.waited, 1),
        }
        if self.stopped:
            figures["stopped"] = self.stopped
        return figures


@dataclass
class ServiceMap:
    """Which service a URL belongs to: by its host and port, then the longest path prefix."""

    routes: list[tuple[str, str, str]] = field(default_factory=list)  # (netloc, path, kind)

    @classmethod
    def from_searches(cls, searches: Iterable[SearchFeed]) -> ServiceMap:
        """Map each service's host to it: the whole host (robots.txt, the Wayback Machine's
        copies, Google News' article pages), or its search path's folder when services share
        a host."""
        searches = list(searches)
        hosts = [urlsplit(search.url).netloc.lower() for search in searches]
        routes = []
        for search, host in zip(searches, hosts, strict=True):
            path = ""
            if hosts.count(host) > 1 and search.kind in ("gdelt", "mediacloud"):
                path = urlsplit(search.url).path.rsplit("/", 1)[0] + "/"
            routes.append((host, path, search.kind))
        routes.sort(key=lambda route: len(route[1]), reverse=True)
        return cls(routes)

    def kind_of(self, url: str) -> str | None:
        """Return the service kind a URL is asked of, if any."""
        parts = urlsplit(url)
        netloc = parts.netloc.lower()
        for host, path, kind in self.routes:
            if netloc == host and parts.path.startswith(path):
                return kind
        return None


def is_rate_limited(kind: str, response: Response) -> bool:
    """Tell whether a service's answer asks the crawler to slow down."""
    if response.status == 429:
        return True
    if kind == "gdelt":
        return gdelt.is_rate_limited(response.status, response.body)
    if kind == "mediacloud" and response.status in MEDIACLOUD_LIMIT_STATUSES:
        if "/search/story-list" not in response.url:
            return False
        return not any(text in response.body[:300].lower() for text in MEDIACLOUD_BAD_KEY)
    return False


class ServicePaceMiddleware:
    """Put every service request in its service's slot; answer rate limits by pausing it."""

    def __init__(self, crawler: Crawler, services: ServiceMap) -> None:
        self.crawler = crawler
        self.services = services
        self.first_wait = crawler.settings.getfloat("ARCHIVE_RATE_LIMIT_WAIT", 60.0)
        self.max_wait = crawler.settings.getfloat("ARCHIVE_RATE_LIMIT_MAX_WAIT", 900.0)
        self.tries = crawler.settings.getint("ARCHIVE_RATE_LIMIT_TRIES", 4)
        self.max_pace = max(
            paced_delay(crawler.settings.getfloat(name)) * MAX_SLOW_DOWN
            for name in PACE_SETTINGS.values()
        )
        self.figures: dict[str, ServiceFigures] = {}
        crawler.services = self  # type: ignore[attr-defined]  # the spider and report read it
        crawler.signals.connect(self.answered, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ServicePaceMiddleware:
        sources: Sources | None = sources_of(crawler)
        searches = sources.searches if sources is not None else ()
        return cls(crawler, ServiceMap.from_searches(searches))

    def figures_of(self, kind: str) -> ServiceFigures:
        return self.figures.setdefault(kind, ServiceFigures())

    def stop(self, kind: str, why: str) -> None:
        """Ask a service nothing more in this crawl, saying why once; the requests waiting in
        its slot fail at once."""
        figures = self.figures_of(kind)
        if figures.stopped is not None:
            return
        figures.stopped = why
        logger.error("%s stopped for this crawl: %s", kind, why)
        slot = self._slot(kind)
        while slot is not None and slot.queue:
            _, waiting = slot.queue.popleft()
            waiting.errback(ServiceStopped(f"{kind} stopped: {why}"))

    def stopped(self, kind: str) -> bool:
        return self.figures_of(kind).stopped is not None

    def answered(self, response: Response, request: Request) -> None:
        """Count a service's pace from when its answer came, not from when the request left:
        a slow connection then never brings two requests to the service closer together.
        (Sent before the slot looks at its queue again.)"""
        kind = request.meta.get("service")
        slot = self._slot(kind) if kind else None
        if slot is not None:
            slot.lastseen = max(slot.lastseen, time.monotonic())

    def process_request(self, request: Request) -> None:
        kind = self.services.kind_of(request.url)
        if kind is None:
            return
        figures = self.figures_of(kind)
        if figures.stopped:
            raise ServiceStopped(f"{kind} stopped: {figures.stopped}")
        request.meta["download_slot"] = slot_name(kind)
        request.meta["autothrottle_dont_adjust_delay"] = True
        request.meta["service"] = kind
        figures.requests += 1

    def process_response(self, request: Request, response: Response) -> Request | Response:
        kind = request.meta.get("service")
        if kind is None:
            return response
        figures = self.figures_of(kind)
        if response.status == 403 and not is_rate_limited(kind, response):
            self._count_refusal(kind, "HTTP 403")
        else:
            figures.failures_in_a_row = 0
        if kind == "google-news" and _leads_to_block_page(response):
            # Stopped here, before the slot sends another request, not in the callback.
            self.stop(kind, f"it answers with its block page ({_short(response.url)})")
            return response
        if not is_rate_limited(kind, response):
            figures.limited_in_a_row = 0
            return response
        figures.rate_limited += 1
        figures.limited_in_a_row += 1
        tries = request.meta.get("rate_limited", 0) + 1
        wait = self._wait(figures.limited_in_a_row, response)
        self._pause(kind, wait)
        figures.waited += wait
        if tries >= self.tries:
            logger.warning(
                "%s still rate-limits after %d waits: %s", kind, tries, _short(request.url)
            )
            return response
        logger.info("%s asks to slow down: waiting %.0f s before asking again", kind, wait)
        meta = {**request.meta, "rate_limited": tries}
        return request.replace(dont_filter=True, meta=meta)

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Count a connection the service refused or dropped (a timeout is no refusal)."""
        kind = request.meta.get("service")
        name = type(exception).__name__
        if kind is not None and ("Connect" in name or name == "ResponseNeverReceived"):
            self._count_refusal(kind, name)

    def _count_refusal(self, kind: str, what: str) -> None:
        """Stop a service that refuses request after request: it has blocked this crawler."""
        figures = self.figures_of(kind)
        figures.failures_in_a_row += 1
        if figures.failures_in_a_row >= REFUSALS_TO_STOP:
            self.stop(kind, f"{REFUSALS_TO_STOP} requests in a row refused ({what})")

    def _wait(self, in_a_row: int, response: Response) -> float:
        """Return how long the service rests: its Retry-After, else a wait that doubles with
        each rate-limit answer in a row."""
        wait = min(self.first_wait * 2 ** (in_a_row - 1), self.max_wait)
        header = response.headers.get(b"Retry-After")
        asked = parse_retry_after(header.decode("latin-1")) if header else None
        return max(wait, min(asked, self.max_wait)) if asked is not None else wait

    def _slot(self, kind: str) -> Any:
        """Return the service's download slot, if it has been opened."""
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        return downloader.slots.get(slot_name(kind)) if downloader is not None else None

    def _pause(self, kind: str, wait: float) -> None:
        """Hold the service's slot: its next request leaves no sooner than `wait` from now,
        and later ones half as often again as before, for the rest of the crawl (a service
        that says it was asked too fast was)."""
        slot = self._slot(kind)
        if slot is not None:
            slot.lastseen = max(slot.lastseen, time.monotonic() + wait)
            slot.delay = min(slot.delay * SLOW_DOWN, max(self.max_pace, slot.delay))

    def summary(self) -> dict[str, dict[str, Any]]:
        """Return each service's figures."""
        return {kind: figures.as_dict() for kind, figures in sorted(self.figures.items())}


def _leads_to_block_page(response: Response) -> bool:
    """Tell whether an answer is, or redirects to, Google's "sorry" or consent page."""
    location = response.headers.get(b"Location")
    target = response.urljoin(location.decode("latin-1")) if location else response.url
    return is_block_page(target)


def _short(url: str) -> str:
    """Return a URL cut to a readable length for a log line."""
    return url if len(url) <= 120 else url[:117] + "..."


def format_services(services: dict[str, dict[str, Any]]) -> list[str]:
    """Return one summary line per service: requests, rate-limit answers, time waited."""
    lines = []
    for kind, figures in services.items():
        line = (
            f"  {kind}: {figures['requests']} requests, {figures['rate_limited']} rate-limited, "
            f"waited {figures['waited_seconds']:.0f} s"
        )
        if figures.get("stopped"):
            line += f"; stopped: {figures['stopped']}"
        lines.append(line)
    return lines
