"""Pages saved from a browser (paywalled stories), imported as if they had been fetched."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive import store
from archive.outcomes import Outcome
from archive.sources import Sources
from extract import NotAnArticle, canonical_url, extract_article


class ImportFailed(ValueError):
    """A saved page that cannot be imported; the message says why."""


def import_saved_page(
    db: sqlite_utils.Database,
    path: Path,
    url: str | None,
    sources: Sources,
    data: bytes | None = None,
) -> str:
    """Store a saved page's capture and, when it covers the topic, its article.

    data is the page's bytes when already read (and gunzipped) within limits.
    Returns what became of it: "new", "updated", "unchanged" or "off-topic".
    """
    if data is None:
        data = path.read_bytes()
        if path.suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                raise ImportFailed(f"not a gzip file ({exc})") from exc
    placeholder = path.resolve().as_uri()
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        article = extract_article(
            data, url or placeholder, now, phrases=sources.phrases, events=sources.events
        )
    except NotAnArticle as exc:
        raise ImportFailed(str(exc)) from exc
    if article.url.startswith("file:"):
        raise ImportFailed("the page has no canonical link: give its address with --url")
    seen_at = now.isoformat()
    fetch = store.Fetch(
        url=url or article.url,
        final_url=article.url,
        status=None,
        headers={"Content-Type": "text/html", "X-Imported-From": path.name},
        body=data,
        fetched_at=seen_at,
    )
    with db.conn:
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
