"""The archive database: the only module that names tables or columns or writes SQL."""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import Table

from extract import Article, article_id
from extract.events import Event

# Tables in creation order (referenced tables first), each: columns, primary key, foreign keys.
TABLES: dict[str, dict[str, Any]] = {
    "outlets": {
        "columns": {"domain": str, "name": str},
        "pk": "domain",
    },
    "events": {
        "columns": {"id": int, "name": str, "date": str, "place": str},
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
            "first_seen_at": str,
            "last_seen_at": str,
            "updated_at": str,
        },
        "pk": "id",
        "foreign_keys": [("outlet", "outlets", "domain"), ("event_id", "events", "id")],
        "not_null": {"url", "outlet", "text"},
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
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "not_null": {"url", "route", "first_seen_at"},
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
INDEXES: dict[str, list[list[str]]] = {
    "events": [["name"]],
    "articles": [
        *(["url"], ["outlet"], ["published"], ["event_id"]),
        # Published pages at 100,000 articles (bench/queries.py): the language and month facets,
        # a month or outlet filter in date order, and the timeline and per-outlet queries read
        # these instead of every row and its text.
        *(["language", "published"], ["published_month", "published"]),
        *(["published_month", "outlet"], ["outlet", "published", "quote_count", "id"]),
        ["published", "outlet"],
    ],
    "captures": [["url"], ["article_id"], ["body_sha256"]],
    "speakers": [["name_key"], ["quote_count"]],
    "quotes": [
        *(["article_id"], ["speaker_id"], ["published"], ["outlet"], ["event_id"]),
        # At a million quotes: language and month filters in date order, and the most-quoted
        # speakers counted from the index alone.
        *(["language", "published"], ["published_month", "published"]),
        ["speaker_id", "published", "article_id"],
    ],
    "article_versions": [["article_id"]],
    "discoveries": [["url", "route", "source"], ["article_id"]],
}
# Indexes on expressions, for orders the canned queries sort by: name -> (table, expressions).
EXPRESSION_INDEXES: dict[str, tuple[str, str]] = {
    # newest_coverage (and its Atom feed): newest first, undated stories by first sight.
    "idx_articles_newest": ("articles", "coalesce(published, substr(first_seen_at, 1, 10)), title"),
}
UNIQUE_INDEXES = {
    ("articles", "url"),
    ("speakers", "name_key"),
    ("events", "name"),
    ("discoveries", "url"),
}
FTS: dict[str, list[str]] = {"articles": ["title", "text"], "quotes": ["text"]}
# gzip level for capture bodies: level 4 compresses a news page three times faster than the
# default 9 for 5% more bytes (bench/speed.py's store stage; pages of 150 KB, 8 vs 24 ms).
CAPTURE_GZIP_LEVEL = 4


def now_iso() -> str:
    """Return the current UTC time as ISO-8601 text, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Return the database at path with foreign keys enforced and the schema in place."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    db = sqlite_utils.Database(conn)
    ensure_schema(db)
    return db


def transaction(db: sqlite_utils.Database) -> AbstractContextManager[sqlite_utils.Database]:
    """Return a context in which every write is one transaction, committed at its end.

    sqlite-utils commits each insert and update on its own unless a transaction it opened is
    already running; inside this one they become savepoints, so many pages cost one commit.
    """
    return db.atomic()


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
            )
            continue
        for column, column_type in spec["columns"].items():
            if column not in table.columns_dict:
                table.add_column(column, column_type)
    for name, index_columns in INDEXES.items():
        for columns in index_columns:
            unique = (name, columns[0]) in UNIQUE_INDEXES
            db[name].create_index(columns, unique=unique, if_not_exists=True)
    for index, (table, expressions) in EXPRESSION_INDEXES.items():
        db.execute(f"create index if not exists [{index}] on [{table}] ({expressions})")
    for name, columns in FTS.items():
        if not db[name].detect_fts():
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter")


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
    row = db.execute("select body from captures where id = ?", [capture]).fetchone()
    return gzip.decompress(row[0]) if row and row[0] else b""


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
    record = {**_article_record(article), "event_id": save_event(db, article.event)}
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
        db["articles"].update(key, record)
        state = "unchanged"
    else:
        db["articles"].update(key, {**record, "last_seen_at": seen_at, "updated_at": seen_at})
        state = "updated"
    save_quotes(db, key, article, record["event_id"])
    return key, state


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
    }


def speaker_key(name: str) -> str:
    """Return the form under which two spellings of one name match (case, accents, punctuation)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def save_event(db: sqlite_utils.Database, event: Event | None) -> int | None:
    """Return the id of an event, recording it on first sight."""
    if event is None:
        return None
    row = db.execute("select id from events where name = ?", [event.name]).fetchone()
    if row is not None:
        return int(row[0])
    table = db["events"]
    assert isinstance(table, Table)
    table.insert({"name": event.name, "date": event.date, "place": event.place or None})
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
    rows = []
    for quote in article.quotes:
        speaker = _save_speaker(db, quote.speaker, quote.speaker_description)
        if speaker is not None:
            touched.add(speaker)
        rows.append(
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
            }
        )
    if rows:
        db["quotes"].insert_all(rows)
    # Only when it changed: every update of an article re-indexes its text for search.
    db.execute(
        "update articles set quote_count = ? where id = ? and quote_count is not ?",
        [len(rows), key, len(rows)],
    )
    for speaker in touched:
        db.execute(
            "update speakers set quote_count = "
            "(select count(*) from quotes where speaker_id = ?) where id = ?",
            [speaker, speaker],
        )


def _save_speaker(
    db: sqlite_utils.Database, name: str | None, description: str | None
) -> int | None:
    """Return the id of the speaker with this name, recording a new one if needed."""
    if not name or not speaker_key(name):
        return None
    key = speaker_key(name)
    row = db.execute("select id, description from speakers where name_key = ?", [key]).fetchone()
    if row is not None:
        if description and not row[1]:
            db["speakers"].update(row[0], {"description": description})
        return int(row[0])
    table = db["speakers"]
    assert isinstance(table, Table)
    table.insert({"name": name, "name_key": key, "description": description, "quote_count": 0})
    return int(table.last_pk)


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
            "select url from captures c where outcome in ('off-topic', 'not-article', 'not-html') "
            "and id = (select max(id) from captures where url = c.url)"
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
        }
    )


def link_discoveries(db: sqlite_utils.Database, urls: list[str], article: str) -> None:
    """Point the discoveries of the URLs a story was reached by at its article."""
    marks = ", ".join("?" for _ in urls)
    db.execute(
        f"update discoveries set article_id = ? where article_id is null and url in ({marks})",
        [article, *urls],
    )


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


# What a public copy keeps: no raw captures, no full texts, no crawl log.
PRIVATE_TABLES = ("captures", "article_versions", "crawls")


def excerpt(text: str | None, words: int) -> str | None:
    """Return the first words of a text, marked as cut when it was longer."""
    if not text:
        return text
    kept = text.split()
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def make_public(db: sqlite_utils.Database, excerpt_words: int) -> dict[str, int]:
    """Turn a copy of the archive into one safe to publish; return the rows kept per table.

    Raw captures, earlier versions and the crawl log are dropped, article texts are cut to
    an excerpt (the full-text index follows through its triggers) and the file is vacuumed
    so that nothing dropped survives in free pages.
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
    update_statistics(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.vacuum()
    return {name: db[name].count for name in TABLES if name not in PRIVATE_TABLES}
