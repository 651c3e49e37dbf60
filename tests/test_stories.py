"""Copies of one story: near-duplicates share the id of the earliest copy; credit lines read."""

from __future__ import annotations

import pytest

from archive import store
from archive.stories import assign_story_ids, group_copies
from extract.credits import extract_credit
from tests.helpers import invoke
from tools import fixture_articles as texts


def test_a_republished_copy_joins_the_earliest_story():
    copy = texts.SANTA_ANA + "\nThis story first appeared in Valley Runner."
    stories = group_copies([("first", texts.SANTA_ANA), ("other", texts.ES_FRESNO), ("copy", copy)])
    assert stories == {"first": "first", "other": "other", "copy": "first"}


def test_two_reports_of_one_run_are_two_stories():
    stories = group_copies([("a", texts.NIGHT_RUNNERS), ("b", texts.VALLEY_RUNNER)])
    assert stories == {"a": "a", "b": "b"}


def test_a_lightly_edited_copy_is_still_a_copy():
    paragraphs = texts.VALLEY_RUNNER.splitlines()
    edited = "\n".join(["By Wire Staff", *paragraphs[:-1], "Editing by the desk."])
    assert group_copies([("wire", texts.VALLEY_RUNNER), ("edit", edited)])["edit"] == "wire"


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Runners met.\nThis story first appeared in VisaVerge.", "VisaVerge"),
        ("Runners met.\nThe Associated Press contributed to this report.", "The Associated Press"),
        ("Runners met.\nVia Reuters", "Reuters"),
        ("Corrieron.\nEsta nota se publicó originalmente en La Opinión.", "La Opinión"),
        ("Corrieron.\nCon información de EFE.", "EFE"),
        ("Runners met via the park's north gate and ran 5K.", None),
        ("No credit here.", None),
    ],
)
def test_credit_lines_are_read(text, credit):
    assert extract_credit(text) == credit


def test_the_demo_reprint_shares_the_story_id_of_its_original(crawled):
    db = crawled.db()
    rows = {
        r["outlet"]: r
        for r in db.query(
            "select outlet, id, story_id, credit from articles where title like ?",
            ["%15-mile protest run planned from Koreatown%"],
        )
    }
    original, reprint = rows["visaverge.com"], rows["socalnewsdigest.example"]
    assert original["story_id"] == original["id"]
    assert reprint["story_id"] == original["id"]
    assert reprint["credit"] == "VisaVerge"
    others = db.execute(
        "select count(*) from articles where story_id != id and id != ?", [reprint["id"]]
    ).fetchone()[0]
    assert others == 0


def test_signatures_are_kept_and_made_again_only_for_a_changed_text(crawled, tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(crawled.path.read_bytes())
    db = store.open_db(path)
    before = store.get_story_signatures(db)
    assert set(before) == {r["id"] for r in db.query("select id from articles")}
    changed = next(db.query("select id, text from articles where story_id = id limit 1"))
    db.execute(
        "update articles set text = ? where id = ?", [changed["text"] + " More.", changed["id"]]
    )
    db.conn.commit()
    assign_story_ids(db)
    after = store.get_story_signatures(db)
    assert {key for key in after if after[key] != before[key]} == {changed["id"]}


def _reextract(path) -> None:
    result = invoke("reextract", "--db", str(path), "--silent")
    assert result.exit_code == 0, result.stderr


def test_reextract_groups_articles_without_a_story_and_keeps_the_others(crawled, tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(crawled.path.read_bytes())
    db = store.open_db(path)
    grouped = dict(db.execute("select id, story_id from articles").fetchall())
    assert not store.has_ungrouped_articles(db)
    db.execute("update articles set story_id = null")
    db.conn.commit()
    assert store.has_ungrouped_articles(db)
    db.conn.close()
    _reextract(path)  # the texts are unchanged, but no article has its story
    db = store.open_db(path)
    assert dict(db.execute("select id, story_id from articles").fetchall()) == grouped
    db.conn.close()
    _reextract(path)  # nothing changed, nothing to group again
    db = store.open_db(path)
    assert dict(db.execute("select id, story_id from articles").fetchall()) == grouped
