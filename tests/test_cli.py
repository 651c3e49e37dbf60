"""The runarchive command line: help everywhere, extract on seeds and fixture pages, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.fixture_server import fixture_root
from runarchive.cli import cli
from tests.helpers import SEEDS, runarchive

COMMANDS = sorted(cli.commands)


def test_the_group_has_help_and_version():
    runner = CliRunner()
    assert "Usage:" in runner.invoke(cli, ["-h"]).output
    assert runner.invoke(cli, ["--version"]).output.startswith("runarchive, version")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def fixture_pages() -> list[Path]:
    root = fixture_root()
    return sorted(
        p
        for p in root.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(root).parts)
    )


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the repo")
def test_extract_reads_every_seed_text():
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "--jsonl", "--silent", *map(str, seed_files())])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    keys = {
        "source",
        "url",
        "title",
        "published",
        "published_source",
        "language",
        "text",
        "on_topic",
        "quotes",
    }
    assert all(keys <= set(r) for r in records)
    assert all(r["on_topic"] for r in records)
    kero = records[0]
    assert kero["published"] == "2026-03-01"
    assert kero["text"].startswith("BAKERSFIELD, Calif. (KERO)")


def test_extract_reads_every_fixture_page():
    pages = fixture_pages()
    assert len(pages) >= 10
    result = CliRunner().invoke(cli, ["extract", "--silent", *map(str, pages)])
    records = json.loads(result.stdout)
    assert [r["source"] for r in records] == [str(p) for p in pages]
    articles = [r for r in records if "error" not in r and r["on_topic"]]
    assert len(articles) >= 5
    assert all(r["title"] and r["published"] and r["text"] for r in articles)


def test_extract_reads_gzipped_html(tmp_path):
    import gzip

    page = next(p for p in fixture_pages() if "run-against-ice" in p.name)
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(page.read_bytes()))
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "--silent", str(packed)])
    assert json.loads(result.stdout)["on_topic"] is True


def test_extract_records_a_failure_for_an_empty_file(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "--silent", str(empty)])
    assert result.exit_code == 1
    assert "error" in json.loads(result.stdout)


def test_crawl_with_a_bad_sources_file_says_which_line(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text("outlets:\n  - domain: a.example\n    feed: [x]\n")
    result = CliRunner().invoke(
        cli, ["crawl", "--sources", str(sources), "--db", str(tmp_path / "a.db")]
    )
    assert result.exit_code != 0
    assert "sources.yml:3: unknown key 'feed'" in result.output


@pytest.mark.e2e
def test_crawl_of_unreachable_sources_fails_with_one_line_each(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "outlets:\n  - domain: offline.invalid\n"
        "    feeds: [http://offline.invalid/feed.xml]\n"
        "    sitemaps: [http://127.0.0.1:9/sitemap.xml]\n"
    )
    result = runarchive(
        "crawl", "--sources", str(sources), "--db", str(tmp_path / "a.db"), "-s", "RETRY_TIMES=0"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    failures = [line for line in result.stderr.splitlines() if line.startswith("source failed")]
    assert len(failures) == 2, result.stderr
    assert "every source failed" in result.stderr


@pytest.mark.e2e
def test_demo_builds_the_archive_in_the_current_directory(tmp_path):
    result = runarchive("demo", "--no-serve", "--silent", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    from archive import store

    db = store.open_db(tmp_path / "archive.db")
    assert db["articles"].count >= 4
    assert "crawl finished:" in result.stderr
