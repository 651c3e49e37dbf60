"""Quoted spans in paragraphs: which marks open and close a quotation, and which are apostrophes.

News text mixes straight and curly double marks, single marks (British style, or nested),
«guillemets» and Spanish dialogue dashes; apostrophes (don’t, the '90s, beginners’) and primes
(5'10") look like marks but are not. A quotation may run over several paragraphs: the first is
left open and the next reopens with a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = {'"': '"', "“": "”", "„": "“", "«": "»", "‹": "›"}
SINGLE = {"‘": "’", "'": "'"}
# A closing mark further away than this is a stray mark, not the end of a quotation; the
# window keeps the scan linear in the text's length.
MAX_QUOTE_CHARS = 4000
MAX_PARAGRAPHS = 20
_OPEN_BEFORE = set(" \t([{—–-/:;,")
_DASH = re.compile(r"\s*[—–]\s*")


@dataclass(frozen=True)
class QuotedSpan:
    """A passage between quotation marks, located in the text."""

    text: str
    paragraph: int  # where the opening mark is
    start: int  # offset of the opening mark in that paragraph
    last_paragraph: int  # where the closing mark is
    end: int  # offset just after the closing mark in the last paragraph
    dash_frame: str | None = None  # the attribution inside a dialogue line (—dijo Fulana—)


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _opens(paragraph: str, i: int) -> bool:
    """Tell whether the mark at i opens a quotation rather than being an apostrophe or prime."""
    mark = paragraph[i]
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    if after.isspace():
        return False
    if mark == '"':
        # 5'10" is a height, not an opening mark.
        return not (before.isdigit() and "'" in paragraph[max(0, i - 4) : i])
    if mark in SINGLE:
        if before not in _OPEN_BEFORE and before not in DOUBLE and i:
            return False
        # '90s and ’em are elisions.
        return not re.match(r"\d\ds\b|em\b|n\b", paragraph[i + 1 : i + 4])
    return True


def _closes(paragraph: str, i: int, opener: str) -> bool:
    """Tell whether the mark at i closes a quotation opened with opener."""
    if opener not in SINGLE and opener != '"':
        return True
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    if before.isspace():
        return False
    if opener == '"':
        return not (before.isdigit() and "'" in paragraph[max(0, i - 4) : i])
    return not _is_word_char(after)


def _find_closer(paragraph: str, start: int, opener: str) -> int:
    """Return the index of the mark closing the quotation opened at start, or -1."""
    closer = DOUBLE.get(opener) or SINGLE[opener]
    limit = min(len(paragraph), start + MAX_QUOTE_CHARS)
    i = start + 1
    while i < limit:
        i = paragraph.find(closer, i, limit)
        if i < 0:
            return -1
        if _closes(paragraph, i, opener):
            return i
        i += 1
    return -1


def _dash_span(paragraph: str, index: int) -> QuotedSpan:
    """Return the quotation of a Spanish dialogue line (—Texto —dijo Fulana—. Más texto.)."""
    parts = _DASH.split(paragraph[1:].strip(), maxsplit=2)
    text = parts[0]
    frame = parts[1] if len(parts) > 1 else None
    rest = parts[2].strip() if len(parts) > 2 else ""
    if rest:
        stop = rest[0] if rest[0] in ".,;:" else "."
        text = f"{text}{stop} {rest.lstrip('.,;: ')}"
    return QuotedSpan(text.strip(), index, 0, index, len(paragraph), frame)


def _continue_across(
    paragraphs: list[str], index: int, start: int, opener: str
) -> QuotedSpan | None:
    """Return a quotation left open at a paragraph's end and reopened on the following ones."""
    parts = [paragraphs[index][start + 1 :].strip()]
    for last in range(index + 1, min(index + MAX_PARAGRAPHS, len(paragraphs))):
        paragraph = paragraphs[last]
        if not paragraph.startswith(opener):
            return None
        close = _find_closer(paragraph, 0, opener)
        if close >= 0:
            parts.append(paragraph[1:close].strip())
            return QuotedSpan(" ".join(parts), index, start, last, close + 1)
        parts.append(paragraph[1:].strip())
    return None


def _spans_in(paragraph: str, index: int, paragraphs: list[str]) -> list[QuotedSpan]:
    """Return the outermost quoted spans that open in one paragraph."""
    spans: list[QuotedSpan] = []
    i = 0
    while i < len(paragraph):
        mark = paragraph[i]
        if (mark not in DOUBLE and mark not in SINGLE) or not _opens(paragraph, i):
            i += 1
            continue
        close = _find_closer(paragraph, i, mark)
        if close >= 0:
            spans.append(QuotedSpan(paragraph[i + 1 : close].strip(), index, i, index, close + 1))
            i = close + 1
            continue
        if mark in DOUBLE:
            across = _continue_across(paragraphs, index, i, mark)
            if across is not None:
                spans.append(across)
                break
        i += 1  # an unbalanced mark: read on past it
    return spans


def find_quoted_spans(paragraphs: list[str]) -> list[QuotedSpan]:
    """Return every quoted span in reading order, joining quotations that run over paragraphs."""
    spans: list[QuotedSpan] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph[:1] in "—–":
            spans.append(_dash_span(paragraph, index))
            index += 1
            continue
        found = _spans_in(paragraph, index, paragraphs)
        spans.extend(found)
        index = found[-1].last_paragraph + 1 if found else index + 1
    return spans
