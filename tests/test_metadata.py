"""Page metadata: the fields the archive keeps read exactly as trafilatura's extract_metadata
reads them from its own parse, on every real and fixture page we hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura import extract_metadata
from trafilatura.utils import load_html

from extract import parsing
from extract.metadata import KEPT_FIELDS, page_metadata
from tests.page_files import FIXTURE_PAGES, PAGES, read_page


def test_there_are_pages_to_compare() -> None:
    assert len(FIXTURE_PAGES) >= 30


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_kept_fields_equal_trafilatura_extract_metadata(path: Path) -> None:
    html = read_page(path)
    url = f"https://{path.parent.name}/{path.name}"
    ours = page_metadata(parsing.load_html(html), url)
    theirs = extract_metadata(load_html(html), default_url=url, extensive=False)
    for name in KEPT_FIELDS:
        assert getattr(ours, name) == getattr(theirs, name), name


def test_a_page_without_metadata_gives_the_address_and_its_host() -> None:
    found = page_metadata(
        parsing.load_html("<html><body><p>words</p></body></html>"), "https://a.example/x"
    )
    assert found.url == "https://a.example/x"
    assert found.sitename == "a.example"
    assert found.title is None and found.author is None
