"""Which run an article is about, from the places and dates the sources file gives each event."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One run: its name, its day or month (YYYY-MM-DD or YYYY-MM), and words that name it."""

    name: str
    date: str
    place: str = ""
    terms: tuple[str, ...] = ()


def _hits(term: str, text: str) -> int:
    """Return how often a term occurs as whole words, ignoring case."""
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE))


def _months_apart(event_date: str, published: str | None) -> int:
    """Return how many months lie between an event and a publication day (large if unknown)."""
    if not published:
        return 1000
    year, month = (int(x) for x in event_date[:7].split("-"))
    pub_year, pub_month = (int(x) for x in published[:7].split("-"))
    return abs((pub_year - year) * 12 + pub_month - month)


def match_event(
    title: str, text: str, published: str | None, events: Sequence[Event]
) -> Event | None:
    """Return the event the article names most, the nearer in time breaking ties."""
    body = f"{title}\n{text}"
    scored = []
    for index, event in enumerate(events):
        hits = sum(_hits(term, body) for term in event.terms)
        if hits:
            scored.append((hits, -_months_apart(event.date, published), index))
    return events[max(scored)[2]] if scored else None
