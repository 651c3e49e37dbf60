"""A mention is not a story: pages that name a run in passing (a calendar item, a brief in a
roundup, a newsletter line, a sentence in a story about something else) are told from stories
about the run, including stories that name it only late."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import NotAnArticle, extract_article, extract_article_from_text
from extract.coverage import MENTION, STORY, measure_coverage
from extract.events import Event
from extract.lexicons import LEXICONS
from tests.helpers import REPO, SEEDS
from tests.page_files import FIXTURE_PAGES, read_page

PAGES = REPO / "tests" / "fixtures" / "pages"
RUNS = (
    Event(
        "Run Against ICE, Bakersfield, 2026",
        "2026-02-28",
        "Hart Park, Bakersfield",
        ("Bakersfield", "Hart Park", "Girls Run Bakersfield"),
    ),
    Event(
        "Run Against ICE, Santa Ana, 2025",
        "2025-08-16",
        "Santa Ana Civic Center, Santa Ana",
        ("Santa Ana",),
        ("Corre Santa Ana",),
    ),
    Event(
        "Carrera contra ICE, Fresno, 2025",
        "2025-09-21",
        "Parque Roeding, Fresno",
        ("Fresno", "Roeding"),
        ("Raíces en Movimiento",),
    ),
)


@pytest.mark.parametrize(
    ("page", "coverage", "run", "why"),
    [
        # An English weekly calendar: one item of nine is the run.
        (
            "kernweekly-things-to-do-this-weekend.html",
            MENTION,
            "Run Against ICE, Bakersfield, 2026",
            "things to do",
        ),
        # A Spanish roundup: one brief of six is the run.
        (
            "elsoldefresno-noticias-breves.html",
            MENTION,
            "Carrera contra ICE, Fresno, 2025",
            "breves",
        ),
        # A city's weekly newsletter: the run closes streets.
        (
            "santa-ana-community-update.html",
            MENTION,
            "Run Against ICE, Santa Ana, 2025",
            "community update",
        ),
        # A story about a county vote, with one sentence about the run.
        (
            "kernsun-supervisors-delay-vote-on-immigration-resolution.html",
            MENTION,
            "Run Against ICE, Bakersfield, 2026",
            None,
        ),
        # Features that name the run only in their fifth and sixth paragraphs, about it all along.
        (
            "kernsun-before-dawn-a-running-club-finds-its-voice.html",
            STORY,
            "Run Against ICE, Bakersfield, 2026",
            None,
        ),
        (
            "elsoldefresno-las-mujeres-que-corren-al-amanecer.html",
            STORY,
            "Carrera contra ICE, Fresno, 2025",
            None,
        ),
        # A story with a "Mark your calendar" heading is still a story.
        (
            "ocnewswire-santa-ana-runners-plan-second-run.html",
            STORY,
            "Run Against ICE, Santa Ana, 2025",
            "calendar",
        ),
    ],
)
def test_each_page_is_a_story_or_a_mention_of_its_run(page, coverage, run, why):
    article = extract_article(read_page(PAGES / page), f"https://example.org/{page}", events=RUNS)
    assert article.topic.on_topic and article.topic.score >= 0.6
    assert article.coverage == coverage
    assert article.event is not None and article.event.name == run
    found = measure_coverage(article.title or "", article.text, article.description)
    assert found.listing == why


def stories_on_the_fixture_web() -> list[Path]:
    """Return the fixture pages that are on-topic articles (index and off-topic pages left out)."""
    pages = []
    for path in FIXTURE_PAGES:
        try:
            article = extract_article(read_page(path), "https://example.org/page")
        except NotAnArticle:
            continue
        if article.topic.on_topic:
            pages.append(path)
    return pages


def test_the_fixture_web_holds_its_stories():
    assert len(stories_on_the_fixture_web()) >= 20


@pytest.mark.parametrize("path", stories_on_the_fixture_web(), ids=lambda p: p.name)
def test_every_story_of_the_fixture_web_stays_a_story(path):
    article = extract_article(read_page(path), "https://example.org/page")
    assert article.coverage == STORY


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the repo")
@pytest.mark.parametrize(
    "name", ["000_cc7c9f58810ff92c", "001_b7c162b980c3e79f", "002_4ac5446b0c78684e"]
)
def test_every_seed_article_is_a_story(name):
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    article = extract_article_from_text(text, f"https://example.org/{name}")
    assert article.coverage == STORY


ITEMS = [
    "Farmers market turns ten, with cake at 10 a.m. and a petting zoo for children on 20th Street.",
    "The symphony plays Dvořák at 3 p.m. at the Dore Theatre; students get in free with ID.",
    "A chili cook-off at the fairgrounds benefits the food bank, with twenty teams competing.",
    "The museum's Pioneer Village reopens with blacksmith demonstrations and tours every hour.",
]
RUN_ITEM = "Girls Run Bakersfield holds its second Run Against ICE, a 5K at Hart Park, at 8 a.m."


def test_a_run_named_in_one_item_of_a_list_is_a_mention():
    text = "\n".join([ITEMS[0], RUN_ITEM, *ITEMS[1:]])
    found = measure_coverage("Things to do in Bakersfield this weekend", text)
    assert (found.kind, found.listing) == (MENTION, "things to do")
    assert found.share < 0.3


def test_a_list_that_opens_with_the_run_is_still_a_mention():
    found = measure_coverage("Weekend calendar", "\n".join([RUN_ITEM, *ITEMS]))
    assert found.named_up_front and found.kind == MENTION


def test_a_title_naming_the_run_makes_a_page_a_story_when_it_is_no_list():
    found = measure_coverage("Run Against ICE returns to Hart Park", "\n".join([*ITEMS, RUN_ITEM]))
    assert (found.kind, found.named_up_front, found.listing) == (STORY, True, None)


def test_listing_words_count_in_titles_and_headings_not_in_prose():
    text = "\n".join([*ITEMS, "The run is now a fixture on the club's calendar. " + RUN_ITEM])
    assert measure_coverage("A morning on the river", text).listing is None
    assert measure_coverage("A morning on the river", "Calendar\n" + text).listing == "calendar"


def test_the_listing_words_are_the_lexicons_of_each_language():
    assert "things to do" in LEXICONS["en"].listing_cues
    assert "qué hacer" in LEXICONS["es"].listing_cues
    text = "\n".join([*ITEMS, RUN_ITEM])
    # Accents are ignored, as in the topic's terms.
    assert measure_coverage("Qué hacer este fin de semana", text).listing == "qué hacer"
    found = measure_coverage("Our picks", text, listing_cues=frozenset({"our picks"}))
    assert found.listing == "our picks"


def test_a_text_mostly_about_running_is_a_story_wherever_it_names_the_run():
    text = "\n".join(
        [
            "The headlamps come on before five, and a dozen runners set off along the river.",
            "The club runs twice a week; most members had never run a mile when they joined.",
            "Members carpool to races and keep a steady pace of eleven minutes a mile.",
            "Back at the cars, the runners pass around oranges and a thermos of coffee.",
            "Some of them ran their first half marathon in the fall, in matching shirts.",
            "On Saturday the club holds its second Run Against ICE, a 5K at Hart Park.",
        ]
    )
    found = measure_coverage("Before dawn, a club finds its voice", text)
    assert (found.kind, found.named_up_front) == (STORY, False)
    assert found.share >= 0.5
