"""Property tests over extract/: adversarial HTML and text never raise, hang or break the types.

The number of cases run is printed at the end of the module.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import (
    Article,
    NotAnArticle,
    Quote,
    canonical_url,
    extract_article,
    extract_article_from_text,
)
from extract.limits import MAX_QUOTES_PER_ARTICLE, MAX_TEXT_CHARS
from extract.quotes import extract_quotes

CASES: Counter[str] = Counter()
# A hang, not a speed check: no single case may take anywhere near this long.
MAX_SECONDS = 60.0
FETCHED_AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PROPERTY_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

QUOTE_MARKS = ['"', "“", "”", "«", "»", "„", "‘", "’", "'", "「", "」", "‹", "›"]
WORDS = [
    "Run Against ICE",
    "said",
    "dijo",
    "María López",
    "organizer",
    "March 1, 2026",
    "1 de marzo de 2026",
    "yesterday",
    "Bakersfield",
    "\u202e",
    "\u200b",
    "\x00",
    "&amp;",
    "&#x0;",
    "&#99999999;",
    "😀",
    "ـــ",
    "\r\n",
    "\n\n",
]
TAGS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<article>",
    "</article>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<br>",
    "<h1>",
    "</h1>",
    "<title>",
    "</title>",
    "<time datetime='2026-13-45'>",
    "<meta property='article:published_time' content='9999-99-99T99:99'>",
    "<link rel='canonical' href='http://[::1'>",
    "<link rel='canonical' href='javascript:alert(1)'>",
    '<script type="application/ld+json">{"datePublished": [1, {"a": null}], "@graph": 5}',
    "<html lang='zz-Qaaa'>",
    "<meta charset='x-unknown'>",
    "<a href='//x'>",
    "<table><tr><td>",
    "<ul><li>",
    "<blockquote>",
]
fragment = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(WORDS),
    st.sampled_from(TAGS),
    st.text(max_size=40),
)
prose = st.lists(
    st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(WORDS), st.text(max_size=30)),
    max_size=300,
).map(" ".join)
html_pages = st.one_of(
    st.lists(fragment, max_size=400).map("".join),
    # a well-formed story with adversarial paragraphs, so that extraction gets past the checks
    st.lists(prose, min_size=1, max_size=30).map(
        lambda paragraphs: (
            "<html><head><title>Run Against ICE</title></head><body><article>"
            + "".join(
                f"<p>{p} and runners ran the fifteen miles together today</p>" for p in paragraphs
            )
            + "</article></body></html>"
        )
    ),
    st.binary(max_size=2000),
)
languages = st.sampled_from([None, "en", "es", "fr", "zz", ""])


def timed(kind: str, call) -> object:
    """Run one case, count it and return what it returned (or the NotAnArticle it raised)."""
    CASES[kind] += 1
    started = time.perf_counter()
    try:
        return call()
    except NotAnArticle as exc:
        return exc
    finally:
        assert time.perf_counter() - started < MAX_SECONDS


def check_article(article: Article) -> None:
    assert isinstance(article.url, str) and article.url
    assert article.title is None or isinstance(article.title, str)
    assert isinstance(article.text, str) and len(article.text) <= MAX_TEXT_CHARS
    assert all(isinstance(a, str) for a in article.authors)
    assert article.published is None or ISO_DAY.fullmatch(article.published)
    assert isinstance(article.word_count, int) and article.word_count >= 0
    assert 0 <= article.published_confidence <= 1
    assert len(article.quotes) <= MAX_QUOTES_PER_ARTICLE
    for quote in article.quotes:
        check_quote(quote)


def check_quote(quote: Quote) -> None:
    assert isinstance(quote.text, str) and quote.text.strip()
    assert quote.speaker is None or (isinstance(quote.speaker, str) and quote.speaker.strip())
    assert isinstance(quote.paragraph, int) and quote.paragraph >= 0


@pytest.fixture(scope="module", autouse=True)
def report_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(CASES.items()))
    line = f"property tests over extract/: {sum(CASES.values())} cases ({summary})"
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\n{line}")


@settings(PROPERTY_SETTINGS, max_examples=150)
@given(page=html_pages, url=st.sampled_from(["https://news.example/a/b", "http://[::1", "x"]))
def test_any_html_gives_an_article_or_not_an_article(page, url):
    result = timed("html pages", lambda: extract_article(page, url, FETCHED_AT))
    if isinstance(result, Article):
        check_article(result)


@settings(PROPERTY_SETTINGS, max_examples=150)
@given(text=st.lists(prose, max_size=20).map("\n".join))
def test_any_text_gives_an_article_or_not_an_article(text):
    result = timed(
        "texts", lambda: extract_article_from_text(text, "https://news.example/t", FETCHED_AT)
    )
    if isinstance(result, Article):
        check_article(result)


@settings(PROPERTY_SETTINGS, max_examples=300)
@given(text=st.lists(prose, max_size=10).map("\n".join), language=languages)
def test_any_text_gives_well_formed_quotes(text, language):
    quotes = timed("quote texts", lambda: extract_quotes(text, language))
    assert isinstance(quotes, list)
    for quote in quotes:
        check_quote(quote)


@settings(PROPERTY_SETTINGS, max_examples=300)
@given(
    url=st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            ["http://[::1", "https://a.example:99999/x", "//x", "http://ü.example/ä?utm_source=x#f"]
        ),
    )
)
def test_any_string_gives_a_canonical_url(url):
    CASES["urls"] += 1
    assert isinstance(canonical_url(url), str)
    assert canonical_url(canonical_url(url)) == canonical_url(url) or "://" not in url
