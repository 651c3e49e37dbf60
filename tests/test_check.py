"""`runarchive check`: one request per source and search service, one line each, on a loopback
web of good and broken sources, offline, and with a bad sources file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.fixture_server import FixtureWeb, serve_fixture_web
from crawler.checks import Answer, Check, judge, read_robots
from runarchive.cli import cli

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>'
    "<item><title>One</title><link>{{origin}}/news/one</link>"
    "<pubDate>Sat, 28 Feb 2026 09:00:00 +0000</pubDate></item>"
    "<item><title>Two</title><link>{{origin}}/news/two</link>"
    "<pubDate>Mon, 02 Mar 2026 09:00:00 +0000</pubDate></item></channel></rss>"
)
SITEMAP_INDEX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    + "".join(f"<sitemap><loc>{{{{origin}}}}/sitemap-{n}.xml</loc></sitemap>" for n in "abc")
    + "</sitemapindex>"
)
WORDPRESS_HOME = (
    "<!DOCTYPE html><html><head><title>Valley Voice</title>"
    '<meta name="generator" content="WordPress 6.6.2">'
    '<link rel="https://api.w.org/" href="{{origin}}/wp-json/"></head><body></body></html>'
)
HOME = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>News</p></body></html>"
GDELT_LIMIT = (
    "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com "
    "for larger queries."
)

# Host folder -> files (path -> text); each host on its own loopback address, so that the
# crawl's per-host delay does not queue one host behind another.
HOSTS: dict[str, dict[str, str]] = {
    "goodfeed.example": {"/index.html": HOME, "/feed.rss": RSS},
    "brokenfeed.example": {
        "/index.html": HOME,
        "/_routes.yml": "/feed.rss: {content_type: text/html, body: '<!DOCTYPE html><html>"
        "<body>Moved</body></html>'}\n",
    },
    "nositemap.example": {"/index.html": HOME},
    "bigindex.example": {"/index.html": HOME, "/sitemap_index.xml": SITEMAP_INDEX},
    "private.example": {
        "/index.html": HOME,
        "/robots.txt": "User-agent: *\nDisallow: /private/\n",
        "/private/feed.rss": RSS,
        "/private/new.rss": RSS,
        "/_routes.yml": "/old.rss: {status: 301, location: /private/new.rss}\n",
    },
    "wordpress.example": {"/index.html": WORDPRESS_HOME},
    "gdelt.example": {
        "/_routes.yml": f"/api/v2/doc/doc: {{status: 429, body: '{GDELT_LIMIT}', "
        "headers: {Content-Type: text/plain}}\n",
    },
    "mediacloud.example": {
        "/_routes.yml": "/api/search/story-list: {status: 403, body: "
        '\'{"detail": "Invalid token."}\', headers: {Content-Type: application/json}}\n',
    },
}
SOURCES = """\
contact: https://example.org/runarchive-tests
topic: {phrases: [Run Against ICE]}
search:
  gdelt: {url: "{{origin:gdelt.example}}/api/v2/doc/doc"}
  mediacloud: {url: "{{origin:mediacloud.example}}/api/"}
outlets:
  - domain: goodfeed.example
    site: "{{origin:goodfeed.example}}/"
    feeds: ["{{origin:goodfeed.example}}/feed.rss"]
  - domain: brokenfeed.example
    site: "{{origin:brokenfeed.example}}/"
    feeds: ["{{origin:brokenfeed.example}}/feed.rss"]
  - domain: nositemap.example
    site: "{{origin:nositemap.example}}/"
    sitemaps: ["{{origin:nositemap.example}}/sitemap.xml"]
  - domain: bigindex.example
    site: "{{origin:bigindex.example}}/"
    sitemaps: ["{{origin:bigindex.example}}/sitemap_index.xml"]
  - domain: private.example
    site: "{{origin:private.example}}/"
    feeds: ["{{origin:private.example}}/private/feed.rss", "{{origin:private.example}}/old.rss"]
  - domain: wordpress.example
    site: "{{origin:wordpress.example}}/"
"""


def write_check_web(root: Path) -> None:
    """Write the hosts, each with its own loopback address, and the sources file."""
    for number, (host, files) in enumerate(HOSTS.items(), start=2):
        folder = root / host
        folder.mkdir(parents=True)
        (folder / "_host.yml").write_text(f"address: 127.0.0.{number}\n", encoding="utf-8")
        for path, text in files.items():
            file = folder / path.lstrip("/")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
    (root / "sources.yml").write_text(SOURCES, encoding="utf-8")


@dataclass
class CheckRun:
    web: FixtureWeb
    result: Result
    seconds: float

    def line(self, host: str, path: str) -> str:
        """Return the one output line about a source."""
        url = self.web.url(host, path)
        found = [line for line in self.result.output.splitlines() if f" {url}:" in line]
        assert len(found) == 1, self.result.output
        return found[0]


def run_check(sources: Path) -> tuple[Result, float]:
    """Run `runarchive check` as a user would; return its result and how long it took."""
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["check", "--sources", str(sources)])
    return result, time.monotonic() - started


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckRun]:
    """The check run once over the loopback web, with a Media Cloud key that is refused."""
    root = tmp_path_factory.mktemp("check-web")
    write_check_web(root)
    with serve_fixture_web(root) as web, pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDIACLOUD_API_KEY", "not-a-real-key")
        sources = root / "rendered.yml"
        sources.write_text(web.sources_text(), encoding="utf-8")
        result, seconds = run_check(sources)
        yield CheckRun(web, result, seconds)


@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [
        ("goodfeed.example", "/feed.rss", "ok    feed"),
        (
            "goodfeed.example",
            "/feed.rss",
            "HTTP 200, no robots.txt; feed of 2 items, newest 2026-03-02",
        ),
        ("brokenfeed.example", "/feed.rss", "FAIL  feed"),
        ("brokenfeed.example", "/feed.rss", "an HTML page, not RSS or Atom"),
        ("nositemap.example", "/sitemap.xml", "FAIL  sitemap"),
        ("nositemap.example", "/sitemap.xml", "HTTP 404"),
        ("bigindex.example", "/sitemap_index.xml", "ok    sitemap"),
        ("bigindex.example", "/sitemap_index.xml", "sitemap index of 3 sitemaps, undated"),
        ("private.example", "/private/feed.rss", "FAIL  feed"),
        ("private.example", "/private/feed.rss", "robots.txt disallows /private/feed.rss"),
        ("private.example", "/old.rss", "FAIL  feed"),
        (
            "private.example",
            "/old.rss",
            "redirected to {origin}/private/new.rss; robots.txt disallows /private/new.rss",
        ),
        ("private.example", "/", "ok    site"),
        ("private.example", "/", "HTTP 200, robots.txt allows; no known platform"),
        ("wordpress.example", "/", "ok    site"),
        ("wordpress.example", "/", "WordPress, REST API at {origin}/wp-json/"),
        ("wordpress.example", "/", "site search {origin}/?s=Run+Against+ICE&feed=rss2"),
        ("gdelt.example", "/api/v2/doc/doc", "FAIL  gdelt"),
        ("gdelt.example", "/api/v2/doc/doc", "HTTP 429"),
        (
            "gdelt.example",
            "/api/v2/doc/doc",
            'rate-limited now: "Please limit requests to one every 5 seconds"',
        ),
        ("mediacloud.example", "/api/", "FAIL  mediacloud"),
        ("mediacloud.example", "/api/", "HTTP 403"),
        ("mediacloud.example", "/api/", "key refused, or rate-limited"),
    ],
)
@pytest.mark.e2e
def test_each_source_gets_one_line_saying_what_it_found(checked, host, path, expected):
    line = checked.line(host, path)
    assert expected.replace("{origin}", checked.web.origins[host]) in line


@pytest.mark.e2e
def test_the_summary_counts_sources_and_services_and_failures_exit_1(checked):
    lines = checked.result.output.splitlines()
    assert lines[-1] == "8 of 14 sources ok"
    assert len(lines) == 15
    assert checked.result.exit_code == 1


@pytest.mark.e2e
def test_robots_txt_is_asked_once_per_host_and_a_disallowed_feed_never(checked):
    requests = checked.web.requests
    assert ("private.example", "/private/feed.rss") not in requests
    assert ("private.example", "/private/new.rss") not in requests  # not even by a redirect
    for host in HOSTS:
        assert requests.count((host, "/robots.txt")) == 1


@pytest.mark.e2e
def test_each_source_is_asked_once_without_retries(checked):
    asked = [r for r in checked.web.requests if r[1] != "/robots.txt"]
    assert len(asked) == len(set(asked)) == 13  # 6 home pages, 5 sources, 2 services


@pytest.mark.e2e
def test_offline_every_line_says_so_within_seconds(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text(
        """\
outlets:
  - domain: www.latimes.com
    feeds: [https://www.latimes.com/california/rss2.0.xml]
    sitemaps: [https://www.latimes.com/news-sitemap.xml]
  - domain: www.turnto23.com
    articles: [https://www.turnto23.com/news/local-news/run-against-ice]
search:
  gdelt: true
  wayback: true
""",
        encoding="utf-8",
    )
    result, seconds = run_check(sources)
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output
    assert seconds < 20
    assert lines[-1] == "0 of 7 sources ok"
    for line in lines[:-1]:
        assert line.startswith("FAIL") and "offline? DNS lookup failed for" in line, line


def test_a_bad_sources_file_exits_2_naming_the_file_and_line(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text("outlets:\n  - domain: example.com\n    feeds: 3\n", encoding="utf-8")
    result, _ = run_check(sources)
    assert result.exit_code == 2
    assert f"{sources}:3: feeds must be a list" in result.output


URLSET = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
)
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            URLSET.format("<url><loc>https://a.example/x</loc><lastmod>2026-03-01</lastmod></url>"),
            "sitemap of 1 URL, dated",
        ),
        (
            URLSET.format("<url><loc>https://a.example/2026/03/01/x</loc></url>"),
            "sitemap of 1 URL, dated",
        ),
        (
            URLSET.format(
                "<url><loc>https://a.example/x</loc></url>"
                "<url><loc>https://a.example/2026/03/01/y</loc></url>"
            ),
            "sitemap of 2 URLs, 1 dated",
        ),
        (
            URLSET.replace('0.9"', f'0.9" {NEWS}').format(
                "<url><loc>https://a.example/x</loc><news:news><news:publication_date>"
                "2026-03-01T09:00:00Z</news:publication_date><news:title>X</news:title>"
                "</news:news></url>"
            ),
            "news sitemap of 1 URL, dated",
        ),
        (URLSET.format(""), "empty sitemap (0 URLs)"),
    ],
)
def test_a_sitemap_is_dated_by_lastmod_news_date_or_address(body, expected):
    check = Check("sitemap", "https://a.example/sitemap.xml", "https://a.example/sitemap.xml")
    answer = Answer(check.url, 200, body.encode())
    result = judge(check, answer, "robots.txt allows")
    assert result.ok
    assert result.line.endswith(f"; {expected}")


def test_a_server_error_on_robots_txt_keeps_the_check_away_from_the_host():
    assert read_robots(503, b"") == "robots.txt answered HTTP 503: nothing there fetched (RFC 9309)"
    assert read_robots(404, b"").allows("https://a.example/x", "runarchive")
    rules = read_robots(200, b"User-agent: *\nDisallow: /private/\n")
    assert not rules.allows("https://a.example/private/feed", "runarchive/0.1")
