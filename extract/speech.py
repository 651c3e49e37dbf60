"""Patterns over the lexicons' words that introduce speech and refer back to people."""

from __future__ import annotations

import re

from extract.lexicons import ALL


def alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    """Return a regex alternation of words, longest first so phrases win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


VERB_PATTERN = alternation(ALL.speech_verbs)
ACCORDING_PATTERN = alternation(ALL.according_to)
PARTICIPLE_PATTERN = alternation(ALL.participles)
COMPLEMENTIZER_PATTERN = alternation(ALL.complementizers)
CONJUNCTION_PATTERN = alternation(ALL.conjunctions)
ABBREVIATIONS = tuple(sorted(ALL.abbreviations))
PRONOUNS = ALL.pronouns
GROUP_NOUNS = ALL.group_nouns
ANONYMOUS_STARTS = ALL.indefinites
ORG_WORDS = ALL.org_words
ROLE_TITLES = ALL.titles
FUNCTION_WORDS = ALL.function_words
