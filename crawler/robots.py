"""robots.txt obeyed by every request that waits for it, not only the first two."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
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
