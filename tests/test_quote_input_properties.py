"""Quote extraction on hostile text: any mix of marks, names, roles and attributions, and text
made long by repeating a part, gives well-formed quotes without an error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.quotes import extract_quotes

# The pieces the attribution rules read: every kind of mark (two apostrophes among them),
# names with titles, parties and places, appositives, role phrases, verbs, participles,
# possessives, datelines and paragraph breaks.
FRAGMENTS = [
    '"',
    "“",
    "”",
    "''",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "—",
    "–",
    ",",
    ", ",
    ".",
    ". ",
    ":",
    ";",
    "\n",
    "\n\n",
    " ",
    "said",
    " said ",
    " dijo ",
    " says ",
    " saying ",
    " called ",
    "what's called ",
    " told ",
    " according to ",
    " según ",
    "Ana Ruiz",
    "Sen. Chris Murphy (D-Conn.)",
    "Sherrod Brown of Ohio",
    "China’s ambassador to Britain Liu Xiaming",
    "Brent Bozell III",
    "the senator",
    "the spokeswoman",
    "a spokeswoman",
    "la doctora",
    "la Dra. Ana Ruiz",
    "the agency",
    "WASHINGTON (AP) — ",
    "Later",
    "But ",
    "who ",
    "a 55-year-old salesman from Sumter",
    "Trump’s comments",
    "We will win this state and the next one",
    "Hemos atendido a cuarenta personas",
    "x" * 300,
]
PROPERTY_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY_SETTINGS
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=120),
    st.sampled_from(["en", "es", None]),
)
def test_any_mix_of_marks_names_and_attributions_gives_well_formed_quotes(
    parts: list[str], language: str | None
) -> None:
    quotes = extract_quotes("".join(parts), language)
    for quote in quotes:
        assert quote.text.strip()
        for value in (quote.speaker, quote.speaker_description):
            assert value is None or (isinstance(value, str) and value.strip())
        assert quote.speaker is None or "\n" not in quote.speaker
        assert quote.paragraph >= 0


def _unclosed(n: int) -> str:
    return 'Ana Ruiz said: "' + "we run, and we run, " * n


def _marks(n: int) -> str:
    return "“a \"b” 'c' ’d‘ «e» '' „f“ " * n


def _apostrophe_pairs(n: int) -> str:
    return " ''we will win,'' said Ana Ruiz, ''and then some'' ".join(["x"] * n)


def _attributions(n: int) -> str:
    return '"We will win this," ' + ", said Ana Ruiz, a runner" * n + "; done."


def _appositives(n: int) -> str:
    return "Ana Ruiz, " + "a runner from Sumter, South Carolina, " * n + 'said "we keep going on."'


def _names(n: int) -> str:
    return '"We will win this race," said ' + " ".join(["“Big Name” Ana Ruiz"] * n) + "."


def _reported_paragraphs(n: int) -> str:
    pair = "Ana Ruiz said " + "said " * 60 + "so.\n" + '"We will win this race today."\n'
    return pair * n


def _no_quotes(n: int) -> str:
    return "Ana Ruiz, the senator of Ohio, said the race went well. " * n


GROWING: dict[str, Callable[[int], str]] = {
    "a quotation left open to the end": _unclosed,
    "thousands of mixed marks": _marks,
    "two apostrophes for marks": _apostrophe_pairs,
    "an attribution repeated in one sentence": _attributions,
    "a chain of appositives": _appositives,
    "quoted names between a quote and its verb": _names,
    "paragraphs of reported speech": _reported_paragraphs,
    "text without quotes": _no_quotes,
}


@pytest.mark.parametrize("make", GROWING.values(), ids=GROWING.keys())
def test_long_hostile_text_is_read_whole_into_well_formed_quotes(
    make: Callable[[int], str],
) -> None:
    # How the time grows with such text is measured by bench/quote_scaling.py, not here.
    text = make(2000)
    quotes = extract_quotes(text, "en")
    assert all(quote.text.strip() and len(quote.text) <= len(text) for quote in quotes)
