"""The language an article is written in: declared by the page, else guessed from common words."""

from __future__ import annotations

import re

# The archive covers English and Spanish; a handful of function words tells them apart reliably.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "with",
            "was",
            "on",
            "said",
            "were",
            "they",
            "their",
            "this",
            "from",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "que",
            "y",
            "en",
            "del",
            "por",
            "con",
            "para",
            "una",
            "dijo",
            "fue",
            "como",
            "sus",
            "más",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


def normalize_language(code: str | None) -> str | None:
    """Return the primary subtag of a language code ("es-MX" -> "es"), or None."""
    if not code:
        return None
    primary = re.split(r"[-_]", code.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def guess_language(text: str, sample_words: int = 400) -> str | None:
    """Return "en" or "es" by counting function words in the first words of text, or None."""
    words = [w.casefold() for w in _WORD.findall(text[: sample_words * 12])][:sample_words]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 3 else None


def detect_language(declared: str | None, text: str) -> str | None:
    """Return the article language, trusting the text over a declaration that it contradicts."""
    guessed = guess_language(text)
    declared = normalize_language(declared)
    if declared and (guessed is None or declared not in _STOPWORDS):
        return declared
    return guessed or declared
