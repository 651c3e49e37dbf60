"""The speed work changes no result: one parse a page, pool output equal to serial output,
grouped writes that still commit, and the speed and query benchmarks running end to end."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml.html import HtmlElement, tostring

from archive import store
from archive.fixture_server import fixture_root
from archive.ingest import StoredCapture, extract_stored
from archive.pool import CHUNK_SIZE, CHUNKS_AHEAD, map_in_order
from extract import Article
from extract.dateline import MAX_DATELINE_CHARS, _short_text
from extract.parsing import load_html
from extract.text import extract_main_text
from runarchive.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FETCHED_AT = "2026-01-01T00:00:00+00:00"


def _pages() -> list[Path]:
    return sorted(fixture_root().rglob("*.html"))


def _comparable(result: Article | Exception) -> object:
    return result if isinstance(result, Article) else f"{type(result).__name__}: {result}"


def test_the_pool_returns_what_extraction_in_one_process_returns() -> None:
    jobs = [
        StoredCapture(
            gzip.compress(page.read_bytes()),
            f"https://{page.parent.name}.example/{page.name}",
            "2026-01-01T00:00:00",
        )
        for page in _pages()
    ]
    serial = [_comparable(r) for r in map_in_order(extract_stored, jobs, 1)]
    pooled = [_comparable(r) for r in map_in_order(extract_stored, jobs, 2)]
    assert pooled == serial
    assert any(isinstance(r, Article) and r.quotes for r in serial)


def test_the_pool_keeps_order_and_reads_only_a_few_chunks_ahead() -> None:
    drawn = []

    def numbers():
        for n in range(-200, 0):
            drawn.append(n)
            yield n

    results = map_in_order(abs, numbers(), 2)
    first = next(results)
    assert first == 200
    assert len(drawn) <= 2 * CHUNKS_AHEAD * CHUNK_SIZE + CHUNK_SIZE
    assert [first, *results] == list(range(200, 0, -1))


def test_trafilatura_leaves_the_shared_tree_as_it_was() -> None:
    for page in _pages():
        tree = load_html(page.read_bytes())
        assert isinstance(tree, HtmlElement)
        before = tostring(tree)
        extract_main_text(tree, "https://example.org/story")
        assert tostring(tree) == before, page.name


@pytest.mark.parametrize(
    "html",
    [
        "<div class='date'>July\u00a012,\u00a02025</div>",
        "<div class='meta'>  Posted <b>July 12, 2025</b>\n by <a>Luz</a>  </div>",
        "<div class='meta'>" + "word " * 40 + "</div>",
        "<div class='meta'>" + "\u00a0" * 400 + "July 12, 2025</div>",
    ],
)
def test_a_short_text_is_the_whole_text_or_none_when_too_long(html: str) -> None:
    element = load_html(f"<html><body>{html}<p>x</p></body></html>").find(".//div")
    whole = " ".join(" ".join(element.itertext()).split())
    assert _short_text(element) == (whole if len(whole) <= MAX_DATELINE_CHARS else None)


def test_a_transaction_commits_once_for_many_writes(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "archive.db")
    commits = []
    db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    page = _pages()[0].read_bytes()
    with store.transaction(db):
        for n in range(3):
            fetch = store.Fetch(f"https://example.org/{n}", None, 200, {}, page, FETCHED_AT)
            store.save_capture(db, fetch, "not-article")
    assert commits == ["COMMIT"]
    with pytest.raises(RuntimeError), store.transaction(db):
        store.save_capture(
            db, store.Fetch("https://example.org/x", None, 200, {}, page, FETCHED_AT), "failed"
        )
        raise RuntimeError("stopped")
    assert db["captures"].count == 3
    assert store.capture_body(db, 1) == page


def _rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"select * from {table} order by 1").fetchall()
            for table in ("articles", "quotes", "speakers", "article_versions")
        }


def test_reextract_on_two_workers_stores_what_one_worker_stores(crawled, tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    shutil.copy(crawled.path, one)
    shutil.copy(crawled.path, two)
    runner = CliRunner()
    for path, workers in ((one, "1"), (two, "2")):
        result = runner.invoke(
            cli, ["reextract", "--db", str(path), "--workers", workers, "--silent"]
        )
        assert result.exit_code == 0, result.output
    assert _rows(one) == _rows(two)
    assert _rows(one)["quotes"]


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, check=True
    )
    return done.stdout


def test_the_speed_bench_times_each_stage_and_parses_each_page_once(tmp_path: Path) -> None:
    for page in _pages()[:3]:
        shutil.copy(page, tmp_path / page.name)
    figures = json.loads(_run(str(ROOT / "bench" / "speed.py"), str(tmp_path)).splitlines()[-1])
    assert figures["pages"] == 3
    assert figures["parses_per_page"] == 1.0
    assert set(figures["stages"]) == {
        *("parse", "text", "metadata", "dates", "quotes", "topic", "other", "store"),
    }
    assert figures["ratio"] > 0 and figures["trafilatura_pages_per_second"] > 0


def test_the_query_bench_asks_every_published_page_of_a_built_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    built = json.loads(
        _run(
            str(ROOT / "bench" / "queries.py"),
            "build",
            str(path),
            "--articles",
            "40",
            "--speakers",
            "50",
        ).splitlines()[-1]
    )
    assert built["rows"]["articles"] == 40 and built["rows"]["quotes"] == 400
    timed = json.loads(
        _run(str(ROOT / "bench" / "queries.py"), "time", str(path), "--rounds", "1").splitlines()[
            -1
        ]
    )
    assert timed["problems"] == {}
    names = set(timed["p95_ms"])
    assert {"quotes_by_speaker Garcia", "newest_coverage .atom", "quotes nothing kept"} <= names
    assert "discoveries facet route" in names and "quotes facet language" not in names
    assert "search-all page" in names and "dashboard coverage" in names
