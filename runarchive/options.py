"""What every command shares: the root group's error handling, the --db, --silent, --workers,
-s and serve options, the default sources file and the progress bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import click

from archive.errors import describe_error
from archive.limits import MAX_PAGE_BYTES, MEGABYTE
from archive.pool import default_workers
from archive.verbosity import QUIET, ArchiveGroup, get_level

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

DB_META = "runarchive.db"


def _remember_db(ctx: click.Context, _: click.Parameter, value: str) -> str:
    """Keep the --db value where the error handler can name it."""
    ctx.meta[DB_META] = value
    return value


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --db option every command shares."""
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        callback=_remember_db,
        help="The archive database file.",
    )(command)


def silent_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --silent option that hides progress output."""
    return click.option("--silent", is_flag=True, help="Show no progress.")(command)


def workers_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --workers option of the commands that extract many pages."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=default_workers,
        show_default="all cores",
        help="Processes that extract pages at once; one writer stores them in order.",
    )(command)


def setting_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the repeatable -s KEY=VALUE option that overrides a crawl setting."""
    return click.option(
        "-s",
        "--set",
        "overrides",
        multiple=True,
        metavar="KEY=VALUE",
        callback=check_settings,
        help="Override a crawl setting (repeatable): a Scrapy setting or an ARCHIVE_* one.",
    )(command)


def max_size_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --max-size option: the largest page read, as for the crawler."""
    return click.option(
        "--max-size",
        "max_megabytes",
        default=MAX_PAGE_BYTES / MEGABYTE,
        show_default=True,
        type=click.FloatRange(0, 1024, min_open=True),
        help="Largest page read, in MB (after gunzip); larger ones are refused.",
    )(command)


def known_settings() -> set[str]:
    """Return the names a crawl understands: Scrapy's settings and ours (crawler.settings)."""
    from scrapy.settings import default_settings

    from crawler import settings as ours

    return {name for module in (default_settings, ours) for name in dir(module) if name.isupper()}


def check_settings(
    context: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a -s that is not KEY=VALUE or names no known setting (a typo would do nothing)."""
    known = known_settings()
    for pair in values:
        key, equals, _ = pair.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", context, param)
        if key.strip() not in known:
            raise click.BadParameter(
                f"unknown setting {key.strip()!r}: give a Scrapy setting or one of "
                f"{', '.join(sorted(k for k in known if k.startswith('ARCHIVE_')))}",
                context,
                param,
            )
    return values


def serve_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --host and --port options of the web server."""
    command = click.option(
        "--port",
        default=8001,
        show_default=True,
        type=int,
        help="Port to serve on (0 picks a free one).",
    )(command)
    return click.option(
        "--host", default="127.0.0.1", show_default=True, help="Address to serve on."
    )(command)


class OneLineErrorsGroup(ArchiveGroup):
    """The root command group: -q/-v on every command, and any failure a command does not
    report itself ends in one line and exit status 1, never a traceback (RUNARCHIVE_TRACEBACK=1
    shows it, for bug reports)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; nothing stored was lost") from None
        except Exception as exc:
            if os.environ.get("RUNARCHIVE_TRACEBACK"):
                raise
            raise click.ClickException(describe_error(exc, ctx.meta.get(DB_META))) from None


def default_sources_path() -> Path:
    """Return ./sources.yml when there is one, else the bundled sources for the runs."""
    local = Path("sources.yml")
    return local if local.is_file() else Path(str(resources.files("archive") / "sources.yml"))


@contextmanager
def progress(items: list[Any], label: str, silent: bool) -> Iterator[Any]:
    """Yield items wrapped in a progress bar on stderr unless silent or quiet."""
    if silent or get_level() <= QUIET:
        yield iter(items)
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield bar
