"""Whether a page on the topic is a story about a run or names it only in passing.

A weekly calendar, a roundup of briefs or a city newsletter can name a run in one item of
many, and scores as high on the topic as a story does: the phrase is there either way. Where
and how much tell them apart. A story names the run in its title, summary or lead, or talks
about running through much of its text even when it names the run late; a mention names it in
a paragraph or two of many, under a title that names a list ("things to do", "noticias breves")
or one that does not name the run at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extract.lexicons import ALL
from extract.topic import (
    DEFAULT_ENFORCEMENT_WORDS,
    DEFAULT_PHRASES,
    DEFAULT_RUN_WORDS,
    find_terms,
    fold_text,
    score_topic,
)

STORY = "story"
MENTION = "mention"
# The lead: the opening paragraphs up to this many words, so that a dateline or a one-line
# standfirst is not taken for the whole lead.
LEAD_WORDS = 60
# A paragraph this short is a heading ("Things to do Saturday", "Breves").
HEADING_WORDS = 8
# A text with this share of its words in paragraphs about running or the run is about it,
# wherever it first names the run. Measured on the fixture web, the seeds and tests/fixtures/pages:
# stories that name the run only late hold 0.80-0.86 of their words there, the calendar, roundup,
# newsletter and passing mentions 0.07-0.29 (stories named up front, 0.31-1.0, need no share).
ABOUT_SHARE = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Coverage:
    """Whether a page is a story or a mention, with what decided it."""

    kind: str  # STORY or MENTION
    share: float  # of the text's words, those in paragraphs about running or the run
    named_up_front: bool  # the title, summary or lead names the topic
    listing: str | None  # the words that make the page a list of unrelated items, if any


def _words(text: str) -> int:
    """Return how many words a text has."""
    return len(_WORD.findall(text))


@cache
def _any_term(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Return one pattern finding any of the terms as whole words in folded text: a page of a
    hundred paragraphs is searched once per paragraph, not once per paragraph and term."""
    folded = sorted({fold_text(term) for term in terms if term}, key=len, reverse=True)
    if not folded:
        return re.compile(r"(?!)")  # no terms: nothing is about the run
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, folded)) + r")(?!\w)")


def _lead(paragraphs: Sequence[str]) -> str:
    """Return the opening paragraphs, up to LEAD_WORDS words (at least the first)."""
    lead: list[str] = []
    count = 0
    for paragraph in paragraphs:
        if lead and count >= LEAD_WORDS:
            break
        lead.append(paragraph)
        count += _words(paragraph)
    return "\n".join(lead)


def _listing_cue(
    title: str, description: str, paragraphs: Sequence[str], cues: frozenset[str]
) -> str | None:
    """Return the cue that names the page a list, read in its title, summary and headings."""
    headings = [p for p in paragraphs if _words(p) <= HEADING_WORDS]
    for place in (title, description, *headings):
        found = find_terms(cues, place) if place else {}
        if found:
            return min(found)
    return None


def measure_coverage(
    title: str,
    text: str,
    description: str | None = None,
    phrases: Sequence[str] = DEFAULT_PHRASES,
    run_words: Sequence[str] = DEFAULT_RUN_WORDS,
    enforcement_words: Sequence[str] = DEFAULT_ENFORCEMENT_WORDS,
    listing_cues: frozenset[str] = ALL.listing_cues,
    running_words: frozenset[str] = ALL.running_words,
) -> Coverage:
    """Return whether a page is a story about the run or a mention of it, and why.

    A story: much of the text is about running or the run, or the title, summary or lead name
    it on a page that is not a list. A mention: neither, or a list naming it in a few items.
    """
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    running = _any_term((*phrases, *run_words, *sorted(running_words)))
    about = [p for p in paragraphs if running.search(fold_text(p))]
    total = sum(_words(p) for p in paragraphs)
    share = round(sum(_words(p) for p in about) / total, 2) if total else 0.0
    named_up_front = any(
        score_topic("", part, phrases, run_words, enforcement_words).on_topic
        for part in (title, description or "", _lead(paragraphs))
        if part
    )
    listing = _listing_cue(title, description or "", paragraphs, listing_cues)
    is_story = share >= ABOUT_SHARE or (named_up_front and listing is None)
    return Coverage(STORY if is_story else MENTION, share, named_up_front, listing)
