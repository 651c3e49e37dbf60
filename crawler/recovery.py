"""Archived copies: a page that is gone (404, 410) or paywalled is looked up in the Wayback
Machine, and its last good capture fetched and stored under the page's own address."""

from __future__ import annotations

from typing import Any

from .items import FetchedPage

GONE_STATUSES = (404, 410)


def copy_wanted(item: Any) -> str | None:
    """Return the address whose archived copy should be asked for, if the page is gone or
    paywalled (never for a page that is itself an archived copy)."""
    if not isinstance(item, FetchedPage) or item.original_url is not None:
        return None
    gone = item.status in GONE_STATUSES
    if not gone and item.access != "paywalled":
        return None
    return item.url if gone else (item.final_url or item.url)
