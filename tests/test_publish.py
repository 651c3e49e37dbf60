"""Datasette serving the archive: metadata, canned queries, search, Atom, the public copy.

Datasette runs in-process with the archive's metadata and plugin; the crawled fixture web is
the data.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from typing import Any
from urllib.parse import urlencode

import pytest
import sqlite_utils
from datasette.app import Datasette

from archive import store
from archive.publish import metadata_for, plugins_dir, templates_dir
from tests.helpers import KERO_URL, invoke

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
        [str(crawled.path)],
        metadata=metadata_for("archive"),
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
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
def test_missing_or_malformed_dates_are_a_400_with_one_line(datasette, params):
    qs = urlencode({"from": "", "to": "", **params})
    for suffix in ("", ".csv", ".json"):
        response = fetch(datasette, f"/archive/quotes_between_dates{suffix}?{qs}")
        assert response.status_code == 400, (suffix, response.text[:300])
        message = response.json()["error"] if suffix == ".json" else response.text.strip()
        assert "\n" not in message and ("YYYY-MM-DD" in message or "is after" in message)


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
    chirla = [s["speaker"] for s in speakers if "CHIRLA" in s["speaker"]]
    assert chirla == ["Coalition for Humane Immigrant Rights (CHIRLA)"]


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
    result = invoke(
        "publish", "--db", str(crawled.path), "--out", str(out), "--excerpt-words", "20"
    )
    assert result.exit_code == 0, result.stderr
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


def csv_rows(datasette: Datasette, path: str) -> list[dict[str, str]]:
    """Return the rows of a CSV page, asserting a 200."""
    response = fetch(datasette, path)
    assert response.status_code == 200, (path, response.text[:500])
    return list(csv.DictReader(io.StringIO(response.text)))


def test_a_search_for_a_person_finds_their_quotes(datasette):
    rows = get_json(datasette, "/archive/quotes.json?_search=Almanza&_shape=array")
    assert len(rows) == 3
    assert {r["speaker_name"] for r in rows} == {"Luz Almanza"}
    by_role = get_json(datasette, "/archive/quotes.json?_search=founder&_shape=array")
    assert {r["speaker_name"] for r in by_role} >= {"Luz Almanza"}


def test_find_quotes_by_speaker_and_days_as_csv_with_article_urls(datasette, crawled):
    qs = urlencode({"speaker": "almanza", "from": "2026-02-01", "to": "2026-03-31"})
    rows = csv_rows(datasette, f"/archive/find_quotes.csv?{qs}")
    assert list(rows[0]) == [
        "day",
        "speaker",
        "role",
        "quote",
        "article_title",
        "article_url",
        "outlet",
        "run",
        "language",
    ]
    assert len(rows) == 3
    assert {r["article_url"] for r in rows} == {KERO_URL}
    assert {r["speaker"] for r in rows} == {"Luz Almanza"}
    assert all("2026-02-01" <= r["day"] <= "2026-03-31" for r in rows)
    outside = urlencode({"speaker": "almanza", "from": "2025-01-01", "to": "2025-12-31"})
    assert csv_rows(datasette, f"/archive/find_quotes.csv?{outside}") == []


def test_find_quotes_with_every_parameter_empty_gives_every_quote(datasette, crawled):
    names = ("speaker", "words", "language", "outlet", "run", "from", "to")
    rows = query(datasette, "find_quotes", **dict.fromkeys(names, ""))
    assert len(rows) == crawled.db()["quotes"].count


def test_find_quotes_by_words_language_outlet_and_run(datasette):
    spanish = query(datasette, "find_quotes", language="es", run="Bakersfield")
    assert spanish and {r["language"] for r in spanish} == {"es"}
    assert {r["run"] for r in spanish} == {"Run Against ICE, Bakersfield, 2026"}
    assert {r["outlet"] for r in spanish} == {"Noticias del Valle"}
    words = query(datasette, "find_quotes", words="immigrant myself")
    assert [r["speaker"] for r in words] == ["Luz Almanza"]
    outlet = query(datasette, "find_quotes", outlet="www.turnto23.com")
    assert len(outlet) == 6 and {r["outlet"] for r in outlet} == {"23ABC News (KERO Bakersfield)"}


@pytest.mark.parametrize(
    "params",
    [{"from": "July"}, {"to": "2026-02-30"}, {"from": "2026-03-31", "to": "2026-03-01"}],
)
def test_find_quotes_answers_a_malformed_day_with_a_400(datasette, params):
    response = fetch(datasette, "/archive/find_quotes.csv?" + urlencode(params))
    assert response.status_code == 400
    assert len(response.text.strip().splitlines()) == 1


def test_runs_outlets_articles_and_quotes_per_run(datasette, crawled):
    runs = {r["run"]: r for r in query(datasette, "runs")}
    assert set(runs) >= {
        "Run Against ICE, Bakersfield, 2026",
        "Run Against ICE, Los Angeles, 2025",
        "Run Against ICE, Santa Ana, 2025",
        "Carrera contra ICE, Fresno, 2025",
    }
    db = crawled.db()
    assert sum(r["articles"] for r in runs.values()) == db["articles"].count
    outlets = query(datasette, "outlets_per_run", run="Bakersfield")
    assert {r["outlet"] for r in outlets} == {"23ABC News (KERO Bakersfield)", "Noticias del Valle"}
    articles = query(datasette, "articles_per_run", run="Fresno")
    assert [a["outlet"] for a in articles] == ["Noticias del Valle"]
    assert "Fresno" in articles[0]["linked_by"]
    quotes = query(datasette, "quotes_per_run", run="Santa Ana")
    assert quotes and {q["run"] for q in quotes} == {"Run Against ICE, Santa Ana, 2025"}


def test_list_pages_show_no_full_texts_and_an_article_page_is_titled_by_its_headline(
    datasette, crawled
):
    db = crawled.db()
    article = next(db.query("select id, title, text from articles where url = ?", [KERO_URL]))
    listing = fetch(datasette, "/archive/articles")
    assert listing.status_code == 200
    assert article["title"].replace("'", "&#39;") in listing.text
    last_paragraph = article["text"].splitlines()[-1]
    assert last_paragraph not in listing.text
    page = fetch(datasette, f"/archive/articles/{article['id']}")
    title = re.search(r"<title>(.*?)</title>", page.text, re.S)[1]
    assert title.startswith(article["title"].replace("'", "&#39;"))
    assert "<h1>" + article["title"].replace("'", "&#39;") in page.text
    assert last_paragraph.replace("'", "&#39;").replace('"', "&#34;") in page.text
    assert "Luz Almanza" in page.text


def test_an_article_page_lists_the_other_copies_of_its_story(datasette, crawled):
    db = crawled.db()
    copies = list(db.query("select id, story_id from articles where story_id != id"))
    assert copies, "the demo web holds a republished copy"
    original = copies[0]["story_id"]
    page = fetch(datasette, f"/archive/articles/{original}")
    assert "Other copies of this story" in page.text
    assert f"/archive/articles/{copies[0]['id']}" in page.text


def test_the_feed_cuts_entries_between_words(datasette, crawled):
    entries = get_json(datasette, "/archive/newest_coverage.json?_shape=array")
    db = crawled.db()
    cut = 0
    for entry in entries:
        row = next(
            db.query("select description, text from articles where url = ?", [entry["atom_id"]])
        )
        words = (row["description"] or row["text"]).split()
        content = entry["atom_content"]
        if content.endswith(" …"):
            cut += 1
            kept = content[: -len(" …")].split()
            assert kept == words[: len(kept)] and len(kept) < len(words)
        else:
            assert content.split() == words
    assert cut, "some article is longer than an entry"


def test_the_home_page_links_the_dashboard_and_the_queries(datasette):
    page = fetch(datasette, "/")
    assert 'href="/-/dashboards/coverage"' in page.text
    assert 'href="/archive/find_quotes"' in page.text


def test_the_speakers_page_links_each_person_to_their_quotes_without_internal_keys(datasette):
    page = fetch(datasette, "/archive/speakers")
    assert page.status_code == 200
    assert 'href="/archive/find_quotes?speaker=Luz%20Almanza"' in page.text
    assert "luz almanza" not in page.text  # the folded name_key is not shown
