"""The `runarchive` command line: crawl, add, import, demo, extract, reextract, serve, publish."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import yaml

from archive import __version__, corrections, store
from archive.errors import ArchiveError, describe_error
from archive.fixture_server import serve_fixture_web
from archive.limits import MAX_PAGE_BYTES, MAX_URL_LENGTH, MEGABYTE, read_capped
from archive.locking import check_not_busy, writer_lock
from archive.pool import PageJob, default_workers, extract_page, map_in_order
from archive.publish import DEFAULT_EXCERPT_WORDS, publish, write_metadata
from archive.report import build_reports
from archive.saved_pages import ImportFailed, SavedPage, extract_saved_page, store_saved_page
from archive.serving import serving_command
from archive.sources import SourcesError, load_sources
from archive.stories import assign_story_ids
from archive.verbosity import QUIET, VERBOSE, ArchiveGroup, get_level
from extract import Article, NotAnArticle, extract_article, extract_article_from_text

# Articles stored per transaction by the commands that store many: one commit each, and a
# run cut short loses at most this many, which the next run redoes.
WRITE_BATCH = 100
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
# The crawl subprocess's exit status when it could not write the archive (crawler.__main__).
EXIT_ARCHIVE = 3
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


@click.group(cls=OneLineErrorsGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="runarchive")
def cli() -> None:
    """Archive news coverage of the Run Against ICE protest runs and publish it with Datasette."""


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


def default_sources_path() -> Path:
    """Return ./sources.yml when there is one, else the bundled sources for the runs."""
    local = Path("sources.yml")
    return local if local.is_file() else Path(str(resources.files("archive") / "sources.yml"))


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
    if figures["sources"] and figures["sources_failed"] >= figures["sources"]:
        raise click.ClickException("every source failed; check the network and the sources file")


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


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The page's URL, when the page has no canonical link (one file).")
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False),
    help="The sources file whose topic decides what is coverage. Default as for crawl.",
)
@db_option
@max_size_option
@workers_option
def import_command(
    paths: tuple[str, ...],
    url: str | None,
    sources_path: str | None,
    db_path: str,
    max_megabytes: float,
    workers: int,
) -> None:
    """Import WARC files, or pages saved from a browser (paywalled stories), into the archive.

    WARC files (.warc, .warc.gz) from any tool are read as a stream: every HTML response is
    classified and extracted as a crawled page is, keeping its original fetch time. A saved
    page's URL comes from its canonical link, or --url.

    Example: runarchive import crawl.warc.gz saved/story.html
    """
    if url and len(paths) > 1:
        raise click.BadParameter("--url names one page; give one file with it")
    try:
        sources = load_sources(sources_path or default_sources_path())
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    warcs = [name for name in paths if is_warc(name)]
    pages = [name for name in paths if name not in warcs]
    failures = 0
    with writer_lock(db_path, "runarchive import"):
        db = store.open_db(db_path)
        for name in warcs:
            import_warc_file(db, Path(name), sources)
        now = datetime.now(UTC).replace(microsecond=0)
        limit = int(max_megabytes * MEGABYTE)
        jobs = [
            SavedPage(Path(name), url, now, sources.phrases, sources.events, limit)
            for name in pages
        ]
        for job, page in zip(jobs, map_in_order(extract_saved_page, jobs, workers), strict=True):
            try:
                outcome = store_saved_page(db, job, page, sources)
            except (ImportFailed, ArchiveError) as exc:
                failures += 1
                click.echo(f"not imported: {job.path}: {exc}", err=True)
                continue
            click.echo(f"{job.path}: {outcome}", err=True)
        assign_story_ids(db)  # an imported page may be a copy of a stored story
        store.update_statistics(db)
    if pages and failures == len(pages):
        sys.exit(1)


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


def extract_file(path: Path, url: str | None, max_bytes: int = MAX_PAGE_BYTES) -> Article:
    """Return the Article in an HTML, gzipped HTML or plain-text file."""
    data = read_capped(path, max_bytes)
    page_url = url or path.resolve().as_uri()
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    if path.suffix == ".txt":
        return extract_article_from_text(
            data.decode("utf-8", errors="replace"), page_url, fetched_at
        )
    return extract_article(data, page_url, fetched_at)


def article_json(source: str, article: Article) -> dict[str, Any]:
    """Return the JSON object `runarchive extract` prints for one article."""
    return {
        "source": source,
        "url": article.url,
        "title": article.title,
        "authors": list(article.authors),
        "site_name": article.site_name,
        "published": article.published,
        "published_source": article.published_source,
        "published_confidence": article.published_confidence,
        "modified": article.modified,
        "language": article.language,
        "word_count": article.word_count,
        "on_topic": article.topic.on_topic,
        "topic_score": article.topic.score,
        "topic_terms": list(article.topic.terms),
        "quotes": [{k: v for k, v in asdict(q).items() if k != "language"} for q in article.quotes],
        "text": article.text,
    }


@contextmanager
def progress(items: list[Any], label: str, silent: bool) -> Iterator[Any]:
    """Yield items wrapped in a progress bar on stderr unless silent or quiet."""
    if silent or get_level() <= QUIET:
        yield iter(items)
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield bar


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The page's URL, when one file is given.")
@click.option("--jsonl", is_flag=True, help="One JSON object per line instead of a JSON array.")
@max_size_option
@silent_option
def extract_command(
    paths: tuple[str, ...], url: str | None, jsonl: bool, max_megabytes: float, silent: bool
) -> None:
    """Extract articles, dates and quotes from saved files (.html, .html.gz, .txt).

    Example: runarchive extract page.html story.txt --jsonl
    """
    if url and len(paths) > 1:
        raise click.BadParameter("--url names one page; give one file with it")
    results, failures = [], 0
    with progress(list(paths), "extracting", silent or len(paths) < 2) as bar:
        for name in bar:
            try:
                article = extract_file(Path(name), url, int(max_megabytes * MEGABYTE))
                results.append(article_json(name, article))
            except (NotAnArticle, ArchiveError, OSError) as exc:
                failures += 1
                results.append({"source": name, "error": describe_error(exc)})
    for result in results if jsonl else []:
        click.echo(json.dumps(result, ensure_ascii=False))
    if not jsonl:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    quotes = sum(len(r.get("quotes", [])) for r in results)
    on_topic = sum(1 for r in results if r.get("on_topic"))
    if not silent:
        click.echo(
            f"extracted {len(results) - failures} of {len(results)} files: "
            f"{on_topic} on topic, {quotes} quotes, {failures} failed",
            err=True,
        )
    if failures == len(results):
        sys.exit(1)


@cli.command()
@db_option
@workers_option
@silent_option
def reextract(db_path: str, workers: int, silent: bool) -> None:
    """Rebuild articles and quotes from the stored captures, without fetching.

    Example: runarchive reextract --db archive.db
    """
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}")
    with writer_lock(db_path, "runarchive reextract"):
        _reextract(db_path, workers, silent)


def _reextract(db_path: str, workers: int, silent: bool) -> None:
    """Re-extract every archived article from its newest capture."""
    db = store.open_db(db_path)
    rows = list(store.iter_article_captures(db))
    events = store.get_events(db)  # the runs as the crawl that stored them knew them
    jobs = (
        PageJob(
            store.capture_body_gzipped(db, row["id"]),
            row["final_url"] or row["url"],
            datetime.fromisoformat(row["fetched_at"]),
            events=events,
            gzipped=True,
        )
        for row in rows
    )
    changed = 0
    with progress(rows, "re-extracting", silent) as bar:
        results = zip(bar, map_in_order(extract_page, jobs, workers), strict=True)
        for batch in _batches(results, WRITE_BATCH):
            with store.transaction(db):
                for row, article in batch:
                    if isinstance(article, NotAnArticle):
                        continue
                    _, state = store.save_article(db, article, row["fetched_at"], refresh=True)
                    changed += state != "unchanged"
    with store.transaction(db):
        store.apply_speaker_merges(db)
    if changed or store.has_ungrouped_articles(db):  # unchanged texts keep their stories
        assign_story_ids(db)
    store.update_statistics(db)
    click.echo(f"re-extracted {len(rows)} articles, {changed} changed", err=True)


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of up to size items."""
    while batch := list(itertools.islice(items, size)):
        yield batch


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


WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(name: str) -> bool:
    """Tell a WARC (or ARC) file from a saved page by its name."""
    return name.lower().endswith(WARC_SUFFIXES)


def import_warc_file(db: Any, path: Path, sources: Any) -> None:
    """Import one WARC file and say what it held; a damaged file is a clear error."""
    from warcio.exceptions import ArchiveLoadFailed

    from archive.warc import TruncatedWarc
    from crawler.warc_import import import_warc

    try:
        counts = import_warc(db, path, sources)
    except TruncatedWarc as exc:
        raise click.ClickException(
            f"{path}: cut off, {exc}; the records before it are kept"
        ) from exc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise click.ClickException(f"{path}: not a readable WARC file ({exc})") from exc
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no records"
    click.echo(f"{path}: {summary}", err=True)


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["warc", "csv", "jsonl"]),
    required=True,
    help="warc: every stored response; csv or jsonl: the rows of --table.",
)
@click.option(
    "--table",
    type=click.Choice(["articles", "quotes"]),
    help="The table to export as CSV or JSON lines.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False),
    help="The file to write (required for WARC; CSV and JSON lines go to stdout without it).",
)
@click.option("--run", help="Only what covers this run (an event name from the sources file).")
@click.option("--since", metavar="DAY", help="WARC: only captures fetched on or after DAY.")
@db_option
def export_command(
    fmt: str,
    table: str | None,
    out_path: str | None,
    run: str | None,
    since: str | None,
    db_path: str,
) -> None:
    """Export the captures as a WARC file, or articles or quotes as CSV or JSON lines.

    Example: runarchive export --format warc --out archive.warc.gz --since 2026-03-01
    """
    from archive.export import export_table, export_warc

    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}")
    db = store.open_db(db_path)
    if fmt == "warc":
        if not out_path:
            raise click.UsageError("--format warc needs --out FILE.warc.gz")
        if since:
            since = _day(since)
        written = export_warc(db, Path(out_path), run, since)
        click.echo(f"{written} captures written to {out_path}", err=True)
        return
    if table is None:
        raise click.UsageError(f"--format {fmt} needs --table articles or --table quotes")
    with contextlib.ExitStack() as stack:
        stream = (
            stack.enter_context(Path(out_path).open("w", encoding="utf-8", newline=""))
            if out_path
            else sys.stdout
        )
        written = export_table(db, table, fmt, stream, run)
    click.echo(f"{written} {table} written", err=True)


def _day(value: str) -> str:
    """Return a --since day as ISO-8601 text, or fail saying what is expected."""
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"not a day (YYYY-MM-DD): {value}", param_hint="--since") from exc


@cli.group(cls=ArchiveGroup)
def correct() -> None:
    """Correct what extraction found; corrections are kept and applied again after reextract.

    Example: runarchive correct speaker 42 "Ana Almanza" --reason "named in the next paragraph"
    """


def reason_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --reason option every correction records."""
    return click.option("--reason", help="Why the correction is made (kept with it).")(command)


def _correct(db_path: str, make: Callable[..., str], *args: Any) -> None:
    """Run a correction on the archive, turning a bad reference into a clear error."""
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}")
    try:
        click.echo(make(store.open_db(db_path), *args), err=True)
    except corrections.CorrectionError as exc:
        raise click.ClickException(str(exc)) from exc


@correct.command("speaker")
@click.argument("quote_id", type=int)
@click.argument("name")
@reason_option
@db_option
def correct_speaker(quote_id: int, name: str, reason: str | None, db_path: str) -> None:
    """Attribute a quote to the person or organization NAME.

    Example: runarchive correct speaker 42 "Ana Almanza"
    """
    _correct(db_path, corrections.correct_speaker, quote_id, name, reason)


@correct.command("not-a-quote")
@click.argument("quote_id", type=int)
@reason_option
@db_option
def correct_not_a_quote(quote_id: int, reason: str | None, db_path: str) -> None:
    """Stop counting a passage as a quote.

    Example: runarchive correct not-a-quote 42 --reason "a sign's slogan"
    """
    _correct(db_path, corrections.correct_not_a_quote, quote_id, reason)


@correct.command("merge-speakers")
@click.argument("a")
@click.argument("b")
@reason_option
@db_option
def correct_merge_speakers(a: str, b: str, reason: str | None, db_path: str) -> None:
    """Make speaker A (name or id) one with speaker B; A's name stays as an alias.

    Example: runarchive correct merge-speakers DHS "U.S. Department of Homeland Security"
    """
    _correct(db_path, corrections.merge_speakers, a, b, reason)


@correct.command("run")
@click.argument("article_id")
@click.argument("run")
@reason_option
@db_option
def correct_run(article_id: str, run: str, reason: str | None, db_path: str) -> None:
    """File an article under RUN (its name or id in the events table).

    Example: runarchive correct run 15750c07c3f16e5b "Run Against ICE, Bakersfield, 2026"
    """
    _correct(db_path, corrections.correct_run, article_id, run, reason)


@correct.command("coverage")
@click.argument("article_id")
@click.argument("coverage", type=click.Choice(["story", "mention"]))
@reason_option
@db_option
def correct_coverage(article_id: str, coverage: str, reason: str | None, db_path: str) -> None:
    """Make an article a story about its run, or a mention of it in passing.

    Example: runarchive correct coverage 15750c07c3f16e5b mention --reason "weekly calendar"
    """
    _correct(db_path, corrections.correct_coverage, article_id, coverage, reason)


@cli.command("report")
@click.option("--run", "run", metavar="NAME", help="Only this run (its name or id).")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write the report into.",
)
@db_option
def report_command(run: str | None, out_dir: str, db_path: str) -> None:
    """Write a report per run and overall: HTML and Markdown, charts as PNG and SVG, the
    quotes as CSV.

    Example: runarchive report --out report && xdg-open report/index.html
    """
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}")
    try:
        pages = build_reports(store.open_db(db_path), Path(out_dir), run)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    for page in pages:
        click.echo(str(page))
    click.echo(f"report written to {out_dir}: {len(pages)} page(s)", err=True)


if __name__ == "__main__":
    cli()
