"""The `runarchive` command line: crawl, check, add, worker, demo, serve and publish here, and the
archive's own commands (runarchive.archive_commands) added to the group."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click
import yaml

from archive import __version__, store
from archive.fixture_server import serve_fixture_web
from archive.limits import MAX_URL_LENGTH
from archive.locking import check_not_busy, writer_lock
from archive.publish import DEFAULT_EXCERPT_WORDS, publish, write_metadata
from archive.sources import SourcesError, load_sources
from runarchive.archive_commands import (
    correct,
    export_command,
    extract_command,
    import_command,
    reextract,
    report_command,
)
from runarchive.launch import (
    LOOPBACK_SETTINGS,
    BadSourcesFile,
    run_check,
    run_crawl,
    run_datasette,
    run_frontier_crawl,
)
from runarchive.options import (
    CONTEXT_SETTINGS,
    OneLineErrorsGroup,
    db_option,
    default_sources_path,
    serve_options,
    setting_option,
    silent_option,
)


@click.group(cls=OneLineErrorsGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="runarchive")
def cli() -> None:
    """Archive news coverage of the Run Against ICE protest runs and publish it with Datasette."""


@cli.command()
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False),
    help="The sources file (YAML). Default: ./sources.yml, else the bundled one.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Go on with the last crawl that did not finish, skipping the pages it fetched.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Share the crawl's queue on this Redis server (redis://host:6379/0) with workers.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="With --redis: how many crawler processes to run on this machine.",
)
@db_option
@setting_option
@silent_option
def crawl(
    sources_path: str | None,
    resume: bool,
    redis_url: str | None,
    workers: int,
    db_path: str,
    overrides: tuple[str, ...],
    silent: bool,
) -> None:
    """Find and fetch coverage from the sources file into the archive.

    A crawl stopped by Ctrl-C, SIGTERM or a kill goes on where it stopped with --resume.
    With --redis, the crawl's queue and duplicate filter live on Redis: this command seeds
    them, runs --workers crawler processes and stores what every worker fetches, while
    `runarchive worker --redis URL` on other machines fetches for it.

    Example: runarchive crawl --sources sources.yml --db archive.db --resume
    """
    sources_path = sources_path or str(default_sources_path())
    try:
        load_sources(sources_path)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    check_not_busy(db_path)
    if resume:
        started = store.resumable_crawl_start(store.open_db(db_path))
        click.echo(
            f"resuming the crawl started {started}"
            if started
            else "no crawl to resume: crawling from the start",
            err=True,
        )
        overrides = ("ARCHIVE_RESUME=True", *overrides)
    if redis_url:
        # This process is the shared crawl's one writer; its workers only fetch.
        with writer_lock(db_path, "runarchive crawl --redis"):
            figures = run_frontier_crawl(
                sources_path, db_path, redis_url, workers, overrides, resume
            )
    else:
        figures = run_crawl(Path(sources_path), db_path, overrides, silent)
    from crawler.report import every_source_failed

    if every_source_failed(figures):
        raise click.ClickException("every source failed; check the network and the sources file")


@cli.command("check")
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False),
    help="The sources file (YAML). Default: ./sources.yml, else the bundled one.",
)
def check_command(sources_path: str | None) -> None:
    """Ask each source and search service once, politely, before a long crawl.

    One line each: reachable or not, what robots.txt allows, a feed's items and newest date,
    a sitemap's size and dates, a site's platform and search route, a service's key and rate
    limit; then "N of M sources ok". Exits 1 when any source fails, 2 on a bad sources file.

    Example: runarchive check --sources sources.yml
    """
    sources_path = sources_path or str(default_sources_path())
    try:
        load_sources(sources_path)
    except SourcesError as exc:
        raise BadSourcesFile(str(exc)) from exc
    results = run_check(Path(sources_path))
    for result in results:
        click.echo(result["line"])
    ok = sum(1 for result in results if result["ok"])
    click.echo(f"{ok} of {len(results)} sources ok")
    if ok < len(results):
        sys.exit(1)


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@setting_option
@silent_option
def add(urls: tuple[str, ...], db_path: str, overrides: tuple[str, ...], silent: bool) -> None:
    """Fetch the given article URLs into the archive.

    Example: runarchive add https://www.turnto23.com/news/some-story
    """
    outlets: dict[str, list[str]] = {}
    for url in urls:
        shown = url if len(url) <= 80 else url[:77] + "..."
        if len(url) > MAX_URL_LENGTH:
            raise click.ClickException(f"URL longer than {MAX_URL_LENGTH} characters: {shown}")
        try:
            parts = urlsplit(url)
            host, _ = parts.hostname, parts.port
        except ValueError as exc:
            raise click.ClickException(f"not a valid URL ({exc}): {shown}") from None
        if parts.scheme not in ("http", "https") or not host:
            raise click.ClickException(f"not an http(s) URL: {shown}")
        outlets.setdefault(host, []).append(url)
    check_not_busy(db_path)
    document = {"outlets": [{"domain": host, "articles": found} for host, found in outlets.items()]}
    with tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        sources = Path(tmp) / "sources.yml"
        sources.write_text(yaml.safe_dump(document), encoding="utf-8")
        settings = ("ARCHIVE_ARTICLE_ROUTE=manual", *overrides)
        figures = run_crawl(sources, db_path, settings, silent)
    if figures["fetched"] and figures["fetched"] == sum(figures["errors"].values()):
        raise click.ClickException("no URL could be fetched")


@cli.command()
@db_option
@serve_options
@click.option("--no-serve", is_flag=True, help="Build the archive, then stop.")
@silent_option
def demo(db_path: str, host: str, port: int, no_serve: bool, silent: bool) -> None:
    """Crawl the bundled fixture web on loopback into the archive, then serve it.

    Example: runarchive demo --no-serve
    """
    with serve_fixture_web() as web, tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        sources = Path(tmp) / "sources.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        click.echo(f"serving the fixture web on {', '.join(web.origins.values())}", err=True)
        run_crawl(sources, db_path, LOOPBACK_SETTINGS, silent)
    click.echo(f"archive written to {db_path}", err=True)
    if not no_serve:
        run_datasette(db_path, host, port)


@cli.command()
@db_option
@serve_options
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the archive with Datasette, read-only.

    Example: runarchive serve --db archive.db --port 8001
    """
    run_datasette(db_path, host, port)


@cli.command("publish")
@db_option
@click.option(
    "--out",
    "out_path",
    default="public.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The copy safe to publish.",
)
@click.option(
    "--excerpt-words",
    default=DEFAULT_EXCERPT_WORDS,
    show_default=True,
    type=click.IntRange(0, 1000),
    help="Words of each article's text kept in the public copy.",
)
def publish_command(db_path: str, out_path: str, excerpt_words: int) -> None:
    """Write a copy of the archive safe to publish: quotes, speakers, outlets and links, article
    texts cut to an excerpt, no captures or raw HTML.

    Example: runarchive publish --out public.db && runarchive serve --db public.db
    """
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}")
    try:
        kept = publish(Path(db_path), Path(out_path), excerpt_words)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    metadata = write_metadata(Path(out_path).stem, Path(out_path).with_suffix(".metadata.yml"))
    summary = ", ".join(f"{n} {name}" for name, n in kept.items())
    click.echo(f"public copy written to {out_path}: {summary}", err=True)
    click.echo(f"its Datasette metadata: {metadata}", err=True)


@cli.command()
@click.option(
    "--redis", "redis_url", metavar="URL", required=True, help="The crawl's Redis server."
)
@click.option(
    "--wait",
    default=60.0,
    show_default=True,
    type=float,
    help="Seconds to wait for a crawl to start on the frontier.",
)
def worker(redis_url: str, wait: float) -> None:
    """Fetch pages for a crawl shared on Redis, started elsewhere with `runarchive crawl --redis`.

    The worker takes the sources and settings from Redis, hands every page it fetches to the
    machine that stores them, and stops when that crawl is done.

    Example: runarchive worker --redis redis://crawl-host:6379/0
    """
    from crawler.frontier_store import run_remote_worker

    try:
        code = run_remote_worker(redis_url, wait)
    except ConnectionError as exc:
        raise click.ClickException(str(exc)) from exc
    if code:
        sys.exit(code)


for _command in (
    import_command,
    extract_command,
    reextract,
    export_command,
    correct,
    report_command,
):
    cli.add_command(_command)
