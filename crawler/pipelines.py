"""Item pipelines: ExtractPipeline makes a fetched page an Article, StorePipeline keeps both."""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from multiprocessing import get_context
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import threads
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from archive import store
from archive.errors import describe_error
from archive.outcomes import Outcome
from archive.pool import default_workers
from archive.stories import assign_story_ids
from extract import NotAnArticle, article_id, canonical_url, extract_article
from extract.events import Event
from extract.topic import DEFAULT_PHRASES, score_topic

from .context import context_of, sources_of
from .items import FetchedPage
from .paywall import read_access, stub_article

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# The crawl stat that holds why the archive could not be written, when it could not.
WRITE_ERROR_STAT = "archive/write_error"


def classify_page(
    page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...] = ()
) -> None:
    """Set the page's outcome (and article, for coverage) from its fetch facts and content."""
    content_type = store.Fetch(page.url, None, None, page.headers, b"", "").content_type
    if page.outcome != Outcome.PENDING:
        return  # decided before the fetch (a request the fetch guard refused)
    if page.status == 304:
        page.outcome, page.reason = Outcome.NOT_MODIFIED, "HTTP 304"
    elif page.error:
        page.outcome, page.reason = Outcome.FAILED, page.error
    elif page.status is not None and page.status >= 400:
        page.outcome, page.reason = Outcome.HTTP_ERROR, f"HTTP {page.status}"
    elif content_type is not None and content_type not in HTML_TYPES:
        page.outcome, page.reason = Outcome.NOT_HTML, content_type
    else:
        _extract(page, phrases, events)


def _extract(page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...]) -> None:
    """Extract the article on an HTML page, recording why when there is none or it is off-topic."""
    # An archived copy is extracted as the page it is a copy of.
    url = page.original_url or page.final_url or page.url
    try:
        article = extract_article(
            page.body,
            url=url,
            fetched_at=datetime.fromisoformat(page.fetched_at),
            phrases=phrases,
            events=events,
        )
    except NotAnArticle as exc:
        page.outcome, page.reason = Outcome.NOT_ARTICLE, str(exc)
        _mark_paywalled(page, url, phrases, events, None)
        return
    except Exception as exc:  # a page that breaks an extractor is recorded, never fatal
        logger.warning("extraction failed on %s: %r", page.url, exc)
        page.outcome, page.reason = Outcome.EXTRACT_FAILED, repr(exc)[:500]
        return
    if article.topic.on_topic:
        page.outcome, page.article = Outcome.ARTICLE, article
    else:
        page.outcome, page.reason = Outcome.OFF_TOPIC, "no topic terms"
    _mark_paywalled(page, url, phrases, events, article.word_count)


def _mark_paywalled(
    page: FetchedPage,
    url: str,
    phrases: tuple[str, ...],
    events: tuple[Event, ...],
    shown_words: int | None,
) -> None:
    """Mark a page that is not free to read; keep it as an article when its headline covers
    the topic, so that its archived copy or a later crawl can complete it."""
    html = page.body.decode("utf-8", errors="replace")
    access = read_access(html, shown_words)
    if not access.paywalled:
        return
    page.access = "paywalled"
    if page.outcome != Outcome.ARTICLE:
        fetched_at = datetime.fromisoformat(page.fetched_at)
        stub = stub_article(html, url, access, fetched_at, phrases, events)
        if stub is not None:
            page.outcome, page.reason, page.article = Outcome.ARTICLE, "paywalled", stub


# One extraction at a time: the libraries keep caches not made for threads, and the GIL
# would not let two run at once anyway.
_EXTRACTING = threading.Lock()


def _classified(
    page: FetchedPage, phrases: tuple[str, ...], events: tuple[Event, ...]
) -> FetchedPage:
    """Return the page classified (in a thread of this process or in an extraction process)."""
    with _EXTRACTING:
        classify_page(page, phrases, events)
    return page


def extract_processes(setting: int | None) -> int:
    """Return how many extraction processes a crawl starts: the setting, else one fewer than
    the cores (on one core, a thread does it)."""
    return max(0, default_workers() - 1 if setting is None else setting)


class ExtractPipeline:
    """Classify each fetched page and extract its article, off the reactor's thread.

    Extraction takes tens of milliseconds a page. It runs in processes of its own when the
    machine has cores to spare (ARCHIVE_EXTRACT_PROCESSES), else in Twisted's thread pool;
    either way the reactor keeps downloading meanwhile and the pipelines after it wait for the
    page. A pool that breaks (a worker killed) hands its pages to the thread.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        setting = self.crawler.settings.get("ARCHIVE_EXTRACT_PROCESSES")
        processes = extract_processes(None if setting in (None, "") else int(setting))
        if processes:
            # forkserver: workers start from a clean process, not a fork of the threaded crawl.
            self.pool = ProcessPoolExecutor(processes, mp_context=get_context("forkserver"))
        logger.info(
            "extracting pages in %s", f"{processes} process(es)" if processes else "a thread"
        )

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        sources = sources_of(self.crawler)
        phrases = DEFAULT_PHRASES if sources is None else sources.phrases
        events = () if sources is None else tuple(sources.events)
        if self.pool is None:
            return threads.deferToThread(_classified, item, phrases, events)
        try:
            done = _deferred(self.pool.submit(_classified, item, phrases, events))
        except (BrokenProcessPool, RuntimeError) as exc:  # broken, or shut down
            logger.warning("extracting in this process: %r", exc)
            self.pool = None
            return threads.deferToThread(_classified, item, phrases, events)
        return done.addErrback(self._in_thread, item, phrases, events)

    def _in_thread(
        self,
        failure: Failure,
        item: FetchedPage,
        phrases: tuple[str, ...],
        events: tuple[Event, ...],
    ) -> Deferred:
        """Classify a page here when its extraction process failed it (the pool broke)."""
        logger.warning("extraction process failed on %s: %s", item.url, failure.getErrorMessage())
        return threads.deferToThread(_classified, item, phrases, events)


def _deferred(future: Future[Any]) -> Deferred:
    """Return a Deferred that fires, on the reactor's thread, with the future's outcome."""
    from twisted.internet import reactor

    deferred: Deferred = Deferred()

    def settle(done: Future[Any]) -> None:
        error = done.exception()
        if error is None:
            deferred.callback(done.result())
        else:
            deferred.errback(Failure(error))

    future.add_done_callback(lambda done: reactor.callFromThread(settle, done))  # type: ignore[attr-defined]
    return deferred


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
    """From an on-topic article, pick the linked pages that look like more coverage (the
    spider asks for them once the page is stored)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FollowPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage) or item.outcome != Outcome.ARTICLE or not item.links:
            return item
        sources = sources_of(self.crawler)
        item.follow = coverage_links(item, sources.phrases if sources else DEFAULT_PHRASES)
        return item


def _filed_by_window(db: Any, article: Any, urls: list[str], sources: Any) -> Any:
    """Return the article filed under the run whose window found it, when its content names
    none (the run its content names always wins)."""
    if article.event is not None or sources is None:
        return article
    name = store.get_discovery_window(db, urls)
    event = next((e for e in sources.events if e.name == name), None)
    return dataclasses.replace(article, event=event) if event else article


class StorePipeline:
    """Write every capture, article and discovery to the archive, and the crawl's record."""

    def __init__(self, crawler: Crawler, db_path: str) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.db: Any = None
        self.crawl_id: int | None = None
        self.write_error: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler, crawler.settings.get("ARCHIVE_DB"))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = store.open_db(self.db_path)
        context = context_of(self.crawler)
        sources = context.sources_path if context else ""
        with self.db.conn:
            self.crawl_id, _ = store.start_crawl(
                self.db, str(sources), self.crawler.settings.getbool("ARCHIVE_RESUME")
            )
            store.save_roster(self.db, context.sources.speakers if context else ())

    def spider_closed(self, reason: str) -> None:
        """Record how the crawl ended (after the pipelines closed): a crawl cut short resumes."""
        if self.crawl_id is None:
            return
        report = next(
            (e for e in self.crawler.extensions.middlewares if hasattr(e, "summary")), None
        )
        status = "finished" if reason == "finished" else "interrupted"
        try:
            db = store.open_db(self.db_path)
            with db.conn:
                store.finish_crawl(db, self.crawl_id, status, report.summary() if report else {})
            db.conn.close()
        except (sqlite3.DatabaseError, OSError) as exc:  # left "running": the crawl resumes
            logger.error("the crawl's end was not recorded: %s", describe_error(exc, self.db_path))

    def close_spider(self) -> None:
        if self.db is not None:
            assign_story_ids(self.db)  # copies found in this crawl join their stories
            store.update_statistics(self.db)
            self.db.conn.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, store.Discovery):
            with store.transaction(self.db):
                store.save_discovery(self.db, item, store.now_iso())
            return item
        if not isinstance(item, FetchedPage):
            return item
        if self.write_error is not None:
            raise DropItem(f"not stored: {self.write_error}")
        try:
            # One commit per page: a crawl cut short has stored every page it finished.
            with store.transaction(self.db):
                self._save(item)
        except (sqlite3.DatabaseError, OSError) as exc:
            self._stop_writing(exc)
            raise DropItem(f"not stored: {self.write_error}") from exc
        return item

    def _stop_writing(self, exc: BaseException) -> None:
        """Stop the crawl when the archive cannot be written (a full disk): every page after
        would fail too. The failed page's transaction rolled back; nothing stored is lost."""
        self.write_error = describe_error(exc, self.db_path)
        logger.info("stopping the crawl: %s", self.write_error)
        self.crawler.stats.set_value(WRITE_ERROR_STAT, self.write_error)  # type: ignore[union-attr]
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive-write-failed"))

    def _save(self, page: FetchedPage) -> None:
        """Save the article (if any), the capture and the routes it was found by, at once."""
        save_page(self.db, page, sources_of(self.crawler))


def save_page(db: Any, page: FetchedPage, sources: Any = None) -> int | None:
    """Save a classified page's article (if any), capture and routes; return the capture id."""
    if page.outcome == Outcome.NOT_MODIFIED:
        store.touch_capture(db, page.url, page.fetched_at)
        page.stored = "unchanged"
        return None
    article_key = None
    if page.article is not None:
        outlet = sources.outlet_for(page.article.outlet) if sources else None
        reached = {canonical_url(page.url), page.article.url}
        if page.final_url:
            reached.add(canonical_url(page.final_url))
        if page.original_url:
            reached.add(canonical_url(page.original_url))
        article = _filed_by_window(db, page.article, sorted(reached), sources)
        article_key = article_id(article.url)
        if page.access and store.get_word_count(db, article_key) > article.word_count:
            page.stored = "unchanged"  # a paywalled page never replaces a fuller copy
        else:
            article_key, page.stored = store.save_article(
                db, article, page.fetched_at, outlet.name if outlet else None
            )
        if page.access:
            store.set_access(db, article_key, page.access)
        store.link_discoveries(db, sorted(reached), article_key)
        for url in page.follow:
            found = store.Discovery(canonical_url(url), "link", page.article.url)
            store.save_discovery(db, found, page.fetched_at)
    fetch = store.Fetch(
        url=page.url,
        final_url=page.final_url,
        status=page.status,
        headers=page.headers,
        body=page.body,
        fetched_at=page.fetched_at,
        error=page.error,
    )
    return store.save_capture(db, fetch, page.outcome, page.reason, article_key)[0]
