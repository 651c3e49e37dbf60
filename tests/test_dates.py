"""Publication dates: each source, the vote between them, and the original versus the update."""

from __future__ import annotations

from datetime import datetime

import pytest

from extract.dateline import dateline_date, extract_text_date, parse_written_day
from extract.dates import choose_published, date_candidates, extract_published
from extract.parsing import load_html

BODY = "<p>" + "Runners gathered downtown before dawn to march against the raids. " * 6 + "</p>"


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Runners march</title>{head}</head>'
        f"<body><article><h1>Runners march</h1>{body}{BODY}</article></body></html>"
    )


def json_ld(**fields: str) -> str:
    items = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {items}}}</script>'


def test_json_ld_gives_the_original_and_the_update_apart() -> None:
    html = page(json_ld(datePublished="2025-07-12T08:00:00-07:00", dateModified="2025-07-14"))
    found = extract_published(html, "https://news.example/story")
    assert (found.date, found.source, found.modified) == ("2025-07-12", "json-ld", "2025-07-14")
    assert 0 < found.confidence <= 1


def test_meta_published_time_is_read_and_modified_time_is_not_taken_for_it() -> None:
    head = (
        '<meta property="article:modified_time" content="2025-08-02T10:00:00Z">'
        '<meta property="article:published_time" content="2025-07-30T10:00:00Z">'
    )
    found = extract_published(page(head), "https://news.example/story")
    assert found.date == "2025-07-30"
    assert found.modified == "2025-08-02"


def test_a_utc_stamp_is_moved_to_the_offset_the_page_shows_elsewhere() -> None:
    # 03:30 UTC is the evening before in California; the page's <time> shows the -07:00 offset.
    head = json_ld(datePublished="2025-07-13T03:30:00Z")
    body = '<time datetime="2025-07-12T20:30:00-07:00"></time>'
    tree = load_html(page(head, body))
    assert date_candidates(tree)["json-ld"] == "2025-07-12"


def test_the_url_day_outvotes_a_single_disagreeing_stamp() -> None:
    head = json_ld(datePublished="2025-07-13")
    found = extract_published(page(head), "https://news.example/2025/07/12/runners-march/")
    assert (found.date, found.source) == ("2025-07-12", "url")


def test_agreeing_sources_outvote_the_url() -> None:
    head = json_ld(datePublished="2025-07-31") + (
        '<meta property="article:published_time" content="2025-07-31T09:00:00-07:00">'
    )
    body = '<div class="post-date">July 31, 2025</div>'
    found = extract_published(page(head, body), "https://news.example/2025/07/03/draft-slug/")
    assert found.date == "2025-07-31"


def test_the_dateline_shown_to_readers_is_read_in_the_page_language() -> None:
    body = '<p class="fecha">Publicado el 12 de julio de 2025</p>'
    tree = load_html(page(body=body, lang="es"))
    assert dateline_date(tree, "es") == "2025-07-12"


def test_an_updated_dateline_is_skipped_for_the_published_one() -> None:
    body = (
        '<span class="date">Updated August 3, 2025</span>'
        '<span class="date">Published July 30, 2025</span>'
    )
    assert dateline_date(load_html(page(body=body))) == "2025-07-30"


def test_dates_in_comments_and_sidebars_are_not_the_story_date() -> None:
    body = (
        '<aside><span class="date">June 1, 2025</span></aside>'
        '<div class="comments"><span class="comment-date">June 2, 2025</span></div>'
    )
    assert dateline_date(load_html(page(body=body))) is None


def test_a_page_showing_only_an_updated_day_gives_that_day() -> None:
    body = '<span class="timestamp">Updated 7:12 am PDT, Wednesday, May 6, 2020</span>'
    assert dateline_date(load_html(page(body=body))) == "2020-05-06"


def test_a_day_the_page_calls_its_publication_day_wins_wherever_it_stands() -> None:
    body = (
        '<span class="date">Mittwoch, 26.02.2020</span>'
        '<p class="rez-footer">Letzte Änderung: 31.10.2023 Erschienen am: 01.11.2023</p>'
    )
    assert dateline_date(load_html(page(body=body, lang="de"))) == "2023-11-01"


def teasers(item: str) -> str:
    """Return three teasers of other stories, each showing its own day in the given markup."""
    return "".join(item.format(day=day) for day in ("20.01.2022", "18.10.2017", "09.11.2021"))


@pytest.mark.parametrize(
    "body",
    [
        # "published on" before many different days lists other stories
        '<span class="meta">26.01.2022</span><ul>'
        + teasers("<li>Story veröffentlicht am {day}</li>")
        + "</ul>",
        # a kind of element showing many days ranks after the dateline, even before it
        teasers('<div><a href="/s">Story</a><span class="date">{day}</span></div>')
        + '<div class="article-meta">26.01.2022</div>',
    ],
)
def test_teaser_lists_do_not_give_the_story_date(body: str) -> None:
    assert dateline_date(load_html(page(body=body, lang="de"))) == "2022-01-26"


def test_an_embedded_post_keeps_its_own_date() -> None:
    body = (
        '<blockquote class="instagram-media"><time>Apr 21, 2019</time></blockquote>'
        '<p class="byline">By Ana Ruiz | October 18, 2019</p>'
    )
    assert dateline_date(load_html(page(body=body))) == "2019-10-18"


def test_all_number_days_follow_the_site_country_when_the_page_says_only_english() -> None:
    body = '<span class="date">08/11/2023</span>'
    tree = load_html(page(body=body))
    assert dateline_date(tree, url="https://www.breakingnews.ie/story") == "2023-11-08"
    assert dateline_date(tree, url="https://www.kget.com/story") == "2023-08-11"


@pytest.mark.parametrize(
    ("written", "language", "month_first", "day"),
    [
        ("07/12/2025", "en", True, "2025-07-12"),
        ("12/07/2025", "es", False, "2025-07-12"),
        ("12.07.2025", "en", True, "2025-07-12"),
        ("12 de julio de 2025", "es", False, "2025-07-12"),
        ("July 12th, 2025", "en", True, "2025-07-12"),
        ("2025-07-12", None, False, "2025-07-12"),
        ("2025-02-30", None, False, None),
    ],
)
def test_written_days(written: str, language: str, month_first: bool, day: str | None) -> None:
    assert parse_written_day(written, language, month_first) == day


def test_a_future_dateline_is_not_a_publication_day() -> None:
    body = '<div class="event-date">Next run: March 3, 2026</div>'
    tree = load_html(page(body=body))
    assert dateline_date(tree, "en", datetime(2025, 7, 12)) is None


def test_prose_is_the_last_resort_and_uses_the_fetch_day_for_partial_dates() -> None:
    html = page()
    text = "BAKERSFIELD, Calif. (July 2025) — Runners gathered downtown."
    found = extract_published(html, "https://news.example/story", "en", text, datetime(2025, 8, 1))
    assert (found.date, found.source) == ("2025-07-01", "text")
    assert extract_text_date("Corrieron el 5 de agosto de 2025 en Fresno.", "es") == "2025-08-05"


def test_no_date_anywhere_is_none_with_no_confidence() -> None:
    found = extract_published(page(), "https://news.example/story")
    assert (found.date, found.source, found.confidence) == (None, "none", 0.0)


def test_the_vote_breaks_a_tie_toward_the_surer_source() -> None:
    day, source, _ = choose_published({"meta": "2025-07-01", "json-ld": "2025-07-02"})
    assert (day, source) == ("2025-07-02", "json-ld")


@pytest.mark.parametrize("html", ["", "<html", b"\xff\xfe\x00garbage", "<p>no head</p>"])
def test_bad_pages_give_no_date_rather_than_an_error(html: str | bytes) -> None:
    assert extract_published(html, "https://news.example/story").date is None


def test_htmldate_reads_dates_in_the_listed_languages_only() -> None:
    from htmldate import extractors

    from extract.date_languages import HTMLDATE_LANGUAGES, limit_htmldate_languages

    limit_htmldate_languages()
    limited = extractors.get_external_parser
    limit_htmldate_languages()  # a second call changes nothing
    assert extractors.get_external_parser is limited
    assert extractors.get_external_parser().languages == list(HTMLDATE_LANGUAGES)
    read = {
        "duminică, 20 septembrie 2020": "2020-09-20",
        "الأربعاء، 07 أكتوبر 2020 - 12:09 م": "2020-10-07",
        "31 stycznia 2020 | 10:00": "2020-01-31",
        "Copyright 2023 - 5": None,
    }
    for written, day in read.items():
        found = extractors._external_date(written)
        assert (found.strftime("%Y-%m-%d") if found else None) == day, written
