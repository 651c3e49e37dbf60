"""Dates written for readers: the dateline shown near the headline, and dates in prose.

Both are read with dateparser in the page's language. A day written all in numbers is month
first only in American English; a dotted day ("03.02.2022") is day first everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from extract.language import normalize_language

# Class, id or itemprop words of an element that shows a story's date (en, de, es, fr, it, pt),
# found anywhere in them, whatever the case.
_DATE_MARKS = (
    *("date", "time", "publi", "posted", "byline", "author", "info", "meta", "datum", "fecha"),
    *("zeit", "data", "stamp"),
)
# Containers whose dates belong to other stories or to readers' comments, not to this story
# (whole class or id words: "comment-list", "relatedStories", "sidebar2").
_ELSEWHERE = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|related\w*|sidebar\w*|teasers?|footer|widgets?"
    r"|recommend\w*|aside|nav|navigation|menu|reply|respond|similar|popular|trending|weitere"
    r"|calendar|kalender)(?=$|[\s_-])",
    re.I,
)
# Footers, sidebars, menus, and embedded posts (a quoted tweet carries its own date).
_ELSEWHERE_TAGS = frozenset({"footer", "aside", "nav", "blockquote", "iframe"})
# A kind of element that shows this many different days is a list of stories, not a dateline.
LIST_DAYS = 3
HEADLINE_MIN_WORDS = 2
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
# A day the page itself calls the publication day, wherever it stands ("Erschienen am: 01.11.2023").
_PUBLISHED_PHRASE = re.compile(
    r"\b(?:(?:first )?published(?: on)?|posted(?: on)?|veröffentlicht(?: am)?|erschienen(?: am)?"
    r"|erstellt(?: am)?|publiziert(?: am)?|publicad[oa](?: el| en)?|publié(?:e)?(?: le)?"
    r"|pubblicat[oa](?: il)?)\s*:?\s*(?:[^\W\d_]{3,10},?\s+)?(" + _WRITTEN_DAY.pattern + ")",
    re.IGNORECASE,
)
# What the phrase can start with (lowered), and how long it can be.
_PUBLISHED_KEYWORDS = (
    *("published", "posted", "veröffentlicht", "erschienen", "erstellt", "publiziert"),
    *("publicad", "publié", "pubblicat"),
)
_PHRASE_SPAN = 120
# The page's words, without its scripts and styles (whose text, never elements, is all they
# hold in parsed HTML: asking for the parent is enough, and cheaper than any ancestor).
_BODY_TEXT = XPath(
    "//body//text()[not(parent::script) and not(parent::style)]", smart_strings=False
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
# Country domains where English writes the day first (07/12/2025 is 7 December).
DAY_FIRST_ENGLISH_DOMAINS = (
    *(".uk", ".ie", ".au", ".nz", ".in", ".za", ".sg", ".my", ".pk", ".ng", ".ke", ".gh"),
)


# How dateparser reads a shown day: a missing day of the month is the first, never in the future.
_READ_AS_PAST = {
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@cache
def _dateparser() -> Any:
    """Return dateparser, imported once: its first import and call are slow."""
    import dateparser

    return dateparser


def _marks(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"


def _date_marked(element: HtmlElement) -> bool:
    """Tell whether an element's class, id or itemprop names a date, a byline or the like."""
    attributes = element.attrib
    if "class" not in attributes and "id" not in attributes and "itemprop" not in attributes:
        return False
    return _names_a_date(_marks(element))


@lru_cache(maxsize=8192)
def _names_a_date(marks: str) -> bool:
    """Tell whether class, id and itemprop words name a date (pages repeat their class names)."""
    lowered = marks.lower()
    return any(mark in lowered for mark in _DATE_MARKS)


def _elsewhere(element: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Tell whether an element sits in a comment thread, a sidebar, a footer or a teaser list.

    known: the answers for elements already asked about, which their descendants reuse.
    """
    path = []
    found = False
    while element is not None and element.tag not in ("body", "html"):
        if element in known:
            found = known[element]
            break
        path.append(element)
        if element.tag in _ELSEWHERE_TAGS or _ELSEWHERE.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        ):
            found = True
            break
        element = element.getparent()
    for seen in path:
        known[seen] = found
    return found


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """Return the story's headline: the first h1 with words in it (a logo's h1 has none)."""
    return next(
        (h for h in tree.iter("h1") if len(h.text_content().split()) >= HEADLINE_MIN_WORDS), None
    )


def _short_text(element: HtmlElement, limit: int = MAX_DATELINE_CHARS) -> str | None:
    """Return the element's text with spaces normalised, or None as soon as it is plainly
    longer than limit (a container of the whole story is not read to its end)."""
    pieces, letters = [], 0
    for piece in element.itertext():
        letters += len("".join(piece.split()))
        if letters > limit:
            return None
        pieces.append(piece)
    text = " ".join(" ".join(pieces).split())
    return text if len(text) <= limit else None


def _in_lists(shown: list[tuple[HtmlElement, str]]) -> set[HtmlElement]:
    """Return the elements whose kind (tag and class) shows several different days: teasers."""
    days: dict[tuple[str, str], set[str]] = {}
    for element, text in shown:
        kind = (element.tag, element.get("class", ""))
        days.setdefault(kind, set()).update(m.group() for m in _WRITTEN_DAY.finditer(text))
    return {e for e, _ in shown if len(days[(e.tag, e.get("class", ""))]) >= LIST_DAYS}


def _dateline_elements(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Return the small date-marked elements of the story with their text: after the headline
    first, then those before it, nearest first; teaser lists last."""
    headline = _headline(tree)
    before: list[tuple[HtmlElement, str]] = []
    after: list[tuple[HtmlElement, str]] = []
    found = before if headline is not None else after
    known: dict[HtmlElement, bool] = {}
    # In document order, the headline (an h1) among them, so that its place splits them.
    for element in tree.iter(*_DATELINE_TAGS, "h1"):
        if element is headline:
            found = after
        if element.tag == "h1" or (element.tag != "time" and not _date_marked(element)):
            continue
        text = _short_text(element)
        if text is not None and len(text) >= 6 and not _elsewhere(element, known):
            found.append((element, text))
    shown = after + before[::-1]
    lists = _in_lists(shown)
    return [p for p in shown if p[0] not in lists] + [p for p in shown if p[0] in lists]


def _text_before(element: HtmlElement, chars: int = 30) -> str:
    """Return the last characters of the parent's text before this element ("Updated: ")."""
    parent = element.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for child in parent:
        if child is element:
            break
        parts.append(child.text_content() + (child.tail or ""))
    return " ".join("".join(parts).split())[-chars:]


def _month_first(declared: str, url: str | None) -> bool:
    """Tell whether all-number days on the page put the month first: American English only,
    so a plain "en" page on a British, Irish or Australian site is read day first."""
    if declared == "en-us":
        return True
    host = urlsplit(url or "").hostname or ""
    return declared in ("", "en") and not host.endswith(DAY_FIRST_ENGLISH_DOMAINS)


def dateline_date(
    tree: HtmlElement,
    language: str | None = None,
    relative_base: datetime | None = None,
    url: str | None = None,
) -> str | None:
    """Return the publication day the page shows its readers, preferring it to "updated" days."""
    declared = (tree.get("lang") or "").strip().lower().replace("_", "-")
    language = language or normalize_language(declared)
    month_first = _month_first(declared, url)
    phrased = _published_phrase_day(tree, language, relative_base, month_first)
    if phrased:
        return phrased
    updated = None
    for element, text in _dateline_elements(tree):
        for match in _WRITTEN_DAY.finditer(text):
            day = parse_written_day(match.group(), language, month_first)
            if not day or not _plausible(day, relative_base):
                continue
            before = (_text_before(element) + " " + text[: match.start()])[-40:]
            if not _UPDATE_WORD.search(before) and not _UPDATE_WORD.search(_marks(element)):
                return day
            updated = updated or day
    # A page that shows only an "updated" day most often shows the day it went up.
    return updated


def _plausible(day: str, relative_base: datetime | None) -> bool:
    """Tell whether a shown day could be a publication day: not before the web, not to come."""
    latest = (relative_base or datetime.now()).strftime("%Y-%m-%d")
    return f"{EARLIEST_YEAR}" <= day <= latest


def _published_phrase_day(
    tree: HtmlElement, language: str | None, relative_base: datetime | None, month_first: bool
) -> str | None:
    """Return the day the page's text introduces as the publication day, if it does; a page
    that says "published on" before many different days is listing other stories."""
    text = " ".join(" ".join(_BODY_TEXT(tree)).split())
    written = list(dict.fromkeys(_published_phrases(text)))
    if len(written) >= LIST_DAYS:
        return None
    for day in (parse_written_day(w, language, month_first) for w in written):
        if day and _plausible(day, relative_base):
            return day
    return None


def _published_phrases(text: str) -> Iterator[str]:
    """Yield the day of each "published on ..." phrase in the text, in order.

    The phrase regex is tried only around its keywords, found by plain search in the lowered
    text: a scan of the whole text with it costs more than the rest of the dateline.
    """
    lowered = text.lower()
    starts = sorted(
        found for keyword in _PUBLISHED_KEYWORDS for found in _occurrences(lowered, keyword)
    )
    end = 0
    for start in starts:
        match = _PUBLISHED_PHRASE.search(
            text, max(start - len("first "), end), start + _PHRASE_SPAN
        )
        if match is not None and match.start() <= start:
            end = match.end()
            yield match.group(1)


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Yield where a word starts in a text."""
    found = text.find(word)
    while found >= 0:
        yield found
        found = text.find(word, found + 1)


def parse_written_day(
    written: str, language: str | None = None, month_first: bool = False
) -> str | None:
    """Return the YYYY-MM-DD of a day written out in the given language, or None."""
    iso = _ISO_DAY.fullmatch(written)
    if iso:
        try:
            return datetime(*(int(g) for g in iso.groups())).strftime("%Y-%m-%d")
        except ValueError:
            return None
    order = None
    if _NUMERIC_DAY.fullmatch(written):
        order = "MDY" if month_first and "." not in written else "DMY"
    return _read_day(written, language or "en", order)


@lru_cache(maxsize=4096)
def _read_day(written: str, language: str, order: str | None) -> str | None:
    """Return the day dateparser reads. A day written with its year reads the same on any page
    and whenever it is read, so readings are kept: a crawl meets the same days again and again."""
    try:
        parsed = _day_parser(language, order).get_date_data(written)["date_obj"]
    except (ValueError, OverflowError):
        return None
    return parsed.strftime("%Y-%m-%d") if parsed else None


@cache
def _day_parser(language: str, order: str | None) -> Any:
    """Return a dateparser parser for whole days in one language (built once: building one per
    call costs more than the reading). Relative phrases ("2 days ago") never have a year."""
    settings: dict[str, Any] = {
        **_READ_AS_PAST,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    }
    if order:
        settings["DATE_ORDER"] = order
    return _dateparser().DateDataParser(languages=[language], settings=settings)


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
    settings: dict[str, Any] = dict(_READ_AS_PAST)
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base.replace(tzinfo=None)
    languages = [lang for lang in dict.fromkeys([language, "en", "es"]) if lang]
    parsed = _dateparser().parse(written, languages=languages, settings=settings)
    return parsed.strftime("%Y-%m-%d") if parsed else None
