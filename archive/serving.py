"""How Datasette is started for an archive: a live one read-only over its WAL, a copy immutable."""

from __future__ import annotations

import ipaddress
import sys

from archive import store
from archive.errors import ArchiveError
from archive.publish import plugins_dir, templates_dir

SQL_TIME_LIMIT_MS = 2000
# A facet on a filtered page of a million quotes counts up to 700,000 rows (0.3-0.8 s); it is
# counted once and kept until the archive changes (the "counted" facets), so it is given the
# time to finish rather than Datasette's 200 ms, past which it would be dropped every time.
FACET_TIME_LIMIT_MS = 1000


def is_loopback(host: str) -> bool:
    """Tell whether a serving address reaches this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serving_command(db_path: str, host: str, port: int) -> list[str]:
    """Return the `datasette serve` command line for an archive.

    A live archive (raw captures, full texts, crawl log) is served to this machine only and
    never immutable: immutable mode ignores the WAL and takes no locks, so pages would fail
    with "database disk image is malformed" while a crawl writes. Datasette opens it with
    read-only connections (mode=ro) that wait on a lock up to sqlite3's 5 s busy timeout, and
    never offers a database that can change for download. A published copy is immutable.
    """
    live = store.is_live_archive(db_path)
    if live and not is_loopback(host):
        raise ArchiveError(
            f"{db_path} is the live archive (raw captures, full texts): it is served on "
            "loopback only; publish a copy with `runarchive publish` and serve that instead"
        )
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        *([db_path] if live else ["-i", db_path]),
        "--plugins-dir",
        str(plugins_dir()),
        "--template-dir",
        str(templates_dir()),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
        # Suggesting facets counts every column's values on each table page: seconds on a
        # large archive (bench/queries.py); the facets metadata.yml names still show.
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "facet_time_limit_ms",
        str(FACET_TIME_LIMIT_MS),
    ]
