"""WARC files: the archive's captures written as WARC records, and WARC or ARC records read as
fetches.

Writing and reading are warcio's; this module maps one capture to a request, a response and a
metadata record, and any tool's response record (or HTML page kept as a resource record) back
to a fetch, telling a file cut off from a whole one, which warcio does not. Headers that describe an
encoding the stored body no longer has (the body is kept decoded, as fetched) are renamed with
pywb's `X-Archive-Orig-` prefix, so that readers do not try to decode the body again; reading
restores them.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import BUFF_SIZE
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
# Media types of a web page kept as a resource record (as browser-based archivers keep pages).
HTML_TYPES = ("text/html", "application/xhtml+xml")
# The first bytes of a gzip stream (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"
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


class WarcReadError(ValueError):
    """A WARC or ARC file read only up to a point (`record_id`: the record that was not kept)."""

    def __init__(self, message: str, record_id: str | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id


class TruncatedWarc(WarcReadError):
    """A file that ends in the middle of a record (`record_id`, when its headers were read)."""


class UnreadableWarc(WarcReadError):
    """A file warcio cannot read as WARC or ARC either, told in one line."""


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
    """Yield every HTTP response of a WARC or ARC file (gzipped or not) as a fetch, streaming.

    An HTML page kept as a `resource` record (browser-based archivers store pages so) is a
    fetch too, with status 200. Request, revisit, warcinfo and other records are counted, not
    yielded; a response's metadata record (ours, right after it) fills in the fields a WARC
    has no header for. A file cut off inside any record still yields every page before the cut.
    """
    pending: tuple[WarcFetch, str] | None = None
    try:
        for record in WarcRecords(stream):
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
            found = _read_fetch(record, counts)
            if found is not None:
                pending = (found, record.rec_headers.get_header("WARC-Record-ID"))
    except WarcReadError as cut:
        if pending is not None and pending[1] != cut.record_id:
            yield pending[0]
        raise
    if pending is not None:
        yield pending[0]


class WarcRecords:
    """warcio's records of one WARC or ARC file, each checked to be whole before the next.

    warcio reads a file cut off inside a record quietly, as if the record were shorter; a
    record left unfinished, a gzip member without its end or bytes after the last record is a
    cut. A gzip member that goes on past its record (a file gzipped as one stream) is refused
    by warcio's iterator; such a file is read again as one decompressed stream, as
    `warcio recompress` reads it.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        head = stream.read(BUFF_SIZE)
        # ARC lengths are advisory: warcio's example-space-in-url.arc declares 12 bytes more
        # than it holds, bad.arc "-1" and "abc"; only a gzip stream tells a cut ARC.
        self.is_arc = not _decompressed_start(head).lstrip().startswith(b"WARC/")
        self.start: int | None = None
        source: Any = stream
        if stream.seekable():
            stream.seek(-len(head), io.SEEK_CUR)
            self.start = stream.tell()
        else:
            source = BufferedReader(stream, starting_data=head)
        self.records = ArchiveIterator(source, arc2warc=True)
        self.whole: BufferedReader | None = None

    def __iter__(self) -> Iterator[Any]:
        last = "the start of the file"
        done = 0
        while True:
            try:
                record = next(self.records)
            except StopIteration:
                break
            except AttributeError as exc:  # warcio, at a request or response with no target URI
                raise self._broken(f"the record after {last}") from exc
            except ArchiveLoadFailed as exc:
                if self._gzip_cut():  # what a cut gzip stream held, read as a record's start
                    raise TruncatedWarc(f"the file ends inside the record after {last}") from exc
                message = str(exc).strip().splitlines()[0].strip()
                raise UnreadableWarc(f"{message}, after {last}") from exc
            url = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type or "a record"
            length = record.rec_headers.get_header("Content-Length") or ""
            if not record.rec_type or not (self.is_arc or length.strip().isdigit()):
                raise self._broken(f"the headers of the record after {last}")
            yield record
            self.records.read_to_end()
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            if self._stopped_short(record):
                raise self._broken(f"the record for {url}", record_id)
            done += 1
            last = f"the record for {url}"
            if self._member_goes_on():
                self._read_as_one_stream(done)
        if self._unfinished():
            raise TruncatedWarc(f"the file ends inside the record after {last}")

    def _stopped_short(self, record: Any) -> bool:
        """Tell whether a record just read ended before its length, or inside its gzip member."""
        if not self.is_arc and getattr(record.raw_stream, "limit", 0) > 0:
            return True
        decompressor = self._member_decompressor()
        return decompressor is not None and not decompressor.eof and not self.records.next_line

    def _broken(self, where: str, record_id: str | None = None) -> WarcReadError:
        """Return the error for a record that stops short: a gzip member ending inside it
        with more of the file after it (warcio's example-wrong-chunks.warc.gz), or a cut."""
        decompressor = self._member_decompressor()
        member_ended = decompressor is not None and decompressor.eof
        if member_ended and (decompressor.unused_data or self.stream.read(1)):
            return UnreadableWarc(
                f"a gzip member ends inside {where}; "
                "`warcio recompress` writes the file anew with one member per record",
                record_id,
            )
        return TruncatedWarc(f"the file ends inside {where}", record_id)

    def _member_decompressor(self) -> Any:
        """Return the decompressor of the gzip member being read, when read one per record."""
        if self.whole is not None or self.records.reader is None:
            return None
        return self.records.reader.decompressor

    def _member_goes_on(self) -> bool:
        """Tell whether the gzip member of the record just read holds the next record too."""
        # Past a one-record member warcio's reader stops, so a next line is the member's own.
        return self._member_decompressor() is not None and bool(self.records.next_line)

    def _read_as_one_stream(self, done: int) -> None:
        """Read the file again from its start as one gzip stream, past the `done` records."""
        if self.start is None:
            raise UnreadableWarc(
                "the file is gzipped as one stream, not per record, and cannot be read again "
                "from its start here; `warcio recompress` writes it with one member per record"
            )
        self.stream.seek(self.start)
        self.whole = DecompressingBufferedReader(self.stream, read_all_members=True)
        self.records = ArchiveIterator(self.whole, arc2warc=True)
        for _ in itertools.islice(self.records, done):
            self.records.read_to_end()

    def _gzip_cut(self) -> bool:
        """Tell whether the file ended inside a gzip member, before its end marker."""
        reader = self.whole if self.whole is not None else self.records.reader
        decompressor = getattr(reader, "decompressor", None)
        return decompressor is not None and not decompressor.eof and not self.stream.read(1)

    def _unfinished(self) -> bool:
        """Tell whether the file goes on past warcio's last record, or its gzip stream is cut."""
        if self.whole is not None:
            return self.whole.decompressor is not None and not self.whole.decompressor.eof
        if self.start is None:
            return False
        self.stream.seek(self.start + self.records.offset)
        return bool(self.stream.read(64 * 1024).strip())


def _decompressed_start(data: bytes) -> bytes:
    """Return the first bytes of a file's records: the data, or what its gzip stream holds."""
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 64)
    except zlib.error:
        return b""


def _read_fetch(record: Any, counts: ReadCounts) -> WarcFetch | None:
    """Return the fetch a response or HTML resource record holds, or None (counted) for others."""
    kind = record.rec_type
    url = record.rec_headers.get_header("WARC-Target-URI")
    if kind == "response" and record.http_headers is not None:
        statusline = record.http_headers.get_statuscode()
        if not url or not statusline or not statusline.isdigit():
            counts.add("unreadable")
            return None
        status, headers = int(statusline), restore_headers(record.http_headers.headers)
    elif kind == "resource" and is_html_page(url, record.content_type):
        # What warcio gives a resource record for replay (ensure_http_headers), bar the length.
        status, headers = 200, {"Content-Type": record.content_type}
    else:
        counts.add(kind)
        return None
    if (record.length or 0) > MAX_BODY + 64 * 1024:
        counts.add("too-large")
        return None
    body = record.content_stream().read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        counts.add("too-large")
        return None
    date = _fetched_at(record.rec_headers.get_header("WARC-Date"))
    source = record.rec_headers.get_header("WARC-Source-URI")
    fetch = Fetch(
        url=source or url,
        final_url=source or url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=date or datetime.now(UTC).isoformat(),
    )
    return WarcFetch(fetch)


def is_html_page(url: str | None, content_type: str | None) -> bool:
    """Tell whether a resource record holds a web page: an HTTP(S) address and HTML."""
    media = (content_type or "").split(";")[0].strip().lower()
    return bool(url) and url.lower().startswith(("http://", "https://")) and media in HTML_TYPES


def _fetched_at(value: str | None) -> str | None:
    """Return a record's WARC-Date as the archive's time, or None when absent or unreadable."""
    try:
        return iso_from_warc_date(value) if value else None
    except ValueError:
        return None


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
