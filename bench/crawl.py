"""Time a loopback crawl of many article pages against extracting the same pages alone.

Usage: python bench/crawl.py ../shared/eval-data/article-extraction-benchmark [--pages 2000]

The folder's pages are served on 127.0.0.1 (port 0) under --pages different addresses, listed
in one sitemap, with their canonical links removed so that each is its own article. The real
crawler crawls them (`runarchive crawl`, no delays, 8 requests at a time); then the same pages
are extracted one after another in one process. When extraction keeps pages downloading, the
crawl takes little more than extraction alone. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import store  # noqa: E402
from bench.speed import read_pages  # noqa: E402
from extract import NotAnArticle, extract_article  # noqa: E402

_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+og:url[^>]*>", re.I)
CRAWL_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=8",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "ROBOTSTXT_OBEY=False",
)
# Every served page names the runs in its paragraphs, so that each one is stored as coverage.
TOPIC = b"<p>Runners joined the Run Against ICE. "


def site(pages: list[bytes], count: int) -> dict[str, bytes]:
    """Return path -> body for count article pages and the sitemap that lists them."""
    served = {
        f"/story/{n}.html": _CANONICAL.sub(b"", pages[n % len(pages)]).replace(b"<p>", TOPIC, 3)
        for n in range(count)
    }
    return served


def serve(bodies: dict[str, bytes]) -> ThreadingHTTPServer:
    """Start a loopback server for the bodies (and a sitemap of them) on a free port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies.get(self.path)
            if body is None:
                self.send_error(404)
                return
            kind = "application/xml" if self.path.endswith(".xml") else "text/html"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_port}"
    # Dated today: a crawl reads the sitemap URLs that fall in its window of new coverage.
    today = datetime.now(UTC).date().isoformat()
    urls = "".join(
        f"<url><loc>{origin}{path}</loc><lastmod>{today}</lastmod></url>" for path in list(bodies)
    )
    bodies["/sitemap.xml"] = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    ).encode()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def crawl(origin: str, db: Path, scratch: Path, processes: int | None) -> float:
    """Return the seconds `runarchive crawl` takes over the sitemap."""
    sources = scratch / "sources.yml"
    sources.write_text(
        "topic:\n  phrases: [Run Against ICE]\n"
        f"outlets:\n  - domain: 127.0.0.1\n    sitemaps: ['{origin}/sitemap.xml']\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "runarchive", "crawl", "--sources", str(sources)]
    command += ["--db", str(db), "--silent"]
    for setting in CRAWL_SETTINGS:
        command += ["-s", setting]
    if processes is not None:
        command += ["-s", f"ARCHIVE_EXTRACT_PROCESSES={processes}"]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def extract_alone(bodies: list[bytes]) -> float:
    """Return the seconds extracting the pages takes in one process, one after another."""
    fetched_at = datetime(2026, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    for n, body in enumerate(bodies):
        with suppress(NotAnArticle):
            extract_article(body, url=f"http://127.0.0.1/story/{n}.html", fetched_at=fetched_at)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of HTML pages")
    parser.add_argument("--pages", type=int, default=2000, help="article pages to serve")
    parser.add_argument(
        "--extract-processes",
        type=int,
        default=None,
        help="the crawl's ARCHIVE_EXTRACT_PROCESSES (default: its own, one fewer than the cores)",
    )
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"no such folder: {args.folder}")
    bodies = site([html for _, html in read_pages(args.folder)], args.pages)
    pages = list(bodies.values())
    server = serve(bodies)
    origin = f"http://127.0.0.1:{server.server_port}"
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "archive.db"
        crawled = crawl(origin, db, Path(scratch), args.extract_processes)
        archive = store.open_db(db)
        counts = store.count_rows(archive, ["articles", "captures"])
        stored, fetched = counts["articles"], counts["captures"]
        archive.conn.close()
    server.shutdown()
    if fetched < len(pages):
        raise SystemExit(f"the crawl fetched {fetched} of {len(pages)} pages: no figure to give")
    alone = extract_alone(pages)
    figures = {
        "pages": len(pages),
        "captures": fetched,
        "articles": stored,
        "crawl_seconds": round(crawled, 1),
        "extraction_alone_seconds": round(alone, 1),
        "crawl_pages_per_second": round(fetched / crawled, 1),
        "extraction_pages_per_second": round(len(pages) / alone, 1),
        "crawl_over_extraction": round(crawled / alone, 2),
    }
    print(
        f"crawl: {figures['crawl_seconds']} s for {fetched} pages; extraction alone: "
        f"{figures['extraction_alone_seconds']} s; ratio {figures['crawl_over_extraction']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
