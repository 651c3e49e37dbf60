"""Other names an article gives an organization: "Full Name (ACRONYM)", "Full Name, known as
ACRONYM", in English and Spanish, so that its quotes under either name are one speaker's."""

from __future__ import annotations

import re

from extract.lexicons import ALL
from extract.names import ACRONYM
from extract.speech import alternation

# Lower-case words that may sit inside an organization's name ("Coalition for Humane ...",
# "Ministerio de Ciencia e Innovación", "Committee on ...").
_JOINERS = rf"(?:{alternation(ALL.name_particles | ALL.org_connectors | ALL.prepositions)})"
_CAPITALIZED = r"[A-Z\u00c0-\u00de][\w’'.&-]*"
_FULL = rf"(?P<full>{_CAPITALIZED}(?:\s+(?:{_JOINERS}\s+)*{_CAPITALIZED})+)"
_ACRONYM = rf"(?P<acronym>{ACRONYM})"
_KNOWN_AS = rf"(?:{alternation(ALL.alias_intros | ALL.alias_alternatives)})"
ALIAS_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_FULL}\s*\(\s*{_ACRONYM}\s*\)"),
    re.compile(rf"{_FULL},\s+{_KNOWN_AS}\s+{_ACRONYM}\b"),
)
_LEADING_ARTICLE = re.compile(rf"^(?:{alternation(ALL.definites)})\s+", re.IGNORECASE)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if not re.fullmatch(_JOINERS, w)).upper()


def _trim_to_acronym(full: str, acronym: str) -> str:
    """Return the end of a capitalized run that the acronym stands for ("Agents of Immigration
    and Customs Enforcement (ICE)" gives "Immigration and Customs Enforcement"), else it all."""
    words = full.split()
    letters = acronym.replace(".", "")
    for start in range(len(words) - 1):
        if re.fullmatch(_JOINERS, words[start]):
            continue
        initials = _initials(words[start:])
        if len(initials) >= 2 and letters.startswith(initials):
            return " ".join(words[start:])
    return full


def extract_aliases(text: str) -> tuple[tuple[str, str], ...]:
    """Return the (acronym, full name) pairs a text defines, in order, each once."""
    found: list[tuple[str, str]] = []
    for pattern in ALIAS_PATTERNS:
        for match in pattern.finditer(text):
            full = _trim_to_acronym(
                _LEADING_ARTICLE.sub("", match["full"]).strip(), match["acronym"]
            )
            pair = (match["acronym"].rstrip("."), full)
            if len(full.split()) >= 2 and pair not in found:
                found.append(pair)
    return tuple(found)
