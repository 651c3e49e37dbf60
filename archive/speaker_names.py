"""The keys under which one speaker's names match across articles.

Two spellings of a person match when they fold to the same letters (case, accents and
punctuation aside) or do so once middle initials and suffixes are dropped ("Patrick W.
Carlineo Jr." and "Patrick Carlineo"); an organization matches its acronym and the aliases
articles or the sources file's roster teach ("CHIRLA", "Coalition for Humane Immigrant Rights").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from extract.lexicons import ALL


@dataclass(frozen=True)
class RosterSpeaker:
    """A speaker the sources file names: what no article text can tell."""

    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    organization: str = ""


def fold_name(name: str) -> str:
    """Return a name's letters and digits without case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def match_keys(name: str) -> list[str]:
    """Return the keys a name matches under, its plain folded form first."""
    folded = fold_name(name)
    if not folded:
        return []
    keys = [folded]
    words = folded.split()
    core = [w for w in words if len(w) > 1 and w not in _SUFFIXES]
    if len(core) >= 2 and core != words:
        keys.append(" ".join(core))
    return keys


_SUFFIXES = {fold_name(s) for s in ALL.name_suffixes}
