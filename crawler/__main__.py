"""Run one crawl in this process: `python -m crawler SOURCES DB [-s KEY=VALUE ...]`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from archive import __version__, store
from archive.errors import describe_error
from archive.locking import writer_lock
from archive.sources import Sources, SourcesError, load_sources
from crawler.context import CONTEXT_SETTING, CrawlContext
from crawler.pipelines import WRITE_ERROR_STAT
from crawler.report import EXIT_ARCHIVE, every_source_failed


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Return the command line of a crawl subprocess."""
    parser = argparse.ArgumentParser(prog="python -m crawler")
    parser.add_argument("sources")
    parser.add_argument("db")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE")
    return parser.parse_args(argv)


# Scrapy 2.19 sends every queued request of a host at once when DOWNLOAD_DELAY is 0, past
# CONCURRENT_REQUESTS_PER_DOMAIN (a request counts against the limit only once its download has
# begun); any positive delay makes it start them one by one, so the limit holds.
MIN_DOWNLOAD_DELAY = 0.01


def keep_per_host_limit(settings: Settings) -> None:
    """Raise a zero download delay to the smallest one that keeps the per-host limit."""
    if settings.getfloat("DOWNLOAD_DELAY") < MIN_DOWNLOAD_DELAY:
        settings.set("DOWNLOAD_DELAY", MIN_DOWNLOAD_DELAY, priority="cmdline")


def main(argv: list[str] | None = None) -> int:
    """Crawl the sources into the database; exit 1 when every source failed, 2 on bad input,
    3 when the archive cannot be written (another process writes it, not SQLite, read-only)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        return check(argv[1:])
    args = parse_args(argv)
    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if "ARCHIVE_FRONTIER=True" in args.set:
        return crawl(args, sources)  # a worker of a shared crawl: it fetches, one writer stores
    try:
        with writer_lock(args.db, "runarchive crawl"):
            db = store.open_db(args.db)
            store.check_writable(db)
            db.conn.close()
            return crawl(args, sources)
    except Exception as exc:  # one line, never a traceback: the archive is checked before
        print(f"error: {describe_error(exc, args.db)}", file=sys.stderr)
        return EXIT_ARCHIVE


def process_settings(sources_path: str, sources: Sources, pairs: list[str]) -> Settings:
    """Return the project's settings for a crawl or a check of a sources file: its contact in
    the user agent, the -s pairs, and the crawl context built once."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    # The fetch guard allows the origins the sources file names.
    settings.set("ARCHIVE_SOURCES", sources_path, priority="cmdline")
    if sources.contact:
        settings.set("USER_AGENT", f"runarchive/{__version__} (+{sources.contact})", "project")
    for pair in pairs:
        key, _, value = pair.partition("=")
        settings.set(key.strip(), value, priority="cmdline")
    keep_per_host_limit(settings)
    return settings


def quieten_frameworks(settings: Settings) -> None:
    """Quieten Scrapy's, Twisted's and the libraries' own loggers when asked to: the CLI shows
    its own one-line messages (page-level warnings such as "discarding data" are no errors)."""
    quiet = settings.get("ARCHIVE_FRAMEWORK_LOG_LEVEL")
    if quiet:
        for name in ("scrapy", "twisted", "py.warnings", "trafilatura", "htmldate", "courlan"):
            logging.getLogger(name).setLevel(quiet)


def crawl(args: argparse.Namespace, sources: Sources) -> int:
    """Run the crawl in this process; return the exit status."""
    settings = process_settings(args.sources, sources, args.set)
    settings.set("ARCHIVE_DB", args.db, priority="cmdline")
    # Built once here and handed to the spider and the pipelines through the settings.
    settings.set(CONTEXT_SETTING, CrawlContext.from_settings(settings, sources=sources), "cmdline")
    if settings.getbool("ARCHIVE_FRONTIER"):
        from crawler.frontier import use_frontier

        use_frontier(settings)
    process = CrawlerProcess(settings)
    quieten_frameworks(settings)
    crawler = process.create_crawler("coverage")
    process.crawl(crawler)
    process.start()
    write_error = crawler.stats.get_value(WRITE_ERROR_STAT) if crawler.stats else None
    if write_error:
        print(f"error: {write_error}", file=sys.stderr)
        return EXIT_ARCHIVE
    report = settings.get("ARCHIVE_REPORT")
    if report and Path(report).is_file():
        figures = json.loads(Path(report).read_text(encoding="utf-8"))
        if every_source_failed(figures):
            return 1
    return 0


def check(argv: list[str]) -> int:
    """Run the check spider (`python -m crawler check SOURCES [-s KEY=VALUE ...]`), which
    writes its results to ARCHIVE_CHECK_REPORT; exit 2 on a bad sources file, else 0."""
    parser = argparse.ArgumentParser(prog="python -m crawler check")
    parser.add_argument("sources")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    settings = process_settings(args.sources, sources, args.set)
    settings.set(CONTEXT_SETTING, CrawlContext.from_settings(settings, sources=sources), "cmdline")
    process = CrawlerProcess(settings)
    quieten_frameworks(settings)
    process.crawl("check")
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
