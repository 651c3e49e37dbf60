"""The `runarchive` command line: crawl, add, import, demo, extract, reextract, serve, publish."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import os
import signal
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

from archive import __version__, store
from archive.fixture_server import serve_fixture_web
from archive.pool import PageJob, default_workers, extract_page, map_in_order
from archive.publish import DEFAULT_EXCERPT_WORDS, plugins_dir, publish, write_metadata
from archive.saved_pages import ImportFailed, SavedPage, extract_saved_page, store_saved_page
from archive.sources import SourcesError, load_sources
from extract import Article, NotAnArticle, extract_article, extract_article_from_text

# Articles stored per transaction by the commands that store many: one commit each, and a
# run cut short loses at most this many, which the next run redoes.
WRITE_BATCH = 100
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
# Our own loopback server needs no politeness; real outlets keep crawler.settings' delays.
LOOPBACK_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_TIMES=1",
    "DOWNLOAD_TIMEOUT=10",
)


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --db option every command shares."""
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
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
        help="Override a crawl setting (repeatable).",
    )(command)


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


@click.group(context_settings=CONTEXT_SETTINGS)
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
            *(["ARCHIVE_PROGRESS_EVERY=0"] if silent else []),
            *overrides,
        ]
        command = [sys.executable, "-m", "crawler", str(sources), db_path]
        for setting in settings:
            command += ["-s", setting]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
        result = subprocess.run(command, env=env, check=False)
        if result.returncode == 2:
            raise click.ClickException("the sources file is not valid (see above)")
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
@db_option
@setting_option
@silent_option
def crawl(
    sources_path: str | None,
    resume: bool,
    db_path: str,
    overrides: tuple[str, ...],
    silent: bool,
) -> None:
    """Find and fetch coverage from the sources file into the archive.

    A crawl stopped by Ctrl-C, SIGTERM or a kill goes on where it stopped with --resume.

    Example: runarchive crawl --sources sources.yml --db archive.db --resume
    """
    sources_path = sources_path or str(default_sources_path())
    try:
        load_sources(sources_path)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    if resume:
        started = store.resumable_crawl_start(store.open_db(db_path))
        click.echo(
            f"resuming the crawl started {started}"
            if started
            else "no crawl to resume: crawling from the start",
            err=True,
        )
        overrides = ("ARCHIVE_RESUME=True", *overrides)
    figures = run_crawl(Path(sources_path), db_path, overrides, silent)
    if figures["sources"] and figures["sources_failed"] >= figures["sources"]:
        raise click.ClickException("every source failed; check the network and the sources file")


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
        host = urlsplit(url).hostname
        if urlsplit(url).scheme not in ("http", "https") or not host:
            raise click.BadParameter(f"not an http(s) URL: {url}", param_hint="URLS")
        outlets.setdefault(host, []).append(url)
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
@workers_option
def import_command(
    paths: tuple[str, ...], url: str | None, sources_path: str | None, db_path: str, workers: int
) -> None:
    """Import pages saved from a browser (paywalled stories) into the archive.

    The URL comes from the page's canonical link, or --url.

    Example: runarchive import saved/story.html --url https://www.latimes.com/story
    """
    if url and len(paths) > 1:
        raise click.BadParameter("--url names one page; give one file with it")
    try:
        sources = load_sources(sources_path or default_sources_path())
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    db = store.open_db(db_path)
    failures = 0
    now = datetime.now(UTC).replace(microsecond=0)
    jobs = [SavedPage(Path(name), url, now, sources.phrases, sources.events) for name in paths]
    for job, page in zip(jobs, map_in_order(extract_saved_page, jobs, workers), strict=True):
        try:
            outcome = store_saved_page(db, job, page, sources)
        except ImportFailed as exc:
            failures += 1
            click.echo(f"not imported: {job.path}: {exc}", err=True)
            continue
        click.echo(f"{job.path}: {outcome}", err=True)
    store.update_statistics(db)
    if failures == len(paths):
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
    """Serve the archive read-only (immutable, time-limited SQL) with Datasette until stopped."""
    if not Path(db_path).is_file():
        raise click.ClickException(f"no archive at {db_path}: run `runarchive crawl` first")
    with tempfile.TemporaryDirectory(prefix="runarchive-") as tmp:
        metadata = write_metadata(Path(db_path).stem, Path(tmp) / "metadata.yml")
        command = [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            "-i",
            db_path,
            "--metadata",
            str(metadata),
            "--plugins-dir",
            str(plugins_dir()),
            "--host",
            host,
            "--port",
            str(port),
            "--setting",
            "sql_time_limit_ms",
            "2000",
            # Suggesting facets counts every column's values on each table page: seconds on
            # a large archive (bench/queries.py); the facets metadata.yml names still show.
            "--setting",
            "suggest_facets",
            "off",
        ]
        click.echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        _run_until_stopped(command)


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


def read_input(path: Path) -> bytes:
    """Return a file's bytes, gunzipping .gz files."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def extract_file(path: Path, url: str | None) -> Article:
    """Return the Article in an HTML, gzipped HTML or plain-text file."""
    data = read_input(path)
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
    """Yield items wrapped in a progress bar on stderr unless silent."""
    if silent:
        yield iter(items)
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield bar


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The page's URL, when one file is given.")
@click.option("--jsonl", is_flag=True, help="One JSON object per line instead of a JSON array.")
@silent_option
def extract_command(paths: tuple[str, ...], url: str | None, jsonl: bool, silent: bool) -> None:
    """Extract articles, dates and quotes from saved files (.html, .html.gz, .txt).

    Example: runarchive extract page.html story.txt --jsonl
    """
    if url and len(paths) > 1:
        raise click.BadParameter("--url names one page; give one file with it")
    results, failures = [], 0
    with progress(list(paths), "extracting", silent or len(paths) < 2) as bar:
        for name in bar:
            try:
                results.append(article_json(name, extract_file(Path(name), url)))
            except (NotAnArticle, OSError, gzip.BadGzipFile) as exc:
                failures += 1
                results.append({"source": name, "error": str(exc)})
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
    db = store.open_db(db_path)
    rows = list(store.iter_article_captures(db))
    jobs = (
        PageJob(
            store.capture_body(db, row["id"]),
            row["final_url"] or row["url"],
            datetime.fromisoformat(row["fetched_at"]),
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
    store.update_statistics(db)
    click.echo(f"re-extracted {len(rows)} articles, {changed} changed", err=True)


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of up to size items."""
    while batch := list(itertools.islice(items, size)):
        yield batch


if __name__ == "__main__":
    cli()
