"""Articles: one row per canonical URL with its outlet and run, its earlier versions, and its
quotes, each attributed to a speaker."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from archive.store.corrections import (
    apply_coverage_correction,
    apply_quote_corrections,
    apply_run_correction,
)
from archive.store.filing import run_columns
from archive.store.schema import insert_row
from archive.store.speakers import (
    get_speaker_name,
    recount_speakers,
    save_speaker,
    save_speaker_aliases,
)
from extract import Article, article_id
from extract.events import Event


def save_outlet(db: sqlite_utils.Database, domain: str, name: str | None = None) -> None:
    """Record an outlet, keeping a name already known unless a new one is given."""
    existing = db.execute("select name from outlets where domain = ?", [domain]).fetchone()
    if existing is None:
        db.table("outlets").insert({"domain": domain, "name": name or domain})
    elif name and existing[0] != name:
        db.table("outlets").update(domain, {"name": name})


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
        **run_columns(article.coverage, save_event(db, article.event)),
    }
    old = db.execute("select text, title, published from articles where id = ?", [key]).fetchone()
    if old is not None and tuple(old) != (record["text"], record["title"], record["published"]):
        _save_version(db, key, seen_at)
    if old is None:
        db.table("articles").insert(
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
        db.table("articles").update(key, {"last_seen_at": seen_at})
        return key, "unchanged"
    elif tuple(old) == (record["text"], record["title"], record["published"]):
        _update_changed(db, key, record)
        state = "unchanged"
    else:
        db.table("articles").update(key, {**record, "last_seen_at": seen_at, "updated_at": seen_at})
        state = "updated"
    save_quotes(db, key, article, record["event_id"])
    save_speaker_aliases(db, article.aliases)
    apply_coverage_correction(db, key)
    apply_run_correction(db, key)
    return key, state


def _update_changed(db: sqlite_utils.Database, key: str, record: dict[str, Any]) -> None:
    """Write only the article's columns whose values differ: any update of the row indexes its
    whole text again for search, so a re-extraction that changes nothing writes nothing."""
    columns = list(record)
    stored = db.execute(
        f"select {', '.join(f'[{c}]' for c in columns)} from articles where id = ?", [key]
    ).fetchone()
    changed = {c: record[c] for c, value in zip(columns, stored, strict=True) if value != record[c]}
    if changed:
        db.table("articles").update(key, changed)


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


def save_event(db: sqlite_utils.Database, event: Event | None) -> int | None:
    """Return the id of an event, recording it on first sight."""
    if event is None:
        return None
    row = db.execute("select id from events where name = ?", [event.name]).fetchone()
    if row is not None:
        return int(row[0])
    terms = [*event.terms, *event.organizers]
    return insert_row(
        db,
        "events",
        {
            "name": event.name,
            "date": event.date,
            "place": event.place or None,
            "terms": json.dumps(terms, ensure_ascii=False),
        },
    )


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
        speaker = save_speaker(db, quote.speaker, quote.speaker_description, quote.speaker_aliases)
        if speaker is not None:
            touched.add(speaker)
        # One at a time: a later name may merge an earlier speaker of this article away.
        db.table("quotes").insert(
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
                "speaker_name": get_speaker_name(db, speaker),
            }
        )
    touched |= apply_quote_corrections(db, key)
    # Only when it changed: every update of an article re-indexes its text for search.
    db.execute(
        "update articles set quote_count = (select count(*) from quotes where article_id = ?) "
        "where id = ? and quote_count is not (select count(*) from quotes where article_id = ?)",
        [key, key, key],
    )
    recount_speakers(db, touched)


def get_quote(db: sqlite_utils.Database, quote: int) -> dict[str, Any] | None:
    """Return a quote's article, text and speaker, or None when there is no such quote."""
    rows = list(
        db.query(
            "select id, article_id, text, speaker_id, speaker_name from quotes where id = ?",
            [quote],
        )
    )
    return rows[0] if rows else None


def set_access(db: sqlite_utils.Database, key: str, access: str | None) -> None:
    """Record whether an article's page is free to read ("paywalled" when it is not)."""
    db.execute("update articles set access = ? where id = ?", [access, key])


def has_article(db: sqlite_utils.Database, key: str) -> bool:
    """Tell whether the archive holds an article with this id."""
    return db.execute("select 1 from articles where id = ?", [key]).fetchone() is not None


def get_word_count(db: sqlite_utils.Database, key: str) -> int:
    """Return how many words an article's stored text has (0 when it is not stored)."""
    row = db.execute("select word_count from articles where id = ?", [key]).fetchone()
    return int(row[0] or 0) if row else 0


def recount_article_quotes(db: sqlite_utils.Database, article: str) -> None:
    """Keep an article's quote count true."""
    db.execute(
        "update articles set quote_count = (select count(*) from quotes where article_id = ?) "
        "where id = ?",
        [article, article],
    )


def get_event_id(db: sqlite_utils.Database, name: str) -> int | None:
    """Return the id of the run with this name (or id)."""
    row = db.execute(
        "select id from events where name = ? or cast(id as text) = ?", [name, name]
    ).fetchone()
    return int(row[0]) if row else None


def get_event_name(db: sqlite_utils.Database, event: int) -> str | None:
    """Return the name of the run with this id."""
    row = db.execute("select name from events where id = ?", [event]).fetchone()
    return row[0] if row else None


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
