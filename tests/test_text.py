"""Main text: the story's paragraphs, quotes and lead kept, the page's furniture dropped."""

from __future__ import annotations

import json

from extract.text import clean_text, extract_main_text

LEAD = "BAKERSFIELD — About 200 runners gathered before dawn on Saturday for the Run Against ICE."
QUOTE = (
    '"We run because our neighbors cannot walk to work without fear," organizer Luz Almanza said.'
)
PARAGRAPHS = [
    LEAD,
    QUOTE,
    "The route followed the Kern River trail for five kilometers and ended at a park where "
    "volunteers from the local running club handed out water and oranges to the runners.",
    "Organizers said the next run would be held in Delano in September, and that they expect "
    "clubs from Fresno and Visalia to join the group for the first time this year.",
]
NAV = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30))


def story_page(body_extra: str = "", head_extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>Runners take on ICE | Valley News</title>"
        '<meta property="og:title" content="Runners take on ICE">'
        f"{head_extra}</head><body><nav><ul>{NAV}</ul></nav>"
        f"<article><h1>Runners take on ICE</h1>{paragraphs}{body_extra}</article>"
        "<footer><p>© 2025 Valley News. All rights reserved. Privacy policy. Terms of use.</p>"
        "</footer></body></html>"
    )


def test_the_story_comes_out_whole_and_in_order() -> None:
    text = extract_main_text(story_page(), "https://valley.example/story")
    lines = text.splitlines()
    assert lines == PARAGRAPHS


def test_menu_footer_and_repeated_headline_are_dropped() -> None:
    text = extract_main_text(story_page(), "https://valley.example/story")
    assert "Section 3" not in text
    assert "All rights reserved" not in text
    assert "Runners take on ICE" not in text


def test_widget_lines_inside_the_article_are_dropped() -> None:
    widgets = "<p>Share this story</p><p>Thanks for signing up!</p><p>Advertisement</p>"
    text = extract_main_text(story_page(widgets), "https://valley.example/story")
    assert "Share this" not in text and "signing up" not in text and "Advertisement" not in text
    assert QUOTE in text


def test_a_declared_article_body_is_used_when_the_page_hides_its_text() -> None:
    body = "\n".join(PARAGRAPHS * 3)
    script = json.dumps({"@type": "NewsArticle", "articleBody": body})
    html = (
        '<html><head><script type="application/ld+json">'
        f"{script}</script></head><body><div id='app'>Loading…</div></body></html>"
    )
    text = extract_main_text(html, "https://valley.example/app-story")
    assert text.splitlines()[:4] == PARAGRAPHS


def test_a_short_story_is_found_by_the_second_pass() -> None:
    html = (
        "<html><body><div class='x'><div><span>"
        f"{LEAD} {QUOTE}</span></div></div><div class='footer'>Contact us</div></body></html>"
    )
    text = extract_main_text(html)
    assert "Luz Almanza" in text


def test_clean_text_keeps_lines_that_only_start_like_a_widget() -> None:
    long_line = (
        "Share the road, the organizers told drivers on Saturday, as runners crossed "
        "Chester Avenue in a long line that stretched for several blocks."
    )
    assert clean_text(f"Headline here\n{long_line}", {"headline here"}) == long_line


def test_empty_and_broken_pages_give_no_text() -> None:
    assert extract_main_text("") == ""
    assert extract_main_text(b"\x00\x01\x02") == ""
    assert extract_main_text("<html><body></body></html>") == ""
