"""SQL functions for the archive's canned queries: fold_name() and fts_words().

Self-contained (Datasette and the standard library only) so that `datasette publish
--plugins-dir` can ship it with a published copy of the archive.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from datasette import hookimpl


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


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fold_name", 1, fold_name, deterministic=True)
    conn.create_function("fts_words", 1, fts_words, deterministic=True)
