"""The date windows discovery searches: one per run in the sources file, and one rolling window.

A run's window comes from the sources file (its date, or month, and `window: [-3, 14]`); the
rolling window covers the last days up to today, for coverage of what is new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from archive.sources import Sources

ROLLING = "new"  # the rolling window's label


@dataclass(frozen=True)
class Window:
    """A span of days to search, and the run it belongs to (None for the rolling window)."""

    label: str  # the run's name, or "new"
    start: date
    end: date
    terms: tuple[str, ...] = ()

    @property
    def is_run(self) -> bool:
        return self.label != ROLLING

    def holds(self, day: date) -> bool:
        """Tell whether a day falls in the window."""
        return self.start <= day <= self.end

    def overlaps(self, start: date, end: date) -> bool:
        """Tell whether a span of days shares a day with the window."""
        return start <= self.end and end >= self.start


def search_windows(sources: Sources, today: date, rolling_days: int) -> list[Window]:
    """Return each run's window (none reaching past today) and the rolling window."""
    windows = [
        Window(w.event.name, w.start, min(w.end, today), w.event.terms)
        for w in sources.windows
        if w.start <= today
    ]
    if rolling_days > 0:
        windows.append(Window(ROLLING, today - timedelta(days=rolling_days), today))
    return windows


def window_for(day: date | None, windows: Iterable[Window]) -> Window | None:
    """Return the first run window holding a day, else the rolling window holding it."""
    if day is None:
        return None
    held = [w for w in windows if w.holds(day)]
    return next((w for w in held if w.is_run), held[0] if held else None)


def slug_words(text: str) -> str:
    """Return text as an address names it: lower case words joined by single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def address_words(url: str) -> str:
    """Return the words of a URL's path and query, for matching phrases against it."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    return f" {slug_words(path)} "


def names_any(url: str, phrases: Iterable[str]) -> str | None:
    """Return the first phrase the URL's address names as whole words, if any."""
    words = address_words(url)
    for phrase in phrases:
        slug = slug_words(phrase)
        if slug and f" {slug} " in words:
            return phrase
    return None


def parse_day(value: str | None) -> date | None:
    """Return the day an ISO-8601 date or timestamp starts with, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
