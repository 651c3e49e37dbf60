"""The commands that read and write the archive without crawling: import, extract, reextract,
export, correct and report."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from archive import corrections, store
from archive.errors import ArchiveError, describe_error
from archive.ingest import finish_ingest
from archive.limits import MAX_PAGE_BYTES, MEGABYTE, read_capped
from archive.locking import writer_lock
from archive.pool import map_in_order
from archive.reextract import reextract_archive
from archive.report import build_reports
from archive.saved_pages import ImportFailed, SavedPage, extract_saved_page, store_saved_page
from archive.sources import SourcesError, load_sources
from archive.verbosity import ArchiveGroup
from extract import Article, NotAnArticle, extract_article, extract_article_from_text
from runarchive.options import (
    db_option,
    default_sources_path,
    max_size_option,
    progress,
    silent_option,
    workers_option,
)


@click.command("import")
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
        finish_ingest(db)  # an imported page may be a copy of a stored story
    if pages and failures == len(pages):
        sys.exit(1)


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


@click.command("extract")
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


@click.command()
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
    """Re-extract every archived article from its newest capture, with a progress bar."""
    db = store.open_db(db_path)
    with contextlib.ExitStack() as stack:

        def bar(rows: Any) -> Any:
            return stack.enter_context(progress(rows, "re-extracting", silent))

        count, changed = reextract_archive(db, workers, bar)
    click.echo(f"re-extracted {count} articles, {changed} changed", err=True)


WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(name: str) -> bool:
    """Tell a WARC (or ARC) file from a saved page by its name."""
    return name.lower().endswith(WARC_SUFFIXES)


def import_warc_file(db: Any, path: Path, sources: Any) -> None:
    """Import one WARC file and say what it held; a damaged file is a clear error."""
    from warcio.exceptions import ArchiveLoadFailed

    from archive.warc import TruncatedWarc
    from archive.warc_import import import_warc

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


@click.command("export")
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


@click.group(cls=ArchiveGroup)
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


@click.command("report")
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
