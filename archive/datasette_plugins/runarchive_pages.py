"""Readable archive pages: cells shown as people read them, an article's quotes and copies for
its page, and HTTP 400 with a one-line message for a malformed query parameter.

Self-contained (Datasette and the standard library only), like runarchive_sql.py, so that it
ships with a published copy through `--plugins-dir`.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape

EXCERPT_WORDS = 40
# Rows a canned query's HTML page shows where its SQL ends `limit :_page_rows`; its CSV and
# JSON hold as many as Datasette returns (max_returned_rows). A thousand rows rendered as HTML
# take a quarter of a second whatever the query costs (bench/queries.py).
PAGE_ROWS = 100
# Canned queries whose day parameters are checked before they run; required ones must be given.
DAY_PARAMETERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "find_quotes": (("from", "to"), False),
    "quotes_between_dates": (("from", "to"), True),
}
_QUERY_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<query>[\w-]+?)(?P<ext>\.(?:csv|json))?$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}$")


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """Return the first words of a text, cut at a word and marked when cut."""
    kept = str(text).split()
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def _day_error(name: str, value: str) -> str | None:
    """Return why a day parameter is malformed, or None when it is a real YYYY-MM-DD day."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return f"{name} must be a day written YYYY-MM-DD, e.g. 2025-07-01; got {value!r}"


def parameter_error(query: str, args: dict[str, list[str]]) -> str | None:
    """Return the one-line message for a malformed parameter of a canned query, else None."""
    if query not in DAY_PARAMETERS:
        return None
    names, required = DAY_PARAMETERS[query]
    given = {name: (args.get(name) or [""])[0].strip() for name in names}
    for name, value in given.items():
        if not value:
            if required:
                return f"give {name} as a day written YYYY-MM-DD, e.g. 2025-07-01"
            continue
        error = _day_error(name, value)
        if error:
            return error
    if given.get("from") and given.get("to") and given["from"] > given["to"]:
        return f"from ({given['from']}) is after to ({given['to']})"
    language = (args.get("language") or [""])[0].strip()
    if language and not _LANGUAGE.match(language):
        return f"language must be a two-letter code such as en or es; got {language!r}"
    return None


async def _send_error(send: Any, message: str, as_json: bool) -> None:
    if as_json:
        body = json.dumps({"ok": False, "error": message, "status": 400}).encode("utf-8")
        content_type = b"application/json; charset=utf-8"
    else:
        body = (message + "\n").encode("utf-8")
        content_type = b"text/plain; charset=utf-8"
    await send(
        {"type": "http.response.start", "status": 400, "headers": [[b"content-type", content_type]]}
    )
    await send({"type": "http.response.body", "body": body})


def page_rows(datasette: Any, request: Any) -> int:
    """Return how many rows a canned query asks for: a page's worth for its HTML page, one
    more than Datasette returns for a download (so that Datasette still tells it was cut)."""
    if request is None or request.url_vars.get("format") is None:
        return PAGE_ROWS
    return int(datasette.setting("max_returned_rows")) + 1


@hookimpl
def register_magic_parameters(datasette: Any) -> list[tuple[str, Any]]:
    """Give canned queries :_page_rows, the number of rows the page or download shows."""

    def page(key: str, request: Any) -> int:
        if key != "rows":
            raise KeyError(key)
        return page_rows(datasette, request)

    return [("page", page)]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Answer a canned query's malformed parameter with HTTP 400 before it runs."""

    def wrap(app: Any) -> Any:
        async def checked(scope: dict, receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                found = _QUERY_PATH.match(scope.get("path", ""))
                if found:
                    args = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
                    error = parameter_error(found["query"], args)
                    if error:
                        await _send_error(send, error, found["ext"] == ".json")
                        return
            await app(scope, receive, send)

        return checked

    return wrap


def _json_list(value: Any) -> str | None:
    """Return a JSON list of words as plain comma-separated text, or None if it is not one."""
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    return ", ".join(str(item) for item in items) if isinstance(items, list) else None


def _speaker_link(database: str, name: str) -> Markup:
    query = urlencode({"speaker": name})
    return Markup(f'<a href="/{escape(database)}/find_quotes?{query}">{escape(name)}</a>')


# The table each labelled foreign key points at, for links that show only the label.
_LINKED_TABLES = {
    "event_id": "events",
    "mentions_event_id": "events",
    "outlet": "outlets",
    "speaker_id": "speakers",
}


def _labelled_link(database: str, column: str, table: str | None, value: dict) -> Markup | None:
    """Return a foreign key as its label linked to its row, without the raw id beside it."""
    target = _LINKED_TABLES.get(column)
    if target is None or table not in ("articles", "quotes"):
        return None
    label = value.get("label") or value.get("value")
    key = escape(str(value.get("value")))
    return Markup(f'<a href="/{escape(database)}/{target}/{key}">{escape(str(label))}</a>')


# An article's id is a hash of its canonical URL, so the URL an id names never changes: kept
# here, a page of quotes links fifty headlines without fifty queries.
_ARTICLE_URLS: OrderedDict[tuple[str, str], str] = OrderedDict()
KEPT_ARTICLE_URLS = 20_000


async def _article_link(
    datasette: Any, database: str, article: str, title: str | None = None
) -> Markup | None:
    """Return the article's headline linked to its original address."""
    url = _ARTICLE_URLS.get((database, article))
    if url is None or title is None:
        rows = await datasette.get_database(database).execute(
            "select title, url from articles where id = ?", [article]
        )
        row = rows.first()
        if row is None:
            return None
        url, title = row["url"], row["title"]
        _ARTICLE_URLS[(database, article)] = url
        if len(_ARTICLE_URLS) > KEPT_ARTICLE_URLS:
            _ARTICLE_URLS.popitem(last=False)
    return Markup(
        f'<a href="{escape(url)}">{escape(title or url)}</a> '
        f'<a class="archived" href="/{escape(database)}/articles/{escape(article)}">(archived)</a>'
    )


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
):
    """Show long texts as excerpts, JSON lists as words, speakers linked to their quotes and a
    quote's article by its headline linked to the original."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):  # a foreign key Datasette has given its label
        if table == "quotes" and column == "article_id":
            # The label is the headline as it is now (articles.label_column is title).
            label = value.get("label")
            title = str(label) if label is not None and label != value.get("value") else None
            return _article_link(datasette, database, str(value.get("value")), title)
        return _labelled_link(database, column, table, value)
    if table == "articles" and column == "text":
        return excerpt(value)
    if column in ("authors", "topic_terms", "terms"):
        return _json_list(value)
    if column == "article_url" and isinstance(value, str) and value.startswith("http"):
        host = urlsplit(value).hostname or value
        return Markup(f'<a href="{escape(value)}" title="{escape(value)}">{escape(host)} ↗</a>')
    if column in ("speaker_name", "speaker") and isinstance(value, str):
        return _speaker_link(database, value)
    if table == "quotes" and column == "article_id" and isinstance(value, str):
        return _article_link(datasette, database, value)
    return None


async def _article_extras(datasette: Any, database: str, article: str) -> dict[str, Any]:
    """Return an article with its outlet, run (or the run it mentions), quotes and the other
    copies of its story."""
    db = datasette.get_database(database)
    found = await db.execute(
        "select a.*, coalesce(o.name, a.outlet) as outlet_name, e.name as run, "
        "m.name as mentioned_run from articles a left join outlets o on o.domain = a.outlet "
        "left join events e on e.id = a.event_id "
        "left join events m on m.id = a.mentions_event_id where a.id = ?",
        [article],
    )
    row = found.first()
    if row is None:
        return {}
    quotes = await db.execute(
        "select text, speaker_name, speaker_description, verb from quotes "
        "where article_id = ? order by paragraph, id",
        [article],
    )
    copies = await db.execute(
        "select a.id, a.title, a.url, a.published, coalesce(o.name, a.outlet) as outlet "
        "from articles a left join outlets o on o.domain = a.outlet "
        "where a.story_id = ? and a.id != ? order by a.published, a.id",
        [row["story_id"] or article, article],
    )
    return {
        "article": dict(row),
        "article_paragraphs": [p for p in (row["text"] or "").splitlines() if p.strip()],
        "article_quotes": [dict(q) for q in quotes.rows],
        "article_copies": [dict(c) for c in copies.rows],
        "article_authors": _json_list(row["authors"]) or "",
    }


def cells_of(row: Any) -> dict[str, Any]:
    """Return a table page's row as its cells by column name, for templates that place them."""
    return {cell["column"]: cell for cell in row}


@hookimpl
def extra_template_vars(
    template: str, database: str, table: str, view_name: str, request: Any, datasette: Any
) -> Any:
    """Give an article's page its text, quotes and copies; give every page the excerpt filter."""

    async def extras() -> dict[str, Any]:
        found: dict[str, Any] = {
            "excerpt_of": excerpt,
            "cells_of": cells_of,
            "page_rows": PAGE_ROWS,
            "max_returned_rows": datasette.setting("max_returned_rows"),
        }
        if view_name == "row" and table == "articles" and request is not None:
            pk = request.url_vars.get("pks", "")
            found |= await _article_extras(datasette, database, pk)
        return found

    return extras
