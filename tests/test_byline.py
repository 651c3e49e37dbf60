"""The byline: what trafilatura's extract_author finds, found without copying the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.etree import XPath
from trafilatura.metadata import extract_author

from extract import byline
from extract.byline import extract_byline
from extract.parsing import load_html
from tests.page_files import PAGES, read_page

# Bylines where deleted parts sit around or inside them.
MADE_UP = [
    '<div class="comments"><span class="author">Reader Name</span></div>'
    '<span class="author">Ana Ruiz</span>',
    '<div class="byline">By Ana<time>July 4, 2025</time>Ruiz</div>',
    '<div class="byline">By <time>July 4</time> <time>2025</time> Ana Ruiz, staff</div>',
    '<div class="byline"><figure><span class="author">Photo Desk</span></figure>Ana Ruiz</div>',
    '<figure><span class="author">Photo Desk</span></figure><a rel="author">Ana Ruiz</a>',
    '<aside class="sidebar"><p class="byline">Other Writer</p></aside><p>No byline here.</p>',
    '<span class="author"><span class="quote">"A"</span> Ana Ruiz</span>',
    "<author>Ana Ruiz</author>",
    '<div id="author-box"><div class="title">Reporter</div>Ana Ruiz writes here</div>',
]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_the_byline_is_extract_authors_on_every_page(path: Path) -> None:
    tree = load_html(read_page(path))
    assert extract_byline(tree) == extract_author(tree)


@pytest.mark.parametrize("body", MADE_UP)
def test_the_byline_is_extract_authors_around_deleted_parts(body: str) -> None:
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert extract_byline(tree) == extract_author(tree)


def test_the_page_is_left_as_it_was() -> None:
    html = "<html><body>" + MADE_UP[1] + MADE_UP[0] + "</body></html>"
    tree = load_html(html)
    before = [(e.tag, e.text, e.tail) for e in tree.iter()]
    extract_byline(tree)
    assert [(e.tag, e.text, e.tail) for e in tree.iter()] == before


def test_discard_expressions_are_read_as_element_tests() -> None:
    assert byline._DISCARDS is not None and len(byline._DISCARDS) == 3
    assert byline._discards([XPath("//div//span")]) is None
    assert byline._discards([XPath("/html/body")]) is None
    assert byline._split_union("//a[@x='a|b']|.//b") == ["//a[@x='a|b']", ".//b"]
