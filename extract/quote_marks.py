"""Quoted spans in paragraphs: which marks open and close a quotation, and which are apostrophes.

News text mixes straight and curly double marks, single marks (British style, or nested),
«guillemets» and Spanish dialogue dashes; apostrophes (don’t, the '90s, beginners’) and primes
(5'10") look like marks but are not. A quotation may run over several paragraphs: the first is
left open and the next reopens with a mark.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from extract.lexicons import ALL

DOUBLE = dict(ALL.double_marks)
SINGLE = dict(ALL.single_marks)
# Any opening mark, to jump from one to the next rather than read every character; the longest
# first, so that two apostrophes written for a double mark (''I hope not.'') are one mark.
_OPENING_MARK = re.compile(
    "|".join(re.escape(mark) for mark in sorted({*DOUBLE, *SINGLE}, key=lambda m: (-len(m), m)))
)
# Reporters and their software mix marks: “...", "...”, “...“, ‘‘...’’. A double quotation
# opened with any of these closes at the first of them that can close it.
_LOOSE = {'"', "“", "”"}
_CLOSERS = {
    opener: ([closer, *sorted(_LOOSE - {closer}), "’’"] if opener in _LOOSE else [closer])
    for opener, closer in DOUBLE.items()
}
_CLOSER_PATTERNS = {
    opener: re.compile("|".join(re.escape(c) for c in sorted(closers, key=len, reverse=True)))
    for opener, closers in _CLOSERS.items()
}
_SINGLE_PATTERNS = {opener: re.compile(re.escape(closer)) for opener, closer in SINGLE.items()}
_ELISION = re.compile("|".join(ALL.elisions)) if ALL.elisions else None
# A closing mark further away than this is a stray mark, not the end of a quotation; the
# window keeps the scan linear in the text's length.
MAX_QUOTE_CHARS = 4000
MAX_PARAGRAPHS = 20
_OPEN_BEFORE = set(" \t([{—–-/:;,")
_DASHES = "".join(sorted(ALL.dialogue_dashes))
_DASH = re.compile(rf"\s*[{_DASHES}]\s*")


@dataclass(frozen=True)
class QuotedSpan:
    """A passage between quotation marks, located in the text."""

    text: str
    paragraph: int  # where the opening mark is
    start: int  # offset of the opening mark in that paragraph
    last_paragraph: int  # where the closing mark is
    end: int  # offset just after the closing mark in the last paragraph
    dash_frame: str | None = None  # the attribution inside a dialogue line (—dijo Fulana—)
    is_dialogue: bool = False  # a paragraph opened by a dialogue dash


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _opens(paragraph: str, i: int, mark: str) -> bool:
    """Tell whether the mark at i opens a quotation rather than being an apostrophe or prime."""
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + len(mark)] if i + len(mark) < len(paragraph) else " "
    if after.isspace():
        return False
    if len(mark) > 1:
        return before in _OPEN_BEFORE or not i
    if mark == '"':
        # 5'10" is a height, not an opening mark.
        return not (before.isdigit() and "'" in paragraph[max(0, i - 4) : i])
    if mark in SINGLE:
        if before not in _OPEN_BEFORE and before not in DOUBLE and i:
            return False
        # '90s and ’em are elisions.
        return not (_ELISION and _ELISION.match(paragraph, i + 1, i + 4))
    return True


def _closes(paragraph: str, i: int, opener: str) -> bool:
    """Tell whether the mark at i closes a quotation opened with opener."""
    mark = paragraph[i]
    before = paragraph[i - 1] if i else " "
    if len(opener) > 1:
        return not before.isspace()
    if opener not in SINGLE and mark not in _LOOSE:
        return True
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    if before.isspace():
        return False
    if mark == '"':
        return not (before.isdigit() and "'" in paragraph[max(0, i - 4) : i])
    if mark == "“" and opener != "„":
        return not after.isalnum()  # a wrong-way mark closes only at a word's end
    return opener not in SINGLE or not _is_word_char(after)


class _Closers:
    """The marks of one paragraph that can close a quotation, found once per kind of opening
    mark, so that a paragraph of ten thousand stray marks is read once, not once per mark."""

    def __init__(self, paragraph: str) -> None:
        self.paragraph = paragraph
        self.found: dict[str, tuple[list[int], list[int]]] = {}

    def after(self, start: int, opener: str) -> tuple[int, int]:
        """Return (index, length) of the first closing mark after start, or (-1, 0)."""
        if opener not in self.found:
            self.found[opener] = self._scan(opener)
        positions, lengths = self.found[opener]
        k = bisect_right(positions, start)
        if k == len(positions) or positions[k] >= start + MAX_QUOTE_CHARS:
            return -1, 0
        return positions[k], lengths[k]

    def _scan(self, opener: str) -> tuple[list[int], list[int]]:
        paragraph = self.paragraph
        pattern = _CLOSER_PATTERNS.get(opener) or _SINGLE_PATTERNS[opener]
        positions, lengths = [], []
        for found in pattern.finditer(paragraph):
            if _closes(paragraph, found.start(), opener):
                positions.append(found.start())
                lengths.append(len(found.group()))
        return positions, lengths


def _dash_span(paragraph: str, index: int) -> QuotedSpan:
    """Return the quotation of a Spanish dialogue line (—Texto —dijo Fulana—. Más texto.)."""
    parts = _DASH.split(paragraph[1:].strip(), maxsplit=2)
    text = parts[0]
    frame = parts[1] if len(parts) > 1 else None
    rest = parts[2].strip() if len(parts) > 2 else ""
    if rest:
        stop = rest[0] if rest[0] in ".,;:" else "."
        text = f"{text}{stop} {rest.lstrip('.,;: ')}"
    return QuotedSpan(text.strip(), index, 0, index, len(paragraph), frame, is_dialogue=True)


def _continue_across(
    paragraphs: list[str], index: int, start: int, opener: str, closers: _ClosersCache
) -> QuotedSpan | None:
    """Return a quotation left open at a paragraph's end and reopened on the following ones."""
    if index + 1 >= len(paragraphs) or not paragraphs[index + 1].startswith(opener):
        return None
    width = len(opener)
    parts = [paragraphs[index][start + width :].strip()]
    for last in range(index + 1, min(index + MAX_PARAGRAPHS, len(paragraphs))):
        paragraph = paragraphs[last]
        if not paragraph.startswith(opener):
            return None
        close, length = closers.of(last).after(width - 1, opener)
        if close >= 0:
            parts.append(paragraph[width:close].strip())
            return QuotedSpan(" ".join(parts), index, start, last, close + length)
        parts.append(paragraph[width:].strip())
    return None


class _ClosersCache:
    """The closing marks of each paragraph, read at most once however often it is asked."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.cache: dict[int, _Closers] = {}

    def of(self, index: int) -> _Closers:
        if index not in self.cache:
            self.cache = {k: v for k, v in self.cache.items() if k >= index - 1}
            self.cache[index] = _Closers(self.paragraphs[index])
        return self.cache[index]


def _spans_in(
    paragraph: str, index: int, paragraphs: list[str], cache: _ClosersCache
) -> list[QuotedSpan]:
    """Return the outermost quoted spans that open in one paragraph."""
    spans: list[QuotedSpan] = []
    closers = cache.of(index)
    i = 0
    while (found := _OPENING_MARK.search(paragraph, i)) is not None:
        i = found.start()
        mark = found.group()
        if not _opens(paragraph, i, mark):
            i += 1
            continue
        close, length = closers.after(i + len(mark) - 1, mark)
        if close >= 0:
            text = paragraph[i + len(mark) : close].strip()
            spans.append(QuotedSpan(text, index, i, index, close + length))
            i = close + length
            continue
        if mark in DOUBLE:
            across = _continue_across(paragraphs, index, i, mark, cache)
            if across is not None:
                spans.append(across)
                break
        i += 1  # an unbalanced mark: read on past it
    return spans


def find_quoted_spans(paragraphs: list[str]) -> list[QuotedSpan]:
    """Return every quoted span in reading order, joining quotations that run over paragraphs."""
    spans: list[QuotedSpan] = []
    cache = _ClosersCache(paragraphs)
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph[:1] and paragraph[0] in ALL.dialogue_dashes:
            spans.append(_dash_span(paragraph, index))
            index += 1
            continue
        found = _spans_in(paragraph, index, paragraphs, cache)
        spans.extend(found)
        index = found[-1].last_paragraph + 1 if found else index + 1
    return spans
