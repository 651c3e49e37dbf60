"""Search feeds, Retry-After and sources-file options for discovery (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.fixture_server import google_news_id
from archive.sources import SourcesError, parse_sources
from crawler.middlewares import parse_retry_after
from crawler.search import (
    SearchResponseError,
    decode_google_news_link,
    parse_gdelt,
    parse_google_news,
    search_urls,
)


def test_gdelt_query_ors_the_phrases_and_asks_for_artlist_json():
    sources = parse_sources("outlets: []\nsearch: {gdelt: true}\n")
    (url,) = search_urls(sources.searches[0], ("Run Against ICE", "Carrera contra ICE"))
    assert url.startswith("https://api.gdeltproject.org/api/v2/doc/doc?")
    assert "mode=ArtList" in url and "format=json" in url
    assert "%28%22Run+Against+ICE%22+OR+%22Carrera+contra+ICE%22%29" in url


def test_google_news_has_one_feed_per_edition():
    sources = parse_sources(
        "outlets: []\nsearch:\n  google_news: {editions: [en-US:US, es-419:US]}\n"
    )
    urls = search_urls(sources.searches[0], ("Run Against ICE",))
    # ceid is COUNTRY:LANGUAGE with English as "en" (gnews, googlenewsdecoder), es-419 whole.
    assert [u.split("ceid=")[1] for u in urls] == ["US%3Aen", "US%3Aes-419"]


def test_gdelt_error_text_is_a_clear_error_not_a_crash():
    with pytest.raises(SearchResponseError, match="not ArtList JSON"):
        list(parse_gdelt(b"The specified phrase is too short.\n"))
    assert list(parse_gdelt(b"{}")) == []


def test_google_news_ids_that_carry_the_url_are_decoded():
    url = "https://www.latimes.com/california/story/2025-07-14/run-against-ice"
    link = f"https://news.google.com/rss/articles/{google_news_id(url)}?oc=5"
    assert decode_google_news_link(link) == url
    assert decode_google_news_link("https://news.google.com/rss/articles/AU_yqLNew?oc=5") is None


def test_google_news_items_keep_title_outlet_and_date():
    feed = b"""<rss><channel><title>x</title>
    <item><title>Runners protest - Los Angeles Times</title>
    <link>https://news.google.com/rss/articles/AU_yqLNew?oc=5</link>
    <pubDate>Mon, 14 Jul 2025 07:00:00 GMT</pubDate>
    <source url="https://www.latimes.com">Los Angeles Times</source></item></channel></rss>"""
    (hit,) = parse_google_news(feed, "https://news.google.com/rss/search?q=x")
    assert (hit.title, hit.outlet, hit.published, hit.resolved) == (
        "Runners protest",
        "https://www.latimes.com",
        "2025-07-14",
        False,
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), ("Sun, 22 Nov 2026 10:00:30 GMT", 30.0), ("soon", None), ("", None)],
)
def test_retry_after_takes_seconds_or_a_date(value, seconds):
    now = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after(value, now) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlets: []\nsearch: {bing: true}\n", "<s>:2: unknown key 'bing'"),
        ("outlets: []\nsearch: {gdelt: maybe}\n", "<s>:2: search.gdelt is true, false"),
        ("outlets: []\nsearch:\n  google_news: {editions: [english]}\n", "<s>:3: edition"),
        ("outlets: []\nfollow: {depth: 9}\n", "<s>:2: follow.depth must be a whole number 0-5"),
    ],
)
def test_search_and_follow_mistakes_name_the_line(text, message):
    with pytest.raises(SourcesError) as error:
        parse_sources(text, "<s>")
    assert str(error.value).startswith(message)
