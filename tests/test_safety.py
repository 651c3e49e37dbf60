"""The fetch guard: a hostile web cannot make the real crawler read what the sources do not name."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
import sqlite_utils

from archive.fixture_server import serve_fixture_web
from crawler.guard import named_origins, parse_origins, refusal_reason
from tests.helpers import run_crawl

TOPIC = "Run Against ICE"
STORY = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "".join(
        f"<p>Runners gathered for the Run Against ICE at dawn, group {n}, and ran fifteen miles "
        "together. They carried signs and water and sang as they went through the park.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """A crawl of an outlet whose feed, sitemap, links and redirects point at an unnamed
    loopback service, at localhost and at files; returns the web and the archive."""
    tmp = tmp_path_factory.mktemp("hostile")
    web_root = tmp / "web"
    site = web_root / "hostile.example"
    secret = web_root / "intranet.example"
    write(secret / "index.html", STORY.format(title="Intranet secret Run Against ICE"))
    write(secret / "admin.html", STORY.format(title="Admin panel Run Against ICE"))
    write(site / "story.html", STORY.format(title="A real Run Against ICE story"))
    hostile_links = [
        "{{origin:intranet.example}}/admin",
        "file:///etc/passwd",
        "http://localhost:{{port:intranet.example}}/index",
        "http://0.0.0.0:{{port:intranet.example}}/index",
        "{{origin}}/go-inside",
        "{{origin}}/go-to-file",
        "{{origin}}/story",
    ]
    items = "".join(
        f"<item><title>{TOPIC} {n}</title><link>{link}</link></item>"
        for n, link in enumerate(hostile_links)
    )
    write(site / "feed.rss", f"<rss><channel>{items}</channel></rss>")
    write(
        site / "sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{{origin:intranet.example}}/</loc></url></urlset>",
    )
    write(
        site / "_routes.yml",
        '/go-inside: {status: 302, location: "{{origin:intranet.example}}/admin?via=302"}\n'
        '/go-to-file: {status: 302, location: "file:///etc/hostname"}\n',
    )
    with serve_fixture_web(web_root) as web:
        port = web.origins["intranet.example"].rsplit(":", 1)[1]
        for name in ("feed.rss",):
            text = (site / name).read_text(encoding="utf-8")
            (site / name).write_text(text.replace("{{port:intranet.example}}", port), "utf-8")
        origin = web.origins["hostile.example"]
        sources = tmp / "sources.yml"
        sources.write_text(
            "outlets:\n"
            "  - domain: hostile.example\n"
            f"    feeds: ['{origin}/feed.rss', 'file:///etc/passwd']\n"
            f"    sitemaps: ['{origin}/sitemap.xml']\n",
            encoding="utf-8",
        )
        db_path = tmp / "archive.db"
        result = run_crawl(sources, db_path)
        yield web, sqlite_utils.Database(db_path), result


@pytest.mark.e2e
def test_nothing_outside_the_named_origins_is_fetched(hostile):
    web, _, result = hostile
    assert result.returncode == 0, result.stderr[-2000:]
    assert [path for host, path in web.requests if host == "intranet.example"] == []
    assert ("hostile.example", "/story") in web.requests


@pytest.mark.e2e
def test_refusals_are_captures_with_a_reason(hostile):
    _, db, _ = hostile
    refused = {
        r["url"]: r["reason"] for r in db.query("select * from captures where outcome = 'refused'")
    }
    reasons = "\n".join(refused.values())
    assert "file:///etc/passwd" in refused
    assert any("localhost" in url for url in refused)
    assert any(url.endswith("/go-inside") for url in refused), refused
    assert any(url.endswith("/go-to-file") for url in refused), refused
    assert "loopback address" in reasons and "only http(s)" in reasons
    assert all(reason.startswith("refused:") for reason in refused.values())


@pytest.mark.e2e
def test_no_file_or_intranet_page_becomes_an_article(hostile):
    _, db, _ = hostile
    titles = [r["title"] for r in db.query("select title from articles")]
    assert titles == ["A real Run Against ICE story"]


@pytest.mark.parametrize(
    "address, refused",
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.1", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),
        ("224.0.0.1", True),
        ("0.0.0.0", True),
        ("100.64.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.215.14", False),
        ("2606:4700::1111", False),
    ],
)
def test_non_public_addresses_are_refused(address, refused):
    assert (refusal_reason(ipaddress.ip_address(address)) is not None) is refused


def test_every_url_in_the_sources_file_names_an_origin(tmp_path):
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "search:\n  gdelt: {url: 'http://127.0.0.1:9000/api'}\n"
        "  future_service: {url: 'https://search.example:8443/q'}\n"
        "outlets:\n  - domain: a.example\n    site: http://127.0.0.2:81/\n"
        "    articles: ['http://a.example/story']\n",
        encoding="utf-8",
    )
    assert named_origins(sources) == {
        ("127.0.0.1", 9000),
        ("search.example", 8443),
        ("127.0.0.2", 81),
        ("a.example", 80),
    }
    assert parse_origins(["127.0.0.1:8001", "https://x.example"]) == {
        ("127.0.0.1", 8001),
        ("x.example", 443),
    }


def test_a_gzip_bomb_feed_is_refused_within_the_limit():
    import gzip

    from archive.limits import gunzip_capped
    from crawler.guard import MAX_GUNZIPPED_BYTES

    bomb = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024))
    assert len(bomb) < 100_000
    with pytest.raises(ValueError, match="over the 1 MB limit"):
        gunzip_capped(bomb, 1024 * 1024)
    with pytest.raises(ValueError, match="truncated"):
        whole = gzip.compress(bytes(range(256)) * 64)
        gunzip_capped(whole[: len(whole) // 2], MAX_GUNZIPPED_BYTES)
    assert gunzip_capped(gzip.compress(b"<rss/>"), MAX_GUNZIPPED_BYTES) == b"<rss/>"
