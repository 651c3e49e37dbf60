"""Search feeds built from the topic: GDELT DOC 2.0 (ArtList JSON) and Google News RSS.

Both return links and metadata, never text: each hit becomes a lead to fetch. Google News wraps
every link in an encoded redirect; older ids carry the article URL inside their base64, newer
ones do not, and are kept as unresolved leads (title, outlet, date) when no redirect reveals
the article.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

from lxml import etree

from archive.sources import SearchFeed

GOOGLE_NEWS_HOSTS = {"news.google.com"}
FEED_CAP = 100  # a Google News search feed's most items; it has no next page
_URL_IN_BYTES = re.compile(rb"https?://[\x21-\x7e]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_ESCAPE = re.compile(r'\\(?!["\\/bfnrtu])')
# Where Google sends what it will not serve: never a story.
GOOGLE_BLOCK_HOSTS = {"consent.google.com", "consent.youtube.com"}


class SearchResponseError(ValueError):
    """A search service answered with something other than its documented format."""


@dataclass(frozen=True)
class Hit:
    """One search result: a link to fetch (or a lead to keep) and what the service said of it."""

    url: str
    title: str | None
    outlet: str | None
    published: str | None  # YYYY-MM-DD
    resolved: bool = True


def search_urls(
    search: SearchFeed,
    phrases: tuple[str, ...],
    start: date | None = None,
    end: date | None = None,
) -> list[str]:
    """Return the request URLs that query a search service for the topic phrases.

    With a window, Google News is asked with `after:`/`before:` (the day before the start and
    the day after the end: both operators exclude their day).
    """
    quoted = [f'"{phrase}"' for phrase in phrases]
    if search.kind == "gdelt":
        query = quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})"
        params = {
            "query": query,
            "mode": "ArtList",
            "format": "json",
            "maxrecords": search.max_records,
            "timespan": search.timespan,
            "sort": "DateDesc",
        }
        return [f"{search.url}?{urlencode(params)}"]
    urls = []
    dates = ""
    if start is not None and end is not None:
        after, before = start - timedelta(days=1), end + timedelta(days=1)
        dates = f" after:{after.isoformat()} before:{before.isoformat()}"
    for edition in search.editions:
        language, country = edition.split(":")
        params = {
            "q": " OR ".join(quoted) + dates,
            "hl": language,
            "gl": country,
            "ceid": f"{country}:{ceid_language(language)}",
        }
        urls.append(f"{search.url}?{urlencode(params)}")
    return urls


def _load_json(text: str) -> object:
    """Return JSON read tolerantly: GDELT titles may hold control characters or bad escapes."""
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        cleaned = _BAD_ESCAPE.sub(r"\\\\", _CONTROL.sub(" ", text))
        return json.loads(cleaned, strict=False)


def ceid_language(language: str) -> str:
    """Return the language part of Google News' ceid: "en" for en-US, "es-419" kept whole."""
    base, _, region = language.partition("-")
    return base if region.isalpha() else language


def parse_gdelt(body: bytes) -> Iterator[Hit]:
    """Yield the articles of a GDELT DOC 2.0 ArtList JSON response."""
    try:
        data = _load_json(body.decode("utf-8-sig", errors="replace") or "{}")
    except json.JSONDecodeError as exc:
        first_line = body[:120].decode("utf-8", "replace").splitlines()[0:1]
        raise SearchResponseError(
            f"not ArtList JSON: {first_line[0] if first_line else ''!r}"
        ) from exc
    if not isinstance(data, dict):
        raise SearchResponseError("not ArtList JSON: not an object")
    for article in data.get("articles") or []:
        url = (article.get("url") or "").strip()
        if not url.startswith(("http://", "https://")):
            continue
        yield Hit(
            url=url,
            title=(article.get("title") or "").strip() or None,
            outlet=(article.get("domain") or "").strip() or None,
            published=_gdelt_date(article.get("seendate") or ""),
        )


def _gdelt_date(seendate: str) -> str | None:
    """Return YYYY-MM-DD from GDELT's seendate (20250714T183000Z)."""
    try:
        return datetime.strptime(seendate, "%Y%m%dT%H%M%SZ").date().isoformat()
    except ValueError:
        return None


def parse_google_news(body: bytes, feed_url: str) -> Iterator[Hit]:
    """Yield the items of a Google News RSS search feed, decoding links where possible.

    An item link on the feed's own host is one of the service's redirects.
    """
    feed_host = urlsplit(feed_url).netloc
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise SearchResponseError(f"not an RSS feed ({exc})") from exc
    if root is None or root.find("channel") is None:
        raise SearchResponseError("not an RSS feed")
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        if not link:
            continue
        source = item.find("source")
        outlet = source.text.strip() if source is not None and source.text else None
        title = (item.findtext("title") or "").strip()
        if outlet and title.endswith(f" - {outlet}"):
            title = title[: -len(outlet) - 3]
        redirect = is_google_news(link) or urlsplit(link).netloc == feed_host
        decoded = decode_google_news_link(link) if redirect else None
        yield Hit(
            url=decoded or link,
            title=title or None,
            outlet=(source.get("url") if source is not None else None) or outlet,
            published=_rss_date(item.findtext("pubDate") or ""),
            resolved=decoded is not None or not redirect,
        )


def _rss_date(value: str) -> str | None:
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def is_google_block(url: str) -> bool:
    """Tell whether a URL is Google's consent or "sorry" page rather than a story."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return host in GOOGLE_BLOCK_HOSTS or (
        host.endswith("google.com") and parts.path.startswith("/sorry")
    )


def is_block_page(url: str) -> bool:
    """Tell whether an address is Google's "sorry" or consent page, on any of its hosts."""
    return is_google_block(url) or urlsplit(url).path.startswith("/sorry")


def is_google_news(url: str) -> bool:
    """Tell whether a URL is a Google News redirect rather than the outlet's page."""
    return (urlsplit(url).hostname or "") in GOOGLE_NEWS_HOSTS


def decode_google_news_link(url: str) -> str | None:
    """Return the article URL inside a Google News link's id, when the id carries it."""
    path = urlsplit(url).path
    if "/articles/" not in path:
        return None
    token = path.rsplit("/articles/", 1)[1].split("/")[0]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    match = _URL_IN_BYTES.search(raw)
    return match.group().decode("ascii") if match else None
