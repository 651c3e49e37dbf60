"""Stand-ins for the search services, answering as each service documents, for the fixture web.

A host folder with a `_service.yml` (`kind:` and `data:`, a JSON file in the folder) answers:
- gdelt: GDELT DOC 2.0 ArtList JSON. Only the last 90 days are searched (its rolling window),
  at most 250 articles (or `maxrecords`), newest first; a request sooner than `pace` seconds
  after the last is answered with GDELT's plain-text "Please limit requests" line, a query
  without phrases with its plain-text "too short" error.
- cdx: the Wayback CDX server's JSON (a header row, then one row per capture), with `url`
  (exact, or a `/*` prefix), `from`/`to`, `filter=[!]field:regex` (whole field), `collapse=urlkey`
  and negative `limit`; the captures themselves at /web/{timestamp}id_/{original}.
- wordpress: an outlet's WordPress search feed, /?s=PHRASE&feed=rss2, ten posts a page.
- mediacloud: Media Cloud's search/story-list JSON, for requests bearing an API token.
Data files may name served origins with {{origin:HOST}}.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

import yaml

Answer = tuple[int, dict[str, str], bytes]
JSON = {"Content-Type": "application/json; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
GDELT_REACH_DAYS = 90
GDELT_CAP = 250
GDELT_RATE_TEXT = (
    "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com "
    "for larger queries."
)
WORDPRESS_PAGE_SIZE = 10


@dataclass
class Service:
    """One stand-in service: its kind, settings, data loader and the times it was asked."""

    kind: str
    settings: dict[str, Any]
    load: Callable[[], Any]
    asked_at: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)  # requests not rate-limited
    limited: int = 0  # requests answered with the rate-limit text
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_service(folder: Path, render: Callable[[str], str]) -> Service | None:
    """Return the stand-in a host folder declares in its _service.yml, if any."""
    config_file = folder / "_service.yml"
    if not config_file.is_file():
        return None
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    data_file = folder / str(settings.get("data", "_data.json"))

    def load() -> Any:
        return json.loads(render(data_file.read_text(encoding="utf-8")))

    return Service(str(settings["kind"]), settings, load)


def answer(service: Service, raw_path: str, headers: Any) -> Answer | None:
    """Return the service's answer to a request, or None to serve the folder's files."""
    parts = urlsplit(raw_path)
    query = parse_qs(parts.query, keep_blank_values=True)
    kind = service.kind
    if kind == "gdelt" and parts.path.endswith("/doc/doc"):
        return _gdelt(service, query)
    if kind == "cdx" and parts.path == "/cdx/search/cdx":
        return _cdx(service.load(), query)
    if kind == "cdx" and parts.path.startswith("/web/"):
        return _memento(service, raw_path)
    if kind == "wordpress" and "s" in query and "feed" in query:
        return _wordpress(service.load(), query)
    if kind == "mediacloud" and parts.path.endswith("/search/story-list"):
        if not str(headers.get("Authorization", "")).startswith("Token "):
            return 403, JSON, b'{"detail": "Authentication credentials were not provided."}'
        return _mediacloud(service.load(), query)
    return None


def _phrases(query: str) -> list[str]:
    """Return the quoted phrases of a search query, lower case."""
    return [p.lower() for p in re.findall(r'"([^"]+)"', query)]


def _matches(text: str, phrases: list[str]) -> bool:
    return any(p in text.lower() for p in phrases)


def _today(service: Service) -> date:
    return (
        date.fromisoformat(str(service.settings["today"]))
        if "today" in service.settings
        else (datetime.now(UTC).date())
    )


def _gdelt(service: Service, query: dict[str, list[str]]) -> Answer:
    """Answer an ArtList query within GDELT's reach, cap and pace."""
    now = time.monotonic()
    pace = float(service.settings.get("pace", 5))
    with service.lock:
        service.asked_at.append(now)
        if service.answered_at and now - service.answered_at[-1] < pace:
            service.limited += 1
            return 200, TEXT, GDELT_RATE_TEXT.encode()
        service.answered_at.append(now)
    phrases = _phrases(query.get("query", [""])[0])
    if not phrases:
        return 200, TEXT, b"The specified phrase is too short."
    earliest = datetime.combine(
        _today(service) - timedelta(days=GDELT_REACH_DAYS), datetime.min.time()
    )
    start = _stamp(query.get("startdatetime", [""])[0]) or earliest
    end = _stamp(query.get("enddatetime", [""])[0]) or datetime.max
    start = max(start, earliest)
    cap = min(int(query.get("maxrecords", ["75"])[0]), GDELT_CAP)
    found = [
        a
        for a in service.load()["articles"]
        if start <= datetime.strptime(a["seendate"], "%Y%m%dT%H%M%SZ") < end
        and _matches(f"{a.get('title', '')} {a.get('text', '')}", phrases)
    ]
    found.sort(key=lambda a: a["seendate"], reverse=True)
    articles = [{k: v for k, v in a.items() if k != "text"} for a in found[:cap]]
    return 200, JSON, json.dumps({"articles": articles}).encode()


def _stamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return None


CDX_FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def _cdx(data: dict[str, Any], query: dict[str, list[str]]) -> Answer:
    """Answer a CDX query with JSON rows, header first."""
    url = query.get("url", [""])[0]
    rows = []
    for capture in data["captures"]:
        original = capture["original"]
        bare = re.sub(r"^https?://", "", original)
        target = re.sub(r"^https?://", "", url)
        if target.endswith("*") and not bare.startswith(target[:-1]):
            continue
        if not target.endswith("*") and bare.rstrip("/") != target.rstrip("/"):
            continue
        row = {
            "urlkey": bare.lower(),
            "timestamp": capture["timestamp"],
            "original": original,
            "mimetype": capture.get("mimetype", "text/html"),
            "statuscode": str(capture.get("statuscode", 200)),
            "digest": "-",
            "length": "0",
        }
        if "from" in query and row["timestamp"] < query["from"][0]:
            continue
        if "to" in query and row["timestamp"][: len(query["to"][0])] > query["to"][0]:
            continue
        if all(_cdx_filter(row, f) for f in query.get("filter", [])):
            rows.append(row)
    rows.sort(key=lambda r: (r["urlkey"], r["timestamp"]))
    if "urlkey" in query.get("collapse", []):
        first = {r["urlkey"]: r for r in reversed(rows)}  # one capture per address, the first
        rows = [r for r in rows if first[r["urlkey"]] is r]
    limit = int(query.get("limit", ["0"])[0] or 0)
    if limit < 0:
        rows = rows[limit:]
    elif limit > 0:
        rows = rows[:limit]
    if not rows:
        return 200, JSON, b"[]"
    body = [CDX_FIELDS, *([r[f] for f in CDX_FIELDS] for r in rows)]
    return 200, JSON, json.dumps(body).encode()


def _cdx_filter(row: dict[str, str], spec: str) -> bool:
    """Apply one filter=[!]field:regex, matching the whole field."""
    negate = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    flags = re.IGNORECASE if pattern.startswith("(?i)") else 0
    matched = re.fullmatch(pattern.removeprefix("(?i)"), row.get(name, ""), flags) is not None
    return matched != negate


def _memento(service: Service, raw_path: str) -> Answer:
    """Serve a capture as it was archived (/web/{timestamp}id_/{original})."""
    match = re.match(r"/web/(\d{14})id_/(.+)$", unquote(raw_path))
    if match is None:
        return 404, TEXT, b"not a capture address"
    data = service.load()
    for capture in data["captures"]:
        if capture["timestamp"] == match[1] and capture["original"] == match[2]:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, capture["html"].encode()
    return 404, TEXT, b"no such capture"


def _wordpress(data: dict[str, Any], query: dict[str, list[str]]) -> Answer:
    """Answer a WordPress search feed: matching posts, newest first, ten a page."""
    words = query["s"][0].lower()
    page = int(query.get("paged", ["1"])[0] or 1)
    posts = [p for p in data["posts"] if words in f"{p['title']} {p['content']}".lower()]
    posts.sort(key=lambda p: p["date"], reverse=True)
    chunk = posts[(page - 1) * WORDPRESS_PAGE_SIZE : page * WORDPRESS_PAGE_SIZE]
    if page > 1 and not chunk:
        return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html>Not found</html>"
    items = "".join(
        f"<item><title>{escape(p['title'])}</title><link>{escape(p['link'])}</link>"
        f'<guid isPermaLink="false">{escape(p["link"])}?p=1</guid>'
        f"<pubDate>{format_datetime(datetime.fromisoformat(p['date']).replace(tzinfo=UTC))}"
        f"</pubDate><description>{escape(p['content'][:200])}</description></item>"
        for p in chunk
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Search results for {escape(words)}</title>{items}</channel></rss>"
    )
    return 200, {"Content-Type": "application/rss+xml; charset=UTF-8"}, body.encode()


def _mediacloud(data: dict[str, Any], query: dict[str, list[str]]) -> Answer:
    """Answer a story-list search: stories matching a phrase published in [start, end]."""
    phrases = _phrases(query.get("q", [""])[0])
    start, end = query.get("start", ["0000"])[0], query.get("end", ["9999"])[0]
    stories = [
        {k: v for k, v in s.items() if k != "text"}
        for s in data["stories"]
        if start <= s["publish_date"][:10] <= end
        and _matches(f"{s['title']} {s.get('text', '')}", phrases)
    ]
    return 200, JSON, json.dumps({"stories": stories, "pagination_token": None}).encode()
