"""WARC files: the archive's captures written as WARC records, and WARC records read as fetches.

Writing and reading are warcio's; this module maps one capture to a request, a response and a
metadata record, and any tool's response record back to a fetch. Headers that describe an
encoding the stored body no longer has (the body is kept decoded, as fetched) are renamed with
pywb's `X-Archive-Orig-` prefix, so that readers do not try to decode the body again; reading
restores them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import __version__
from archive.store import Fetch

# Headers that no longer hold for a body stored decoded, and the prefix pywb gives them.
ENCODING_HEADERS = ("transfer-encoding", "content-encoding", "content-length")
ORIG_PREFIX = "X-Archive-Orig-"
# A page copied from the Wayback Machine: its address holds the original URL and capture time.
WAYBACK_URL = re.compile(r"^https?://web\.archive\.org/web/(\d{14})[a-z_]*/(https?://.+)$")
# Our own fields in a capture's metadata record (application/warc-fields).
META_FIELDS = ("requested-url", "final-url", "fetched-at", "last-fetched-at", "fetch-count")
# Bodies larger than this are counted and skipped when reading, as the crawler refuses them.
MAX_BODY = 10 * 1024 * 1024


@dataclass(frozen=True)
class Capture:
    """A stored capture as WARC writing needs it."""

    fetch: Fetch
    last_fetched_at: str
    fetch_count: int


def warc_date(stamp: str) -> str:
    """Return an ISO-8601 time as a WARC-Date (UTC, 'Z')."""
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_from_warc_date(value: str) -> str:
    """Return a WARC-Date as the archive's ISO-8601 UTC text, to the second."""
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def status_line(status: int) -> str:
    """Return the status line text for a code, with its standard reason phrase."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def http_headers_for(fetch: Fetch) -> list[tuple[str, str]]:
    """Return a capture's headers as written: encoding headers that no longer hold renamed."""
    headers = []
    for name, value in fetch.headers.items():
        lowered = name.lower()
        keep = lowered not in ENCODING_HEADERS or (
            lowered == "content-length" and value.strip() == str(len(fetch.body))
        )
        headers.append((name if keep else ORIG_PREFIX + name, value))
    return headers


def restore_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return headers read from a WARC as a mapping, renamed encoding headers restored."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        if name.lower().startswith(ORIG_PREFIX.lower()):
            name = name[len(ORIG_PREFIX) :]
        headers[name] = value
    return headers


def memento_of(url: str) -> tuple[str, str] | None:
    """Return the original URL and capture time of a Wayback Machine memento URL."""
    match = WAYBACK_URL.match(url)
    if match is None:
        return None
    stamp = datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return match.group(2), stamp.isoformat()


def write_warcinfo(writer: WARCWriter, filename: str, description: str) -> None:
    """Write the warcinfo record that opens the file."""
    info = {
        "software": f"runarchive/{__version__} (warcio)",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "description": description,
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))


def write_capture(writer: WARCWriter, capture: Capture) -> None:
    """Write one capture as request, response and metadata records."""
    fetch = capture.fetch
    target = fetch.final_url or fetch.url
    date = warc_date(fetch.fetched_at)
    source = None
    memento = memento_of(target)
    if memento is not None:
        source, (target, date) = target, (memento[0], warc_date(memento[1]))
    response_headers = {"WARC-Date": date}
    if source:
        response_headers["WARC-Source-URI"] = source
    response = writer.create_warc_record(
        target,
        "response",
        payload=BytesIO(fetch.body),
        length=len(fetch.body),
        http_headers=StatusAndHeaders(
            status_line(fetch.status or 200), http_headers_for(fetch), protocol="HTTP/1.1"
        ),
        warc_headers_dict=response_headers,
    )
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    path = _request_path(target)
    request = writer.create_warc_record(
        target,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=StatusAndHeaders(
            f"GET {path} HTTP/1.1", [("Host", _host(target))], is_http_request=True
        ),
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
    )
    writer.write_record(request)
    writer.write_record(response)
    fields = {
        "requested-url": fetch.url,
        "final-url": fetch.final_url or "",
        "fetched-at": fetch.fetched_at,
        "last-fetched-at": capture.last_fetched_at,
        "fetch-count": str(capture.fetch_count),
    }
    block = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v).encode("utf-8")
    metadata = writer.create_warc_record(
        target,
        "metadata",
        payload=BytesIO(block),
        length=len(block),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
    )
    writer.write_record(metadata)


def write_warc(
    stream: IO[bytes], captures: Iterable[Capture], filename: str, description: str
) -> int:
    """Write a gzipped WARC of the captures to a binary stream; return how many were written."""
    writer = WARCWriter(stream, gzip=True, warc_version="1.1")
    write_warcinfo(writer, filename, description)
    written = 0
    for capture in captures:
        write_capture(writer, capture)
        written += 1
    return written


def _host(url: str) -> str:
    """Return the host (and port) part of a URL."""
    return url.split("/", 3)[2] if url.count("/") >= 2 else url


def _request_path(url: str) -> str:
    """Return the path and query of a URL, as a request line names it."""
    parts = url.split("/", 3)
    return "/" + parts[3] if len(parts) > 3 else "/"


class TruncatedWarc(ValueError):
    """A WARC file that ends in the middle of a record (`record_id`, when its headers were read)."""

    def __init__(self, message: str, record_id: str | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id


@dataclass
class WarcFetch:
    """A response read from a WARC: the fetch to classify and our own fields, if any."""

    fetch: Fetch
    last_fetched_at: str | None = None
    fetch_count: int | None = None


@dataclass
class ReadCounts:
    """What was met in WARC files besides HTML-or-other responses handed on."""

    records: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str) -> None:
        self.records[kind] += 1


def iter_warc_fetches(stream: IO[bytes], counts: ReadCounts) -> Iterator[WarcFetch]:
    """Yield every HTTP response record of a WARC (gzipped or not) as a fetch, streaming.

    Request, revisit, warcinfo and other records are counted, not yielded; a response's
    metadata record (ours, right after it) fills in the fields a WARC has no header for.
    A file cut off inside any record still yields every response before the cut.
    """
    pending: tuple[WarcFetch, str] | None = None
    try:
        for record in _complete_records(ArchiveIterator(stream, arc2warc=True), stream):
            kind = record.rec_type
            if kind == "metadata" and pending is not None:
                concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
                if concurrent == pending[1]:
                    yield _with_metadata(pending[0], record.content_stream().read(64 * 1024))
                    pending = None
                    continue
            if pending is not None:
                yield pending[0]
                pending = None
            if kind != "response" or record.http_headers is None:
                counts.add(kind)
                continue
            found = _read_response(record, counts)
            if found is not None:
                pending = (found, record.rec_headers.get_header("WARC-Record-ID"))
    except TruncatedWarc as cut:
        if pending is not None and pending[1] != cut.record_id:
            yield pending[0]
        raise
    if pending is not None:
        yield pending[0]


def _complete_records(records: ArchiveIterator, stream: IO[bytes]) -> Iterator[Any]:
    """Yield each record, then check it ended where its length says before the next one.

    warcio reads a file cut off inside a record (or inside its gzip member) quietly, as if
    the record were shorter, and stops quietly at a record whose headers are cut; a record
    left unfinished, or bytes left after the last whole record, is a cut.
    """
    last = "the start of the file"
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except AttributeError as exc:  # warcio, at a request or response with no target URI
            raise TruncatedWarc(f"the file ends inside the record after {last}") from exc
        url = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type or "a record"
        length = record.rec_headers.get_header("Content-Length") or ""
        if not record.rec_type or not length.strip().isdigit():
            raise TruncatedWarc(f"the file ends inside the headers of the record after {last}")
        yield record
        records.read_to_end()
        if getattr(record.raw_stream, "limit", 0) > 0 or _member_unfinished(records):
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            raise TruncatedWarc(f"the file ends inside the record for {url}", record_id)
        last = f"the record for {url}"
    if _bytes_left(stream, records.offset):
        raise TruncatedWarc(f"the file ends inside the record after {last}")


def _bytes_left(stream: IO[bytes], consumed: int) -> bool:
    """Tell whether a seekable file holds more than blank lines past `consumed` bytes."""
    if not stream.seekable():
        return False
    stream.seek(consumed)
    return bool(stream.read(64 * 1024).strip())


def _member_unfinished(records: ArchiveIterator) -> bool:
    """Tell whether a gzipped WARC's last member stopped before its end.

    Nothing read after the record (`next_line` None) and a gzip stream not at its end is a
    file cut inside the member; more records in one member is warcio's own error.
    """
    decompressor = getattr(records.reader, "decompressor", None)
    return decompressor is not None and not decompressor.eof and records.next_line is None


def _read_response(record: Any, counts: ReadCounts) -> WarcFetch | None:
    """Return the fetch a response record holds, or None (counted) when it cannot be kept."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    statusline = record.http_headers.get_statuscode()
    if not url or not statusline or not statusline.isdigit():
        counts.add("unreadable")
        return None
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    if length > MAX_BODY + 64 * 1024:
        counts.add("too-large")
        return None
    body = record.content_stream().read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        counts.add("too-large")
        return None
    if getattr(record.raw_stream, "limit", 0) > 0:  # the body stops short: the file is cut
        raise TruncatedWarc(f"the file ends inside the record for {url}")
    date = record.rec_headers.get_header("WARC-Date")
    source = record.rec_headers.get_header("WARC-Source-URI")
    fetch = Fetch(
        url=source or url,
        final_url=source or url,
        status=int(statusline),
        headers=restore_headers(record.http_headers.headers),
        body=body,
        fetched_at=iso_from_warc_date(date) if date else datetime.now(UTC).isoformat(),
    )
    return WarcFetch(fetch)


def _with_metadata(found: WarcFetch, block: bytes) -> WarcFetch:
    """Return a fetch with the fields our metadata record carries applied."""
    fields = {}
    for line in block.decode("utf-8", errors="replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() in META_FIELDS:
            fields[name.strip()] = value.strip()
    fetch = found.fetch
    changes: dict[str, Any] = {}
    if fields.get("requested-url"):
        changes["url"] = fields["requested-url"]
    if "final-url" in fields or "requested-url" in fields:
        changes["final_url"] = fields.get("final-url") or None
    if fields.get("fetched-at"):
        changes["fetched_at"] = fields["fetched-at"]
    count = fields.get("fetch-count", "")
    return WarcFetch(
        Fetch(**{**fetch.__dict__, **changes}),
        fields.get("last-fetched-at"),
        int(count) if count.isdigit() else None,
    )
