"""Who a speaker is across articles: folded names, match keys, initials and acronyms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.datasette_plugins import runarchive_sql
from extract.names import acronym_matches, fold_name, is_acronym, match_keys, name_initials

FIXTURES = Path(__file__).parent / "fixtures"


def labelled_speakers() -> list[str]:
    """Return every speaker and description the labelled quote sets name."""
    names = set()
    for path in sorted(FIXTURES.glob("quotes*/*.json")):
        for quote in json.loads(path.read_text(encoding="utf-8"))["quotes"]:
            names.update(
                value for value in (quote["speaker"], quote["speaker_description"]) if value
            )
    return sorted(names)


def test_the_labelled_sets_name_enough_speakers_to_compare_folding() -> None:
    assert len(labelled_speakers()) >= 200


@pytest.mark.parametrize(
    "name",
    [
        *labelled_speakers(),
        "José  Núñez-Pérez",
        "GUTIÉRREZ",
        "Ñandú Ltd.",
        "O’Connor",
        "Straße",
        "İstanbul",
        "ǅemal",
        "Ｆｕｌｌ　Ｗｉｄｔｈ",
        "x²",
        "",
    ],
)
def test_the_sql_function_folds_a_known_name_as_the_store_does(name: str) -> None:
    assert runarchive_sql.fold_name(name) == fold_name(name)


@given(st.text())
def test_the_sql_function_folds_any_text_as_the_store_does(name: str) -> None:
    assert runarchive_sql.fold_name(name) == fold_name(name)


def test_the_sql_function_keeps_null() -> None:
    assert runarchive_sql.fold_name(None) is None


def test_the_keys_of_a_name_all_come_folded() -> None:
    assert all(key == fold_name(key) for key in match_keys("José W. Núñez Jr."))


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("U.S. Department of Homeland Security", "DHS"),
        ("Coalition for Humane Immigrant Rights", "CHIR"),
        ("Centro de los Derechos del Migrante", "CDM"),
        ("Immigration and Customs Enforcement", "ICE"),
    ],
)
def test_initials_skip_the_small_words_of_either_language(name: str, initials: str) -> None:
    assert name_initials(name) == initials


@pytest.mark.parametrize(
    ("acronym", "name", "matches"),
    [
        ("DHS", "U.S. Department of Homeland Security", True),
        ("CHIRLA", "Coalition for Humane Immigrant Rights", True),
        ("ICE", "Immigration and Customs Enforcement", True),
        ("I.C.E.", "Immigration and Customs Enforcement", True),
        ("ICE", "Internal Revenue Service", False),
        ("ICE", "DHS", False),  # two acronyms: neither stands for the other
        ("Ice", "Immigration and Customs Enforcement", False),
        ("UN", "United Nations", False),  # two initials say too little
    ],
)
def test_an_acronym_stands_for_the_name_its_initials_begin(
    acronym: str, name: str, matches: bool
) -> None:
    assert acronym_matches(acronym, name) is matches


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("ICE", True),
        ("U.S.", True),
        ("CHIRLA", True),
        ("ABCDEFGH", True),
        ("ABCDEFGHI", False),
        ("I", False),
        ("Ice", False),
        ("ICE agents", False),
    ],
)
def test_an_acronym_is_two_to_eight_capitals_with_or_without_periods(
    text: str, acronym: bool
) -> None:
    assert is_acronym(text) is acronym
