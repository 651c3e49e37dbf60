"""Shared fixtures: the fixture web on loopback, a crawled archive, an empty schema'd database;
the markers each test gets by the fixtures it uses; the slow tests first."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive import store
from archive.fixture_server import FixtureWeb, serve_fixture_web
from tests.helpers import QUICK_CDX, run_crawl

# Fixtures that start what a marker names: a test using one (directly or through another
# fixture) gets the marker.
MARKED_FIXTURES = {
    "crawled": ("e2e",),
    "redis_url": ("e2e", "redis"),
    "browser": ("e2e", "browser"),
}
# Run first, so that the long tests start while the short ones fill the other workers; these
# modules, the longest, before the other slow ones.
SLOW_MARKERS = ("e2e", "browser", "redis")
LONGEST_MODULES = tuple(
    f"tests.test_{name}"
    for name in (
        "service_world",
        "redis",
        "cli",
        "past_runs",
        "service_pace",
        "crawl",
        "bad_input",
        "browser",
    )
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, markers in MARKED_FIXTURES.items():
            if fixture in item.fixturenames:
                for marker in markers:
                    item.add_marker(marker)
    slow_modules = {
        item.module.__name__
        for item in items
        if any(item.get_closest_marker(m) for m in SLOW_MARKERS)
    }

    def rank(item: pytest.Item) -> int:
        name = item.module.__name__
        if name in LONGEST_MODULES:
            return LONGEST_MODULES.index(name)
        return len(LONGEST_MODULES) + (name not in slow_modules)

    # A stable sort by module keeps each module's tests together and in their order.
    items.sort(key=rank)


def shared_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """Build something into a folder once per test run, by whichever pytest-xdist worker asks
    first; the others wait for it and read the same folder and facts."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the run's workers
    folder = root / name
    facts_file = folder / "facts.json"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not facts_file.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed part way
            folder.mkdir()
            facts = build(folder)
            facts_file.write_text(json.dumps(facts), encoding="utf-8")
    return folder, json.loads(facts_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[FixtureWeb]:
    """The bundled fixture web, served on loopback for the whole test run."""
    with serve_fixture_web() as web:
        yield web


@dataclass
class CrawledArchive:
    """A database built by crawling the fixture web twice, with what each crawl said and every
    request the fixture web answered."""

    path: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]
    requests: list[tuple[str, str]]

    def db(self) -> sqlite_utils.Database:
        return store.open_db(self.path)


def _crawl_twice(folder: Path) -> dict[str, Any]:
    with serve_fixture_web() as web:
        sources = folder / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        path = folder / "archive.db"
        facts: dict[str, Any] = {}
        for crawl in ("first", "second"):
            report = f"ARCHIVE_REPORT={folder / f'{crawl}.json'}"
            result = run_crawl(sources, path, *QUICK_CDX, report)
            assert result.returncode == 0, result.stderr[-3000:]
            facts[crawl] = {"args": result.args, "returncode": 0, "stderr": result.stderr}
            facts[f"counts_after_{crawl}"] = store.count_rows(store.open_db(path))
        facts["requests"] = web.requests
        return facts


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> CrawledArchive:
    """The fixture web crawled into a fresh database, then crawled again (once per test run)."""
    folder, facts = shared_once(tmp_path_factory, "crawled", _crawl_twice)
    first, second = (
        subprocess.CompletedProcess(f["args"], f["returncode"], "", f["stderr"])
        for f in (facts["first"], facts["second"])
    )
    return CrawledArchive(
        folder / "archive.db",
        first,
        second,
        facts["counts_after_first"],
        facts["counts_after_second"],
        [tuple(request) for request in facts["requests"]],
    )


@pytest.fixture
def db() -> sqlite_utils.Database:
    """An in-memory database with the archive schema."""
    database = sqlite_utils.Database(memory=True)
    database.execute("PRAGMA foreign_keys = ON")
    store.ensure_schema(database)
    return database
