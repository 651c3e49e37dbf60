"""The Wayback Machine's CDX server and its mementos (internetarchive/wayback,
wayback-cdx-server README; recorded answers in edgi-govdata-archiving/wayback)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote_plus, unquote, unquote_plus, urlsplit
from xml.sax.saxutils import escape

from archive.standins.service import DROP, HTML, JSON, TEXT, Answer, Request, Service, _within

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
CDX_BLOCKED_TEXT = (
    b"org.archive.util.io.RuntimeIOException: org.archive.wayback.exception."
    b"AdministrativeAccessControlException: Blocked Site Error\n"
)
TOO_MANY = (
    b"<html><head><title>429 Too Many Requests</title></head>"
    b"<body><h1>429 Too Many Requests</h1></body></html>"
)


def surt(url: str, prefix: bool = False) -> str:
    """Return the CDX urlkey of an address: host reversed without www, default port, scheme,
    and a path's last slash (recorded: .../%E2%80%A2/ is gov,nasa)/%e2%80%a2); a prefix keeps
    its slash."""
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    parts = urlsplit(url)
    host = re.sub(r"^www\d*\.", "", (parts.hostname or "").lower())
    if not re.fullmatch(r"[\d.]+", host):
        host = ",".join(reversed(host.split(".")))
    if parts.port and parts.port not in (80, 443):
        host += f":{parts.port}"
    path = parts.path or "/"
    if not prefix and len(path) > 1:
        path = path.rstrip("/") or "/"
    key = f"{host}){path}"
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.split("&")))
    return key.lower()


def _cdx_gate(service: Service, is_search: bool) -> Answer | None:
    """Refuse a request over the CDX rate, or from a client blocked for ignoring 429s.

    IA staff: CDX "requests are limited to an average of 60/min. Over that and we start sending
    429s. If 429s are ignored for more than a minute we block the IP at the firewall (no
    connection) for 1 hour ... Subsequent 429s over a given period will double that time"
    (edgi-govdata-archiving/wayback#137). Playback has separate limits (wayback#12).
    """
    now = time.monotonic()
    with service.lock:
        until = service.state.get("blocked_until", 0.0)
        if now < until:
            service.refused += 1
            return DROP
        limit = "per_minute" if is_search else "memento_per_minute"
        allowed = service.settings.get(limit, 60 if is_search else None)
        if is_search:
            service.asked_at.append(now)
        if allowed is None:
            return None
        times = service.asked_at if is_search else service.state.setdefault("mementos", [])
        if not is_search:
            times.append(now)
        if _within(times, now, service.number("minute", 60)) <= int(allowed):
            service.state["limited_since"] = None
            if is_search:
                service.answered_at.append(now)
            return None
        since = service.state.get("limited_since")
        if since is not None and now - since > service.number("block_after", 60):
            length = service.number("block_for", 3600) * 2 ** len(service.blocked_at)
            service.blocked_at.append(now)
            service.state["blocked_until"] = now + length
            service.state["limited_since"] = None
            service.refused += 1
            return DROP
        if since is None:
            service.state["limited_since"] = now
        service.limited_at.append(now)
        return Answer(429, dict(HTML), TOO_MANY)


def _cdx(service: Service, request: Request) -> Answer | None:
    """Answer the CDX server and mementos, within the archive's rate limits."""
    is_search = request.path == "/cdx/search/cdx"
    if not is_search and not request.path.startswith("/web/"):
        return None
    refusal = _cdx_gate(service, is_search)
    if refusal is not None:
        return refusal
    if is_search:
        return _cdx_search(service, request)
    return _memento(service, request)


@dataclass(frozen=True)
class _Scope:
    """Which index lines a CDX `url` and `matchType` select."""

    mode: str
    key: str

    def holds(self, urlkey: str) -> bool:
        if self.mode == "exact":
            return urlkey == self.key
        if self.mode == "prefix":
            return urlkey.startswith(self.key)
        host = urlkey.split(")", 1)[0]
        if self.mode == "host":
            return host == self.key
        return host == self.key or host.startswith(self.key + ",")


def _cdx_scope(url: str, match_type: str) -> _Scope:
    """Read `url` and `matchType`, with the README's `/*` and `*.` shorthands."""
    mode = match_type or "exact"
    if url.endswith("*"):
        url, mode = url[:-1], "prefix"
    if url.startswith("*."):
        url, mode = url[2:], "domain"
    key = surt(url, prefix=mode == "prefix")
    if mode == "prefix" and "/" not in url.split("://")[-1]:
        key = key.removesuffix("/")  # `example.com*` reaches every address of the host
    if mode in ("host", "domain"):
        key = key.split(")", 1)[0]
    return _Scope(mode, key)


def _cdx_rows(service: Service) -> list[dict[str, str]]:
    """Return the index lines, sorted by urlkey then time, as the CDX is (cached)."""
    with service.lock:
        rows = service.state.get("rows")
        if rows is not None:
            return list(rows)
    built = []
    for capture in _captures(service):
        original = str(capture["original"])
        built.append(
            {
                "urlkey": surt(original),
                "timestamp": str(capture["timestamp"]),
                "original": original,
                "mimetype": str(capture.get("mimetype", "text/html")),
                "statuscode": str(capture.get("statuscode", 200)),
                "digest": str(capture.get("digest") or _digest(capture)),
                "length": str(capture.get("length", len(str(capture.get("html", ""))) or 512)),
            }
        )
    built.sort(key=lambda r: (r["urlkey"], r["timestamp"]))
    with service.lock:
        service.state["rows"] = built
    return list(built)


def _captures(service: Service) -> list[dict[str, Any]]:
    """Return the data's captures, with `bulk` series of filler captures spelled out."""
    with service.lock:
        cached = service.state.get("captures")
        if cached is not None:
            return list(cached)
    data = service.data()
    captures = list(data.get("captures", []))
    for series in data.get("bulk", []):
        # A site's many other captures, spelled out: `path` with {date:...} and {n}, `count`
        # captures from day `from`, `per_day` a day.
        start, per_day = date.fromisoformat(str(series["from"])), int(series.get("per_day", 1))
        for n in range(int(series["count"])):
            day = start + timedelta(days=n // per_day)
            captures.append(
                {
                    "timestamp": f"{day:%Y%m%d}{n % per_day % 24:02d}0000",
                    "original": str(series["path"]).format(n=n, date=day),
                }
            )
    with service.lock:
        service.state["captures"] = captures
    return list(captures)


def _digest(capture: dict[str, Any]) -> str:
    digest = hashlib.sha1(str(capture.get("html", capture["original"])).encode()).digest()
    return base64.b32encode(digest).decode()


def _resume_key(row: dict[str, str]) -> str:
    """Return the key just after a line: its time with the last character raised by one.

    Recorded answers end `com%2Ccnn%29%2F+2001041400593%3A` after a line of 20010414005939
    (edgi-govdata-archiving/wayback, cassettes/test_search_multipage.yaml); the README shows the
    same position as the time followed by "!". Either sorts just after the last line.
    """
    stamp = row["timestamp"][:-1] + chr(ord(row["timestamp"][-1]) + 1)
    return quote_plus(f"{row['urlkey']} {stamp}", safe="")


def _cdx_search(service: Service, request: Request) -> Answer:
    """Answer a CDX query: rows, or JSON rows under a header, paged by limit or page."""
    query = request.query
    url = request.arg("url")
    blocked = [str(b) for b in service.settings.get("excluded", [])]
    if any(surt(url.rstrip("*")).startswith(surt(b).removesuffix("/")) for b in blocked):
        return Answer(403, dict(TEXT), CDX_BLOCKED_TEXT)
    scope = _cdx_scope(url, request.arg("matchType"))
    in_scope = [r for r in _cdx_rows(service) if scope.holds(r["urlkey"])]
    page_lines = int(service.number("block_lines", 3000)) * max(
        1, min(int(request.arg("pageSize") or 50), int(service.number("page_blocks", 50)))
    )
    if request.arg("showNumPages") == "true":
        _cdx_wait(service, 0)
        return Answer(
            200, dict(TEXT), f"{max(1, math.ceil(len(in_scope) / page_lines))}\n".encode()
        )
    if request.arg("page"):
        number = int(request.arg("page"))
        in_scope = (
            in_scope[number * page_lines : (number + 1) * page_lines] if number >= 0 else in_scope
        )
    key = request.arg("resumeKey")
    if key:
        position = unquote_plus(key) if "%" in key or "+" in key else key
        in_scope = [r for r in in_scope if f"{r['urlkey']} {r['timestamp']}" >= position]
    limit = int(request.arg("limit") or 0)
    offset = int(request.arg("offset") or 0)
    low = request.arg("from").ljust(14, "0") if request.arg("from") else ""
    high = request.arg("to").ljust(14, "9") if request.arg("to") else ""
    filters = query.get("filter", [])
    collapses = query.get("collapse", [])
    kept: list[dict[str, str]] = []
    scanned = 0
    skipped = 0
    last: dict[str, str] | None = None
    for row in in_scope:
        scanned += 1
        if (low and row["timestamp"] < low) or (high and row["timestamp"] > high):
            continue
        if not all(_cdx_filter(row, spec) for spec in filters):
            continue
        if last is not None and any(
            _collapse_key(row, c) == _collapse_key(last, c) for c in collapses
        ):
            continue
        last = row
        if skipped < offset:
            skipped += 1
            continue
        kept.append(row)
        if limit > 0 and len(kept) == limit:
            break
    if limit < 0:
        kept = kept[limit:]
    _cdx_wait(service, scanned)
    resume = (
        _resume_key(kept[-1])
        if request.arg("showResumeKey") == "true" and limit > 0 and len(kept) == limit
        else None
    )
    fields = [f for f in request.arg("fl").split(",") if f] or list(CDX_FIELDS)
    if request.arg("output") == "json":
        if not kept:
            return Answer(200, dict(JSON), b"[]")
        table: list[list[str]] = [fields, *([r.get(f, "") for f in fields] for r in kept)]
        if resume:
            table += [[], [resume]]
        return Answer(200, dict(JSON), json.dumps(table).encode())
    lines = [" ".join(r.get(f, "") for f in fields) for r in kept]
    text = "\n".join(lines) + ("\n" if lines else "")
    if resume:
        text += f"\n{resume}\n"
    return Answer(200, {"Content-Type": "text/plain;charset=UTF-8"}, text.encode())


def _cdx_wait(service: Service, scanned: int) -> None:
    """Take as long as reading `scanned` index lines takes: a domain's scan is slow."""
    with service.lock:
        service.scanned += scanned
    delay = service.number("scan_delay_per_1000", 0) * scanned / 1000
    if delay > 0:
        time.sleep(delay)


def _cdx_filter(row: dict[str, str], spec: str) -> bool:
    """Apply one filter=[!]field:regex; the regex must match the whole field (Java matches())."""
    negate = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    flags = re.IGNORECASE if pattern.startswith("(?i)") else 0
    matched = re.fullmatch(pattern.removeprefix("(?i)"), row.get(name, ""), flags) is not None
    return matched != negate


def _collapse_key(row: dict[str, str], spec: str) -> str:
    name, _, width = spec.partition(":")
    value = row.get(name, "")
    return value[: int(width)] if width.isdigit() else value


_MEMENTO = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.+)$")


def _memento(service: Service, request: Request) -> Answer:
    """Serve a capture at /web/{timestamp}id_/{original}; another time redirects to the nearest.

    Recorded: 20171101000000id_/https://www.fws.gov/birds/ answers 302 to
    https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/ ("found capture at
    20171124151315"); an exact time answers 200 with Memento-Datetime, and an archived error
    page keeps its own status (cassettes of edgi-govdata-archiving/wayback).
    """
    match = _MEMENTO.match(request.raw_path)
    if match is None:
        return Answer(404, dict(HTML), b"<html><body>Not a capture address</body></html>")
    stamp, flags, original = match[1], match[2] or "", unquote(match[3])
    original = re.sub(r"^(https?):/(?!/)", r"\1://", original)
    key = surt(original)
    captures = [c for c in _captures(service) if surt(str(c["original"])) == key]
    if not captures:
        body = b"<html><body><p>The Wayback Machine has not archived that URL.</p></body></html>"
        return Answer(404, dict(HTML), body)
    wanted = _stamp_time(stamp)
    nearest = min(captures, key=lambda c: abs(_stamp_time(str(c["timestamp"])) - wanted))
    if str(nearest["timestamp"]) != stamp:
        location = f"{request.origin}/web/{nearest['timestamp']}{flags}/{nearest['original']}"
        headers = {
            **TEXT,
            "Location": location,
            "X-Archive-Redirect-Reason": f"found capture at {nearest['timestamp']}",
        }
        return Answer(302, headers)
    when = _stamp_time(stamp)
    headers = {
        "Content-Type": str(nearest.get("mimetype", "text/html")) + "; charset=utf-8",
        "Memento-Datetime": format_datetime(when.replace(tzinfo=UTC), usegmt=True),
        "Link": f'<{nearest["original"]}>; rel="original"',
    }
    status = int(nearest.get("statuscode", 200))
    if "location" in nearest:
        headers["Location"] = f"{request.origin}/web/{stamp}{flags}/{nearest['location']}"
    body = str(nearest.get("html") or _filler_capture(str(nearest["original"])))
    return Answer(status, headers, body.encode("utf-8"))


def _filler_capture(original: str) -> str:
    title = escape(original.rstrip("/").rsplit("/", 1)[-1].replace("-", " ") or "Home")
    head = f"<!DOCTYPE html><html><head><title>{title}</title></head>"
    return f"{head}<body><p>{title}</p></body></html>"


def _stamp_time(stamp: str) -> datetime:
    """Return the moment a 1-14 digit timestamp names, its missing parts at their start."""
    padded = stamp.ljust(14, "0")
    year, month, day = int(padded[:4]), max(1, int(padded[4:6])), max(1, int(padded[6:8]))
    try:
        return datetime(
            year,
            min(month, 12),
            day,
            int(padded[8:10]) % 24,
            int(padded[10:12]) % 60,
            int(padded[12:14]) % 60,
        )
    except ValueError:
        return datetime(year, min(month, 12), 1)
