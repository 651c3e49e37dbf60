"""GDELT DOC 2.0 searched window by window.

GDELT searches a rolling window of the last 3 months, answers at most 250 articles a query and
asks for one request every 5 seconds; it searches the English translation of all coverage, so
queries are English phrases, optionally restricted by `sourcelang:`. A window whose answer fills
the cap is split in halves until none does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from archive.sources import SearchFeed

REACH_DAYS = 90  # GDELT DOC 2.0 searches the last 3 months
RATE_LIMIT_TEXT = "please limit requests"
MIN_SPAN = timedelta(hours=1)  # a window is not split below this


@dataclass(frozen=True)
class GdeltSpan:
    """A span of time queried in one request (start inclusive, end exclusive), for a window."""

    label: str
    start: datetime
    end: datetime

    def halves(self) -> tuple[GdeltSpan, GdeltSpan] | None:
        """Return the span cut in two, or None when it is already as short as GDELT allows."""
        if self.end - self.start < 2 * MIN_SPAN:
            return None
        middle = self.start + (self.end - self.start) / 2
        middle = middle.replace(second=0, microsecond=0)
        return GdeltSpan(self.label, self.start, middle), GdeltSpan(self.label, middle, self.end)


def reachable_span(label: str, start: date, end: date, today: date) -> GdeltSpan | None:
    """Return the part of a window GDELT can still search, or None when it is all too old."""
    earliest = today - timedelta(days=REACH_DAYS)
    if end < earliest:
        return None
    first = max(start, earliest)
    return GdeltSpan(
        label, datetime.combine(first, time()), datetime.combine(end + timedelta(days=1), time())
    )


def gdelt_query(search: SearchFeed, phrases: tuple[str, ...]) -> str:
    """Return GDELT's query: the English phrases OR'ed, with any sourcelang: restriction."""
    quoted = [f'"{p}"' for p in (search.phrases or phrases)]
    query = quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})"
    languages = [f"sourcelang:{lang}" for lang in search.languages]
    if len(languages) == 1:
        query += f" {languages[0]}"
    elif languages:
        query += f" ({' OR '.join(languages)})"
    return query


def gdelt_url(search: SearchFeed, phrases: tuple[str, ...], span: GdeltSpan) -> str:
    """Return the ArtList request for one span (YYYYMMDDHHMMSS start and end)."""
    params = {
        "query": gdelt_query(search, phrases),
        "mode": "ArtList",
        "format": "json",
        "maxrecords": search.max_records,
        "startdatetime": span.start.strftime("%Y%m%d%H%M%S"),
        "enddatetime": span.end.strftime("%Y%m%d%H%M%S"),
        "sort": "DateDesc",
    }
    return f"{search.url}?{urlencode(params)}"


def is_rate_limited(body: bytes) -> bool:
    """Tell whether GDELT answered with its plain-text request to slow down."""
    return body[:200].lstrip().lower().startswith(RATE_LIMIT_TEXT.encode())
