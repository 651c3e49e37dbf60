"""Articles and quotes exported as CSV and JSON lines, with the columns of their tables."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from runarchive.cli import cli


def export(crawled, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(crawled.path)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("table", ["articles", "quotes"])
def test_csv_holds_every_row_and_column_of_the_table(crawled, table):
    rows = list(csv.DictReader(io.StringIO(export(crawled, "--format", "csv", "--table", table))))
    db = crawled.db()
    assert len(rows) == db[table].count >= 4
    assert set(db[table].columns_dict) <= set(rows[0])
    ids = {str(r[0]) for r in db.execute(f"select id from {table}")}
    assert {r["id"] for r in rows} == ids


def test_jsonl_quotes_name_their_speaker_and_article(crawled):
    lines = export(crawled, "--format", "jsonl", "--table", "quotes").splitlines()
    quotes = [json.loads(line) for line in lines]
    db = crawled.db()
    assert len(quotes) == db["quotes"].count
    named = [q for q in quotes if q["speaker_id"] is not None]
    assert named and all(q["speaker"] == db["speakers"].get(q["speaker_id"])["name"] for q in named)
    assert all(q["article_url"] == db["articles"].get(q["article_id"])["url"] for q in quotes)


def test_jsonl_articles_keep_text_and_types(crawled):
    articles = [
        json.loads(line)
        for line in export(crawled, "--format", "jsonl", "--table", "articles").splitlines()
    ]
    row = crawled.db()["articles"].get(articles[0]["id"])
    assert articles[0]["text"] == row["text"]
    assert articles[0]["word_count"] == row["word_count"]


def test_run_keeps_only_that_runs_rows(crawled, tmp_path):
    db = crawled.db()
    run, event = db.execute(
        "select e.name, e.id from events e join articles a on a.event_id = e.id limit 1"
    ).fetchone()
    out = tmp_path / "quotes.csv"
    export(crawled, "--format", "csv", "--table", "quotes", "--run", run, "--out", str(out))
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = db.execute("select count(*) from quotes where event_id = ?", [event]).fetchone()[0]
    assert len(rows) == expected >= 1
    assert {r["event"] for r in rows} == {run}


def test_a_table_is_required_for_csv(crawled):
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--db", str(crawled.path)])
    assert result.exit_code == 2 and "--table" in result.output
