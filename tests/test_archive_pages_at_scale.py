"""The pages that stay quick on a large archive: canned queries read in index order and show a
page of rows, and facet counts are kept until the archive is written.

A synthetic archive written through the store's own code (bench/queries.py), served by real
Datasette from a real SQLite file, live (not immutable) as `runarchive serve` serves it.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlite_utils
from datasette.app import Datasette

from archive import store
from archive.datasette_plugins.runarchive_sql import prepare_connection
from archive.publish import metadata_for, plugins_dir, templates_dir
from bench.queries import build
from extract import Article, Quote
from extract.topic import Topic

ARTICLES = 30  # ten quotes each: more rows than a page shows


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "archive.db"
    build(path, ARTICLES, speakers=60, captures=False)
    return path


def serve(path: Path) -> Datasette:
    return Datasette(
        [str(path)],
        metadata=metadata_for(path.stem),
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
        settings={"suggest_facets": False},
    )


def fetch(datasette: Datasette, path: str) -> Any:
    async def get() -> Any:
        return await datasette.client.get(path)

    response = asyncio.run(get())
    assert response.status_code == 200, (path, response.text[:500])
    return response


def rows_of(datasette: Datasette, name: str, **params: str) -> list[dict[str, Any]]:
    query = urlencode({**params, "_shape": "array"})
    return fetch(datasette, f"/archive/{name}.json?{query}").json()


def sql_rows(path: Path, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    db = sqlite_utils.Database(path)
    try:
        return [tuple(row) for row in db.execute(sql, params).fetchall()]
    finally:
        db.conn.close()


def test_a_canned_query_page_shows_a_page_of_rows_and_its_downloads_hold_them_all(archive):
    datasette = serve(archive)
    quotes = sql_rows(archive, "select count(*) from quotes")[0][0]
    assert quotes == ARTICLES * 10 > 100
    page = fetch(datasette, "/archive/find_quotes").text
    assert len(re.findall(r"<tr>\s*<td", page)) == 100
    assert "The first 100 rows are shown here" in page
    assert len(rows_of(datasette, "find_quotes")) == quotes
    text = fetch(datasette, "/archive/find_quotes.csv").text
    assert len(list(csv.DictReader(io.StringIO(text)))) == quotes
    # A query that shows every row it has says nothing of downloads.
    few = fetch(datasette, "/archive/quotes_by_speaker?speaker=Almanza").text
    assert "The first 100 rows" not in few


def test_downloads_stop_where_datasette_does_and_say_they_were_cut(archive):
    datasette = Datasette(
        [str(archive)],
        metadata=metadata_for("archive"),
        plugins_dir=str(plugins_dir()),
        settings={"max_returned_rows": 120},
    )
    data = fetch(datasette, "/archive/find_quotes.json").json()
    assert len(data["rows"]) == 120 and data["truncated"] is True


def test_quotes_between_dates_are_newest_first_then_by_speaker(archive):
    datasette = serve(archive)
    low, high = sql_rows(archive, "select min(published), max(published) from quotes")[0]
    rows = rows_of(datasette, "quotes_between_dates", **{"from": low, "to": high})
    expected = sql_rows(
        archive,
        "select published, speaker_name, text from quotes "
        "order by published desc, speaker_name, id",
    )
    assert [(r["published"], r["speaker"]) for r in rows] == [e[:2] for e in expected]
    assert sorted(r["quote"] for r in rows) == sorted(e[2] for e in expected)


def test_quotes_by_speaker_finds_every_name_a_speaker_goes_by_newest_first(archive, tmp_path):
    copy = tmp_path / "archive.db"
    copy.write_bytes(archive.read_bytes())
    db = store.open_db(copy)
    (garcia, gone), *_ = db.execute(
        "select s.id, (select id from speakers where name_key like '%almanza%' limit 1) "
        "from speakers s where s.name_key like '%garcia%' order by quote_count desc limit 1"
    ).fetchall()
    gone_name = db.execute("select name from speakers where id = ?", [gone]).fetchone()[0]
    with store.transaction(db):
        store.merge_speakers(db, gone, garcia)  # the merged name stays as an alias
    db.conn.close()
    datasette = serve(copy)
    rows = rows_of(datasette, "quotes_by_speaker", speaker=gone_name.upper())
    garcia_name, quoted = sql_rows(
        copy, "select name, quote_count from speakers where id = ?", [garcia]
    )[0]
    assert len(rows) == quoted and {r["speaker"] for r in rows} == {garcia_name}
    everyone = rows_of(datasette, "quotes_by_speaker", speaker="garcía")
    expected = sql_rows(
        copy,
        "select q.published, s.name from quotes q join speakers s on s.id = q.speaker_id "
        "where s.name_key like '%garcia%' or s.id in (select speaker_id from speaker_aliases "
        "where name_key like '%garcia%') order by q.published desc, s.name",
    )
    assert [(r["published"], r["speaker"]) for r in everyone] == expected


def test_the_coverage_timeline_counts_articles_per_monday_week_and_outlet(archive):
    datasette = serve(archive)
    counted: dict[tuple[str, str], int] = {}
    for published, outlet in sql_rows(archive, "select published, outlet from articles"):
        day = date.fromisoformat(published)
        week = (day - timedelta(days=day.weekday())).isoformat()
        counted[(week, outlet)] = counted.get((week, outlet), 0) + 1
    rows = rows_of(datasette, "coverage_timeline")
    assert {(r["week"], r["outlet"]): r["articles"] for r in rows} == counted
    assert [(r["week"], r["outlet"]) for r in rows] == sorted(
        counted, key=lambda key: (tuple(-ord(c) for c in key[0]), key[1])
    )
    plan = sql_rows(
        archive,
        "explain query plan select date(published, '-6 days', 'weekday 1') as week, outlet, "
        "count(*) from articles where published is not null group by week, outlet "
        "order by week desc, outlet",
    )
    assert any("idx_articles_week" in str(step) for step in plan)


def facet_counts(datasette: Datasette, path: str, column: str) -> dict[Any, int]:
    data = fetch(datasette, path).json()
    assert not data.get("facets_timed_out")
    assert data["facet_results"][column]["type"] == "column"  # shown as Datasette's own
    return {r["value"]: r["count"] for r in data["facet_results"][column]["results"]}


def _spanish_article(number: int) -> Article:
    return Article(
        url=f"https://outlet1.example/2026/05/04/new-story-{number}",
        title="A new story",
        authors=(),
        site_name="outlet1.example",
        description=None,
        language="es",
        text="Corredores en el parque.",
        published="2026-05-04",
        published_source="meta",
        published_confidence=0.9,
        modified=None,
        topic=Topic(on_topic=True, score=0.9, terms=("Run Against ICE",)),
        quotes=tuple(
            Quote(f"Corremos juntos {i}.", "Luz Garcia", None, "dijo", 0, "es") for i in range(3)
        ),
        event=None,
    )


def test_counted_facets_match_a_fresh_count_and_follow_writes_to_the_live_archive(
    archive, tmp_path
):
    copy = tmp_path / "archive.db"
    copy.write_bytes(archive.read_bytes())
    datasette = serve(copy)
    fresh = "select {0}, count(*) from quotes where {0} is not null group by {0}"
    for column in ("language", "published_month", "speaker_id", "outlet"):
        counts = facet_counts(datasette, "/archive/quotes.json?_size=0", column)
        expected = dict(sql_rows(copy, fresh.format(column)))
        assert counts == {k: v for k, v in expected.items() if k in counts}
        assert len(counts) == min(len(expected), 30)
    spanish = "/archive/quotes.json?_size=0&language=es"
    months = facet_counts(datasette, spanish, "published_month")
    assert months == dict(
        sql_rows(
            copy,
            "select published_month, count(*) from quotes where language = 'es' "
            "group by published_month",
        )
    )
    before = facet_counts(datasette, "/archive/quotes.json?_size=0", "language")
    assert facet_counts(datasette, "/archive/quotes.json?_size=0", "language") == before
    # A crawl writes the archive through its own connection while Datasette serves it.
    writer = store.open_db(copy)
    with store.transaction(writer):
        store.save_article(writer, _spanish_article(1), "2026-05-04T10:00:00+00:00")
    writer.conn.close()
    after = facet_counts(datasette, "/archive/quotes.json?_size=0", "language")
    assert after == {**before, "es": before["es"] + 3}
    months_after = facet_counts(datasette, spanish, "published_month")
    assert months_after == {**months, "2026-05": months.get("2026-05", 0) + 3}


def test_the_top_speakers_chart_counts_what_the_quotes_say(archive):
    datasette = serve(archive)
    chart = metadata_for("archive")["plugins"]["datasette-dashboards"]["coverage"]["charts"]
    sql = chart["top-speakers"]["query"]
    rows = fetch(datasette, "/archive.json?" + urlencode({"sql": sql, "_shape": "array"})).json()
    counted = sql_rows(
        archive,
        "select s.name, count(*) from quotes q join speakers s on s.id = q.speaker_id "
        "group by s.id order by count(*) desc, s.name limit 15",
    )
    assert [(r["speaker"], r["quotes"]) for r in rows] == counted


@pytest.mark.parametrize("shared_by", ["0", "1000000000"])
def test_both_ways_quotes_by_speaker_reads_give_the_same_rows(archive, shared_by):
    """Common names are read newest first, rare ones sorted: each way gives the same page."""
    queries = metadata_for("archive")["databases"]["archive"]["queries"]
    sql = queries["quotes_by_speaker"]["sql"].replace("50000", shared_by)
    conn = sqlite3.connect(archive)
    prepare_connection(conn)
    try:
        for page in (7, 1001):
            rows = conn.execute(sql, {"speaker": "garcia", "_page_rows": page}).fetchall()
            expected = conn.execute(
                "select q.published, s.name from quotes q join speakers s on s.id = q.speaker_id "
                "where s.name_key like '%garcia%' order by q.published desc, s.name limit ?",
                [page],
            ).fetchall()
            assert [(r[2], r[0]) for r in rows] == expected
    finally:
        conn.close()


def test_counted_facets_of_a_published_copy_served_immutable_are_its_counts(archive):
    datasette = Datasette(
        immutables=[str(archive)],
        metadata=metadata_for("archive"),
        plugins_dir=str(plugins_dir()),
    )
    expected = dict(
        sql_rows(archive, "select outlet, count(*) from quotes group by outlet order by 2 desc")
    )
    for _ in range(2):  # counted, then answered from what was kept
        counts = facet_counts(datasette, "/archive/quotes.json?_size=0", "outlet")
        assert counts == {k: v for k, v in expected.items() if k in counts}
        assert sum(counts.values()) == sum(sorted(expected.values(), reverse=True)[:30])
