"""The fixture web server: files, templated origins, special routes, and what it refuses."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.fixture_server import serve_fixture_web


@pytest.fixture
def tiny_web(tmp_path: Path):
    site = tmp_path / "news.example"
    (site / "news").mkdir(parents=True)
    (site / "index.html").write_text('<a href="{{origin}}/news/a">A</a> {{origin:other.example}}')
    (site / "news" / "a.html").write_text("<p>story</p>")
    (site / "_routes.yml").write_text(
        "/boom: {status: 500, then: {status: 200, body: recovered}}\n"
        "/old: {status: 301, location: /news/a}\n"
        "/file.pdf: {content_type: application/pdf, body: '%PDF-1.4'}\n"
    )
    (site / "_secret.txt").write_text("hidden")
    (tmp_path / "other.example").mkdir()
    with serve_fixture_web(tmp_path) as web:
        yield web


def fetch(url: str) -> tuple[int, str, str]:
    """Return status, content type and body of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_files_are_served_with_origins_filled_in(tiny_web):
    status, content_type, body = fetch(tiny_web.url("news.example", "/"))
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert body == (
        f'<a href="{tiny_web.origins["news.example"]}/news/a">A</a> '
        f"{tiny_web.origins['other.example']}"
    )
    assert fetch(tiny_web.url("news.example", "/news/a"))[2] == "<p>story</p>"


def test_routes_answer_errors_redirects_and_later_recoveries(tiny_web):
    assert fetch(tiny_web.url("news.example", "/boom"))[0] == 500
    assert fetch(tiny_web.url("news.example", "/boom"))[:3:2] == (200, "recovered")
    assert fetch(tiny_web.url("news.example", "/old"))[0] == 301
    assert fetch(tiny_web.url("news.example", "/file.pdf"))[1] == "application/pdf"


def test_private_and_missing_files_are_not_found(tiny_web):
    assert fetch(tiny_web.url("news.example", "/_secret.txt"))[0] == 404
    assert fetch(tiny_web.url("news.example", "/../news.example/index.html"))[0] in (200, 404)
    assert fetch(tiny_web.url("news.example", "/nothing"))[0] == 404
    assert ("news.example", "/nothing") in tiny_web.requests
