"""What the spider yields: one fetched page (or failed fetch) with the hints that led to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.outcomes import Outcome
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
    depth: int = 0  # links followed from the sources to reach this page
    links: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (url, anchor)
    # An archived copy: the address of the page it is a copy of (its url is the memento's).
    original_url: str | None = None
    # Filled by ExtractPipeline: "paywalled" when the page's markup says it is not free.
    access: str | None = None
    # Filled by FollowPipeline: the links of an on-topic article worth fetching.
    follow: list[str] = field(default_factory=list, repr=False)
    # Filled by ExtractPipeline: what the page turned out to be.
    outcome: str = Outcome.PENDING
    reason: str | None = None
    article: Article | None = field(default=None, repr=False)
    # Filled by StorePipeline: what the archive did with it.
    stored: str | None = None
