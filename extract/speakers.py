"""Who is who in an article, so that "Almanza said", "she said" and "the group said" resolve.

News introduces a person once by full name, often with a role ("Girls Run Bakersfield founder
Luz Almanza", "Marcus Reyes, a coach with ...") and then uses the surname or a pronoun;
organizations are named once ("the Coalition for Humane Immigrant Rights of Los Angeles, known
as CHIRLA") and then called "the coalition" or "the group". `People` reads the text outside the
quotations in order and keeps that record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.lexicons import ALL
from extract.names import ACRONYM
from extract.phrases import (
    PARTY,
    find_phrases,
    is_org,
    is_org_acronym,
    is_surname,
    is_titled_person,
    person_name,
    strip_article,
    surname_of,
)
from extract.speech import (
    ANONYMOUS_STARTS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    PRONOUNS,
    VERB_PATTERN,
    alternation,
)
from extract.speech import ROLE_TITLES as _ROLE_TITLES

_ALIAS = re.compile(
    rf"^\s*(?:\(|,\s*(?:{alternation(ALL.alias_intros)})\s+)(?P<alias>(?-i:{ACRONYM}))\b",
    re.IGNORECASE,
)
# "the coalition Doctors for Camp Closure", "The group, WeWorkers Coalition,": an organization
# introduced by the noun that will stand for it.
_ORG_INTRO = re.compile(
    rf"\b(?:{alternation(ALL.definites)})\s+(?P<noun>{alternation(ALL.group_nouns)}),?\s+$",
    re.IGNORECASE,
)
_AGE = re.compile(rf"^(?:(?:\w+ )?\d{{1,3}}(?: {alternation(ALL.age_words)})?)$", re.IGNORECASE)
_APPOSITIVE_END = re.compile(rf",|;|\.\s|\.$|\s(?:{alternation(ALL.relatives)})\s", re.IGNORECASE)
_TITLE_WORDS = dict(ALL.title_abbreviations)
_ROLE_SUFFIX = re.compile(rf"(?:{alternation(ALL.role_suffixes)})$")
_ARTICLE = re.compile(rf"^(?:{alternation(ALL.definites)})\s+", re.IGNORECASE)
_NOT_APPOSITIVE = ALL.not_appositive
_PLACE_LEADS = ALL.place_leads
_DEFINITES = ALL.definites
_PARTICLES = ALL.name_particles
_ANONYMOUS_STOPS = ALL.relatives | ALL.affiliations | ALL.place_leads
# "a doctor on the scene", "an insider", "una vecina": someone the article does not name.
_UNNAMED = re.compile(
    rf"\b(?:{alternation(ALL.indefinites)})\s+([a-záéíóúñ][\w-]+)(?:\s+([a-záéíóúñ]\w+))?",
    re.IGNORECASE,
)
_DETERMINERS = ALL.definites | ALL.indefinites
_PREPOSITIONS = ALL.prepositions - _DETERMINERS
MAX_CAPTION_WORDS = 14
CONTEXT_CHARS = 300
MAX_REPORTED_WORDS = 5
STEM = 5  # letters two words share when one is the other's plural or derivation
_CLAUSE_BREAK = re.compile(r"[.;:!?]\s")
_MARKS = {mark for pair in ALL.double_marks for mark in pair}
_MARK_CHARS = "".join({*"".join(_MARKS), *"".join(m for pair in ALL.single_marks for m in pair)})
_SPEECH_VERB = re.compile(rf"\b(?:{VERB_PATTERN})\b")
# A verb, then its subject, closing a sentence of reported speech: ", said the mayor."
_REPORTED = re.compile(rf",\s+(?-i:{VERB_PATTERN})\s+(?P<subject>[^,.;:]{{1,60}})\.(?:\s|$)")


@dataclass
class People:
    """The people and organizations an article has named so far, in reading order."""

    by_surname: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    orgs: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    focus: str | None = None  # the person last named: "he", "she" and bare verbs mean them
    mentions: int = 0  # how many times a person has been named: tells when someone new was
    unnamed: set[str] = field(default_factory=set)  # nouns met as "a doctor", "una vecina"
    later: dict[str, str] = field(default_factory=dict)  # full names anywhere in the article
    singles: set[str] = field(default_factory=set)  # one-word names anywhere in the article
    article: str = ""  # the article's text until it has been read ahead
    last_speaker: str | None = None  # who spoke the last attributed quotation
    spoken_at: int = -1  # the mention count when they did
    last_org: str | None = None  # the organization that spoke last
    org_named_last: bool = False  # an organization was named after the person in focus
    introduced: dict[str, str] = field(default_factory=dict)  # "group": the org it stood for

    def observe(self, text: str, paragraph_start: bool = False) -> None:
        """Record the people and organizations a stretch of text outside quotations names."""
        for first, second in _UNNAMED.findall(text):
            self.unnamed.update((first.lower(), second.lower()))
        for start, end, phrase in find_phrases(text):
            if paragraph_start and start == 0 and phrase.isupper():
                continue  # a dateline ("FRESNO —")
            # A role or an appositive sits next to the name: reading only that much around
            # it keeps a paragraph of thousands of names linear.
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            if is_titled_person(phrase):
                self._add_person(phrase, before, after)
            elif (intro := _ORG_INTRO.search(before)) or is_org(phrase):
                self._add_org(phrase, after)
                self.org_named_last = True
                if intro is not None:
                    self.introduced[intro.group("noun").lower()] = self.orgs[-1]
            elif is_org_acronym(phrase):
                self._add_org(phrase, "")
            elif _after_preposition(before) or text.startswith(ALL.possessives, end):
                self._remember(phrase)  # "to LeBron James", "Parise’s": known, not the subject
            else:
                self._add_person(phrase, before, after)
        self._observe_reported(text)

    def _observe_reported(self, text: str) -> None:
        """Make the speaker of reported speech (", advirtió la calificadora Moody's.") the
        one a subjectless verb or a pronoun in the next quotation goes on with."""
        for match in _REPORTED.finditer(text):
            words = match.group("subject").split()
            # ", said Tyvak would leverage ..." reports a clause, not who spoke.
            if len(words) > MAX_REPORTED_WORDS or not (
                words[0][0].isupper() or words[0].lower() in _DEFINITES | PRONOUNS
            ):
                continue
            speaker, _ = self.resolve(match.group("subject"))
            if speaker is not None:
                self.last_speaker, self.spoken_at = speaker, self.mentions

    def _remember(self, phrase: str) -> None:
        """Keep a full name for its surname without making it the person in focus."""
        name = person_name(phrase)
        if name is not None and " " in name:
            name = self._trim(name)
            self.by_surname.setdefault(surname_of(name), name)

    def resolve(self, who: str, appositive: str = "") -> tuple[str | None, str | None]:
        """Return (speaker, description) for the words that attribute a quotation."""
        who = PARTY.sub("", who)
        words = [w.strip(",.;:") for w in who.split()]
        lowered = [w.lower() for w in words]
        named = _appositive_name(appositive)
        if named is not None and _is_role_phrase(words):
            return self._named_by_role(named, who)
        if lowered and lowered[0] in ALL.thing_pronouns and self.last_org:
            return self.last_org, None
        if lowered and lowered[0] in ALL.plural_pronouns and self.org_named_last:
            return self._org_name(self.orgs[-1]), None  # "Dick Clark Productions ... they said"
        if lowered and (lowered[0] in PRONOUNS or lowered[-1] in PRONOUNS):
            return self.focus, self.descriptions.get(self.focus or "")  # "... when he urged"
        # "told the BBC", "proclamó a la Policía": who is spoken to is not the speaker.
        found = [(end, p) for start, end, p in find_phrases(who) if not _spoken_to(who[:start])]
        # "China’s ambassador to Britain Liu Xiaming": the role's owner speaks only when
        # nobody else is named ("Russia's foreign ministry").
        phrases = [p for end, p in found if not _possessor(who, end)] or [p for _, p in found]
        acronyms = [p for p in phrases if is_org_acronym(p)]
        orgs = [p for p in phrases if is_org(p) and not is_titled_person(p)]
        persons = [p for p in phrases if p not in orgs and " " in (person_name(p) or "")]
        if persons and (orgs or acronyms):
            return self._person(persons[-1], who, appositive)  # a person over their employer
        if orgs or acronyms:
            return self._org_name((orgs or acronyms)[-1]), None
        indefinite = bool(lowered) and lowered[0] in ANONYMOUS_STARTS
        sources = phrases or [p for _, _, p in find_phrases(who)]
        if indefinite and sources and any(w in GROUP_NOUNS for w in lowered):
            return self._org_name(sources[0]), None  # "a WeWork spokesperson", "a report from"
        if _is_named_group(who, phrases):
            return strip_article(" ".join(words)), None  # "the French foreign ministry"
        if (indefinite and words[-1][:1].islower()) or (
            lowered[:1] and lowered[0] in ALL.anonymous
        ):
            return None, _anonymous_description(words[1:] if indefinite else words)
        if len(words) == 1 and _is_role_plural(lowered[0]):
            return None, lowered[0]  # "Teachers chanted"
        # Places do not speak: after a speech verb "Grace Park" is a person.
        people = [p for p in phrases if person_name(p, speaking=True) or is_surname(p)]
        if people:
            return self._person(people[-1], who, appositive)
        groups = {w for w in lowered if w in GROUP_NOUNS}
        if groups and lowered[0] in _DEFINITES and not phrases:
            # "the spokeswoman" is the person introduced as one before it is their employer.
            described = self._described(groups)
            if described is not None:
                return described
        if groups:
            group = self._group(lowered)
            # "the spokeswoman" of no organization named yet stays a role.
            role = " ".join(words[1:]) if group is None and lowered[0] in _DEFINITES else None
            return group, role or None
        if lowered and lowered[0] in ANONYMOUS_STARTS:
            return None, _anonymous_description(words[1:])
        if lowered and lowered[0] in _DEFINITES and not phrases:
            return self._role(words[1:])
        # A verb with no subject ("dijo entre risas") goes on with the last speaker unless
        # someone has been named since; a pronoun means the person in focus.
        if not lowered and self.last_speaker and self.spoken_at == self.mentions:
            return self.last_speaker, self.descriptions.get(self.last_speaker)
        if not lowered or lowered[0] in PRONOUNS or not phrases:
            return self.focus, self.descriptions.get(self.focus or "")
        return None, None

    def _named_by_role(self, phrase: str, role: str) -> tuple[str, str | None]:
        """Return the person a role sets off by commas ("El consejero de Educación, Javier
        Imbroda, ha revelado"), described by the role."""
        name, _ = self._person(phrase, phrase, "")
        self.descriptions.setdefault(name, strip_article(role.strip(" ,")))
        return name, self.descriptions[name]

    def aliases_of(self, name: str | None) -> tuple[str, ...]:
        """Return the other names the article gave a speaker ("Coalition for ..." of CHIRLA)."""
        if name is None:
            return ()
        found = [full for full, short in self.aliases.items() if short == name]
        if name in self.aliases:
            found.append(self.aliases[name])
        return tuple(found)

    def caption(self, line: str) -> tuple[str, str | None] | None:
        """Return (name, description) when a line only names someone ("Ana Ruiz, nurse")."""
        words = line.split()
        if not 2 <= len(words) <= MAX_CAPTION_WORDS or any(m in line for m in _MARKS):
            return None
        name_part, _, description = line.partition(",")
        name = person_name(name_part.strip())
        if name is None or " " not in name or name != name_part.strip():
            return None
        if _SPEECH_VERB.search(description) or description.rstrip().endswith((".", "?", "!")):
            return None
        return name, description.strip() or None

    def _role(self, words: list[str]) -> tuple[str | None, str | None]:
        """Return who "the mayor" or "la ejecutiva" is: the person introduced with that role,
        else someone introduced as "a doctor" (who stays unnamed), else the organization so
        named, else the person in focus."""
        nouns = {w.lower() for w in words if len(w) > 2}
        if self.focus is not None and self.focus == self.last_speaker:
            # The speaker goes on ("..., añade el investigador") unless a title of their own
            # says the role is someone else's ("Gov. Gavin Newsom" is not "the mayor").
            own = _role_words(self.descriptions.get(self.focus, ""))
            if nouns & own or not own & _ROLE_TITLES:
                return self.focus, self.descriptions.get(self.focus)
        described = self._described(nouns)
        if described is not None:
            return described
        if nouns & self.unnamed:
            return None, _anonymous_description(words)
        for org in reversed(self.orgs):
            if nouns & {w.lower() for w in org.split()}:
                return self.aliases.get(org, org), None  # "the doctors": Doctors for ...
        if self.focus is None:
            return None, " ".join(words) or None  # nobody yet: "the senator" stays a role
        return self.focus, self.descriptions.get(self.focus)

    def _described(self, nouns: set[str]) -> tuple[str, str] | None:
        """Return the person last introduced with a role among the nouns ("Gov. Gavin
        Newsom" for "the governor", "Dana Ruiz, a spokeswoman for the county")."""
        for name, description in reversed(self.descriptions.items()):
            if nouns & _role_words(description):
                self.focus = name
                return name, description
        return None

    def _add_org(self, phrase: str, after: str) -> None:
        name = strip_article(phrase)
        alias = _ALIAS.match(after)
        if alias:
            self.aliases[name] = alias.group("alias")
        self.orgs.append(name)

    def _add_person(self, phrase: str, before: str, after: str) -> None:
        name = person_name(phrase)
        if name is None:
            self._mention_surname(phrase)
            return
        name = self._trim(name)
        titles = phrase[: phrase.index(name.split()[0])].strip()
        surname = surname_of(name)
        known = self.by_surname.get(surname)
        if known is not None and name in known:
            name = known
        elif known is None or len(name.split()) > 1:
            self.by_surname.setdefault(surname, name)
        if name not in self.descriptions:
            description = _description_before(before, titles) or _description_after(after)
            if description:
                self.descriptions[name] = description
        self._name(name)

    def _name(self, name: str) -> None:
        self.focus = name
        self.mentions += 1
        self.org_named_last = False

    def _mention_surname(self, phrase: str) -> None:
        for token in phrase.split():
            if token in self.by_surname:
                self._name(self.by_surname[token])

    def _person(self, phrase: str, who: str, appositive: str) -> tuple[str, str | None]:
        own = person_name(phrase, speaking=True) or phrase
        titles = phrase[: phrase.find(own)].strip()
        name = self._known(own) if " " not in own else self._full_name(self._trim(own))
        self.by_surname.setdefault(surname_of(name), name)
        self.focus = name
        self.last_speaker, self.spoken_at = name, self.mentions
        if name not in self.descriptions:
            before = who[: who.find(phrase)]
            description = _description_before(before, titles) or _description_after(appositive)
            if description:
                self.descriptions[name] = description
        return name, self.descriptions.get(name)

    def knows(self, word: str) -> bool:
        """Tell whether a lone capitalized word is a surname the article gives someone."""
        if self.article:
            self._read_ahead()
        return word in self.by_surname or word in self.later

    def preview(self, text: str) -> None:
        """Keep the whole article, to read it for full names when a surname or a name run
        into a place is met that the text so far cannot explain."""
        self.article = text

    def _read_ahead(self) -> None:
        """Read the whole article once for full names, so that a surname quoted before the
        name is spelled out ("Clarke said" two paragraphs before "NASA's Steve Clarke")."""
        text, self.article = self.article, ""
        found = [phrase for _, _, phrase in find_phrases(text)]
        self.singles = {phrase for phrase in found if " " not in phrase}
        for phrase in found:
            name = person_name(phrase)
            if name is not None and " " in name:
                name = self._trim(name)
                self.later.setdefault(surname_of(name), name)
                self.later.setdefault(name.split()[0], name)

    def _trim(self, name: str) -> str:
        """Return "Kurt Volker" for "Ukraine Kurt Volker" when the article names Ukraine alone
        elsewhere: a place or an organization run into the name that follows it."""
        tokens = name.split()
        if len(tokens) != 3:
            return name
        if self.article:
            self._read_ahead()
        if tokens[0] in self.singles and tokens[0] not in self.by_surname:
            return " ".join(tokens[1:])
        return name

    def _known(self, word: str) -> str:
        """Return the full name a lone surname stands for, by what was read so far, else by
        a name that opens with it ("Liu" for "Liu Xiaming"), else by what comes later."""
        if word in self.by_surname:
            return self.by_surname[word]
        for name in reversed(self.by_surname.values()):
            if name.startswith(word + " "):
                return name
        if self.article:
            self._read_ahead()
        return self.later.get(word, word)

    def _full_name(self, name: str) -> str:
        """Return "Joel Eriksson Ek" for "Eriksson Ek" when the article named him so."""
        known = self.by_surname.get(surname_of(name))
        return known if known is not None and known.endswith(" " + name) else name

    def _org_name(self, phrase: str) -> str:
        """Return the name of an organization that speaks, and remember it spoke."""
        name = strip_article(phrase)
        self.last_org = self.aliases.get(name, name)
        return self.last_org

    def _group(self, lowered: list[str]) -> str | None:
        """Return the organization "the coalition" or "el grupo" refers to."""
        nouns = [w for w in lowered if w in GROUP_NOUNS]
        for noun in nouns:
            if noun in self.introduced:
                return self._org_name(self.introduced[noun])
        # "the production company": the organization whose name shares the word's stem
        # ("Dick Clark Productions").
        stems = {w[:STEM] for w in lowered if len(w) >= STEM and w not in GROUP_NOUNS}
        stems -= {w[:STEM] for w in FUNCTION_WORDS | _DETERMINERS}
        for org in reversed(self.orgs):
            if stems & {w.lower()[:STEM] for w in org.split() if len(w) >= STEM}:
                return self._org_name(org)
        for org in reversed(self.orgs):
            if any(noun in org.lower() for noun in nouns):
                return self._org_name(org)
        return self._org_name(self.orgs[-1]) if self.orgs else None


def _role_words(description: str) -> set[str]:
    """Return the words of a description with titles spelled out ("Gov." gives "governor")."""
    words = {w.strip(".,").lower() for w in description.split()}
    return words | {_TITLE_WORDS[w] for w in words if w in _TITLE_WORDS}


def _appositive_name(appositive: str) -> str | None:
    """Return the name an appositive is made of (", Javier Imbroda,"), titles and all."""
    phrase = appositive.strip(" ,")
    tokens = phrase.split()
    if not tokens or any(t[0].islower() and t not in _PARTICLES for t in tokens):
        return None
    name = person_name(phrase, speaking=True)
    return phrase if name is not None and " " in name else None


def _is_role_phrase(words: list[str]) -> bool:
    """Tell "the company's director" or "El consejero de Educación" (a role, not a name)."""
    if not words:
        return False
    first = words[0]
    return (
        first[0].islower() or first.lower() in _DEFINITES or first.endswith(ALL.possessives)
    ) and any(w[:1].islower() for w in words[1:])


def _is_named_group(who: str, phrases: list[str]) -> bool:
    """Tell "the French foreign ministry" (a name, then a group noun) for an organization."""
    rest = strip_article(who.strip())
    if not phrases or not rest.startswith(phrases[0]):
        return False
    tail = rest[len(phrases[0]) :].split()
    return (
        1 <= len(tail) <= 3
        and tail[-1].lower() in GROUP_NOUNS
        and all(w.islower() and w not in _PREPOSITIONS | _DETERMINERS for w in tail)
    )


def _is_role_plural(word: str) -> bool:
    """Tell "teachers" or "vecinos" (a role noun in the plural) from a surname."""
    return word.endswith("s") and (word[:-1] in _ROLE_TITLES or word[:-2] in _ROLE_TITLES)


def _spoken_to(before: str) -> bool:
    """Tell whether a phrase follows a preposition ("to the BBC", "a la Policía", "por 'The
    Guardian'")."""
    words = [w.lower().strip(_MARK_CHARS) for w in before.split()[-3:]]
    words = [w for w in words if w]
    if len(words) >= 2 and words[-1] in _DETERMINERS:
        # After an article, Spanish "a" is the preposition ("a la Policía"), not English "a".
        return words[-2] in ALL.prepositions
    # "ambassador to Britain Liu Xiaming": a title's place, then the person holding it.
    if len(words) >= 2 and words[-2] in _ROLE_TITLES:
        return False
    return bool(words) and words[-1] in _PREPOSITIONS


def _possessor(text: str, end: int) -> bool:
    """Tell "China’s ambassador": a name owning the role that follows is not the speaker."""
    rest = text[end:]
    suffix = next((p for p in ALL.possessives if rest.startswith(p)), None)
    return suffix is not None and rest[len(suffix) :].lstrip()[:1].islower()


def _after_preposition(before: str) -> bool:
    """Tell whether a phrase follows "at", "in", "the"...: then it is a place or a thing."""
    words = before.split()
    return bool(words) and words[-1].lower() in _PLACE_LEADS


def _description_after(after: str) -> str | None:
    """Return an appositive after a name (", a coach with the Eastside Striders,"), not an age."""
    if not after.startswith(", "):
        return None
    rest = after[2:]
    end = _APPOSITIVE_END.search(rest)
    phrase = (rest[: end.start()] if end else rest).strip()
    if not phrase or _AGE.match(phrase) or len(phrase.split()) > 12:
        return None
    first = phrase.split()[0].lower()
    if first in _NOT_APPOSITIVE or first.endswith(ALL.verb_endings):
        return None
    if not any(c.islower() for c in phrase) or _SPEECH_VERB.search(phrase):
        return None
    return phrase


def _description_before(before: str, titles: str) -> str | None:
    """Return the role written before a name ("high school teacher", "Race director")."""
    if titles:
        # "said SEIU 721 Organizing Director Martin Manteca": the employer before the title.
        lead: list[str] = []
        for word in reversed(before.split()):
            if not (word[0].isupper() or word.isdigit()) or word[-1] in ",.;:" or len(lead) == 4:
                break
            if word.lower() in FUNCTION_WORDS:
                break
            lead.append(word)
        titles = " ".join([*reversed(lead), titles])
    if before.rstrip().endswith(","):
        return _role_before_comma(before) or (titles or None)
    words = before.split()
    picked: list[str] = []
    for word in reversed(words):
        if not word or word[-1] in ',.;:()"“”«»—–' or word.lower() in FUNCTION_WORDS:
            break
        picked.append(word)
        if len(picked) == 5:
            break
    role = " ".join(reversed(picked))
    if (
        role
        and not _ROLE_SUFFIX.search(picked[0].lower())
        and picked[0].lower() not in _ROLE_TITLES
    ):
        role = ""
    description = " ".join(part for part in (role, titles) if part)
    return description or None


def _role_before_comma(before: str) -> str | None:
    """Return a role set off before a name ("La administradora del mercado, Lucía Herrera")."""
    clause = _CLAUSE_BREAK.split(before.rstrip().rstrip(","))[-1]
    words = clause.split()
    if words and words[0].lower() in _DEFINITES:
        words = words[1:]
    if not 1 <= len(words) <= 6:
        return None
    head = words[0].lower()
    return " ".join(words) if head in _ROLE_TITLES or _ROLE_SUFFIX.search(head) else None


def _anonymous_description(words: list[str]) -> str | None:
    """Return the noun of an unnamed speaker ("one runner" -> "runner")."""
    kept = []
    for word in words:
        if word.lower() in _ANONYMOUS_STOPS:
            break
        kept.append(word)
    return " ".join(kept[:4]) or None
