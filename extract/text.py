"""The article body of a page as plain text, paragraphs on separate lines.

trafilatura does the extraction; around it, measured on the article-extraction benchmark
(bench/text.py): its fast mode (no fallback extractors) first, a recall-oriented second pass
when that finds too little, the publisher's JSON-LD articleBody when it is much longer than
what was found, and a last clean-up of what boilerplate removal lets through: the headline
repeated as the first line, newsletter and sharing widgets, and menus kept as text.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura import extract

from extract.json_ld import json_ld_documents
from extract.parsing import load_html

# Below this many characters the first pass probably missed the body; try harder.
MIN_TEXT_CHARS = 250
# A text that is mostly this many short lines is a menu that came through, not an article.
MENU_MIN_LINES = 50
MENU_SHORT_WORDS = 4
MENU_SHARE = 0.8
PROSE_MIN_WORDS = 8
# Widget lines no article sentence reads like (checked on short lines only).
_WIDGET_LINE = re.compile(
    r"^(?:[-•*]\s*)?(?:thanks? for (?:signing up|subscribing)|keep an eye on your inbox"
    r"|there was an error processing|an error has occurred|sorry!?$|thank you!?$"
    r"|print (?:this )?article$|order reprints$|also on \S+\.com\b|like this story\?"
    r"|share (?:this|on) \w+|write to .+ at \S+@\S+$|newsletter$|advertisement$"
    r"|suscr[ií]bete|comparte esta|this copy is for your personal, non-commercial use)",
    re.IGNORECASE,
)
WIDGET_MAX_WORDS = 14
_BARE_URL = re.compile(r"^https?://\S+$")


def _json_ld_bodies(tree: HtmlElement) -> list[str]:
    """Return the articleBody texts declared in the page's JSON-LD."""
    bodies = []
    for document in json_ld_documents(tree):
        stack = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and body.strip():
                    bodies.append(body.strip())
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return bodies


def _run(tree: HtmlElement, url: str | None, **options: bool) -> str:
    """Return trafilatura's text for the tree (trafilatura prunes a copy of a tree it is given,
    so the page's one tree serves the other steps unchanged)."""
    return extract(tree, url=url, include_comments=False, include_tables=True, **options) or ""


_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _headlines(tree: HtmlElement) -> set[str]:
    """Return the page's headline as its h1s, og:title and <title> give it, in words."""
    found = [h.text_content() for h in tree.iter("h1")]
    found += tree.xpath('//meta[@property="og:title"]/@content')
    found += tree.xpath("//title/text()")
    return {_words(h) for h in found if _words(h)}


def _is_headline(line: str, headlines: set[str]) -> bool:
    """Tell whether a line repeats the headline (a <title> may add " | Site name")."""
    words = _words(line)
    return bool(words) and any(h == words or h.startswith(words + " ") for h in headlines)


def _without_menus(lines: list[str]) -> list[str]:
    """Keep only prose lines when the text is mostly a menu's short items."""
    short = sum(1 for line in lines if len(line.split()) <= MENU_SHORT_WORDS)
    if len(lines) < MENU_MIN_LINES or short < MENU_SHARE * len(lines):
        return lines
    prose = [line for line in lines if len(line.split()) >= PROSE_MIN_WORDS]
    return prose or lines


def clean_text(text: str, headlines: set[str]) -> str:
    """Return the text without a leading repeated headline, widget lines and menus."""
    lines = [line for line in text.splitlines() if line.strip()]
    while lines and (_is_headline(lines[0], headlines) or _BARE_URL.match(lines[0].strip())):
        lines = lines[1:]
    lines = [
        line
        for line in lines
        if not _WIDGET_LINE.search(line.strip())
        or (len(line.split()) > WIDGET_MAX_WORDS and "non-commercial use" not in line)
    ]
    return "\n".join(_without_menus(lines))


def extract_main_text(html: str | bytes | HtmlElement, url: str | None = None) -> str:
    """Return the article body as plain text, paragraphs separated by newlines ("" if none)."""
    tree = html if isinstance(html, HtmlElement) else load_html(html)
    if tree is None:
        return ""
    text = _run(tree, url, fast=True)
    if len(text) < MIN_TEXT_CHARS:
        text = max(text, _run(tree, url, favor_recall=True), key=len)
    declared = max(_json_ld_bodies(tree), key=len, default="")
    # A declared body much longer than what was found means the page hid its text from us; one
    # with the same words keeps the paragraphs that trafilatura's reading of it runs together.
    if len(declared) > 1.5 * len(text) + 200 or (declared and _words(declared) == _words(text)):
        text = "\n".join(line.strip() for line in declared.splitlines() if line.strip())
    return clean_text(text, _headlines(tree))
