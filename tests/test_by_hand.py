"""Articles added by hand: `runarchive add URL...` and `runarchive import FILE...`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archive import store
from archive.fixture_server import fixture_root
from tests.conftest import REPO
from tests.test_crawl import KERO_URL

KERO_PAGE = next(fixture_root().glob("www.turnto23.com/news/**/bakersfield-running-club-*.html"))


def runarchive(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runarchive", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_import_takes_the_url_from_the_canonical_link(tmp_path):
    db = tmp_path / "a.db"
    result = runarchive("import", str(KERO_PAGE), "--db", str(db))
    assert result.returncode == 0, result.stderr
    archive = store.open_db(db)
    (article,) = archive.query("select * from articles")
    assert article["url"] == KERO_URL
    assert article["published"] == "2026-03-01"
    (found,) = archive.query("select route, source, article_id from discoveries")
    assert (found["route"], found["source"], found["article_id"]) == (
        "import",
        KERO_PAGE.name,
        article["id"],
    )
    assert result.stderr.strip().endswith("new")
    again = runarchive("import", str(KERO_PAGE), "--db", str(db))
    assert again.stderr.strip().endswith("unchanged")
    assert archive.execute("select count(*) from captures").fetchone()[0] == 1


def test_import_of_a_page_without_canonical_link_needs_url(tmp_path):
    page = tmp_path / "saved.html"
    html = KERO_PAGE.read_text(encoding="utf-8")
    page.write_text(
        "\n".join(
            line for line in html.splitlines() if "canonical" not in line and "og:url" not in line
        ),
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    refused = runarchive("import", str(page), "--db", str(db))
    assert refused.returncode == 1
    assert "give its address with --url" in refused.stderr
    accepted = runarchive(
        "import", str(page), "--url", "https://example.org/story", "--db", str(db)
    )
    assert accepted.returncode == 0, accepted.stderr
    urls = [r["url"] for r in store.open_db(db).query("select url from articles")]
    assert urls == ["https://example.org/story"]


def test_add_records_the_route_as_by_hand(fixture_web, tmp_path):
    url = fixture_web.url("www.valleyrunner.example", "/2025/07/14/run-against-ice-los-angeles")
    db = tmp_path / "a.db"
    result = runarchive("add", url, "--db", str(db), "-s", "DOWNLOAD_DELAY=0", "--silent")
    assert result.returncode == 0, result.stderr
    archive = store.open_db(db)
    (found,) = archive.query("select route, article_id from discoveries")
    assert found["route"] == "manual"
    assert found["article_id"] is not None
