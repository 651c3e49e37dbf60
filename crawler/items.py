"""What the spider yields: fetched pages (archive.ingest's record of a fetch) and the routes by
which it found each candidate."""

from __future__ import annotations

from dataclasses import dataclass

from archive.ingest import FetchedPage

__all__ = ["Discovered", "FetchedPage"]


@dataclass(frozen=True)
class Discovered:
    """One route by which a URL was found: a feed, sitemap, search service, link or by hand."""

    url: str
    route: str
    source: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    is_resolved: bool = True
    window: str | None = None
