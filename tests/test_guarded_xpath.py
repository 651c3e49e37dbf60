"""Guarded XPath expressions select exactly what the expressions they guard select."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.etree import XPath
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from extract.guarded_xpath import REGEXP_NS, guarded, required_pieces
from extract.parsing import load_html
from tests.page_files import PAGES, read_page

EXPRESSIONS = [*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS]
PATTERNS = [
    "author-?name|AuthorName|authorName",
    "[Aa]uthor|screenname|writer|[Bb]yline",
    "^[Cc]omments|commentlist|article-(?:share|support)|comment-?list",
    "ab+c|x.y|[p|q]rs",
]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_guarded_expressions_select_the_same_elements(path: Path) -> None:
    tree = load_html(read_page(path))
    for expression in EXPRESSIONS:
        assert guarded(expression)(tree) == expression(tree), expression.path


def test_every_regular_expression_test_is_guarded() -> None:
    for expression in EXPRESSIONS:
        tests = expression.path.count("re:test(")
        assert (
            guarded(expression).path.count("contains(") - expression.path.count("contains(")
            >= tests
        )


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("author-?name|AuthorName", ["author", "AuthorName"]),
        ("[Aa]uthor", ["uthor"]),
        ("^comments|article-(?:share|support)", ["comments", "article-"]),
        ("[a|b]xy|zz", ["xy", "zz"]),
        ("a.*bc", ["bc"]),
    ],
)
def test_the_pieces_every_match_holds(pattern: str, pieces: list[str]) -> None:
    assert required_pieces(pattern) == pieces


@pytest.mark.parametrize("pattern", ["x?", "a|.*", r"\d+", "ab{2}", "(ab)"])
def test_no_guard_where_none_can_be_read(pattern: str) -> None:
    assert required_pieces(pattern) is None


def test_an_unguardable_test_is_left_as_it_is() -> None:
    source = "//*[re:test(@class, 'x?')]"
    assert guarded(XPath(source, namespaces={"re": REGEXP_NS})).path == source


@given(st.data())
def test_a_match_always_holds_a_piece(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(PATTERNS))
    text = data.draw(st.from_regex(pattern))
    pieces = required_pieces(pattern)
    assert pieces and re.search(pattern, text)
    assert any(piece in text for piece in pieces)
