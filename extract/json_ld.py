"""The JSON-LD a page declares, read once however many steps ask for it."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

_SCRIPTS = XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)
_UNREADABLE = object()
# The page last asked about and its scripts: the dates, text and metadata steps ask about one
# page four or five times in a row, and finding the scripts walks the whole page.
_last: tuple[HtmlElement | None, tuple[str, ...]] = (None, ())


def json_ld_scripts(tree: HtmlElement) -> tuple[str, ...]:
    """Return the text of every JSON-LD script on the page."""
    global _last
    last = _last  # one read: another thread may set it meanwhile
    if last[0] is not tree:
        last = _last = (tree, tuple(_SCRIPTS(tree)))
    return last[1]


def json_ld_documents(tree: HtmlElement) -> list[Any]:
    """Return every readable JSON-LD document on the page (unreadable ones are left out).

    The text, dates and metadata steps each read the page's JSON-LD; a story's can hold its
    whole body, so each script is parsed once and shared (never change what this returns).
    """
    parsed = (_parsed(script) for script in json_ld_scripts(tree))
    return [document for document in parsed if document is not _UNREADABLE]


@lru_cache(maxsize=64)
def _parsed(script: str) -> Any:
    try:
        return json.loads(script)
    except ValueError:
        return _UNREADABLE
