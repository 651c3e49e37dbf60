"""Canonical article URLs and the stable ids derived from them."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

# AMP copies are published under these path shapes (e.g. /story/amp, /amp/story, story.amp.html).
_AMP_PATH = re.compile(r"(?:/amp(?=/|$))|(?:\.amp(?=\.html$))", re.IGNORECASE)
_AMP_QUERY_KEYS = frozenset({"amp", "outputtype", "_amp", "amp_js_v"})


def canonical_url(url: str) -> str:
    """Return the URL naming a story however it was reached: no tracking, fragment or AMP."""
    url = url.strip()
    try:
        normalized = normalize_url(url, strict=True)
    except ValueError:
        normalized = url
    try:
        parts = urlsplit(normalized)
    except ValueError:  # not a URL at all (e.g. "http://[::1" from a hostile canonical link)
        return url
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _AMP_QUERY_KEYS
    ]
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def is_web_url(url: str | None) -> bool:
    """Tell whether a string is an http(s) URL with a host that parses."""
    try:
        parts = urlsplit((url or "").strip())
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def article_id(url: str) -> str:
    """Return a short stable id for a story: the hash of its canonical URL."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def url_host(url: str) -> str:
    """Return the lower-cased host of a URL, without port ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
