"""When a story was first published: every date source on the page votes for a day.

Sources: "url" (/YYYY/MM/DD/), "dateline" (the date shown to readers near the headline),
"json-ld" (datePublished), "meta" (article:published_time and kin), "time-element" (<time
datetime> marked as the publication time), "htmldate" (its heuristics over the whole page);
"text" (a date in the opening prose) is the last resort and "none" means nothing was found.
Sources err on different pages (a CMS stamps the UTC day, a URL keeps the day a draft was
started, htmldate picks a sidebar date), so the day with the most weight wins, a tie going to
the surer source; bench/dates.py measures each source and the vote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from htmldate import find_date
from lxml.html import HtmlElement

from extract.date_languages import limit_htmldate_languages
from extract.dateline import dateline_date, extract_text_date
from extract.json_ld import json_ld_documents, json_ld_scripts
from extract.parsing import load_html

limit_htmldate_languages()

__all__ = [
    "PublishedDate",
    "date_candidates",
    "extract_published",
    "published_in_prose",
]

# Votes per source, surest first: a URL day is rarely wrong, a reader-facing dateline seldom,
# the machine-readable stamps often sit a time zone away, htmldate only breaks ties.
WEIGHTS = {
    "url": 5,
    "dateline": 3,
    "json-ld": 2,
    "meta": 2,
    "time-element": 2,
    "htmldate": 1,
}
# How often each source alone names the labelled day (bench/dates.py); "text" is a guess.
PRECISION = {
    "url": 0.96,
    "dateline": 0.95,
    "json-ld": 0.91,
    "meta": 0.93,
    "time-element": 0.93,
    "htmldate": 0.90,
    "text": 0.6,
}
# How much of a story's opening text a dateline is looked for in.
PROSE_OPENING_CHARS = 600
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
    "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A timestamp in UTC ("Z" or a zero offset); group 1 is the time of day.
_UTC_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]00:?00)$")
_OFFSET = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?([+-])(\d{2}):?(\d{2})\b")
_URL_DAY = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_])")


@dataclass(frozen=True)
class PublishedDate:
    """A publication day, where it came from and how far to trust it."""

    date: str | None
    source: str
    confidence: float
    modified: str | None = None


def _day(value: Any, offset: timedelta | None = None) -> str | None:
    """Return the YYYY-MM-DD at the start of an ISO-like date string, if it is a real day.

    A UTC time is first moved to the publisher's offset when the page shows one: readers (and
    the URL) see the local day, and a story posted at 00:30 in Berlin is 23:30 UTC the day before.
    """
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.search(value.strip()[:30])
    if not match:
        return None
    try:
        day = datetime(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    stamp = _UTC_STAMP.match(value.strip()) if offset else None
    if stamp and offset and stamp.group(1) not in ("00:00", "00:00:00"):
        day = datetime.fromisoformat(f"{match.group()}T{stamp.group(1)}") + offset
    return day.strftime("%Y-%m-%d")


def _page_offset(tree: HtmlElement) -> timedelta | None:
    """Return the most common non-UTC offset among the page's machine-readable timestamps."""
    texts = [
        *json_ld_scripts(tree),
        *tree.xpath("//meta/@content"),
        *tree.xpath("//time/@datetime"),
    ]
    offsets = Counter(
        (-1 if sign == "-" else 1) * timedelta(hours=int(hours), minutes=int(minutes))
        for text in texts
        for sign, hours, minutes in _OFFSET.findall(text)
        if hours != "00" or minutes != "00"
    )
    return offsets.most_common(1)[0][0] if offsets else None


def _json_ld_items(tree: HtmlElement) -> list[dict[str, Any]]:
    """Return every JSON-LD object on the page, nested graphs flattened."""
    items: list[dict[str, Any]] = []
    for document in json_ld_documents(tree):
        stack = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph" or k == "mainEntity")
    return items


def _json_ld_date(tree: HtmlElement, key: str, offset: timedelta | None = None) -> str | None:
    """Return a date field of the page's article-like JSON-LD object."""
    for item in _json_ld_items(tree):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(
            isinstance(k, str) and ("Article" in k or k in ("WebPage", "BlogPosting", "Report"))
            for k in kinds
        ):
            day = _day(item.get(key), offset)
            if day:
                return day
    return None


def _meta_date(
    tree: HtmlElement, names: tuple[str, ...], offset: timedelta | None = None
) -> str | None:
    """Return the first date among meta tags with the given names or properties."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in names and name not in found:
            day = _day(meta.get("content"), offset)
            if day:
                found[name] = day
    return next((found[n] for n in names if n in found), None)


def _time_element_date(tree: HtmlElement, offset: timedelta | None = None) -> str | None:
    """Return the datetime of a <time> marked as the publication time."""
    for time in tree.xpath(
        '//time[@pubdate or @itemprop="datePublished" or contains(@class, "publish")][@datetime]'
    ):
        day = _day(time.get("datetime"), offset)
        if day:
            return day
    return None


def _url_date(url: str | None) -> str | None:
    """Return the day written in a URL path, like /2025/07/12/."""
    match = _URL_DAY.search(url or "")
    if not match:
        return None
    try:
        return datetime(*(int(g) for g in match.groups())).strftime("%Y-%m-%d")
    except ValueError:
        return None


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    """Return htmldate's original-date guess, or None."""
    try:
        return find_date(tree, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError):
        return None


def date_candidates(
    tree: HtmlElement,
    url: str | None = None,
    language: str | None = None,
    relative_base: datetime | None = None,
    offset: timedelta | Literal["unread"] | None = "unread",
) -> dict[str, str | None]:
    """Return the day each source names, so the vote (and the benchmark) can compare them.

    offset: the page's time-zone offset (None: it shows none), when the caller has read it.
    """
    offset = _page_offset(tree) if offset == "unread" else offset
    return {
        "url": _url_date(url),
        "dateline": dateline_date(tree, language, relative_base, url),
        "json-ld": _json_ld_date(tree, "datePublished", offset)
        or _json_ld_date(tree, "dateCreated", offset),
        "meta": _meta_date(tree, PUBLISHED_META, offset),
        "time-element": _time_element_date(tree, offset),
        "htmldate": _htmldate(tree, url),
    }


def choose_published(candidates: dict[str, str | None]) -> tuple[str | None, str, float]:
    """Return the day with the most weight behind it, its surest source and a confidence.

    The confidence is the chance that not every supporting source is wrong, scaled by the share
    of the weight that agrees.
    """
    support: dict[str, list[str]] = {}
    for source in WEIGHTS:
        day = candidates.get(source)
        if day:
            support.setdefault(day, []).append(source)
    if not support:
        return None, "none", 0.0
    weight = {day: sum(WEIGHTS[s] for s in sources) for day, sources in support.items()}
    # Dict order is the order of WEIGHTS, so max() keeps the surer source's day on a tie.
    day = max(weight, key=lambda d: weight[d])
    all_wrong = 1.0
    for source in support[day]:
        all_wrong *= 1 - PRECISION[source]
    share = weight[day] / sum(weight.values())
    return day, support[day][0], round((1 - all_wrong) * share, 2)


def extract_published(
    html: str | bytes | HtmlElement,
    url: str | None = None,
    language: str | None = None,
    text: str | None = None,
    fetched_at: datetime | None = None,
) -> PublishedDate:
    """Return the original publication day of a page, where it was found and the last update.

    The article's text, when given, is the last resort: a date in its opening.
    """
    tree = html if isinstance(html, HtmlElement) else load_html(html)
    if tree is None:
        return PublishedDate(None, "none", 0.0)
    offset = _page_offset(tree)
    modified = _json_ld_date(tree, "dateModified", offset) or _meta_date(
        tree, MODIFIED_META, offset
    )
    candidates = date_candidates(tree, url, language, fetched_at, offset)
    day, source, confidence = choose_published(candidates)
    if day is None and text:
        prose = published_in_prose(text, language, fetched_at)
        day, source, confidence = prose.date, prose.source, prose.confidence
    return PublishedDate(day, source, confidence, modified if modified != day else None)


def published_in_prose(
    text: str, language: str | None = None, fetched_at: datetime | None = None
) -> PublishedDate:
    """Return the date written in the opening of a story's text (a dateline), if any."""
    day = extract_text_date(text[:PROSE_OPENING_CHARS], language, fetched_at)
    return (
        PublishedDate(day, "text", PRECISION["text"]) if day else PublishedDate(None, "none", 0.0)
    )
