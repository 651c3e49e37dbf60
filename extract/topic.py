"""Whether a page covers the Run Against ICE runs, and which terms say so."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

DEFAULT_PHRASES: tuple[str, ...] = (
    "Run Against ICE",
    "Runs Against ICE",
    "Carrera contra ICE",
    "Carrera contra el ICE",
    "Corre contra ICE",
)
# A page that names no phrase still counts when it pairs a run with immigration enforcement.
DEFAULT_RUN_WORDS: tuple[str, ...] = (
    "run",
    "runs",
    "runners",
    "5k",
    "10k",
    "15-mile",
    "running club",
    "carrera",
    "corredores",
    "corredoras",
    "club de corredores",
)
DEFAULT_ENFORCEMENT_WORDS: tuple[str, ...] = (
    "ICE",
    "immigration raids",
    "immigration enforcement",
    "redadas",
    "inmigración",
    "Immigration and Customs Enforcement",
)


@dataclass(frozen=True)
class Topic:
    """How strongly a page covers the topic."""

    on_topic: bool
    score: float
    terms: tuple[str, ...]


@cache
def _combining_marks() -> dict[int, None]:
    """Return a str.translate table deleting every combining mark (built once, on first use)."""
    return {c: None for c in range(0x110000) if unicodedata.combining(chr(c))}


@cache
def _folded_term(term: str) -> str:
    """Return a term folded as texts are, once per term."""
    return _fold(term)


def _fold(text: str) -> str:
    """Return text lower-cased without accents, so "Inmigración" matches "inmigracion"."""
    if text.isascii():
        return text.casefold()
    return unicodedata.normalize("NFKD", text).translate(_combining_marks()).casefold()


@cache
def _term_pattern(term: str) -> tuple[re.Pattern[str], bool]:
    """Return a term's whole-word pattern, compiled once, and whether it matches exact case."""
    if term.isupper():
        return re.compile(rf"\b{re.escape(term)}\b"), True
    return re.compile(rf"(?<!\w){re.escape(_fold(term))}(?!\w)"), False


def _count(term: str, folded_text: str, *, exact_case_text: str | None = None) -> int:
    """Return how often a term occurs as whole words ("ICE" only in capitals: ice is frozen).

    Most terms are absent from most pages: a plain substring test rules them out before the
    whole-word pattern is run.
    """
    pattern, exact_case = _term_pattern(term)
    if exact_case and exact_case_text is not None:
        return len(pattern.findall(exact_case_text)) if term in exact_case_text else 0
    if exact_case:
        pattern = _term_pattern(term.lower())[0]
    return len(pattern.findall(folded_text)) if _folded_term(term) in folded_text else 0


def _matched(terms: Iterable[str], text: str, folded: str) -> dict[str, int]:
    """Return the terms that occur in text with their counts."""
    counts = {t: _count(t, folded, exact_case_text=text) for t in terms}
    return {t: n for t, n in counts.items() if n}


def fold_text(text: str) -> str:
    """Return text as terms are matched in it: lower-cased, without accents."""
    return _fold(text)


def find_terms(terms: Iterable[str], text: str) -> dict[str, int]:
    """Return the terms that occur in text as whole words, with their counts (case and accents
    ignored, but "ICE" in capitals only)."""
    return _matched(terms, text, _fold(text))


def score_topic(
    title: str,
    text: str,
    phrases: Sequence[str] = DEFAULT_PHRASES,
    run_words: Sequence[str] = DEFAULT_RUN_WORDS,
    enforcement_words: Sequence[str] = DEFAULT_ENFORCEMENT_WORDS,
) -> Topic:
    """Return the topic verdict: a phrase match, or runs and enforcement named together."""
    body = f"{title}\n{text}"
    folded = _fold(body)
    phrase_hits = _matched(phrases, body, folded)
    run_hits = _matched(run_words, body, folded)
    enforcement_hits = _matched(enforcement_words, body, folded)
    title_hit = bool(_matched(phrases, title, _fold(title)))
    score = min(
        1.0,
        0.6 * bool(phrase_hits)
        + 0.2 * title_hit
        + 0.1 * bool(run_hits)
        + 0.1 * bool(enforcement_hits)
        + 0.05 * min(sum(phrase_hits.values()), 4),
    )
    on_topic = bool(phrase_hits) or (bool(run_hits) and bool(enforcement_hits))
    terms = tuple(sorted({*phrase_hits, *run_hits, *enforcement_hits} if on_topic else ()))
    return Topic(on_topic=on_topic, score=round(score if on_topic else 0.0, 2), terms=terms)
