"""robots.txt obeyed by every request that waits for it, not only the first two, and a host
whose robots.txt cannot be read fetched no further (RFC 9309, 2.3.1.4)."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class AllWaitersRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's middleware, with each request that waits for a host's robots.txt given the
    parser.

    Scrapy 2.19 awaits the one pending Deferred from every waiting request; each await adds a
    callback that returns None, so the third and later waiters receive None and go out
    unchecked. Here each waiter gets a Deferred of its own, fed by a callback that passes the
    parser on down the chain.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        waiter: Deferred[RobotParser | None] = Deferred()

        def hand_on(parser: RobotParser | None) -> RobotParser | None:
            waiter.callback(parser)
            return parser

        pending.addCallback(hand_on)
        return await maybe_deferred_to_future(waiter)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """Take a robots.txt that could not be read, once retried, as "disallow all" when the
        host answered at all (a timeout, a dropped connection): RFC 9309 asks a crawler to
        assume complete disallow for an unreachable robots.txt. A host that cannot be
        resolved or refuses connections is left to fail each request with its own reason."""
        name = type(exc).__name__
        unreachable = "DNSLookup" in name or "ConnectionRefused" in name
        if isinstance(exc, IgnoreRequest) or unreachable:
            super()._robots_error(exc, netloc)
            return
        pending = self._parsers[netloc]
        assert isinstance(pending, Deferred)
        parser = self._parserimpl.from_crawler(self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        pending.callback(parser)


DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
