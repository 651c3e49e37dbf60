"""Per-run discovery figures: stories found by each route, windows searched, what was skipped."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

UNDATED = "undated"  # found by a route that names no window (a feed item without a date)


@dataclass
class DiscoveryFigures:
    """What discovery did, per run window, for the crawl summary and the crawls table."""

    found: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    searched: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def count_found(self, url: str, route: str, window: str | None) -> None:
        """Count a URL found by a route for a window, once."""
        key = (url, route, window or UNDATED)
        if key not in self._seen:
            self._seen.add(key)
            self.found[window or UNDATED][route] += 1

    def count_searched(self, window: str, what: str) -> None:
        """Record that a service or source was searched for a window."""
        if what not in self.searched[window]:
            self.searched[window].append(what)

    def skip(self, why: str, count: int = 1) -> None:
        """Count things left unfetched, by reason."""
        self.skipped[why] += count

    def note(self, line: str) -> None:
        """Keep a one-line remark for the summary (a service skipped, a window out of reach)."""
        if line not in self.notes:
            self.notes.append(line)

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as plain JSON-ready data."""
        windows = sorted(set(self.found) | set(self.searched))
        return {
            "runs": {
                w: {"found": dict(sorted(self.found[w].items())), "searched": self.searched[w]}
                for w in windows
            },
            "skipped": dict(sorted(self.skipped.items())),
            "notes": list(self.notes),
        }


def format_discovery(figures: dict[str, Any]) -> list[str]:
    """Return the discovery figures as summary lines, one per run, skip reason and note."""
    lines = []
    for window, run in figures.get("runs", {}).items():
        found = ", ".join(f"{route} {n}" for route, n in run["found"].items()) or "nothing"
        searched = ", ".join(run["searched"]) or "no window searches"
        lines.append(f"  {window}: found by {found}; searched {searched}")
    for why, count in figures.get("skipped", {}).items():
        lines.append(f"  skipped {count}: {why}")
    lines.extend(f"  {note}" for note in figures.get("notes", []))
    return lines
