"""The error analysis sorts a wrong speaker by what the extractor took instead: another
entity, nobody although the text names the speaker, or the other of two speakers."""

from __future__ import annotations

import pytest

from bench.quotes import same_name
from bench.speaker_errors import classify
from extract import Quote

PARAGRAPHS = [
    "Dana Ruiz, the director of the county food bank, spoke at City Hall.",
    'Ruiz, the director, said "we are out of rice" as Mayor Karen Bass listened.',
    '"We will get more," Bass said. "Thank you," Ruiz said.',
]


def _doc(*speakers: str | None) -> dict:
    quotes = [
        {"text": "we are out of rice", "speaker": speakers[0], "paragraph": 1},
        {"text": "We will get more", "speaker": "Karen Bass", "paragraph": 2},
    ]
    return {"source": "x", "language": "en", "quotes": quotes}


def _quote(speaker: str | None) -> Quote:
    return Quote("we are out of rice", speaker, None, "said", 1, "en")


@pytest.mark.parametrize(
    ("predicted", "gold", "kind"),
    [
        ("Karen Bass", "Dana Ruiz", ("wrong-of-two", "")),
        ("Mr", "Dana Ruiz", ("another-entity", "honorific alone")),
        ("City Hall", "Dana Ruiz", ("another-entity", "place, body or organization")),
        ("Leo Moreno", "Dana Ruiz", ("another-entity", "person named elsewhere")),
        ("Ruiz", "Dana Ruiz", ("same-person-other-form", "")),
        (None, "Dana Ruiz", ("no-speaker", "name with an appositive")),
        (None, "Ana Mora", ("no-speaker", "a title or role stands for the name")),
        ("Dana Ruiz", None, ("named-the-unnamed", "")),
    ],
)
def test_a_wrong_speaker_is_sorted_by_what_was_taken_instead(
    predicted: str | None, gold: str | None, kind: tuple[str, str]
) -> None:
    doc = _doc(gold)
    assert classify(doc, PARAGRAPHS, doc["quotes"][0], _quote(predicted), same_name) == kind
