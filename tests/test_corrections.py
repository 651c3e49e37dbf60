"""Corrections by people: kept with when and why, applied at once and again after reextract;
organizations named by an acronym or in full are one speaker."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from archive import store
from extract import Article
from extract.aliases import extract_aliases
from extract.quotes import Quote
from extract.topic import Topic
from tests.helpers import invoke


@pytest.fixture(scope="module")
def corrected(crawled, tmp_path_factory) -> Path:
    """A copy of the crawled archive with one correction of each kind, then re-extracted."""
    path = tmp_path_factory.mktemp("corrections") / "archive.db"
    shutil.copy(crawled.path, path)
    db = store.open_db(path)
    ambriz = db.execute(
        "select id from quotes where speaker_name = 'Ruben Ambriz' order by id limit 1"
    ).fetchone()[0]
    almanza = db.execute(
        "select id from quotes where speaker_name = 'Luz Almanza' order by id limit 1"
    ).fetchone()[0]
    fresno = db.execute("select id from articles where url like '%fresno%'").fetchone()[0]
    db.conn.close()
    for args in (
        ("speaker", str(ambriz), "Rosa Ambríz", "--reason", "the caption names her"),
        ("not-a-quote", str(almanza), "--reason", "a slogan"),
        ("merge-speakers", "Thai Nguyen", "Elena Vargas", "--reason", "test merge"),
        ("run", fresno, "Run Against ICE, Santa Ana, 2025", "--reason", "test run"),
    ):
        result = invoke("correct", *args, "--db", str(path))
        assert result.exit_code == 0, result.stderr
    result = invoke("reextract", "--db", str(path), "--silent")
    assert result.exit_code == 0, result.stderr
    return path


def test_corrections_are_kept_with_when_and_why(corrected):
    rows = list(store.open_db(corrected).query("select * from corrections order by id"))
    assert [r["kind"] for r in rows] == ["speaker", "not-a-quote", "merge-speakers", "run"]
    assert all(r["made_at"] and r["reason"] for r in rows)


def test_a_corrected_speaker_survives_reextract(corrected):
    db = store.open_db(corrected)
    names = [
        r[0]
        for r in db.execute(
            "select speaker_name from quotes where text like ?", ["%amazing to just show up%"]
        )
    ]
    assert names == ["Rosa Ambríz"]
    assert (
        db.execute("select quote_count from speakers where name = 'Rosa Ambríz'").fetchone()[0] == 1
    )


def test_a_passage_marked_not_a_quote_stays_out_after_reextract(corrected, crawled):
    db = store.open_db(corrected)
    before = (
        crawled.db()
        .execute("select count(*) from quotes where speaker_name = 'Luz Almanza'")
        .fetchone()[0]
    )
    after = db.execute("select count(*) from quotes where speaker_name = 'Luz Almanza'").fetchone()[
        0
    ]
    assert after == before - 1
    kero = db.execute(
        "select quote_count, (select count(*) from quotes q where q.article_id = a.id) "
        "from articles a where url like '%turnto23%'"
    ).fetchone()
    assert kero[0] == kero[1]


def test_merged_speakers_stay_merged_after_reextract(corrected):
    db = store.open_db(corrected)
    assert db.execute("select count(*) from speakers where name = 'Thai Nguyen'").fetchone()[0] == 0
    assert (
        db.execute(
            "select count(*) from quotes where text like ? and speaker_name = 'Elena Vargas'",
            ["%city of immigrants%"],
        ).fetchone()[0]
        == 1
    )


def test_a_corrected_run_survives_reextract(corrected):
    db = store.open_db(corrected)
    row = next(
        db.query(
            "select e.name, a.event_method, a.id from articles a "
            "join events e on e.id = a.event_id where a.url like '%fresno%'"
        )
    )
    assert row["name"] == "Run Against ICE, Santa Ana, 2025"
    assert row["event_method"] == "correction: test run"
    runs = {
        r[0] for r in db.execute("select event_id from quotes where article_id = ?", [row["id"]])
    }
    assert len(runs) == 1


def test_reextract_keeps_every_other_article_under_its_run(corrected):
    db = store.open_db(corrected)
    assert db.execute("select count(*) from articles where event_id is null").fetchone()[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("speaker", "999999", "Someone"),
        ("not-a-quote", "999999"),
        ("merge-speakers", "Nobody At All", "Luz Almanza"),
        ("run", "0000000000000000", "Run Against ICE, Bakersfield, 2026"),
    ],
)
def test_a_correction_naming_nothing_is_a_clear_error(crawled, tmp_path, args):
    path = tmp_path / "archive.db"
    shutil.copy(crawled.path, path)
    result = invoke("correct", *args, "--db", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ")
    assert "Traceback" not in result.stderr


def _article(url: str, quotes: list[tuple[str, str]]) -> Article:
    return Article(
        url=url,
        title="Runners",
        authors=(),
        site_name=None,
        description=None,
        language="en",
        text="Runners ran.",
        published="2025-07-14",
        published_source="meta",
        published_confidence=1.0,
        modified=None,
        topic=Topic(True, 1.0, ("Run Against ICE",)),
        quotes=tuple(
            Quote(text, speaker, None, "said", i, "en") for i, (text, speaker) in enumerate(quotes)
        ),
    )


@pytest.mark.parametrize("first", ["CHIRLA", "Coalition for Humane Immigrant Rights"])
def test_an_acronym_and_its_full_name_are_one_speaker_whichever_comes_first(db, first):
    other = {
        "CHIRLA": "Coalition for Humane Immigrant Rights",
        "Coalition for Humane Immigrant Rights": "CHIRLA",
    }[first]
    store.save_article(
        db, _article("https://a.example/1", [("We run.", first)]), "2025-07-14T00:00:00+00:00"
    )
    store.save_article(
        db,
        _article(
            "https://b.example/2",
            [("We march.", other), ("And we stay.", "U.S. Department of Homeland Security")],
        ),
        "2025-07-14T00:00:00+00:00",
    )
    store.save_article(
        db, _article("https://c.example/3", [("No comment.", "DHS")]), "2025-07-14T00:00:00+00:00"
    )
    speakers = {
        r["name"]: r["quote_count"] for r in db.query("select name, quote_count from speakers")
    }
    assert speakers == {
        "Coalition for Humane Immigrant Rights (CHIRLA)": 2,
        "U.S. Department of Homeland Security (DHS)": 2,
    }
    assert {r[0] for r in db.execute("select speaker_name from quotes")} == set(speakers)


def test_people_with_the_same_initials_are_not_merged(db):
    store.save_article(
        db,
        _article("https://a.example/1", [("Hi.", "Ana Almanza"), ("Yes.", "AA")]),
        "2025-07-14T00:00:00+00:00",
    )
    assert db["speakers"].count == 2


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        (
            "The Coalition for Humane Immigrant Rights of Los Angeles, known as CHIRLA, helped.",
            (("CHIRLA", "Coalition for Humane Immigrant Rights of Los Angeles"),),
        ),
        (
            "convocadas por la Coalición por los Derechos Humanos de los Inmigrantes de "
            "Los Ángeles (CHIRLA).",
            (("CHIRLA", "Coalición por los Derechos Humanos de los Inmigrantes de Los Ángeles"),),
        ),
        (
            "Agents of Immigration and Customs Enforcement (ICE) were seen.",
            (("ICE", "Immigration and Customs Enforcement"),),
        ),
        ("She ran 10 miles (16 km) on Saturday.", ()),
        ("Runners (about 300) met downtown.", ()),
    ],
)
def test_acronyms_an_article_defines_are_read(text, aliases):
    assert extract_aliases(text) == aliases


def test_a_spanish_name_and_its_acronym_are_one_speaker(db):
    spanish = "Coalición por los Derechos Humanos de los Inmigrantes de Los Ángeles"
    first = _article("https://a.example/1", [("Seguimos.", spanish)])
    defined = replace(first, aliases=(("CHIRLA", spanish),))
    store.save_article(db, defined, "2025-07-14T00:00:00+00:00")
    store.save_article(
        db, _article("https://b.example/2", [("We stay.", "CHIRLA")]), "2025-07-14T00:00:00+00:00"
    )
    assert [r["quote_count"] for r in db.query("select quote_count from speakers")] == [2]
