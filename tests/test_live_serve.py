"""`runarchive serve` while a real crawl writes: every request answers, counts are current."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from archive import store
from archive.fixture_server import serve_fixture_web
from archive.serving import serving_command
from runarchive.cli import cli
from tests.conftest import FAST_SETTINGS, REPO
from tests.test_facet_counts import as_schema_version_2

STORIES = 40
PARAGRAPH = (
    "<p>Runners met at dawn for the Run Against ICE, story {n}, paragraph {p}, and ran fifteen "
    "miles together through the park while neighbours cheered them on from the sidewalks.</p>"
)


def free_port() -> int:
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
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"runarchive serve exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def start_serving(db_path: Path, port: int) -> subprocess.Popen:
    """Start `runarchive serve` on the archive, as a user does."""
    return subprocess.Popen(
        [sys.executable, "-m", "runarchive", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def slow_web(root: Path) -> None:
    """Write an outlet whose feed lists many stories, each served after a short wait."""
    site = root / "slow.example"
    (site / "news").mkdir(parents=True)
    items, routes = [], []
    for n in range(STORIES):
        body = "".join(PARAGRAPH.format(n=n, p=p) for p in range(5))
        (site / "news" / f"story-{n}.html").write_text(
            f"<html><head><title>Run Against ICE story {n}</title></head>"
            f"<body><article>{body}</article></body></html>",
            encoding="utf-8",
        )
        link = f"{{{{origin}}}}/news/story-{n}"
        items.append(f"<item><title>Run Against ICE {n}</title><link>{link}</link></item>")
        routes.append(f"/news/story-{n}: {{delay: 0.1, body_file: /news/story-{n}.html}}")
    (site / "feed.rss").write_text(f"<rss><channel>{''.join(items)}</channel></rss>", "utf-8")
    (site / "_routes.yml").write_text("\n".join(routes) + "\n", encoding="utf-8")


def count(base: str, table: str) -> int:
    status, text = get(f"{base}/archive/{table}.json?_size=0")
    assert status == 200, text[:300]
    return json.loads(text)["filtered_table_rows_count"]


def test_pages_answer_and_counts_stay_current_while_a_crawl_writes(tmp_path):
    slow_web(tmp_path / "web")
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).conn.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serving(db_path, port)
    failures, counts, polls = [], [], 0
    try:
        wait_until_up(base + "/-/versions.json", server)
        with serve_fixture_web(tmp_path / "web") as web:
            sources = tmp_path / "sources.yml"
            origin = web.origins["slow.example"]
            sources.write_text(
                f"outlets:\n  - domain: slow.example\n    feeds: ['{origin}/feed.rss']\n",
                encoding="utf-8",
            )
            command = [sys.executable, "-m", "crawler", str(sources), str(db_path)]
            for setting in (*FAST_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN=1"):
                command += ["-s", setting]
            crawl = subprocess.Popen(
                command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
            )
            while crawl.poll() is None or polls < 5:
                polls += 1
                for path in (
                    "/archive/articles.json?_size=0",
                    "/archive/captures.json?_size=0",
                    "/archive/quotes",
                    "/archive.json?sql=select+count(*)+as+n+from+articles",
                    "/archive",
                ):
                    status, text = get(base + path)
                    if status != 200 or "malformed" in text:
                        failures.append((path, status, text[:200]))
                counts.append(count(base, "articles"))
            assert crawl.wait(timeout=300) == 0, crawl.stderr.read()[-2000:]
        final = sqlite_utils.Database(db_path)["articles"].count
        assert failures == []
        assert counts == sorted(counts), "a count went backwards"
        assert final == STORIES
        assert count(base, "articles") == final, "the served count is stale after the crawl"
        print(f"live serving: {polls} polls of 5 pages during the crawl, 0 failed")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_published_copy_is_served_immutable_and_the_live_archive_not(tmp_path, crawled):
    from archive.publish import publish

    public = tmp_path / "public.db"
    publish(crawled.path, public)
    assert "-i" in serving_command(str(public), "127.0.0.1", 8001)
    assert "-i" not in serving_command(str(crawled.path), "127.0.0.1", 8001)


def test_the_live_archive_is_not_served_beyond_this_machine(crawled):
    result = CliRunner().invoke(cli, ["serve", "--db", str(crawled.path), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "loopback only" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_archive_from_an_older_runarchive_is_brought_up_to_date_and_served(tmp_path, crawled):
    db_path = tmp_path / "archive.db"
    db_path.write_bytes(crawled.path.read_bytes())
    as_schema_version_2(db_path)
    assert store.schema_version(db_path) == 2
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serving(db_path, port)
    try:
        wait_until_up(base + "/-/versions.json", server)
        for query in ("runs", "outlets_covering"):
            status, text = get(f"{base}/archive/{query}.json?_shape=array")
            assert status == 200, text[:300]
            assert json.loads(text), query
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert store.schema_version(db_path) == store.SCHEMA_VERSION
