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

from archive import store
from archive.fixture_server import fixture_root, serve_fixture_web
from archive.locking import writer_lock
from tests.helpers import (
    CRAWLING_COMMANDS,
    REPO,
    assert_one_line_failure,
    invoke,
    run_crawl,
    runarchive,
    start_crawl,
    write_slow_web,
)

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
# The slow outlet of the crawls stopped midway: its stories, and each one's wait.
SLOW_STORIES = 40
SLOW_DELAY = 0.1


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text("outlets: []\n", encoding="utf-8")
    return path


def test_a_sources_file_in_another_encoding(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_bytes("contact: Pe\xf1a\noutlets: []\n".encode("latin-1"))
    assert_one_line_failure(invoke("crawl", "--sources", str(path)), "not UTF-8")


def test_contact_given_as_a_list(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("contact: [a@example.org, b@example.org]\noutlets: []\n", encoding="utf-8")
    assert_one_line_failure(invoke("crawl", "--sources", str(path)), "contact")


@pytest.mark.parametrize("url", ["http://[::1", "http://example.org:99999/", "x" * 10_000])
def test_add_of_a_broken_or_overlong_url(tmp_path, url):
    result = invoke("add", "--db", str(tmp_path / "a.db"), url)
    assert_one_line_failure(result, "URL")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["crawl", "--sources", "SOURCES"], marks=pytest.mark.e2e),
        pytest.param(["add", "https://example.org/story"], marks=pytest.mark.e2e),
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
    # A crawl's own process finds the archive unusable and says so: run it as a user does.
    run = runarchive if command[0] in CRAWLING_COMMANDS else invoke
    result = run(*args, "--db", str(notes))
    assert_one_line_failure(result, "not a runarchive database")
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n" * 100
    assert not (tmp_path / "public.db").exists()


def test_a_truncated_gz_fails_alone_and_the_other_files_are_extracted(tmp_path):
    page = next(iter(STORY_PAGES))
    whole = tmp_path / "story.html"
    shutil.copy(page, whole)
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(page.read_bytes())[:300])
    result = invoke("extract", str(broken), str(whole), "--jsonl", "--silent")
    assert result.exit_code == 0, result.stderr
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
    result = invoke("extract", str(bomb), str(big), "--jsonl", "--silent")
    assert result.exit_code == 1
    assert result.stdout.count("over the 32 MB limit") == 2
    result = invoke(
        "import", str(big), "--url", "https://x.example/a", "--db", str(tmp_path / "a.db")
    )
    assert result.exit_code == 1 and "over the 32 MB limit" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
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
        crawl = run_crawl(sources, db_path, timeout=120)
        assert crawl.returncode == 3 and "is being written by" in crawl.stderr
    assert invoke("reextract", "--db", str(db_path)).exit_code == 0


# A racer opens each archive named on its stdin as soon as it reads it, and says so; started
# once, so that every round is a race of warm interpreters set off by one line each.
RACER = """
import sys
from archive import store
for line in sys.stdin:
    store.open_db(line.strip()).conn.close()
    print("opened", flush=True)
"""
# Before schema creation was safe to race, 2 in 40 rounds of 4 racers failed.
RACE_ROUNDS = 40


def test_schema_creation_is_safe_to_race(tmp_path):
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        for round_ in range(RACE_ROUNDS):
            db_path = tmp_path / f"race-{round_}.db"
            for racer in racers:
                racer.stdin.write(f"{db_path}\n")
                racer.stdin.flush()
            said = [racer.stdout.readline() for racer in racers]
            if said != ["opened\n"] * 4:
                for racer in racers:
                    racer.stdin.close()
                errors = [racer.stderr.read() for racer in racers]
                pytest.fail(f"round {round_}: {said}\n" + "\n".join(errors))
            db = sqlite_utils.Database(db_path)
            assert set(store.TABLES) <= set(db.table_names())
            assert db["articles"].detect_fts() and db["quotes"].detect_fts()
            db.conn.close()
    finally:
        for racer in racers:
            if not racer.stdin.closed:
                racer.stdin.close()
            racer.wait(timeout=60)
    assert [racer.returncode for racer in racers] == [0] * 4


def test_a_full_disk_stops_the_import_and_loses_nothing(tmp_path, monkeypatch):
    db_path = tmp_path / "archive.db"
    pages = list(STORY_PAGES.items())
    first = invoke("import", str(pages[0][0]), "--url", pages[0][1], "--db", str(db_path))
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
    result = invoke(*args)
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


@pytest.mark.e2e
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
    result = invoke("publish", "--db", str(db_path), "--out", str(tmp_path / "public.db"))
    assert result.exit_code == 0, result.stderr


def test_an_archive_from_a_newer_version_is_refused(tmp_path):
    db_path = tmp_path / "new.db"
    store.open_db(db_path).execute(f"pragma user_version = {store.SCHEMA_VERSION + 1}")
    result = invoke("reextract", "--db", str(db_path))
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


@pytest.mark.e2e
def test_a_full_disk_stops_the_crawl_which_resumes_when_there_is_room(tmp_path):
    write_slow_web(tmp_path / "web", SLOW_STORIES, SLOW_DELAY)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FULL_DISK_SITE, encoding="utf-8")
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    pages = sqlite3.connect(db_path).execute("pragma page_count").fetchone()[0]
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), "utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": f"{site}{os.pathsep}{REPO}",
            "RUNARCHIVE_TEST_MAX_PAGES": str(pages + 8),
        }
        command = ["crawl", "--sources", str(sources), "--db", str(db_path), "--silent"]
        full = runarchive(*command, env=env)
        assert full.returncode != 0
        assert "Traceback" not in full.stderr
        assert "disk is full" in full.stderr.strip().splitlines()[-1]
        db = store.open_db(db_path)
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = db["articles"].count
        assert 0 < stored < SLOW_STORIES
        assert (
            db.execute(
                "select count(*) from articles where id not in (select article_id from captures "
                "where article_id is not null)"
            ).fetchone()[0]
            == 0
        )
        db.conn.close()
        resumed = runarchive(*command, "--resume")
        assert resumed.returncode == 0, resumed.stderr
    db = store.open_db(db_path)
    assert db["articles"].count == SLOW_STORIES
    assert db.execute("select count(distinct url) = count(*) from captures").fetchone()[0] == 1


@pytest.mark.e2e
def test_a_second_crawl_during_a_crawl_is_refused_naming_it(tmp_path):
    write_slow_web(tmp_path / "web", SLOW_STORIES, SLOW_DELAY)
    db_path = tmp_path / "archive.db"
    with serve_fixture_web(tmp_path / "web") as web:
        sources = tmp_path / "sources.yml"
        sources.write_text(web.sources_text(), "utf-8")
        # One story at a time: the first crawl writes for 4 s after taking the lock.
        first = start_crawl(sources, db_path, "CONCURRENT_REQUESTS_PER_DOMAIN=1")
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
    assert held, "the first crawl finished before the second asked"
    assert_one_line_failure(second, f"is being written by process {first.pid}")
    assert first.returncode == 0
