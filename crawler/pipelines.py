"""Item pipelines: ExtractPipeline makes a fetched page an Article, StorePipeline keeps both."""

from __future__ import annotations

import logging
import re
import threading
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import threads

from archive import store
from extract import NotAnArticle, canonical_url, extract_article
from extract.events import Event
from extract.topic import DEFAULT_PHRASES, score_topic

from .items import FetchedPage

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def classify_page(
    page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...] = ()
) -> None:
    """Set the page's outcome (and article, for coverage) from its fetch facts and content."""
    content_type = store.Fetch(page.url, None, None, page.headers, b"", "").content_type
    if page.status == 304:
        page.outcome, page.reason = "not-modified", "HTTP 304"
    elif page.error:
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


# One extraction at a time: the libraries keep caches not made for threads, and the GIL
# would not let two run at once anyway.
_EXTRACTING = threading.Lock()


def _classified(
    page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...]
) -> FetchedPage:
    with _EXTRACTING:
        classify_page(page, phrases, events)
    return page


class ExtractPipeline:
    """Classify each fetched page and extract its article, off the reactor's thread.

    Extraction takes tens of milliseconds a page; run in Twisted's thread pool, it leaves the
    reactor free to keep downloading meanwhile, and the pipelines after it wait for the page.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        sources = getattr(self.crawler.spider, "sources", None)
        phrases = DEFAULT_PHRASES if sources is None else sources.phrases
        events = () if sources is None else tuple(sources.events)
        return threads.deferToThread(_classified, item, phrases, events)


def coverage_links(page: FetchedPage, phrases: tuple[str, ...]) -> list[str]:
    """Return the links of an article whose anchor text or address names the topic."""
    seen = {canonical_url(page.final_url or page.url)}
    wanted = []
    for url, anchor in page.links:
        key = canonical_url(url)
        if key in seen:
            continue
        seen.add(key)
        slug = re.sub(r"[-_/.]+", " ", urlsplit(url).path)
        if score_topic(anchor, slug, phrases).on_topic:
            wanted.append(url)
    return wanted


class FollowPipeline:
    """From an on-topic article, fetch the linked pages that look like more coverage."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FollowPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        if not isinstance(item, FetchedPage) or item.outcome != "article" or not item.links:
            return item
        sources = getattr(spider, "sources", None)
        item.follow = coverage_links(item, sources.phrases if sources else DEFAULT_PHRASES)
        assert self.crawler.engine is not None
        for url in item.follow:
            self.crawler.engine.crawl(spider.page_request(url, None, "link", item.depth + 1))
        return item


class StorePipeline:
    """Write every capture, article and discovery to the archive, and the crawl's record."""

    def __init__(self, crawler: Crawler, db_path: str) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.db: Any = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler, crawler.settings.get("ARCHIVE_DB"))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = store.open_db(self.db_path)
        sources = getattr(self.crawler.spider, "sources_path", None) or ""
        with self.db.conn:
            self.crawl_id, _ = store.start_crawl(
                self.db, str(sources), self.crawler.settings.getbool("ARCHIVE_RESUME")
            )

    def spider_closed(self, reason: str) -> None:
        """Record how the crawl ended (after the pipelines closed): a crawl cut short resumes."""
        if self.crawl_id is None:
            return
        report = next(
            (e for e in self.crawler.extensions.middlewares if hasattr(e, "summary")), None
        )
        status = "finished" if reason == "finished" else "interrupted"
        db = store.open_db(self.db_path)
        with db.conn:
            store.finish_crawl(db, self.crawl_id, status, report.summary() if report else {})
        db.conn.close()

    def close_spider(self) -> None:
        if self.db is not None:
            store.update_statistics(self.db)
            self.db.conn.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, store.Discovery):
            with store.transaction(self.db):
                store.save_discovery(self.db, item, store.now_iso())
            return item
        if not isinstance(item, FetchedPage):
            return item
        # One commit per page: a crawl cut short has stored every page it finished.
        with store.transaction(self.db):
            self._save(item)
        return item

    def _save(self, page: FetchedPage) -> None:
        """Save the article (if any), the capture and the routes it was found by, at once."""
        if page.outcome == "not-modified":
            store.touch_capture(self.db, page.url, page.fetched_at)
            page.stored = "unchanged"
            return
        article_key = None
        if page.article is not None:
            sources = getattr(self.crawler.spider, "sources", None)
            outlet = sources.outlet_for(page.article.outlet) if sources else None
            article_key, page.stored = store.save_article(
                self.db, page.article, page.fetched_at, outlet.name if outlet else None
            )
            reached = {canonical_url(page.url), page.article.url}
            if page.final_url:
                reached.add(canonical_url(page.final_url))
            store.link_discoveries(self.db, sorted(reached), article_key)
            for url in page.follow:
                found = store.Discovery(canonical_url(url), "link", page.article.url)
                store.save_discovery(self.db, found, page.fetched_at)
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
