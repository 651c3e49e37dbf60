"""What the tests share: the suite's fast crawl settings and the one way a test starts a crawl,
the command line in a subprocess or in process, loopback ports and servers, a slow outlet, and
the archive's kept facet counts read back."""

from __future__ import annotations

import asyncio
import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils
from click.testing import CliRunner, Result
from datasette.app import Datasette

from archive import store
from archive.publish import metadata_for, plugins_dir, templates_dir
from crawler import context
from extract import Article, Quote
from extract.topic import Topic

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("RUNARCHIVE_SEEDS", REPO.parent / "shared" / "seeds"))
KERO_URL = (
    "https://www.turnto23.com/news/in-your-neighborhood/bakersfield/"
    "bakersfield-running-club-hosts-second-annual-run-against-ice-event-at-hart-park-on-saturday"
)

# Loopback crawls need no politeness delays; real crawls keep crawler.settings' values. The
# stand-in services keep their own limits, scaled down (their _service.yml); a test of a
# service's pace sets its own.
FAST_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "RETRY_TIMES=1",
    "DOWNLOAD_TIMEOUT=10",
    "ARCHIVE_GDELT_PACE=0.2",
    "ARCHIVE_MEDIACLOUD_PACE=0.2",
    "ARCHIVE_WAYBACK_PACE=0.05",
    "ARCHIVE_GOOGLE_NEWS_PACE=0.05",
    "ARCHIVE_RATE_LIMIT_WAIT=0.5",
)
# The CDX stand-ins of the bundled fixture web and of tests/past_web.py allow 60 searches in 2 s,
# more than a crawl of either asks (60 and 27, at about 20 a second): those crawls ask them as
# fast as they answer.
QUICK_CDX = ("ARCHIVE_WAYBACK_PACE=0",)
# The runarchive commands that start a crawl and take -s settings.
CRAWLING_COMMANDS = ("crawl", "add")


def crawl_settings(*settings: str) -> tuple[str, ...]:
    """Return the suite's fast settings followed by a test's own (a later setting wins)."""
    return (*FAST_SETTINGS, *settings)


def crawl_command(sources: Path, db: Path, *settings: str) -> list[str]:
    """Return the command line of one crawl with the fast settings, as the CLI makes it."""
    return context.crawl_command(sources, db, crawl_settings("LOG_LEVEL=WARNING", *settings))


def run_crawl(
    sources: Path,
    db: Path,
    *settings: str,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real spider in a subprocess, as the CLI does, and return its result."""
    return subprocess.run(
        crawl_command(sources, db, *settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
        check=False,
    )


def start_crawl(sources: Path, db: Path, *settings: str, **popen: Any) -> subprocess.Popen:
    """Start the real spider in a subprocess and return it running (to kill it, or race it)."""
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen(crawl_command(sources, db, *settings), cwd=REPO, **popen)


def with_fast_settings(args: Sequence[str]) -> list[str]:
    """Return a runarchive command line, with the fast settings given to a command that crawls
    (before the test's own -s options, which win)."""
    args = list(args)
    if args and args[0] in CRAWLING_COMMANDS:
        return [args[0], *(a for s in FAST_SETTINGS for a in ("-s", s)), *args[1:]]
    return args


def runarchive_command(*args: str) -> list[str]:
    """Return the command line that runs `runarchive ARGS...` in a subprocess."""
    return [sys.executable, "-m", "runarchive", *with_fast_settings(args)]


def runarchive(
    *args: str,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run(
        runarchive_command(*args),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


def invoke(*args: str) -> Result:
    """Run the command line in this process (a crawl it starts is still a subprocess)."""
    from runarchive.cli import cli

    return CliRunner().invoke(cli, with_fast_settings(args))


def assert_one_line_failure(result: subprocess.CompletedProcess[str] | Result, words: str) -> None:
    """Assert a command failed with one line on stderr naming the problem, and no traceback."""
    if isinstance(result, Result):
        assert isinstance(result.exception, SystemExit), result.exception  # nothing uncaught
        code, out, err = result.exit_code, result.stdout, result.stderr
    else:
        code, out, err = result.returncode, result.stdout, result.stderr
    assert code != 0, err
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert words in lines[0], lines[0]


def free_port() -> int:
    """Return a loopback port free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """Return a page's status and text, error pages included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until a server process answers at url; fail if it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """Run `runarchive serve` on an archive, as a user does, and yield its address once up."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "runarchive", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=db_path.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


SLOW_PARAGRAPH = (
    "Runners gathered at dawn for another Run Against ICE, a protest run through the "
    "neighborhoods where immigration agents detained workers this summer. Organizers handed "
    "out water and know-your-rights cards, and families cheered from their porches as the "
    "group passed, many of them carrying flags and hand-painted signs."
)


def write_slow_web(root: Path, stories: int, delay: float) -> None:
    """Write one outlet, slow.example, whose feed lists `stories` articles, each answered after
    `delay` seconds, and root/sources.yml naming its feed (FixtureWeb.sources_text)."""
    host = root / "slow.example"
    (host / "stories").mkdir(parents=True)
    items, routes = [], []
    for n in range(stories):
        path = f"/stories/run-{n}"
        (host / f"stories/run-{n}.html").write_text(
            f"<html><head><title>Run Against ICE, day {n}</title>"
            f'<link rel="canonical" href="https://slow.example{path}"></head>'
            f"<body><article><h1>Run Against ICE, day {n}</h1>"
            f"<p>Day {n}. {SLOW_PARAGRAPH}</p><p>{SLOW_PARAGRAPH}</p></article></body></html>",
            encoding="utf-8",
        )
        items.append(f"<item><title>Day {n}</title><link>{{{{origin}}}}{path}</link></item>")
        routes.append(f"{path}: {{delay: {delay}}}")
    (host / "feed.rss").write_text(
        f"<rss version='2.0'><channel><title>Slow</title>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    (host / "_routes.yml").write_text("\n".join(routes) + "\n", encoding="utf-8")
    (root / "sources.yml").write_text(
        "outlets:\n  - domain: slow.example\n    feeds: ['{{origin:slow.example}}/feed.rss']\n",
        encoding="utf-8",
    )


def fresh_counts(db: sqlite_utils.Database) -> set[tuple[Any, ...]]:
    """Return every counted column's values and rows, counted from the tables themselves."""
    counted = set()
    for table, columns in store.COUNTED_COLUMNS.items():
        for column in columns:
            for value, count in db.execute(
                f"select [{column}], count(*) from [{table}] where [{column}] is not null "
                f"group by [{column}]"
            ).fetchall():
                counted.add((table, column, value, type(value).__name__, count))
    return counted


def kept_counts(db: sqlite_utils.Database) -> set[tuple[Any, ...]]:
    """Return the counts the archive keeps in facet_counts, as fresh_counts gives them."""
    return {
        (table, column, value, type(value).__name__, count)
        for table, column, value, count in db.execute(
            "select table_name, column_name, value, [count] from facet_counts"
        ).fetchall()
    }


def assert_exact(db: sqlite_utils.Database) -> None:
    assert kept_counts(db) == fresh_counts(db)


def as_schema_version_2(path: Path) -> None:
    """Make an archive as schema version 2 left it: no kept counts, no triggers keeping them."""
    with sqlite3.connect(path) as conn:
        for (trigger,) in conn.execute(
            "select name from sqlite_master where type = 'trigger' and name like '%facet_counts%'"
        ).fetchall():
            conn.execute(f"drop trigger [{trigger}]")
        conn.execute("drop table facet_counts")
        conn.execute("pragma user_version = 2")


def serve(path: Path, immutable: bool = False) -> Datasette:
    """Return Datasette serving an archive in this process, with its metadata and plugins."""
    files = {"immutables": [str(path)]} if immutable else {"files": [str(path)]}
    return Datasette(
        **files,
        metadata=metadata_for(path.stem),
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
        settings={"suggest_facets": False},
    )


def facets(datasette: Datasette, path: str) -> dict[str, dict[Any, int]]:
    """Return the facets of a Datasette page: each facet's values and counts."""

    async def fetch() -> Any:
        return await datasette.client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200, response.text[:300]
    return {
        name: {r["value"]: r["count"] for r in facet["results"]}
        for name, facet in response.json()["facet_results"].items()
    }


def make_article(
    text: str = "Runners gathered at Hart Park for the Run Against ICE.",
    quotes: tuple[Quote, ...] = (),
    title: str = "Run Against ICE at Hart Park",
    url: str = "https://www.turnto23.com/news/run",
) -> Article:
    """Return an Article with plausible fields."""
    return Article(
        url=url,
        title=title,
        authors=("Jane Reporter",),
        site_name="KERO",
        description=None,
        language="en",
        text=text,
        published="2026-03-01",
        published_source="json-ld",
        published_confidence=0.9,
        modified=None,
        topic=Topic(True, 1.0, ("Run Against ICE",)),
        quotes=quotes,
    )


Reply = tuple[int, dict[str, str], bytes]


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    """Return status, headers and body of one request that does not follow redirects.

    A connection closed unanswered (a firewall's block) comes back as status 0.
    """

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, http.client.RemoteDisconnected, ConnectionError):
        return 0, {}, b""
