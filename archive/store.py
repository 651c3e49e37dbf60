"""The archive database: the only module that names tables or columns or writes SQL."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import sqlite_utils
from sqlite_utils.db import COLUMN_TYPE_MAPPING, Table

from archive.outcomes import SETTLED
from archive.speaker_names import RosterSpeaker, fold_name, match_keys
from extract import Article, article_id
from extract.coverage import MENTION, STORY, measure_coverage
from extract.events import Event

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
}
TABLES |= {
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
}
# Every other name a speaker is known by (an acronym, a spelling without a middle initial, a
# roster alias).
TABLES |= {
    "speaker_aliases": {
        "columns": {"name_key": str, "speaker_id": int, "name": str},
        "pk": "name_key",
        "foreign_keys": [("speaker_id", "speakers", "id")],
        "not_null": {"speaker_id"},
    },
}
# How many rows hold each value of the columns the published pages facet by, kept exact by
# triggers on every write of those tables, whatever makes it (save, re-extraction, correction,
# merge), so that a page of a whole table shows its facets without counting a million quotes.
TABLES |= {
    "facet_counts": {
        # value is BLOB, which has no affinity: each value is kept as its column holds it.
        "columns": {"table_name": str, "column_name": str, "value": bytes, "count": int},
        "pk": ("table_name", "column_name", "value"),
        "not_null": {"count"},
    },
}
# The writes each counted table has a trigger for: [<table>_facet_counts_<kind>].
TRIGGER_KINDS = ("insert", "delete", "update")
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
# gzip level for capture bodies: level 4 compresses a news page three times faster than the
# default 9 for 5% more bytes (bench/speed.py's store stage; pages of 150 KB, 8 vs 24 ms).
CAPTURE_GZIP_LEVEL = 4


def now_iso() -> str:
    """Return the current UTC time as ISO-8601 text, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class OneTransactionConnection(sqlite3.Connection):
    """A connection whose `with` block is one transaction: it begins at once, inner blocks
    nest, only the outermost commits or rolls back.

    sqlite-utils commits each insert and update of its own unless a transaction is open
    (4.x) or wraps them in `with conn:` (3.x); either way a page's article would otherwise
    be kept without its capture when a later write of the same page fails, a full disk say.
    """

    depth = 0

    def __enter__(self) -> OneTransactionConnection:
        if self.depth == 0 and not self.in_transaction:
            # IMMEDIATE: take the write lock now, waiting for it; a deferred transaction that
            # reads first would fail at once ("database is locked") if another wrote meanwhile
            self.execute("BEGIN IMMEDIATE")
        self.depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> bool:
        self.depth -= 1
        if self.depth == 0:
            return bool(super().__exit__(*exc_info))
        return False


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Return the database at path with foreign keys enforced and the schema in place."""
    # Readers and a writer share the file (WAL); a lock held a while (schema creation racing,
    # a batch of writes) is waited for, not failed on.
    conn = sqlite3.connect(str(path), factory=OneTransactionConnection, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    db = sqlite_utils.Database(conn)
    _ensure_schema_racing(db)
    return db


SCHEMA_RACE_TRIES = 50
# What a process sees of another one's schema creation half done: a table it is creating, the
# lock it holds, a full-text table whose parts are not all there yet.
RACE_SIGNS = ("already exists", "locked", "vtable constructor failed")


def _ensure_schema_racing(db: sqlite_utils.Database) -> None:
    """Ensure the schema even while another process creates it: its statements are not one
    transaction (full-text setup commits), so a loser of the race sees one of RACE_SIGNS and
    looks again until the winner is done."""
    for attempt in range(SCHEMA_RACE_TRIES):
        try:
            ensure_schema(db)
            migrate_schema(db)
            return
        except sqlite3.OperationalError as exc:
            if not any(sign in str(exc) for sign in RACE_SIGNS):
                raise
            if attempt == SCHEMA_RACE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


# The schema's version, kept in PRAGMA user_version. 0: an archive from before versions were
# kept. Each step brings an older archive's rows up to date once ensure_schema has added the
# tables and columns it lacked (tests/fixtures/archive-v0.sql is such an archive).
SCHEMA_VERSION = 4
# A step is SQL, or a function for what SQL cannot decide (reading an article's text).
Migration = str | Callable[[sqlite_utils.Database], None]
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
}


def _facet_count_sql(table: str) -> list[str]:
    """Return the statements that count every counted column's values of a table afresh."""
    return [
        "insert into facet_counts (table_name, column_name, value, [count]) "
        f"select '{table}', '{column}', [{column}], count(*) from [{table}] "
        f"where [{column}] is not null group by [{column}]"
        for column in COUNTED_COLUMNS[table]
    ]


# 3: facet_counts, counted once from the rows the archive holds; triggers keep it after.
MIGRATIONS[3] = [
    "delete from facet_counts",
    *(s for t in COUNTED_COLUMNS for s in _facet_count_sql(t)),
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


# 4: articles.coverage and mentions_event_id; the articles' count triggers count coverage too.
MIGRATIONS[4] = [
    *(f"drop trigger if exists [articles_facet_counts_{each}]" for each in TRIGGER_KINDS),
    _decide_stored_coverage,
    "delete from facet_counts",
    *(s for t in COUNTED_COLUMNS for s in _facet_count_sql(t)),
]


def check_writable(db: sqlite_utils.Database) -> None:
    """Fail now, not mid-crawl, when the archive cannot be written (read-only file or folder)."""
    with db.conn:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


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
            for sql in _facet_count_triggers(table):
                db.execute(sql)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return version


def _read_only_value(path: str | Path, sql: str) -> Any:
    """Return the one value a query gives on an archive opened read-only."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def is_live_archive(path: str | Path) -> bool:
    """Tell a live archive (it keeps captures) from a published copy, reading only."""
    return bool(
        _read_only_value(
            path, "select count(*) from sqlite_master where type = 'table' and name = 'captures'"
        )
    )


def schema_version(path: str | Path) -> int:
    """Return the schema version an archive was last written with, reading only."""
    return _read_only_value(path, "PRAGMA user_version")


def upgrade_live_archive(path: str | Path) -> None:
    """Bring a live archive written by an older runarchive up to this schema (the tables and
    counts today's pages and queries read), as every writing command does when it opens one; a
    published copy is left as it was made."""
    if is_live_archive(path) and schema_version(path) < SCHEMA_VERSION:
        open_db(path).conn.close()


def transaction(db: sqlite_utils.Database) -> AbstractContextManager[Any]:
    """Return a context in which every write is one transaction, committed at its end.

    The connection (OneTransactionConnection) begins IMMEDIATE and nests; sqlite-utils writes
    inside it become savepoints, so many pages cost one commit.
    """
    return cast(AbstractContextManager[Any], db.conn)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes and full-text indexes; leave existing data alone."""
    for name, spec in TABLES.items():
        table = db[name]
        assert isinstance(table, Table)
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
            db[name].create_index(columns, unique=unique, if_not_exists=True)
    for index, (table, expressions) in EXPRESSION_INDEXES.items():
        db.execute(f"create index if not exists [{index}] on [{table}] ({expressions})")
    for name, columns in FTS.items():
        fts = db[name].detect_fts()
        if not fts or db[fts].columns_dict.keys() != set(columns):
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
    for table in COUNTED_COLUMNS:
        for sql in _facet_count_triggers(table):
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
    added = db[table]
    assert isinstance(added, Table)
    added.add_column(column, column_type, not_null_default=default)


def _facet_count_triggers(table: str) -> list[str]:
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


def update_statistics(db: sqlite_utils.Database) -> None:
    """Refresh the table statistics SQLite's planner chooses indexes and join orders by.

    Without them a query joining quotes to speakers may scan a million quotes to filter
    twenty thousand speakers; a sample of each index is enough and takes little time.
    """
    db.execute("PRAGMA analysis_limit = 1000")
    db.execute("ANALYZE")


def save_outlet(db: sqlite_utils.Database, domain: str, name: str | None = None) -> None:
    """Record an outlet, keeping a name already known unless a new one is given."""
    existing = db.execute("select name from outlets where domain = ?", [domain]).fetchone()
    if existing is None:
        db["outlets"].insert({"domain": domain, "name": name or domain})
    elif name and existing[0] != name:
        db["outlets"].update(domain, {"name": name})


@dataclass(frozen=True)
class Fetch:
    """The facts of one HTTP fetch (or its failure) to record in captures."""

    url: str
    final_url: str | None
    status: int | None
    headers: Mapping[str, str]
    body: bytes
    fetched_at: str
    error: str | None = None

    @property
    def content_type(self) -> str | None:
        """The response's media type without parameters."""
        value = {k.lower(): v for k, v in self.headers.items()}.get("content-type")
        return value.split(";")[0].strip().lower() if value else None


def save_capture(
    db: sqlite_utils.Database,
    fetch: Fetch,
    outcome: str,
    reason: str | None = None,
    article: str | None = None,
) -> tuple[int, bool]:
    """Record a fetch; a repeat of the latest identical one is counted, not stored again.

    Returns the capture id and whether a new row was written.
    """
    sha = hashlib.sha256(fetch.body).hexdigest() if fetch.body else None
    last = db.execute(
        "select id, status, body_sha256, error from captures where url = ? "
        "order by id desc limit 1",
        [fetch.url],
    ).fetchone()
    if last is not None and (last[1], last[2], last[3]) == (fetch.status, sha, fetch.error):
        db.execute(
            "update captures set last_fetched_at = ?, fetch_count = fetch_count + 1, "
            "outcome = ?, reason = ?, article_id = coalesce(?, article_id) where id = ?",
            [fetch.fetched_at, outcome, reason, article, last[0]],
        )
        return last[0], False
    table = db["captures"]
    assert isinstance(table, Table)
    table.insert(
        {
            "url": fetch.url,
            "final_url": fetch.final_url,
            "status": fetch.status,
            "content_type": fetch.content_type,
            "headers": json.dumps(dict(fetch.headers)),
            "fetched_at": fetch.fetched_at,
            "last_fetched_at": fetch.fetched_at,
            "fetch_count": 1,
            "body": gzip.compress(fetch.body, CAPTURE_GZIP_LEVEL, mtime=0) if fetch.body else None,
            "body_size": len(fetch.body),
            "body_sha256": sha,
            "error": fetch.error,
            "outcome": outcome,
            "reason": reason,
            "article_id": article,
        }
    )
    return int(table.last_pk), True


def capture_body(db: sqlite_utils.Database, capture: int) -> bytes:
    """Return the raw body of a capture as fetched."""
    return gzip.decompress(capture_body_gzipped(db, capture))


def capture_body_gzipped(db: sqlite_utils.Database, capture: int) -> bytes:
    """Return the body of a capture as stored, gzip-compressed (empty when there is none)."""
    row = db.execute("select body from captures where id = ?", [capture]).fetchone()
    return row[0] if row and row[0] else b""


def iter_article_captures(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Yield the newest capture of every archived article (for re-extraction)."""
    yield from db.query(
        "select c.id, c.url, c.final_url, c.fetched_at, c.article_id from captures c "
        "where c.id in (select max(id) from captures where article_id is not null "
        "group by article_id) order by c.id"
    )


def save_article(
    db: sqlite_utils.Database,
    article: Article,
    seen_at: str,
    outlet_name: str | None = None,
    refresh: bool = False,
) -> tuple[str, str]:
    """Insert or update an article and its quotes.

    With refresh, extracted fields are rewritten even when text, title and date are the same
    (re-extraction with better rules). Returns the article id and what happened: "new",
    "updated" or "unchanged".
    """
    key = article_id(article.url)
    save_outlet(db, article.outlet, outlet_name or article.site_name)
    record = {
        **_article_record(article),
        **_filing(article.coverage, save_event(db, article.event)),
    }
    old = db.execute("select text, title, published from articles where id = ?", [key]).fetchone()
    if old is not None and tuple(old) != (record["text"], record["title"], record["published"]):
        _save_version(db, key, seen_at)
    if old is None:
        db["articles"].insert(
            {
                "id": key,
                **record,
                "first_seen_at": seen_at,
                "last_seen_at": seen_at,
                "updated_at": seen_at,
            }
        )
        state = "new"
    elif tuple(old) == (record["text"], record["title"], record["published"]) and not refresh:
        db["articles"].update(key, {"last_seen_at": seen_at})
        return key, "unchanged"
    elif tuple(old) == (record["text"], record["title"], record["published"]):
        _update_changed(db, key, record)
        state = "unchanged"
    else:
        db["articles"].update(key, {**record, "last_seen_at": seen_at, "updated_at": seen_at})
        state = "updated"
    save_quotes(db, key, article, record["event_id"])
    save_speaker_aliases(db, article.aliases)
    apply_coverage_correction(db, key)
    apply_run_correction(db, key)
    return key, state


def _filing(coverage: str, event: int | None) -> dict[str, Any]:
    """Return the columns that file an article under its run: a story under event_id, a
    mention only in mentions_event_id, so that no count of a run's coverage includes it."""
    if coverage == MENTION:
        return {"coverage": MENTION, "event_id": None, "mentions_event_id": event}
    return {"coverage": STORY, "event_id": event, "mentions_event_id": None}


def _update_changed(db: sqlite_utils.Database, key: str, record: dict[str, Any]) -> None:
    """Write only the article's columns whose values differ: any update of the row indexes its
    whole text again for search, so a re-extraction that changes nothing writes nothing."""
    columns = list(record)
    stored = db.execute(
        f"select {', '.join(f'[{c}]' for c in columns)} from articles where id = ?", [key]
    ).fetchone()
    changed = {c: record[c] for c, value in zip(columns, stored, strict=True) if value != record[c]}
    if changed:
        db["articles"].update(key, changed)


def _save_version(db: sqlite_utils.Database, key: str, replaced_at: str) -> None:
    """Keep the article's current text and fields as a version before they are replaced."""
    db.execute(
        "insert into article_versions (article_id, title, text, published, published_source, "
        "modified, word_count, quote_count, seen_from, replaced_at) "
        "select id, title, text, published, published_source, modified, word_count, "
        "quote_count, updated_at, ? from articles where id = ?",
        [replaced_at, key],
    )


def _article_record(article: Article) -> dict[str, Any]:
    """Return the articles columns an Article fills."""
    return {
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "site_name": article.site_name,
        "description": article.description,
        "published": article.published,
        "published_source": article.published_source,
        "published_confidence": article.published_confidence,
        "modified": article.modified,
        "language": article.language,
        "text": article.text,
        "word_count": article.word_count,
        "topic_score": article.topic.score,
        "topic_terms": json.dumps(list(article.topic.terms), ensure_ascii=False),
        "quote_count": len(article.quotes),
        "published_month": article.published[:7] if article.published else None,
        "event_method": article.event_method,
        "credit": article.credit,
    }


# The form under which two spellings of one name match (case, accents, punctuation): a
# speaker's name_key, and the first of its match_keys.
speaker_key = fold_name


def save_event(db: sqlite_utils.Database, event: Event | None) -> int | None:
    """Return the id of an event, recording it on first sight."""
    if event is None:
        return None
    row = db.execute("select id from events where name = ?", [event.name]).fetchone()
    if row is not None:
        return int(row[0])
    table = db["events"]
    assert isinstance(table, Table)
    terms = [*event.terms, *event.organizers]
    table.insert(
        {
            "name": event.name,
            "date": event.date,
            "place": event.place or None,
            "terms": json.dumps(terms, ensure_ascii=False),
        }
    )
    return int(table.last_pk)


def save_quotes(
    db: sqlite_utils.Database, key: str, article: Article, event_id: int | None
) -> None:
    """Replace an article's quotes and keep speakers' quote counts true."""
    touched = {
        row[0]
        for row in db.execute(
            "select speaker_id from quotes where article_id = ? and speaker_id is not null", [key]
        )
    }
    db.execute("delete from quotes where article_id = ?", [key])
    published = article.published
    for quote in article.quotes:
        speaker = _save_speaker(db, quote.speaker, quote.speaker_description, quote.speaker_aliases)
        if speaker is not None:
            touched.add(speaker)
        # One at a time: a later name may merge an earlier speaker of this article away.
        db["quotes"].insert(
            {
                "article_id": key,
                "speaker_id": speaker,
                "text": quote.text,
                "speaker_description": quote.speaker_description,
                "verb": quote.verb,
                "paragraph": quote.paragraph,
                "language": quote.language,
                "published": published,
                "published_month": published[:7] if published else None,
                "outlet": article.outlet,
                "event_id": event_id,
                "speaker_name": _speaker_name(db, speaker),
            }
        )
    touched |= apply_quote_corrections(db, key)
    # Only when it changed: every update of an article re-indexes its text for search.
    db.execute(
        "update articles set quote_count = (select count(*) from quotes where article_id = ?) "
        "where id = ? and quote_count is not (select count(*) from quotes where article_id = ?)",
        [key, key, key],
    )
    for speaker in touched:
        _count_speaker_quotes(db, speaker)


def _save_speaker(
    db: sqlite_utils.Database,
    name: str | None,
    description: str | None,
    aliases: tuple[str, ...] = (),
) -> int | None:
    """Return the id of the speaker with this name or one of its aliases, recording a new one
    if needed, and remember every name it was given."""
    if not name or not speaker_key(name):
        return None
    names = [name, *aliases]
    keys = [key for each in names for key in match_keys(each)]
    speaker = _find_speaker(db, keys)
    if speaker is None:
        table = db["speakers"]
        assert isinstance(table, Table)
        key = speaker_key(name)
        table.insert(
            {
                "name": name,
                "name_key": key,
                "description": description,
                "quote_count": 0,
                "article_count": 0,
            }
        )
        speaker = int(table.last_pk)
        _save_aliases(db, speaker, names)
        return merge_acronym(db, speaker, name)
    if description:
        db.execute(
            "update speakers set description = ? where id = ? and coalesce(description, '') = ''",
            [description, speaker],
        )
    _save_aliases(db, speaker, names)
    return speaker


def _find_speaker(db: sqlite_utils.Database, keys: list[str]) -> int | None:
    """Return the speaker any of these keys names, by its own key first."""
    for key in keys:
        row = db.execute("select id from speakers where name_key = ?", [key]).fetchone()
        if row is None:
            row = db.execute(
                "select speaker_id from speaker_aliases where name_key = ?", [key]
            ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def _save_aliases(db: sqlite_utils.Database, speaker: int, names: list[str]) -> None:
    """Record the keys of a speaker's names that are not its own key yet."""
    own = db.execute("select name_key from speakers where id = ?", [speaker]).fetchone()[0]
    for each in names:
        for key in match_keys(each):
            if key != own:
                db.execute(
                    "insert or ignore into speaker_aliases (name_key, speaker_id, name) "
                    "values (?, ?, ?)",
                    [key, speaker, each],
                )


def save_roster(db: sqlite_utils.Database, roster: tuple[RosterSpeaker, ...]) -> None:
    """Record the sources file's speakers: their names, aliases and roles come first."""
    for person in roster:
        description = ", ".join(part for part in (person.role, person.organization) if part)
        speaker = _save_speaker(db, person.name, None, person.aliases)
        if speaker is None:
            continue
        db.execute(
            "update speakers set name = ?, description = coalesce(?, description) where id = ?",
            [person.name, description or None, speaker],
        )


def count_rows(db: sqlite_utils.Database) -> dict[str, int]:
    """Return the number of rows in each archive table."""
    return {name: db[name].count for name in TABLES}


def get_validators(db: sqlite_utils.Database, url: str) -> dict[str, str]:
    """Return If-None-Match / If-Modified-Since headers from the URL's last good capture."""
    row = db.execute(
        "select headers from captures where url = ? and status = 200 order by id desc limit 1",
        [url],
    ).fetchone()
    if row is None or not row[0]:
        return {}
    headers = {k.lower(): v for k, v in json.loads(row[0]).items()}
    validators = {}
    if headers.get("etag"):
        validators["If-None-Match"] = headers["etag"]
    if headers.get("last-modified"):
        validators["If-Modified-Since"] = headers["last-modified"]
    return validators


def settled_urls(db: sqlite_utils.Database) -> set[str]:
    """Return URLs whose latest fetch showed a page that is not coverage (off-topic, not an
    article, not HTML): a re-crawl need not ask for them again."""
    return {
        row[0]
        for row in db.execute(
            "select url from captures c where outcome in (?, ?, ?) "
            "and id = (select max(id) from captures where url = c.url)",
            [str(outcome) for outcome in SETTLED],
        )
    }


def touch_capture(db: sqlite_utils.Database, url: str, fetched_at: str) -> str | None:
    """Count a fetch that found the page not modified; return the article it holds, if any."""
    row = db.execute(
        "select id, article_id from captures where url = ? and status = 200 "
        "order by id desc limit 1",
        [url],
    ).fetchone()
    if row is None:
        return None
    db.execute(
        "update captures set last_fetched_at = ?, fetch_count = fetch_count + 1 where id = ?",
        [fetched_at, row[0]],
    )
    if row[1] is not None:
        db.execute("update articles set last_seen_at = ? where id = ?", [fetched_at, row[1]])
    return row[1]


@dataclass(frozen=True)
class Discovery:
    """One route by which a URL was found: a feed, sitemap, search feed, link or by hand."""

    url: str
    route: str
    source: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    is_resolved: bool = True
    window: str | None = None


def save_discovery(db: sqlite_utils.Database, found: Discovery, seen_at: str) -> None:
    """Record a route to a URL once, keeping when it was first and last seen."""
    existing = db.execute(
        "select id from discoveries where url = ? and route = ? and source is ?",
        [found.url, found.route, found.source],
    ).fetchone()
    if existing is not None:
        db.execute("update discoveries set last_seen_at = ? where id = ?", [seen_at, existing[0]])
        return
    article = db.execute("select id from articles where url = ?", [found.url]).fetchone()
    db["discoveries"].insert(
        {
            "url": found.url,
            "route": found.route,
            "source": found.source,
            "title": found.title,
            "outlet": found.outlet,
            "published": found.published,
            "is_resolved": int(found.is_resolved),
            "article_id": article[0] if article else None,
            "first_seen_at": seen_at,
            "last_seen_at": seen_at,
            "search_window": found.window,
        }
    )


def link_discoveries(db: sqlite_utils.Database, urls: list[str], article: str) -> None:
    """Point the discoveries of the URLs a story was reached by at its article."""
    marks = ", ".join("?" for _ in urls)
    db.execute(
        f"update discoveries set article_id = ? where article_id is null and url in ({marks})",
        [article, *urls],
    )


def get_discovery_window(db: sqlite_utils.Database, urls: list[str]) -> str | None:
    """Return the run window (not the rolling one) that first found one of these URLs, if any."""
    marks = ", ".join("?" for _ in urls)
    row = db.execute(
        f"select search_window from discoveries where url in ({marks}) "
        "and search_window is not null and search_window != 'new' order by id limit 1",
        urls,
    ).fetchone()
    return row[0] if row else None


def set_access(db: sqlite_utils.Database, key: str, access: str | None) -> None:
    """Record whether an article's page is free to read ("paywalled" when it is not)."""
    db.execute("update articles set access = ? where id = ?", [access, key])


def get_word_count(db: sqlite_utils.Database, key: str) -> int:
    """Return how many words an article's stored text has (0 when it is not stored)."""
    row = db.execute("select word_count from articles where id = ?", [key]).fetchone()
    return int(row[0] or 0) if row else 0


def start_crawl(db: sqlite_utils.Database, sources: str, resume: bool) -> tuple[int, str | None]:
    """Record a crawl's start; return its id and, when resuming, when the crawl it resumes began.

    The crawl resumed is the latest that did not finish (killed, interrupted or failed).
    """
    resumed_from = None
    if resume:
        row = db.execute(
            "select id, started_at from crawls where status != 'finished' order by id desc limit 1"
        ).fetchone()
        if row is not None:
            resumed_from = row[1]
            db.execute("update crawls set status = 'resumed' where id = ?", [row[0]])
    table = db["crawls"]
    assert isinstance(table, Table)
    table.insert({"started_at": resumed_from or now_iso(), "status": "running", "sources": sources})
    return int(table.last_pk), resumed_from


def finish_crawl(
    db: sqlite_utils.Database, crawl: int, status: str, summary: Mapping[str, Any]
) -> None:
    """Record how a crawl ended and its figures."""
    db.execute(
        "update crawls set finished_at = ?, status = ?, summary = ? where id = ?",
        [now_iso(), status, json.dumps(dict(summary)), crawl],
    )


def resumable_crawl_start(db: sqlite_utils.Database) -> str | None:
    """Return when the latest crawl that did not finish began, if the latest did not finish."""
    row = db.execute("select status, started_at from crawls order by id desc limit 1").fetchone()
    return row[1] if row is not None and row[0] != "finished" else None


def fetched_since(db: sqlite_utils.Database, since: str) -> set[str]:
    """Return the URLs fetched (whatever the outcome) at or after a time."""
    return {
        row[0]
        for row in db.execute(
            "select url from captures where last_fetched_at >= ? "
            "union select final_url from captures where last_fetched_at >= ? "
            "and final_url is not null",
            [since, since],
        )
    }


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Drop and rebuild every full-text index from its table as it is now.

    An FTS5 index updated through its triggers keeps the words of replaced rows in its
    segments until they happen to be merged: a public copy's index must be made afresh.
    """
    for name, columns in FTS.items():
        table = db[name]
        assert isinstance(table, Table)
        if table.detect_fts():
            table.disable_fts()
        table.enable_fts(columns, create_triggers=True, tokenize="porter")


# What a public copy keeps: no raw captures, no full texts, no crawl log.
# What a public copy keeps: no raw captures, no full texts, no crawl log, no correction notes.
PRIVATE_TABLES = ("captures", "article_versions", "crawls", "corrections", "story_signatures")


def excerpt(text: str | None, words: int) -> str | None:
    """Return the first words of a text, marked as cut when it was longer."""
    if not text:
        return text
    kept = text.split()
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def make_public(db: sqlite_utils.Database, excerpt_words: int) -> dict[str, int]:
    """Turn a copy of the archive into one safe to publish; return the rows kept per table.

    Raw captures, earlier versions and the crawl log are dropped, article texts are cut to
    an excerpt, the full-text indexes are built anew from what is left and the file is
    vacuumed so that nothing dropped survives in free pages.
    """
    with db.conn:
        for name in PRIVATE_TABLES:
            if db[name].exists():
                db[name].drop()
        for row in list(db.query("select id, text from articles")):
            db.execute(
                "update articles set text = ?, word_count = ? where id = ?",
                [excerpt(row["text"], excerpt_words), len((row["text"] or "").split()), row["id"]],
            )
    rebuild_fts(db)
    update_statistics(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.vacuum()
    return {name: db[name].count for name in TABLES if name not in PRIVATE_TABLES}


def _run_filter(run: str | None, alias: str) -> tuple[str, list[Any]]:
    """Return a where-clause part and its parameters keeping rows of one run (event name)."""
    if run is None:
        return "", []
    return f" and {alias}.event_id = (select id from events where name = ?)", [run]


def iter_export_captures(
    db: sqlite_utils.Database, run: str | None = None, since: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the captures that hold an HTTP response, oldest first, body decoded, one at a time.

    With run, only captures of that run's articles; with since, only those fetched that day
    or later.
    """
    where, params = "c.status is not null", []
    if since:
        where += " and c.fetched_at >= ?"
        params.append(since)
    if run is not None:
        part, extra = _run_filter(run, "a")
        where += " and c.article_id in (select a.id from articles a where 1 = 1" + part + ")"
        params += extra
    ids = [row[0] for row in db.execute(f"select c.id from captures c where {where}", params)]
    for capture in ids:
        row = next(db.query("select * from captures where id = ?", [capture]))
        row["body"] = gzip.decompress(row["body"]) if row["body"] else b""
        row["headers"] = json.loads(row["headers"]) if row["headers"] else {}
        yield row


# What `runarchive export --table` writes: each table's columns, as its Datasette page shows
# them, with the names its foreign keys point at.
EXPORT_QUERIES = {
    "articles": (
        "select a.*, o.name as outlet_name, e.name as event from articles a "
        "left join outlets o on o.domain = a.outlet left join events e on e.id = a.event_id "
        "where 1 = 1{run} order by a.published, a.id"
    ),
    "quotes": (
        "select q.*, s.name as speaker, a.url as article_url, a.title as article_title, "
        "e.name as event from quotes q left join speakers s on s.id = q.speaker_id "
        "join articles a on a.id = q.article_id left join events e on e.id = q.event_id "
        "where 1 = 1{run} order by q.published, q.article_id, q.paragraph, q.id"
    ),
}


def iter_export_rows(
    db: sqlite_utils.Database, table: str, run: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the rows of articles or quotes for export, optionally of one run only."""
    part, params = _run_filter(run, table[0])
    yield from db.query(EXPORT_QUERIES[table].format(run=part), params)


def restore_capture_counts(
    db: sqlite_utils.Database, capture: int, last_fetched_at: str, fetch_count: int
) -> None:
    """Set how often and how lately a capture (and so its article) was fetched, as a WARC
    written by the archive records it."""
    db.execute(
        "update captures set last_fetched_at = ?, fetch_count = ? where id = ?",
        [last_fetched_at, fetch_count, capture],
    )
    db.execute(
        "update articles set last_seen_at = max(last_seen_at, ?) "
        "where id = (select article_id from captures where id = ?)",
        [last_fetched_at, capture],
    )


# Speakers: one row per person or organization, whatever name or acronym an article uses.
# Words skipped when taking a name's initials ("U.S. Department of Homeland Security" is DHS).
_INITIALS_SKIP = {"of", "for", "the", "and", "on", "in", "u.s.", "us", "de", "del", "la", "los"}
_ACRONYM = r"[A-Z](?:\.?[A-Z]){1,7}\.?"


def _speaker_name(db: sqlite_utils.Database, speaker: int | None) -> str | None:
    """Return a speaker's name as shown, or None for an unknown speaker."""
    if speaker is None:
        return None
    row = db.execute("select name from speakers where id = ?", [speaker]).fetchone()
    return row[0] if row else None


def name_initials(name: str) -> str:
    """Return the initials of a name's main words, in capitals."""
    words = [w for w in name.split() if w.casefold() not in _INITIALS_SKIP and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper()


def acronym_matches(acronym: str, name: str) -> bool:
    """Tell whether an acronym stands for a name: its initials, or those followed by more
    letters for trailing words an article left out ("CHIRLA" for "Coalition for Humane
    Immigrant Rights")."""
    if not re.fullmatch(_ACRONYM, acronym) or re.fullmatch(_ACRONYM, name):
        return False
    letters = acronym.replace(".", "")
    initials = name_initials(name)
    return len(initials) >= 3 and letters.startswith(initials)


def merge_acronym(db: sqlite_utils.Database, speaker: int, name: str) -> int:
    """Merge a new speaker with the one its acronym or full name already names; return the
    id that remains."""
    if re.fullmatch(_ACRONYM, name):
        # Full names whose first main word starts with the acronym's first letter.
        candidates = db.query(
            "select id, name from speakers where id != ? and name like '% % %' "
            "and (substr(name, 1, 1) = ? or name like 'U.S. %' or name like 'The %')",
            [speaker, name[0]],
        )
    else:
        # Acronyms: one word, in capitals.
        candidates = db.query(
            "select id, name from speakers where id != ? and length(name) <= 16 "
            "and name not like '% %' and upper(name) = name",
            [speaker],
        )
    for other in list(candidates):
        if acronym_matches(name, other["name"]):
            return merge_speakers(db, speaker, other["id"], acronym=name)
        if acronym_matches(other["name"], name):
            return merge_speakers(db, other["id"], speaker, acronym=other["name"])
    return speaker


def merge_speakers(
    db: sqlite_utils.Database, source: int, target: int, acronym: str | None = None
) -> int:
    """Move a speaker's quotes and names onto another and drop it; return the target's id.

    The source's name is kept as an alias, so that later articles naming it (and every
    re-extraction) find the target. With an acronym, the target is shown as "Name (ACRONYM)".
    """
    if source == target:
        return target
    old = db.execute("select name, name_key from speakers where id = ?", [source]).fetchone()
    if old is None:
        return target
    if acronym:
        name = _speaker_name(db, target)
        if name and f"({acronym})" not in name:
            db.execute("update speakers set name = ? where id = ?", [f"{name} ({acronym})", target])
    db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ?", [target, source])
    db.execute(
        "insert or replace into speaker_aliases (name_key, name, speaker_id) values (?, ?, ?)",
        [old[1], old[0], target],
    )
    db.execute(
        "update speakers set description = coalesce(description, "
        "(select description from speakers where id = ?)) where id = ?",
        [source, target],
    )
    db.execute("update quotes set speaker_id = ? where speaker_id = ?", [target, source])
    db.execute("delete from speakers where id = ?", [source])
    db.execute(
        "update quotes set speaker_name = (select name from speakers where id = ?) "
        "where speaker_id = ?",
        [target, target],
    )
    _count_speaker_quotes(db, target)
    return target


def save_speaker_aliases(db: sqlite_utils.Database, aliases: tuple[tuple[str, str], ...]) -> None:
    """Make an acronym and the full name an article gives it one speaker: merged when both are
    speakers, else the missing one recorded as an alias of the one that is."""
    for acronym, full in aliases:
        short, long = find_speaker(db, acronym), find_speaker(db, full)
        if short is not None and long is not None:
            merge_speakers(db, short, long, acronym=acronym)
        elif short is not None or long is not None:
            known = short if short is not None else long
            other = full if short is not None else acronym
            _save_aliases(db, known, [other])


def _count_speaker_quotes(db: sqlite_utils.Database, speaker: int) -> None:
    """Keep a speaker's quote and article counts true (most_quoted_speakers reads them rather
    than counting a million quotes)."""
    db.execute(
        "update speakers set quote_count = (select count(*) from quotes where speaker_id = ?), "
        "article_count = (select count(distinct article_id) from quotes where speaker_id = ?) "
        "where id = ?",
        [speaker, speaker, speaker],
    )


def find_speaker(db: sqlite_utils.Database, name_or_id: str) -> int | None:
    """Return the id of the speaker given by number, name or alias."""
    if name_or_id.isdigit():
        row = db.execute("select id from speakers where id = ?", [int(name_or_id)]).fetchone()
        return int(row[0]) if row else None
    return _find_speaker(db, match_keys(name_or_id))


# Corrections: a person's fixes, kept apart from what extraction writes and applied again
# every time an article's quotes or run are rewritten.
CORRECTION_KINDS = ("speaker", "not-a-quote", "merge-speakers", "run", "coverage")


def get_quote(db: sqlite_utils.Database, quote: int) -> dict[str, Any] | None:
    """Return a quote's article, text and speaker, or None when there is no such quote."""
    rows = list(
        db.query(
            "select id, article_id, text, speaker_id, speaker_name from quotes where id = ?",
            [quote],
        )
    )
    return rows[0] if rows else None


def save_correction(
    db: sqlite_utils.Database,
    kind: str,
    *,
    article: str | None = None,
    quote_text: str | None = None,
    subject: str | None = None,
    value: str | None = None,
    reason: str | None = None,
) -> int:
    """Record a correction with when it was made; return its id."""
    if kind not in CORRECTION_KINDS:
        raise ValueError(f"unknown correction {kind!r}")
    table = db["corrections"]
    assert isinstance(table, Table)
    table.insert(
        {
            "kind": kind,
            "article_id": article,
            "quote_text": quote_text,
            "subject": subject,
            "value": value,
            "reason": reason,
            "made_at": now_iso(),
        }
    )
    return int(table.last_pk)


def apply_quote_corrections(db: sqlite_utils.Database, article: str) -> set[int]:
    """Apply the speaker and not-a-quote corrections of an article's quotes (matched by their
    words, which survive re-extraction); return the speakers given quotes."""
    given: set[int] = set()
    for kind, text, value in db.execute(
        "select kind, quote_text, value from corrections where article_id = ? "
        "and kind in ('speaker', 'not-a-quote') order by id",
        [article],
    ).fetchall():
        if kind == "not-a-quote":
            db.execute("delete from quotes where article_id = ? and text = ?", [article, text])
            continue
        speaker = _save_speaker(db, value, None)
        if speaker is None:
            continue
        given.add(speaker)
        db.execute(
            "update quotes set speaker_id = ?, speaker_name = ? where article_id = ? and text = ?",
            [speaker, _speaker_name(db, speaker), article, text],
        )
    return given


def apply_run_correction(db: sqlite_utils.Database, article: str) -> None:
    """File an article (and its quotes) under the run a correction names, if one does; a
    mention keeps it as the run it mentions."""
    row = db.execute(
        "select c.value, c.reason, e.id, a.coverage from corrections c "
        "left join events e on e.name = c.value join articles a on a.id = c.article_id "
        "where c.kind = 'run' and c.article_id = ? order by c.id desc limit 1",
        [article],
    ).fetchone()
    if row is None or row[2] is None:
        return
    method = "correction" + (f": {row[1]}" if row[1] else "")
    filing = _filing(row[3], row[2])
    db.execute(
        "update articles set event_id = ?, mentions_event_id = ?, event_method = ? where id = ?",
        [filing["event_id"], filing["mentions_event_id"], method, article],
    )
    _file_quotes(db, article)


def save_coverage(db: sqlite_utils.Database, article: str, coverage: str) -> None:
    """Make an article a story or a mention, moving its run (and its quotes') to match."""
    row = db.execute(
        "select coalesce(event_id, mentions_event_id) from articles where id = ? "
        "and coverage is not ?",
        [article, coverage],
    ).fetchone()
    if row is None:
        return
    filing = _filing(coverage, row[0])
    db.execute(
        "update articles set coverage = ?, event_id = ?, mentions_event_id = ? where id = ?",
        [filing["coverage"], filing["event_id"], filing["mentions_event_id"], article],
    )
    _file_quotes(db, article)


def _file_quotes(db: sqlite_utils.Database, article: str) -> None:
    """File an article's quotes under its run as the article is (none for a mention)."""
    db.execute(
        "update quotes set event_id = (select event_id from articles where id = ?) "
        "where article_id = ? and event_id is not (select event_id from articles where id = ?)",
        [article, article, article],
    )


def apply_coverage_correction(db: sqlite_utils.Database, article: str) -> None:
    """Make an article the story or mention a correction says it is, if one does."""
    row = db.execute(
        "select value from corrections where kind = 'coverage' and article_id = ? "
        "order by id desc limit 1",
        [article],
    ).fetchone()
    if row is not None:
        save_coverage(db, article, row[0])


def apply_speaker_merges(db: sqlite_utils.Database) -> None:
    """Apply every merge-speakers correction again (speakers found since then included)."""
    for subject, value in db.execute(
        "select subject, value from corrections where kind = 'merge-speakers' order by id"
    ).fetchall():
        source, target = find_speaker(db, subject), find_speaker(db, value)
        if source is not None and target is not None:
            merge_speakers(db, source, target)


def get_event_id(db: sqlite_utils.Database, name: str) -> int | None:
    """Return the id of the run with this name (or id)."""
    row = db.execute(
        "select id from events where name = ? or cast(id as text) = ?", [name, name]
    ).fetchone()
    return int(row[0]) if row else None


def get_events(db: sqlite_utils.Database) -> list[Event]:
    """Return the runs the archive knows, with the terms that name them."""
    return [
        Event(
            name=row["name"],
            date=row["date"] or "",
            place=row["place"] or "",
            terms=tuple(json.loads(row["terms"] or "[]")),
        )
        for row in db.query("select name, date, place, terms from events order by id")
    ]


# Stories: copies of one story across outlets share the id of the earliest copy.
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


def recount_speakers(db: sqlite_utils.Database, speakers: set[int | None]) -> None:
    """Keep the quote counts of these speakers true."""
    for speaker in speakers:
        if speaker is not None:
            _count_speaker_quotes(db, speaker)


def recount_article_quotes(db: sqlite_utils.Database, article: str) -> None:
    """Keep an article's quote count true."""
    db.execute(
        "update articles set quote_count = (select count(*) from quotes where article_id = ?) "
        "where id = ?",
        [article, article],
    )


# The report: articles and quotes of one run (or of all), with names people read.
def get_runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return the runs, newest first, with their article counts and, apart, their mentions."""
    return list(
        db.query(
            "select e.id, e.name, e.date, e.place, count(a.id) as articles, "
            "(select count(*) from articles m where m.mentions_event_id = e.id) as mentions "
            "from events e left join articles a on a.event_id = e.id "
            "group by e.id order by e.date desc"
        )
    )


def get_report_articles(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return a run's articles (every story when event is None), earliest first."""
    return _report_articles(
        db, "(? is null and a.coverage = 'story') or a.event_id = ?", [event, event]
    )


def get_report_mentions(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return the pages that mention a run in passing (every mention when event is None)."""
    return _report_articles(
        db, "a.coverage = 'mention' and (? is null or a.mentions_event_id = ?)", [event, event]
    )


def _report_articles(
    db: sqlite_utils.Database, where: str, params: list[Any]
) -> list[dict[str, Any]]:
    """Return the articles a condition keeps, with their outlet's and run's names, earliest
    first (a mention's run is the one it mentions)."""
    return list(
        db.query(
            "select a.id, a.title, a.url, a.published, a.language, a.quote_count, a.story_id, "
            "a.credit, a.outlet, coalesce(o.name, a.outlet) as outlet_name, e.name as run "
            "from articles a left join outlets o on o.domain = a.outlet "
            "left join events e on e.id = coalesce(a.event_id, a.mentions_event_id) "
            f"where {where} "
            "order by coalesce(a.published, substr(a.first_seen_at, 1, 10)), a.first_seen_at, a.id",
            params,
        )
    )


def get_report_quotes(db: sqlite_utils.Database, event: int | None) -> list[dict[str, Any]]:
    """Return a run's quotes (every story's quotes when event is None), by day."""
    return list(
        db.query(
            "select q.published as day, q.speaker_name as speaker, "
            "q.speaker_description as role, q.text as quote, a.title as article_title, "
            "a.url as article_url, coalesce(o.name, q.outlet) as outlet, e.name as run, "
            "q.language from quotes q join articles a on a.id = q.article_id "
            "left join outlets o on o.domain = q.outlet left join events e on e.id = q.event_id "
            "where (? is null and a.coverage = 'story') or q.event_id = ? "
            "order by q.published, q.article_id, q.paragraph",
            [event, event],
        )
    )
