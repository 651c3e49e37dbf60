"""A Scrapy extension that shows crawl progress and writes the closing summary."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from archive.outcomes import ERRORS, Outcome
from crawler.figures import format_discovery
from crawler.items import FetchedPage
from crawler.services import format_services

ERROR_OUTCOMES = ERRORS
# The crawl process's exit status when it could not write the archive (it said why in a line).
EXIT_ARCHIVE = 3


def every_source_failed(figures: dict[str, Any]) -> bool:
    """Tell whether a crawl's summary says that not one of its sources could be read."""
    return bool(figures["sources"]) and figures["sources_failed"] >= figures["sources"]


class CrawlReport:
    """Count what became of every fetched page and report it on stderr (and as JSON)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report_path = crawler.settings.get("ARCHIVE_REPORT")
        self.every = crawler.settings.getint("ARCHIVE_PROGRESS_EVERY", 10)
        self.outcomes: Counter[str] = Counter()
        self.stored: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        report = cls(crawler)
        crawler.signals.connect(report.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        return report

    def item_scraped(self, item: Any) -> None:
        if not isinstance(item, FetchedPage):
            return
        self.outcomes[item.outcome] += 1
        if item.stored:
            self.stored[item.stored] += 1
        if item.outcome in ERROR_OUTCOMES:
            self.errors[_error_kind(item)] += 1
        fetched = sum(self.outcomes.values())
        if self.every and fetched % self.every == 0:
            print(
                f"crawling: {fetched} pages fetched, {self.outcomes['article']} articles, "
                f"{sum(self.errors.values())} errors",
                file=sys.stderr,
                flush=True,
            )

    def summary(self) -> dict[str, Any]:
        """Return the crawl's figures."""
        spider = self.crawler.spider
        stats = self.crawler.stats
        services = getattr(self.crawler, "services", None)
        return {
            "fetched": sum(self.outcomes.values()),
            "articles": self.outcomes[Outcome.ARTICLE],
            "new": self.stored["new"],
            "updated": self.stored["updated"],
            "unchanged": self.stored["unchanged"],
            "off_topic": self.outcomes[Outcome.OFF_TOPIC],
            "not_articles": self.outcomes[Outcome.NOT_ARTICLE],
            "errors": dict(sorted(self.errors.items())),
            "robots_blocked": stats.get_value("archive/robots_blocked", 0) if stats else 0,
            "skipped_known": stats.get_value("archive/already_fetched", 0) if stats else 0,
            "sources": getattr(spider, "source_count", 0),
            "sources_failed": len(getattr(spider, "source_failures", [])),
            "discovery": spider.figures.as_dict() if hasattr(spider, "figures") else {},
            "services": services.summary() if services is not None else {},
        }

    def spider_closed(self, reason: str) -> None:
        figures = {**self.summary(), "finish_reason": reason}
        if not self.crawler.settings.getbool("ARCHIVE_FRONTIER"):  # the storing process says it
            print(format_summary(figures), file=sys.stderr, flush=True)
        if self.report_path:
            Path(self.report_path).write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _error_kind(page: FetchedPage) -> str:
    """Return a short name for what went wrong with a page."""
    if page.outcome == Outcome.HTTP_ERROR:
        return f"http-{page.status}"
    if page.outcome == Outcome.NOT_HTML:
        return Outcome.NOT_HTML.value
    return page.reason.split(":")[0].split("(")[0].strip() if page.reason else page.outcome


def format_summary(figures: dict[str, Any]) -> str:
    """Return the closing summary as one readable line."""
    errors = ", ".join(f"{kind} {n}" for kind, n in figures["errors"].items()) or "none"
    return (
        f"crawl finished: {figures['fetched']} pages fetched; {figures['new']} new, "
        f"{figures['updated']} updated, {figures['unchanged']} unchanged; "
        f"{figures['off_topic']} off-topic, {figures['not_articles']} not articles; "
        f"{figures['robots_blocked']} blocked by robots.txt; "
        f"{figures.get('skipped_known', 0)} known pages skipped; errors: {errors}; "
        f"{figures['sources_failed']} of {figures['sources']} sources failed"
    ) + "".join(
        "\n" + line
        for line in [
            *format_discovery(figures.get("discovery") or {}),
            *format_services(figures.get("services") or {}),
        ]
    )
