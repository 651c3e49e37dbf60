"""Which run an article is about, from the places, organizers, terms and days each event has.

A run is named by its terms (places, organizers) and dated by its day. Articles rarely write
the run's day out: they say "on Saturday" or "el sábado", which only means a day once read
against the publication day, so those words are resolved with dateparser in both directions
(a report looks back, an announcement looks ahead) and a day that lands on a run's day counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

# Words that name a day relative to the publication day, per language (data, not rules).
RELATIVE_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tomorrow",
    ),
    "es": (
        "lunes",
        "martes",
        "miércoles",
        "miercoles",
        "jueves",
        "viernes",
        "sábado",
        "sabado",
        "domingo",
        "ayer",
        "hoy",
    ),
}
# A relative word this far or nearer from the publication day; weekdays reach back or ahead a week.
MAX_DAYS_AWAY = 7


@dataclass(frozen=True)
class Event:
    """One run: its name, its day or month (YYYY-MM-DD or YYYY-MM), and words that name it."""

    name: str
    date: str
    place: str = ""
    terms: tuple[str, ...] = ()
    organizers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunMatch:
    """The run an article covers and how the link was made (the evidence, in words)."""

    event: Event
    method: str


def _hits(term: str, text: str, lowered: str | None = None) -> int:
    """Return how often a term occurs as whole words, ignoring case (`lowered`: the text in
    lower case, when the caller has it, to rule out an absent term without the pattern)."""
    if lowered is not None and term.lower() not in lowered:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE))


def _months_apart(event_date: str, published: str | None) -> int:
    """Return how many months lie between an event and a publication day (large if unknown)."""
    if not published:
        return 1000
    year, month = (int(x) for x in event_date[:7].split("-"))
    pub_year, pub_month = (int(x) for x in published[:7].split("-"))
    return abs((pub_year - year) * 12 + pub_month - month)


@cache
def _dateparser() -> Any:
    """Return dateparser, imported once: its first import is slow."""
    import dateparser

    return dateparser


def resolve_relative_days(text: str, language: str | None, published: str | None) -> list[date]:
    """Return the days that words like "on Saturday" or "el sábado" can mean in an article.

    Each word is read with dateparser against the publication day, looking back and ahead,
    and kept when it falls within a week of it.
    """
    if not published or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published[:10]):
        return []
    base = datetime.fromisoformat(published[:10])
    words = RELATIVE_DAY_WORDS.get(language or "en", RELATIVE_DAY_WORDS["en"])
    found = {w.lower() for w in re.findall(r"\w+", text.lower()) if w in words}
    days: set[date] = set()
    for word in sorted(found):
        for direction in ("past", "future"):
            parsed = _relative_day(word, language or "en", base, direction)
            if parsed is None or abs(parsed - base) > timedelta(days=MAX_DAYS_AWAY):
                continue
            days.add(parsed.date())
            if abs(parsed - base) == timedelta(days=7):  # the publication day's own weekday
                days.add(base.date())
    return sorted(days)


@lru_cache(maxsize=4096)
def _relative_day(word: str, language: str, base: datetime, direction: str) -> datetime | None:
    """Return dateparser's reading of a relative day word; a crawl's articles share their days."""
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": direction,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return _dateparser().parse(word, languages=[language], settings=settings)


def _within_reach(event: Event, published: str | None) -> bool:
    """Tell whether a relative day word ("on Saturday") could land on the event's day or month,
    so that reading such words is only paid for when it can matter."""
    try:
        day = date.fromisoformat((published or "")[:10])
        first = date.fromisoformat(event.date if len(event.date) == 10 else f"{event.date}-01")
    except ValueError:
        return False
    last = first if len(event.date) == 10 else (first + timedelta(days=31)).replace(day=1)
    reach = timedelta(days=MAX_DAYS_AWAY)
    return first - reach <= day <= last + reach


def _on_event_day(event: Event, days: Sequence[date]) -> date | None:
    """Return the day among days that is the event's day (or in its month, for a month)."""
    for day in days:
        if day.isoformat()[: len(event.date)] == event.date:
            return day
    return None


def _named_terms(event: Event, body: str, lowered: str) -> dict[str, int]:
    """Return the event's places, organizers and terms that the text names, with their hits."""
    candidates = [*event.terms, *event.organizers, *[p.strip() for p in event.place.split(",")]]
    named: dict[str, int] = {}
    for term in candidates:
        if term and term not in named:
            named[term] = _hits(term, body, lowered)
    return {term: hits for term, hits in named.items() if hits}


def match_run(
    title: str,
    text: str,
    published: str | None,
    events: Sequence[Event],
    language: str | None = None,
) -> RunMatch | None:
    """Return the run an article covers, with the evidence that links them.

    A run whose day the article's relative days land on wins; then the run named most, the
    nearer in time breaking ties. A run the article does not name is still chosen when its
    day is the only evidence.
    """
    body = f"{title}\n{text}"
    near = [event for event in events if _within_reach(event, published)]
    days = resolve_relative_days(body, language, published) if near else []
    scored = []
    lowered = body.lower()
    for index, event in enumerate(events):
        named = _named_terms(event, body, lowered)
        hits = sum(named.values())
        on_day = _on_event_day(event, days)
        if hits or on_day:
            rank = (on_day is not None and hits > 0, hits, -_months_apart(event.date, published))
            scored.append((rank, index, named, on_day))
    if not scored:
        return None
    _, index, named, on_day = max(scored, key=lambda item: (item[0], -item[1]))
    evidence = []
    if named:
        evidence.append("named: " + ", ".join(named))
    if on_day is not None:
        evidence.append(f"day: {on_day.isoformat()} (relative to {str(published)[:10]})")
    return RunMatch(events[index], "; ".join(evidence))


def match_event(
    title: str, text: str, published: str | None, events: Sequence[Event]
) -> Event | None:
    """Return the event the article covers (see match_run)."""
    found = match_run(title, text, published, events)
    return found.event if found else None
