"""A crawl shared on a real Redis server: workers fetching a generated loopback web of 2,000
pages, each page fetched once across workers, each article stored once, politeness held
across workers, and more workers finishing sooner when every page takes the server a while."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner

from archive import store
from archive.cli import cli
from crawler.frontier import KEYS

PAGES = 2000
SITEMAPS = 4
ARTICLE_EVERY = 10  # every tenth page is coverage of a run
DISALLOWED = "/private/"

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed (make setup)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real redis-server on a free loopback port, stopped after the module's tests."""
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def page_html(n: int, origin: str) -> bytes:
    """Return page n: a short story about a run every tenth page, else a market notice."""
    if n % ARTICLE_EVERY == 0:
        title = f"Runners join Run Against ICE in town number {n}"
        body = (
            f"<p>More than a hundred runners took part on Saturday in the Run Against ICE in "
            f"town number {n}, a protest run organized by a volunteer running club.</p>"
            f'<p>"We run so that our neighbors know they are not alone," said organizer Ana '
            f"Reyes{n}, who has led the club since spring.</p>"
            "<p>The route covered five kilometers through the park and ended with speeches, "
            "water and music, and volunteers shared information about legal help in English "
            "and Spanish with everyone who stayed at the finish line.</p>"
        )
    else:
        title = f"Farmers market notice {n}"
        body = (
            f"<p>The farmers market on Main Street opens at eight on Sunday, stall {n}. "
            "Vendors sell fruit, vegetables and bread, and parking is free all day.</p>"
        )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{origin}/page/{n}">'
        '<meta property="article:published_time" content="2026-03-01T08:00:00-07:00">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


@dataclass
class LoopbackWeb:
    """A generated web on one loopback host that counts requests and those in flight."""

    latency: float = 0.0
    requests: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    origin: str = ""

    def reset(self, latency: float) -> None:
        with self.lock:
            self.latency, self.requests, self.most_in_flight = latency, Counter(), 0

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nDisallow: {DISALLOWED}\n".encode()
        if path == "/sitemap.xml":
            entries = "".join(
                f"<sitemap><loc>{self.origin}/sitemap-{i}.xml</loc></sitemap>"
                for i in range(SITEMAPS)
            )
            return (
                200,
                "application/xml",
                (
                    '<?xml version="1.0"?><sitemapindex '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
                ).encode(),
            )
        if path.startswith("/sitemap-"):
            part = int(path.removeprefix("/sitemap-").removesuffix(".xml"))
            urls = [f"{self.origin}/page/{n}" for n in range(part, PAGES, SITEMAPS)]
            urls.append(f"{self.origin}{DISALLOWED}secret-{part}")
            entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
            return (
                200,
                "application/xml",
                (
                    '<?xml version="1.0"?><urlset '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
                ).encode(),
            )
        if path.startswith("/page/"):
            return 200, "text/html; charset=utf-8", page_html(int(path[6:]), self.origin)
        return 404, "text/plain", b"not found"


def serve(web: LoopbackWeb) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with web.lock:
                web.requests[self.path] += 1
                web.in_flight += 1
                web.most_in_flight = max(web.most_in_flight, web.in_flight)
            try:
                if self.path.startswith("/page/"):
                    time.sleep(web.latency)
                status, content_type, body = web.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with web.lock:
                    web.in_flight -= 1

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 64
    web.origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackWeb]:
    generated = LoopbackWeb()
    server = serve(generated)
    yield generated
    server.shutdown()


@pytest.fixture
def sources(web, tmp_path) -> Path:
    path = tmp_path / "sources.yml"
    host = web.origin.removeprefix("http://")
    path.write_text(
        f"outlets:\n  - domain: {host}\n    sitemaps: ['{web.origin}/sitemap.xml']\n",
        encoding="utf-8",
    )
    return path


def crawl(sources: Path, db: Path, redis_url: str, workers: int, *settings: str) -> float:
    """Run `runarchive crawl --redis` and return how long it took."""
    options = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "RETRY_TIMES=1", *settings]
    args = ["crawl", "--sources", str(sources), "--db", str(db), "--redis", redis_url]
    args += ["--workers", str(workers), "--silent"]
    for option in options:
        args += ["-s", option]
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return time.monotonic() - started


def test_two_workers_fetch_every_page_once_and_store_every_article_once(
    web, sources, redis_url, tmp_path
):
    web.reset(latency=0.0)
    db_path = tmp_path / "archive.db"
    crawl(sources, db_path, redis_url, 2, "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    pages = {p: n for p, n in web.requests.items() if p.startswith("/page/")}
    assert len(pages) == PAGES
    assert set(pages.values()) == {1}, "a page was fetched more than once"
    assert web.requests["/sitemap.xml"] == 1
    assert all(web.requests[f"/sitemap-{i}.xml"] == 1 for i in range(SITEMAPS))
    assert not [p for p in web.requests if p.startswith(DISALLOWED)]  # robots.txt obeyed
    db = store.open_db(db_path)
    assert db["articles"].count == PAGES // ARTICLE_EVERY
    urls = [r[0] for r in db.execute("select url from captures")]
    assert len(urls) == len(set(urls)) == PAGES
    outcomes = dict(db.execute("select outcome, count(*) from captures group by outcome"))
    assert outcomes["article"] == PAGES // ARTICLE_EVERY
    crawls = list(db.query("select status from crawls"))
    assert crawls == [{"status": "finished"}]
    client = redis.Redis.from_url(redis_url)
    assert client.llen(KEYS["items"]) == 0 and not client.exists(KEYS["requests"])


def test_the_per_host_limit_holds_across_workers(web, sources, redis_url, tmp_path):
    web.reset(latency=0.05)
    crawl(
        sources,
        tmp_path / "archive.db",
        redis_url,
        2,
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "CONCURRENT_REQUESTS=8",
        "CLOSESPIDER_ITEMCOUNT=0",
    )
    assert web.most_in_flight <= 2
    assert sum(1 for p in web.requests if p.startswith("/page/")) == PAGES


def test_two_workers_crawl_faster_than_one_when_pages_are_slow(web, sources, redis_url, tmp_path):
    # Each worker fetches at most 4 pages at a time; the host allows 8 at once, shared.
    settings = ("CONCURRENT_REQUESTS=4", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    web.reset(latency=0.1)
    one = crawl(sources, tmp_path / "one.db", redis_url, 1, *settings)
    web.reset(latency=0.1)
    two = crawl(sources, tmp_path / "two.db", redis_url, 2, *settings)
    assert sum(1 for p in web.requests if p.startswith("/page/")) == PAGES
    print(f"one worker {one:.1f} s, two workers {two:.1f} s: {one / two:.2f}x")
    assert one / two >= 1.5


def test_a_worker_on_another_machine_joins_and_leaves_with_the_crawl(
    web, sources, redis_url, tmp_path
):
    web.reset(latency=0.02)
    remote: dict[str, int] = {}

    def join() -> None:
        result = CliRunner().invoke(cli, ["worker", "--redis", redis_url, "--wait", "60"])
        remote["exit"] = result.exit_code

    thread = threading.Thread(target=join)
    thread.start()
    crawl(sources, tmp_path / "archive.db", redis_url, 1, "CONCURRENT_REQUESTS=2")
    thread.join(timeout=120)
    assert remote == {"exit": 0}
    pages = {p: n for p, n in web.requests.items() if p.startswith("/page/")}
    assert len(pages) == PAGES and set(pages.values()) == {1}


def test_an_unreachable_redis_is_one_clear_line(sources, tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    args = ["crawl", "--sources", str(sources), "--db", str(tmp_path / "a.db"), "--redis", url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "cannot reach Redis" in result.output and "Traceback" not in result.output
