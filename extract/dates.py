"""When a story was first published: page metadata first, then the URL, htmldate, then prose.

Sources, most reliable first: "json-ld" (datePublished), "meta" (article:published_time and
kin), "time-element" (<time datetime> marked as the publication time), "url" (/YYYY/MM/DD/),
"htmldate" (its heuristics over the whole page), "text" (a dateline or date written in the
opening prose, read with dateparser), "none".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

CONFIDENCE = {
    "json-ld": 0.95,
    "meta": 0.9,
    "time-element": 0.85,
    "url": 0.85,
    "htmldate": 0.8,
    "text": 0.6,
    "none": 0.0,
}
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
_URL_DAY = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_])")
_MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTHS_ES = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre"
)
# Dates as news prose writes them; tried in order, the earliest match in the text wins.
_PROSE_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|\b((?:{_MONTHS_EN})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b"
    rf"|\b(\d{{1,2}} (?:{_MONTHS_EN}) \d{{4}})\b"
    rf"|\b(\d{{1,2}} de (?:{_MONTHS_ES})(?: de(?:l)?)? \d{{4}})\b"
    rf"|\b((?:{_MONTHS_EN}|{_MONTHS_ES})(?: de(?:l)?)? \d{{4}})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PublishedDate:
    """A publication day, where it came from and how far to trust it."""

    date: str | None
    source: str
    confidence: float
    modified: str | None = None


def _day(value: Any) -> str | None:
    """Return the YYYY-MM-DD at the start of an ISO-like date string, if it is a real day."""
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.search(value.strip()[:30])
    if not match:
        return None
    try:
        return datetime(*(int(g) for g in match.groups())).strftime("%Y-%m-%d")
    except ValueError:
        return None


def _json_ld_items(tree: HtmlElement) -> list[dict[str, Any]]:
    """Return every JSON-LD object on the page, nested graphs flattened."""
    items: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            stack = [json.loads(script)]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph" or k == "mainEntity")
    return items


def _json_ld_date(tree: HtmlElement, key: str) -> str | None:
    """Return a date field of the page's article-like JSON-LD object."""
    for item in _json_ld_items(tree):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(
            isinstance(k, str) and ("Article" in k or k in ("WebPage", "BlogPosting", "Report"))
            for k in kinds
        ):
            day = _day(item.get(key))
            if day:
                return day
    return None


def _meta_date(tree: HtmlElement, names: tuple[str, ...]) -> str | None:
    """Return the first date among meta tags with the given names or properties."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in names and name not in found:
            day = _day(meta.get("content"))
            if day:
                found[name] = day
    return next((found[n] for n in names if n in found), None)


def _time_element_date(tree: HtmlElement) -> str | None:
    """Return the datetime of a <time> marked as the publication time."""
    for time in tree.xpath(
        '//time[@pubdate or @itemprop="datePublished" or contains(@class, "publish")][@datetime]'
    ):
        day = _day(time.get("datetime"))
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


def extract_published(
    html: str | bytes | HtmlElement, url: str | None = None, language: str | None = None
) -> PublishedDate:
    """Return the original publication day of a page and where it was found."""
    tree = html if isinstance(html, HtmlElement) else load_html(html)
    if tree is None:
        return PublishedDate(None, "none", 0.0)
    modified = _json_ld_date(tree, "dateModified") or _meta_date(tree, MODIFIED_META)
    candidates = (
        (
            "json-ld",
            lambda: _json_ld_date(tree, "datePublished") or _json_ld_date(tree, "dateCreated"),
        ),
        ("meta", lambda: _meta_date(tree, PUBLISHED_META)),
        ("time-element", lambda: _time_element_date(tree)),
        ("url", lambda: _url_date(url)),
        ("htmldate", lambda: _htmldate(tree, url)),
    )
    for source, find in candidates:
        day = find()
        if day:
            return PublishedDate(
                day, source, CONFIDENCE[source], modified if modified != day else None
            )
    return PublishedDate(None, "none", 0.0, modified)


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    """Return htmldate's original-date guess, or None."""
    try:
        return find_date(tree, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError):
        return None


@cache
def _dateparser() -> Any:
    """Return dateparser, imported once: its first import and call are slow."""
    import dateparser

    return dateparser


def extract_text_date(
    text: str, language: str | None = None, relative_base: datetime | None = None
) -> str | None:
    """Return the first date written in prose (e.g. "date 2026-03-01", "1 de marzo de 2026")."""
    match = _PROSE_DATE.search(text)
    if not match:
        return None
    written = next(g for g in match.groups() if g)
    if _ISO_DAY.fullmatch(written):
        return _day(written)
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base.replace(tzinfo=None)
    languages = [lang for lang in dict.fromkeys([language, "en", "es"]) if lang]
    parsed = _dateparser().parse(written, languages=languages, settings=settings)
    return parsed.strftime("%Y-%m-%d") if parsed else None
