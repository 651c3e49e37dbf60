"""Pages saved from a browser (paywalled stories), imported as if they had been fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive import store
from archive.errors import ArchiveError
from archive.limits import MAX_PAGE_BYTES, read_capped
from archive.outcomes import Outcome
from archive.sources import Sources
from extract import Article, NotAnArticle, canonical_url, extract_article
from extract.events import Event


class ImportFailed(ValueError):
    """A saved page that cannot be imported; the message says why."""


def import_saved_page(
    db: sqlite_utils.Database,
    path: Path,
    url: str | None,
    sources: Sources,
    max_bytes: int = MAX_PAGE_BYTES,
) -> str:
    """Store a saved page's capture and, when it covers the topic, its article.

    Returns what became of it: "new", "updated", "unchanged" or "off-topic".
    """
    now = datetime.now(UTC).replace(microsecond=0)
    job = SavedPage(path, url, now, sources.phrases, sources.events, max_bytes)
    return store_saved_page(db, job, extract_saved_page(job), sources)


@dataclass(frozen=True)
class SavedPage:
    """A saved page to import: its file, its address if given, and when it is imported."""

    path: Path
    url: str | None
    imported_at: datetime
    phrases: tuple[str, ...]
    events: tuple[Event, ...] = ()
    max_bytes: int = MAX_PAGE_BYTES  # larger pages (after gunzip) are refused, as in a crawl


@dataclass(frozen=True)
class ExtractedPage:
    """What reading and extracting a saved page gave: its bytes and article, or why not."""

    data: bytes
    article: Article | None
    failure: str | None = None


def extract_saved_page(job: SavedPage) -> ExtractedPage:
    """Return the saved page's bytes and article (runs in a worker process: no database)."""
    try:
        data = read_capped(job.path, job.max_bytes)
    except (ArchiveError, OSError) as exc:
        return ExtractedPage(b"", None, str(exc))
    placeholder = job.path.resolve().as_uri()
    try:
        article = extract_article(
            data, job.url or placeholder, job.imported_at, phrases=job.phrases, events=job.events
        )
    except NotAnArticle as exc:
        return ExtractedPage(data, None, str(exc))
    return ExtractedPage(data, article)


def store_saved_page(
    db: sqlite_utils.Database, job: SavedPage, page: ExtractedPage, sources: Sources
) -> str:
    """Store an extracted saved page; return "new", "updated", "unchanged" or "off-topic"."""
    article, path, url = page.article, job.path, job.url
    if article is None:
        raise ImportFailed(page.failure or "no article")
    if article.url.startswith("file:"):
        raise ImportFailed("the page has no canonical link: give its address with --url")
    seen_at = job.imported_at.isoformat()
    fetch = store.Fetch(
        url=url or article.url,
        final_url=article.url,
        status=None,
        headers={"Content-Type": "text/html", "X-Imported-From": path.name},
        body=page.data,
        fetched_at=seen_at,
    )
    with store.transaction(db):
        if not article.topic.on_topic:
            store.save_capture(db, fetch, Outcome.OFF_TOPIC, f"imported from {path.name}")
            return Outcome.OFF_TOPIC.value
        outlet = sources.outlet_for(article.outlet)
        key, state = store.save_article(db, article, seen_at, outlet.name if outlet else None)
        store.save_discovery(
            db, store.Discovery(article.url, "import", path.name, article.title), seen_at
        )
        store.link_discoveries(db, [article.url, canonical_url(fetch.url)], key)
        store.save_capture(db, fetch, Outcome.ARTICLE, f"imported from {path.name}", key)
    return state
