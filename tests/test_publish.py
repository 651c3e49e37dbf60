"""Datasette serving the archive: metadata, canned queries, search, Atom, the public copy.

Datasette runs in-process with the archive's metadata and plugin; the crawled fixture web is
the data.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlite_utils
from datasette.app import Datasette

from archive import store
from archive.publish import metadata_for, plugins_dir
from tests.conftest import REPO
from tests.test_crawl import KERO_URL

NASTY_SEARCHES = [
    '"unbalanced',
    '"',
    '""""',
    "''",
    "-",
    "(",
    "AND OR NOT",
    "*",
    "a) OR (b",
    "Almanza\"'",
    "NEAR(",
    "^",
]


def fetch(datasette: Datasette, path: str) -> Any:
    """Return Datasette's response to a path."""

    async def get() -> Any:
        return await datasette.client.get(path)

    return asyncio.run(get())


def get_json(datasette: Datasette, path: str) -> Any:
    """Return the JSON Datasette answers for a path, asserting a 200."""
    response = fetch(datasette, path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


def query(datasette: Datasette, name: str, **params: str) -> list[dict[str, Any]]:
    """Return the rows of a canned query."""
    qs = urlencode({**params, "_shape": "array"})
    return get_json(datasette, f"/archive/{name}.json?{qs}")


@pytest.fixture(scope="module")
def datasette(crawled) -> Datasette:
    return Datasette(
        [str(crawled.path)], metadata=metadata_for("archive"), plugins_dir=str(plugins_dir())
    )


def test_search_for_hart_park_finds_the_kero_article(datasette):
    rows = get_json(datasette, "/archive/articles.json?_search=Hart+Park&_shape=array")
    assert KERO_URL in [r["url"] for r in rows]


def test_every_table_and_column_is_described(crawled):
    tables = metadata_for("archive")["databases"]["archive"]["tables"]
    db = crawled.db()
    for name in store.TABLES:
        assert name in tables, f"{name} is not described"
        assert tables[name].get("description")
        described = set(tables[name].get("columns", {}))
        assert set(db[name].columns_dict) <= described, (
            name,
            set(db[name].columns_dict) - described,
        )


def test_internal_tables_are_hidden_and_the_rest_listed(datasette):
    tables = {t["name"]: t for t in get_json(datasette, "/archive.json")["tables"]}
    assert tables["captures"]["hidden"] and tables["crawls"]["hidden"]
    assert tables["articles_fts"]["hidden"]
    assert not tables["quotes"]["hidden"] and not tables["articles"]["hidden"]


def test_articles_are_sorted_newest_first(datasette):
    rows = get_json(datasette, "/archive/articles.json?_shape=array")
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)


def test_quotes_facet_by_outlet_language_speaker_event_and_month(datasette):
    data = get_json(datasette, "/archive/quotes.json?_size=0")
    facets = set(data["facet_results"])
    assert facets >= {"outlet", "language", "speaker_id", "event_id", "published_month"}


def test_quotes_between_dates(datasette, crawled):
    rows = query(datasette, "quotes_between_dates", **{"from": "2026-03-01", "to": "2026-03-31"})
    expected = crawled.db().execute(
        "select count(*) from quotes where published between '2026-03-01' and '2026-03-31'"
    )
    assert len(rows) == expected.fetchone()[0] == 12  # the KERO story and its Spanish cousin
    assert {r["speaker"] for r in rows} >= {"Luz Almanza", "Ruben Ambriz", "Cynthia Arciga"}
    assert all("2026-03-01" <= r["published"] <= "2026-03-31" for r in rows)
    assert (
        query(datasette, "quotes_between_dates", **{"from": "2024-01-01", "to": "2024-12-31"}) == []
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"from": "2026-03-01"},
        {"from": "March 1", "to": "2026-03-31"},
        {"from": "2026-03-31", "to": "2026-03-01"},
        {"from": "2026-02-30", "to": "2026-03-31"},
    ],
)
def test_missing_or_malformed_dates_get_a_clear_message(datasette, params):
    rows = query(datasette, "quotes_between_dates", **{"from": "", "to": "", **params})
    assert len(rows) == 1
    assert rows[0]["quote"].startswith("Give two days as YYYY-MM-DD")


def test_quotes_by_speaker_ignores_case_and_accents(datasette):
    rows = query(datasette, "quotes_by_speaker", speaker="almanza")
    assert len(rows) == 3 and {r["speaker"] for r in rows} == {"Luz Almanza"}
    spanish = query(datasette, "quotes_by_speaker", speaker="gutierrez")
    assert {r["speaker"] for r in spanish} == {"Marisela Gutiérrez"}
    (message,) = query(datasette, "quotes_by_speaker", speaker=" ")
    assert message["quote"].startswith("Give at least two letters")


def test_quotes_matching_words(datasette):
    rows = query(datasette, "quotes_matching", words="immigrant myself")
    assert [r["speaker"] for r in rows] == ["Luz Almanza"]
    (message,) = query(datasette, "quotes_matching", words="")
    assert message["quote"].startswith("Give one or more words")


@pytest.mark.parametrize("text", NASTY_SEARCHES)
def test_any_search_text_is_safe(datasette, text):
    rows = query(datasette, "quotes_matching", words=text)
    assert isinstance(rows, list)
    for table in ("articles", "quotes"):
        qs = urlencode({"_search": text, "_shape": "array"})
        get_json(datasette, f"/archive/{table}.json?{qs}")
    page = fetch(datasette, "/-/search?" + urlencode({"q": text}))
    assert page.status_code == 200


def test_coverage_timeline_outlets_and_speakers(datasette):
    weeks = query(datasette, "coverage_timeline")
    assert sum(r["articles"] for r in weeks) >= 8
    assert all(r["week"] <= r2 for r in weeks[-1:] for r2 in [weeks[0]["week"]])
    outlets = {r["domain"]: r for r in query(datasette, "outlets_covering")}
    kero = outlets["www.turnto23.com"]
    assert (kero["articles"], kero["first_article"], kero["last_article"]) == (
        1,
        "2026-03-01",
        "2026-03-01",
    )
    speakers = query(datasette, "most_quoted_speakers")
    assert speakers[0]["quotes"] >= speakers[-1]["quotes"]
    assert "CHIRLA" in [s["speaker"] for s in speakers]


def test_the_newest_coverage_is_an_atom_feed(datasette):
    response = fetch(datasette, "/archive/newest_coverage.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<feed" in response.text and KERO_URL in response.text


def test_the_dashboard_answers(datasette):
    page = fetch(datasette, "/-/dashboards/coverage")
    assert page.status_code == 200
    assert "Most-quoted speakers" in page.text


def test_publish_keeps_quotes_and_links_but_no_captures_or_full_text(crawled, tmp_path):
    out = tmp_path / "public.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "archive.cli",
            "publish",
            "--db",
            str(crawled.path),
            "--out",
            str(out),
            "--excerpt-words",
            "20",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public.metadata.yml").is_file()
    public = sqlite_utils.Database(out)
    assert not {"captures", "article_versions", "crawls"} & set(public.table_names())
    archive = crawled.db()
    assert public["quotes"].count == archive["quotes"].count
    assert public["speakers"].count == archive["speakers"].count
    assert [r["url"] for r in public.query("select url from articles order by url")] == [
        r["url"] for r in archive.query("select url from articles order by url")
    ]
    for row in public.query("select text from articles"):
        assert len(row["text"].split()) <= 21
    assert b"<html" not in out.read_bytes().lower()
    served = Datasette([str(out)], metadata=metadata_for("public"), plugins_dir=str(plugins_dir()))
    rows = get_json(served, "/public/quotes_by_speaker.json?speaker=Almanza&_shape=array")
    assert len(rows) == 3
    # the excerpt, not the full text, is what full-text search now finds
    assert get_json(served, "/public/articles.json?_search=Oaxacan&_shape=array") == []
