"""Launching what runs beside the command line: a crawl or a check in a subprocess (a Twisted
reactor cannot restart in one process), a shared crawl's processes, and Datasette."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from archive import store
from archive.publish import write_metadata
from archive.serving import serving_command
from archive.verbosity import QUIET, VERBOSE, get_level

# Our own loopback server needs no politeness; real outlets keep crawler.settings' delays.
LOOPBACK_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_TIMES=1",
    "DOWNLOAD_TIMEOUT=10",
    # The fixture web's stand-in services keep the live ones' rules at a scaled-down pace
    # (their _service.yml); the demo asks them at that pace.
    "ARCHIVE_GDELT_PACE=0.2",
    "ARCHIVE_WAYBACK_PACE=0.1",
    "ARCHIVE_GOOGLE_NEWS_PACE=0.1",
    "ARCHIVE_MEDIACLOUD_PACE=0.5",
    "ARCHIVE_RATE_LIMIT_WAIT=2",
)


def run_crawl(sources: Path, db_path: str, overrides: tuple[str, ...], silent: bool) -> dict:
    """Crawl in a subprocess (a Twisted reactor cannot restart) and return its summary figures."""
    with tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        report = Path(tmp) / "report.json"
        settings = [
            "LOG_LEVEL=WARNING",
            "LOG_FORMAT=%(message)s",
            f"ARCHIVE_REPORT={report}",
            "ARCHIVE_FRAMEWORK_LOG_LEVEL=CRITICAL",
            *(["ARCHIVE_PROGRESS_EVERY=0"] if silent or get_level() <= QUIET else []),
            *({QUIET: ["LOG_LEVEL=ERROR"], VERBOSE: ["LOG_LEVEL=INFO"]}.get(get_level(), [])),
            *overrides,
        ]
        from crawler.context import crawl_command, crawl_env
        from crawler.report import EXIT_ARCHIVE

        command = crawl_command(sources, db_path, settings)
        result = subprocess.run(command, env=crawl_env(), check=False)
        if result.returncode == 2:
            raise click.ClickException("the sources file is not valid (see above)")
        if result.returncode == EXIT_ARCHIVE:
            sys.exit(1)  # the crawl said why in one line
        if not report.is_file():
            raise click.ClickException(
                f"the crawl stopped before finishing (exit {result.returncode})"
            )
        return json.loads(report.read_text(encoding="utf-8"))


class BadSourcesFile(click.ClickException):
    """A sources file that cannot be used: one line naming its file and line, exit status 2."""

    exit_code = 2


def run_check(sources: Path) -> list[dict[str, Any]]:
    """Check the sources in a subprocess, through the crawl's own fetching (fetch guard, user
    agent), and return one result per source and search service."""
    with tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        report = Path(tmp) / "check.json"
        settings = [
            "LOG_LEVEL=WARNING",
            "LOG_FORMAT=%(message)s",
            "ARCHIVE_FRAMEWORK_LOG_LEVEL=CRITICAL",
            f"ARCHIVE_CHECK_REPORT={report}",
        ]
        # The command line of `python -m crawler check` (crawler/__main__.py).
        command = [sys.executable, "-m", "crawler", "check", str(sources)]
        for setting in settings:
            command += ["-s", setting]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
        result = subprocess.run(command, env=env, check=False)
        if result.returncode == 2:
            raise BadSourcesFile("the sources file is not valid (see above)")
        if not report.is_file():
            raise click.ClickException(
                f"the check stopped before finishing (exit {result.returncode})"
            )
        return json.loads(report.read_text(encoding="utf-8"))


def run_datasette(db_path: str, host: str, port: int) -> None:
    """Serve the archive read-only (time-limited SQL) with Datasette until stopped.

    A live archive is opened read-only over its WAL, so pages show what a crawl running at the
    same time has committed; only a published copy, which nothing writes, is opened immutable.
    """
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}: run `runarchive crawl` first")
    command = serving_command(db_path, host, port)  # the archive is checked first
    check_port_free(host, port)
    store.upgrade_live_archive(db_path)
    with tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        metadata = write_metadata(Path(db_path).stem, Path(tmp) / "metadata.yml")
        command += ["--metadata", str(metadata)]
        click.echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        _run_until_stopped(command)


def check_port_free(host: str, port: int) -> None:
    """Fail with a clear message when another program already listens on host:port."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"cannot serve on {host}:{port} ({exc.strerror or exc}): another program uses it "
                "or the address is not this machine's; pick another with --port or --host"
            ) from exc


def _run_until_stopped(command: list[str]) -> None:
    """Run a server and wait for it; a SIGTERM to us stops it too rather than orphaning it."""
    process = subprocess.Popen(command)
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the server as well
            process.wait()
        process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
    if process.returncode > 0:  # it failed (a port taken since the check); stopped is < 0
        raise click.ClickException(f"the server stopped with exit status {process.returncode}")


# What a worker of a shared crawl logs: its one-line messages, not Scrapy's own.
QUIET_WORKER_SETTINGS = (
    "LOG_LEVEL=WARNING",
    "LOG_FORMAT=%(message)s",
    "ARCHIVE_FRAMEWORK_LOG_LEVEL=CRITICAL",
    "ARCHIVE_PROGRESS_EVERY=0",
)


def run_frontier_crawl(
    sources_path: str,
    db_path: str,
    redis_url: str,
    workers: int,
    overrides: tuple[str, ...],
    resume: bool,
) -> dict:
    """Run a crawl shared on Redis, store what its workers fetch and print its summary."""
    from crawler.frontier_store import run_shared_crawl
    from crawler.report import format_summary

    try:
        figures = run_shared_crawl(
            sources_path,
            db_path,
            redis_url,
            workers,
            (*QUIET_WORKER_SETTINGS, *overrides),
            resume=resume,
        )
    except (ConnectionError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_summary(figures), err=True)
    return figures
