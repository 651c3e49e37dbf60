"""One archived story: the Article record and extract_article(), built on trafilatura."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from extract.aliases import extract_aliases
from extract.coverage import STORY, measure_coverage
from extract.credits import extract_credit
from extract.dates import PublishedDate, extract_published, published_in_prose
from extract.events import Event, match_run
from extract.language import detect_language
from extract.limits import MAX_QUOTES_PER_ARTICLE, cap_html, cap_text
from extract.metadata import page_metadata
from extract.parsing import load_html
from extract.quotes import Quote, extract_quotes
from extract.text import extract_main_text
from extract.topic import DEFAULT_PHRASES, Topic, score_topic
from extract.urls import canonical_url, is_web_url, url_host

_WORD = re.compile(r"\w+")
# Saved texts may open with a "date 2026-03-01" line that is metadata, not prose.
_DATE_MARKER = re.compile(r"^date:?\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
# Home, section and tag pages carry a few teaser lines; a news story has more words than this.
MIN_ARTICLE_WORDS = 60


class NotAnArticle(ValueError):
    """Raised when a page has no article to extract; the message says why."""


@dataclass(frozen=True)
class Article:
    """What the archive keeps of one story, whatever page or file it came from."""

    url: str
    title: str | None
    authors: tuple[str, ...]
    site_name: str | None
    description: str | None
    language: str | None
    text: str
    published: str | None
    published_source: str
    published_confidence: float
    modified: str | None
    topic: Topic
    quotes: tuple[Quote, ...] = field(default=())
    event: Event | None = None
    event_method: str | None = None
    credit: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # (acronym, full name) the text defines
    coverage: str = STORY  # or MENTION: a page naming the run in passing (extract/coverage.py)

    @property
    def outlet(self) -> str:
        """The host that published the story (from its canonical URL)."""
        return url_host(self.url)

    @cached_property
    def word_count(self) -> int:
        """Words in the main text (counted once: the store and the paywall check both ask)."""
        return len(_WORD.findall(self.text))


def _check_url(url: str) -> None:
    """Refuse an address that cannot be parsed (saved files have file: URLs, which can)."""
    try:
        _ = urlsplit(url).port
    except ValueError as exc:
        raise NotAnArticle(f"not a valid URL ({exc}): {url[:80]}") from exc


def _split_authors(author: str | None) -> tuple[str, ...]:
    """Return the byline names that trafilatura joins with semicolons."""
    return tuple(a.strip() for a in (author or "").split(";") if a.strip())


def _declared_language(tree: HtmlElement) -> str | None:
    """Return the page's declared language from <html lang> or og:locale."""
    lang = tree.get("lang") or tree.get("xml:lang")
    if not lang:
        locales = tree.xpath('//meta[@property="og:locale"]/@content')
        lang = locales[0] if locales else None
    return lang


def extract_article(
    html: str | bytes,
    url: str,
    fetched_at: datetime | None = None,
    phrases: tuple[str, ...] = DEFAULT_PHRASES,
    events: Sequence[Event] = (),
) -> Article:
    """Return the Article on a page fetched from url; raise NotAnArticle when there is none."""
    _check_url(url)
    tree = load_html(cap_html(html))
    if tree is None:
        raise NotAnArticle("the page could not be parsed as HTML")
    metadata = page_metadata(tree, default_url=url)
    text = cap_text(extract_main_text(tree, url))
    if not text.strip():
        raise NotAnArticle("no main text found")
    words = len(_WORD.findall(text))
    if words < MIN_ARTICLE_WORDS:
        raise NotAnArticle(f"too little text for an article ({words} words)")
    language = detect_language(_declared_language(tree), text)
    published = extract_published(tree, url, language, text, fetched_at)
    return _build_article(
        # a canonical link that is not a web address (javascript:, a broken host) is ignored
        url=canonical_url(metadata.url if is_web_url(metadata.url) else url),
        title=metadata.title,
        authors=_split_authors(metadata.author),
        site_name=metadata.sitename,
        description=metadata.description,
        language=language,
        text=text,
        published=published,
        phrases=phrases,
        events=events,
    )


def extract_article_from_text(
    text: str,
    url: str,
    fetched_at: datetime | None = None,
    phrases: tuple[str, ...] = DEFAULT_PHRASES,
    events: Sequence[Event] = (),
) -> Article:
    """Return the Article in a plain-text story (first line the title when it reads like one)."""
    _check_url(url)
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if not paragraphs:
        raise NotAnArticle("the text is empty")
    marker = _DATE_MARKER.match(paragraphs[0])
    if marker:
        paragraphs[0] = paragraphs[0][marker.end() :].strip()
    body = cap_text("\n".join(p for p in paragraphs if p))
    language = detect_language(None, body)
    published = (
        PublishedDate(marker.group(1), "text", 0.9)
        if marker
        else published_in_prose(body, language, fetched_at)
    )
    return _build_article(
        url=canonical_url(url),
        title=None,
        authors=(),
        site_name=None,
        description=None,
        language=language,
        text=body,
        published=published,
        phrases=phrases,
        events=events,
    )


def _build_article(
    *,
    url: str,
    title: str | None,
    authors: tuple[str, ...],
    site_name: str | None,
    description: str | None,
    language: str | None,
    text: str,
    published: PublishedDate,
    phrases: tuple[str, ...],
    events: Sequence[Event],
) -> Article:
    """Return the Article with topic, event and quotes filled in from the text."""
    run = match_run(title or "", text, published.date, events, language)
    return Article(
        url=url,
        title=title,
        authors=authors,
        site_name=site_name,
        description=description,
        language=language,
        text=text,
        published=published.date,
        published_source=published.source,
        published_confidence=published.confidence,
        modified=published.modified,
        topic=score_topic(title or "", text, phrases=phrases),
        quotes=tuple(extract_quotes(text, language)[:MAX_QUOTES_PER_ARTICLE]),
        event=run.event if run else None,
        event_method=run.method if run else None,
        credit=extract_credit(text),
        aliases=extract_aliases(text),
        coverage=measure_coverage(title or "", text, description, phrases).kind,
    )
