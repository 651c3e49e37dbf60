"""Articles added by hand: `runarchive add URL...` and `runarchive import FILE...`."""

from __future__ import annotations

import pytest

from archive import store
from archive.fixture_server import fixture_root
from tests.helpers import KERO_URL, invoke

KERO_PAGE = next(fixture_root().glob("www.turnto23.com/news/**/bakersfield-running-club-*.html"))


def test_import_takes_the_url_from_the_canonical_link(tmp_path):
    db = tmp_path / "a.db"
    result = invoke("import", str(KERO_PAGE), "--db", str(db))
    assert result.exit_code == 0, result.stderr
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
    again = invoke("import", str(KERO_PAGE), "--db", str(db))
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
    refused = invoke("import", str(page), "--db", str(db))
    assert refused.exit_code == 1
    assert "give its address with --url" in refused.stderr
    accepted = invoke("import", str(page), "--url", "https://example.org/story", "--db", str(db))
    assert accepted.exit_code == 0, accepted.stderr
    urls = [r["url"] for r in store.open_db(db).query("select url from articles")]
    assert urls == ["https://example.org/story"]


@pytest.mark.e2e
def test_add_records_the_route_as_by_hand(fixture_web, tmp_path):
    url = fixture_web.url("www.valleyrunner.example", "/2025/07/14/run-against-ice-los-angeles")
    db = tmp_path / "a.db"
    result = invoke("add", url, "--db", str(db), "--silent")
    assert result.exit_code == 0, result.stderr
    archive = store.open_db(db)
    (found,) = archive.query("select route, article_id from discoveries")
    assert found["route"] == "manual"
    assert found["article_id"] is not None
