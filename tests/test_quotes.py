"""Quote extraction: every pattern of the labelled set, pages end to end, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.quotes import fold_name, jaccard, load_paragraphs
from extract import extract_article
from extract.quotes import Quote, extract_quotes
from tests.helpers import SEEDS

LABELLED = Path(__file__).parent / "fixtures" / "quotes"
FIXTURE_WEB = Path(__file__).parent.parent / "archive" / "fixture_web"


def labelled_documents() -> list[dict]:
    """Return the labelled articles whose text is here (seed texts need the seeds folder)."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(LABELLED.glob("*.json"))]
    return [d for d in docs if "paragraphs" in d or SEEDS.is_dir()]


def gold_cases(pattern: str) -> list[tuple[dict, dict]]:
    """Return (article, gold quote) pairs for one pattern."""
    return [(d, q) for d in labelled_documents() for q in d["quotes"] if pattern in q["patterns"]]


def find_match(gold: dict, predicted: list[Quote]) -> Quote | None:
    """Return the predicted quote that matches a gold one, as the benchmark matches them."""
    best = max(predicted, key=lambda p: jaccard(gold["text"], p.text), default=None)
    return best if best is not None and jaccard(gold["text"], best.text) >= 0.8 else None


def extract_document(doc: dict) -> list[Quote]:
    return extract_quotes("\n".join(load_paragraphs(doc, SEEDS)), doc["language"])


PATTERNS = sorted(
    {p for d in labelled_documents() for q in d["quotes"] for p in q["patterns"]}
    | {"after", "before", "split", "multi-paragraph", "pronoun", "organization", "anonymous"}
)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_pattern_is_found_with_its_speaker(pattern: str) -> None:
    cases = gold_cases(pattern)
    assert cases, f"the labelled set has no {pattern!r} quote"
    for doc, gold in cases:
        found = find_match(gold, extract_document(doc))
        assert found is not None, f"{doc['source']}: missed {gold['text']!r}"
        assert fold_name(found.speaker) == fold_name(gold["speaker"]), gold["text"]
        assert found.paragraph == gold["paragraph"]


def test_the_labelled_set_is_big_enough_and_bilingual() -> None:
    quotes = [(d["language"], q) for d in labelled_documents() for q in d["quotes"]]
    if SEEDS.is_dir():
        assert len(quotes) >= 60
    assert sum(1 for language, _ in quotes if language == "es") >= 15


@pytest.mark.parametrize("doc", labelled_documents(), ids=lambda d: Path(d["source"]).stem)
def test_names_and_terms_in_quotation_marks_are_not_quotes(doc: dict) -> None:
    predicted = extract_document(doc)
    assert len(predicted) == len(doc["quotes"])
    for term in doc["not_quotes"]:
        assert all(jaccard(term, p.text) < 0.8 for p in predicted), term


@pytest.mark.parametrize(
    "doc",
    [d for d in labelled_documents() if d["source"].startswith("fixture_web/")],
    ids=lambda d: Path(d["source"]).stem,
)
def test_fixture_pages_give_the_labelled_quotes_end_to_end(doc: dict) -> None:
    path = FIXTURE_WEB / doc["source"].removeprefix("fixture_web/")
    article = extract_article(path.read_text(encoding="utf-8"), url="https://example.org/x")
    assert len(article.quotes) == len(doc["quotes"])
    for gold in doc["quotes"]:
        found = find_match(gold, list(article.quotes))
        assert found is not None, gold["text"]
        assert fold_name(found.speaker) == fold_name(gold["speaker"])


def test_a_speaker_is_named_in_full_with_the_role_the_article_gives() -> None:
    text = (
        "Mayor Karen Delgado spoke before the start.\n"
        '"This city belongs to all of us, wherever we were born," Delgado said.\n'
        "Longtime volunteer Omar Haddad handed out water at mile three.\n"
        '"I have done this for ten years and I have never seen a crowd like this," said Haddad.'
    )
    quotes = extract_quotes(text, "en")
    assert [(q.speaker, q.verb) for q in quotes] == [
        ("Karen Delgado", "said"),
        ("Omar Haddad", "said"),
    ]
    assert quotes[1].speaker_description == "Longtime volunteer"


def test_according_to_before_a_quote_names_the_organization() -> None:
    text = (
        "The American Civil Liberties Union filed a complaint on Monday.\n"
        'According to the ACLU, agents "stopped people for no reason other than the color '
        'of their skin."'
    )
    (quote,) = extract_quotes(text, "en")
    assert quote.speaker == "ACLU"
    assert quote.verb.lower() == "according to"


def test_unbalanced_marks_apostrophes_and_primes_are_not_quotes() -> None:
    text = (
        "It's the '90s again, said the 5'10\" coach, whose runners' shoes were worn.\n"
        'She said "we will keep going and nobody can stop us now because we are many\n'
        "The group's rock ’n’ roll playlist ran all morning."
    )
    assert extract_quotes(text, "en") == []


def test_ten_thousand_paragraphs_are_read_in_one_pass() -> None:
    paragraph = '"We run because our neighbors cannot," Luz Almanza said at the park.'
    quotes = extract_quotes("\n".join([paragraph] * 10_000), "en")
    assert len(quotes) == 10_000
    assert {q.speaker for q in quotes} == {"Luz Almanza"}


def test_a_text_without_paragraph_breaks_still_gives_its_quotes() -> None:
    text = " ".join(
        [
            "Runner Ana Ruiz finished first.",
            '"The hills were brutal, but the crowd carried me," Ruiz said.',
            "Her coach, Leo Park, was waiting at the line.",
            '"She trained for this all winter," he said.',
        ]
    )
    quotes = extract_quotes(text, "en")
    assert [q.speaker for q in quotes] == ["Ana Ruiz", "Leo Park"]


@pytest.mark.parametrize("text", ["", "\n\n", '"', "«", "—", "“”", "'' \"\" «»", "‘’’’‘"])
def test_degenerate_texts_give_no_quotes(text: str) -> None:
    assert extract_quotes(text, "en") == []


def test_wire_style_titles_affiliations_and_appositives() -> None:
    text = (
        "LOS ANGELES (AP) — Hundreds of runners joined a protest run on Saturday.\n"
        "\"We're here because our neighbors can't be,\" said the Rev. Jesse Gomez of "
        "St. Mark's Church, who blessed the runners.\n"
        'Gomez, 58, added: "Faith means showing up."\n'
        '"This is about dignity," Sen. Alex Padilla, D-Calif., said in a statement.\n'
        '"Our operations are targeted," Assistant Secretary Tricia McLaughlin said Friday.\n'
        '"We will be back," the Department of Homeland Security said in a statement.'
    )
    quotes = extract_quotes(text, "en")
    assert [q.speaker for q in quotes] == [
        "Jesse Gomez",
        "Jesse Gomez",
        "Alex Padilla",
        "Tricia McLaughlin",
        "Department of Homeland Security",
    ]
    assert quotes[3].speaker_description == "Assistant Secretary"


def test_spanish_roles_set_off_by_commas_and_bare_verbs() -> None:
    text = (
        "SANTA ANA — Cientos de personas marcharon el sábado.\n"
        '"No tenemos miedo", manifestó la activista María López, de 45 años.\n'
        '"Seguiremos corriendo", dijo a este medio Juan Pérez.\n'
        "—Aquí estamos —agregó.\n"
        "La presidenta del comité, Ana Torres, explicó que la ruta cambió. "
        '"Queríamos pasar frente al consulado", indicó.'
    )
    quotes = extract_quotes(text, "es")
    assert [(q.speaker, q.verb) for q in quotes] == [
        ("María López", "manifestó"),
        ("Juan Pérez", "dijo"),
        ("Juan Pérez", "agregó"),
        ("Ana Torres", "indicó"),
    ]
    assert quotes[3].speaker_description == "presidenta del comité"


def test_someone_named_before_an_unattributed_quote_is_its_speaker() -> None:
    text = (
        '"We\'re not going anywhere," said Jasmine Patel, co-founder of Central Valley Striders.\n'
        'Asked whether the runs would continue, Lt. Carlos Mendez shrugged. "That\'s up to them."\n'
        '"Every Sunday, rain or shine," Patel said.\n'
        '"We will run in Delano next."'
    )
    quotes = extract_quotes(text, "en")
    assert [q.speaker for q in quotes] == [
        "Jasmine Patel",
        "Carlos Mendez",
        "Jasmine Patel",
        "Jasmine Patel",  # the next paragraph, no one new named: she goes on
    ]


def test_a_spanish_subject_set_off_from_its_verb_by_an_appositive() -> None:
    text = (
        "El teniente Carlos Mendez, de la policía de Fresno, aseguró que no hubo arrestos: "
        "“Fue un evento pacífico”."
    )
    [quote] = extract_quotes(text, "es")
    assert (quote.text, quote.speaker, quote.verb) == (
        "Fue un evento pacífico",
        "Carlos Mendez",
        "aseguró",
    )
