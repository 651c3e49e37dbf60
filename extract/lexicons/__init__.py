"""The words the quote, speaker and coverage rules read, one lexicon per language; rules read
the merged one.

Adding a language means adding a module beside `en.py` and `es.py` that builds a `Lexicon`, and
listing it in `LEXICONS`. Rule code never spells a language's words itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from extract.lexicons import en, es


@dataclass(frozen=True)
class Lexicon:
    """What the quote, speaker and coverage rules need to know about one language."""

    speech_verbs: frozenset[str]  # every tense and person a reporter uses ("said", "ha dicho")
    participles: frozenset[str]  # "..., saying, “...”" attributes to the sentence's subject
    according_to: frozenset[str]  # "according to X", "según X"
    complementizers: frozenset[str]  # "said that ...", "dijo que ..."
    conjunctions: frozenset[str]  # clause openers stripped from a subject ("and", "pero")
    pronouns: frozenset[str]  # subject pronouns that stand for the person last named
    plural_pronouns: frozenset[str]  # "they said": an organization named just before
    thing_pronouns: frozenset[str]  # "it added": stands for the organization last quoted
    reflexives: frozenset[str]  # "declared itself a “sanctuary city”": a name, not words said
    naming_verbs: frozenset[str]  # "HP is called “feather duvet lung”": a term, not words said
    indefinites: frozenset[str]  # "one runner", "una corredora": an unnamed speaker
    anonymous: frozenset[str]  # "sources said", "fuentes de ERC": never a name
    definites: frozenset[str]  # "the mayor", "la ejecutiva": someone named before
    group_nouns: frozenset[str]  # "the group said": an organization named before
    org_words: frozenset[str]  # words that make a capitalized phrase an organization
    titles: frozenset[str]  # titles and roles written before a name, lower case
    title_abbreviations: tuple[tuple[str, str], ...]  # ("gov", "governor"): "the governor"
    role_suffixes: tuple[str, ...]  # endings of role nouns ("organizer", "fundadora")
    name_particles: frozenset[str]  # lower-case words inside names ("de la", "van", "of")
    org_connectors: frozenset[str]  # "Coalition for ...": a long name joined by one is an org
    verb_endings: tuple[str, ...]  # endings of finite verbs and participles ("-ed", "-ó")
    adverb_endings: tuple[str, ...]  # "Almanza said quietly", "dijo tranquilamente"
    possessives: tuple[str, ...]  # "Parise’s": a name mentioned, not a subject
    noun_determiners: frozenset[str]  # "his remarks", "sus declaraciones": a noun follows
    name_suffixes: frozenset[str]  # "Jr.": after the surname, not the surname
    prepositions: frozenset[str]  # "told the BBC", "a la Policía": not the speaker
    affiliations: frozenset[str]  # "Jesse Gomez of St. Mark's": a person, then where from
    alias_intros: frozenset[str]  # "known as CHIRLA"
    alias_alternatives: frozenset[str]  # "the Coalition ..., or CHIRLA" (before an acronym only)
    initials_skip: frozenset[str]  # left out of an acronym: "U.S. Department of ..." is DHS
    age_words: frozenset[str]  # ", 41," / ", de 52 años," / ", aged 41,"
    relatives: frozenset[str]  # words that end an appositive ("who", "que")
    not_appositive: frozenset[str]  # first words of a clause that is no appositive
    place_leads: frozenset[str]  # prepositions and articles before places and things
    function_words: frozenset[str]  # capitalized sentence openers that never start a name
    abbreviations: frozenset[str]  # abbreviations whose period ends no sentence
    place_words: frozenset[str]  # words of place and thing names ("Park", "Calle")
    surnames: frozenset[str]  # place words that are also surnames ("Grace Park")
    months: frozenset[str]
    weekdays: frozenset[str]
    double_marks: tuple[tuple[str, str], ...]  # (opening, closing) double quotation marks
    single_marks: tuple[tuple[str, str], ...]
    dialogue_dashes: frozenset[str]  # a paragraph opened by one is a line of dialogue
    elisions: tuple[str, ...]  # regex tails after an apostrophe that elide ('90s, 'em)
    listing_cues: frozenset[str]  # "things to do", "noticias breves": a page of unrelated items
    running_words: frozenset[str]  # "runners", "corredoras": a story about a run says them often


def build(module: object) -> Lexicon:
    """Return the Lexicon a language module's upper-case names define."""
    values = {}
    for spec in fields(Lexicon):
        value = getattr(module, spec.name.upper())
        values[spec.name] = value if isinstance(value, tuple) else frozenset(value)
    return Lexicon(**values)


def merge(lexicons: list[Lexicon]) -> Lexicon:
    """Return one Lexicon holding every language's words, for text of any of them."""
    values = {}
    for spec in fields(Lexicon):
        parts = [getattr(lexicon, spec.name) for lexicon in lexicons]
        if isinstance(parts[0], tuple):
            merged: list = []
            for part in parts:
                merged.extend(item for item in part if item not in merged)
            values[spec.name] = tuple(merged)
        else:
            values[spec.name] = frozenset().union(*parts)
    return Lexicon(**values)


LEXICONS = {"en": build(en), "es": build(es)}
ALL = merge(list(LEXICONS.values()))
