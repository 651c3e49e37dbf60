"""facet_counts: the archive's own counts of each faceted value stay exact through every write
(save, re-extraction, corrections, merges, deletes, migration, publishing), and a page of a
whole table reads its facets from them while a filtered page counts its own rows.

Real SQLite files written through the store, served by real Datasette.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlite_utils

from archive import corrections, store
from archive.publish import metadata_for, publish
from extract import Article, Quote
from extract.events import Event
from extract.topic import Topic
from tests.helpers import (
    as_schema_version_2,
    assert_exact,
    facets,
    fresh_counts,
    kept_counts,
    serve,
)

SEEN = "2026-03-02T10:00:00+00:00"
LOS_ANGELES = Event("Run Against ICE Los Angeles 2025", "2025-07", "Los Angeles")
FRESNO = Event("Run Against ICE Fresno 2026", "2026-02", "Fresno")


def article(
    number: int,
    speakers: tuple[str | None, ...],
    language: str = "en",
    published: str | None = "2026-03-01",
    event: Event | None = LOS_ANGELES,
    text: str = "Runners gathered for the Run Against ICE.",
) -> Article:
    outlet = f"outlet{number % 3}.example"
    return Article(
        url=f"https://{outlet}/story-{number}",
        title=f"Story {number}",
        authors=(),
        site_name=outlet,
        description=None,
        language=language,
        text=text,
        published=published,
        published_source="meta",
        published_confidence=0.9,
        modified=None,
        topic=Topic(True, 1.0, ("Run Against ICE",)),
        quotes=tuple(
            Quote(f"Words {number}.{i}.", speaker, None, "said", i, language)
            for i, speaker in enumerate(speakers)
        ),
        event=event,
    )


@pytest.fixture
def archive(tmp_path: Path) -> sqlite_utils.Database:
    db = store.open_db(tmp_path / "archive.db")
    with store.transaction(db):
        store.save_article(db, article(1, ("Luz Almanza", "Luz Almanza", None)), SEEN)
        store.save_article(db, article(2, ("Maria Lopez",), language="es", event=FRESNO), SEEN)
        store.save_article(db, article(3, ("Luz Almanza", None), published=None, event=None), SEEN)
    yield db
    db.conn.close()


def test_saving_articles_counts_every_faceted_value_with_its_type(archive):
    kept = kept_counts(archive)
    assert ("quotes", "language", "en", "str", 5) in kept
    assert ("quotes", "language", "es", "str", 1) in kept
    almanza = store.find_speaker(archive, "Luz Almanza")
    assert ("quotes", "speaker_id", almanza, "int", 3) in kept
    assert ("articles", "published_month", "2026-03", "str", 2) in kept
    assert not any(value is None for _, _, value, _, _ in kept)
    assert_exact(archive)


def test_counts_follow_re_extraction_edits_and_dropped_quotes(archive):
    with store.transaction(archive):
        # The same page read again by better rules: other quotes, another language and month.
        store.save_article(archive, article(1, ("Maria Lopez",), language="es"), SEEN, refresh=True)
        edited = article(2, (), published="2026-04-09", text="A corrected text.")
        store.save_article(archive, edited, "2026-04-10T00:00:00+00:00")
    assert_exact(archive)
    assert ("quotes", "language", "en", "str", 2) in kept_counts(archive)
    assert ("articles", "published_month", "2026-04", "str", 1) in kept_counts(archive)


def test_counts_follow_corrections_merges_and_deletes(archive):
    almanza = store.find_speaker(archive, "Luz Almanza")
    lopez = store.find_speaker(archive, "Maria Lopez")
    first = archive.execute("select id from quotes where speaker_id is null limit 1").fetchone()[0]
    corrections.correct_speaker(archive, first, "Ana Garcia", "named in the next paragraph")
    assert_exact(archive)
    corrections.correct_not_a_quote(archive, first, "a slogan on a sign")
    assert_exact(archive)
    story = archive.execute("select id from articles where event_id is null").fetchone()[0]
    corrections.correct_run(archive, story, FRESNO.name, "the Fresno run")
    assert_exact(archive)
    corrections.merge_speakers(archive, "Maria Lopez", "Luz Almanza", "one person")
    assert_exact(archive)
    assert ("quotes", "speaker_id", almanza, "int", 4) in kept_counts(archive)
    assert not [k for k in kept_counts(archive) if k[1] == "speaker_id" and k[2] == lopez]
    with store.transaction(archive):
        archive.execute("delete from quotes where article_id = ?", [story])
        archive.execute("delete from articles where id = ?", [story])
    assert_exact(archive)
    with store.transaction(archive):
        archive.execute("delete from quotes")
    assert_exact(archive)
    assert not [k for k in kept_counts(archive) if k[0] == "quotes"]


def test_an_archive_from_before_the_counts_gets_them_when_opened(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    expected = kept_counts(archive)
    archive.conn.close()
    as_schema_version_2(path)
    reopened = store.open_db(path)
    assert reopened.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert kept_counts(reopened) == expected
    assert_exact(reopened)
    with store.transaction(reopened):
        store.save_article(reopened, article(4, ("Luz Almanza",)), SEEN)
    assert_exact(reopened)
    reopened.conn.close()


def test_a_published_copy_keeps_exact_counts(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    out = tmp_path / "public.db"
    publish(path, out)
    public = sqlite_utils.Database(out)
    assert kept_counts(public) == kept_counts(archive) == fresh_counts(public)
    public.conn.close()


def test_every_counted_facet_of_the_metadata_is_kept_by_the_archive():
    tables = metadata_for("archive")["databases"]["archive"]["tables"]
    for table, spec in tables.items():
        for facet in spec.get("facets", []):
            if isinstance(facet, dict) and "counted" in facet:
                assert facet["counted"] in store.COUNTED_COLUMNS.get(table, ()), (table, facet)


@pytest.mark.parametrize("immutable", [False, True])
def test_a_whole_table_page_reads_its_facets_from_the_kept_counts(tmp_path, archive, immutable):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    speakers = {
        store.find_speaker(archive, n): q for n, q in (("Luz Almanza", 3), ("Maria Lopez", 1))
    }
    archive.conn.close()  # an immutable copy is read without its WAL
    datasette = serve(path, immutable)
    whole = facets(datasette, "/archive/quotes.json?_size=0")
    assert whole["language"] == {"en": 5, "es": 1}
    assert whole["speaker_id"] == speakers
    # Counts written behind the triggers' back show that the whole table's facets are read,
    # not counted, and that a filtered page still counts its own rows.
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update facet_counts set [count] = 7 where value = 'es'")
    conn.close()
    datasette = serve(path, immutable)
    assert facets(datasette, "/archive/quotes.json?_size=0")["language"] == {"en": 5, "es": 7}
    filtered = facets(datasette, "/archive/quotes.json?_size=0&language=es")
    assert filtered["language"] == {"es": 1}
    searched = facets(datasette, "/archive/quotes.json?_size=0&_search=Words")
    assert searched["language"] == {"en": 5, "es": 1}
    # A page after the first: Datasette counts the rows from there on, and so does this.
    second_page = facets(datasette, "/archive/quotes.json?_size=1&_next=1")
    assert second_page["language"] and 7 not in second_page["language"].values()


def test_a_column_the_archive_has_no_counts_for_is_counted(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    archive.conn.close()
    with sqlite3.connect(path) as conn:
        conn.execute("delete from facet_counts where column_name = 'language'")
    datasette = serve(path)
    assert facets(datasette, "/archive/quotes.json?_size=0")["language"] == {"en": 5, "es": 1}


def test_the_quotes_by_language_chart_counts_quotes_without_a_language_too(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    with store.transaction(archive):
        archive.execute("update quotes set language = null where text like 'Words 3.%'")
    archive.conn.close()
    charts = metadata_for("archive")["plugins"]["datasette-dashboards"]["coverage"]["charts"]
    datasette = serve(path)

    async def chart(name: str) -> list[dict[str, Any]]:
        query = urlencode({"sql": charts[name]["query"], "_shape": "array"})
        return (await datasette.client.get(f"/archive.json?{query}")).json()

    rows = asyncio.run(chart("quotes-by-language"))
    with sqlite3.connect(path) as conn:
        expected = conn.execute(
            "select language, count(*) from quotes group by language order by language"
        ).fetchall()
        outlets = conn.execute("select count(distinct outlet) from articles").fetchone()[0]
    assert (
        [(r["language"], r["quotes"]) for r in rows]
        == expected
        == [
            (None, 2),
            ("en", 3),
            ("es", 1),
        ]
    )
    assert asyncio.run(chart("outlets-count")) == [{"count": outlets}]


def test_the_runs_query_counts_each_runs_quotes_and_articles(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    with store.transaction(archive):
        store.save_event(
            archive, Event("Run Against ICE Bakersfield 2025", "2025-08", "Bakersfield")
        )
    archive.conn.close()
    datasette = serve(path)

    async def runs() -> list[dict[str, Any]]:
        return (await datasette.client.get("/archive/runs.json?_shape=array")).json()

    with sqlite3.connect(path) as conn:
        expected = conn.execute(
            "select e.name, count(distinct a.id), (select count(*) from quotes q "
            "where q.event_id = e.id) from events e left join articles a on a.event_id = e.id "
            "group by e.id order by e.date desc"
        ).fetchall()
    assert [(r["run"], r["articles"], r["quotes"]) for r in asyncio.run(runs())] == expected
    assert [q for _, _, q in expected] == [1, 0, 3]


def test_outlets_covering_gives_each_outlets_articles_quotes_and_days(tmp_path, archive):
    path = Path(archive.execute("pragma database_list").fetchone()[2])
    with store.transaction(archive):
        store.save_outlet(archive, "quiet.example", "An outlet with no stories")
        store.save_article(archive, article(5, (), published="2026-05-02"), SEEN)
    archive.conn.close()
    datasette = serve(path)

    async def rows() -> list[dict[str, Any]]:
        return (await datasette.client.get("/archive/outlets_covering.json?_shape=array")).json()

    with sqlite3.connect(path) as conn:
        expected = conn.execute(
            "select o.name, o.domain, count(a.id), sum(a.quote_count), min(a.published), "
            "max(a.published) from outlets o join articles a on a.outlet = o.domain "
            "group by o.domain order by 6 desc, 1"
        ).fetchall()
    found = [tuple(r.values()) for r in asyncio.run(rows())]
    assert found == expected
    assert ("outlet2.example", "outlet2.example", 2, 1, "2026-03-01", "2026-05-02") in found
