"""The table of stand-in kinds, and the dispatch of a request to its kind's stand-in."""

from __future__ import annotations

import time
from collections.abc import Callable

from archive.standins.blox import _blox
from archive.standins.cdx import _cdx
from archive.standins.gdelt import _gdelt
from archive.standins.google_news import _google_news
from archive.standins.mediacloud import _mediacloud
from archive.standins.service import Answer, Request, Service
from archive.standins.wordpress import _wordpress

KINDS: dict[str, Callable[[Service, Request], Answer | None]] = {
    "gdelt": _gdelt,
    "mediacloud": _mediacloud,
    "google-news": _google_news,
    "cdx": _cdx,
    "wordpress": _wordpress,
    "blox": _blox,
}


def answer(service: Service, request: Request) -> Answer | None:
    """Return the service's answer to a request, or None to serve the folder's files."""
    handler = KINDS.get(service.kind)
    result = handler(service, request) if handler else None
    if result is not None:
        with service.lock:
            service.log.append((time.monotonic(), request.raw_path, result.status))
    return result
