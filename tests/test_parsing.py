"""The page's one parse: the same tree trafilatura's own parse gives, so every step reads the
same text, metadata and dates from it, on every real and fixture page we hold."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from trafilatura.utils import load_html as trafilatura_load_html

from extract.dates import extract_published
from extract.metadata import KEPT_FIELDS, page_metadata
from extract.parsing import load_html
from extract.quotes import extract_quotes
from extract.text import extract_main_text
from tests.page_files import PAGES, read_page


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_step_reads_the_same_from_our_parse(path: Path) -> None:
    html = read_page(path)
    url = f"https://{path.parent.name}/{path.name}"
    ours, theirs = load_html(html), trafilatura_load_html(html)
    assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)
    text = extract_main_text(ours, url)
    assert text == extract_main_text(theirs, url)
    assert extract_quotes(text) == extract_quotes(extract_main_text(theirs, url))
    assert extract_published(ours, url) == extract_published(theirs, url)
    mine, other = page_metadata(ours, url), page_metadata(theirs, url)
    assert [getattr(mine, n) for n in KEPT_FIELDS] == [getattr(other, n) for n in KEPT_FIELDS]


def test_elements_are_plain_html_elements_with_their_methods() -> None:
    tree = load_html(
        b"<html><body><form><label>Name <input name='n'></label></form>"
        b"<p>One <b>two</b></p></body></html>"
    )
    assert tree is not None
    assert {type(e) for e in tree.iter()} == {lxml.html.HtmlElement}
    assert tree.find(".//p").text_content() == "One two"
    assert tree.find(".//label").text_content() == "Name "


@pytest.mark.parametrize(
    "html",
    [
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>déjà</p></body></html>',
        '<html><head><meta charset="iso-8859-1"></head><body><p>déjà</p></body></html>'.encode(
            "latin-1"
        ),
        "<html><body><p>déjà</p></body></html>",
    ],
    ids=["str-declaring-encoding", "latin-1-bytes", "str"],
)
def test_text_in_any_encoding_reads_the_same(html: str | bytes) -> None:
    tree = load_html(html)
    assert tree is not None and "déjà" in tree.text_content()
    assert lxml.html.tostring(tree) == lxml.html.tostring(trafilatura_load_html(html))


@pytest.mark.parametrize("html", ["", b"", "just words, no markup at all", b"\x00\x01\x02"])
def test_what_is_not_html_gives_none(html: str | bytes) -> None:
    assert load_html(html) is None
    assert trafilatura_load_html(html) is None


def test_a_tree_is_returned_as_it_is() -> None:
    tree = load_html(b"<html><body><p>x</p></body></html>")
    assert load_html(tree) is tree
