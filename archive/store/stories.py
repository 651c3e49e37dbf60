"""Stories: copies of one story across outlets share the id of the earliest copy; the texts
grouped, the MinHash signatures kept, the story ids written."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sqlite_utils


def iter_article_texts(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Yield every article's id, text and when it appeared, earliest first."""
    yield from db.query(
        "select id, title, text, published, first_seen_at from articles "
        "order by coalesce(published, substr(first_seen_at, 1, 10)), first_seen_at, id"
    )


def get_story_signatures(db: sqlite_utils.Database) -> dict[str, tuple[str, bytes]]:
    """Return each article's stored MinHash signature with the hash of the text it was made of."""
    return {
        row[0]: (row[1], row[2])
        for row in db.execute("select article_id, text_sha256, signature from story_signatures")
    }


def save_story_signature(
    db: sqlite_utils.Database, article: str, text_sha256: str, signature: bytes
) -> None:
    """Keep an article's MinHash signature, computed again only when its text changes."""
    db.execute(
        "insert or replace into story_signatures (article_id, text_sha256, signature) "
        "values (?, ?, ?)",
        [article, text_sha256, signature],
    )


def has_ungrouped_articles(db: sqlite_utils.Database) -> bool:
    """Tell whether some article has no story yet (stored before stories were grouped)."""
    return bool(
        db.execute("select exists (select 1 from articles where story_id is null)").fetchone()[0]
    )


def save_story_ids(db: sqlite_utils.Database, story_of: Mapping[str, str]) -> int:
    """Write each article's story id; return how many changed."""
    changed = 0
    for article, story in story_of.items():
        cursor = db.execute(
            "update articles set story_id = ? where id = ? and story_id is not ?",
            [story, article, story],
        )
        changed += cursor.rowcount
    return changed
