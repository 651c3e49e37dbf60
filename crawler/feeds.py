"""RSS and Atom feeds read with feedparser: item links (guid permalinks, xml:base), dates."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import feedparser


class FeedError(ValueError):
    """A feed URL that answered with something other than a feed (an HTML page, say)."""


@dataclass(frozen=True)
class FeedItem:
    """One feed item: the story's address, its title and the day the feed dates it."""

    url: str
    title: str | None
    published: date | None


def read_feed(body: bytes, url: str, content_type: str | None = None) -> list[FeedItem]:
    """Return a feed's items; raise FeedError when the body is not a feed at all."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    version = getattr(parsed, "version", "")
    if not version and not parsed.entries:
        head = body[:512].lstrip().lower()
        kind = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) else "not a feed"
        raise FeedError(f"{kind}, not RSS or Atom")
    items = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if link:
            title = (entry.get("title") or "").strip() or None
            items.append(FeedItem(link, title, _entry_day(entry)))
    return items


def _entry_link(entry: feedparser.FeedParserDict) -> str | None:
    """Return an entry's story address: its alternate link, else a permalink guid."""
    link = (entry.get("link") or "").strip()
    if link:
        return link
    guid = (entry.get("id") or "").strip()
    if entry.get("guidislink") or guid.startswith(("http://", "https://")):
        return guid or None
    return None


def _entry_day(entry: feedparser.FeedParserDict) -> date | None:
    """Return the day an entry was published (or else updated), in UTC."""
    stamp: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
