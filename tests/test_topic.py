"""Topic relevance: coverage of the runs in English and Spanish, and nothing else."""

import pytest

from extract.topic import score_topic


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Running club hosts second annual 'Run Against ICE'",
            "Dozens gathered at Hart Park.",
            True,
        ),
        ("Corredores en Los Ángeles", "La Carrera contra ICE recorrió Koreatown.", True),
        ("Runners protest raids", "The 15-mile run protested ICE raids in Los Angeles.", True),
        ("Kern County half marathon draws 900", "Runners braved ice on the course.", False),
        ("City council budget", "The council passed a budget on Tuesday.", False),
    ],
)
def test_topic_verdicts(title, text, expected):
    assert score_topic(title, text).on_topic is expected


def test_matched_terms_and_score_are_reported():
    topic = score_topic("Run Against ICE returns", "The Run Against ICE returned to Hart Park.")
    assert "Run Against ICE" in topic.terms
    assert 0.6 < topic.score <= 1.0


def test_custom_phrases_replace_the_defaults():
    topic = score_topic(
        "Marcha por la dignidad",
        "La marcha por la dignidad salió temprano.",
        phrases=("marcha por la dignidad",),
        run_words=(),
        enforcement_words=(),
    )
    assert topic.on_topic and topic.terms == ("marcha por la dignidad",)
