"""What a capitalized phrase of news text names: a person (titles apart), an organization,
an acronym or a place, and where the phrases of a text are.

"Indiana State Teachers Association President Keith Gambill" is a title and a name; "Orange
County Rapid Response Network" an organization; "Grace Park" a person after a speech verb and
"Hart Park" a place elsewhere. Each decision is a pure function of the phrase, cached, since an
article names the same phrases over and over.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.lexicons import ALL
from extract.names import is_acronym
from extract.speech import ABBREVIATIONS, FUNCTION_WORDS, ORG_WORDS, alternation
from extract.speech import ROLE_TITLES as _ROLE_TITLES

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_TOKEN = (
    rf"(?:(?:{'|'.join(ABBREVIATIONS)})\.(?=\s)|(?:[{_UPPER}]\.){{2,}}|[{_UPPER}][\w’'-]*\w"
    rf"|[{_UPPER}]\.?)"
)
# "Jesse Gomez of St. Mark's Church": a person's name, then where they come from.
_AFFILIATION = re.compile(rf"\s+(?:{alternation(ALL.affiliations)})\s+")
_PARTICLES = ALL.name_particles
_PARTICLE = rf"(?:{alternation(_PARTICLES)})"
_PHRASE = re.compile(rf"\b{_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_TOKEN})*")
_PLACES = ALL.place_words | ALL.months | ALL.weekdays
_NAME_PLACE_WORDS = ALL.place_words & ALL.surnames
_ARTICLE = re.compile(rf"^(?:{alternation(ALL.definites)})\s+", re.IGNORECASE)
_JOINED = re.compile(rf"\s+(?:{alternation(ALL.conjunctions)})\s+")
_WORD_NEXT = re.compile(r"\s+\w")
# An article names the same few dozen phrases over and over; what each is gets decided once.
PHRASE_CACHE = 4096
# "Sen. Chris Murphy (D-Conn.)", "Ed Rendell (D)": a party and state after a name belong to it.
PARTY = re.compile(r"\s*\([A-Z]\.?(?:-[A-Z][A-Za-z.]{0,8})?\)")


def find_phrases(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, phrase) for capitalized phrases, without clause-opening words."""
    found = []
    for match in _PHRASE.finditer(text):
        tokens = match.group().split()
        start = match.start()
        while tokens and tokens[0].lower().strip(".") in FUNCTION_WORDS:
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
            while tokens and tokens[0].lower() in _PARTICLES:
                start += len(tokens[0]) + 1
                tokens = tokens[1:]
        while tokens and tokens[-1].lower() in _PARTICLES:
            tokens = tokens[:-1]
        if len(tokens) > 1 and tokens[0].endswith(ALL.possessives):
            start = text.find(tokens[1], start)  # "NASA's Steve Clarke": the name after it
            tokens = tokens[1:]
        # "Moody's ratings" is Moody's things; "advirtió la calificadora Moody's." names it.
        if tokens and tokens[-1].endswith(ALL.possessives) and _WORD_NEXT.match(text, match.end()):
            last = tokens[-1]
            tokens[-1] = last[: -len(next(p for p in ALL.possessives if last.endswith(p)))]
        if tokens:
            start = text.find(tokens[0], start)
            for phrase in _people_apart(_without_affiliation(" ".join(tokens))):
                start = text.find(phrase, start)
                found.append((start, start + len(phrase), phrase))
                start += len(phrase)
    return found


def _people_apart(phrase: str) -> list[str]:
    """Return "Tom Johnston" and "Patrick Simmons" for "Tom Johnston and Patrick Simmons"."""
    parts = _JOINED.split(phrase)
    if len(parts) > 1:
        names = [person_name(part) for part in parts]
        if all(name is not None and " " in name for name in names):
            return parts
    return [phrase]


def _without_affiliation(phrase: str) -> str:
    """Return "Jesse Gomez" for "Jesse Gomez of St. Mark's Church", and an org name whole."""
    parts = _AFFILIATION.split(phrase, maxsplit=1)
    # "US Secretary of State Mike Pompeo": a title before "of" names an office, not a person.
    if len(parts) == 2 and parts[0].split()[-1].lower() in _ROLE_TITLES:
        return phrase
    # "Sen. Sherrod Brown of Ohio": one word after a full name is where the person is from.
    if len(parts) == 2 and not is_org(parts[0]):
        name = person_name(parts[0])
        if name is not None and " " in name:
            return parts[0]
    return phrase


def is_surname(phrase: str) -> bool:
    """Tell a lone capitalized word that can be a surname ("Almanza") from a place or month."""
    return " " not in phrase and not phrase.isupper() and phrase.lower() not in _PLACES


def is_org_acronym(phrase: str) -> bool:
    """Tell an organization's acronym ("CHIRLA") among the capitalized phrases of a text.

    Written with periods, capitals name a place in passing: "the U.S. attorney's office said"
    (tests/fixtures/quotes-news/aeb-7a457a4f7173.json) is the office speaking, not "U.S.".
    """
    return is_acronym(phrase) and "." not in phrase


@lru_cache(maxsize=PHRASE_CACHE)
def is_org(phrase: str) -> bool:
    """Tell an organization's name ("Orange County Rapid Response Network") from a person's."""
    tokens = phrase.split()
    return any(t.lower() in ORG_WORDS for t in tokens) or (
        len(tokens) > 2 and any(t in ALL.org_connectors for t in tokens)
    )


@lru_cache(maxsize=PHRASE_CACHE)
def split_titles(phrase: str) -> tuple[str, str]:
    """Return (titles, rest): "U.S. Defense Secretary", "Mark Esper" for the whole phrase."""
    tokens = phrase.split()
    last = -1
    for i, token in enumerate(tokens[:-1]):
        parts = token.lower().rstrip(",").split("-")
        if (
            "-".join(parts) in _ROLE_TITLES
            or any(part in _ROLE_TITLES or part.rstrip("s") in _ROLE_TITLES for part in parts[1:])
            or (len(parts) > 1 and parts[0] in _ROLE_TITLES)
        ):
            last = i
    rest = tokens[last + 1 :]
    if rest and rest[0].lower() in _PARTICLES:
        # "Director of Public Prosecution Eva-Marie Persson" names an office, then a person;
        # "High Commissioner for Human Rights" names an office only.
        while rest and rest[0].lower() in _PARTICLES:
            rest = rest[1:]
        if len(rest) < 3 or any(t.lower() in _PARTICLES for t in rest):
            return "", phrase
        rest = rest[-2:]
    if last < 0 or not rest:
        return "", phrase
    return " ".join(tokens[: len(tokens) - len(rest)]), " ".join(rest)


def _last_name_tokens(tokens: list[str]) -> list[str]:
    """Return the last two name words of a run longer than a name, with initials and Jr."""
    core = [
        i
        for i, t in enumerate(tokens)
        if len(t.rstrip(".")) > 1 and t.lower() not in ALL.name_suffixes
    ]
    if len(core) <= 3 or any(t.lower() in _PARTICLES for t in tokens):
        return tokens
    first = core[-2]
    while first > 0 and len(tokens[first - 1].rstrip(".")) == 1:
        first -= 1
    return tokens[first:]


@lru_cache(maxsize=PHRASE_CACHE)
def is_titled_person(phrase: str) -> bool:
    """Tell "Indiana State Teachers Association President Keith Gambill" for a person."""
    titles, rest = split_titles(phrase)
    return bool(titles) and person_name(rest) is not None and " " in rest


@lru_cache(maxsize=PHRASE_CACHE)
def person_name(phrase: str, speaking: bool = False) -> str | None:
    """Return the person's name in a phrase without titles ("Runner Priya Natarajan"), if any."""
    titles, rest = split_titles(phrase)
    tokens = _last_name_tokens(rest.split())
    capitalized = [t for t in tokens if t[0].isupper()]
    if not 1 <= len(capitalized) <= 4 or is_org(rest):
        return None
    places = _PLACES if not speaking else set()
    # "Park" ends places (Hart Park) and names (Grace Park); the words before tell them apart.
    if any(t.lower().strip(".") in places - _NAME_PLACE_WORDS for t in capitalized):
        return None
    if any(len(t) > 2 and t.isupper() and t.lower() not in ALL.name_suffixes for t in capitalized):
        return None
    if len(capitalized) == 1:
        return tokens[0] if titles else None
    return " ".join(tokens)


def surname_of(name: str) -> str:
    """Return the surname of a full name: "Kennedy" for "James P. Kennedy Jr."."""
    tokens = name.split()
    while len(tokens) > 1 and tokens[-1].lower().rstrip(",") in ALL.name_suffixes:
        tokens = tokens[:-1]
    return tokens[-1]


def strip_article(phrase: str) -> str:
    """Return a phrase without the article that opens it ("the French foreign ministry")."""
    return _ARTICLE.sub("", phrase)
