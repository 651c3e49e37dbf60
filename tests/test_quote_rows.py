"""Quotes and speakers as stored by a crawl and shown by Datasette."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from datasette.app import Datasette

from archive.publish import metadata_for, plugins_dir


@pytest.fixture(scope="module")
def datasette(crawled) -> Datasette:
    return Datasette(
        [str(crawled.path)], metadata=metadata_for("archive"), plugins_dir=str(plugins_dir())
    )


def get_json(datasette: Datasette, path: str) -> Any:
    async def fetch() -> Any:
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    return asyncio.run(fetch())


def test_a_quote_row_shows_its_speakers_name_and_its_articles_title(datasette):
    rows = get_json(
        datasette, "/archive/quotes.json?_search=immigrant+myself&_labels=on&_shape=array"
    )
    assert len(rows) == 1
    assert rows[0]["speaker_id"]["label"] == "Luz Almanza"
    assert rows[0]["article_id"]["label"].startswith("Bakersfield running club hosts")
    assert rows[0]["published"] == "2026-03-01"


def test_a_speaker_quoted_in_two_articles_is_one_row(crawled):
    db = crawled.db()
    # CHIRLA and the Coalition for Humane Immigrant Rights are one organization, one row.
    rows = list(db.query("select name, quote_count from speakers where name like '%CHIRLA%'"))
    name = "Coalition for Humane Immigrant Rights (CHIRLA)"
    assert rows == [{"name": name, "quote_count": 3}]
    articles = db.execute(
        "select count(distinct article_id) from quotes join speakers "
        "on speakers.id = quotes.speaker_id where speakers.name = ?",
        [name],
    ).fetchone()[0]
    assert articles == 3


def test_spanish_quotes_are_stored_with_their_language(crawled):
    db = crawled.db()
    languages = dict(db.execute("select language, count(*) from quotes group by language"))
    assert languages["es"] >= 15
    assert languages["en"] >= 30
