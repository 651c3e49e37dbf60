"""SQL functions for the archive: fold_name(), fts_words(), fts_in() and whole_words() for the
canned queries, and a search escape that never sends FTS5 an empty query.

Self-contained (Datasette and the standard library only) so that `datasette publish
--plugins-dir` can ship it with a published copy of the archive.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from datasette import hookimpl
from datasette.utils import escape_fts as datasette_escape_fts


def fold_name(value: str | None) -> str | None:
    """Return a name without case, accents or punctuation: "Gutiérrez" finds "GUTIERREZ"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def fts_words(value: str | None) -> str | None:
    """Return an FTS5 query matching every word of user text, whatever operators it holds.

    Each word becomes a quoted string, so quotes, parentheses, AND/OR/NOT and * are searched
    as text, never parsed. None when the text holds no word.
    """
    words = re.findall(r"\w+", str(value or ""))
    return " ".join(f'"{word}"' for word in words) or None


def fts_in(column: str, value: str | None, prefix: int = 0) -> str | None:
    """Return an FTS5 query matching every word of user text within one column (as prefixes
    when asked: "Alman" finds "Almanza"); None when the text holds no word."""
    words = re.findall(r"\w+", str(value or ""))
    star = "*" if prefix else ""
    return " ".join(f'{column} : "{word}"{star}' for word in words) or None


def whole_words(value: str | None, words: int) -> str | None:
    """Return the first words of a text, cut between words and marked when cut."""
    if value is None:
        return None
    kept = str(value).split()
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def escape_fts(query: str) -> str:
    """Return Datasette's escaped search, or an empty phrase (no rows) where it would give an
    empty query: a search box holding only quote marks is a 400 error in Datasette 0.65."""
    return datasette_escape_fts(query) or '""'


# Last, so that this escape_fts replaces the one Datasette registers for every table's search.
@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fold_name", 1, fold_name, deterministic=True)
    conn.create_function("fts_words", 1, fts_words, deterministic=True)
    conn.create_function("fts_in", 3, fts_in, deterministic=True)
    conn.create_function("whole_words", 2, whole_words, deterministic=True)
    conn.create_function("escape_fts", 1, escape_fts)
