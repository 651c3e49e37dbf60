"""Direct quotations in an article's text and who said them, in English and Spanish.

The rules follow how news is written: a quotation is attributed in its own sentence ("...,"
Almanza said. / Almanza said: "..."), in the neighbouring sentence, or continues the speaker of
the quotation before it; people are introduced by full name once and then by surname or pronoun.
A short unattributed span in quotation marks is a name or a term, not a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.language import guess_language
from extract.lexicons import ALL
from extract.phrases import PARTY
from extract.quote_marks import QuotedSpan, find_quoted_spans
from extract.speakers import People
from extract.speech import (
    ABBREVIATIONS,
    ACCORDING_PATTERN,
    ADVERB_PATTERN,
    COMPLEMENTIZER_PATTERN,
    CONJUNCTION_PATTERN,
    FUNCTION_WORDS,
    PARTICIPLE_PATTERN,
    PRONOUNS,
    VERB_PATTERN,
    alternation,
)

# An unattributed span this long, or ending like a sentence, reads as speech; a shorter one is
# a name or a term ("Run Against ICE", a T-shirt slogan, a song title).
MIN_UNATTRIBUTED_WORDS = 8
MIN_SENTENCE_WORDS = 4
MAX_WHO_WORDS = 7
MIN_INTERVIEW_TURNS = 4
MAX_SENTENCE_CHARS = 400
MAX_NAMES_READ_THROUGH = 3  # quoted names between a quotation and its attribution
MAX_REPORTING_VERBS = 4  # speech verbs of the paragraph above tried for who reports
# After a subject a speech verb is written in lower case: "The United States" or "Said Ahmed"
# name someone, they do not introduce speech; after a possessive or a determiner the same
# spelling is a noun ("Trump’s comments").
_NOUN_GUARD = "".join(
    [rf"(?<!{re.escape(suffix)}\s)" for suffix in ALL.possessives]
    + [rf"(?<!\b{re.escape(word)}\s)" for word in sorted(ALL.noun_determiners)]
)
LOWER_VERB = f"{_NOUN_GUARD}(?-i:{VERB_PATTERN})"
_AFTER_VERB_FIRST = re.compile(
    rf"^(?P<verb>{ACCORDING_PATTERN}|{VERB_PATTERN})\b\s*(?P<subject>[^,;:]*)(?P<appositive>,.*)?",
    re.IGNORECASE,
)
_AFTER_WHO_FIRST = re.compile(
    rf"^(?P<subject>[^,;:]{{1,80}}?)(?P<appositive>,[^;:]{{1,140}}?,)?\s+(?:\w+(?:{ADVERB_PATTERN})\s+)?"
    rf"(?P<verb>{LOWER_VERB})\b",
    re.IGNORECASE,
)
# "... is “growing at an alarming rate” and affects every community, Noem said in a video.":
# the attribution that closes a sentence covers the quoted words earlier in it.
_SENTENCE_CLOSING_ATTRIBUTION = re.compile(
    rf",\s+(?P<subject>[^,;:]{{1,60}}?)\s+(?P<verb>{LOWER_VERB})\b[^,;:]*$", re.IGNORECASE
)
# "Reconoció que la guerra tiene “un precio doloroso”": a sentence opened by its verb has the
# speaker of the sentence before as its subject.
_OPENING_VERB = re.compile(
    rf"^(?P<verb>{VERB_PATTERN})\s+(?:{COMPLEMENTIZER_PATTERN})\b", re.IGNORECASE
)
_BEFORE_ACCORDING = re.compile(
    rf"\b(?P<verb>{ACCORDING_PATTERN})\s+(?P<subject>[^,:]+)[,:]", re.IGNORECASE
)
_BEFORE_PARTICIPLE = re.compile(
    rf"^(?P<subject>.+?),?\s+(?P<verb>{PARTICIPLE_PATTERN})(?:\s+\w+){{0,2}}[,:]?\s*$",
    re.IGNORECASE,
)
_BEFORE_VERB = re.compile(
    rf"(?P<subject>[^,;]{{1,80}}?)\s+(?P<verb>{LOWER_VERB})\b(?P<tail>[^.!?]{{0,200}}?)[:,]?\s*$",
    re.IGNORECASE,
)
# "X, a role, said that ...: "..."" — the subject set off from its verb by an appositive.
_BEFORE_APPOSITIVE_VERB = re.compile(
    rf"(?P<subject>[^,;]{{1,80}}?)(?P<appositive>,[^,;:]{{1,140}},)\s+(?P<verb>{LOWER_VERB})\b"
    rf"(?P<tail>[^.!?]{{0,200}}?)[:,]?\s*$",
    re.IGNORECASE,
)
_VERB_WORD = re.compile(rf"(?<=\s)(?P<verb>{LOWER_VERB})\b")
_BEFORE_NOUN = re.compile(rf"(?<=\s)(?P<verb>(?-i:{VERB_PATTERN}))\b(?=[^.!?]{{0,200}}$)")
_NAME_WORDS = ALL.titles | ALL.name_particles
_NOUN_USE = re.compile(
    rf"(?:{alternation(ALL.possessives)}|\b(?:{alternation(ALL.noun_determiners)}))\s+$",
    re.IGNORECASE,
)
_SENTENCE_STOPS = ".!?…"
# "WASHINGTON (AP) —", "Washington (AFP) –": where and from whom, before the first sentence.
_DATELINE = re.compile(r"^[A-Z][\w.]*(?:[ ,]+[A-Z][\w.]*)*(?:\s*\([A-Z]+\))?\s*[—–]\s+")
_INVERTED_CLOSING = re.compile(
    rf",\s+(?P<verb>{LOWER_VERB})\s+(?P<subject>[^,;:]{{1,60}})(?P<appositive>,[^;:]*)?$"
)
_APPOSITIVE_OPENERS = ALL.indefinites | ALL.definites | ALL.relatives
# "in remarks at ...", "and": a phrase or a clause, not a description of the name before it.
_NOT_APPOSITIVE_OPENERS = ALL.conjunctions | (ALL.prepositions - _APPOSITIVE_OPENERS)
_SUBJECT_BREAK = re.compile(rf"[,;]|\b(?:{COMPLEMENTIZER_PATTERN})\b")
_CLAUSE_END = re.compile(
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 2)}))"
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 3)}))"
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 4)}))"
    r"(?<!\b[A-Z])[.!?;](?=\s|$)|\s[—–]"
)
# A full stop, question or exclamation mark that ends a sentence: not after an abbreviation
# or an initial, and followed by what opens a sentence.
_SENTENCE_END = re.compile(
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 2)}))"
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 3)}))"
    rf"(?<!\b(?:{'|'.join(a for a in ABBREVIATIONS if len(a) == 4)}))"
    r"(?<!\b[A-Z])[.!?…]+[\"”»’']?\s+(?=[\"“«‘'¿¡(—–-]?[A-ZÁÉÍÓÚÑ0-9])"
)
_TRAILING_STOP = re.compile(r"[\s,;:]+$")
_COMPLEMENTIZER = re.compile(rf"(?:{COMPLEMENTIZER_PATTERN})\b")
_WORD = re.compile(r"\w[\w’']*")
_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+")
_CONJUNCTION = re.compile(rf"^(?:{CONJUNCTION_PATTERN})\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Quote:
    """One direct quotation."""

    text: str
    speaker: str | None
    speaker_description: str | None
    verb: str | None
    paragraph: int
    language: str | None
    speaker_aliases: tuple[str, ...] = ()  # other names the article gives the speaker


@dataclass(frozen=True)
class _Attribution:
    verb: str
    who: str
    appositive: str = ""  # ", a nurse who ..." after "said Marisol Fuentes"
    weak: bool = False  # has no subject of its own: an attribution before the quote wins


def _paragraphs(text: str) -> list[str]:
    """Return the non-blank lines of a text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _last_sentence(text: str, language: str | None) -> str:
    """Return the sentence a quotation opens in: the text before it since the last full stop."""
    # The attribution sits in the last few hundred characters; reading only those keeps the
    # cost per quotation flat however long the paragraph before it is.
    text = text.strip()[-MAX_SENTENCE_CHARS:]
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    return text[ends[-1] :].strip() if ends else text


def _looks_like_speech(span: QuotedSpan) -> bool:
    """Tell a sentence-like quotation from a quoted name, title or term."""
    words = span.text.split()
    if span.last_paragraph > span.paragraph:
        return True
    return len(words) >= MIN_UNATTRIBUTED_WORDS or (
        len(words) >= MIN_SENTENCE_WORDS and span.text.rstrip()[-1:] in ".!?,"
    )


def _attribution_after(after: str, quoted: str = "") -> _Attribution | None:
    """Return the attribution in the clause that follows a quotation ("..., Almanza said.")."""
    if after.lstrip()[:1] in ".!?":
        return None
    # An attribution sits within a sentence's length of the quotation; reading no further
    # keeps the cost per quotation flat however long the paragraph runs on.
    clause = after.lstrip(" ,")[:MAX_SENTENCE_CHARS]
    end = _CLAUSE_END.search(clause)
    clause = clause[: end.start()] if end else clause
    # “... he loves you.” She says they are going ahead: after a quotation that ends its
    # sentence, a long new sentence attributes it only when the one it sits in does not.
    weak = (
        quoted.rstrip()[-1:] in _SENTENCE_STOPS
        and clause[:1].isupper()
        and len(clause.split()) > MAX_WHO_WORDS
    )
    found = _attribution_in(clause)
    if found is None and len(quoted.split()) >= MIN_SENTENCE_WORDS:
        found = _inverted_closing(clause)
        weak = True  # the sentence's own attribution before the quotation comes first
    return replace(found, weak=True) if found is not None and weak else found


def _attribution_in(clause: str) -> _Attribution | None:
    """Return the attribution a clause after a quotation makes, if it makes one."""
    match = _AFTER_VERB_FIRST.match(clause)
    if match is not None:
        verb, who = match.group("verb"), match.group("subject").strip()
        if verb.lower() in ALL.participles:
            # "“...,” stating that ...": the words of the sentence's subject, if it has one.
            return _Attribution(verb, "", weak=True)
        return _Attribution(verb, who, match.group("appositive") or "")
    match = _AFTER_WHO_FIRST.match(clause) or _closing_attribution(clause)
    if match is None:
        return None
    who = _CONJUNCTION.sub("", match.group("subject")).split()
    if not who or who[0].lower() in ALL.conjunctions:
        # "“...” but argues that ...": the sentence goes on with the subject it opened with.
        return _Attribution(match.group("verb"), "", weak=True)
    if len(who) > MAX_WHO_WORDS:
        # "lead researcher and NASA planetary scientist Lucas Paganini said": the roles run
        # before the name, which stands next to the verb. A long subject that does not end
        # in a name is a clause of the sentence, not an attribution.
        if not who[-1][:1].isupper():
            return None
        who = who[-MAX_WHO_WORDS:]
    appositive = (match.groupdict().get("appositive") or "").rstrip(",")
    return _Attribution(match.group("verb"), " ".join(who), appositive)


def _inverted_closing(clause: str) -> _Attribution | None:
    """Return the ", said Steve Elmendorf, ..." that closes a sentence a quoted sentence opened
    ("“He can assert it, but it seems extremely unlikely” that Sanders can catch Clinton, said
    Steve Elmendorf, deputy campaign manager ..."); a quoted term ("All “relevant sites” were
    disinfected, reports Wee") is not his words."""
    match = _INVERTED_CLOSING.search(clause)
    if match is None:
        return None
    first = match.group("subject").split()[0]
    if not (first[0].isupper() or first.lower() in _APPOSITIVE_OPENERS):
        return None
    return _Attribution(
        match.group("verb"), match.group("subject"), match.group("appositive") or ""
    )


def _closing_attribution(clause: str) -> re.Match[str] | None:
    """Return the ", Noem said ..." that closes the sentence a quotation sits in, when its
    subject is a name or a pronoun ("adding that the family had asked" is no subject)."""
    match = _SENTENCE_CLOSING_ATTRIBUTION.search(clause)
    if match is None:
        return None
    words = match.group("subject").split()
    if (
        len(words) > MAX_WHO_WORDS
        or _COMPLEMENTIZER.search(match.group("subject"))
        or not (words[-1][0].isupper() or words[-1].lower() in PRONOUNS)
    ):
        return None
    return match


def _attribution_before(
    sentence: str, span: QuotedSpan, people: People | None = None
) -> _Attribution | None:
    """Return the attribution in the words that open a quotation ("Almanza said: ...")."""
    if not sentence or sentence[-1] in ".!?":
        return None
    match = _BEFORE_ACCORDING.search(sentence)
    if match:
        return _Attribution(match.group("verb"), match.group("subject"))
    match = _BEFORE_PARTICIPLE.match(sentence)
    if match:
        # "..., Spicer said, adding, “...”": the speaker of the verb the participle follows,
        # else the sentence's subject.
        last = match.group("subject").rsplit(",", 1)[-1].strip()
        said = _AFTER_WHO_FIRST.match(last)
        if said is not None and said.end() == len(last):
            return _Attribution(match.group("verb"), said.group("subject"))
        subject = _main_subject(match.group("subject"), people)
        return _Attribution(match.group("verb"), subject or " ".join(sentence.split()[:4]))
    chained = _chained_subject(sentence, people)
    if chained is not None:
        return chained
    match = _BEFORE_VERB.search(sentence) or _BEFORE_APPOSITIVE_VERB.search(sentence)
    if match is None:
        return _reported_by_subject(sentence, people)
    tail = match.group("tail").strip().lower()
    short = len(span.text.split()) < MIN_SENTENCE_WORDS
    # "declared itself a “sanctuary city”" names a term; "said he was “very moved”" and
    # "maintains that ... are “highly targeted”" report words.
    if short and set(tail.split()) & ALL.reflexives:
        return None
    if _names_a_term(match.group("verb"), tail):
        return None
    verb, subject = _nearest_verb(sentence, match)
    if verb.lower() in ALL.participles:
        # "Black Lives Matter issued a statement saying it ...": the sentence's subject speaks.
        subject = _main_subject(sentence, people) or subject
    who = _CONJUNCTION.sub("", subject.strip())
    appositive = match.groupdict().get("appositive") or ""
    # A subject set off by an appositive is bounded by its comma; a long one is a role
    # ("El consejero de Educación y Deporte de la Junta de Andalucía, Javier Imbroda,").
    if len(who.split()) > MAX_WHO_WORDS and not appositive:
        who = " ".join(who.split()[-MAX_WHO_WORDS:])
    return _Attribution(verb, who, appositive.strip(" ,"))


def _reported_by_subject(sentence: str, people: People | None) -> _Attribution | None:
    """Return the attribution of a sentence whose speech verb has no subject of its own next
    to it: the sentence's subject speaks when the verb is a noun ("Ryan called Trump's remarks
    “racist”") or a participle after a comma ("The committee released a statement Wednesday,
    saying Trump's comments are “...”"); a sentence opened by its verb goes on with the last
    speaker."""
    for verb in reversed(list(_BEFORE_NOUN.finditer(sentence))):
        word = verb.group("verb")
        if _names_a_term(word, sentence[verb.end("verb") :]):
            return None
        noun = _NOUN_USE.search(sentence, 0, verb.start("verb")) is not None
        if noun or word.lower() in ALL.participles:
            return _Attribution(word, _main_subject(sentence, people))
    opening = _OPENING_VERB.match(sentence)
    return _Attribution(opening.group("verb"), "") if opening else None


def _names_a_term(verb: str, tail: str) -> bool:
    """Tell "what's called “farmer's lung”" (a verb of naming right before the quotation)."""
    return not tail.strip(" ,:") and verb.lower() in ALL.naming_verbs


def _main_subject(sentence: str, people: People | None) -> str:
    """Return the subject that opens a sentence's main clause, after any opening phrase ("On
    Thursday, after remaining neutral, Warren appeared ... and endorsed Clinton, saying")."""
    segments = _DATELINE.sub("", sentence).split(",")
    for n, segment in enumerate(segments):
        words = segment.split()
        if not words or words[0][0].islower():
            continue
        first = words[0].lower()
        if first in PRONOUNS:
            return words[0]
        if first in FUNCTION_WORDS and first not in ALL.definites:
            continue
        run = words[:1]
        for word in words[1:]:
            bare = word.lower().strip(",.")
            if not (word[0].isupper() or bare in _NAME_WORDS or PARTY.fullmatch(f" {word}")):
                if len(run) == 1 and first in ALL.definites:
                    run.append(word)  # "The campaign", "La fiscalía"
                break
            run.append(word)
        # A subject is followed by its verb, or by an appositive ("Khan, who is Muslim, also
        # decried ..."): "Iowa" in "in Ames, Iowa, on Sunday" is not one, nor a word that opens
        # the sentence ("Amid ...") and names nobody the article knows.
        lone = len(run) == 1 and (people is None or not people.knows(run[0]))
        described = n + 1 < len(segments) and _is_appositive(segments[n + 1].strip() or "x")
        if (len(run) < len(words) or described) and not lone:
            return " ".join(run)
    return ""


def _chained_subject(sentence: str, people: People | None) -> _Attribution | None:
    """Return the name a chain of appositives sets off from its speech verb ("Dean Johnson, a
    salesman from Sumter, South Carolina, says"): the name speaks, the appositives describe
    them; the last segment before the verb ("South Carolina") is not the subject."""
    if "," not in sentence:
        return None
    for verb in _VERB_WORD.finditer(sentence):
        segments = [part.strip() for part in sentence[: verb.start()].split(",")]
        if segments[-1] and not _is_appositive(segments[-1]):
            continue
        segments = [part for part in segments if part]
        for i in range(len(segments) - 2, -1, -1):
            # A lone word opening the sentence ("Later", "Así") names someone only when the
            # article names them so.
            lone = i == 0 and " " not in segments[0]
            if lone and (people is None or not people.knows(segments[0])):
                continue
            name = _CONJUNCTION.sub("", segments[i])  # "But Tom Fitton, the president of"
            if _is_appositive(segments[i + 1]) and _is_name_like(name):
                return _Attribution(verb.group("verb"), name, ", " + ", ".join(segments[i + 1 :]))
    return None


def _is_appositive(segment: str) -> bool:
    """Tell a segment that describes the name before it ("a nurse", "who ...", "65")."""
    first = segment.split()[0]
    return (
        first[0].islower() or first[0].isdigit() or first.lower() in _APPOSITIVE_OPENERS
    ) and first.lower() not in _NOT_APPOSITIVE_OPENERS


def _is_name_like(segment: str) -> bool:
    """Tell a segment that ends in a name ("Former governor Ed Rendell (D)") and holds no verb."""
    words = PARTY.sub("", segment).split()
    return (
        0 < len(words) <= MAX_WHO_WORDS
        and words[-1][:1].isupper()
        and words[0].lower() not in FUNCTION_WORDS
        and _VERB_WORD.search(f" {segment}") is None
    )


def _nearest_verb(sentence: str, match: re.Match[str]) -> tuple[str, str]:
    """Return the speech verb nearest the quotation and its subject: in "Audience members
    laughed when he urged voters, “...”" the words are his, not the audience's."""
    for later in reversed(list(_VERB_WORD.finditer(sentence, match.end("verb")))):
        subject = _SUBJECT_BREAK.split(sentence[: later.start()])[-1][-80:]
        words = subject.split()
        # Only after a pronoun or a name: in "in all states" the verb's spelling is a noun.
        if words and (words[-1].lower() in PRONOUNS or words[-1][0].isupper()):
            return later.group("verb"), subject
    return match.group("verb"), match.group("subject")


def _is_title(text: str) -> bool:
    """Tell a short title-case span ("Takin’ It to the Streets") for a name or a title."""
    words = _WORD.findall(text)
    long_words = [w for w in words if len(w) > 3]
    return (
        2 <= len(words) < MIN_UNATTRIBUTED_WORDS
        and bool(long_words)
        and all(w[0].isupper() for w in long_words)
    )


def _clean(text: str) -> str:
    return _TRAILING_STOP.sub("", text).strip()


def extract_quotes(text: str, language: str | None = None) -> list[Quote]:
    """Return the direct quotations in an article text, in order, with their speakers."""
    paragraphs = _paragraphs(text)
    language = language or guess_language(text[:4000])
    spans = find_quoted_spans(paragraphs)
    people = People()
    people.preview(text)
    quotes: list[Quote] = []
    seen = (0, 0)  # (paragraph, offset) up to which the text outside quotations was read
    skip_next = False
    turns = _interview_turns(spans)
    interviewee: str | None = None
    for n, span in enumerate(spans):
        following = spans[n + 1] if n + 1 < len(spans) else None
        stop = len(paragraphs[span.last_paragraph])
        if following is not None and following.paragraph == span.last_paragraph:
            stop = following.start
        after = paragraphs[span.last_paragraph][span.end : stop]
        mentions = people.mentions
        before = _read_up_to(paragraphs, seen, span, people)
        named_here = people.focus if _names_someone(before) else None
        # Someone named in this paragraph before an unattributed quotation is its speaker rather
        # than the last paragraph's ("Asked about it, Mendez shrugged. "That's up to them."").
        new_here = people.mentions > mentions and span.paragraph > seen[0]
        seen = (span.last_paragraph, stop)
        if skip_next:
            skip_next = False
            people.observe(after)
            continue
        if n in turns:
            # A question-and-answer interview: the answers are the interviewee's words.
            interviewee = interviewee or people.focus
            if turns[n]:
                quotes.append(
                    Quote(
                        _clean(span.text),
                        interviewee,
                        people.descriptions.get(interviewee or ""),
                        None,
                        span.paragraph,
                        language,
                    )
                )
            continue
        if span.dash_frame is not None:
            found = _attribution_after(span.dash_frame)
        else:
            found = _attribution_after(_clause_after(paragraphs, spans, n), span.text)
        quote_text = span.text
        if (
            found is not None
            and following is not None
            and following.paragraph == span.last_paragraph
            and after.rstrip().endswith(",")
            and following.text[:1].islower()
        ):
            # "A," she said, "B." is one quotation with the attribution inside it.
            quote_text = f"{_clean(span.text)} {following.text}"
            skip_next = True
        if (found is None or found.weak) and span.dash_frame is None:
            found = _attribution_before(_last_sentence(before, language), span, people) or found
        if found is None and span.dash_frame is None and not before.strip():
            found = _introduced_above(paragraphs, span)
            if found is None and (not quotes or quotes[-1].paragraph < span.paragraph - 1):
                found = _reported_above(paragraphs, span, people)
        quote = _quote(
            span, quote_text, found, quotes, people, named_here, new_here, before, language
        )
        if quote is not None and quote.speaker is None and quote.verb is None:
            quote = _with_caption(quote, paragraphs, span.last_paragraph + 1, people)
        if quote is not None and quote.text:
            quotes.append(quote)
        people.observe(after)
    return quotes


def _clause_after(paragraphs: list[str], spans: list[QuotedSpan], n: int) -> str:
    """Return the text after a quotation up to the next quotation of its paragraph, reading
    through a quoted name on the way ("...,” Texas delegate Bill Eastland, wearing “Ted Cruz”
    campaign pins, said")."""
    span = spans[n]
    paragraph = paragraphs[span.last_paragraph]
    for k in range(n + 1, min(n + 1 + MAX_NAMES_READ_THROUGH, len(spans))):
        if spans[k].paragraph != span.last_paragraph:
            break
        if not _is_title(spans[k].text) or k == n + MAX_NAMES_READ_THROUGH:
            return paragraph[span.end : spans[k].start]
    return paragraph[span.end :]


def _introduced_above(paragraphs: list[str], span: QuotedSpan) -> _Attribution | None:
    """Return the attribution of a paragraph that ends in a colon to introduce the quotation
    opening the next one ("..., detalla Deborah Jourdan:" / "“Estamos viendo ...”")."""
    if span.paragraph == 0 or span.start > 1:
        return None
    above = paragraphs[span.paragraph - 1].rstrip()
    if not above.endswith(":"):
        return None
    sentence = _last_sentence(above[:-1], None)
    return _attribution_after(sentence[sentence.rfind(",") + 1 :]) or _attribution_before(
        sentence + ":", span
    )


def _reported_above(paragraphs: list[str], span: QuotedSpan, people: People) -> _Attribution | None:
    """Return who a paragraph reports the words of, for the quotation opening the next one:
    news goes on from "Erekat said it was only the latest move ..." to his own words."""
    if span.paragraph == 0 or span.start > 1:
        return None
    above = paragraphs[span.paragraph - 1][-MAX_SENTENCE_CHARS:]
    verbs = [
        (sentence, verb)
        for sentence in reversed(_SENTENCE_END.split(above))
        for verb in _VERB_WORD.finditer(sentence)
    ]
    for sentence, verb in verbs[:MAX_REPORTING_VERBS]:
        found = _attribution_before(sentence[: verb.end()], span, people)
        if found is not None and found.who:
            return found
    return None


def _interview_turns(spans: list[QuotedSpan]) -> dict[int, bool]:
    """Return {span index: is an answer} for runs of dialogue lines that make an interview.

    Four or more paragraphs in a row that open with a dialogue dash and carry no "—dijo X—"
    are questions and answers taking turns; the turns that ask more questions are the
    interviewer's.
    """
    turns: dict[int, bool] = {}
    run: list[int] = []
    for n, span in enumerate([*spans, None]):
        if (
            span is not None
            and _is_turn(span)
            and (not run or spans[run[-1]].paragraph == span.paragraph - 1)
        ):
            run.append(n)
            continue
        if len(run) >= MIN_INTERVIEW_TURNS:
            asks = [sum("?" in spans[i].text for i in run[parity::2]) for parity in (0, 1)]
            questions = 0 if asks[0] >= asks[1] else 1
            turns.update({i: k % 2 != questions for k, i in enumerate(run)})
        run = [n] if span is not None and _is_turn(span) else []
    return turns


def _is_turn(span: QuotedSpan) -> bool:
    return span.is_dialogue and span.dash_frame is None


def _with_caption(quote: Quote, paragraphs: list[str], index: int, people: People) -> Quote:
    """Return the quote with the speaker a caption line under it names ("Ana Ruiz, nurse")."""
    if index >= len(paragraphs):
        return quote
    caption = people.caption(paragraphs[index])
    if caption is None:
        return quote
    return replace(quote, speaker=caption[0], speaker_description=caption[1])


def _read_up_to(
    paragraphs: list[str], seen: tuple[int, int], span: QuotedSpan, people: People
) -> str:
    """Record the names in the text between the last quotation and this one; return its part
    in this quotation's paragraph."""
    paragraph, offset = seen
    while paragraph < span.paragraph:
        people.observe(paragraphs[paragraph][offset:], paragraph_start=offset == 0)
        paragraph, offset = paragraph + 1, 0
    before = paragraphs[span.paragraph][offset : span.start] if paragraph == span.paragraph else ""
    people.observe(before, paragraph_start=offset == 0)
    return before


def _names_someone(text: str) -> bool:
    return bool(_NAME_WORD.search(text))


def _quote(
    span: QuotedSpan,
    text: str,
    found: _Attribution | None,
    quotes: list[Quote],
    people: People,
    named_here: str | None,
    new_here: bool,
    before: str,
    language: str | None,
) -> Quote | None:
    """Return the Quote for a span with its speaker, or None for a quoted name or term."""
    if _is_title(span.text):
        return None
    if found is not None:
        speaker, description = people.resolve(found.who, found.appositive)
        aliases = people.aliases_of(speaker)
        return Quote(
            _clean(text), speaker, description, found.verb, span.paragraph, language, aliases
        )
    previous = quotes[-1] if quotes else None
    # A quoted sentence of its own right after a quotation goes on with it ("...,” she said.
    # “So I’m running.”); anything else short in quotation marks is a name or a term.
    goes_on = (
        previous is not None
        and previous.paragraph == span.paragraph
        and before.rstrip()[-1:] in ".!?"
    )
    if not goes_on and not _looks_like_speech(span):
        return None
    if previous is not None and (
        span.paragraph == previous.paragraph
        or (span.paragraph == previous.paragraph + 1 and not new_here)
    ):
        return Quote(
            _clean(text),
            previous.speaker,
            previous.speaker_description,
            previous.verb,
            span.paragraph,
            language,
        )
    description = people.descriptions.get(named_here or "")
    return Quote(_clean(text), named_here, description, None, span.paragraph, language)
