"""The Wayback Machine: CDX lookups of an outlet's captures in a window, and archived copies.

CDX server (internetarchive/wayback, wayback-cdx-server README): `{url}/cdx/search/cdx` with
`output=json` answers a list of rows whose first row names the fields (urlkey, timestamp,
original, mimetype, statuscode, digest, length); `filter=[!]field:regex` matches the whole
field; `collapse=urlkey` keeps one capture per address; `from`/`to` are timestamp prefixes and a
negative `limit` keeps the last captures. `{url}/web/{timestamp}id_/{original}` is the capture
exactly as it was served, without the archive's rewriting; an `id_` address without a capture
at exactly that time redirects to the nearest one, within the archive's host.

The index is sorted by address, then time, so `from`/`to` do not shorten a scan: a `domain/*`
query reads the outlet's whole capture history. A window is therefore asked on the narrowest
prefix known (the dated path of the window's months, where the outlet's addresses carry dates),
from the window's first day to today (a story is often captured weeks after it appeared), and
paged with `showResumeKey`/`resumeKey` (after the rows, an empty row, then the key).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

from crawler.windows import slug_words

PAGE_SIZE = 500  # captures a CDX page holds before its resume key


class CdxError(ValueError):
    """A CDX answer that is not the documented JSON rows."""


@dataclass(frozen=True)
class Capture:
    """One archived capture: when, of which address, and how it was answered."""

    timestamp: str  # YYYYMMDDhhmmss
    original: str
    status: str = ""
    mimetype: str = ""


def slug_pattern(words: list[str]) -> str:
    """Return a CDX regex matching any of the words as an address writes them (run-against-ice)."""
    slugs = sorted({slug_words(w).replace(" ", "[-_+]") for w in words if slug_words(w)})
    return f".*({'|'.join(slugs)}).*"


def cdx_window_url(
    base: str,
    prefix: str,
    start: date,
    today: date,
    phrases: Iterable[str],
    resume_key: str | None = None,
) -> str:
    """Return a CDX query: one capture per address under a prefix, captured from a window's
    first day to today, whose address names a topic phrase; a page at a time."""
    params = [
        ("url", prefix),
        ("matchType", "prefix"),
        ("output", "json"),
        ("collapse", "urlkey"),
        ("from", start.strftime("%Y%m%d")),
        ("to", today.strftime("%Y%m%d")),
        ("filter", "statuscode:200"),
        ("filter", f"original:(?i){slug_pattern(list(phrases))}"),
        ("limit", str(PAGE_SIZE)),
        ("showResumeKey", "true"),
    ]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


# A date in an address's path: /2025/07/14/, /2025/07/, /2025-07-14/.
_DATED_PATH = re.compile(
    r"^(.*?/)(20\d\d)([/-])(0[1-9]|1[0-2])(?:[/-](?:0[1-9]|[12]\d|3[01]))?(?=[/-])"
)
MAX_TEMPLATES = 3


def address_prefixes(host: str, known_urls: Iterable[str], start: date, end: date) -> list[str]:
    """Return the narrowest prefixes that hold a window's stories on a host.

    Where the host's known article addresses put a date in their path (`/news/2025/07/14/`),
    each month the window touches is its own prefix (`host/news/2025/07/`), for the few most
    used such paths; otherwise the whole host.
    """
    templates: Counter[tuple[str, str]] = Counter()
    for url in known_urls:
        parts = urlsplit(url)
        if parts.netloc.lower() != host.lower():
            continue
        match = _DATED_PATH.match(parts.path)
        if match:
            templates[(match[1], match[3])] += 1
    if not templates:
        return [f"{host}/"]
    prefixes = []
    for (path, separator), _ in templates.most_common(MAX_TEMPLATES):
        for year, month in months_between(start, end):
            prefixes.append(f"{host}{path}{year}{separator}{month:02d}{separator}")
    return prefixes


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """Return the (year, month) of every month from start to end."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return months


def cdx_latest_url(base: str, url: str) -> str:
    """Return the CDX query for the last good capture of one address."""
    params = [("url", url), ("output", "json"), ("filter", "statuscode:200"), ("limit", "-1")]
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


def memento_url(base: str, capture: Capture) -> str:
    """Return the address of a capture as it was served (the id_ form, not rewritten)."""
    return f"{base.rstrip('/')}/web/{capture.timestamp}id_/{capture.original}"


_MEMENTO = re.compile(r"/web/(\d{4,14})id_/(.+)$")


def memento_parts(url: str) -> tuple[str, str] | None:
    """Return (timestamp, original address) of an id_ memento address, or None."""
    match = _MEMENTO.search(url)
    return (match[1], match[2]) if match else None


def parse_cdx(body: bytes) -> list[Capture]:
    """Return the captures of a CDX answer (empty answer: none)."""
    return parse_cdx_page(body)[0]


def parse_cdx_page(body: bytes) -> tuple[list[Capture], str | None]:
    """Return the captures of a CDX answer, JSON or plain text, and its resume key, if any."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return [], None
    if text.startswith("["):
        return _json_rows(text)
    return _text_rows(text)


def _json_rows(text: str) -> tuple[list[Capture], str | None]:
    """Read `output=json` rows: a header row, captures, then `[]` and `[KEY]` when paged."""
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CdxError(f"not CDX JSON: {text.splitlines()[0][:80]!r}") from exc
    if not isinstance(rows, list) or any(not isinstance(row, list) for row in rows):
        raise CdxError("not CDX JSON rows")
    if not rows:
        return [], None
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key = str(rows[-1][0])
        rows = rows[:-2]
    fields = rows[0]
    if "timestamp" not in fields or "original" not in fields:
        raise CdxError("CDX JSON without a timestamp and original field")
    records = [dict(zip(fields, row, strict=True)) for row in rows[1:] if len(row) == len(fields)]
    return _captures(records), resume_key


_TEXT_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


def _text_rows(text: str) -> tuple[list[Capture], str | None]:
    """Read the default output: seven space-separated fields a line, a blank line, the key."""
    lines = text.splitlines()
    resume_key = None
    if "" in lines:
        blank = lines.index("")
        resume_key = next((line.strip() for line in lines[blank + 1 :] if line.strip()), None)
        lines = lines[:blank]
    records = []
    for line in lines:
        cells = line.split(" ")
        if len(cells) < len(_TEXT_FIELDS) or not cells[1].isdigit():
            raise CdxError(f"not CDX rows: {line[:80]!r}")
        records.append(dict(zip(_TEXT_FIELDS, cells, strict=False)))
    return _captures(records), resume_key


def _captures(records: list[dict[str, str]]) -> list[Capture]:
    """Return the good captures among CDX records (not error pages or redirects)."""
    captures = []
    for record in records:
        if record.get("statuscode", "200") not in ("200", "-", ""):
            continue  # a capture of an error page or a redirect, whatever the server filtered
        captures.append(
            Capture(
                record["timestamp"],
                record["original"],
                record.get("statuscode", ""),
                record.get("mimetype", ""),
            )
        )
    return captures


def capture_day(capture: Capture) -> date | None:
    """Return the day of a capture."""
    try:
        return date(
            int(capture.timestamp[:4]), int(capture.timestamp[4:6]), int(capture.timestamp[6:8])
        )
    except ValueError:
        return None
