"""Time a crawl shared on Redis with one worker and with two, over a generated loopback web
of 2,000 pages whose server takes a while to answer each page, and print the speed-up.

Needs redis-server (installed by make setup). Usage: python bench/frontier_speed.py
[--pages 2000] [--latency 0.25] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis

PAGES = 2000
SITEMAPS = 4
# The day of the one run the generated pages cover (their sitemap lastmod).
RUN_DAY = "2026-03-01"
ARTICLE_EVERY = 10  # every tenth page is coverage of a run
# Of the others, one in eight is a short HTML notice, the rest PDF reports: a crawl whose time
# goes to waiting on the server, as a real one's does, rather than to extraction.
HTML_NOTICE_EVERY = 8
DISALLOWED = "/private/"


def page_body(n: int, origin: str) -> tuple[str, bytes]:
    """Return the content type and body of page n: a story, a notice or a PDF report."""
    if n % ARTICLE_EVERY and n % HTML_NOTICE_EVERY:
        return "application/pdf", b"%PDF-1.4 report " + str(n).encode()
    return "text/html; charset=utf-8", page_html(n, origin)


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
    pages: int = PAGES
    requests: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    origin: str = ""

    def reset(self, latency: float, pages: int = PAGES) -> None:
        with self.lock:
            self.latency, self.pages, self.requests, self.most_in_flight = (
                latency,
                pages,
                Counter(),
                0,
            )

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
            urls = [f"{self.origin}/page/{n}" for n in range(part, self.pages, SITEMAPS)]
            urls.append(f"{self.origin}{DISALLOWED}secret-{part}")
            # Dated in the run's window (write_sources), so the crawl asks for every page.
            entries = "".join(
                f"<url><loc>{url}</loc><lastmod>{RUN_DAY}</lastmod></url>" for url in urls
            )
            return (
                200,
                "application/xml",
                (
                    '<?xml version="1.0"?><urlset '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
                ).encode(),
            )
        if path.startswith("/page/"):
            return 200, *page_body(int(path[6:]), self.origin)
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

    # The listen backlog is read when the socket starts listening: set it first, or two workers'
    # first connections overflow the default five and wait a second for the kernel's retry.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.server_bind()
    server.server_activate()
    web.origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    """Return a loopback port free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Run a throwaway redis-server on a free loopback port; yield its URL."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    try:
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_sources(web: LoopbackWeb, path: Path) -> Path:
    """Write a sources file whose one outlet is the generated web's sitemap."""
    host = web.origin.removeprefix("http://")
    path.write_text(
        f"events:\n  - {{name: A run, date: {RUN_DAY}}}\n"
        f"outlets:\n  - domain: {host}\n    sitemaps: ['{web.origin}/sitemap.xml']\n",
        encoding="utf-8",
    )
    return path


def timed_crawl(sources: Path, db: Path, url: str, workers: int, settings: list[str]) -> float:
    """Run `runarchive crawl --redis` in a subprocess and return its wall time in seconds."""
    import sys

    command = [sys.executable, "-m", "runarchive", "crawl", "--sources", str(sources)]
    command += ["--db", str(db), "--redis", url, "--workers", str(workers), "--silent"]
    for setting in ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", *settings]:
        command += ["-s", setting]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--latency", type=float, default=0.25, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=4, help="requests per worker")
    args = parser.parse_args()
    web = LoopbackWeb()
    server = serve(web)
    settings = [f"CONCURRENT_REQUESTS={args.concurrency}", "CONCURRENT_REQUESTS_PER_DOMAIN=64"]
    try:
        with (
            tempfile.TemporaryDirectory(prefix="frontier-speed-") as tmp,
            redis_server(Path(tmp)) as url,
        ):
            sources = write_sources(web, Path(tmp) / "sources.yml")
            times = {}
            for workers in (1, 2):
                web.reset(args.latency, args.pages)
                db = Path(tmp) / f"archive-{workers}.db"
                times[workers] = timed_crawl(sources, db, url, workers, settings)
                fetched = sum(1 for p in web.requests if p.startswith("/page/"))
                print(
                    f"{workers} worker(s): {times[workers]:.1f} s for {fetched} pages "
                    f"({args.latency:.2f} s each, {args.concurrency} at a time per worker)",
                    flush=True,
                )
            print(f"speed-up with two workers: {times[1] / times[2]:.2f}x")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
