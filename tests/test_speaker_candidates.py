"""Which of the names around a quotation a reader takes for its speaker: a person over a
place or body, a name over its appositives, the person a role phrase stands for, the speaker a
quote paragraph goes on with, the subject of the sentence over the names inside it."""

from __future__ import annotations

import pytest

from extract.quotes import extract_quotes


def speakers(text: str, language: str = "en") -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_description) for q in extract_quotes(text, language)]


def speaker_names(text: str, language: str = "en") -> list[str | None]:
    return [q.speaker for q in extract_quotes(text, language)]


# --- a person over a place, a body or a name inside the clause ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Britain recalled its envoy on Monday.\n"
            "China’s ambassador to Britain Liu Xiaming has said that China has the"
            " “resolution and power” to end the unrest.",
            "Liu Xiaming",
        ),
        (
            '"If it is not the first vote it should be at the very top of the list," said'
            " Sen. Chris Murphy (D-Conn.).",
            "Chris Murphy",
        ),
        (
            '"I want Bernie in the fold, I want him enthusiastic," said Sen. Sherrod Brown of'
            " Ohio, another potential pick.",
            "Sherrod Brown",
        ),
        (
            '"Yes, I support the senator," Brent Bozell III, founder of the Media Research'
            " Center, tells reporters.",
            "Brent Bozell III",
        ),
    ],
)
def test_a_persons_name_beats_a_place_or_body_in_the_same_clause(text: str, expected: str) -> None:
    assert speaker_names(text) == [expected]


def test_the_subject_speaks_not_the_person_named_after_the_verb() -> None:
    text = (
        "Clinton says she respects Sanders’ “passion and commitment” but argues that he"
        " can’t deliver on his promises."
    )
    assert speaker_names(text) == ["Clinton"]


def test_a_participle_after_the_quote_is_the_words_of_the_sentences_subject() -> None:
    text = (
        'Cruz said last week that Trump represents "New York values," stating during the'
        ' debate that they are "socially liberal or pro-abortion or pro-gay-marriage."'
    )
    assert speaker_names(text) == ["Cruz", "Cruz"]


def test_a_participle_with_a_clause_of_its_own_reports_the_sentences_subject() -> None:
    text = (
        "The Democratic National Committee released a statement Wednesday evening, saying"
        " Trump’s comments are “another example of his dangerous and divisive race-baiting.”"
    )
    assert speaker_names(text) == ["Democratic National Committee"]


def test_a_speech_verb_spelled_as_a_noun_does_not_take_the_possessor() -> None:
    text = (
        "Joe Maloy, a Republican from the Concord area, said that sometimes Trump's"
        ' over-the-top comments make him wish Republicans could "put the genie back in the'
        ' bottle."'
    )
    assert speakers(text) == [("Joe Maloy", "a Republican from the Concord area")]


def test_a_verb_of_naming_before_the_quote_names_a_term() -> None:
    text = (
        "Breathing in mold from hay can lead to what’s called “farmer's lung,” not to be"
        " confused with a farmer’s tan."
    )
    assert extract_quotes(text, "en") == []


def test_calling_something_a_word_reports_the_word() -> None:
    text = (
        'The day after the primary, Gov. Doug Ducey called the long lines "unacceptable."'
        " Phoenix Mayor Greg Stanton wrote a letter to the attorney general asking for an"
        " inquiry."
    )
    assert speaker_names(text) == ["Doug Ducey"]


# --- the wrong one of two speakers ---------------------------------------------------------


def test_a_new_sentence_after_a_quote_that_ends_its_own_is_another_speakers() -> None:
    text = (
        "Sanders called the suspension “arbitrary.” Josh Hendler, a Democratic tech operative,"
        " warned Saturday that the move could deeply damage the party in the future."
    )
    assert speaker_names(text) == ["Sanders"]


def test_an_attribution_closing_the_sentence_a_quote_opened() -> None:
    text = (
        "Polls show Clinton up by 10 points in New York.\n"
        '"He can assert it, but it seems extremely unlikely" that Sanders can catch Clinton,'
        " said Steve Elmendorf, a Democratic strategist."
    )
    assert speakers(text) == [("Steve Elmendorf", "a Democratic strategist")]


def test_a_quoted_name_between_a_quote_and_its_attribution_is_read_through() -> None:
    text = (
        "“We’ve had more successful conventions than this one,” Texas delegate Bill Eastland,"
        " wearing a cowboy hat and “Ted Cruz” campaign pins, said as confetti fell."
    )
    assert speaker_names(text) == ["Bill Eastland"]


# --- a name and its appositives ------------------------------------------------------------


def test_a_name_with_its_appositive_is_that_person_described_by_it() -> None:
    text = (
        "Dana Ruiz, the director of the county food bank, said the shelves were"
        ' "emptier than at any time since the pandemic began."'
    )
    assert speakers(text) == [("Dana Ruiz", "the director of the county food bank")]


@pytest.mark.parametrize(
    "text",
    [
        "Dean Johnson, a 55-year-old salesman from Sumter, South Carolina, says Cruz will"
        " “leave here with momentum.”",
        "Anthony Anton, president and CEO of Washington Restaurant Association stated, “It’s"
        " not a political problem; it’s a math problem.”",
    ],
)
def test_the_last_segment_before_the_verb_is_not_the_speaker(text: str) -> None:
    (quote,) = extract_quotes(text, "en")
    assert quote.speaker in {"Dean Johnson", "Anthony Anton"}
    assert quote.speaker_description and quote.speaker not in quote.speaker_description


def test_a_word_opening_the_sentence_is_no_name_before_an_appositive() -> None:
    text = (
        "Later, in remarks at the party headquarters, Esper said, “We strongly oppose"
        " violations of international law.”"
    )
    assert speaker_names(text) == ["Esper"]


# --- a role phrase -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("introduction", "role", "expected"),
    [
        ("Gov. Gavin Newsom toured the damage. Mayor Karen Bass joined him.", "the governor",
         ("Gavin Newsom", "Gov.")),
        ("Mayor Karen Bass spoke. Governor Gavin Newsom arrived later.", "the mayor",
         ("Karen Bass", "Mayor")),
        ("Dana Ruiz, a spokeswoman for the county, said roads were closed. Officer Tom Lee"
         " of the highway patrol said crews were out.", "the spokeswoman",
         ("Dana Ruiz", "a spokeswoman for the county")),
        ("The fire burned for three days in the hills.", "the spokeswoman",
         (None, "spokeswoman")),
        ("The Food and Drug Administration approved the drug on Monday.", "the agency",
         ("Food and Drug Administration", None)),
    ],
)  # fmt: skip
def test_a_role_phrase_is_whoever_the_article_gave_that_role(
    introduction: str, role: str, expected: tuple[str | None, str | None]
) -> None:
    text = f'{introduction}\n"We expect to reopen the highway by Friday morning," {role} said.'
    assert speakers(text) == [expected]


def test_a_spanish_role_phrase_is_the_person_with_the_abbreviated_title() -> None:
    text = (
        "La Dra. Ana Ruiz atendió a los heridos en el hospital.\n"
        "El alcalde Pedro Gómez visitó la zona por la tarde.\n"
        "«Hemos atendido a cuarenta personas esta noche», dijo la doctora."
    )
    assert speaker_names(text, "es") == ["Ana Ruiz"]


# --- a quote paragraph without a verb ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Palestinian officials met in Ramallah on Sunday.\n"
            "Erekat said it was only the latest move by the US to force the Palestinians to"
            " give up their claims.\n"
            '"They wanted us on our knees and they used every trick to put pressure on us."',
            "en",
            "Erekat",
        ),
        (
            "Leppe explicó que el récord se registró en una estación sobre el permafrost.\n"
            "«El cambio climático es un fenómeno que se mide en un largo periodo de tiempo».",
            "es",
            "Leppe",
        ),
    ],
)
def test_a_quote_paragraph_goes_on_from_the_reported_speech_above(
    text: str, language: str, expected: str
) -> None:
    assert speaker_names(text, language) == [expected]


# --- marks -----------------------------------------------------------------------------------


def test_two_apostrophes_are_a_double_quotation_mark() -> None:
    text = (
        "Mr. Trump was asked about it during the debate.\n"
        "When asked whether he was encouraging the fury, he said, ''I hope not.''"
    )
    (quote,) = extract_quotes(text, "en")
    assert (quote.text, quote.speaker) == ("I hope not.", "Trump")
