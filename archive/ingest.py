"""The one road from a fetched page to stored rows: classify, extract, store, then the after-steps.

A page comes from a crawl, a shared crawl's worker, a WARC record, a saved file or a stored
capture. Each entry point builds a `FetchedPage` and calls `classify_page` (in an extraction
process where extraction runs beside the fetching), then `save_page` in the one process that
writes (one transaction per page), and `finish_ingest` when its pages are stored. Nothing here
knows Scrapy or the command line.
"""

from __future__ import annotations

import dataclasses
import gzip
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from archive import store
from archive.outcomes import Outcome
from archive.sources import Sources
from archive.stories import assign_story_ids
from extract import Article, NotAnArticle, article_id, canonical_url, extract_article
from extract.events import Event
from extract.paywall import read_access, stub_article

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class FetchedPage:
    """One fetch of a URL, its raw body and what classifying and storing made of it."""

    url: str
    final_url: str | None
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    outlet: str | None = None
    found_via: str = "article"
    error: str | None = None
    depth: int = 0  # links followed from the sources to reach this page
    links: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (url, anchor)
    # An archived copy: the address of the page it is a copy of (its url is the memento's).
    original_url: str | None = None
    # Filled by classify_page: "paywalled" when the page's markup says it is not free.
    access: str | None = None
    # Links of an on-topic article worth fetching (chosen by the crawl).
    follow: list[str] = field(default_factory=list, repr=False)
    # Filled by classify_page: what the page turned out to be.
    outcome: str = Outcome.PENDING
    reason: str | None = None
    article: Article | None = field(default=None, repr=False)
    # Filled by save_page: what the archive did with it.
    stored: str | None = None


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


def save_page(
    db: sqlite_utils.Database,
    page: FetchedPage,
    sources: Sources | None = None,
    route: store.Discovery | None = None,
) -> int | None:
    """Save a classified page's article (if any), capture and routes; return the capture id.

    route: how an imported page was reached (a WARC file, a saved page), recorded with it.
    """
    if page.outcome == Outcome.NOT_MODIFIED:
        store.touch_capture(db, page.url, page.fetched_at)
        page.stored = "unchanged"
        return None
    article_key = None
    if page.article is not None:
        if route is not None:
            store.save_discovery(db, route, page.fetched_at)
        article_key = _save_article(db, page, sources)
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


def _save_article(db: sqlite_utils.Database, page: FetchedPage, sources: Sources | None) -> str:
    """Save a page's article under every address it was reached by; return its key."""
    assert page.article is not None
    outlet = sources.outlet_for(page.article.outlet) if sources else None
    reached = {canonical_url(page.url), page.article.url}
    if page.final_url:
        reached.add(canonical_url(page.final_url))
    if page.original_url:
        reached.add(canonical_url(page.original_url))
    article = filed_by_window(db, page.article, sorted(reached), sources)
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
    return article_key


def filed_by_window(
    db: sqlite_utils.Database, article: Article, urls: list[str], sources: Sources | None
) -> Article:
    """Return the article filed under the run whose window found it, when its content names
    none (the run its content names always wins)."""
    if article.event is not None or sources is None:
        return article
    name = store.get_discovery_window(db, urls)
    event = next((e for e in sources.events if e.name == name), None)
    return dataclasses.replace(article, event=event) if event else article


def save_route(db: sqlite_utils.Database, found: Any, seen_at: str) -> None:
    """Record a route by which a URL was found (any record with a Discovery's fields)."""
    fields = {f.name: getattr(found, f.name) for f in dataclasses.fields(store.Discovery)}
    store.save_discovery(db, store.Discovery(**fields), seen_at)


@dataclass(frozen=True)
class StoredCapture:
    """A stored capture of an article, to extract again: its gzipped body and its facts."""

    body_gzipped: bytes
    url: str
    fetched_at: str
    events: tuple[Event, ...] = ()


def extract_stored(capture: StoredCapture) -> Article | NotAnArticle:
    """Return a stored capture's article, or why there is none (runs in a worker process)."""
    try:
        return extract_article(
            gzip.decompress(capture.body_gzipped),
            capture.url,
            datetime.fromisoformat(capture.fetched_at),
            events=capture.events,
        )
    except NotAnArticle as exc:
        return exc


def save_reextracted(db: sqlite_utils.Database, article: Article, fetched_at: str) -> str:
    """Replace an article's text, quotes and facts with a new extraction; return its state."""
    return store.save_article(db, article, fetched_at, refresh=True)[1]


def finish_ingest(db: sqlite_utils.Database, regroup: bool = True) -> None:
    """Run the after-steps of storing pages: copies of one story grouped (when anything
    changed), then the query planner's statistics refreshed."""
    if regroup or store.has_ungrouped_articles(db):
        assign_story_ids(db)
    store.update_statistics(db)
