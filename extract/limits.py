"""Bounds on the work one page can cause: a news story is far below them, a hostile page not.

A 20 MB page of quoted lines once made 76,819 "quotes" and took minutes; the text kept and the
quotes found per article are capped so that time and memory stay bounded whatever comes in.
"""

from __future__ import annotations

# About 30,000 words: longer than any news story, short enough to read quotes from quickly.
MAX_TEXT_CHARS = 200_000
MAX_QUOTES_PER_ARTICLE = 200


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Return the text cut to the limit at the last paragraph break before it."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > 0 else limit]
