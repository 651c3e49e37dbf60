"""The archive database: schema, captures, article upserts, quotes and full-text search."""

from __future__ import annotations

import sqlite3

import pytest

from archive import store
from extract import Quote, article_id
from tests.helpers import make_article


def quote(text: str, speaker: str | None, paragraph: int = 0) -> Quote:
    return Quote(
        text=text,
        speaker=speaker,
        speaker_description=None,
        verb="said",
        paragraph=paragraph,
        language="en",
    )


def fetch(body: bytes, status: int = 200, url: str = "http://127.0.0.1/a") -> store.Fetch:
    return store.Fetch(
        url=url,
        final_url=url,
        status=status,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        fetched_at="2026-03-02T10:00:00+00:00",
    )


def test_schema_is_created_once_and_is_idempotent(db):
    before = db.schema
    store.ensure_schema(db)
    assert db.schema == before
    assert set(store.TABLES) <= set(db.table_names())
    assert {"articles_fts", "quotes_fts"} <= set(db.table_names())


def test_schema_adds_missing_columns_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table outlets (domain text primary key)")
        conn.execute("insert into outlets values ('www.turnto23.com')")
    database = store.open_db(path)
    assert "name" in database["outlets"].columns_dict
    assert database.execute("select domain from outlets").fetchall() == [("www.turnto23.com",)]


def test_open_db_enforces_foreign_keys(tmp_path):
    database = store.open_db(tmp_path / "a.db")
    with pytest.raises(sqlite3.IntegrityError):
        database["quotes"].insert({"article_id": "missing", "text": "x"})


def test_identical_refetch_is_counted_not_stored_again(db):
    first, new = store.save_capture(db, fetch(b"<html>one</html>"), "article")
    again, new_again = store.save_capture(db, fetch(b"<html>one</html>"), "article")
    changed, new_changed = store.save_capture(db, fetch(b"<html>two</html>"), "article")
    assert (new, new_again, new_changed) == (True, False, True)
    assert again == first and changed != first
    row = db["captures"].get(first)
    assert row["fetch_count"] == 2
    assert store.capture_body(db, first) == b"<html>one</html>"


def test_failed_fetch_is_recorded_with_its_error(db):
    failed = store.Fetch(
        url="http://127.0.0.1/x",
        final_url=None,
        status=None,
        headers={},
        body=b"",
        fetched_at="2026-03-02T10:00:00+00:00",
        error="timed out",
    )
    capture, _ = store.save_capture(db, failed, "failed", "timed out")
    row = db["captures"].get(capture)
    assert (row["status"], row["error"], row["outcome"], row["body"]) == (
        None,
        "timed out",
        "failed",
        None,
    )


def test_save_article_inserts_then_reports_unchanged_then_updated(db):
    key, state = store.save_article(db, make_article(), "2026-03-02T10:00:00+00:00")
    assert (key, state) == (article_id("https://www.turnto23.com/news/run"), "new")
    _, again = store.save_article(db, make_article(), "2026-03-03T10:00:00+00:00")
    _, edited = store.save_article(
        db,
        make_article(text="A corrected text about the Run Against ICE."),
        "2026-03-04T10:00:00+00:00",
    )
    assert (again, edited) == ("unchanged", "updated")
    row = db["articles"].get(key)
    assert row["first_seen_at"] == "2026-03-02T10:00:00+00:00"
    assert row["last_seen_at"] == row["updated_at"] == "2026-03-04T10:00:00+00:00"
    assert db["articles"].count == 1
    assert db["outlets"].get("www.turnto23.com")["name"] == "KERO"


def test_full_text_index_follows_updates(db):
    key, _ = store.save_article(db, make_article(), "2026-03-02T10:00:00+00:00")
    store.save_article(
        db, make_article(text="Now about Kern River Parkway.", title="Edited"), "2026-03-03"
    )
    hits = [r["id"] for r in db["articles"].search("Parkway")]
    assert hits == [key]
    assert list(db["articles"].search("Hart")) == []


def test_quotes_and_speakers_are_linked_and_counted(db):
    quotes = (
        quote("I'm an immigrant myself.", "Luz Almanza"),
        quote("It felt like a safe space.", "Luz  ALMANZA", 2),
        quote("We stand with them.", None, 3),
    )
    key, _ = store.save_article(db, make_article(quotes=quotes), "2026-03-02")
    speakers = list(db["speakers"].rows)
    assert [(s["name"], s["quote_count"]) for s in speakers] == [("Luz Almanza", 2)]
    rows = list(db.query("select text, speaker_id, published from quotes order by paragraph"))
    assert [r["speaker_id"] for r in rows] == [speakers[0]["id"], speakers[0]["id"], None]
    assert {r["published"] for r in rows} == {"2026-03-01"}
    store.save_article(db, make_article(text="Edited.", quotes=quotes[:1]), "2026-03-03")
    assert db["speakers"].get(speakers[0]["id"])["quote_count"] == 1
    assert db["articles"].get(key)["quote_count"] == 1
    assert [r["text"] for r in db["quotes"].search("immigrant")] == ["I'm an immigrant myself."]


def test_speaker_key_folds_case_accents_and_punctuation():
    assert store.speaker_key("José  Núñez-Pérez") == store.speaker_key("jose nunez perez")


def test_speakers_keep_how_many_articles_quote_them(db):
    quotes = (quote("We run for them.", "Luz Almanza"), quote("Again.", "Luz Almanza", 2))
    store.save_article(db, make_article(quotes=quotes), "2026-03-02")
    other = make_article(url="https://www.turnto23.com/news/other", quotes=quotes[:1])
    store.save_article(db, other, "2026-03-02")
    counts = "select quote_count, article_count from speakers where name = 'Luz Almanza'"
    assert db.execute(counts).fetchone() == (3, 2)
    store.save_article(db, make_article(text="Edited.", quotes=()), "2026-03-03")
    assert db.execute(counts).fetchone() == (1, 1)
    second = store.save_speaker(db, "Maria Lopez", None)
    store.save_article(
        db, make_article(text="Edited again.", quotes=(quote("Yes.", "Maria Lopez"),)), "2026-03-04"
    )
    store.merge_speakers(db, store.find_speaker(db, "Luz Almanza"), second)
    merged = db.execute("select quote_count, article_count from speakers").fetchall()
    assert merged == [(2, 2)]


def test_an_older_archive_gets_its_speakers_article_counts(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    quotes = (quote("We run for them.", "Luz Almanza"), quote("Again.", "Luz Almanza", 2))
    store.save_article(db, make_article(quotes=quotes), "2026-03-02")
    db.execute("update speakers set article_count = null")
    db.execute("pragma user_version = 1")
    db.conn.commit()
    db.conn.close()
    reopened = store.open_db(path)
    assert reopened.execute("select article_count from speakers").fetchall() == [(1,)]
    assert reopened.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
