"""A public copy holds no word of an article past its excerpt: not in a table, an index or a
free page of the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils

from archive.publish import publish

EXCERPT_WORDS = 20
# Porter stems keep a word's first letters; a 6-letter prefix of a long word finds its stem too.
PREFIX = 6


def kept_text(public: sqlite_utils.Database) -> str:
    """Return the schema and every text value of the public copy's own tables (not its
    full-text indexes)."""
    values = []
    for table in public.tables:
        if "_fts" in table.name:
            continue
        for row in table.rows:
            values += [str(v) for v in row.values() if isinstance(v, str)]
    return "\n".join([public.schema, *values]).lower()


def words_past_the_excerpt(archive: sqlite_utils.Database, kept: str) -> set[str]:
    """Return the prefixes of long words that occur only past some article's excerpt."""
    found = set()
    for row in archive.query("select text from articles"):
        for word in re.findall(
            r"[a-záéíóúñ]{8,}", " ".join(row["text"].split()[EXCERPT_WORDS:]).lower()
        ):
            if word[:PREFIX] not in kept:
                found.add(word[:PREFIX])
    return found


@pytest.fixture(scope="module")
def published(crawled, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "public.db"
    publish(crawled.path, out, EXCERPT_WORDS)
    return out


def test_no_word_past_the_excerpt_is_in_the_file(crawled, published):
    kept = kept_text(sqlite_utils.Database(published))
    hidden = words_past_the_excerpt(crawled.db(), kept)
    assert len(hidden) > 20, "the fixture articles should have words only past the excerpt"
    data = published.read_bytes().lower()
    assert sorted(w for w in hidden if w.encode() in data) == []


def test_full_text_search_finds_only_excerpts(crawled, published):
    public = sqlite_utils.Database(published)
    kept = kept_text(public)
    hidden = sorted(words_past_the_excerpt(crawled.db(), kept))
    for prefix in hidden[:20]:
        rows = list(
            public.query(
                "select rowid from articles_fts where articles_fts match ?", [f"{prefix}*"]
            )
        )
        assert rows == [], prefix


def test_a_failed_publish_leaves_no_file(tmp_path):
    source = tmp_path / "notes.db"
    source.write_text("not a database", encoding="utf-8")
    out = tmp_path / "public.db"
    with pytest.raises(Exception, match="not a database"):
        publish(source, out)
    assert list(tmp_path.iterdir()) == [source]
