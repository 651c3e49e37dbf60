"""A crawl frontier shared on Redis: scrapy-redis's queue and duplicate filter, per-host
politeness held across workers, and fetched pages handed to the one process that stores them.

Every worker runs the coverage spider with these pieces plugged in through settings; the
process that stores (`runarchive crawl --redis`) reads the handed-over items and decides
when the crawl is over: no request queued, no item waiting, every live worker idle and no
activity between two looks.
"""

from __future__ import annotations

import logging
import pickle
import uuid
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall, deferLater

from crawler.items import FetchedPage

logger = logging.getLogger(__name__)

PREFIX = "runarchive"
KEYS = {
    "requests": f"{PREFIX}:requests",
    "dupefilter": f"{PREFIX}:dupefilter",
    "items": f"{PREFIX}:items",
    "activity": f"{PREFIX}:activity",
    "done": f"{PREFIX}:done",
    "sources": f"{PREFIX}:sources",
    "settings": f"{PREFIX}:settings",
    "skip": f"{PREFIX}:skip",
}
WORKER_KEY = PREFIX + ":worker:{}"
HOST_LEASES = PREFIX + ":host:{}:leases"
HOST_NEXT = PREFIX + ":host:{}:next"
# A worker that has not said it is alive for this long is taken to be gone.
WORKER_TTL = 15
HEARTBEAT = 2.0

# Take a download slot on a host if fewer than `limit` are held and the host's delay has
# passed; leases expire so that a killed worker's slots come back. Redis' clock is the one
# clock all workers share.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_at then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[4])), 'EX', 3600)
return 1
"""


def connect(url: str) -> redis.Redis:
    """Return a client for the Redis server at url, or fail with one clear line."""
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ConnectionError(f"cannot reach Redis at {url}: {exc}") from exc
    return client


def frontier_settings(url: str, worker: str, seed: bool) -> list[str]:
    """Return the -s KEY=VALUE settings that make a crawl process a worker of the frontier."""
    return [
        "SCHEDULER=crawler.frontier.SharedScheduler",
        "DUPEFILTER_CLASS=scrapy_redis.dupefilter.RFPDupeFilter",
        f"SCHEDULER_QUEUE_KEY={KEYS['requests']}",
        f"SCHEDULER_DUPEFILTER_KEY={KEYS['dupefilter']}",
        "SCHEDULER_PERSIST=True",
        f"REDIS_URL={url}",
        f"ARCHIVE_WORKER_ID={worker}",
        f"ARCHIVE_SEED={seed}",
        # The worker has no archive: what it fetched goes to the storing process instead.
        "ARCHIVE_CONDITIONAL_REQUESTS=False",
        "ARCHIVE_FRONTIER=True",
    ]


def use_frontier(settings: Any) -> None:
    """Turn a crawl's settings into a worker's: shared politeness and skip list, hand-off in
    place of storing, and a quicker look at a queue that other workers fill."""
    from scrapy.core.engine import ExecutionEngine

    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["crawler.middlewares.SkipKnownMiddleware"] = None
    middlewares["crawler.frontier.SharedSkipMiddleware"] = 560
    # Closest to the download, so that a slot is held only while the server is asked.
    middlewares["crawler.frontier.SharedHostLimitMiddleware"] = 950
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines["crawler.pipelines.StorePipeline"] = None
    pipelines["crawler.frontier.HandOffPipeline"] = 900
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    # Scrapy looks at an empty scheduler every 5 s; the shared queue is fed by others.
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = settings.getfloat("ARCHIVE_IDLE_POLL", 0.5)


def new_worker_id() -> str:
    """Return a name for a worker unique across machines."""
    return uuid.uuid4().hex[:12]


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, telling the storing process when this worker is idle."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker = ""
        self.state = "busy"
        self.heartbeat: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.worker = crawler.settings.get("ARCHIVE_WORKER_ID") or new_worker_id()
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.beat()
        self.heartbeat = LoopingCall(self.beat)
        self.heartbeat.start(HEARTBEAT, now=False)

    def close(self, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.server.delete(WORKER_KEY.format(self.worker))
        super().close(reason)

    def beat(self) -> None:
        """Say that this worker is alive, and whether it is idle."""
        self.server.set(WORKER_KEY.format(self.worker), self.state, ex=WORKER_TTL)

    # As scrapy-redis's own, without the `spider` argument to stats that Scrapy 2.19 deprecates.
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        self.server.incr(KEYS["activity"])
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            if self.state != "busy":
                self.state = "busy"
                self.beat()
            self.server.incr(KEYS["activity"])
        return request

    def spider_idle(self) -> None:
        """Stay open while the crawl goes on: other workers may queue more requests."""
        if self.state != "idle":
            self.state = "idle"
            self.beat()
        if not self.server.exists(KEYS["done"]):
            raise DontCloseSpider


class SharedHostLimitMiddleware:
    """Hold CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY per host across all workers."""

    def __init__(self, server: redis.Redis, limit: int, delay: float, timeout: float) -> None:
        self.server = server
        self.limit = limit
        self.delay = delay
        self.lease_seconds = timeout + 30
        self.acquire = server.register_script(ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedHostLimitMiddleware:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_FRONTIER"):
            raise NotConfigured
        return cls(
            redis.Redis.from_url(settings.get("REDIS_URL")),
            settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            settings.getfloat("DOWNLOAD_DELAY"),
            settings.getfloat("DOWNLOAD_TIMEOUT"),
        )

    async def process_request(self, request: Request) -> None:
        from twisted.internet import reactor

        host = urlsplit(request.url).netloc
        token = uuid.uuid4().hex
        keys = [HOST_LEASES.format(host), HOST_NEXT.format(host)]
        while not self.acquire(keys=keys, args=[self.limit, self.lease_seconds, token, self.delay]):
            await maybe_deferred_to_future(deferLater(reactor, 0.02, lambda: None))
        request.meta["host_lease"] = (keys[0], token)

    def _release(self, request: Request) -> None:
        lease = request.meta.pop("host_lease", None)
        if lease is not None:
            self.server.zrem(*lease)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)


class SharedSkipMiddleware:
    """Skip the pages the storing process listed (seen not to be coverage, or fetched by the
    crawl being resumed), as SkipKnownMiddleware does from the archive on one machine."""

    def __init__(self, server: redis.Redis) -> None:
        self.server = server

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedSkipMiddleware:
        if not crawler.settings.getbool("ARCHIVE_FRONTIER"):
            raise NotConfigured
        return cls(redis.Redis.from_url(crawler.settings.get("REDIS_URL")))

    def process_request(self, request: Request) -> None:
        from crawler.middlewares import AlreadyFetched

        if "found_via" in request.cb_kwargs and self.server.sismember(KEYS["skip"], request.url):
            raise AlreadyFetched(request.url)


class HandOffPipeline:
    """Hand every fetched page and discovery to the storing process through Redis."""

    def __init__(self, server: redis.Redis) -> None:
        self.server = server

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HandOffPipeline:
        return cls(redis.Redis.from_url(crawler.settings.get("REDIS_URL")))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedPage):
            item = replace(item, links=[])  # the ones worth following are in item.follow
        self.server.rpush(KEYS["items"], pickle.dumps(item))
        self.server.incr(KEYS["activity"])
        return item
