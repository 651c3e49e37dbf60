"""Facet counts kept between page views until the archive changes: the "counted" facet type.

A facet on the million-row quotes table counts a million index entries on every page view
(90-240 ms each, bench/queries.py). A "counted" facet counts exactly as Datasette's column
facet does, and keeps what it counted for the next page asking the same, for as long as the
database is unchanged. SQLite's PRAGMA data_version tells a connection whether another
connection (a crawl writing the live archive) has committed since it last asked; each of
Datasette's read connections keeps its own counts and drops them all when that happens.

Self-contained (Datasette and the standard library only), like runarchive_sql.py, so that it
ships with a published copy through `--plugins-dir`.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections import OrderedDict
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import sqlite_timelimit

# Distinct counts kept per connection: every facet of every filtered page a reader opened.
KEPT_PER_CONNECTION = 512
CountKey = tuple[str, str, tuple[Any, ...]]


class ConnectionCounts:
    """What one read connection counted, and the data_version it counted at.

    A plain class: Datasette loads --plugins-dir modules outside sys.modules, where
    dataclasses cannot read their annotations.
    """

    def __init__(self) -> None:
        self.version: int | None = None
        self.results: OrderedDict[CountKey, tuple[list[Any], Any]] = OrderedDict()


# Per Datasette instance, per read connection (each is used by one thread at a time).
_COUNTS: weakref.WeakKeyDictionary[Any, dict[sqlite3.Connection, ConnectionCounts]] = (
    weakref.WeakKeyDictionary()
)


def _params_key(params: Any) -> tuple[Any, ...]:
    if isinstance(params, dict):
        return tuple(sorted(params.items()))
    return tuple(params or ())


def counted(
    conn: sqlite3.Connection,
    kept: dict[sqlite3.Connection, ConnectionCounts],
    key: CountKey,
    sql: str,
    params: Any,
    time_limit_ms: int,
) -> tuple[list[Any], Any]:
    """Return a count query's rows and description, counted again only after a write."""
    counts = kept.setdefault(conn, ConnectionCounts())
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    if version != counts.version:
        counts.results.clear()
        counts.version = version
    if key in counts.results:
        counts.results.move_to_end(key)
        return counts.results[key]
    with sqlite_timelimit(conn, time_limit_ms):
        try:
            cursor = conn.execute(sql, params or [])
            found = (cursor.fetchall(), cursor.description)
        except sqlite3.OperationalError as exc:
            if exc.args == ("interrupted",):
                raise QueryInterrupted(exc, sql, params) from exc
            raise
    counts.results[key] = found
    if len(counts.results) > KEPT_PER_CONNECTION:
        counts.results.popitem(last=False)
    return found


class CountingDatasette:
    """Datasette as a facet sees it, whose execute() answers a count already made."""

    def __init__(self, datasette: Any) -> None:
        self._datasette = datasette

    def __getattr__(self, name: str) -> Any:
        return getattr(self._datasette, name)

    async def execute(
        self,
        db_name: str,
        sql: str,
        params: Any = None,
        truncate: bool = False,
        custom_time_limit: int | None = None,
        **_: Any,
    ) -> Results:
        datasette = self._datasette
        kept = _COUNTS.setdefault(datasette, {})
        limit = datasette.sql_time_limit_ms
        if custom_time_limit and custom_time_limit < limit:
            limit = custom_time_limit
        key = (db_name, sql, _params_key(params))
        rows, description = await datasette.get_database(db_name).execute_fn(
            lambda conn: counted(conn, kept, key, sql, params, limit)
        )
        return Results(rows, False, description)


class CountedFacet(ColumnFacet):
    """A column facet whose counts are kept until the database changes."""

    type = "counted"

    def __init__(self, datasette: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(CountingDatasette(datasette), *args, **kwargs)


@hookimpl
def register_facet_classes() -> list[type]:
    return [CountedFacet]
