"""The archive's schema as data: tables, indexes, full-text indexes and the facet-count
triggers, and the idempotent step that makes an archive match it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

import sqlite_utils
from sqlite_utils.db import COLUMN_TYPE_MAPPING

from extract.coverage import STORY

# Tables in creation order (referenced tables first), each: columns, primary key, foreign keys.
TABLES: dict[str, dict[str, Any]] = {
    "outlets": {
        "columns": {"domain": str, "name": str},
        "pk": "domain",
    },
    "events": {
        "columns": {"id": int, "name": str, "date": str, "place": str, "terms": str},
        "pk": "id",
        "not_null": {"name"},
    },
    "articles": {
        "columns": {
            "id": str,
            "url": str,
            "outlet": str,
            "title": str,
            "authors": str,
            "site_name": str,
            "description": str,
            "published": str,
            "published_source": str,
            "published_confidence": float,
            "modified": str,
            "language": str,
            "text": str,
            "word_count": int,
            "topic_score": float,
            "topic_terms": str,
            "quote_count": int,
            "event_id": int,
            "published_month": str,
            "story_id": str,
            "event_method": str,
            "credit": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "updated_at": str,
            "access": str,  # "paywalled" when the outlet's page is not free to read
            # "story", or "mention" for a page naming a run in passing: a mention is not filed
            # under the run (event_id stays empty), it keeps the run in mentions_event_id.
            "coverage": str,
            "mentions_event_id": int,
        },
        "pk": "id",
        "foreign_keys": [
            ("outlet", "outlets", "domain"),
            ("event_id", "events", "id"),
            ("mentions_event_id", "events", "id"),
        ],
        "not_null": {"url", "outlet", "text", "coverage"},
        # What an archive's rows from before coverage was decided read as until it is.
        "defaults": {"coverage": STORY},
    },
    "captures": {
        "columns": {
            "id": int,
            "url": str,
            "final_url": str,
            "status": int,
            "content_type": str,
            "headers": str,
            "fetched_at": str,
            "last_fetched_at": str,
            "fetch_count": int,
            "body": bytes,
            "body_size": int,
            "body_sha256": str,
            "error": str,
            "outcome": str,
            "reason": str,
            "article_id": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "not_null": {"url", "fetched_at", "outcome"},
    },
    "speakers": {
        "columns": {
            "id": int,
            "name": str,
            "name_key": str,
            "description": str,
            "quote_count": int,
            "article_count": int,
        },
        "pk": "id",
        "not_null": {"name", "name_key"},
    },
    "quotes": {
        "columns": {
            "id": int,
            "article_id": str,
            "speaker_id": int,
            "text": str,
            "speaker_description": str,
            "verb": str,
            "paragraph": int,
            "language": str,
            "published": str,
            "published_month": str,
            "outlet": str,
            "event_id": int,
            "speaker_name": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("outlet", "outlets", "domain"),
            ("event_id", "events", "id"),
        ],
        "not_null": {"article_id", "text"},
    },
    "article_versions": {
        "columns": {
            "id": int,
            "article_id": str,
            "title": str,
            "text": str,
            "published": str,
            "published_source": str,
            "modified": str,
            "word_count": int,
            "quote_count": int,
            "seen_from": str,
            "replaced_at": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "not_null": {"article_id", "replaced_at"},
    },
    "discoveries": {
        "columns": {
            "id": int,
            "url": str,
            "route": str,
            "source": str,
            "title": str,
            "outlet": str,
            "published": str,
            "is_resolved": int,
            "article_id": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "search_window": str,  # the run whose date window the route searched, or "new"
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "not_null": {"url", "route", "first_seen_at"},
    },
    "corrections": {
        "columns": {
            "id": int,
            "kind": str,
            "article_id": str,
            "quote_text": str,
            "subject": str,
            "value": str,
            "reason": str,
            "made_at": str,
        },
        "pk": "id",
        "not_null": {"kind", "made_at"},
    },
    "story_signatures": {
        "columns": {"article_id": str, "text_sha256": str, "signature": bytes},
        "pk": "article_id",
        "foreign_keys": [("article_id", "articles", "id")],
        "not_null": {"text_sha256", "signature"},
    },
    "crawls": {
        "columns": {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "sources": str,
            "summary": str,
        },
        "pk": "id",
        "not_null": {"started_at", "status"},
    },
    # Every other name a speaker is known by (an acronym, a spelling without a middle initial, a
    # roster alias).
    "speaker_aliases": {
        "columns": {"name_key": str, "speaker_id": int, "name": str},
        "pk": "name_key",
        "foreign_keys": [("speaker_id", "speakers", "id")],
        "not_null": {"speaker_id"},
    },
    # How many rows hold each value of the columns the published pages facet by, kept exact by
    # triggers on every write of those tables, whatever makes it (save, re-extraction, correction,
    # merge), so that a page of a whole table shows its facets without counting a million quotes.
    "facet_counts": {
        # value is BLOB, which has no affinity: each value is kept as its column holds it.
        "columns": {"table_name": str, "column_name": str, "value": bytes, "count": int},
        "pk": ("table_name", "column_name", "value"),
        "not_null": {"count"},
    },
}


# The writes each counted table has a trigger for: [<table>_facet_counts_<kind>].
TRIGGER_KINDS = ("insert", "delete", "update")
# The columns the published pages facet by, counted in facet_counts.
COUNTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("outlet", "language", "event_id", "published_month", "coverage"),
    "quotes": ("outlet", "language", "speaker_id", "event_id", "published_month"),
}


INDEXES: dict[str, list[list[str]]] = {
    "events": [["name"], ["date"]],
    "articles": [
        *(["url"], ["outlet"], ["published"], ["event_id"], ["story_id"]),
        # Published pages at 100,000 articles (bench/queries.py): the language and month facets,
        # a month or outlet filter in date order, and the timeline and per-outlet queries read
        # these instead of every row and its text.
        *(["language", "published"], ["published_month", "published"]),
        *(["published_month", "outlet"], ["outlet", "published", "quote_count", "id"]),
        ["published", "outlet"],
        # The per-run queries: each run's articles in day order, and its outlets and stories
        # counted from the index alone.
        ["event_id", "published", "outlet"],
        ["event_id", "outlet", "story_id", "published", "id"],
        # Mentions, kept apart: each run's counted, each outlet's taken from its articles.
        ["mentions_event_id"],
        ["coverage", "outlet", "quote_count"],
    ],
    "captures": [["url"], ["article_id"], ["body_sha256"]],
    "speakers": [["name_key"], ["quote_count"]],
    "quotes": [
        *(["article_id"], ["speaker_id"], ["published"], ["outlet"], ["event_id"]),
        # At a million quotes: language and month filters in date order, and the most-quoted
        # speakers counted from the index alone.
        *(["language", "published"], ["published_month", "published"]),
        ["speaker_id", "published", "article_id"],
        # quotes_per_run: each run's quotes in day and speaker order, read no further than shown.
        ["event_id", "published", "speaker_name"],
        # most_quoted_speakers: the articles quoting a speaker counted in order, without sorting.
        ["speaker_id", "article_id"],
        # A page filtered by language (a third or more of all quotes) counts its facets from
        # this without reading the quotes: 0.2-1.3 s to 30-140 ms a facet at a million quotes.
        ["language", "outlet", "speaker_id", "event_id", "published_month"],
    ],
    "article_versions": [["article_id"]],
    "discoveries": [["url", "route", "source"], ["article_id"]],
    "speaker_aliases": [["speaker_id"]],
    "corrections": [["article_id"], ["kind"]],
}


# Indexes on expressions, for orders the canned queries sort by: name -> (table, expressions).
EXPRESSION_INDEXES: dict[str, tuple[str, str]] = {
    # newest_coverage (and its Atom feed): newest first, undated stories by first sight.
    "idx_articles_newest": ("articles", "coalesce(published, substr(first_seen_at, 1, 10)), title"),
    # coverage_timeline: articles per week (weeks start on Monday) and outlet, counted in order.
    "idx_articles_week": ("articles", "date(published, '-6 days', 'weekday 1') desc, outlet"),
    # find_quotes, quotes_between_dates: newest first, then by speaker, read only as far as shown.
    "idx_quotes_newest": ("quotes", "published desc, speaker_name"),
}


UNIQUE_INDEXES = {
    ("articles", "url"),
    ("speakers", "name_key"),
    ("events", "name"),
    ("discoveries", "url"),
}


# A person's quotes are found by their name and role as well as by their words.
FTS: dict[str, list[str]] = {
    "articles": ["title", "text"],
    "quotes": ["text", "speaker_name", "speaker_description"],
}


def now_iso() -> str:
    """Return the current UTC time as ISO-8601 text, to the second: how every *_at column
    holds a time."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes and full-text indexes; leave existing data alone."""
    for name, spec in TABLES.items():
        table = db.table(name)
        if not table.exists():
            table.create(
                spec["columns"],
                pk=spec["pk"],
                foreign_keys=spec.get("foreign_keys"),
                not_null=spec.get("not_null"),
                defaults=spec.get("defaults"),
            )
            continue
        for column, column_type in spec["columns"].items():
            if column not in table.columns_dict:
                _add_column(db, name, column, column_type)
                if (name, column) == ("quotes", "speaker_name"):
                    db.execute(
                        "update quotes set speaker_name = "
                        "(select name from speakers where id = quotes.speaker_id)"
                    )
    for name, index_columns in INDEXES.items():
        for columns in index_columns:
            unique = (name, columns[0]) in UNIQUE_INDEXES
            db.table(name).create_index(columns, unique=unique, if_not_exists=True)
    for index, (indexed, expressions) in EXPRESSION_INDEXES.items():
        db.execute(f"create index if not exists [{index}] on [{indexed}] ({expressions})")
    for name, columns in FTS.items():
        searched = db.table(name)
        fts = searched.detect_fts()
        if not fts or db.table(fts).columns_dict.keys() != set(columns):
            searched.enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
    for counted in COUNTED_COLUMNS:
        for sql in facet_count_triggers(counted):
            db.execute(sql)


def _add_column(db: sqlite_utils.Database, table: str, column: str, column_type: type) -> None:
    """Add a column an older archive lacks, with its foreign key and default if it has one
    (SQLite adds a reference in place; sqlite-utils would copy the whole table to add it)."""
    spec = TABLES[table]
    default = spec.get("defaults", {}).get(column)
    references = [(t, c) for col, t, c in spec.get("foreign_keys", []) if col == column]
    if references:
        other, other_column = references[0]
        db.execute(
            f"alter table [{table}] add column [{column}] {COLUMN_TYPE_MAPPING[column_type]} "
            f"references [{other}]([{other_column}])"
        )
        return
    db.table(table).add_column(column, column_type, not_null_default=default)


def facet_count_triggers(table: str) -> list[str]:
    """Return the triggers that keep a table's facet_counts rows exact through every insert,
    delete and update of a counted column (a merge of speakers, a correction of a run)."""
    counted = "table_name = '{t}' and column_name = '{c}' and value = +old.[{c}]"
    add = (
        "insert into facet_counts (table_name, column_name, value, [count]) "
        "select '{t}', '{c}', new.[{c}], 1 where new.[{c}] is not null{when} "
        "on conflict do update set [count] = [count] + 1;"
    )
    remove = (
        f"update facet_counts set [count] = [count] - 1 where {counted}{{when}}; "
        f"delete from facet_counts where {counted} and [count] <= 0{{when}};"
    )
    columns = COUNTED_COLUMNS[table]
    changed = " and old.[{c}] is not new.[{c}]"

    def each(template: str, when: str = "") -> str:
        return " ".join(template.format(t=table, c=c, when=when.format(c=c)) for c in columns)

    of = ", ".join(f"[{c}]" for c in columns)
    return [
        f"create trigger if not exists [{table}_facet_counts_insert] after insert on [{table}] "
        f"begin {each(add)} end",
        f"create trigger if not exists [{table}_facet_counts_delete] after delete on [{table}] "
        f"begin {each(remove)} end",
        f"create trigger if not exists [{table}_facet_counts_update] after update of {of} "
        f"on [{table}] begin {each(remove, changed)} {each(add, changed)} end",
    ]


def insert_row(db: sqlite_utils.Database, table: str, record: dict[str, Any]) -> int:
    """Insert a row into a table keyed by an integer id; return the id it was given."""
    return cast(int, db.table(table).insert(record).last_pk)


def count_rows(db: sqlite_utils.Database, tables: Iterable[str] = TABLES) -> dict[str, int]:
    """Return the number of rows in each archive table (or in these only)."""
    return {name: db.table(name).count for name in tables}
