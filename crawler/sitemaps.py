"""Sitemap entries with the Google News fields that Scrapy's sitemap parser drops, and the
choice of which entries to fetch by the run windows.

A Google News sitemap (namespace http://www.google.com/schemas/sitemap-news/0.9) gives each
story's headline and publication date; we keep them as the discovery's hints. It lists only
stories of the last two days (developers.google.com, "News sitemaps"), so it reaches no past
run. A large outlet's sitemap index lists its whole archive: only the children and pages that
may fall in a window, or whose address names the topic, are fetched.
"""

from __future__ import annotations

import calendar
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from lxml import etree

from crawler.windows import Window, names_any, parse_day

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
# A sitemap this small is read whole when it dates nothing, and its pages' lastmod may lie any
# time after a window: at most a few thousand requests, about what one run's search brings.
SMALL_SITEMAP_URLS = 2_000
# How long after a window a page's lastmod (the page's last change, sitemaps.org protocol) may
# lie when neither the sitemap's period nor its size bounds the cost. A story's own corrections
# and updates come within weeks; a later lastmod is mostly a site-wide re-save (a template or
# tag change), which would make every page of a big sitemap a candidate of every window before
# it. 60 days keeps a big sitemap's cost to the pages last changed within two months of a window.
MAX_LASTMOD_LAG = timedelta(days=60)


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


def is_news_sitemap(body: bytes) -> bool:
    """Tell whether a sitemap declares the Google News namespace (even when it lists nothing)."""
    head = body[:4096]
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            head = stream.read(4096)
    return NEWS_NS.encode() in head


@dataclass(frozen=True)
class SitemapScope:
    """What a sitemap as a whole says of its pages: the period they were published in (its name,
    or its parent index entry's), whether it is small, and whether it dates any page."""

    period: tuple[date, date] | None = None
    is_small: bool = False
    is_dated: bool = True


def sitemap_scope(
    url: str, entries: list[SitemapEntry], period: tuple[date, date] | None = None
) -> SitemapScope:
    """Return a sitemap's scope: the period its address names, else the one handed down."""
    return SitemapScope(
        address_period(url) or period,
        len(entries) <= SMALL_SITEMAP_URLS,
        any(e.lastmod or e.published for e in entries),
    )


def child_period(entry: SitemapEntry, scope: SitemapScope) -> tuple[date, date] | None:
    """Return the period a child sitemap's pages were published in, as far as its parent says."""
    return address_period(entry.loc) or scope.period


@dataclass(frozen=True)
class Choice:
    """Whether a sitemap entry is fetched, the window it falls in and why."""

    fetch: bool
    window: Window | None
    why: str  # "topic", "date", "term", "undated", "small undated sitemap", "outside windows"


def choose_entry(
    entry: SitemapEntry,
    windows: list[Window],
    phrases: tuple[str, ...],
    scope: SitemapScope | None = None,
) -> Choice:
    """Decide whether a sitemap entry is fetched: by topic in its address, else by its dates.

    A page's day is its address's, else its news publication date. Its lastmod only bounds
    that day from above (a page is changed after it is published), so it may belong to any
    window starting by then: within the sitemap's period when known, else no more than
    MAX_LASTMOD_LAG after the window unless the sitemap is small. A child sitemap holds nothing
    newer than its lastmod. A page with no date is fetched when its address names a run's term,
    or when its sitemap is small and dates nothing at all.
    """
    scope = scope or SitemapScope()
    if names_any(entry.loc, phrases):
        return Choice(True, None, "topic")
    named = address_period(entry.loc)
    published = None if entry.is_sitemap else parse_day(entry.published)
    if named is None and published is not None:
        named = (published, published)
    if named is not None:
        return _by_span(windows, *named)
    lastmod = parse_day(entry.lastmod)
    if lastmod is not None:
        return _by_lastmod(windows, lastmod, scope, entry.is_sitemap)
    if entry.is_sitemap:
        return Choice(True, None, "undated")
    term_window = next((w for w in windows if names_any(entry.loc, w.terms)), None)
    if term_window is not None:
        return Choice(True, term_window, "term")
    if scope.is_small and not scope.is_dated:
        if scope.period is None:
            return Choice(True, None, "small undated sitemap")
        return _by_span(windows, *scope.period)
    return Choice(False, None, "undated")


def _by_span(windows: list[Window], start: date, end: date) -> Choice:
    """Choose an entry published within a span of days: filed under a run window first."""
    held = [w for w in windows if w.overlaps(start, end)]
    if not held:
        return Choice(False, None, "outside windows")
    return Choice(True, next((w for w in held if w.is_run), held[0]), "date")


def _by_lastmod(
    windows: list[Window], lastmod: date, scope: SitemapScope, is_sitemap: bool
) -> Choice:
    """Choose an entry known only to be published by its lastmod (and within the scope)."""
    if scope.period is not None:
        start, end = scope.period
        last = min(end, lastmod) if lastmod >= start else end  # a lastmod before it says nothing
        held = [w for w in windows if w.overlaps(start, last)]
    else:
        bounded = not (is_sitemap or scope.is_small)
        held = [
            w
            for w in windows
            if w.start <= lastmod and not (bounded and lastmod > w.end + MAX_LASTMOD_LAG)
        ]
    if not held:
        return Choice(False, None, "outside windows")
    # The window holding the lastmod first (pages change most near publication), then runs.
    best = min(held, key=lambda w: (not w.holds(lastmod), not w.is_run))
    return Choice(True, best, "date")
