"""Archived copies: a page that is gone (404, 410) or paywalled is looked up in the Wayback
Machine, and its last good capture fetched and stored under the page's own address."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from .items import FetchedPage

GONE_STATUSES = (404, 410)


class ArchivedCopyPipeline:
    """Ask for the archived copy of a gone or paywalled page, when the Wayback Machine is on."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivedCopyPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage) or item.original_url is not None:
            return item
        gone = item.status in GONE_STATUSES
        if not gone and item.access != "paywalled":
            return item
        spider = self.crawler.spider
        url = item.url if gone else (item.final_url or item.url)
        lookups = getattr(spider, "latest_capture_requests", None)
        for request in lookups(url, item.outlet, "wayback-copy") if lookups else []:
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(request)
        return item
