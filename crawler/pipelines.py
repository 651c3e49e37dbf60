"""Item pipelines: the crawl's side of archive.ingest. ExtractPipeline classifies each fetched
page off the reactor's thread, FollowPipeline picks the links worth following, StorePipeline
saves pages and routes in the one writing process."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
from archive.ingest import classify_page, finish_ingest, save_page, save_route
from archive.outcomes import Outcome
from archive.pool import default_workers
from extract import canonical_url
from extract.events import Event
from extract.topic import DEFAULT_PHRASES, score_topic

from .context import context_of, sources_of
from .items import Discovered, FetchedPage

logger = logging.getLogger(__name__)

# The crawl stat that holds why the archive could not be written, when it could not.
WRITE_ERROR_STAT = "archive/write_error"


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
            finish_ingest(self.db)  # copies found in this crawl join their stories
            self.db.conn.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Discovered):
            with store.transaction(self.db):
                save_route(self.db, item, store.now_iso())
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
