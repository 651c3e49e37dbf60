"""Sitemap entries with the Google News fields that Scrapy's sitemap parser drops, and the
choice of which entries to fetch by the run windows.

A Google News sitemap (namespace http://www.google.com/schemas/sitemap-news/0.9) gives each
story's headline and publication date; we keep them as the discovery's hints. A large outlet's
sitemap index lists its whole archive: only the children and pages dated in a window, or whose
address names the topic, are fetched.
"""

from __future__ import annotations

import calendar
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from lxml import etree

from crawler.windows import Window, names_any, parse_day

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


@dataclass(frozen=True)
class SitemapEntry:
    """One <loc> of a sitemap or sitemap index, with Google News hints when present."""

    loc: str
    is_sitemap: bool  # an index's child sitemap rather than a page
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    lastmod: str | None = None


def sitemap_body(body: bytes) -> bytes:
    """Return a sitemap's XML, gunzipping it (bounded, against gzip bombs)."""
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError("sitemap larger than 50 MB uncompressed")
    return data


def iter_sitemap(body: bytes) -> Iterator[SitemapEntry]:
    """Yield the entries of a sitemap or sitemap index, gzip or not."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, huge_tree=False)
    root = etree.fromstring(sitemap_body(body), parser=parser)
    if root is None:
        return
    is_index = etree.QName(root).localname == "sitemapindex"
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname not in ("url", "sitemap"):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = next(
            (c for c in node if isinstance(c.tag, str) and c.tag == f"{{{NEWS_NS}}}news"), None
        )
        yield SitemapEntry(
            loc=loc,
            is_sitemap=is_index,
            title=_child_text(news, "title") if news is not None else None,
            published=(_child_text(news, "publication_date") or "")[:10] or None
            if news is not None
            else None,
            lastmod=(_child_text(node, "lastmod") or "")[:10] or None,
        )


def _child_text(node: etree._Element, name: str) -> str | None:
    """Return the stripped text of the first child with this local name, whatever namespace."""
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip() or None
    return None


# A day or a month named in an address: /2025/07/14/, 2025-07-14, sitemap-2025-07.xml,
# post-sitemap_2025_07, ?yyyy=2025&mm=07. A year alone names too long a span to choose by.
_DAY_IN_ADDRESS = re.compile(
    r"(?<!\d)(20\d\d)[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_MONTH_IN_ADDRESS = re.compile(r"(?<!\d)(20\d\d)[-/_.](0[1-9]|1[0-2])(?![\d])")
_MONTH_IN_QUERY = re.compile(r"yyyy=(20\d\d)&mm=(0[1-9]|1[0-2])")


def address_period(url: str) -> tuple[date, date] | None:
    """Return the day, or first and last day of the month, that an address names, if any."""
    path = urlsplit(url).path + "?" + urlsplit(url).query
    day = _DAY_IN_ADDRESS.search(path)
    if day is not None:
        try:
            found = date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            found = None
        if found is not None:
            return found, found
    month = _MONTH_IN_ADDRESS.search(path) or _MONTH_IN_QUERY.search(path)
    if month is None:
        return None
    year, number = int(month[1]), int(month[2])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


@dataclass(frozen=True)
class Choice:
    """Whether a sitemap entry is fetched, the window it falls in and why."""

    fetch: bool
    window: Window | None
    why: str  # "topic", "date", "term", "undated", "outside windows"


def choose_entry(entry: SitemapEntry, windows: list[Window], phrases: tuple[str, ...]) -> Choice:
    """Decide whether a sitemap entry is fetched: by topic in its address, else by its date.

    A child sitemap's period (its name, else its lastmod: it holds nothing newer) must overlap
    a window; a page's day (its address, its news date, else its lastmod) must fall in one. A
    page with no day at all is fetched when its address names a run's term.
    """
    if names_any(entry.loc, phrases):
        return Choice(True, None, "topic")
    period = address_period(entry.loc)
    if period is None and entry.is_sitemap:
        lastmod = parse_day(entry.lastmod)
        if lastmod is None:
            return Choice(True, None, "undated")
        held = [w for w in windows if lastmod >= w.start]
        return Choice(bool(held), held[0] if held else None, "date" if held else "outside windows")
    if period is None:
        day = parse_day(entry.published) or parse_day(entry.lastmod)
        period = (day, day) if day else None
    if period is None:
        term_window = next((w for w in windows if names_any(entry.loc, w.terms)), None)
        if term_window is not None:
            return Choice(True, term_window, "term")
        return Choice(False, None, "undated")
    held = [w for w in windows if w.overlaps(*period)]
    if not held:
        return Choice(False, None, "outside windows")
    return Choice(True, next((w for w in held if w.is_run), held[0]), "date")
