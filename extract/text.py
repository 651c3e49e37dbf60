"""The article body of a page as plain text, paragraphs on separate lines."""

from __future__ import annotations

import json
from copy import deepcopy

from lxml.html import HtmlElement
from trafilatura import extract
from trafilatura.utils import load_html

# Below this many characters the first pass probably missed the body; try harder.
MIN_TEXT_CHARS = 250


def _json_ld_bodies(tree: HtmlElement) -> list[str]:
    """Return the articleBody texts declared in the page's JSON-LD."""
    bodies = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
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
    """Return trafilatura's text for a copy of the tree (it prunes what it is given)."""
    return (
        extract(deepcopy(tree), url=url, include_comments=False, include_tables=True, **options)
        or ""
    )


def extract_main_text(html: str | bytes | HtmlElement, url: str | None = None) -> str:
    """Return the article body as plain text, paragraphs separated by newlines ("" if none)."""
    tree = html if isinstance(html, HtmlElement) else load_html(html)
    if tree is None:
        return ""
    text = _run(tree, url)
    if len(text) < MIN_TEXT_CHARS:
        text = max(text, _run(tree, url, favor_recall=True), key=len)
    declared = max(_json_ld_bodies(tree), key=len, default="")
    # A declared body much longer than what was found means the page hid its text from us.
    if len(declared) > 1.5 * len(text) + 200:
        text = "\n".join(line.strip() for line in declared.splitlines() if line.strip())
    return text
