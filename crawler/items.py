"""What the spider yields: one fetched page (or failed fetch) with the hints that led to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract import Article


@dataclass
class FetchedPage:
    """One fetch of a URL, its raw body and what the pipelines made of it."""

    url: str
    final_url: str | None
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    outlet: str | None = None
    found_via: str = "article"
    error: str | None = None
    # Filled by ExtractPipeline: what the page turned out to be.
    outcome: str = "pending"
    reason: str | None = None
    article: Article | None = field(default=None, repr=False)
    # Filled by StorePipeline: what the archive did with it.
    stored: str | None = None
