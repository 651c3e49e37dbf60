"""What one crawl shares: built once per crawl and handed to the spider and the pipelines,
and the one place a crawl's command line is made (CLI, tests, resume, frontier workers)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.sources import Sources, load_sources

CONTEXT_SETTING = "ARCHIVE_CONTEXT"


def crawl_command(
    sources: str | Path, db: str | Path, settings: list[str] | tuple[str, ...]
) -> list[str]:
    """Return the command line that runs one crawl in a subprocess (a reactor cannot restart)."""
    command = [sys.executable, "-m", "crawler", str(sources), str(db)]
    for setting in settings:
        command += ["-s", setting]
    return command


def crawl_env() -> dict[str, str]:
    """Return the environment a crawl subprocess runs in."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}


@dataclass(frozen=True)
class CrawlContext:
    """The crawl's shared state: its sources, its archive and how far links are followed."""

    sources: Sources
    sources_path: str
    db_path: str
    follow_depth: int
    article_route: str

    @classmethod
    def from_settings(
        cls, settings: Any, path: str | None = None, sources: Sources | None = None
    ) -> CrawlContext:
        """Return the context for a crawl's settings (sources file, database, follow depth)."""
        path = path or settings.get("ARCHIVE_SOURCES")
        if not path:
            raise ValueError("no sources file: pass -a sources=FILE or set ARCHIVE_SOURCES")
        sources = sources or load_sources(path)
        depth = settings.get("ARCHIVE_FOLLOW_DEPTH")
        return cls(
            sources=sources,
            sources_path=str(path),
            db_path=str(settings.get("ARCHIVE_DB")),
            follow_depth=sources.follow_depth if depth is None else int(depth),
            article_route=settings.get("ARCHIVE_ARTICLE_ROUTE", "article"),
        )


def context_of(crawler: Any) -> CrawlContext | None:
    """Return the context built once for this crawl (by `python -m crawler`, else by the
    spider for `scrapy crawl coverage -a sources=FILE`)."""
    context = crawler.settings.get(CONTEXT_SETTING)
    if context is None:
        context = getattr(crawler.spider, "context", None)
    return context


def sources_of(crawler: Any) -> Sources | None:
    """Return the crawl's sources, from its context."""
    context = context_of(crawler)
    return context.sources if context is not None else None
