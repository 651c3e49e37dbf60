"""Who a speaker is across articles: the keys one person's or organization's names match under.

Two spellings of a person match when they fold to the same letters (case, accents and
punctuation aside) or do so once middle initials and suffixes are dropped ("Patrick W.
Carlineo Jr." and "Patrick Carlineo"); an organization matches its acronym ("CHIRLA",
"Coalition for Humane Immigrant Rights") and the aliases articles or the sources file teach.
The store keeps these keys; the rules that decide them live here, words in the lexicons.
"""

from __future__ import annotations

import re
import unicodedata

from extract.lexicons import ALL

# An acronym as articles write one: two to eight capitals, with or without periods ("ICE",
# "U.S.C.I.S."). The one pattern for every rule that tells an acronym from a name.
ACRONYM = r"[A-Z](?:\.?[A-Z]){1,7}\.?"
_ACRONYM = re.compile(ACRONYM)


def fold_name(name: str) -> str:
    """Return a name's letters and digits without case, accents or punctuation.

    The SQL function of the same name (archive/datasette_plugins/runarchive_sql.py) is a copy
    that must agree with this one: the published queries find speakers by it.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


_SUFFIXES = {fold_name(s) for s in ALL.name_suffixes}


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


def is_acronym(text: str) -> bool:
    """Tell whether a whole text is an acronym ("ICE", "U.S.")."""
    return _ACRONYM.fullmatch(text) is not None


def name_initials(name: str) -> str:
    """Return the initials of a name's main words, in capitals."""
    words = [w for w in name.split() if w.casefold() not in ALL.initials_skip and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper()


def acronym_matches(acronym: str, name: str) -> bool:
    """Tell whether an acronym stands for a name: its initials, or those followed by more
    letters for trailing words an article left out ("CHIRLA" for "Coalition for Humane
    Immigrant Rights")."""
    if not is_acronym(acronym) or is_acronym(name):
        return False
    letters = acronym.replace(".", "")
    initials = name_initials(name)
    return len(initials) >= 3 and letters.startswith(initials)
