"""Each search service at its own pace, rested when it says so: a real crawl against small
loopback services that answer as the live ones do when asked too fast (GDELT's 429 with its text,
Media Cloud's 403 over 2 story-list calls a minute, the Internet Archive's 429, Google News'
redirects, batched decoding and "sorry" page)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from archive import store
from tests.helpers import run_crawl

pytestmark = pytest.mark.e2e

Answer = tuple[int, dict[str, str], bytes]
JSON = {"Content-Type": "application/json"}
WAIT = 1.5  # ARCHIVE_RATE_LIMIT_WAIT for these crawls
STORY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{day}T09:00:00-08:00"></head>
<body><article><h1>{title}</h1>
<p>RIVERSIDE — Hundreds of runners gathered at Fairmount Park for the Run Against ICE, a protest
run against immigration raids organized by a volunteer running club on a hot morning.</p>
<p>The route looped through the park and past the neighborhoods where families were detained this
year, organizers said, and runners carried signs in English and Spanish all the way.</p>
<p>\u201cWe run so that our neighbors know they are not alone,\u201d said Ana Morales, one of
the organizers of the run in Riverside.</p>
<p>Volunteers handed out water and know-your-rights cards at the finish line, and a local
pastor blessed the runners before the start of the protest run.</p></article></body></html>"""


@dataclass
class Service:
    """A loopback service: a function answering each request, and every request it was asked."""

    answer: Callable[[str, str, dict[str, list[str]], bytes], Answer]
    asked: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method, path)
    origin: str = ""

    def times(self, path: str) -> list[float]:
        return [t for t, _, p in self.asked if p == path]


@contextmanager
def serve(services: dict[str, Service]) -> Iterator[dict[str, Service]]:
    """Serve each service on its own loopback port."""
    servers = []
    for service in services.values():

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            owner = service

            def log_message(self, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                self._respond(b"")

            def do_POST(self) -> None:
                self._respond(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _respond(self, body: bytes) -> None:
                parts = urlsplit(self.path)
                self.owner.asked.append((time.monotonic(), self.command, parts.path))
                query = parse_qs(parts.query)
                status, headers, data = self.owner.answer(self.command, parts.path, query, body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        service.origin = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield services
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def story_site(day: str) -> Service:
    """An outlet serving one story per path, and nothing else."""

    def answer(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path.startswith("/news/"):
            title = "Run Against ICE in Riverside: " + path.rsplit("/", 1)[-1].replace("-", " ")
            page = STORY.format(title=title, day=day).encode()
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        return 404, {}, b""

    return Service(answer)


def crawl(tmp_path: Path, sources: str, *settings: str) -> tuple[dict, str]:
    """Crawl a sources file; return the crawl's report and its stderr."""
    path = tmp_path / "sources.yml"
    path.write_text(sources, encoding="utf-8")
    result = run_crawl(
        path,
        tmp_path / "archive.db",
        f"ARCHIVE_REPORT={tmp_path / 'report.json'}",
        f"ARCHIVE_RATE_LIMIT_WAIT={WAIT}",
        "ARCHIVE_DISCOVER_SITES=False",
        "ARCHIVE_ROLLING_DAYS=0",
        *settings,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return json.loads((tmp_path / "report.json").read_text()), result.stderr


def run_sources(day: str, search: str, outlet: str) -> str:
    """Return a sources file of one run, one outlet (served on loopback) and the services."""
    return f"""\
topic: {{phrases: [Run Against ICE]}}
search:
{search}
events:
  - {{name: Riverside run, date: {day}, terms: [Riverside]}}
outlets:
  - {{domain: "{outlet}", site: "http://{outlet}/"}}
"""


def test_a_rate_limit_rests_each_service_and_the_summary_counts_it(tmp_path):
    # A run of 400 days ago, mid-month so that its window's stories lie under one dated prefix.
    day = (datetime.now(UTC).date() - timedelta(days=400)).replace(day=12).isoformat()
    site = story_site(day)
    limit_text = b"Please limit requests to one every 5 seconds or contact kalev."

    def gdelt(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path != "/api/v2/doc/doc":
            return 404, {}, b""
        if len(services["gdelt"].times(path)) == 1:  # load shedding: even a first request
            return 429, {"Content-Type": "text/plain"}, limit_text
        url = f"{site.origin}/news/{day.replace('-', '/')}/gdelt-story"
        seen = day.replace("-", "") + "T120000Z"
        return 200, JSON, json.dumps({"articles": [{"url": url, "seendate": seen}]}).encode()

    def mediacloud(method: str, path: str, query: dict, body: bytes) -> Answer:
        calls = services["mediacloud"].times(path)
        if len(calls) >= 3 and calls[-1] - calls[-3] < 1.0:  # 2 calls a "minute" of 1 s
            return 403, JSON, b'{"detail": "You do not have permission to perform this action."}'
        token = query.get("pagination_token", [""])[0]
        url = f"{site.origin}/news/{day.replace('-', '/')}/mediacloud-story-{token or 'a'}"
        answer = {"stories": [{"url": url, "publish_date": day}], "pagination_token": None}
        if not token:
            answer["pagination_token"] = "b"
        return 200, JSON, json.dumps(answer).encode()

    def cdx(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path == "/robots.txt":
            return 404, {}, b""
        if path.startswith("/web/"):
            return 200, {"Content-Type": "text/html"}, STORY.format(title="Copy", day=day).encode()
        if len(services["wayback"].times(path)) == 1:
            return 429, {"Content-Type": "text/html"}, b"<html>Too Many Requests</html>"
        return 200, JSON, b"[]"

    services = {
        "site": site,
        "gdelt": Service(gdelt),
        "mediacloud": Service(mediacloud),
        "wayback": Service(cdx),
    }
    with serve(services):
        search = (
            f'  gdelt: {{url: "{services["gdelt"].origin}/api/v2/doc/doc"}}\n'
            f'  mediacloud: {{url: "{services["mediacloud"].origin}/api/"}}\n'
            f'  wayback: {{url: "{services["wayback"].origin}"}}\n'
        )
        sources = run_sources(day, search, site.origin.removeprefix("http://"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MEDIACLOUD_API_KEY", "key")
            report, stderr = crawl(tmp_path, sources, "ARCHIVE_MEDIACLOUD_PACE=0.5")
    gdelt_times = services["gdelt"].times("/api/v2/doc/doc")
    assert len(gdelt_times) == 2 and gdelt_times[1] - gdelt_times[0] >= WAIT
    mc_times = services["mediacloud"].times("/api/search/story-list")
    assert len(mc_times) == 2 and mc_times[1] - mc_times[0] >= 0.5  # paced, never refused
    cdx_times = services["wayback"].times("/cdx/search/cdx")
    assert len(cdx_times) == 2 and cdx_times[1] - cdx_times[0] >= WAIT
    figures = report["services"]
    assert figures["gdelt"]["rate_limited"] == 1 and figures["gdelt"]["waited_seconds"] >= WAIT
    assert figures["wayback"]["rate_limited"] == 1
    # Each service's robots.txt is asked in its slot too, and counted.
    assert figures["mediacloud"] == {"requests": 3, "rate_limited": 0, "waited_seconds": 0}
    assert report["sources_failed"] == 0
    assert "  gdelt: 3 requests, 1 rate-limited, waited 2 s" in stderr
    stored = store.open_db(tmp_path / "archive.db").execute("select url from articles").fetchall()
    assert {url.rsplit("/", 1)[-1] for (url,) in stored} == {
        "gdelt-story",
        "mediacloud-story-a",
        "mediacloud-story-b",
    }


def test_media_cloud_over_its_limit_waits_and_a_refused_key_is_said_in_one_line(tmp_path):
    day = (datetime.now(UTC).date() - timedelta(days=40)).isoformat()
    older = (datetime.now(UTC).date() - timedelta(days=60)).isoformat()
    refused_key = b'{"detail": "Invalid token."}'
    limited = b'{"detail": "You do not have permission to perform this action."}'
    asked_older: list[str] = []

    def mediacloud(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path == "/robots.txt":
            return 404, {}, b""
        if query.get("start", [""])[0] == day:
            return 403, JSON, refused_key
        asked_older.append(path)
        if len(asked_older) <= 2:
            return 403, JSON, limited
        return 200, JSON, b'{"stories": [], "pagination_token": null}'

    services = {"mediacloud": Service(mediacloud)}
    with serve(services):
        search = f'  mediacloud: {{url: "{services["mediacloud"].origin}/api/"}}\n'
        sources = f"""\
topic: {{phrases: [Run Against ICE]}}
search:
{search}
events:
  - {{name: Riverside run, date: {day}, window: [0, 1]}}
  - {{name: Older run, date: {older}, window: [0, 1]}}
outlets: []
"""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MEDIACLOUD_API_KEY", "key")
            report, stderr = crawl(tmp_path, sources, "ARCHIVE_MEDIACLOUD_PACE=0.05")
    refused = [line for line in stderr.splitlines() if "MEDIACLOUD_API_KEY" in line]
    assert len(refused) == 1 and "HTTP 403" in refused[0]
    assert len(asked_older) == 3  # asked again after each rest, then answered
    assert report["services"]["mediacloud"]["rate_limited"] == 2
    assert report["sources_failed"] == 1


def google_news(outlet: Service, sorry_after: int | None = None) -> Service:
    """A Google News whose article links hide the story: the page is asked in the feed's
    locale after a redirect within the service, and batchexecute decodes ids in batches."""
    ids = [f"CBMiAU_yq{n}" for n in range(3)]

    def answer(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path == "/rss/search":
            items = "".join(
                f"<item><title>Story {n} - Outlet</title><link>{service.origin}/rss/articles/"
                f"{key}?oc=5</link><pubDate>Mon, 14 Jul 2025 10:00:00 GMT</pubDate></item>"
                for n, key in enumerate(ids)
            )
            feed = f'<?xml version="1.0"?><rss><channel><title>x</title>{items}</channel></rss>'
            return 200, {"Content-Type": "application/xml"}, feed.encode()
        pages = [p for _, _, p in service.asked if p.startswith("/rss/articles/")]
        if sorry_after is not None and len(pages) > sorry_after:
            return 302, {"Location": f"{service.origin}/sorry/index?continue=x"}, b""
        if path.startswith("/rss/articles/") and "hop" not in query:
            if query.get("hl") != ["en-US"] or query.get("ceid") != ["US:en"]:
                return 302, {"Location": "https://www.google.com/sorry/index"}, b""
            return 302, {"Location": f"{path}?hl=en-US&gl=US&ceid=US:en&hop=1"}, b""
        if path.startswith("/rss/articles/"):
            key = path.rsplit("/", 1)[-1]
            page = f'<c-wiz><div jscontroller="aLI87" data-n-a-sg="SIG{key}" data-n-a-ts="17">'
            return 200, {"Content-Type": "text/html"}, page.encode()
        if path == "/_/DotsSplashUi/data/batchexecute":
            envelopes = json.loads(unquote(body.decode()).removeprefix("f.req="))[0]
            rows = []
            for envelope in envelopes:
                request = json.loads(envelope[1])
                assert request[4] == f"SIG{request[2]}"
                url = f"{outlet.origin}/news/2025/07/14/story-{request[2][-1]}"
                rows.append(
                    [
                        "wrb.fr",
                        "Fbv4je",
                        json.dumps(["garturlres", url, 1]),
                        None,
                        None,
                        None,
                        envelope[3],
                    ]
                )
            text = ")]}'\n\n" + str(len(json.dumps(rows))) + "\n" + json.dumps(rows)
            return 200, {"Content-Type": "application/json"}, text.encode()
        return 404, {}, b""

    service = Service(answer)
    return service


def test_google_news_links_are_decoded_after_redirects_within_the_service_in_one_batch(tmp_path):
    outlet = story_site("2025-07-14")
    services = {"outlet": outlet}
    services["news"] = google_news(outlet)
    with serve(services):
        search = (
            f'  google_news: {{url: "{services["news"].origin}/rss/search", '
            "editions: [en-US:US]}\n"
        )
        sources = run_sources("2025-07-14", search, outlet.origin.removeprefix("http://"))
        report, _ = crawl(tmp_path, sources)
    news = services["news"]
    assert [m for _, m, p in news.asked if "batchexecute" in p] == ["POST"]  # one batch of 3
    db = store.open_db(tmp_path / "archive.db")
    stored = {url.rsplit("/", 1)[-1] for (url,) in db.execute("select url from articles")}
    assert stored == {"story-0", "story-1", "story-2"}
    gaps = [b - a for a, b in itertools.pairwise(t for t, _, _ in news.asked)]
    assert min(gaps) >= 0.05 and report["services"]["google-news"]["requests"] == len(news.asked)


def test_a_sorry_page_stops_google_news_and_is_never_stored(tmp_path):
    outlet = story_site("2025-07-14")
    services = {"outlet": outlet}
    services["news"] = google_news(outlet, sorry_after=1)
    with serve(services):
        search = (
            f'  google_news: {{url: "{services["news"].origin}/rss/search", '
            "editions: [en-US:US]}\n"
        )
        sources = run_sources("2025-07-14", search, outlet.origin.removeprefix("http://"))
        report, stderr = crawl(tmp_path, sources)
    news = services["news"]
    pages = [p for _, _, p in news.asked if p.startswith("/rss/articles/")]
    assert len(pages) == 2  # the first page's redirect, then the "sorry" answer: no more
    assert not any(m == "POST" for _, m, _ in news.asked)
    assert report["services"]["google-news"]["stopped"].startswith("it answers with its block")
    assert sum("google-news stopped" in line for line in stderr.splitlines()) == 1
    db = store.open_db(tmp_path / "archive.db")
    assert not db.execute("select url from captures where url like '%sorry%'").fetchall()
    leads = db.execute(
        "select count(distinct url) from discoveries "
        "where route = 'search:google-news' and is_resolved = 0"
    ).fetchone()[0]
    assert leads == 3


def test_a_service_that_blocks_the_crawler_is_stopped_and_asked_nothing_more(tmp_path):
    def blocked(method: str, path: str, query: dict, body: bytes) -> Answer:
        if path == "/robots.txt":
            return 404, {}, b""
        return 403, {"Content-Type": "text/html"}, b"<html>Forbidden: blocked for 1 hour</html>"

    services = {"wayback": Service(blocked)}
    outlets = "".join(f"  - {{domain: outlet{n}.example}}\n" for n in range(8))
    with serve(services):
        sources = f"""\
topic: {{phrases: [Run Against ICE]}}
search:
  wayback: {{url: "{services["wayback"].origin}"}}
events:
  - {{name: Riverside run, date: 2025-07-14}}
outlets:
{outlets}"""
        report, stderr = crawl(tmp_path, sources)
    assert len(services["wayback"].times("/cdx/search/cdx")) == 4
    assert report["services"]["wayback"]["stopped"] == "4 requests in a row refused (HTTP 403)"
    assert sum("wayback stopped for this crawl" in line for line in stderr.splitlines()) == 1
    assert report["sources_failed"] == 8  # four refused, four never asked
