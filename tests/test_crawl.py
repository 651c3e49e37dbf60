"""The real spider crawling the fixture web over loopback, checked in the database it writes."""

from __future__ import annotations

import json
import re

import pytest

from archive import store
from archive.fixture_server import fixture_root
from extract import article_id
from tests.helpers import KERO_URL, QUICK_CDX, SEEDS, run_crawl

pytestmark = pytest.mark.e2e


def seed_paragraphs(name: str) -> list[str]:
    """Return the paragraphs of a seed text, without its "date ..." marker."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
    return [p.strip() for p in text.splitlines() if p.strip()]


@pytest.fixture(scope="module")
def kero(crawled):
    row = crawled.db()["articles"].get(article_id(KERO_URL))
    assert row is not None, "the KERO article was not archived"
    return row


def test_kero_article_has_its_outlet_date_and_title(kero):
    assert kero["url"] == KERO_URL
    assert kero["outlet"] == "www.turnto23.com"
    assert kero["published"] == "2026-03-01"
    assert "Run Against ICE" in kero["title"]
    assert kero["language"] == "en"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the repo")
def test_kero_text_holds_every_quoted_paragraph_and_no_chrome(kero):
    seed = seed_paragraphs("000_cc7c9f58810ff92c.txt")
    quoted = [p for p in seed if p.startswith('"')]
    assert len(quoted) == 6
    text_paragraphs = [p.strip() for p in kero["text"].splitlines() if p.strip()]
    for paragraph in quoted:
        assert paragraph in text_paragraphs
    chrome = [p for p in text_paragraphs if p not in seed]
    assert chrome == []


def test_every_seed_article_is_archived_with_outlet_and_date(crawled):
    rows = {
        r["outlet"]: r for r in crawled.db().query("select outlet, published, title from articles")
    }
    assert {"www.turnto23.com", "visaverge.com"} <= set(rows)
    assert all(r["published"] for r in rows.values())
    assert all(r["title"] for r in rows.values())


def test_spanish_coverage_is_archived_in_spanish(crawled):
    languages = {r["language"] for r in crawled.db().query("select language from articles")}
    assert {"en", "es"} <= languages


def test_off_topic_pages_are_captured_but_not_articles(crawled):
    db = crawled.db()
    off_topic = list(db.query("select url, article_id from captures where outcome = 'off-topic'"))
    assert off_topic, "no off-topic page was met"
    assert all(r["article_id"] is None for r in off_topic)
    titles = [r["title"] for r in db.query("select title from articles")]
    assert not any("marathon" in (t or "").lower() for t in titles)


def test_robots_disallowed_pages_are_never_fetched(crawled):
    robots = (fixture_root() / "www.turnto23.com" / "robots.txt").read_text()
    disallowed = re.findall(r"(?im)^disallow:\s*(\S+)", robots)
    assert disallowed
    fetched = {path for host, path in crawled.requests if host == "www.turnto23.com"}
    assert "/robots.txt" in fetched
    assert not [p for p in fetched for d in disallowed if p.startswith(d)]


def test_a_second_crawl_changes_no_row_count(crawled):
    assert crawled.counts_after_first["articles"] >= 4
    first, second = dict(crawled.counts_after_first), dict(crawled.counts_after_second)
    assert second.pop("crawls") == first.pop("crawls") + 1  # the log of crawls grows by one
    assert second == first


def test_bad_responses_are_recorded_and_counted(crawled):
    db = crawled.db()
    outcomes = {
        (r["outcome"], r["status"]) for r in db.query("select outcome, status from captures")
    }
    assert ("http-error", 404) in outcomes
    assert ("http-error", 500) in outcomes
    assert ("not-html", 200) in outcomes
    malformed = list(db.query("select outcome from captures where url like '%malformed%'"))
    assert malformed, "the malformed page was not recorded"
    report = json.loads((crawled.path.parent / "first.json").read_text())
    assert report["errors"]["http-404"] >= 1 and report["errors"]["http-500"] >= 1
    assert report["errors"]["not-html"] >= 1
    assert "crawl finished:" in crawled.first.stderr


def test_captures_keep_the_raw_body(crawled):
    from archive import store

    db = crawled.db()
    capture = db.execute(
        "select id from captures where article_id = ?", [article_id(KERO_URL)]
    ).fetchone()[0]
    body = store.capture_body(db, capture)
    assert b"<html" in body.lower() and b"Hart Park" in body


def test_extraction_processes_store_what_a_thread_stores(fixture_web, tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text(fixture_web.sources_text(), encoding="utf-8")
    stored = {}
    for processes in (0, 2):
        path = tmp_path / f"archive-{processes}.db"
        result = run_crawl(
            sources,
            path,
            *QUICK_CDX,
            f"ARCHIVE_EXTRACT_PROCESSES={processes}",
            "LOG_LEVEL=INFO",
        )
        assert result.returncode == 0, result.stderr[-3000:]
        said = "2 process(es)" if processes else "a thread"
        assert f"extracting pages in {said}" in result.stderr
        db = store.open_db(path)
        stored[processes] = (
            db.execute(
                "select a.id, title, published, text, e.name from articles a "
                "left join events e on e.id = a.event_id order by a.id"
            ).fetchall(),
            db.execute(
                "select article_id, text, speaker_name from quotes order by 1, 2"
            ).fetchall(),
            db.execute("select url, outcome from captures order by url, outcome").fetchall(),
        )
    for thread, processes in zip(stored[0], stored[2], strict=True):
        assert processes == thread
    assert len(stored[0][0]) >= 10 and stored[0][1]
