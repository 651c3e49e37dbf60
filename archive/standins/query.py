"""The boolean queries the search services share: phrases, OR, exclusions and operators."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """A boolean search: all clauses must match, each clause any of its terms; `key:value`
    operators apart."""

    clauses: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()
    operators: tuple[tuple[str, str], ...] = ()

    def operator(self, name: str) -> list[str]:
        """Return the values given to one `name:` operator."""
        return [value for key, value in self.operators if key == name.lower()]

    def matches(self, text: str) -> bool:
        """Say whether a text holds every clause (whole words, any case) and no excluded term."""
        return all(any(has_phrase(text, t) for t in clause) for clause in self.clauses) and not any(
            has_phrase(text, t) for t in self.excluded
        )

    def hits(self, text: str) -> int:
        """Return how often the query's terms occur in a text (a crude relevance)."""
        return sum(len(_phrase_pattern(t).findall(text)) for c in self.clauses for t in c)


_TOKEN = re.compile(r'-?"[^"]*"?|\(|\)|[^\s()"]+')


def parse_query(text: str) -> Query:
    """Read quoted phrases, bare words, OR, parentheses, -exclusions and key:value operators."""
    clauses: list[list[str]] = []
    excluded: list[str] = []
    operators: list[tuple[str, str]] = []
    joining = negating = False
    for token in _TOKEN.findall(text):
        if token in ("(", ")") or token.upper() == "AND":
            continue
        if token.upper() in ("OR", "NOT"):
            joining, negating = token.upper() == "OR" and bool(clauses), token.upper() == "NOT"
            continue
        key, colon, value = token.partition(":")
        if colon and re.fullmatch(r"[A-Za-z]+", key) and value and not token.startswith('"'):
            operators.append((key.lower(), value.strip('"')))
            continue
        negate = negating or (token.startswith("-") and len(token) > 1)
        term = token[1:] if token.startswith("-") and len(token) > 1 else token
        term = term.strip('"').strip()
        if not term:
            continue
        if negate:
            excluded.append(term)
        elif joining:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joining = negating = False
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), tuple(operators))


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)


def has_phrase(text: str, phrase: str) -> bool:
    """Say whether a text holds a phrase as whole words, in any case."""
    return bool(phrase.split()) and _phrase_pattern(phrase).search(text) is not None
