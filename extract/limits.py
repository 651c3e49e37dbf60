"""Bounds on the work one page can cause: a news story is far below them, a hostile page not.

A 20 MB page of quoted lines once made 76,819 "quotes" and took minutes; the text kept and the
quotes found per article are capped so that time and memory stay bounded whatever comes in.
"""

from __future__ import annotations

# About 30,000 words: longer than any news story, short enough to read quotes from quickly.
MAX_TEXT_CHARS = 200_000
MAX_QUOTES_PER_ARTICLE = 200
# A page's markup read: news pages are 50-500 KB, and the first 2 MB hold far more than
# MAX_TEXT_CHARS of text; past it trafilatura and htmldate would cost seconds a megabyte.
MAX_HTML_CHARS = 2 * 1024 * 1024


def cap_html(html: str | bytes, limit: int = MAX_HTML_CHARS) -> str | bytes:
    """Return the page cut to its first `limit` characters (bytes); lxml closes what is open."""
    return html if len(html) <= limit else html[:limit]


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Return the text cut to the limit at the last paragraph break before it."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > 0 else limit]
