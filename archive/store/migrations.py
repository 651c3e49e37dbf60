"""The schema's versions: the steps that bring an archive written by an older runarchive up
to this one's rows and counts."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from archive.store.filing import save_coverage
from archive.store.schema import COUNTED_COLUMNS, TRIGGER_KINDS, facet_count_triggers
from extract.coverage import MENTION, measure_coverage

# The schema's version, kept in PRAGMA user_version. 0: an archive from before versions were
# kept. Each step brings an older archive's rows up to date once ensure_schema has added the
# tables and columns it lacked (tests/fixtures/archive-v0.sql is such an archive).
SCHEMA_VERSION = 4
# A step is SQL, or a function for what SQL cannot decide (reading an article's text).
Migration = str | Callable[[sqlite_utils.Database], None]


def _facet_count_sql(table: str) -> list[str]:
    """Return the statements that count every counted column's values of a table afresh."""
    return [
        "insert into facet_counts (table_name, column_name, value, [count]) "
        f"select '{table}', '{column}', [{column}], count(*) from [{table}] "
        f"where [{column}] is not null group by [{column}]"
        for column in COUNTED_COLUMNS[table]
    ]


def _decide_stored_coverage(db: sqlite_utils.Database) -> None:
    """Tell the stored mentions from the stories (every row reads "story" until then) by their
    stored title, summary and text, and take the mentions out of their runs."""
    rows = db.execute("select id, title, description, text from articles")
    # Texts are read one at a time (an archive's texts may not fit in memory), mentions
    # written once all are read.
    mentions = [
        key
        for key, title, description, text in rows
        if measure_coverage(title or "", text or "", description).kind == MENTION
    ]
    for key in mentions:
        save_coverage(db, key, MENTION)


MIGRATIONS: dict[int, list[Migration]] = {
    1: [
        "update articles set published_month = substr(published, 1, 7) "
        "where published_month is null and published is not null",
        "update quotes set published = (select published from articles a "
        "where a.id = quotes.article_id) where published is null",
        "update quotes set published_month = substr(published, 1, 7) "
        "where published_month is null and published is not null",
        "update quotes set outlet = (select outlet from articles a "
        "where a.id = quotes.article_id) where outlet is null",
    ],
    2: [
        "update speakers set article_count = "
        "(select count(distinct article_id) from quotes q where q.speaker_id = speakers.id)",
    ],
    # facet_counts, counted once from the rows the archive holds; triggers keep it after.
    3: [
        "delete from facet_counts",
        *(s for t in COUNTED_COLUMNS for s in _facet_count_sql(t)),
    ],
    # articles.coverage and mentions_event_id; the articles' count triggers count coverage too.
    4: [
        *(f"drop trigger if exists [articles_facet_counts_{each}]" for each in TRIGGER_KINDS),
        _decide_stored_coverage,
        "delete from facet_counts",
        *(s for t in COUNTED_COLUMNS for s in _facet_count_sql(t)),
    ],
}


class NewerSchemaError(ValueError):
    """The archive was written by a newer runarchive than this one."""


def migrate_schema(db: sqlite_utils.Database) -> int:
    """Bring an archive written by an older version up to this schema; return the old version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"the archive has schema version {version}, newer than this runarchive's "
            f"{SCHEMA_VERSION}: upgrade runarchive"
        )
    if version == SCHEMA_VERSION:
        return version
    with db.conn:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for migration in MIGRATIONS.get(step, []):
                if isinstance(migration, str):
                    db.execute(migration)
                else:
                    migration(db)
        # Triggers a step dropped to change what they count are made again as they are now.
        for table in COUNTED_COLUMNS:
            for sql in facet_count_triggers(table):
                db.execute(sql)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return version
