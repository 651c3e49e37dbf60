"""Mentions kept apart: a page naming a run in passing is stored, but filed under no run, its
quotes are no run's quotes, and the runs' pages, queries and reports count it on its own.

Real SQLite files written through the import road, served by real Datasette.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import sqlite3
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import sqlite_utils

from archive import corrections, store
from archive.report import build_reports, slug
from archive.saved_pages import import_saved_page
from archive.sources import parse_sources
from archive.stories import assign_story_ids
from extract import extract_article
from extract.coverage import MENTION, STORY
from tests.helpers import REPO, assert_exact, facets, kept_counts, serve

PAGES = REPO / "tests" / "fixtures" / "pages"
SOURCES = parse_sources(
    """
outlets:
  - {domain: kernsun.example, name: The Kern Sun}
  - {domain: kernweekly.example, name: Kern Weekly}
events:
  - name: Run Against ICE, Bakersfield, 2026
    date: 2026-02-28
    place: Hart Park, Bakersfield
    terms: [Bakersfield, Hart Park, Girls Run Bakersfield]
  - name: Carrera contra ICE, Fresno, 2025
    date: 2025-09-21
    place: Parque Roeding, Fresno
    terms: [Fresno, Roeding]
    organizers: [Raíces en Movimiento]
"""
)
BAKERSFIELD, FRESNO = (event.name for event in SOURCES.events)
CALENDAR = "kernweekly-things-to-do-this-weekend.html"
COUNTY_VOTE = "kernsun-supervisors-delay-vote-on-immigration-resolution.html"
FEATURE = "kernsun-before-dawn-a-running-club-finds-its-voice.html"
BRIEFS = "elsoldefresno-noticias-breves.html"
RUNNERS = "elsoldefresno-las-mujeres-que-corren-al-amanecer.html"
MENTIONS = {CALENDAR: BAKERSFIELD, COUNTY_VOTE: BAKERSFIELD, BRIEFS: FRESNO}
STORIES = {FEATURE: BAKERSFIELD, RUNNERS: FRESNO}


def url_of(page: str) -> str:
    html = (PAGES / page).read_text(encoding="utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def article_of(db: sqlite_utils.Database, page: str) -> dict[str, Any]:
    return next(db.query("select * from articles where url = ?", [url_of(page)]))


def run_id(db: sqlite_utils.Database, name: str) -> int:
    return db.execute("select id from events where name = ?", [name]).fetchone()[0]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An archive holding two stories and three mentions of two runs, imported as saved pages."""
    archive = tmp_path / "archive.db"
    db = store.open_db(archive)
    for page in (*MENTIONS, *STORIES):
        assert import_saved_page(db, PAGES / page, None, SOURCES) == "new"
    assign_story_ids(db)  # as `runarchive import` does after its pages
    db.conn.close()
    return archive


@pytest.fixture
def db(path: Path) -> sqlite_utils.Database:
    database = store.open_db(path)
    yield database
    database.conn.close()


def test_a_mention_is_filed_under_no_run_and_keeps_the_run_it_mentions(db):
    for page, run in MENTIONS.items():
        row = article_of(db, page)
        assert (row["coverage"], row["event_id"]) == (MENTION, None), page
        assert row["mentions_event_id"] == run_id(db, run), page
        assert row["event_method"].startswith("named:")
    for page, run in STORIES.items():
        row = article_of(db, page)
        assert (row["coverage"], row["event_id"], row["mentions_event_id"]) == (
            STORY,
            run_id(db, run),
            None,
        )
    assert_exact(db)


def test_a_mentions_quotes_are_no_runs_quotes(db):
    vote = article_of(db, COUNTY_VOTE)["id"]
    quoted = db.execute("select event_id from quotes where article_id = ?", [vote]).fetchall()
    assert quoted and {event for (event,) in quoted} == {None}
    feature = article_of(db, FEATURE)["id"]
    filed = db.execute("select distinct event_id from quotes where article_id = ?", [feature])
    assert filed.fetchall() == [(run_id(db, BAKERSFIELD),)]


def test_re_extraction_moves_the_run_when_the_decision_changes(db):
    html = (PAGES / COUNTY_VOTE).read_bytes()
    article = extract_article(html, url_of(COUNTY_VOTE), events=SOURCES.events)
    bakersfield = run_id(db, BAKERSFIELD)
    with store.transaction(db):
        store.save_article(
            db, dataclasses.replace(article, coverage=STORY), "2026-03-05", refresh=True
        )
    row = article_of(db, COUNTY_VOTE)
    assert (row["coverage"], row["event_id"], row["mentions_event_id"]) == (
        STORY,
        bakersfield,
        None,
    )
    quoted = db.execute("select distinct event_id from quotes where article_id = ?", [row["id"]])
    assert quoted.fetchall() == [(bakersfield,)]
    assert_exact(db)
    with store.transaction(db):
        store.save_article(db, article, "2026-03-06", refresh=True)
    row = article_of(db, COUNTY_VOTE)
    assert (row["coverage"], row["event_id"], row["mentions_event_id"]) == (
        MENTION,
        None,
        bakersfield,
    )
    assert_exact(db)


def test_corrections_keep_a_mention_apart_and_can_make_it_a_story(db):
    key = article_of(db, CALENDAR)["id"]
    corrections.correct_run(db, key, FRESNO, "a wrong run")
    row = article_of(db, CALENDAR)
    assert (row["event_id"], row["mentions_event_id"]) == (None, run_id(db, FRESNO))
    assert_exact(db)
    corrections.correct_run(db, key, BAKERSFIELD, "the Hart Park run")
    assert corrections.correct_coverage(db, key, STORY, "the run's own listing") == (
        f"article {key} is now a story"
    )
    row = article_of(db, CALENDAR)
    assert (row["coverage"], row["event_id"], row["mentions_event_id"]) == (
        STORY,
        run_id(db, BAKERSFIELD),
        None,
    )
    assert_exact(db)
    # Re-extraction decides "mention" again; the corrections are applied again after it.
    article = extract_article((PAGES / CALENDAR).read_bytes(), url_of(CALENDAR))
    assert article.coverage == MENTION
    with store.transaction(db):
        store.save_article(db, article, "2026-03-05", refresh=True)
    row = article_of(db, CALENDAR)
    assert (row["coverage"], row["event_id"]) == (STORY, run_id(db, BAKERSFIELD))
    assert row["event_method"] == "correction: the Hart Park run"
    assert_exact(db)
    with pytest.raises(corrections.CorrectionError, match="story or a mention"):
        corrections.correct_coverage(db, key, "brief", None)


def as_schema_version_3(path: Path) -> None:
    """Make an archive as schema version 3 left it: no coverage columns, every page filed
    under its run as a story, its triggers counting no coverage."""
    gone = ("coverage", "mentions_event_id")
    conn = sqlite3.connect(path)
    conn.execute("pragma foreign_keys = off")
    conn.execute("update articles set event_id = coalesce(event_id, mentions_event_id)")
    conn.execute(
        "update quotes set event_id = (select event_id from articles where id = quotes.article_id)"
    )
    schema = conn.execute("select sql from sqlite_master where name = 'articles'").fetchone()[0]
    lines = [line for line in schema.splitlines() if not any(f'"{c}"' in line for c in gone)]
    old_schema = re.sub(r",\s*\)$", "\n)", "\n".join(lines)).replace('"articles"', "articles_v3")
    triggers = conn.execute(
        "select sql from sqlite_master where type = 'trigger' and tbl_name = 'articles' "
        "and name not like '%facet_counts%'"
    ).fetchall()
    indexes = conn.execute(
        "select sql from sqlite_master where type = 'index' and tbl_name = 'articles' "
        "and sql is not null"
    ).fetchall()
    columns = [c[1] for c in conn.execute("pragma table_info(articles)") if c[1] not in gone]
    counted = tuple(c for c in store.COUNTED_COLUMNS["articles"] if c != "coverage")
    with patch.dict(store.COUNTED_COLUMNS, {"articles": counted}):
        counting = store.facet_count_triggers("articles")
    with conn:
        conn.execute(old_schema)
        listed = ", ".join(f"[{c}]" for c in columns)
        conn.execute(f"insert into articles_v3 ({listed}) select {listed} from articles")
        conn.execute("drop table articles")
        conn.execute("alter table articles_v3 rename to articles")
        for (sql,) in [*indexes, *triggers]:
            if not any(c in sql for c in gone):
                conn.execute(sql)
        for sql in counting:
            conn.execute(sql)
        conn.execute("delete from facet_counts where column_name = 'coverage'")
        conn.execute("pragma user_version = 3")
    conn.close()


def test_an_archive_from_before_coverage_tells_its_mentions_apart_when_opened(path):
    as_schema_version_3(path)
    with sqlite3.connect(path) as conn:
        columns = {c[1] for c in conn.execute("pragma table_info(articles)")}
        assert "coverage" not in columns
        filed = conn.execute("select count(*) from articles where event_id is not null")
        assert filed.fetchone()[0] == 5
    db = store.open_db(path)
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert ("mentions_event_id", "events") in {
        (fk.column, fk.other_table) for fk in db["articles"].foreign_keys
    }
    for page, run in MENTIONS.items():
        row = article_of(db, page)
        assert (row["coverage"], row["event_id"]) == (MENTION, None), page
        assert row["mentions_event_id"] == run_id(db, run)
    assert {article_of(db, page)["coverage"] for page in STORIES} == {STORY}
    vote = article_of(db, COUNTY_VOTE)["id"]
    assert db.execute(
        "select count(*) from quotes where article_id = ? and event_id is not null", [vote]
    ).fetchone() == (0,)
    assert_exact(db)
    assert ("articles", "coverage", MENTION, "str", 3) in kept_counts(db)
    # The triggers made again count coverage from now on; search still finds the stories.
    corrections.correct_coverage(db, article_of(db, BRIEFS)["id"], STORY, None)
    assert_exact(db)
    assert [r["url"] for r in db["articles"].search("amanecer")] == [url_of(RUNNERS)]
    db.conn.close()


def query(path: Path, url: str) -> list[dict[str, Any]]:
    async def get() -> Any:
        response = await serve(path).client.get(url)
        assert response.status_code == 200, response.text[:300]
        return response.json()

    return asyncio.run(get())


def test_the_runs_query_counts_mentions_apart(path):
    rows = {row["run"]: row for row in query(path, "/archive/runs.json?_shape=array")}
    bakersfield = rows[BAKERSFIELD]
    assert (bakersfield["articles"], bakersfield["stories"], bakersfield["outlets"]) == (1, 1, 1)
    assert bakersfield["mentions"] == 2
    with sqlite3.connect(path) as conn:
        feature_quotes = conn.execute(
            "select quote_count from articles where url = ?", [url_of(FEATURE)]
        ).fetchone()[0]
    assert bakersfield["quotes"] == feature_quotes > 0
    assert (rows[FRESNO]["articles"], rows[FRESNO]["mentions"]) == (1, 1)


def test_the_mentions_query_lists_each_mention_with_the_run_it_names(path):
    rows = query(path, "/archive/mentions.json?_shape=array&run=")
    found = {(row["url"], row["run_mentioned"]) for row in rows}
    assert found == {(url_of(page), run) for page, run in MENTIONS.items()}
    assert {row["outlet"] for row in rows} == {
        "The Kern Sun",
        "Kern Weekly",
        "El Sol de Fresno",
    }
    fresno = query(path, "/archive/mentions.json?_shape=array&run=Fresno")
    assert [row["url"] for row in fresno] == [url_of(BRIEFS)]


def test_the_articles_page_has_a_facet_on_coverage(path):
    whole = facets(serve(path), "/archive/articles.json?_size=0")
    assert whole["coverage"] == {STORY: 2, MENTION: 3}
    assert sum(whole["event_id"].values()) == 2  # the stories: mentions are under no run


def test_outlets_covering_leaves_out_mentions(path):
    rows = {
        row["domain"]: row for row in query(path, "/archive/outlets_covering.json?_shape=array")
    }
    assert "kernweekly.example" not in rows
    with sqlite3.connect(path) as conn:
        feature = conn.execute(
            "select quote_count, published from articles where url = ?", [url_of(FEATURE)]
        ).fetchone()
    kernsun = rows["kernsun.example"]
    assert (kernsun["articles"], kernsun["quotes"]) == (1, feature[0])
    assert kernsun["first_article"] == kernsun["last_article"] == feature[1]


def test_a_mentions_page_says_which_run_it_mentions(path):
    with sqlite3.connect(path) as conn:
        key, run = conn.execute(
            "select id, mentions_event_id from articles where url = ?", [url_of(CALENDAR)]
        ).fetchone()

    async def page() -> str:
        response = await serve(path).client.get(f"/archive/articles/{key}")
        assert response.status_code == 200
        return response.text

    html = asyncio.run(page())
    assert f'mentions <a href="/archive/events/{run}">{BAKERSFIELD}</a> in passing' in html
    assert "Linked to the run it mentions by named:" in html


def test_the_report_lists_mentions_after_the_stories_and_counts_none(path, tmp_path):
    db = store.open_db(path)
    build_reports(db, tmp_path / "report")
    db.conn.close()
    run = tmp_path / "report" / slug(BAKERSFIELD)
    html = (run / "index.html").read_text(encoding="utf-8")
    stories, rest = html.split("<h2>Stories</h2>")[1].split("<h2>Mentions in passing</h2>")
    mentions = rest.split("<h2>")[0]
    assert url_of(FEATURE) in stories
    for page in (CALENDAR, COUNTY_VOTE):
        assert url_of(page) in mentions and url_of(page) not in stories
    assert "<li><b>1</b>articles</li>" in html and "<li><b>1</b>stories</li>" in html
    markdown = (run / "index.md").read_text(encoding="utf-8")
    assert markdown.index("## Stories") < markdown.index("## Mentions in passing")
    assert f"]({url_of(CALENDAR)})" in markdown.split("## Mentions in passing")[1]
    overall = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<li><b>2</b>articles</li>" in overall
    assert '<td class="n">1</td><td class="n">2</td></tr>' in overall  # Bakersfield's row
    assert url_of(BRIEFS) in overall.split("<h2>Mentions in passing</h2>")[1]
