"""The pieces of past-coverage discovery, one behaviour each: run windows, sitemap choices,
feeds, site platforms, GDELT spans, CDX rows, Media Cloud answers and Google News windows."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from urllib.parse import unquote

import pytest

from archive.sources import SourcesError, parse_sources
from crawler import gdelt, mediacloud, platforms, wayback
from crawler.feeds import FeedError, read_feed
from crawler.search import is_google_block, search_urls
from crawler.sitemaps import SitemapEntry, address_period, choose_entry
from crawler.windows import ROLLING, Window, search_windows

EVENTS = """\
outlets: []
events:
  - name: Day run
    date: 2025-07-14
  - name: Month run
    date: 2025-02
    window: [0, 3]
"""
RUN = Window("Day run", date(2025, 7, 11), date(2025, 7, 28), ("Riverside",))
NEW = Window(ROLLING, date(2026, 1, 1), date(2026, 1, 15))


def test_a_run_window_runs_from_3_days_before_to_14_after_and_a_month_is_the_month():
    sources = parse_sources(EVENTS)
    (day, month) = sources.windows
    assert (day.start, day.end) == (date(2025, 7, 11), date(2025, 7, 28))
    assert (month.start, month.end) == (date(2025, 2, 1), date(2025, 3, 3))


def test_search_windows_add_the_rolling_window_and_stop_at_today():
    windows = search_windows(parse_sources(EVENTS), date(2025, 7, 20), 14)
    assert [(w.label, w.start, w.end) for w in windows] == [
        ("Day run", date(2025, 7, 11), date(2025, 7, 20)),
        ("Month run", date(2025, 2, 1), date(2025, 3, 3)),
        (ROLLING, date(2025, 7, 6), date(2025, 7, 20)),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    date: 2025-13-01", "s.yml:5: an event date is YYYY-MM-DD or YYYY-MM"),
        ("    date: July 2025", "s.yml:5: an event date is YYYY-MM-DD or YYYY-MM"),
        ("    window: [3]", "s.yml:6: window is [DAYS_BEFORE, DAYS_AFTER]"),
        ("    window: [5, -1]", "s.yml:6: window is [DAYS_BEFORE, DAYS_AFTER]"),
        ("    window: [a, 2]", "s.yml:6: window is [DAYS_BEFORE, DAYS_AFTER]"),
    ],
)
def test_a_malformed_run_date_or_window_names_the_file_and_line(line, message):
    text = "outlets: []\nevents:\n  - name: A run\n    place: Here\n    date: 2025-07-14\n"
    text = text.replace("    date: 2025-07-14\n", line + "\n") if "date" in line else text + line
    if "window" in line:
        text += "\n"
    with pytest.raises(SourcesError) as caught:
        parse_sources(text, "s.yml")
    assert str(caught.value).startswith(message)


def test_search_services_take_their_url_from_the_sources_file():
    sources = parse_sources(
        "outlets: [{domain: a.example, site: 'http://127.0.0.1:8/'}]\n"
        "search:\n  wayback: {url: 'http://127.0.0.1:9'}\n  mediacloud: true\n"
    )
    assert sources.outlets[0].home_page == "http://127.0.0.1:8/"
    assert sources.search("wayback").url == "http://127.0.0.1:9"
    assert sources.search("mediacloud").collections == (34412234, 38379429)
    assert parse_sources("outlets: [{domain: b.example}]").outlets[0].home_page == (
        "https://b.example/"
    )


@pytest.mark.parametrize(
    ("url", "period"),
    [
        ("https://x.example/news/2025/07/14/story", (date(2025, 7, 14),) * 2),
        ("https://x.example/story-2025-07-14", (date(2025, 7, 14),) * 2),
        ("https://x.example/sitemaps/sitemap-2025-02.xml", (date(2025, 2, 1), date(2025, 2, 28))),
        ("https://x.example/sitemap.xml?yyyy=2025&mm=07", (date(2025, 7, 1), date(2025, 7, 31))),
        ("https://x.example/post-sitemap7.xml", None),
    ],
)
def test_the_day_or_month_an_address_names(url, period):
    assert address_period(url) == period


@pytest.mark.parametrize(
    ("entry", "fetch", "why"),
    [
        (SitemapEntry("https://x.example/2025/07/20/council", False), True, "date"),
        (SitemapEntry("https://x.example/2025/03/20/council", False), False, "outside windows"),
        (SitemapEntry("https://x.example/2019/01/01/run-against-ice", False), True, "topic"),
        (SitemapEntry("https://x.example/a", False, lastmod="2025-07-12"), True, "date"),
        (
            SitemapEntry("https://x.example/a", False, lastmod="2024-07-12"),
            False,
            "outside windows",
        ),
        (SitemapEntry("https://x.example/riverside-run", False), True, "term"),
        (SitemapEntry("https://x.example/undated", False), False, "undated"),
        (SitemapEntry("https://x.example/sitemap-2025-07.xml", True), True, "date"),
        (SitemapEntry("https://x.example/sitemap-2024-07.xml", True), False, "outside windows"),
        (
            SitemapEntry("https://x.example/s1.xml", True, lastmod="2024-01-01"),
            False,
            "outside windows",
        ),
        (SitemapEntry("https://x.example/s2.xml", True), True, "undated"),
    ],
)
def test_sitemap_entries_are_chosen_by_window_topic_or_term(entry, fetch, why):
    choice = choose_entry(entry, [RUN, NEW], ("Run Against ICE",))
    assert (choice.fetch, choice.why) == (fetch, why)


def test_a_feed_keeps_guid_permalinks_xml_base_and_dates():
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel xml:base="https://x.example/a/">'
        b'<item><title>One</title><guid isPermaLink="true">https://x.example/p/1</guid>'
        b"<pubDate>Mon, 14 Jul 2025 10:00:00 GMT</pubDate></item>"
        b"<item><title>Two</title><link>rel/2</link></item></channel></rss>"
    )
    items = read_feed(body, "https://x.example/feed")
    assert [(i.url, i.published) for i in items] == [
        ("https://x.example/p/1", date(2025, 7, 14)),
        ("https://x.example/a/rel/2", None),
    ]


def test_a_feed_url_answering_html_is_reported():
    with pytest.raises(FeedError, match="HTML page"):
        read_feed(b"<!DOCTYPE html><html><body>Home</body></html>", "https://x.example/feed")


def test_a_wordpress_home_page_gives_its_feeds_and_search_feed():
    html = (
        '<html><head><meta name="generator" content="WordPress 6.6">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/"></head></html>'
    )
    home = platforms.read_home_page(html, "https://x.example/")
    assert home == platforms.HomePage(("https://x.example/feed/",), "wordpress")
    assert platforms.wordpress_feed_url(
        "https://x.example/", "Run Against ICE", date(2025, 7, 1), 2
    ) == ("https://x.example/?s=Run+Against+ICE&sentence=1&m=202507&feed=rss2&paged=2")
    other = platforms.read_home_page('<link rel="https://api.w.org/" href="/wp-json/">', "x")
    assert other.platform == "wordpress"
    assert platforms.read_home_page("<html></html>", "https://y.example/").platform is None


def test_gdelt_asks_every_window_whatever_its_age_in_spans_of_three_months():
    now = datetime(2026, 1, 31, 15, 30)
    (old,) = gdelt.window_spans("old", date(2025, 7, 1), date(2025, 7, 20), now)
    assert (old.start, old.end) == (datetime(2025, 7, 1), datetime(2025, 7, 21))
    long = gdelt.window_spans("year", date(2025, 1, 1), date(2025, 12, 31), now)
    assert [s.end - s.start <= timedelta(days=90) for s in long] == [True] * 5
    assert (long[0].start, long[-1].end) == (datetime(2025, 1, 1), datetime(2026, 1, 1))
    assert all(a.end == b.start for a, b in itertools.pairwise(long))
    (rolling,) = gdelt.window_spans("new", date(2026, 1, 17), date(2026, 1, 31), now)
    assert rolling.end == now  # never a time still to come
    assert gdelt.window_spans("ancient", date(2016, 1, 1), date(2016, 2, 1), now) == []
    first, second = old.halves()
    assert (first.start, first.end, second.end) == (old.start, second.start, old.end)
    tiny = gdelt.GdeltSpan("run", datetime(2025, 11, 2), datetime(2025, 11, 2, 1, 30))
    assert tiny.halves() is None


def test_gdelt_queries_english_phrases_with_languages_and_a_window():
    sources = parse_sources(
        "outlets: []\nsearch:\n  gdelt:\n    url: https://g.example/doc\n    max_records: 50\n"
        "    phrases: [Run Against ICE, Race Against ICE]\n    languages: [english, spanish]\n"
    )
    span = gdelt.GdeltSpan("run", datetime(2025, 11, 2), datetime(2025, 11, 11))
    url = gdelt.gdelt_url(sources.searches[0], ("Carrera contra ICE",), span)
    assert "startdatetime=20251102000000&enddatetime=20251111000000" in url
    assert gdelt.gdelt_query(sources.searches[0], ()) == (
        '("Run Against ICE" OR "Race Against ICE") (sourcelang:english OR sourcelang:spanish)'
    )
    assert "maxrecords=50" in url
    assert gdelt.is_rate_limited(200, b"Please limit requests to one every 5 seconds")
    assert gdelt.is_rate_limited(429, b"")
    assert not gdelt.is_rate_limited(200, b'{"articles": []}')


def test_cdx_rows_are_read_by_their_header_row():
    body = (
        b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
        b'["x","20250715120000","https://x.example/a","text/html","200","D","1"]]'
    )
    (capture,) = wayback.parse_cdx(body)
    assert wayback.memento_url("https://web.archive.org/", capture) == (
        "https://web.archive.org/web/20250715120000id_/https://x.example/a"
    )
    assert wayback.parse_cdx(b"") == [] and wayback.parse_cdx(b"[]") == []
    with pytest.raises(wayback.CdxError):
        wayback.parse_cdx(b"<html>Service unavailable</html>")


def test_cdx_window_queries_ask_a_prefix_from_the_window_to_today_for_topic_phrases():
    url = wayback.cdx_window_url(
        "https://web.archive.org",
        "x.example/news/2025/07/",
        date(2025, 7, 11),
        date(2026, 1, 5),
        ["Run Against ICE"],
    )
    assert "url=x.example%2Fnews%2F2025%2F07%2F&matchType=prefix" in url
    assert "collapse=urlkey" in url and "output=json" in url and "showResumeKey=true" in url
    assert "from=20250711&to=20260105" in url
    assert "run%5B-_%2B%5Dagainst%5B-_%2B%5Dice%29" in url and "park" not in url
    resumed = wayback.cdx_window_url(
        "https://web.archive.org", "x.example/", date(2025, 7, 11), date(2026, 1, 5), [], "K 1"
    )
    assert resumed.endswith("&resumeKey=K+1")


def test_cdx_prefixes_follow_an_outlets_dated_paths_else_the_whole_host():
    known = [
        "https://x.example/news/2025/06/30/a",
        "https://x.example/news/2025/07/02/b",
        "https://y.example/2025/07/02/c",
        "https://x.example/about",
    ]
    assert wayback.address_prefixes("x.example", known, date(2025, 7, 28), date(2025, 8, 3)) == [
        "x.example/news/2025/07/",
        "x.example/news/2025/08/",
    ]
    assert wayback.address_prefixes("z.example", known, date(2025, 7, 28), date(2025, 8, 3)) == [
        "z.example/"
    ]


def test_cdx_pages_give_their_resume_key_in_json_and_text_forms():
    body = (
        b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
        b'["x","20250715120000","https://x.example/a","text/html","200","D","1"],[],["x+2025"]]'
    )
    captures, key = wayback.parse_cdx_page(body)
    assert [c.original for c in captures] == ["https://x.example/a"] and key == "x+2025"
    text = b"x)/a 20250715120000 https://x.example/a text/html 200 D 1\n\nx%29%2Fa+2025\n"
    captures, key = wayback.parse_cdx_page(text)
    assert [c.timestamp for c in captures] == ["20250715120000"] and key == "x%29%2Fa+2025"
    assert wayback.parse_cdx_page(body.replace(b',[],["x+2025"]', b""))[1] is None


def test_media_cloud_answers_are_read_and_bad_ones_reported():
    stories, token = mediacloud.parse_story_list(
        b'{"stories": [{"url": "https://x.example/a", "title": "A", '
        b'"publish_date": "2025-07-15 10:00:00", "media_name": "x.example"}], '
        b'"pagination_token": "abc"}'
    )
    assert stories == [mediacloud.Story("https://x.example/a", "A", "2025-07-15", "x.example")]
    assert token == "abc"
    with pytest.raises(mediacloud.MediaCloudError):
        mediacloud.parse_story_list(b"<html>502</html>")


def test_google_news_is_asked_per_window_and_never_takes_a_consent_page_for_a_story():
    sources = parse_sources("outlets: []\nsearch:\n  google_news: {editions: [en-US:US]}\n")
    (url,) = search_urls(sources.searches[0], ("Run Against ICE",), RUN.start, RUN.end)
    assert "after%3A2025-07-10+before%3A2025-07-29" in url
    assert is_google_block("https://consent.google.com/ml?continue=x")
    assert is_google_block("https://www.google.com/sorry/index?continue=x")
    assert not is_google_block("https://www.latimes.com/story")


def test_an_article_naming_no_run_is_filed_under_the_window_that_found_it(db):
    from archive import store
    from archive.ingest import filed_by_window
    from extract.article import extract_article_from_text

    sources = parse_sources(EVENTS)
    article = extract_article_from_text(
        "Runners gathered on Saturday for the Run Against ICE. " * 12,
        "https://x.example/a",
        events=sources.events,
    )
    assert article.event is None
    found = store.Discovery("https://x.example/a", "sitemap", window="Day run")
    store.save_discovery(db, found, "2025-07-20T00:00:00+00:00")
    filed = filed_by_window(db, article, ["https://x.example/a"], sources)
    assert filed.event == sources.events[0]
    assert filed_by_window(db, article, ["https://x.example/b"], sources).event is None


def test_new_google_news_links_are_decoded_through_their_page_signature_in_batches():
    from crawler import gnews

    feed = "https://news.google.com/rss/search?q=x&hl=es-419&gl=US&ceid=US:es-419"
    link = "https://news.google.com/rss/articles/AU_yqLx?oc=5"
    assert gnews.params_page_url(link, feed) == (
        "https://news.google.com/rss/articles/AU_yqLx?hl=es-419&gl=US&ceid=US%3Aes-419"
    )
    assert gnews.article_id("https://news.google.com/read/AU_b?hl=en") == "AU_b"
    assert gnews.next_hop(link, "/articles/AU_yqLx?x=1") == (
        "https://news.google.com/articles/AU_yqLx?x=1"
    )
    assert gnews.next_hop(link, "https://www.google.com/sorry/index") is None
    page = '<c-wiz><div jscontroller="x" data-n-a-ts="1730548800" data-n-a-sg="AZsig">'
    params = gnews.decoding_params(page, link)
    assert params == gnews.DecodingParams("AU_yqLx", 1730548800, "AZsig")
    other = gnews.DecodingParams("AU_other", 1730548801, "AZsig2")
    body = unquote(gnews.batchexecute_body([params, other]))
    assert body.count("Fbv4je") == 2 and '\\"AU_other\\",1730548801' in body
    assert gnews.batchexecute_url(link) == (
        "https://news.google.com/_/DotsSplashUi/data/batchexecute"
    )
    answer = (
        ")]}'\n\n512\n"
        '[["wrb.fr","Fbv4je","[\\"garturlres\\",\\"https://x.example/b\\",1]",null,null,null,"1"],'
        '["wrb.fr","Fbv4je","[\\"garturlres\\",\\"https://x.example/a\\",1]",null,null,null,"0"],'
        '["di",42]]\n25\n[["e",4,null,null,163]]'
    )
    assert gnews.decoded_addresses(answer) == {0: "https://x.example/a", 1: "https://x.example/b"}
    assert gnews.decoding_params("<html>consent</html>", link) is None


def test_a_blox_site_is_searched_through_its_search_feed():
    html = '<html><body><img src="https://bloximages.example/x.jpg"></body></html>'
    home = platforms.read_home_page(html, "https://www.bakersfield.com/")
    assert home.platform == "blox"
    url = platforms.blox_search_url(
        "https://www.bakersfield.com/", "Run Against ICE", date(2025, 7, 11), date(2025, 7, 28)
    )
    assert url == (
        "https://www.bakersfield.com/search/?f=rss&t=article&q=Run+Against+ICE"
        "&s=start_time&sd=desc&l=100&d1=07%2F11%2F2025&d2=07%2F28%2F2025"
    )
