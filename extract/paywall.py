"""Paywalled pages: told by their own markup, kept as stubs until a fuller copy is found.

A page is paywalled when its JSON-LD says `isAccessibleForFree: false` (schema.org, as Google's
paywalled-content guidelines ask publishers to mark it), or when the text it shows is a small
part of the `wordCount` it declares.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from parsel import Selector

from extract import NotAnArticle
from extract.article import Article, extract_article_from_text
from extract.events import Event
from extract.topic import score_topic

SHOWN_SHARE = 0.5  # a page showing less than this share of its declared words is cut short


@dataclasses.dataclass(frozen=True)
class PageAccess:
    """What a page's markup says about its access: paywalled, with its headline and summary."""

    paywalled: bool
    headline: str | None = None
    description: str | None = None
    declared_words: int | None = None
    canonical: str | None = None


def _json_ld(page: Selector) -> Iterator[dict[str, Any]]:
    """Yield every JSON-LD object on a page, nested ones (@graph, hasPart) included."""
    for script in page.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script, strict=False)
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                yield item  # and its parts: hasPart, @graph, mainEntity, ...
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
            elif isinstance(item, list):
                stack.extend(item)


def read_access(html: str, shown_words: int | None = None) -> PageAccess:
    """Return whether a page is paywalled, from its JSON-LD and the words it shows.

    shown_words: the words of its extracted text; else its <article> paragraphs are counted.
    """
    page = Selector(text=html)
    paywalled, headline, description, declared = False, None, None, None
    for item in _json_ld(page):
        if str(item.get("isAccessibleForFree", "")).lower() in ("false", "0", "no"):
            paywalled = True
        headline = headline or item.get("headline")
        description = description or item.get("description")
        if str(item.get("wordCount", "")).isdigit():
            declared = int(item["wordCount"])
    if shown_words is None:
        shown_words = len(" ".join(page.xpath("//article//p//text()").getall()).split())
    if declared and shown_words < SHOWN_SHARE * declared:
        paywalled = True
    headline = headline or page.xpath("//meta[@property='og:title']/@content").get()
    description = description or page.xpath("//meta[@name='description']/@content").get()
    canonical = page.xpath("//link[@rel='canonical']/@href").get()
    return PageAccess(paywalled, headline, description, declared, canonical)


def stub_article(
    html: str,
    url: str,
    access: PageAccess,
    fetched_at: datetime,
    phrases: tuple[str, ...],
    events: Sequence[Event],
) -> Article | None:
    """Return a paywalled page kept as an article when its headline or summary covers the topic."""
    if not access.paywalled:
        return None
    headline, description = access.headline or "", access.description or ""
    if not score_topic(headline, description, phrases=phrases).on_topic:
        return None
    shown = " ".join(Selector(text=html).xpath("//article//p//text()").getall())
    try:
        article = extract_article_from_text(
            "\n".join(p for p in (description, shown) if p) or headline,
            access.canonical or url,
            fetched_at=fetched_at,
            phrases=phrases,
            events=events,
        )
    except NotAnArticle:
        return None
    topic = score_topic(headline, article.text, phrases=phrases)
    return dataclasses.replace(
        article, title=headline or None, description=description or None, topic=topic
    )
