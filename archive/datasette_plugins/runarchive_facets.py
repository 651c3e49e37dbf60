"""Facet counts kept between page views until the archive changes: the "counted" facet type.

A facet on the million-row quotes table counts a million index entries on every page view
(90-240 ms each, bench/queries.py). A "counted" facet counts exactly as Datasette's column
facet does, and keeps what it counted for the next page asking the same, for as long as the
database is unchanged.

A page of a whole table (no filter, no search) does not count at all where the archive keeps
its counts: facet_counts (written by archive/store.py's triggers) holds how many rows have each
value of a counted column, and is read instead, in the same order and with the same values.
A filtered page counts its own rows; so does a column facet_counts holds nothing for (an empty
table, or an archive written before it was kept).

SQLite's PRAGMA data_version tells a connection whether another connection (a crawl writing
the live archive) has committed since that connection last asked. Every count looked up first
asks it on the read connection it runs on; a change, or a connection not seen before, drops
every kept count, and a count finished after such a drop is not kept. So a count made before a
write is never answered after any reader has seen the write. A database served immutable (a
published copy) is never written: its counts are kept until Datasette stops.

Self-contained (Datasette and the standard library only), like runarchive_sql.py, so that it
ships with a published copy through `--plugins-dir`.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import weakref
from collections import OrderedDict
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, sqlite_timelimit

# Distinct counts kept: every facet of the pages readers opened since the last write.
KEPT_COUNTS = 1024
CountKey = tuple[str, str, tuple[Any, ...]]
# The table of counts the archive keeps (archive/store.py), and how its rows are read: as
# Datasette's column facet orders a fresh count, most first, then by value.
FACET_COUNTS = "facet_counts"
KEPT_SQL = (
    "select value, [count] as count from facet_counts where table_name = :table "
    "and column_name = :column order by [count] desc, value limit :limit"
)
# The count Datasette's ColumnFacet asks for (datasette/facets.py, 0.65): its column and limit.
_FACET_SQL = re.compile(
    r"\s*select (?P<column>.+?) as value, count\(\*\) as count from \(.*\)\s*"
    r"where (?P=column) is not null\s*group by (?P=column) order by count desc, value "
    r"limit (?P<limit>\d+)\s*",
    re.S,
)


class KeptCounts:
    """The counts one Datasette has made since the archive last changed.

    A plain class: Datasette loads --plugins-dir modules outside sys.modules, where
    dataclasses cannot read their annotations.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.seen: dict[sqlite3.Connection, int] = {}  # data_version each connection last saw
        self.results: OrderedDict[CountKey, tuple[list[Any], Any]] = OrderedDict()

    def current(self, conn: sqlite3.Connection, mutable: bool) -> int:
        """Return the generation of counts valid on this connection, after dropping any
        made before a write this connection now sees (an immutable database has none)."""
        if not mutable:
            return self.generation
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        with self.lock:
            if self.seen.get(conn) != version:
                self.seen[conn] = version
                self.generation += 1
                self.results.clear()
            return self.generation

    def get(self, key: CountKey) -> tuple[list[Any], Any] | None:
        with self.lock:
            found = self.results.get(key)
            if found is not None:
                self.results.move_to_end(key)
            return found

    def keep(self, key: CountKey, generation: int, found: tuple[list[Any], Any]) -> None:
        with self.lock:
            if generation != self.generation:  # a write was seen while this was counted
                return
            self.results[key] = found
            if len(self.results) > KEPT_COUNTS:
                self.results.popitem(last=False)


_KEPT: weakref.WeakKeyDictionary[Any, KeptCounts] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def forget_counts(datasette: Any) -> None:
    """Drop every count this Datasette keeps, as a write to a live archive does: the next
    pages are counted as on their first view (bench/queries.py times them so)."""
    with _KEPT_LOCK:
        _KEPT.pop(datasette, None)


def _params_key(params: Any) -> tuple[Any, ...]:
    if isinstance(params, dict):
        return tuple(sorted(params.items()))
    return tuple(params or ())


def counted(
    conn: sqlite3.Connection,
    kept: KeptCounts,
    mutable: bool,
    key: CountKey,
    sql: str,
    params: Any,
    time_limit_ms: int,
    kept_query: tuple[str, dict[str, Any]] | None = None,
) -> tuple[list[Any], Any]:
    """Return a count query's rows and description, read from the counts the archive keeps
    where kept_query is given and they hold the column, counted again only after a write."""
    generation = kept.current(conn, mutable)
    found = kept.get(key)
    if found is not None:
        return found
    with sqlite_timelimit(conn, time_limit_ms):
        try:
            found = read_kept(conn, *kept_query) if kept_query else None
            if found is None:
                cursor = conn.execute(sql, params or [])
                found = (cursor.fetchall(), cursor.description)
        except sqlite3.OperationalError as exc:
            if exc.args == ("interrupted",):
                raise QueryInterrupted(exc, sql, params) from exc
            raise
    kept.keep(key, generation, found)
    return found


def kept_sql(sql: str, table: str) -> tuple[str, dict[str, Any]] | None:
    """Return the query reading a whole table's facet count from facet_counts, or None when
    the SQL is not a column facet's count."""
    found = _FACET_SQL.fullmatch(sql)
    if found is None:
        return None
    column = found["column"].removeprefix("[").removesuffix("]").replace("]]", "]")
    if escape_sqlite(column) != found["column"]:
        return None
    return KEPT_SQL, {"table": table, "column": column, "limit": int(found["limit"])}


def read_kept(
    conn: sqlite3.Connection, sql: str, params: dict[str, Any]
) -> tuple[list[Any], Any] | None:
    """Return a whole table's counts from facet_counts, or None when it holds none for the
    column (or the archive has no such table): then the rows are counted."""
    if not conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [FACET_COUNTS]
    ).fetchone():
        return None
    cursor = conn.execute(sql, params)
    rows = cursor.fetchall()
    return (rows, cursor.description) if rows else None


class CountingDatasette:
    """Datasette as a facet sees it, whose execute() answers a count already made, and a
    whole table's count from the counts the archive keeps."""

    def __init__(self, datasette: Any, whole_table: str | None = None) -> None:
        self._datasette = datasette
        self._whole_table = whole_table

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
        with _KEPT_LOCK:
            kept = _KEPT.setdefault(datasette, KeptCounts())
        limit = datasette.sql_time_limit_ms
        if custom_time_limit and custom_time_limit < limit:
            limit = custom_time_limit
        key = (db_name, sql, _params_key(params))
        whole = kept_sql(sql, self._whole_table) if self._whole_table and not params else None
        database = datasette.get_database(db_name)
        rows, description = await database.execute_fn(
            lambda conn: counted(conn, kept, database.is_mutable, key, sql, params, limit, whole)
        )
        return Results(rows, False, description)


def is_whole_table(sql: str, table: str | None, params: Any) -> bool:
    """Tell whether a table page's rows are the whole table: no filter, search or page after
    the first, so that Datasette's SQL ends with the table's name."""
    if not table or params:
        return False
    return bool(re.fullmatch(rf"select .* from {re.escape(escape_sqlite(table))}\s*", sql, re.S))


class CountedFacet(ColumnFacet):
    """A column facet whose counts are kept until the database changes, read from the
    archive's own counts on a page of the whole table."""

    type = "counted"

    def __init__(self, datasette: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(datasette, *args, **kwargs)
        whole = is_whole_table(self.sql, self.table, self.params)
        self.ds = CountingDatasette(datasette, self.table if whole else None)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        """Return the facets as Datasette's column facets, named and shown the same way."""
        results, timed_out = await super().facet_results()
        for facet in results:
            facet["type"] = ColumnFacet.type
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type]:
    return [CountedFacet]
