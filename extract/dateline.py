"""Dates written for readers: the dateline shown near the headline, and dates in prose.

Both are read with dateparser in the page's language. A day written all in numbers is month
first only in American English; a dotted day ("03.02.2022") is day first everywhere.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any

from lxml.html import HtmlElement

from extract.language import normalize_language

# Class, id or itemprop words of an element that shows a story's date (en, de, es, fr, it, pt).
_DATE_MARK = re.compile(
    r"date|time|publi|posted|byline|author|info|meta|datum|fecha|zeit|data|stamp", re.I
)
# Containers whose dates belong to other stories or to readers' comments, not to this story.
_ELSEWHERE = re.compile(
    r"^(comments?|related|sidebar|teasers?|footer|widgets?|recommend\w*|aside|nav|navigation|"
    r"menu|reply|respond|similar|popular|trending|weitere|calendar|kalender)$",
    re.I,
)
_ELSEWHERE_TAGS = frozenset({"footer", "aside", "nav"})
# Words that mark a shown date as an update rather than the first publication.
_UPDATE_WORD = re.compile(
    r"updat|modif|edit|aktualisiert|geändert|actualiz|mis à jour|aggiornat|atualizad", re.I
)
# A day written with its year, in the shapes news pages use; dateparser reads the words.
_WRITTEN_DAY = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{4}\b"
    r"|\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+|del\s+)?\d{4}\b"
    r"|\b[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
_NUMERIC_DAY = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
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
MAX_DATELINE_CHARS = 150
_DATELINE_TAGS = (
    *("time", "span", "div", "p", "li", "small", "em", "abbr", "a", "dd", "header", "strong", "b"),
)
EARLIEST_YEAR = 1990


@cache
def _dateparser() -> Any:
    """Return dateparser, imported once: its first import and call are slow."""
    import dateparser

    return dateparser


def _marks(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"


def _elsewhere(element: HtmlElement) -> bool:
    """Tell whether an element sits in a comment thread, a sidebar, a footer or a teaser list."""
    while element is not None and element.tag not in ("body", "html"):
        if element.tag in _ELSEWHERE_TAGS:
            return True
        words = re.split(r"[\s_-]+", f"{element.get('class', '')} {element.get('id', '')}")
        if any(_ELSEWHERE.match(word) for word in words if word):
            return True
        element = element.getparent()
    return False


def _dateline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Return the small date-marked elements of the story: after the headline first, then
    those before it, nearest first."""
    marked = [
        e
        for e in tree.iter(*_DATELINE_TAGS)
        if (e.tag == "time" or _DATE_MARK.search(_marks(e))) and not _elsewhere(e)
    ]
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return marked
    order = {e: i for i, e in enumerate(tree.iter())}
    start = order.get(headline, 0)
    before = [e for e in marked if order[e] < start]
    return [e for e in marked if order[e] >= start] + before[::-1]


def dateline_date(
    tree: HtmlElement, language: str | None = None, relative_base: datetime | None = None
) -> str | None:
    """Return the publication day the page shows its readers, skipping "updated" dates."""
    declared = (tree.get("lang") or "").strip().lower().replace("_", "-")
    language = language or normalize_language(declared)
    month_first = declared in ("", "en", "en-us")
    for element in _dateline_elements(tree):
        text = " ".join(" ".join(element.itertext()).split())
        if not 6 <= len(text) <= MAX_DATELINE_CHARS or _UPDATE_WORD.search(_marks(element)):
            continue
        for match in _WRITTEN_DAY.finditer(text):
            if _UPDATE_WORD.search(text[max(0, match.start() - 30) : match.start()]):
                continue
            day = parse_written_day(match.group(), language, relative_base, month_first)
            if day and _plausible(day, relative_base):
                return day
    return None


def _plausible(day: str, relative_base: datetime | None) -> bool:
    """Tell whether a shown day could be a publication day: not before the web, not to come."""
    latest = (relative_base or datetime.now()).strftime("%Y-%m-%d")
    return f"{EARLIEST_YEAR}" <= day <= latest


def parse_written_day(
    written: str,
    language: str | None = None,
    relative_base: datetime | None = None,
    month_first: bool = False,
) -> str | None:
    """Return the YYYY-MM-DD of a day written out in the given language, or None."""
    iso = _ISO_DAY.fullmatch(written)
    if iso:
        try:
            return datetime(*(int(g) for g in iso.groups())).strftime("%Y-%m-%d")
        except ValueError:
            return None
    settings: dict[str, Any] = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RELATIVE_BASE": (relative_base or datetime.now()).replace(tzinfo=None),
    }
    if _NUMERIC_DAY.fullmatch(written):
        settings["DATE_ORDER"] = "MDY" if month_first and "." not in written else "DMY"
    try:
        parsed = _dateparser().parse(written, languages=[language or "en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.strftime("%Y-%m-%d") if parsed else None


def extract_text_date(
    text: str, language: str | None = None, relative_base: datetime | None = None
) -> str | None:
    """Return the first date written in prose (e.g. "date 2026-03-01", "1 de marzo de 2026")."""
    match = _PROSE_DATE.search(text)
    if not match:
        return None
    written = next(g for g in match.groups() if g)
    if _ISO_DAY.fullmatch(written):
        return parse_written_day(written)
    settings: dict[str, Any] = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base.replace(tzinfo=None)
    languages = [lang for lang in dict.fromkeys([language, "en", "es"]) if lang]
    parsed = _dateparser().parse(written, languages=languages, settings=settings)
    return parsed.strftime("%Y-%m-%d") if parsed else None
