"""Direct quotations in an article's text and who said them, in English and Spanish.

The rules follow how news is written: a quotation is attributed in its own sentence ("...,"
Almanza said. / Almanza said: "..."), in the neighbouring sentence, or continues the speaker of
the quotation before it; people are introduced by full name once and then by surname or pronoun.
A short unattributed span in quotation marks is a name or a term, not a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.language import guess_language
from extract.speech import (
    ACCORDING_PATTERN,
    ANONYMOUS_STARTS,
    GROUP_NOUNS,
    ORG_WORDS,
    PRONOUNS,
    VERB_PATTERN,
)

OPENERS = {'"': '"', "“": "”", "«": "»", "„": "“"}
# A span this long or ending in sentence punctuation reads as speech even without attribution.
MIN_UNATTRIBUTED_WORDS = 8
MAX_WHO_WORDS = 9
_UPPER = "A-ZÁÉÍÓÚÑÜ"
_NAME_TOKEN = rf"(?:[{_UPPER}]\.|[{_UPPER}][\w'’-]*)"
_PARTICLE = r"(?:de|del|de la|de los|la|van|von|da|dos|y|of|for|and|the|para|el|los|las)"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_TOKEN}){{0,6}}"
# Capitalized words that open sentences or name places, never people.
_NOT_NAME_START = {
    "the",
    "this",
    "that",
    "these",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "when",
    "while",
    "after",
    "now",
    "dozens",
    "el",
    "la",
    "los",
    "las",
    "en",
    "un",
    "una",
    "pero",
    "y",
    "con",
    "for",
    "por",
    "since",
    "as",
    "if",
    "it",
    "we",
    "i",
    "our",
    "they",
    "he",
    "she",
    "his",
    "her",
    "who",
    "what",
    "why",
    "u.",
    "s.",
    "según",
    "de",
    "del",
    "mientras",
    "cuando",
    "desde",
    "organizers",
    "participants",
    "activists",
    "officials",
    "runners",
}
_PLACE_WORDS = {
    "park",
    "street",
    "avenue",
    "boulevard",
    "county",
    "city",
    "angeles",
    "beach",
    "hall",
    "plaza",
    "placita",
    "koreatown",
    "chinatown",
    "valley",
    "river",
    "school",
    "university",
    "college",
    "church",
    "olvera",
    "bakersfield",
    "california",
    "calif",
    "mexico",
    "oaxaca",
    "instagram",
    "facebook",
    "twitter",
    "tiktok",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "sábado",
    "domingo",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "ice",
    "run",
    "against",
    "summer",
    "resistance",
    "know",
    "rights",
    "news",
    "times",
    "metropolitan",
    "detention",
    "americans",
    "latino",
    "latinos",
    "mexican",
    "oaxacan",
    "brazilian",
    "spanish",
    "english",
    "carrera",
    "contra",
    "verano",
    "resistencia",
    "fuerza",
    "kern",
    "hollywood",
    "washington",
    "union",
    "station",
    "road",
    "drive",
    "trail",
    "parque",
    "calle",
    "avenida",
}
_NAME_RE = re.compile(_NAME)
_ACRONYM = re.compile(rf"\b[{_UPPER}]{{3,}}\b")
_VERB = re.compile(rf"\b(?:{VERB_PATTERN})\b", re.IGNORECASE)
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,;:—–-]*(?P<verb>{VERB_PATTERN})\s+(?P<who>[^.;:!?—–]+)", re.IGNORECASE
)
_AFTER_WHO_FIRST = re.compile(
    rf"^[\s,;:—–-]*(?P<who>[^.;:!?\"“”«»—–]{{1,120}}?)\s+(?P<verb>{VERB_PATTERN})\b", re.IGNORECASE
)
_BEFORE = re.compile(
    rf"(?P<who>[^.;!?\"“”«»]{{1,120}}?)\s+(?P<verb>{VERB_PATTERN})\b[^.;!?\"“”«»]{{0,60}}"
    rf"[:,]?\s*$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    rf"\b(?P<verb>{ACCORDING_PATTERN})\s+(?P<who>[^,.;:!?\"“”«»]+)", re.IGNORECASE
)
_DASH_LINE = re.compile(
    rf"^[—–]\s*(?P<quote>.+?)\s*[—–]\s*(?P<verb>{VERB_PATTERN})\b(?P<who>[^—–.]*)"
    rf"(?:[—–]?[.,]?\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“«A-ZÁÉÍÓÚÑ¿¡])")
_TRAILING_STOP = re.compile(r"[,;:]+$")


@dataclass(frozen=True)
class Quote:
    """One direct quotation."""

    text: str
    speaker: str | None
    speaker_description: str | None
    verb: str | None
    paragraph: int
    language: str | None


@dataclass
class _Span:
    """A quoted span found in the text, before attribution."""

    text: str
    paragraph: int
    start: int  # offset in its paragraph of the opening mark
    end: int  # offset in its last paragraph just after the closing mark
    last_paragraph: int
    dash: bool = False
    verb: str | None = None
    who: str | None = None


@dataclass
class _People:
    """Names met so far in the article, so surnames and pronouns resolve to them."""

    by_surname: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_org: str | None = None


def _paragraphs(text: str) -> list[str]:
    """Return the non-blank lines of a text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is_apostrophe(paragraph: str, i: int) -> bool:
    """Tell whether a straight double quote at i is an inch mark (5'10")."""
    j = i - 1
    while j >= 0 and paragraph[j].isdigit():
        j -= 1
    return j < i - 1 and j >= 0 and paragraph[j] in "'’"


def _find_closer(paragraph: str, start: int, closer: str) -> int:
    """Return the index of the closing mark for an opening at start, or -1."""
    i = start + 1
    while True:
        i = paragraph.find(closer, i)
        if i < 0 or not (closer == '"' and _is_apostrophe(paragraph, i)):
            return i
        i += 1


def _scan(paragraphs: list[str]) -> list[_Span]:
    """Return every quoted span, following quotes that run over several paragraphs."""
    spans: list[_Span] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if paragraph[0] in "—–" and _DASH_LINE.match(paragraph):
            spans.append(_dash_span(paragraph, index))
            index += 1
            continue
        i, next_index = 0, index + 1
        while i < len(paragraph):
            opener = paragraph[i]
            if opener not in OPENERS or (opener == '"' and _is_apostrophe(paragraph, i)):
                i += 1
                continue
            close = _find_closer(paragraph, i, OPENERS[opener])
            if close >= 0:
                spans.append(_Span(paragraph[i + 1 : close].strip(), index, i, close + 1, index))
                i = close + 1
                continue
            continued = _continue_across(paragraphs, index, paragraph[i + 1 :], opener)
            if continued is not None:
                spans.append(continued[0])
                next_index = continued[1]
            break
        index = next_index
    return spans


def _continue_across(
    paragraphs: list[str], index: int, opening: str, opener: str
) -> tuple[_Span, int] | None:
    """Return a quote left open at a paragraph's end and reopened on the next, and where to go on.

    Returns None when the mark is never reopened (an unbalanced mark, not a quotation).
    """
    parts = [opening.strip()]
    start = len(paragraphs[index]) - len(opening) - 1
    for last in range(index + 1, min(index + 20, len(paragraphs))):
        paragraph = paragraphs[last]
        if paragraph[0] != opener:
            return None
        close = _find_closer(paragraph, 0, OPENERS[opener])
        if close >= 0:
            parts.append(paragraph[1:close].strip())
            span = _Span(" ".join(parts), index, start, close + 1, last)
            return span, last + 1
        parts.append(paragraph[1:].strip())
    return None


def _dash_span(paragraph: str, index: int) -> _Span:
    """Return the quotation of a Spanish dialogue line (—Texto —dijo Fulana—. Más texto.)."""
    match = _DASH_LINE.match(paragraph)
    assert match is not None
    text = match.group("quote").strip()
    rest = (match.group("rest") or "").strip()
    if rest and rest[0] not in "—–":
        text = f"{text} {rest.lstrip('—–. ')}".strip()
    return _Span(
        _TRAILING_STOP.sub("", text),
        index,
        0,
        len(paragraph),
        index,
        dash=True,
        verb=match.group("verb"),
        who=match.group("who").strip(" ,—–"),
    )


def _looks_like_speech(span: _Span) -> bool:
    """Tell a sentence-like quotation from a quoted name, title or term."""
    words = span.text.split()
    if span.last_paragraph > span.paragraph:
        return True
    return len(words) >= MIN_UNATTRIBUTED_WORDS or (
        len(words) >= 4 and span.text.rstrip()[-1:] in ".!?,"
    )


def _clean_who(who: str) -> str:
    """Return the speaker phrase without trailing clauses ("Almanza, 34, who ...")."""
    who = re.split(
        r"\s+(?:who|that|while|as|when|after|before|in|at|on|to|about|que|quien|"
        r"mientras|cuando|en|a)\s+",
        who.strip(),
        maxsplit=1,
    )[0]
    return who.strip(" ,;:—–-")


def _attribute_after(span: _Span, after: str) -> tuple[str, str] | None:
    """Return (verb, who) from the words after a closing mark, if they attribute it."""
    for pattern in (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST):
        match = pattern.match(after)
        if match and len(match.group("who").split()) <= MAX_WHO_WORDS:
            return match.group("verb"), _clean_who(match.group("who"))
    return None


def _attribute_before(before: str) -> tuple[str, str] | None:
    """Return (verb, who) from the words before an opening mark, if they introduce it."""
    sentence = _SENTENCE_END.split(before)[-1]
    according = _ACCORDING.search(sentence)
    if according:
        return according.group("verb"), _clean_who(according.group("who"))
    match = _BEFORE.search(sentence)
    if match:
        who = match.group("who").strip()
        who = re.split(r"[,;]\s+", who)[-1] if "," in who and not _NAME_RE.fullmatch(who) else who
        who = re.sub(r"^(?:and|but|then|y|pero)\s+", "", who, flags=re.IGNORECASE)
        if len(who.split()) <= MAX_WHO_WORDS:
            return match.group("verb"), _clean_who(who)
    return None


def _proper_nouns(text: str) -> list[tuple[int, str]]:
    """Return (offset, phrase) for capitalized phrases, without sentence-opening words."""
    found = []
    for match in _NAME_RE.finditer(text):
        tokens = match.group().split()
        start = match.start()
        while tokens and tokens[0].lower() in _NOT_NAME_START:
            start = text.index(tokens[1], start) if len(tokens) > 1 else start
            tokens = tokens[1:]
        while tokens and tokens[-1].lower() in {
            "of",
            "for",
            "and",
            "the",
            "de",
            "del",
            "y",
            "para",
            "el",
            "la",
            "los",
            "las",
        }:
            tokens = tokens[:-1]
        if tokens:
            found.append((start, " ".join(tokens)))
    return found


def _is_org(phrase: str) -> bool:
    """Tell an organization's name from a person's."""
    tokens = phrase.split()
    return any(t.lower() in ORG_WORDS for t in tokens) or (
        len(tokens) > 2 and any(t in {"of", "for", "de", "para"} for t in tokens)
    )


def _is_person(phrase: str) -> bool:
    """Tell whether a capitalized phrase reads as a person's full name."""
    tokens = [t for t in phrase.split() if t[0].isupper()]
    return (
        2 <= len(tokens) <= 4
        and not _is_org(phrase)
        and not any(t.lower().strip(".") in _PLACE_WORDS for t in tokens)
        and all(any(c.islower() for c in t) for t in tokens if len(t) > 2)
    )


def _register_names(paragraph: str, people: _People) -> None:
    """Remember full names, their descriptions and organizations as the text introduces them."""
    for start, phrase in _proper_nouns(paragraph):
        if _is_org(phrase):
            people.last_org = re.sub(r"^(?:The|El|La|Los|Las)\s+", "", phrase)
            continue
        if not _is_person(phrase):
            continue
        name = phrase
        people.by_surname.setdefault(name.split()[-1], name)
        people.last_person = name
        if name not in people.descriptions:
            description = _description_before(paragraph[:start])
            if description:
                people.descriptions[name] = description
    for acronym in _ACRONYM.findall(paragraph):
        if acronym not in {"ICE", "DHS"} or people.last_org is None:
            people.last_org = acronym


_DESCRIPTION_STOP = {
    "by",
    "the",
    "a",
    "an",
    "of",
    "and",
    "said",
    "says",
    "with",
    "to",
    "for",
    "from",
    "el",
    "la",
    "los",
    "las",
    "por",
    "de",
    "y",
    "un",
    "una",
    "dijo",
    "in",
    "at",
    "en",
    "is",
    "was",
    "es",
    "fue",
    "like",
    "como",
}


def _description_before(text: str) -> str | None:
    """Return the role words right before a name ("Girls Run Bakersfield founder")."""
    words = re.split(r"[\s—–]+", text.rstrip())
    picked: list[str] = []
    for word in reversed(words):
        if not word or word.lower() in _DESCRIPTION_STOP or word[-1] in ',.;:"”“«»(':
            break
        picked.append(word)
        if len(picked) == 5:
            break
    phrase = " ".join(reversed(picked))
    return phrase if phrase and any(w.islower() for w in picked) else None


def _resolve(who: str, people: _People) -> tuple[str | None, str | None]:
    """Return (speaker name, description) for an attribution phrase."""
    words = who.split()
    lowered = [w.lower().strip(",.") for w in words]
    if not words:
        return None, None
    if lowered[0] in PRONOUNS and len(words) <= 2:
        return people.last_person, None
    names = [phrase for _, phrase in _proper_nouns(who)]
    acronyms = _ACRONYM.findall(who)
    if any(w in GROUP_NOUNS for w in lowered) and not names:
        return people.last_org, None
    if lowered[0] in ANONYMOUS_STARTS and not names:
        return None, " ".join(words[1:]) or None
    if acronyms and (not names or names[-1] in acronyms):
        return acronyms[-1], None
    if not names:
        return None, None
    name = names[-1]
    if _is_org(name):
        return re.sub(r"^(?:The|El|La|Los|Las)\s+", "", name), None
    description = who[: who.rfind(name)].strip(" ,") or None
    if description and (
        description.lower() in {"the", "el", "la"} or not any(c.islower() for c in description)
    ):
        description = None
    full = _full_name(name, people)
    return full, description or people.descriptions.get(full)


def _full_name(name: str, people: _People) -> str:
    """Return the full name a surname or full name refers to, remembering new ones."""
    tokens = name.split()
    if len(tokens) == 1:
        return people.by_surname.get(tokens[0], name)
    people.by_surname.setdefault(tokens[-1], name)
    return name


def extract_quotes(text: str, language: str | None = None) -> list[Quote]:
    """Return the direct quotations in an article text, in order, with their speakers."""
    paragraphs = _paragraphs(text)
    language = language or guess_language(text[:4000])
    spans = _scan(paragraphs)
    people = _People()
    registered = -1
    quotes: list[Quote] = []
    previous: Quote | None = None
    by_paragraph: dict[int, list[_Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    skip: set[int] = set()
    for n, span in enumerate(spans):
        while registered < span.last_paragraph:
            registered += 1
            _register_names(_strip_quoted(paragraphs[registered]), people)
        if n in skip:
            continue
        verb, who, merged = _attribution(span, spans, n, paragraphs)
        if merged is not None:
            skip.add(n + 1)
            span = _Span(
                f"{span.text} {merged}", span.paragraph, span.start, span.end, span.last_paragraph
            )
        if verb is None and not _looks_like_speech(span):
            continue
        if verb is None:
            verb, who = _neighbour_attribution(span, paragraphs)
        if who is not None:
            speaker, description = _resolve(who, people)
        elif previous is not None and span.paragraph - previous.paragraph <= 1:
            speaker, description, verb = (
                previous.speaker,
                previous.speaker_description,
                previous.verb,
            )
        else:
            speaker, description = None, None
        if speaker is not None and speaker != people.last_org:
            people.last_person = speaker
        quote = Quote(
            _TRAILING_STOP.sub("", span.text).strip(),
            speaker,
            description,
            verb,
            span.paragraph,
            language,
        )
        if quote.text:
            quotes.append(quote)
            previous = quote
    return quotes


def _strip_quoted(paragraph: str) -> str:
    """Return a paragraph without its quoted passages (names inside quotes are not speakers)."""
    return re.sub(r"[\"“«][^\"”»]*[\"”»]", " ", paragraph)


def _attribution(
    span: _Span, spans: list[_Span], n: int, paragraphs: list[str]
) -> tuple[str | None, str | None, str | None]:
    """Return (verb, who, text of a split quote's second half) for a span."""
    if span.dash:
        return span.verb, span.who, None
    last = paragraphs[span.last_paragraph]
    following = spans[n + 1] if n + 1 < len(spans) else None
    stop = len(last)
    if following is not None and following.paragraph == span.last_paragraph:
        stop = following.start
    after = last[span.end : stop]
    found = _attribute_after(span, after)
    if found is not None:
        merged = None
        # "A," she said, "B." is one quotation with the attribution inside it.
        if (
            following is not None
            and following.paragraph == span.last_paragraph
            and after.rstrip().endswith(",")
            and span.text.rstrip().endswith(",")
        ):
            merged = following.text
        return found[0], found[1], merged
    before = paragraphs[span.paragraph][: span.start]
    found = _attribute_before(before) if before.strip() else None
    if found is not None:
        return found[0], found[1], None
    return None, None, None


def _neighbour_attribution(span: _Span, paragraphs: list[str]) -> tuple[str | None, str | None]:
    """Return (verb, who) from the sentence before the quotation, when it names a speaker."""
    before = paragraphs[span.paragraph][: span.start].strip()
    if not before and span.paragraph > 0:
        before = paragraphs[span.paragraph - 1]
        if before.endswith(("”", '"', "»")):
            return None, None
    sentences = _SENTENCE_END.split(before)
    sentence = sentences[-1] if sentences else ""
    match = re.search(
        rf"(?P<who>{_NAME}|\b(?:he|she|they|él|ella)\b)\s+(?P<verb>{VERB_PATTERN})\b", sentence
    )
    if match and not _VERB.search(match.group("who")):
        return match.group("verb"), match.group("who")
    return None, None
