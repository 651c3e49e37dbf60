"""Publishing: Datasette's metadata for a database by name, and the copy safe to publish."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from archive import store

DEFAULT_EXCERPT_WORDS = 60
METADATA_DATABASE = "archive"  # the database name metadata.yml is written for


def metadata_path() -> Path:
    """Return the bundled Datasette metadata file."""
    return Path(str(resources.files("archive") / "metadata.yml"))


def plugins_dir() -> Path:
    """Return the folder of the archive's own Datasette plugin (its SQL functions)."""
    return Path(str(resources.files("archive") / "datasette_plugins"))


def templates_dir() -> Path:
    """Return the folder of the archive's page templates (readable lists and article pages)."""
    return Path(str(resources.files("archive") / "templates"))


def metadata_for(database: str) -> dict[str, Any]:
    """Return metadata.yml for a database of another name (public.db is served as "public").

    Datasette keys table notes, canned queries and dashboards by database name.
    """
    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if database != METADATA_DATABASE and METADATA_DATABASE in databases:
        databases[database] = databases.pop(METADATA_DATABASE)
    dashboards = metadata.get("plugins", {}).get("datasette-dashboards", {})
    for dashboard in dashboards.values():
        for chart in dashboard.get("charts", {}).values():
            if chart.get("db") == METADATA_DATABASE:
                chart["db"] = database
    return metadata


def write_metadata(database: str, path: Path) -> Path:
    """Write the metadata for a database name to path (for `datasette serve -m`)."""
    path.write_text(yaml.safe_dump(metadata_for(database), allow_unicode=True), encoding="utf-8")
    return path


def publish(source: Path, out: Path, excerpt_words: int = DEFAULT_EXCERPT_WORDS) -> dict[str, int]:
    """Write a copy of the archive safe to publish; return the rows kept per table.

    The copy is made beside out and moved into place only when whole, so a failure (not an
    archive, a full disk) leaves no partial file and any earlier copy as it was.
    """
    if out.resolve() == source.resolve():
        raise ValueError("the public copy must be another file than the archive")
    if not store.is_live_archive(source):
        raise ValueError(
            f"{source} is not a live archive (it has no captures): publish the archive"
        )
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        store.copy_archive(source, partial)
        db = store.open_db(partial)
        try:
            kept = store.make_public(db, excerpt_words)
        finally:
            db.conn.close()
        os.replace(partial, out)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return kept
