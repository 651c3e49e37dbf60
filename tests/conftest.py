"""Shared fixtures: the fixture web on loopback, a crawled archive, an empty schema'd database."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils

from archive import store
from archive.fixture_server import FixtureWeb, serve_fixture_web
from crawler.context import crawl_command

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("RUNARCHIVE_SEEDS", REPO.parent / "shared" / "seeds"))
# Loopback tests need no politeness delays; real crawls keep crawler.settings' values.
FAST_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_TIMES=1",
    "DOWNLOAD_TIMEOUT=10",
    "LOG_LEVEL=WARNING",
    "ARCHIVE_GDELT_PACE=0.2",
    "ARCHIVE_MEDIACLOUD_PACE=0.2",
    "ARCHIVE_WAYBACK_PACE=0.05",
    "ARCHIVE_GOOGLE_NEWS_PACE=0.05",
    "ARCHIVE_RATE_LIMIT_WAIT=0.5",
)


def run_crawl(
    sources: Path, db: Path, *settings: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real spider in a subprocess, as the CLI does, and return its result."""
    command = crawl_command(sources, db, (*FAST_SETTINGS, *settings))
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False
    )


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[FixtureWeb]:
    """The bundled fixture web, served on loopback for the whole test run."""
    with serve_fixture_web() as web:
        yield web


@dataclass
class CrawledArchive:
    """A database built by crawling the fixture web twice, with what each crawl said."""

    path: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]

    def db(self) -> sqlite_utils.Database:
        return store.open_db(self.path)


@pytest.fixture(scope="session")
def crawled(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> CrawledArchive:
    """The fixture web crawled into a fresh database, then crawled again."""
    tmp = tmp_path_factory.mktemp("crawl")
    sources = tmp / "sources.yml"
    sources.write_text(fixture_web.sources_text(), encoding="utf-8")
    path = tmp / "archive.db"
    first = run_crawl(sources, path, f"ARCHIVE_REPORT={tmp / 'first.json'}")
    assert first.returncode == 0, first.stderr[-3000:]
    counts_first = store.count_rows(store.open_db(path))
    second = run_crawl(sources, path, f"ARCHIVE_REPORT={tmp / 'second.json'}")
    assert second.returncode == 0, second.stderr[-3000:]
    counts_second = store.count_rows(store.open_db(path))
    return CrawledArchive(path, first, second, counts_first, counts_second)


@pytest.fixture
def db() -> sqlite_utils.Database:
    """An in-memory database with the archive schema."""
    database = sqlite_utils.Database(memory=True)
    database.execute("PRAGMA foreign_keys = ON")
    store.ensure_schema(database)
    return database
