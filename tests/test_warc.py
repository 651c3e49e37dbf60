"""WARC out and in: the crawled archive written as WARC, checked by warcio, read back equal;
WARC files written by warcio's own capture tool imported like crawled pages."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import subprocess
import sys
import urllib.request
from io import BytesIO
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.capture_http import capture_http
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import store, warc
from archive.fixture_server import FixtureWeb
from extract import article_id
from runarchive.cli import cli

BIN = Path(sys.executable).parent
# What an equal archive means: every row of these, in a stable order, without local ids.
COMPARED = {
    "articles": "select * from articles order by id",
    "quotes": (
        "select article_id, s.name, text, speaker_description, verb, paragraph, q.language, "
        "q.published, q.outlet, e.name from quotes q left join speakers s on s.id = speaker_id "
        "left join events e on e.id = q.event_id order by article_id, paragraph, text"
    ),
    "captures": (
        "select url, final_url, status, content_type, headers, fetched_at, last_fetched_at, "
        "fetch_count, body_sha256, body_size, outcome, reason, article_id from captures "
        "where status is not null order by url, fetched_at"
    ),
    "speakers": "select name, name_key, description, quote_count from speakers order by name_key",
    "events": "select name, date, place from events order by name",
}


def run_cli(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def rows_of(path: Path) -> dict[str, list[tuple]]:
    db = store.open_db(path)
    return {name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in COMPARED.items()}


@pytest.fixture(scope="module")
def exported(crawled, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("warc") / "archive.warc.gz"
    run_cli("export", "--format", "warc", "--out", str(out), "--db", str(crawled.path))
    return out


def records_of(path: Path) -> list[tuple[str, str | None, bytes]]:
    """Return (type, target URI, body as the reader decodes it) of every record."""
    with path.open("rb") as stream:
        return [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.content_stream().read(),
            )
            for r in ArchiveIterator(stream)
        ]


def test_exported_warc_passes_warcio_check(exported):
    result = subprocess.run(
        [str(BIN / "warcio"), "check", "-v", str(exported)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout and "digest fail" not in result.stdout


def test_one_response_per_stored_response_with_the_exact_body(crawled, exported):
    db = crawled.db()
    stored = {
        (row["final_url"] or row["url"]): store.capture_body(db, row["id"])
        for row in db.query("select id, url, final_url from captures where status is not null")
    }
    records = records_of(exported)
    responses = {uri: body for kind, uri, body in records if kind == "response"}
    assert len([r for r in records if r[0] == "response"]) == len(stored) >= 10
    assert responses == stored
    assert records[0][0] == "warcinfo"
    assert sum(1 for r in records if r[0] == "request") == len(stored)


def test_warcio_index_lists_every_response_with_its_status(crawled, exported):
    result = subprocess.run(
        [
            str(BIN / "warcio"),
            "index",
            "-f",
            "warc-type,warc-target-uri,http:status",
            str(exported),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    statuses = sorted(int(line["http:status"]) for line in lines if line["warc-type"] == "response")
    db = crawled.db()
    assert statuses == sorted(
        r[0] for r in db.execute("select status from captures where status is not null")
    )
    assert {404, 500} <= set(statuses)


def test_status_line_and_headers_are_the_captured_ones(crawled, exported):
    with exported.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI")
                row = (
                    crawled.db()
                    .execute(
                        "select status, headers from captures where coalesce(final_url, url) = ?",
                        [uri],
                    )
                    .fetchone()
                )
                assert record.http_headers.get_statuscode() == str(row[0])
                headers = json.loads(row[1])
                for name, value in headers.items():
                    got = record.http_headers.get_header(name) or record.http_headers.get_header(
                        "X-Archive-Orig-" + name
                    )
                    assert got == value, (uri, name)


def test_export_then_import_gives_an_equal_archive(crawled, exported, tmp_path):
    copy = tmp_path / "again.db"
    # The runs the crawl filed articles under come from its sources file.
    sources = crawled.path.parent / "sources.yml"
    run_cli("import", str(exported), "--db", str(copy), "--sources", str(sources))
    original, again = rows_of(crawled.path), rows_of(copy)
    assert len(original["articles"]) >= 4 and original["quotes"]
    for table in COMPARED:
        assert again[table] == original[table], table


def test_import_keeps_the_original_fetch_time_and_counts_requests(exported, tmp_path):
    copy = tmp_path / "again.db"
    result = CliRunner().invoke(cli, ["import", str(exported), "--db", str(copy)])
    assert result.exit_code == 0, result.output
    assert " request" in result.output and "warcinfo" in result.output
    db = store.open_db(copy)
    stamps = {r[0] for r in db.execute("select fetched_at from captures")}
    with exported.open("rb") as stream:
        dates = {
            r.rec_headers.get_header("WARC-Date")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    assert {s.replace("+00:00", "Z") for s in stamps} == dates


def capture_with_warcio(web: FixtureWeb, paths: list[tuple[str, str]], out: Path) -> None:
    """Fetch fixture pages through warcio's capture tool, as another archiver would."""
    with capture_http(str(out)):
        for host, path in paths:
            # An error page is captured all the same.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(web.origins[host] + path, timeout=10).read()


KERO_PATH = (
    "/news/in-your-neighborhood/bakersfield/"
    "bakersfield-running-club-hosts-second-annual-run-against-ice-event-at-hart-park-on-saturday"
)


def test_a_warc_written_by_warcio_capture_imports_with_its_pages_extracted(fixture_web, tmp_path):
    warc = tmp_path / "captured.warc.gz"
    capture_with_warcio(
        fixture_web,
        [("www.turnto23.com", KERO_PATH), ("www.turnto23.com", "/robots.txt")],
        warc,
    )
    db_path = tmp_path / "imported.db"
    result = CliRunner().invoke(cli, ["import", str(warc), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    db = store.open_db(db_path)
    kero = db["articles"].get(
        article_id(
            "https://www.turnto23.com/news/in-your-neighborhood/bakersfield/"
            "bakersfield-running-club-hosts-second-annual-run-against-ice-event-at-hart-park-on-saturday"
        )
    )
    assert "Run Against ICE" in kero["title"] and kero["quote_count"] >= 3
    with warc.open("rb") as stream:
        date = next(
            r.rec_headers.get_header("WARC-Date")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        )
    assert kero["first_seen_at"].replace("+00:00", "Z") == date
    outcomes = dict(db.execute("select outcome, count(*) from captures group by outcome"))
    assert outcomes == {"article": 1, "not-html": 1}
    assert "2 request" in result.output


def write_mixed_warc(path: Path, html: bytes) -> None:
    """Write a WARC holding an HTML page, a PDF, a revisit, a request and a metadata record."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for uri, content_type, body in (
            ("https://news.example/story", "text/html; charset=utf-8", html),
            ("https://news.example/report.pdf", "application/pdf", b"%PDF-1.4 not a page"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=BytesIO(body), http_headers=headers
                )
            )
        writer.write_record(
            writer.create_revisit_record(
                "https://news.example/story",
                "sha1:AAAA",
                "https://news.example/story",
                "2026-03-01T10:00:00Z",
            )
        )
        request = StatusAndHeaders("GET /story HTTP/1.1", [], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/story", "request", payload=BytesIO(b""), http_headers=request
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/story",
                "metadata",
                payload=BytesIO(b"via: https://news.example/\r\n"),
                warc_content_type="application/warc-fields",
            )
        )


def test_non_html_revisit_and_request_records_are_counted(fixture_web, tmp_path):
    html = (fixture_web.root / "www.turnto23.com").rglob("*.html")
    page = next(p for p in html if "hart-park" in p.name or "hart-park" in str(p))
    warc = tmp_path / "mixed.warc.gz"
    write_mixed_warc(warc, page.read_bytes())
    db_path = tmp_path / "mixed.db"
    result = CliRunner().invoke(cli, ["import", str(warc), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    for counted in ("1 not-html", "1 revisit", "1 request", "1 metadata", "1 article"):
        assert counted in result.output
    db = store.open_db(db_path)
    assert db["articles"].count == 1
    assert db["captures"].count == 2


def test_a_file_that_is_not_a_warc_is_a_clear_error_after_the_good_ones(exported, tmp_path):
    damaged = tmp_path / "page.warc"
    damaged.write_bytes(b"<html><body>not a web archive</body></html>\n")
    db_path = tmp_path / "partial.db"
    result = CliRunner().invoke(cli, ["import", str(exported), str(damaged), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "not a readable WARC file" in result.output
    assert "Traceback" not in result.output
    assert store.open_db(db_path)["articles"].count >= 4


def record_spans(path: Path) -> list[tuple[str, int, int]]:
    """Return (type, offset, length) of every record, as the file lays them out."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        spans = []
        for record in records:
            records.read_to_end()
            spans.append(
                (record.rec_type, records.get_record_offset(), records.get_record_length())
            )
        return spans


def fetches_before(data: bytes) -> tuple[int, str]:
    """Read a (cut) WARC the way import does: the responses read and the error, if any."""
    read: list[warc.WarcFetch] = []
    try:
        read.extend(warc.iter_warc_fetches(BytesIO(data), warc.ReadCounts()))
    except warc.TruncatedWarc as exc:
        return len(read), str(exc)
    return len(read), ""


def test_a_cut_anywhere_inside_any_record_is_named_and_the_responses_before_it_are_read(exported):
    data = exported.read_bytes()
    spans = record_spans(exported)
    assert {kind for kind, _, _ in spans} >= {"warcinfo", "request", "response", "metadata"}
    for index, (kind, offset, length) in enumerate(spans):
        whole = sum(1 for k, _, _ in spans[:index] if k == "response")
        for cut in (offset + 20, offset + length // 2, offset + length - 3):
            read, error = fetches_before(data[:cut])
            assert "the file ends inside" in error, (kind, cut)
            assert read == whole, (kind, cut)
        assert fetches_before(data[: offset + length]) == (whole + (kind == "response"), "")


def test_a_cut_off_warc_keeps_the_records_before_the_cut_and_says_so(exported, tmp_path):
    spans = record_spans(exported)
    _, offset, length = [s for s in spans if s[0] == "metadata"][1]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(exported.read_bytes()[: offset + length // 2])
    db_path = tmp_path / "cut.db"
    result = CliRunner().invoke(cli, ["import", str(cut), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "cut off, the file ends inside the" in result.output
    assert "Traceback" not in result.output
    assert store.open_db(db_path)["captures"].count == 2


def test_since_and_run_narrow_the_export(crawled, tmp_path):
    db = crawled.db()
    run = db.execute(
        "select e.name from events e join articles a on a.event_id = e.id limit 1"
    ).fetchone()[0]
    expected = db.execute(
        "select count(*) from captures c join articles a on a.id = c.article_id "
        "where c.status is not null and a.event_id = (select id from events where name = ?)",
        [run],
    ).fetchone()[0]
    out = tmp_path / "run.warc.gz"
    run_cli(
        "export", "--format", "warc", "--out", str(out), "--run", run, "--db", str(crawled.path)
    )
    assert sum(1 for r in records_of(out) if r[0] == "response") == expected >= 1
    later = tmp_path / "later.warc.gz"
    run_cli(
        "export", "--format", "warc", "--out", str(later), "--since", "2999-01-01",
        "--db", str(crawled.path),
    )  # fmt: skip
    assert [r[0] for r in records_of(later)] == ["warcinfo"]


FIXTURES = Path(__file__).parent / "fixtures" / "warc"
SPACE_ARC_URL = (
    "http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples%20From%20The%20Live%20Web"
    "&IsPopUp=False"
)


def read_fixture(name: str) -> tuple[list[warc.WarcFetch], dict[str, int], str]:
    """Read a fixture WARC as import does: the fetches, the counted records and any error."""
    counts = warc.ReadCounts()
    read: list[warc.WarcFetch] = []
    with (FIXTURES / name).open("rb") as stream:
        try:
            read.extend(warc.iter_warc_fetches(stream, counts))
        except warc.WarcReadError as exc:
            return read, dict(counts.records), f"{type(exc).__name__}: {exc}"
    return read, dict(counts.records), ""


def import_fixture(name: str, tmp_path: Path) -> tuple[int, str, Path]:
    """Import a fixture file with the CLI; return its exit code, output and database."""
    db_path = tmp_path / "imported.db"
    result = CliRunner().invoke(cli, ["import", str(FIXTURES / name), "--db", str(db_path)])
    return result.exit_code, result.output, db_path


def test_a_valid_arc_with_a_space_in_a_url_is_read_to_its_end():
    read, counts, error = read_fixture("warcio/example-space-in-url.arc")
    assert error == "" and counts == {"warcinfo": 1}
    [page] = read
    assert page.fetch.url == SPACE_ARC_URL and page.fetch.status == 200
    assert page.fetch.fetched_at == "2014-02-16T05:02:21+00:00"
    assert b"Example Domain" in page.fetch.body and page.fetch.body.rstrip().endswith(b"</html>")


def test_an_arc_file_imports_as_a_capture(tmp_path):
    code, output, db_path = import_fixture("warcio/example-space-in-url.arc", tmp_path)
    assert code == 0, output
    rows = store.open_db(db_path).execute("select url, status, content_type from captures")
    assert rows.fetchall() == [(SPACE_ARC_URL, 200, "text/html")]


def test_an_html_page_kept_as_a_resource_record_is_a_page_with_status_200():
    read, counts, error = read_fixture("resource-page.warc.gz")
    assert error == ""
    [page] = read
    assert page.fetch.url == "https://news.example/2026/03/01/runners-gather-at-hart-park"
    assert page.fetch.status == 200
    assert dict(page.fetch.headers) == {"Content-Type": "text/html; charset=utf-8"}
    assert page.fetch.fetched_at == "2026-03-01T18:30:00+00:00"
    # An image, and an HTML resource with no web address, are no pages.
    assert counts == {"warcinfo": 1, "resource": 2}


def test_a_resource_page_is_stored_and_extracted_as_a_response_would_be(tmp_path):
    code, output, db_path = import_fixture("resource-page.warc.gz", tmp_path)
    assert code == 0, output
    assert "2 resource" in output and "1 article" in output
    db = store.open_db(db_path)
    [capture] = db.query("select url, status, content_type, headers, fetched_at from captures")
    assert capture["url"] == "https://news.example/2026/03/01/runners-gather-at-hart-park"
    assert (capture["status"], capture["content_type"]) == (200, "text/html")
    assert json.loads(capture["headers"]) == {"Content-Type": "text/html; charset=utf-8"}
    [article] = db.query("select title from articles")
    assert article["title"] == "Runners gather at Hart Park for the Run Against ICE"


def test_a_warc_gzipped_as_one_stream_is_read_not_refused():
    read, counts, error = read_fixture("one-gzip-stream.warc.gz")
    assert error == ""
    assert [(f.fetch.url, f.fetch.status) for f in read] == [
        ("https://news.example/2026/03/01/run-against-ice-returns", 200),
        ("https://news.example/files/route.pdf", 200),
    ]
    assert counts == {"warcinfo": 1, "request": 1, "revisit": 2}


def test_revisit_records_are_counted_and_never_stored_as_pages(tmp_path):
    code, output, db_path = import_fixture("one-gzip-stream.warc.gz", tmp_path)
    assert code == 0, output
    assert "2 revisit" in output and "1 not-html" in output and "1 article" in output
    db = store.open_db(db_path)
    # The revisit with HTTP headers repeats the story's URL and status, with no body.
    assert db.execute("select count(*) from captures").fetchone()[0] == 2


def test_a_cut_file_is_one_error_line_and_the_page_before_the_cut_is_kept(tmp_path):
    read, _, error = read_fixture("cut.warc.gz")
    assert [f.fetch.url for f in read] == ["https://news.example/2026/03/01/first-story"]
    assert error == (
        "TruncatedWarc: the file ends inside the record for "
        "https://news.example/2026/03/02/second-story"
    )
    code, output, db_path = import_fixture("cut.warc.gz", tmp_path)
    assert code == 1 and "Traceback" not in output
    named = "the file ends inside the record for https://news.example/2026/03/02/second-story"
    assert len([line for line in output.splitlines() if named in line]) == 1, output
    assert [r[0] for r in store.open_db(db_path).execute("select url from captures")] == [
        "https://news.example/2026/03/01/first-story"
    ]


def test_a_cut_anywhere_in_a_one_stream_gzip_is_named_and_the_pages_before_it_are_read():
    data = (FIXTURES / "one-gzip-stream.warc.gz").read_bytes()
    whole, _ = fetches_before(data)
    assert whole == 2
    for cut in range(1, len(data)):
        read, error = fetches_before(data[:cut])
        assert "the file ends inside" in error, cut
        assert read <= whole


class Unseekable(BytesIO):
    """A pipe: read in order, no going back."""

    def seekable(self) -> bool:
        return False

    def seek(self, *args: object) -> int:
        raise OSError("not seekable")


def test_a_pipe_reads_as_a_file_does_and_a_one_stream_gzip_in_it_is_one_clear_error(exported):
    def urls(stream: IO[bytes]) -> list[str]:
        return [f.fetch.url for f in warc.iter_warc_fetches(stream, warc.ReadCounts())]

    data = exported.read_bytes()
    assert urls(Unseekable(data)) == urls(BytesIO(data))
    with pytest.raises(warc.UnreadableWarc) as refused:
        urls(Unseekable((FIXTURES / "one-gzip-stream.warc.gz").read_bytes()))
    assert "gzipped as one stream" in str(refused.value) and "\n" not in str(refused.value)


def test_a_gzip_member_ending_inside_a_record_is_one_clear_error_after_the_pages_before():
    plain = gzip.decompress((FIXTURES / "one-gzip-stream.warc.gz").read_bytes())
    starts = [i for i in range(len(plain)) if plain.startswith(b"WARC/1.1\r\n", i)]
    # One member a record, but the request's split in two, as in warcio's
    # example-wrong-chunks.warc.gz.
    cuts = [*starts[:3], starts[2] + 200, *starts[3:], len(plain)]
    data = b"".join(gzip.compress(plain[a:b]) for a, b in itertools.pairwise(cuts))
    read, error = [], ""
    try:
        read.extend(warc.iter_warc_fetches(BytesIO(data), warc.ReadCounts()))
    except warc.UnreadableWarc as exc:
        error = str(exc)
    assert [f.fetch.url for f in read] == [
        "https://news.example/2026/03/01/run-against-ice-returns"
    ]
    assert error.startswith("a gzip member ends inside the record after the record for https:")
    assert "\n" not in error
