"""GDELT DOC 2.0 searched window by window.

GDELT's DOC 2.0 API searches coverage back to 1 January 2017 ("now searches back to January 1,
2017", its announcement); one query spans at most 3 months and answers at most 250 articles,
and it asks for one request every 5 seconds (crawler.services paces it). It searches the
English translation of all coverage, so queries are English phrases, optionally restricted by
`sourcelang:`. A window longer than 3 months is asked in spans of at most 3 months; a span whose
answer fills the cap is split in halves until none does. An empty answer (`{}`) is no articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from archive.sources import SearchFeed

MAX_SPAN = timedelta(days=90)  # the longest span one query may ask for
EARLIEST = datetime(2017, 1, 1)  # the first day GDELT DOC 2.0 searches
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


def window_spans(
    label: str, start: date, end: date, now: datetime | None = None
) -> list[GdeltSpan]:
    """Return the spans of at most 3 months that ask GDELT for a window, whatever its age.

    Spans start at midnight of the window's first day and end at midnight after its last,
    but never in the future (GDELT takes an end past now as an error) nor before 2017.
    """
    now = (now or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    first = max(datetime.combine(start, time()), EARLIEST)
    last = min(datetime.combine(end + timedelta(days=1), time()), now)
    spans = []
    while first < last:
        cut = min(first + MAX_SPAN, last)
        spans.append(GdeltSpan(label, first, cut))
        first = cut
    return spans


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


def is_rate_limited(status: int, body: bytes) -> bool:
    """Tell whether GDELT asked to slow down: HTTP 429, or its plain-text request alone."""
    return status == 429 or body[:200].lstrip().lower().startswith(RATE_LIMIT_TEXT.encode())
