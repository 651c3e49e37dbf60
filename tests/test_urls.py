"""Canonical URLs: one story, one URL, however it was reached."""

import pytest

from extract.urls import article_id, canonical_url

STORY = "https://www.turnto23.com/news/bakersfield/run-against-ice"


@pytest.mark.parametrize(
    "variant",
    [
        STORY,
        STORY + "/",
        STORY + "?utm_source=twitter&utm_medium=social",
        STORY + "?fbclid=IwAR0abc#comments",
        "HTTPS://WWW.TURNTO23.COM/news/bakersfield/run-against-ice",
        STORY + "/amp",
        "https://www.turnto23.com/amp/news/bakersfield/run-against-ice",
        STORY + "?amp=1",
    ],
)
def test_variants_of_a_story_share_one_canonical_url(variant):
    assert canonical_url(variant) == STORY
    assert article_id(variant) == article_id(STORY)


def test_meaningful_query_parameters_are_kept():
    assert canonical_url("https://example.com/story?id=42&utm_campaign=x") == (
        "https://example.com/story?id=42"
    )


def test_different_stories_have_different_ids():
    assert article_id(STORY) != article_id(STORY + "-2")
