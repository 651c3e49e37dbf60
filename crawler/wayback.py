"""The Wayback Machine: CDX lookups of an outlet's captures in a window, and archived copies.

CDX server (internetarchive/wayback, wayback-cdx-server README): `{url}/cdx/search/cdx` with
`output=json` answers a list of rows whose first row names the fields (urlkey, timestamp,
original, mimetype, statuscode, digest, length); `filter=[!]field:regex` matches the whole
field; `collapse=urlkey` keeps one capture per address; `from`/`to` are timestamp prefixes and a
negative `limit` keeps the last captures. `{url}/web/{timestamp}id_/{original}` is the capture
exactly as it was served, without the archive's rewriting.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from crawler.windows import slug_words


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


def cdx_window_url(base: str, domain: str, start: date, end: date, words: list[str]) -> str:
    """Return the CDX query for an outlet's good captures in a window whose address names a word."""
    params = [
        ("url", f"{domain}/*"),
        ("output", "json"),
        ("collapse", "urlkey"),
        ("from", start.strftime("%Y%m%d")),
        ("to", end.strftime("%Y%m%d")),
        ("filter", "statuscode:200"),
        ("filter", f"original:(?i){slug_pattern(words)}"),
    ]
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


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
    """Return the captures of a CDX JSON answer (empty answer: none)."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        first = text.splitlines()[0][:80]
        raise CdxError(f"not CDX JSON: {first!r}") from exc
    if not isinstance(rows, list) or (rows and not isinstance(rows[0], list)):
        raise CdxError("not CDX JSON rows")
    if not rows:
        return []
    fields = rows[0]
    if "timestamp" not in fields or "original" not in fields:
        raise CdxError("CDX JSON without a timestamp and original field")
    captures = []
    for row in rows[1:]:
        if not isinstance(row, list) or len(row) != len(fields):
            continue
        record = dict(zip(fields, row, strict=True))
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
