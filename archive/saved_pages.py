"""Pages saved from a browser (paywalled stories), imported as if they had been fetched: each
becomes a FetchedPage and takes archive.ingest's road."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive import store
from archive.errors import ArchiveError
from archive.ingest import FetchedPage, classify_page, save_page
from archive.limits import MAX_PAGE_BYTES, read_capped
from archive.outcomes import Outcome
from archive.sources import Sources
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


def extract_saved_page(job: SavedPage) -> FetchedPage:
    """Return the saved page read and classified as a fetched page (runs in a worker process:
    no database); its address is --url, else its canonical link."""
    page = FetchedPage(
        url=job.url or job.path.resolve().as_uri(),
        final_url=None,
        status=None,
        headers={"Content-Type": "text/html", "X-Imported-From": job.path.name},
        body=b"",
        fetched_at=job.imported_at.isoformat(),
        found_via="import",
    )
    try:
        page.body = read_capped(job.path, job.max_bytes)
    except (ArchiveError, OSError) as exc:
        page.outcome, page.reason = Outcome.FAILED, str(exc)
        return page
    classify_page(page, job.phrases, job.events)
    if page.article is not None:
        page.url, page.final_url = job.url or page.article.url, page.article.url
    page.reason = f"imported from {job.path.name}" if page.outcome in STORED else page.reason
    return page


# What an imported page may be stored as; anything else is refused with its reason.
STORED = (Outcome.ARTICLE, Outcome.OFF_TOPIC)


def store_saved_page(
    db: sqlite_utils.Database, job: SavedPage, page: FetchedPage, sources: Sources
) -> str:
    """Store a classified saved page; return "new", "updated", "unchanged" or "off-topic"."""
    if page.outcome not in STORED:
        raise ImportFailed(page.reason or "no article")
    article = page.article
    if article is not None and article.url.startswith("file:"):
        raise ImportFailed("the page has no canonical link: give its address with --url")
    if article is None and page.url.startswith("file:"):
        raise ImportFailed("no topic terms, and no address to keep it under: give --url")
    route = None
    if article is not None:
        route = store.Discovery(article.url, "import", job.path.name, article.title)
    with store.transaction(db):
        save_page(db, page, sources, route)
    return page.stored or Outcome.OFF_TOPIC.value
