"""Every bad input ends in one line and a non-zero exit, never a traceback, and loses nothing."""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import store
from archive.fixture_server import fixture_root
from archive.locking import writer_lock
from runarchive.cli import cli
from tests.conftest import REPO

FIXTURE_WEB = fixture_root()
STORY_PAGES = {
    FIXTURE_WEB
    / "visaverge.com/news/run-against-ice-15-mile-protest-run-koreatown-to-placita-olvera.html": (
        "https://visaverge.com/news/run-against-ice-koreatown"
    ),
    FIXTURE_WEB / "noticiasdelvalle.example/comunidad/carrera-contra-ice-fresno.html": (
        "https://noticiasdelvalle.example/comunidad/carrera-contra-ice-fresno"
    ),
    FIXTURE_WEB
    / "noticiasdelvalle.example/comunidad/carrera-contra-ice-los-angeles-15-millas.html": (
        "https://noticiasdelvalle.example/comunidad/carrera-contra-ice-los-angeles"
    ),
}


def runarchive(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "runarchive", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text("outlets: []\n", encoding="utf-8")
    return path


def test_a_sources_file_in_another_encoding(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_bytes("contact: Pe\xf1a\noutlets: []\n".encode("latin-1"))
    assert_one_line_failure(runarchive("crawl", "--sources", str(path)), "not UTF-8")


def test_contact_given_as_a_list(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("contact: [a@example.org, b@example.org]\noutlets: []\n", encoding="utf-8")
    assert_one_line_failure(runarchive("crawl", "--sources", str(path)), "contact")


@pytest.mark.parametrize("url", ["http://[::1", "http://example.org:99999/", "x" * 10_000])
def test_add_of_a_broken_or_overlong_url(tmp_path, url):
    result = runarchive("add", "--db", str(tmp_path / "a.db"), url)
    assert_one_line_failure(result, "URL")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["crawl", "--sources", "SOURCES"],
        ["add", "https://example.org/story"],
        ["reextract"],
        ["serve"],
        ["publish", "--out", "OUT"],
        ["import", "PAGE", "--url", "https://example.org/a"],
    ],
)
def test_a_db_that_is_not_sqlite(tmp_path, sources, command):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n" * 100, encoding="utf-8")
    page = next(iter(STORY_PAGES))
    args = [
        {"SOURCES": str(sources), "OUT": str(tmp_path / "public.db"), "PAGE": str(page)}.get(a, a)
        for a in command
    ]
    result = runarchive(*args, "--db", str(notes))
    assert_one_line_failure(result, "not a runarchive database")
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n" * 100
    assert not (tmp_path / "public.db").exists()


def test_a_truncated_gz_fails_alone_and_the_other_files_are_extracted(tmp_path):
    page = next(iter(STORY_PAGES))
    whole = tmp_path / "story.html"
    shutil.copy(page, whole)
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(page.read_bytes())[:300])
    result = runarchive("extract", str(broken), str(whole), "--jsonl", "--silent")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert '"error": "a truncated gzip file"' in lines[0]
    assert '"title"' in lines[1]


def test_pages_over_the_size_limit_are_refused_like_the_crawlers(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * (33 * 1024 * 1024)))
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body>" + b"<p>filler words</p>" * 1_900_000)
    result = runarchive("extract", str(bomb), str(big), "--jsonl", "--silent")
    assert result.returncode == 1
    assert result.stdout.count("over the 32 MB limit") == 2
    result = runarchive(
        "import", str(big), "--url", "https://x.example/a", "--db", str(tmp_path / "a.db")
    )
    assert result.returncode == 1 and "over the 32 MB limit" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_writer_is_refused_naming_the_holder(tmp_path, sources):
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    page = next(iter(STORY_PAGES))
    with writer_lock(db_path, "runarchive crawl"):
        for args in (
            ["import", str(page), "--url", "https://x.example/a"],
            ["reextract"],
            ["crawl", "--sources", str(sources)],
            ["add", "https://example.org/story"],
        ):
            result = runarchive(*args, "--db", str(db_path))
            assert_one_line_failure(result, f"is being written by process {os.getpid()}")
            assert "runarchive crawl" in result.stderr
        crawl = subprocess.run(
            [sys.executable, "-m", "crawler", str(sources), str(db_path)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
            check=False,
        )
        assert crawl.returncode == 3 and "is being written by" in crawl.stderr
    assert runarchive("reextract", "--db", str(db_path)).returncode == 0


def test_schema_creation_is_safe_to_race(tmp_path):
    for round_ in range(6):
        db_path = tmp_path / f"race-{round_}.db"
        code = f"from archive import store; store.open_db({str(db_path)!r}).conn.close()"
        racers = [
            subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=120)[1].decode() for p in racers]
        assert [p.returncode for p in racers] == [0] * 4, errors
        db = sqlite_utils.Database(db_path)
        assert set(store.TABLES) <= set(db.table_names())
        assert db["articles"].detect_fts() and db["quotes"].detect_fts()


def test_a_full_disk_stops_the_import_and_loses_nothing(tmp_path, monkeypatch):
    db_path = tmp_path / "archive.db"
    pages = list(STORY_PAGES.items())
    runner = CliRunner()
    first = runner.invoke(
        cli, ["import", str(pages[0][0]), "--url", pages[0][1], "--db", str(db_path)]
    )
    assert first.exit_code == 0, first.output
    before = store.count_rows(store.open_db(db_path))
    pages_now = sqlite3.connect(db_path).execute("pragma page_count").fetchone()[0]
    real_open_db = store.open_db

    def open_db_on_a_full_disk(path):
        db = real_open_db(path)
        db.execute(f"pragma max_page_count = {pages_now + 2}")  # the disk fills up
        return db

    monkeypatch.setattr(store, "open_db", open_db_on_a_full_disk)
    args = ["import", *(str(p) for p, _ in pages[1:]), "--db", str(db_path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "disk is full" in result.output.strip().splitlines()[-1]
    monkeypatch.undo()
    db = store.open_db(db_path)
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    after = store.count_rows(db)
    assert after["articles"] >= before["articles"] and after["articles"] < len(pages)
    # each page is stored whole or not at all: its capture with its article
    assert after["captures"] == after["articles"], (after, result.output)
    stored = [line for line in result.output.splitlines() if line.endswith(": new")]
    assert len(stored) == after["articles"] - before["articles"], result.output


def make_read_only(path: Path) -> None:
    """Make a file read-only even for root (which writes any file whatever its mode)."""
    os.chmod(path, 0o444)
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")


def test_a_crawl_into_a_read_only_archive_fails_in_one_line(tmp_path, sources):
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    make_read_only(db_path)
    try:
        before = db_path.read_bytes()
        result = runarchive("crawl", "--sources", str(sources), "--db", str(db_path))
        assert_one_line_failure(result, "cannot be written")
        assert "0 pages fetched" not in result.stderr
        assert db_path.read_bytes() == before
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db_path)], check=False)


def test_an_archive_from_the_first_schema_is_migrated_forward(tmp_path):
    db_path = tmp_path / "old.db"
    conn = sqlite3.connect(db_path)
    conn.executescript((REPO / "tests/fixtures/archive-v0.sql").read_text(encoding="utf-8"))
    conn.close()
    assert sqlite3.connect(db_path).execute("pragma user_version").fetchone()[0] == 0
    db = store.open_db(db_path)
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert set(store.TABLES) <= set(db.table_names())
    for name, spec in store.TABLES.items():
        assert set(spec["columns"]) <= set(db[name].columns_dict), name
    article = db["articles"].get("a1")
    assert article["published_month"] == "2026-03"
    quote = next(db.query("select * from quotes"))
    assert (quote["published_month"], quote["outlet"]) == ("2026-03", "news.example")
    hits = list(db.query("select rowid from articles_fts where articles_fts match 'Hart'"))
    assert len(hits) == 1
    result = runarchive("publish", "--db", str(db_path), "--out", str(tmp_path / "public.db"))
    assert result.returncode == 0, result.stderr


def test_an_archive_from_a_newer_version_is_refused(tmp_path):
    db_path = tmp_path / "new.db"
    store.open_db(db_path).execute(f"pragma user_version = {store.SCHEMA_VERSION + 1}")
    result = runarchive("reextract", "--db", str(db_path))
    assert_one_line_failure(result, "upgrade runarchive")


FULL_DISK_SITE = '''
"""Make every archive.db this process opens hold at most RUNARCHIVE_TEST_MAX_PAGES pages."""
import os
import sqlite3

_connect = sqlite3.connect


def _connect_to_a_full_disk(database, *args, **kwargs):
    conn = _connect(database, *args, **kwargs)
    if str(database).endswith("archive.db"):
        conn.execute("pragma max_page_count = " + os.environ["RUNARCHIVE_TEST_MAX_PAGES"])
    return conn


sqlite3.connect = _connect_to_a_full_disk
'''


def test_a_full_disk_stops_the_crawl_which_resumes_when_there_is_room(tmp_path):
    from archive.fixture_server import serve_fixture_web
    from tests.test_live_serve import STORIES, slow_web

    slow_web(tmp_path / "web")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FULL_DISK_SITE, encoding="utf-8")
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    pages = sqlite3.connect(db_path).execute("pragma page_count").fetchone()[0]
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        origin = web.origins["slow.example"]
        sources.write_text(
            f"outlets:\n  - domain: slow.example\n    feeds: ['{origin}/feed.rss']\n", "utf-8"
        )
        env = {
            **os.environ,
            "PYTHONPATH": f"{site}{os.pathsep}{REPO}",
            "RUNARCHIVE_TEST_MAX_PAGES": str(pages + 8),
        }
        command = [sys.executable, "-m", "runarchive", "crawl", "--sources", str(sources)]
        full = subprocess.run(
            [*command, "--db", str(db_path), "-s", "DOWNLOAD_DELAY=0", "--silent"],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=300,
            check=False,
        )
        assert full.returncode != 0
        assert "Traceback" not in full.stderr
        assert "disk is full" in full.stderr.strip().splitlines()[-1]
        db = store.open_db(db_path)
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = db["articles"].count
        assert 0 < stored < STORIES
        assert (
            db.execute(
                "select count(*) from articles where id not in (select article_id from captures "
                "where article_id is not null)"
            ).fetchone()[0]
            == 0
        )
        db.conn.close()
        resumed = runarchive(*command[3:], "--db", str(db_path), "--resume", "--silent")
        assert resumed.returncode == 0, resumed.stderr
    db = store.open_db(db_path)
    assert db["articles"].count == STORIES
    assert db.execute("select count(distinct url) = count(*) from captures").fetchone()[0] == 1


def test_a_second_crawl_during_a_crawl_is_refused_naming_it(tmp_path):
    from archive.fixture_server import serve_fixture_web
    from tests.test_live_serve import slow_web

    slow_web(tmp_path / "web")
    db_path = tmp_path / "archive.db"
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        origin = web.origins["slow.example"]
        sources.write_text(
            f"outlets:\n  - domain: slow.example\n    feeds: ['{origin}/feed.rss']\n", "utf-8"
        )
        first = subprocess.Popen(
            [sys.executable, "-m", "crawler", str(sources), str(db_path)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            lock = Path(f"{db_path}.lock")
            for _ in range(600):
                if lock.is_file() and f"process {first.pid} " in lock.read_text():
                    break
                time.sleep(0.05)
            second = runarchive("crawl", "--sources", str(sources), "--db", str(db_path))
            held = first.poll() is None
        finally:
            first.wait(timeout=300)
    if held:  # the first crawl was still writing when the second asked
        assert_one_line_failure(second, f"is being written by process {first.pid}")
    assert first.returncode == 0
