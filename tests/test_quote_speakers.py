"""Quote attribution on newswriting: names and roles, back-references, Spanish verbs, the
lexicons the rules read, one speaker across articles, the news labelled set and bad input."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from archive import store
from archive.sources import RosterSpeaker, SourcesError, parse_sources
from extract import Quote
from extract.lexicons import ALL, LEXICONS, Lexicon
from extract.names import match_keys
from extract.quotes import extract_quotes
from tests.helpers import make_article

NEWS = Path(__file__).parent / "fixtures" / "quotes-news"
EXTRACT = Path(__file__).parent.parent / "extract"
RULE_MODULES = ("quotes.py", "speakers.py", "quote_marks.py", "speech.py", "names.py")


def speakers(text: str, language: str = "en") -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_description) for q in extract_quotes(text, language)]


# --- names and roles -----------------------------------------------------------------------


def test_a_title_and_employer_before_a_name_are_the_description() -> None:
    text = (
        "Hundreds of workers rallied downtown on Tuesday.\n"
        '"We are not going anywhere," said SEIU 721 Organizing Director Martin Manteca.'
    )
    assert speakers(text) == [("Martin Manteca", "SEIU 721 Organizing Director")]


def test_a_role_noun_opening_the_sentence_is_not_part_of_the_name() -> None:
    text = (
        "Protester Leila Khaled, who was at the protest, said the crowd was peaceful. "
        '"Nobody threw anything," Khaled said.'
    )
    assert speakers(text) == [("Leila Khaled", "Protester")]


@pytest.mark.parametrize(
    ("introduction", "reference", "expected"),
    [
        ("Mayor Karen Bass spoke at City Hall.", "Bass said", "Karen Bass"),
        ("Mayor Karen Bass spoke at City Hall.", "the mayor added", "Karen Bass"),
        ("Mayor Karen Bass spoke at City Hall.", "she said", "Karen Bass"),
        ("U.S. Attorney James P. Kennedy Jr. filed the case.", "Kennedy said", None),
        ("Hours before Zach Parise’s two goals, the coach spoke.", "Parise said", "Zach Parise"),
        ("Parise opened the scoring on Joel Eriksson Ek’s feed.", "Eriksson Ek said", None),
    ],
)
def test_a_surname_pronoun_or_role_refers_back_to_the_full_name(
    introduction: str, reference: str, expected: str | None
) -> None:
    text = (
        f'{introduction}\nThe council voted a day earlier.\n"We keep the parks open," {reference}.'
    )
    [quote] = extract_quotes(text, "en")
    full = (
        expected
        or {
            "Kennedy said": "James P. Kennedy Jr.",
            "Eriksson Ek said": "Joel Eriksson Ek",
        }[reference]
    )
    assert quote.speaker == full


def test_a_long_run_of_roles_before_the_name_still_attributes_the_quote() -> None:
    text = (
        '"We have found the next best thing," lead researcher and NASA planetary scientist '
        "Lucas Paganini said in a statement."
    )
    assert [s for s, _ in speakers(text)] == ["Lucas Paganini"]


def test_a_capitalized_word_spelled_like_a_verb_introduces_no_quote() -> None:
    text = 'The report came out as the United States cheered the "phase one" deal.'
    assert speakers(text) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The union's president, Ana Ruiz, said the strike would go on: "
            '"We are not going anywhere at all."',
            "en",
            ("Ana Ruiz", "union's president"),
        ),
        (
            '"We are not going anywhere at all," the union\'s president, Ana Ruiz, said.',
            "en",
            ("Ana Ruiz", "union's president"),
        ),
        (
            "El consejero de Educación y Deporte de la Junta de Andalucía, Javier Imbroda, ha "
            'revelado que tuvo "la suerte" de superarlo.',
            "es",
            ("Javier Imbroda", "consejero de Educación y Deporte de la Junta de Andalucía"),
        ),
    ],
)
def test_a_name_set_off_after_a_role_is_the_speaker_and_the_role_its_description(
    text: str, language: str, expected: tuple[str, str]
) -> None:
    assert speakers(text, language) == [expected]


def test_a_surname_refers_back_to_a_name_after_an_office_with_of() -> None:
    text = (
        "The move was announced on Monday by US Secretary of State Mike Pompeo.\n"
        "Israeli Prime Minister Benjamin Netanyahu said he was moved.\n"
        'Pompeo said the settlements were "not, per se, inconsistent with international law".'
    )
    assert [s for s, _ in speakers(text)] == ["Mike Pompeo"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Audience members laughed when he urged voters,", "Boris Johnson"),
        ("The doctors said they work in all states to", "Doctors for Camp Closure"),
    ],
)
def test_the_speech_verb_nearest_the_quotation_says_whose_words_they_are(
    sentence: str, expected: str
) -> None:
    text = (
        "Prime Minister Boris Johnson met the Doctors for Camp Closure on Monday.\n"
        f'{sentence} "look what I have said I am going to do and look what I have delivered."'
    )
    assert [s for s, _ in speakers(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The group, WeWorkers Coalition, formed in recent weeks. The deal was brokered "
            "by JLL last month.\n"
            'The group added that WeWork "is not following through on its promise to them."',
            "en",
            "WeWorkers Coalition",
        ),
        (
            "El colectivo, Madres Unidas, se formó en marzo. La Fiscalía abrió una "
            "investigación.\n"
            "El colectivo dijo que la Fiscalía “no ha respondido a ninguna de nuestras "
            "cartas”.",
            "es",
            "Madres Unidas",
        ),
    ],
)
def test_the_noun_that_introduced_an_organization_refers_back_to_it(
    text: str, language: str, expected: str
) -> None:
    assert [s for s, _ in speakers(text, language)] == [expected]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "La alcaldesa Karen Bass habló primero.\n"
            "La caída del petróleo pone en riesgo las aportaciones federales, advirtió la "
            "calificadora Moody's.\n"
            '"La caída del precio debilitará algunas transferencias federales", señaló.',
            "es",
            "Moody's",
        ),
        (
            "Mayor Karen Bass spoke first.\n"
            "The cuts will hurt every family in the city, said union leader Ana Ruiz.\n"
            '"We will not stop until they listen to us," she added.',
            "en",
            "Ana Ruiz",
        ),
    ],
)
def test_the_speaker_of_reported_speech_goes_on_into_the_next_quotation(
    text: str, language: str, expected: str
) -> None:
    assert [s for s, _ in speakers(text, language)] == [expected]


def test_it_refers_back_to_the_organization_that_spoke_last() -> None:
    text = (
        '"The case is closed," the Swedish Prosecution Authority said.\n'
        "Director of Public Prosecution Eva-Marie Persson announced the decision.\n"
        '"The evidence has weakened considerably over the years," it said.'
    )
    assert [s for s, _ in speakers(text)] == [
        "Swedish Prosecution Authority",
        "Swedish Prosecution Authority",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gov. Kristi Noem launched the campaign.\n"
            'The meth crisis is "growing at an alarming rate" and affects every community in '
            "the state, Noem said in the announcement.",
            ["Kristi Noem"],
        ),
        (
            "Prime Minister Scott Morrison spoke.\n"
            'Morrison said, "We are profoundly pleased and relieved" at the release, adding '
            "that the family had asked to convey its relief.",
            ["Scott Morrison"],
        ),
    ],
)
def test_the_attribution_closing_a_sentence_covers_the_quoted_words_in_it(
    text: str, expected: list[str]
) -> None:
    assert [s for s, _ in speakers(text)] == expected


def test_a_spanish_sentence_opened_by_its_verb_goes_on_with_the_speaker() -> None:
    text = (
        "“Hasta ahora no hemos llevado combustible a los hospitales”, explicó el teniente "
        "general Herzi Halevi.\n"
        "Reconoció que la guerra tiene “un precio doloroso y difícil”.\n"
        "Aseguró que las fuerzas tienen la “obligación” de devolver a casa a los rehenes."
    )
    assert [s for s, _ in speakers(text, "es")] == ["Herzi Halevi"] * 3


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Mayor Karen Bass spoke first.\n"
            "The podcasts keep growing in the region, explains Deborah Jourdan:\n"
            '"We are seeing podcasts grow in popularity in Mexico and across the region."',
            "en",
            "Deborah Jourdan",
        ),
        (
            "La alcaldesa Karen Bass habló primero.\n"
            "Este comportamiento vino a afianzar el desempeño de los podcast, detalla "
            "Deborah Jourdan:\n"
            "“Estamos viendo que los podcast crecen en popularidad en México y en la región”.",
            "es",
            "Deborah Jourdan",
        ),
    ],
)
def test_a_paragraph_ending_in_a_colon_introduces_the_quotation_below(
    text: str, language: str, expected: str
) -> None:
    assert [s for s, _ in speakers(text, language)] == [expected]


def test_a_described_group_noun_refers_to_the_organization_named_like_it() -> None:
    text = (
        "Dick Clark Productions denied the deal with Big Machine Label Group.\n"
        '"We have no further comment at this time on the matter," the production company said.'
    )
    assert [s for s, _ in speakers(text)] == ["Dick Clark Productions"]


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        (
            "The company that runs the show, Dick Clark Productions, denies it.",
            "Dick Clark Productions",
        ),
        ("Her manager, Scooter Braun, denies it.", "Scooter Braun"),
    ],
)
def test_they_stands_for_an_organization_named_just_before(named: str, expected: str) -> None:
    text = (
        "Singer Taylor Swift spoke on Monday.\n"
        f"{named}\n"
        '"Any final agreement needs to be made with the management team," they said.'
    )
    assert [s for s, _ in speakers(text)] == [expected]


def test_a_person_is_preferred_over_the_organization_in_the_same_phrase() -> None:
    text = (
        "Indiana State Teachers Association President Keith Gambill addressed the crowd.\n"
        '"The crisis is now," Gambill said.'
    )
    assert speakers(text)[0][0] == "Keith Gambill"


def test_whoever_is_spoken_to_is_not_the_speaker() -> None:
    text = (
        "Will Moy leads the fact-checking website Full Fact.\n"
        '"It was an attempt to mislead voters," Moy told the BBC.'
    )
    assert speakers(text)[0][0] == "Will Moy"


def test_whoever_is_spoken_to_in_spanish_is_not_the_speaker() -> None:
    text = (
        "La marcha estuvo liderada por la excandidata presidencial Maria Kolesnikova. "
        '"Es vuestra última oportunidad para enfrentaros a vuestro miedo", proclamó desde un '
        "megáfono a la Policía."
    )
    assert [s for s, _ in speakers(text, "es")] == ["Maria Kolesnikova"]


def test_an_organizations_spokesperson_speaks_for_it_and_an_unnamed_speaker_has_no_name() -> None:
    text = (
        '"We are cooperating," said a WeWork spokesperson when contacted by Reuters.\n'
        "A doctor on the scene tried to save one of the wounded.\n"
        '"It is a shame to see a comrade die this way," the doctor said.\n'
        '"Don\'t hide things like this," one Weibo commenter said.'
    )
    assert speakers(text) == [("WeWork", None), (None, "doctor"), (None, "Weibo commenter")]


def test_an_organization_teaches_its_acronym_and_quotes_carry_the_other_name() -> None:
    text = (
        "The Coalition for Humane Immigrant Rights (CHIRLA) organized the march.\n"
        '"Every step is for the families," the coalition said in a statement.'
    )
    [quote] = extract_quotes(text, "en")
    assert quote.speaker == "CHIRLA"
    assert quote.speaker_aliases == ("Coalition for Humane Immigrant Rights",)


def test_capitals_written_with_periods_are_no_organization_that_speaks() -> None:
    # tests/fixtures/quotes-news/aeb-7a457a4f7173.json
    text = (
        'The staff member recalled that he said, "I will find her," '
        "the U.S. attorney's office said."
    )
    [(speaker, _)] = speakers(text)
    assert speaker != "U.S." and "attorney's office" in (speaker or "")


# --- Spanish -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb", ["dice", "contó", "relató", "señaló", "ha explicado", "añade", "aseguraba", "afirman"]
)
def test_spanish_speech_verbs_in_every_tense(verb: str) -> None:
    text = f'Soila Rodríguez llegó temprano.\n"Venimos porque tenemos miedo", {verb} Rodríguez.'
    [quote] = extract_quotes(text, "es")
    assert (quote.speaker, quote.verb) == ("Soila Rodríguez", verb)


def test_a_spanish_role_word_refers_back_to_the_person_introduced() -> None:
    text = (
        "Deborah Jourdan, líder de la plataforma Deezer, habló con este diario.\n"
        "“Vimos una caída de escuchas en marzo”, explica Jourdan.\n"
        "“Mucha gente está descubriendo el streaming”, explica la ejecutiva."
    )
    assert [s for s, _ in speakers(text, "es")] == ["Deborah Jourdan", "Deborah Jourdan"]


def test_an_interview_in_dialogue_dashes_gives_the_answers_to_the_interviewee() -> None:
    text = (
        "Andrés Iniesta recuerda la final del Mundial diez años después.\n"
        "–¿Qué piensa ahora?\n"
        "–Lo primero que me viene a la cabeza son recuerdos mágicos.\n"
        "–¿La realidad superó a la ficción?\n"
        "–Sí, sinceramente. Hay cosas que no se pueden soñar.\n"
        "–¿Qué hay detrás de esa foto?\n"
        "–Hay muchísimo trabajo y sacrificio."
    )
    quotes = extract_quotes(text, "es")
    assert [q.paragraph for q in quotes] == [2, 4, 6]
    assert {q.speaker for q in quotes} == {"Andrés Iniesta"}


def test_a_caption_line_under_a_quotation_names_its_speaker() -> None:
    text = (
        "Se graduaron 52 licenciados en educación primaria.\n"
        "“Este fue un curso atípico, pero obtuvimos un 100 por ciento de promoción”.\n"
        "Isabel Reinoso Castillo, directora del centro universitario\n"
        "El 58 por ciento de los graduados obtuvo calificaciones sobresalientes."
    )
    assert speakers(text, "es") == [
        ("Isabel Reinoso Castillo", "directora del centro universitario")
    ]


# --- marks and terms -----------------------------------------------------------------------


def test_mixed_and_doubled_closing_marks_close_a_quotation() -> None:
    text = (
        "“It was an attempt to mislead voters,’’ Will Moy told the BBC.\n"
        '“The end of the year is a popular time to buy," Jessica Caldwell said.'
    )
    assert [q.text for q in extract_quotes(text, "en")] == [
        "It was an attempt to mislead voters",
        "The end of the year is a popular time to buy",
    ]


def test_titles_in_marks_are_not_quotes_and_fragments_after_a_verb_are() -> None:
    text = (
        "The band played “Takin’ It to the Streets” and “What a Fool Believes” last night.\n"
        'Netanyahu said he was "very moved" by the announcement.'
    )
    assert [q.text for q in extract_quotes(text, "en")] == ["very moved"]


def test_a_sentence_after_the_attribution_is_a_second_quote() -> None:
    text = (
        "“People are a little more cautious,” InfoNation President Dan McDowell said, adding, "
        "“2019 is just not as strong as 2018.”"
    )
    assert [q.text for q in extract_quotes(text, "en")] == [
        "People are a little more cautious",
        "2019 is just not as strong as 2018.",
    ]


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"' * 10_000,
        "“" * 10_000,
        "«" * 5_000 + "»" * 3,
        'He said "hello there. ' * 2_000,
        '"Open quote runs on\n' * 2_000,
        "“A quotation that runs to the end of the article " + "and on " * 2_000,
        "‘’’‘" * 2_500 + "'90s 5'10\" rock 'n' roll",
        "—" * 3_000 + "\n" + "–¿Pregunta?\n" * 500,
    ],
)
def test_bad_input_gives_no_exception_and_no_quote_longer_than_its_paragraphs(text: str) -> None:
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    for quote in extract_quotes(text, "en"):
        spanned = paragraphs[quote.paragraph :]
        assert len(quote.text) <= sum(len(p) for p in spanned)


# --- the lexicons --------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_each_lexicon_fills_what_the_rules_read(language: str) -> None:
    lexicon = LEXICONS[language]
    for spec in fields(Lexicon):
        if spec.name not in {
            "dialogue_dashes",
            "elisions",
            "possessives",
            "surnames",
            "name_suffixes",
            "thing_pronouns",
        }:
            assert getattr(lexicon, spec.name), f"{language} lexicon has no {spec.name}"
    assert lexicon.double_marks


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        (
            "en",
            ["said", "says", "told", "tweeted", "added", "explained", "testified", "wrote", "read"],
        ),
        ("es", ["dice", "dijo", "contó", "relató", "señaló", "ha dicho", "añadió", "explicaba"]),
    ],
)
def test_speech_verbs_come_in_every_tense(language: str, forms: list[str]) -> None:
    assert set(forms) <= LEXICONS[language].speech_verbs


def test_the_rules_spell_no_language_words() -> None:
    """Every word the rules read comes from a lexicon: none is written in rule code."""
    words = {
        word
        for spec in fields(Lexicon)
        for entry in getattr(ALL, spec.name)
        if isinstance(entry, str)
        for word in re.findall(r"[a-záéíóúñ]{2,}", entry.lower())
    } - set(LEXICONS)
    for module in RULE_MODULES:
        tree = ast.parse((EXTRACT / module).read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and ast.get_docstring(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                code = re.sub(r"\(\?P<\w+>", "", node.value).lower()
                found = set(re.findall(r"[a-záéíóúñ]{2,}", code)) & words
                assert not found, f"{module}:{node.lineno} spells {sorted(found)}"


# --- the labelled news set -----------------------------------------------------------------


def test_the_news_set_is_big_enough_bilingual_and_stores_no_page_text() -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(NEWS.glob("*.json"))]
    quotes = [(d["language"], q) for d in docs for q in d["quotes"]]
    assert len(docs) >= 60 and len(quotes) >= 250
    assert sum(1 for language, _ in quotes if language == "es") >= 80
    for doc in docs:
        assert "paragraphs" not in doc
        assert doc["source"].split("/")[0] in {"article-extraction-benchmark", "htmldate-dates"}
        for quote in doc["quotes"]:
            assert set(quote) == {
                "text",
                "speaker",
                "speaker_description",
                "verb",
                "paragraph",
                "patterns",
            }
            assert quote["text"].strip() and quote["patterns"]


# --- one speaker across articles -----------------------------------------------------------


def _quote(text: str, speaker: str, aliases: tuple[str, ...] = ()) -> Quote:
    return Quote(text, speaker, None, "said", 0, "en", aliases)


def _save(db, url: str, *quotes: Quote) -> None:
    store.save_article(db, make_article(url=url, quotes=quotes), "2026-03-02T10:00:00+00:00")


def _speakers(db) -> list[tuple[str, int]]:
    rows = db.execute("select name, quote_count from speakers order by id").fetchall()
    return [(name, count) for name, count in rows]


def test_an_acronym_learnt_in_one_article_joins_the_full_name_in_another(db) -> None:
    full = "Coalition for Humane Immigrant Rights"
    _save(db, "https://a.example/1", _quote("We march.", "CHIRLA", (full,)))
    _save(db, "https://b.example/2", _quote("We march again.", full))
    _save(db, "https://c.example/3", _quote("And again.", "chirla"))
    assert _speakers(db) == [("CHIRLA", 3)]


def test_accents_and_middle_initials_fold_to_one_speaker(db) -> None:
    _save(
        db,
        "https://a.example/1",
        _quote("One.", "Patrick W. Carlineo Jr."),
        _quote("Two.", "Soila Rodríguez"),
    )
    _save(
        db,
        "https://b.example/2",
        _quote("Three.", "Patrick Carlineo"),
        _quote("Four.", "Soila Rodriguez"),
    )
    assert _speakers(db) == [("Patrick W. Carlineo Jr.", 2), ("Soila Rodríguez", 2)]


def test_match_keys_drop_initials_and_suffixes_but_keep_the_plain_form_first() -> None:
    assert match_keys("Patrick W. Carlineo Jr.") == ["patrick w carlineo jr", "patrick carlineo"]
    assert match_keys("  ") == []


ROSTER = """
contact: ops@example.org
outlets: []
speakers:
  - name: U.S. Department of Homeland Security
    aliases: [DHS, Homeland Security]
    organization: U.S. government
  - name: Luz Almanza
    role: founder
    organization: Girls Run Bakersfield
"""


def test_the_sources_roster_names_speakers_text_cannot_tell_apart(db) -> None:
    roster = parse_sources(ROSTER).speakers
    assert roster[0] == RosterSpeaker(
        "U.S. Department of Homeland Security",
        ("DHS", "Homeland Security"),
        "",
        "U.S. government",
    )
    store.save_roster(db, roster)
    _save(db, "https://a.example/1", _quote("No comment.", "DHS"), _quote("Run.", "Almanza"))
    _save(db, "https://b.example/2", _quote("We run.", "Luz Almanza"))
    rows = db.execute("select name, description, quote_count from speakers order by id")
    assert rows.fetchall() == [
        ("U.S. Department of Homeland Security", "U.S. government", 1),
        ("Luz Almanza", "founder, Girls Run Bakersfield", 1),
        ("Almanza", None, 1),
    ]


def test_a_roster_entry_without_a_name_is_an_error_naming_its_line() -> None:
    with pytest.raises(SourcesError, match=r":8: a speaker needs a name"):
        parse_sources(ROSTER.replace("  - name: Luz Almanza", "  - role: someone"))


# --- the benchmark -------------------------------------------------------------------------


def test_the_quotes_bench_reads_labelled_real_pages_from_the_eval_data_folder(tmp_path) -> None:
    eval_data = tmp_path / "eval"
    (eval_data / "article-extraction-benchmark").mkdir(parents=True)
    body = 'Mayor Karen Bass spoke on Tuesday.\n\n"We keep the parks open," Bass said.'
    (eval_data / "article-extraction-benchmark" / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": body, "url": "https://news.example/p1"}})
    )
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    gold = {"text": "We keep the parks open", "speaker": "Karen Bass", "paragraph": 1}
    gold |= {"speaker_description": "Mayor", "verb": "said", "patterns": ["after", "surname"]}
    doc = {"source": "article-extraction-benchmark/p1", "language": "en", "quotes": [gold]}
    (labelled / "p1.json").write_text(json.dumps({**doc, "not_quotes": []}))
    done = subprocess.run(
        [sys.executable, "bench/quotes.py", str(labelled), "--eval-data", str(eval_data)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
        timeout=120,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])["labelled"]
    assert (figures["f1"], figures["speaker_accuracy"], figures["en"]["quotes"]) == (1.0, 1.0, 1)
    assert "pattern:surname" in done.stdout


# --- titles written short ------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_a_title_written_short_spells_out_to_a_role_of_its_lexicon(language: str) -> None:
    lexicon = LEXICONS[language]
    for short, full in lexicon.title_abbreviations:
        assert short == short.lower() and "." not in short
        assert full in lexicon.titles or full.rstrip("a") in lexicon.titles, (language, full)


def test_the_phrase_rules_spell_no_language_either() -> None:
    words = {
        word
        for lexicon in LEXICONS.values()
        for spec in fields(Lexicon)
        for entry in getattr(lexicon, spec.name)
        if isinstance(entry, str)
        for word in re.findall(r"[a-záéíóúñ]{2,}", entry.lower())
    } - set(LEXICONS)
    tree = ast.parse((EXTRACT / "phrases.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            code = re.sub(r"\(\?P<\w+>", "", node.value).lower()
            found = set(re.findall(r"[a-záéíóúñ]{2,}", code)) & words
            assert not found, f"phrases.py:{node.lineno} spells {sorted(found)}"
