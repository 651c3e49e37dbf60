"""Patterns over the lexicons' words that introduce speech and refer back to people."""

from __future__ import annotations

import re

from extract.lexicons import ALL


def alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    """Return a regex matching any of the words, built as a trie so that hundreds of verb
    forms cost about as much to try as a few (Python's re tries alternatives one by one)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    """Return the regex for one trie node, longest continuations first."""
    ends = "" in node
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(sorted(branches)) + ")"
    return f"(?:{body})?" if ends else body


VERB_PATTERN = alternation(ALL.speech_verbs)
ACCORDING_PATTERN = alternation(ALL.according_to)
ADVERB_PATTERN = alternation(ALL.adverb_endings)
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
