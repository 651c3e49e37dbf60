"""English: the words that attribute quotations and name people, as news writes them."""

from __future__ import annotations

# Regular speech verbs by their base form; every tense is built from it below.
_REGULAR = (
    "acknowledge add admit agree allege announce answer argue ask assert boast caution "
    "chant claim comment complain concede conclude confirm contend continue counter declare "
    "describe emphasise emphasize exclaim explain insist joke lament laugh maintain mention "
    "muse note observe order plead pledge point post predict promise quip recall recount "
    "reflect remark repeat reply respond scream shout state stress suggest testify tweet "
    "urge vow warn whisper yell"
).split()
# Irregular verbs: base, past, and anything else a reporter writes.
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "writes", "writing"),
}
_DOUBLED = {"admit", "quip", "plan"}


def _forms(base: str) -> set[str]:
    """Return the base, -s, past and -ing forms of a regular English verb."""
    if base in _DOUBLED:
        return {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    if base.endswith("y") and base[-2] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    return {base, third, base + "ed", base + "ing"}


# Base forms that are also common nouns ("state officials") are left out; these few speak
# for plural subjects ("experts say").
_PLURAL_PRESENT = {"say", "tell", "add", "argue", "explain", "insist", "warn", "write", "agree"}


def _verbs() -> set[str]:
    """Return the -s and past forms of every speech verb, and the base of a few."""
    verbs: set[str] = set()
    for base in _REGULAR:
        verbs |= {form for form in _forms(base) if not form.endswith("ing") and form != base}
    for base, forms in _IRREGULAR.items():
        verbs |= {base + "s", *(f for f in forms if not f.endswith("ing"))}
    verbs |= _PLURAL_PRESENT
    verbs -= {"points", "pointed"}
    verbs |= {"pointed out", "points out", "saying", "stating"}
    return verbs


SPEECH_VERBS = _verbs()
PARTICIPLES = {
    "saying",
    "stating",
    "adding",
    "explaining",
    "noting",
    "writing",
    "telling",
    "declaring",
    "warning",
    "arguing",
    "insisting",
    "asking",
}
ACCORDING_TO = {"according to"}
COMPLEMENTIZERS = {"that"}
CONJUNCTIONS = {"and", "but", "then"}
PRONOUNS = {"he", "she", "they", "him", "her", "them"}
INDEFINITES = {"one", "a", "an", "another", "some", "several"}
DEFINITES = {"the"}
GROUP_NOUNS = {
    "agency",
    "alliance",
    "association",
    "campaign",
    "center",
    "club",
    "coalition",
    "collective",
    "committee",
    "company",
    "council",
    "department",
    "firm",
    "foundation",
    "group",
    "league",
    "ministry",
    "network",
    "office",
    "organisation",
    "organization",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "statement",
    "union",
}
ORG_WORDS = {
    "agency",
    "alliance",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "center",
    "centre",
    "club",
    "coalition",
    "collective",
    "commission",
    "committee",
    "company",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "enforcement",
    "foundation",
    "group",
    "inc",
    "institute",
    "league",
    "ministry",
    "network",
    "office",
    "party",
    "patrol",
    "police",
    "project",
    "security",
    "service",
    "services",
    "union",
    "university",
}
TITLES = {
    "acting",
    "city",
    "community",
    "county",
    "race",
    "state",
    "u.s.",
    "activist",
    "administrator",
    "ambassador",
    "assemblymember",
    "assistant",
    "attorney",
    "capt",
    "capt.",
    "captain",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "coach",
    "co-founder",
    "col",
    "col.",
    "commissioner",
    "congressman",
    "congresswoman",
    "councilman",
    "councilmember",
    "councilwoman",
    "deputy",
    "det",
    "det.",
    "director",
    "dl",
    "dr",
    "dr.",
    "editor",
    "executive",
    "father",
    "founder",
    "gen",
    "gen.",
    "general",
    "gov",
    "gov.",
    "governor",
    "inspector",
    "judge",
    "lawyer",
    "lead",
    "leader",
    "lt",
    "lt.",
    "manager",
    "mayor",
    "member",
    "minister",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "nurse",
    "officer",
    "organiser",
    "organizer",
    "pastor",
    "premier",
    "president",
    "professor",
    "prof",
    "prof.",
    "prosecutor",
    "rep",
    "rep.",
    "representative",
    "rev",
    "rev.",
    "reverend",
    "runner",
    "secretary",
    "sen",
    "sen.",
    "senator",
    "senior",
    "sergeant",
    "sgt",
    "sgt.",
    "sheriff",
    "sister",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "student",
    "superintendent",
    "supervisor",
    "teacher",
    "treasurer",
    "volunteer",
}
ROLE_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian")
NAME_PARTICLES = {"van", "von", "da", "dos", "de", "del", "la", "of", "for", "and", "the"}
POSSESSIVES: tuple[str, ...] = ("’s", "'s")
ORG_CONNECTORS = {"of", "for", "and"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
PREPOSITIONS = {"to", "at", "in", "on", "by", "with", "from", "of", "for", "about", "near"}
VERB_ENDINGS = ("ed", "ing")
AFFILIATIONS = {"of", "from"}
ALIAS_INTROS = {"known as", "also known as"}
AGE_WORDS = {"aged", "age"}
RELATIVES = {"who", "which", "that", "whose"}
NOT_APPOSITIVE = {
    "who",
    "which",
    "that",
    "said",
    "says",
    "and",
    "but",
    "or",
    "when",
    "while",
    "as",
    "then",
    "is",
    "was",
    "has",
    "had",
}
PLACE_LEADS = {
    "by",
    "of",
    "with",
    "at",
    "in",
    "on",
    "to",
    "from",
    "near",
    "through",
    "into",
    "outside",
    "around",
    "across",
    "past",
    "toward",
    "towards",
    "the",
    "a",
    "an",
}
FUNCTION_WORDS = {
    "a",
    "about",
    "according",
    "activists",
    "after",
    "also",
    "among",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "during",
    "every",
    "for",
    "from",
    "he",
    "her",
    "his",
    "how",
    "i",
    "if",
    "in",
    "it",
    "like",
    "many",
    "most",
    "now",
    "of",
    "officials",
    "on",
    "one",
    "organizers",
    "our",
    "participants",
    "several",
    "she",
    "since",
    "so",
    "some",
    "still",
    "that",
    "the",
    "then",
    "these",
    "they",
    "this",
    "those",
    "three",
    "to",
    "two",
    "we",
    "what",
    "when",
    "while",
    "who",
    "why",
    "with",
    "yet",
}
ABBREVIATIONS = {
    "Rev",
    "Sen",
    "Dr",
    "Gov",
    "Rep",
    "Mr",
    "Mrs",
    "Ms",
    "St",
    "Lt",
    "Sgt",
    "Capt",
    "Gen",
    "Jr",
    "Sr",
    "Mt",
    "Ft",
    "Col",
    "Cmdr",
    "Supt",
    "Det",
    "Atty",
    "Prof",
    "Ave",
    "Blvd",
    "Inc",
    "Corp",
    "Co",
    "No",
    "Vol",
    "approx",
    "Jan",
    "Feb",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
}
PLACE_WORDS = {
    "avenue",
    "beach",
    "boulevard",
    "center",
    "centre",
    "church",
    "city",
    "college",
    "county",
    "drive",
    "facebook",
    "hall",
    "instagram",
    "market",
    "news",
    "park",
    "plaza",
    "river",
    "road",
    "school",
    "station",
    "street",
    "tiktok",
    "times",
    "trail",
    "twitter",
    "university",
    "valley",
}
SURNAMES: set[str] = {"park"}
MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
DOUBLE_MARKS = (("“", "”"), ('"', '"'))
SINGLE_MARKS = (("‘", "’"), ("'", "'"))
DIALOGUE_DASHES: set[str] = set()
# After an apostrophe these are elisions, not quotations: the '90s, rock 'n' roll, 'em.
ELISIONS = (r"\d\ds\b", r"em\b", r"n\b")
