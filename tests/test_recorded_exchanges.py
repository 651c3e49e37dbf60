"""Real Wayback Machine exchanges (tests/fixtures/recorded/wayback, recorded by the `wayback`
package) replayed against the CDX stand-in, which must answer them in the same shape, and fed to
the crawler's CDX parser. googlenewsdecoder keeps no recorded answers, so Google News has none.
"""

from __future__ import annotations

import gzip
import importlib
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import yaml

from archive.fixture_server import FixtureWeb, serve_fixture_web
from archive.standins import surt
from tests.helpers import fetch

RECORDED = Path(__file__).parent / "fixtures" / "recorded" / "wayback"
ARCHIVE = "https://web.archive.org"
SEARCHES = ["test_search_with_filter", "test_search_multipage"]
MEMENTOS = [
    "test_get_memento_raises_when_memento_is_outside_target_window",
    "test_get_memento_should_fail_for_non_playbackable_mementos",
    "test_get_memento_works_on_archived_rate_limit_responses",
]


def exchanges(name: str) -> list[dict[str, Any]]:
    """Return a cassette's exchanges: uri, status, headers (lower-case names) and body text."""
    cassette = yaml.safe_load((RECORDED / f"{name}.yaml").read_text(encoding="utf-8"))
    found = []
    for interaction in cassette["interactions"]:
        response = interaction["response"]
        headers = {k.lower(): v[0] for k, v in response["headers"].items()}
        body = response["body"]["string"]
        if isinstance(body, bytes):
            if headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            body = body.decode("utf-8", errors="replace")
        found.append(
            {
                "uri": interaction["request"]["uri"],
                "status": response["status"]["code"],
                "headers": headers,
                "body": body,
            }
        )
    return found


def recorded_rows(body: str) -> list[list[str]]:
    """Return the CDX lines of a plain-text answer (before its blank line and resume key)."""
    lines = body.split("\n")
    if "" in lines:
        lines = lines[: lines.index("")]
    return [line.split(" ") for line in lines if line]


def captures_of_searches(name: str) -> list[dict[str, str]]:
    """Return every capture a cassette's CDX answers show, as often as any one answer does."""
    most: Counter[tuple[str, ...]] = Counter()
    for exchange in exchanges(name):
        for row, count in Counter(tuple(r) for r in recorded_rows(exchange["body"])).items():
            most[row] = max(most[row], count)
    captures = []
    for row, count in most.items():
        _, stamp, original, mimetype, status, digest, length = row
        captures += [
            {
                "timestamp": stamp,
                "original": original,
                "mimetype": mimetype,
                "statuscode": status,
                "digest": digest,
                "length": length,
            }
        ] * count
    return captures


def captures_of_mementos(name: str) -> list[dict[str, Any]]:
    """Return the captures a cassette's memento answers show: redirect targets, served pages."""
    captures = []
    for exchange in exchanges(name):
        path = exchange["uri"].removeprefix(ARCHIVE)
        if exchange["status"] in (301, 302):
            path = exchange["headers"]["location"].removeprefix(ARCHIVE)
            stamp, original = path.removeprefix("/web/").split("id_/", 1)
            captures.append({"timestamp": stamp, "original": original})
        elif "memento-datetime" in exchange["headers"]:
            stamp, original = path.removeprefix("/web/").split("id_/", 1)
            captures.append(
                {
                    "timestamp": stamp,
                    "original": original,
                    "statuscode": exchange["status"],
                    "mimetype": exchange["headers"]["content-type"].split(";")[0],
                    "html": exchange["body"],
                }
            )
    return captures


@contextmanager
def archive(
    tmp_path: Path, captures: list[dict[str, Any]], settings: str = ""
) -> Iterator[FixtureWeb]:
    folder = tmp_path / "web.archive.example"
    folder.mkdir()
    (folder / "_service.yml").write_text(
        f"kind: cdx\nper_minute: 1000\n{settings}", encoding="utf-8"
    )
    (folder / "_data.json").write_text(json.dumps({"captures": captures}), encoding="utf-8")
    with serve_fixture_web(tmp_path) as web:
        yield web


def replayed(web: FixtureWeb, uri: str, **changes: str) -> tuple[int, dict[str, str], str]:
    """Ask the stand-in what the recorded request asked web.archive.org."""
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, changes.get(k, v)) for k, v in query] + [
        (k, v) for k, v in changes.items() if k not in dict(query)
    ]
    path = parts.path + ("?" + urlencode(query) if query else "")
    status, headers, body = fetch(web.url("web.archive.example", path))
    return status, headers, body.decode("utf-8", errors="replace")


@pytest.mark.parametrize("name", SEARCHES)
def test_the_stand_in_answers_recorded_cdx_searches_line_for_line(tmp_path, name):
    with archive(tmp_path, captures_of_searches(name)) as web:
        for exchange in exchanges(name):
            status, headers, body = replayed(web, exchange["uri"])
            assert (status, body) == (exchange["status"], exchange["body"]), exchange["uri"]
            assert headers["Content-Type"] == exchange["headers"]["content-type"]


def test_the_stand_in_computes_the_recorded_urlkeys():
    for name in SEARCHES:
        for exchange in exchanges(name):
            for row in recorded_rows(exchange["body"]):
                assert surt(row[2]) == row[0]


@pytest.mark.parametrize("name", SEARCHES)
def test_the_same_searches_in_json_end_with_an_empty_row_and_the_key(tmp_path, name):
    with archive(tmp_path, captures_of_searches(name)) as web:
        for exchange in exchanges(name):
            _, _, body = replayed(web, exchange["uri"], output="json")
            text_rows = recorded_rows(exchange["body"])
            key = (
                exchange["body"].rstrip("\n").rsplit("\n", 1)[-1]
                if "\n\n" in exchange["body"]
                else None
            )
            table = json.loads(body)
            if not text_rows:
                assert table == []
                continue
            assert table[0] == [
                "urlkey",
                "timestamp",
                "original",
                "mimetype",
                "statuscode",
                "digest",
                "length",
            ]
            if key is None:
                assert table[1:] == text_rows
            else:
                assert table[1:-2] == text_rows and table[-2:] == [[], [key]]


@pytest.mark.parametrize("name", MEMENTOS)
def test_the_stand_in_answers_recorded_memento_requests_alike(tmp_path, name):
    with archive(tmp_path, captures_of_mementos(name)) as web:
        origin = web.origins["web.archive.example"]
        for exchange in exchanges(name):
            status, headers, body = replayed(web, exchange["uri"])
            assert status == exchange["status"], exchange["uri"]
            if status in (301, 302):
                recorded = exchange["headers"]["location"].removeprefix(ARCHIVE)
                assert headers["Location"] == origin + recorded
            else:
                assert headers["Memento-Datetime"] == exchange["headers"]["memento-datetime"]
                assert body == exchange["body"]


def test_the_stand_in_refuses_an_excluded_site_as_recorded(tmp_path):
    (exchange,) = exchanges("test_search_raises_for_blocked_urls")
    with archive(tmp_path, [], "excluded: [nationalpost.com]\n") as web:
        status, _, body = replayed(web, exchange["uri"])
    assert (status, body) == (exchange["status"], exchange["body"])


def crawler_parser() -> Any:
    module = importlib.import_module("crawler.wayback")
    if not hasattr(module, "parse_cdx_page"):
        pytest.skip("crawler.wayback.parse_cdx_page(body) -> (captures, resume key) not there yet")
    return module.parse_cdx_page


@pytest.mark.parametrize("name", SEARCHES)
def test_the_crawler_reads_recorded_cdx_pages_and_their_resume_keys(name):
    parse_cdx_page = crawler_parser()
    for exchange in exchanges(name):
        captures, key = parse_cdx_page(exchange["body"].encode())
        body = exchange["body"]
        expected_key = body.rstrip("\n").rsplit("\n", 1)[-1] if "\n\n" in body else None
        good = [r for r in recorded_rows(body) if r[4] == "200"]
        assert [(c.timestamp, c.original) for c in captures] == [(r[1], r[2]) for r in good]
        assert key == expected_key


@pytest.mark.parametrize("name", SEARCHES)
def test_the_crawler_reads_the_stand_ins_json_pages_as_the_recorded_text(tmp_path, name):
    parse_cdx_page = crawler_parser()
    with archive(tmp_path, captures_of_searches(name)) as web:
        for exchange in exchanges(name):
            _, _, body = replayed(web, exchange["uri"], output="json")
            assert parse_cdx_page(body.encode()) == parse_cdx_page(exchange["body"].encode())
