"""Item pipelines: ExtractPipeline makes a fetched page an Article, StorePipeline keeps both."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler

from archive import store
from extract import NotAnArticle, extract_article
from extract.events import Event
from extract.topic import DEFAULT_PHRASES

from .items import FetchedPage

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def classify_page(
    page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...] = ()
) -> None:
    """Set the page's outcome (and article, for coverage) from its fetch facts and content."""
    content_type = store.Fetch(page.url, None, None, page.headers, b"", "").content_type
    if page.error:
        page.outcome, page.reason = "failed", page.error
    elif page.status is not None and page.status >= 400:
        page.outcome, page.reason = "http-error", f"HTTP {page.status}"
    elif content_type is not None and content_type not in HTML_TYPES:
        page.outcome, page.reason = "not-html", content_type
    else:
        _extract(page, phrases, events)


def _extract(page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...]) -> None:
    """Extract the article on an HTML page, recording why when there is none or it is off-topic."""
    try:
        article = extract_article(
            page.body,
            url=page.final_url or page.url,
            fetched_at=datetime.fromisoformat(page.fetched_at),
            phrases=phrases,
            events=events,
        )
    except NotAnArticle as exc:
        page.outcome, page.reason = "not-article", str(exc)
        return
    except Exception as exc:  # a page that breaks an extractor is recorded, never fatal
        logger.warning("extraction failed on %s: %r", page.url, exc)
        page.outcome, page.reason = "extract-failed", repr(exc)[:500]
        return
    if article.topic.on_topic:
        page.outcome, page.article = "article", article
    else:
        page.outcome, page.reason = "off-topic", "no topic terms"


class ExtractPipeline:
    """Classify each fetched page and extract its article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedPage):
            sources = getattr(self.crawler.spider, "sources", None)
            if sources is None:
                classify_page(item, DEFAULT_PHRASES)
            else:
                classify_page(item, sources.phrases, sources.events)
        return item


class StorePipeline:
    """Write every capture, and every article found, to the archive database."""

    def __init__(self, crawler: Crawler, db_path: str) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, crawler.settings.get("ARCHIVE_DB"))

    def open_spider(self) -> None:
        self.db = store.open_db(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.conn.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        with self.db.conn:
            self._save(item)
        return item

    def _save(self, page: FetchedPage) -> None:
        """Save the article (if any) and the capture in one transaction."""
        article_key = None
        if page.article is not None:
            sources = getattr(self.crawler.spider, "sources", None)
            outlet = sources.outlet_for(page.article.outlet) if sources else None
            article_key, page.stored = store.save_article(
                self.db, page.article, page.fetched_at, outlet.name if outlet else None
            )
        fetch = store.Fetch(
            url=page.url,
            final_url=page.final_url,
            status=page.status,
            headers=page.headers,
            body=page.body,
            fetched_at=page.fetched_at,
            error=page.error,
        )
        store.save_capture(self.db, fetch, page.outcome, page.reason, article_key)
