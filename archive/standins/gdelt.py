"""GDELT DOC 2.0 ArtList (blog.gdeltproject.org, "GDELT DOC 2.0 API Debuts!")."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from archive.standins.query import Query, parse_query
from archive.standins.service import HTML, JSON, TEXT, Answer, Request, Service

GDELT_RATE_TEXT = (
    "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com "
    "for larger queries."
)
# "The new API now searches back to January 1, 2017. You can narrow your search to any time
# range within the last 3 months" (blog.gdeltproject.org, GDELT DOC 2.0 API debuts). No error
# is documented for a longer span; gdeltdoc says earlier ranges "may still return data, but
# it's not guaranteed". This stand-in clips a longer span silently to its last `span_days`:
# the client that asks for more gets fewer articles and no warning, the costly case.
GDELT_EARLIEST = date(2017, 1, 1)
GDELT_SPAN_DAYS = 90
GDELT_DEFAULT_RECORDS = 75  # MAXRECORDS: "75 results by default ... up to 250"
GDELT_MAX_RECORDS = 250
_GDELT_SPAN = re.compile(r"(\d+)\s*(min|h|hours?|d|days?|w|weeks?|m|months?)$", re.IGNORECASE)


def _gdelt(service: Service, request: Request) -> Answer | None:
    """Answer an ArtList query within GDELT's pace, load shedding, span and cap."""
    if not request.path.endswith("/doc/doc"):
        return None
    now = time.monotonic()
    with service.lock:
        service.asked_at.append(now)
        pace = service.number("pace", 5)
        # Load shedding: a first request from a fresh address may get the 429 too
        # (koala73/worldmonitor#5843); `shed` makes the first N requests of all get it.
        shedding = len(service.asked_at) <= int(service.number("shed", 0))
        last = service.answered_at[-1] if service.answered_at else None
        if shedding or (last is not None and now - last < pace):
            service.limited_at.append(now)
            return Answer(429, dict(TEXT), GDELT_RATE_TEXT.encode())
        service.answered_at.append(now)
    return _gdelt_search(service, request)


def _gdelt_search(service: Service, request: Request) -> Answer:
    # Errors come back as text/html, results as JSON (gdeltdoc, api_client.py).
    query = parse_query(request.arg("query"))
    terms = [t for c in query.clauses for t in c]
    if not terms or any(len(t) < 3 for t in terms):
        return Answer(200, dict(HTML), b"The specified phrase is too short.")
    records = int(request.arg("maxrecords") or GDELT_DEFAULT_RECORDS)
    if records > GDELT_MAX_RECORDS:
        # Asking for more than 250 "gets an error message back" (alex9smith/gdelt-doc-api#5).
        return Answer(200, dict(HTML), b"Invalid MAXRECORDS value: the maximum is 250.")
    start, end = _gdelt_span(service, request)
    found = []
    for article in service.data().get("articles", []):
        seen = datetime.strptime(article["seendate"], "%Y%m%dT%H%M%SZ")
        text = f"{article.get('title', '')} {article.get('text', '')}"
        if start <= seen < end and query.matches(text) and _gdelt_filters(query, article):
            found.append((query.hits(text), article))
    order = request.arg("sort").lower()
    if order == "dateasc":
        found.sort(key=lambda pair: pair[1]["seendate"])
    elif order == "datedesc":
        found.sort(key=lambda pair: pair[1]["seendate"], reverse=True)
    else:  # HybridRel, the default: relevance, then recency
        found.sort(key=lambda pair: (pair[0], pair[1]["seendate"]), reverse=True)
    articles = [{k: v for k, v in a.items() if k != "text"} for _, a in found[:records]]
    # No match is an empty object, not an empty list (alex9smith/gdelt-doc-api#62).
    body = json.dumps({"articles": articles} if articles else {})
    return Answer(200, dict(JSON), body.encode())


def _gdelt_filters(query: Query, article: dict[str, Any]) -> bool:
    checks = {
        "sourcelang": "language",
        "sourcecountry": "sourcecountry",
        "domain": "domain",
        "domainis": "domain",
    }
    for operator, key in checks.items():
        values = [v.lower() for v in query.operator(operator)]
        have = str(article.get(key, "")).lower().replace(" ", "")
        if values and not any(v.replace(" ", "") in have for v in values):
            return False
    return True


def _gdelt_span(service: Service, request: Request) -> tuple[datetime, datetime]:
    """Return the span searched: asked dates or TIMESPAN (default 3 months), clipped."""
    now = _now(service)
    start = _stamp(request.arg("startdatetime"))
    end = _stamp(request.arg("enddatetime")) or now
    if start is None:
        start = end - _gdelt_timespan(request.arg("timespan") or "3months")
    longest = timedelta(days=service.number("span_days", GDELT_SPAN_DAYS))
    start = max(start, end - longest, datetime.combine(GDELT_EARLIEST, datetime.min.time()))
    return start, end


def _gdelt_timespan(value: str) -> timedelta:
    match = _GDELT_SPAN.match(value.strip())
    if not match:
        return timedelta(days=GDELT_SPAN_DAYS)
    count, unit = int(match[1]), match[2].lower()
    if unit == "min":
        return timedelta(minutes=count)
    if unit.startswith("h"):
        return timedelta(hours=count)
    if unit.startswith("d"):
        return timedelta(days=count)
    if unit.startswith("w"):
        return timedelta(weeks=count)
    return timedelta(days=30 * count)


def _stamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _now(service: Service) -> datetime:
    if "today" in service.settings:
        return datetime.combine(
            date.fromisoformat(str(service.settings["today"])), datetime.min.time()
        )
    return datetime.now(UTC).replace(tzinfo=None)
