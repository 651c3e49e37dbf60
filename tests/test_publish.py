"""Datasette serving the crawled archive with metadata.yml."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from datasette.app import Datasette

from archive.cli import metadata_path
from tests.test_crawl import KERO_URL


def get_json(datasette: Datasette, path: str) -> Any:
    """Return the JSON Datasette answers for a path, asserting a 200."""

    async def fetch() -> Any:
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    return asyncio.run(fetch())


@pytest.fixture(scope="module")
def datasette(crawled) -> Datasette:
    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    return Datasette([str(crawled.path)], metadata=metadata, immutables=[])


def test_search_for_hart_park_finds_the_kero_article(datasette):
    rows = get_json(datasette, "/archive/articles.json?_search=Hart+Park&_shape=array")
    assert KERO_URL in [r["url"] for r in rows]


def test_metadata_names_only_real_tables_and_columns(crawled):
    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    db = crawled.db()
    for table, spec in metadata["databases"]["archive"]["tables"].items():
        assert db[table].exists(), table
        assert set(spec.get("columns", {})) <= set(db[table].columns_dict), table


def test_every_table_page_answers(datasette):
    for table in ("outlets", "articles", "captures", "speakers", "quotes"):
        get_json(datasette, f"/archive/{table}.json")


def test_articles_are_sorted_newest_first(datasette):
    rows = get_json(datasette, "/archive/articles.json?_shape=array")
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)
