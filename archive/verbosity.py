"""How much the command line says: -q and -v on every command, and libraries' warnings sent
through logging (one short line each) instead of raw to the console."""

from __future__ import annotations

import logging
from typing import Any

import click

# Libraries whose warnings are about a page, not about the run ("discarding data: <url>");
# they are shown with -v only.
LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "dateparser", "py.warnings")
QUIET, NORMAL, VERBOSE = logging.ERROR, logging.WARNING, logging.INFO


def configure_logging(level: int) -> None:
    """Send log records, Python warnings included, to stderr as one line each."""
    logging.captureWarnings(True)
    root = logging.getLogger()
    if not any(getattr(h, "runarchive", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.runarchive = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(level if level <= VERBOSE else QUIET)


def get_level() -> int:
    """Return the verbosity the current command was given (NORMAL outside a command)."""
    context = click.get_current_context(silent=True)
    return context.find_root().meta.get("runarchive.level", NORMAL) if context else NORMAL


def _set_level(context: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    level = QUIET if param.name == "quiet" else VERBOSE
    context.find_root().meta["runarchive.level"] = level
    configure_logging(level)


VERBOSITY_OPTIONS = (
    click.Option(
        ["-q", "--quiet"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_level,
        help="Say only what went wrong: no progress, no library messages.",
    ),
    click.Option(
        ["-v", "--verbose"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_level,
        help="Say more: the crawl's and the libraries' messages too.",
    ),
)


class ArchiveGroup(click.Group):
    """A click group whose every command (and every command of its subgroups) takes -q/-v."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        names = {p.name for p in cmd.params}
        cmd.params.extend(o for o in VERBOSITY_OPTIONS if o.name not in names)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        if "runarchive.level" not in ctx.find_root().meta:
            configure_logging(NORMAL)
        return super().invoke(ctx)
