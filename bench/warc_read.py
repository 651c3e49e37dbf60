"""Speed of reading WARC files as `runarchive import` does, beside warcio's bare iteration.

Writes one generated WARC (HTML stories, 1 MB non-HTML files, requests and revisits) three
ways: uncompressed, gzipped per record, and gzipped as one stream. Times warcio's
ArchiveIterator reading every record's content, then `iter_warc_fetches`; prints MB/s of the
uncompressed data for each, best of --repeat runs, and "refused" where a reader stops.

Usage: python bench/warc_read.py [--megabytes 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import random
import time
from collections.abc import Callable
from io import BytesIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import warc

STORY = (
    "<!DOCTYPE html><html><head><title>Story {n}</title></head><body><article>"
    "<h1>Story {n}</h1>"
    + "<p>Runners gathered on Saturday morning in the park.</p>" * 40
    + "</article></body></html>"
)
# A 1 MB file that is not a page, and that gzip cannot shrink much, as PDFs and images.
FILLER = b"%PDF-1.4 " + random.Random(0).randbytes(1024 * 1024)


def write_records(writer: WARCWriter, megabytes: int, stream: BytesIO) -> None:
    """Write records until the stream holds about this many megabytes."""
    n = 0
    while stream.tell() < megabytes * 1024 * 1024:
        n += 1
        url = f"https://news.example/story/{n}"
        for target, kind, body in (
            (url, "text/html; charset=utf-8", STORY.format(n=n).encode()),
            *(
                [(f"https://files.example/{n}.pdf", "application/pdf", FILLER)]
                if n % 100 == 0
                else []
            ),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    target,
                    "response",
                    payload=BytesIO(body),
                    length=len(body),
                    http_headers=headers,
                )
            )
        request = StatusAndHeaders(f"GET /story/{n} HTTP/1.1", [], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(url, "request", payload=BytesIO(b""), http_headers=request)
        )
        if n % 10 == 0:
            writer.write_record(
                writer.create_revisit_record(url, "sha1:AAAA", url, "2026-03-01T00:00:00Z")
            )


def generated(megabytes: int) -> dict[str, bytes]:
    """Return the same WARC uncompressed, gzipped per record and gzipped as one stream."""
    plain, per_record = BytesIO(), BytesIO()
    write_records(WARCWriter(plain, gzip=False), megabytes, plain)
    writer = WARCWriter(per_record, gzip=True)
    for record in ArchiveIterator(BytesIO(plain.getvalue())):  # as `warcio recompress` does
        writer.write_record(record)
    return {
        "uncompressed": plain.getvalue(),
        "gzip per record": per_record.getvalue(),
        "gzip one stream": gzip.compress(plain.getvalue(), compresslevel=6),
    }


def read_with_warcio(data: bytes) -> int:
    """Read every record's content with warcio's iterator; return how many records."""
    records = 0
    for record in ArchiveIterator(BytesIO(data), arc2warc=True):
        record.content_stream().read()
        records += 1
    return records


def read_as_import(data: bytes) -> int:
    """Read the file as import does; return how many fetches."""
    return sum(1 for _ in warc.iter_warc_fetches(BytesIO(data), warc.ReadCounts()))


def best_seconds(read: Callable[[bytes], int], data: bytes, repeat: int) -> float | None:
    """Return the best time of `repeat` reads, or None when the reader refuses the file."""
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            read(data)
        except (ArchiveLoadFailed, ValueError):
            return None
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50, help="Uncompressed WARC size")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per reader, best kept")
    args = parser.parse_args()
    files = generated(args.megabytes)
    size = len(files["uncompressed"]) / 1024 / 1024
    records = read_with_warcio(files["uncompressed"])
    print(f"{size:.0f} MB of WARC records, {records} records")
    for name, data in files.items():
        cells = []
        for label, read in (("warcio", read_with_warcio), ("import", read_as_import)):
            seconds = best_seconds(read, data, args.repeat)
            cells.append(
                f"{label} {size / seconds:5.0f} MB/s {records / seconds / 1000:5.1f}k records/s"
                if seconds
                else f"{label} refused"
            )
        print(f"{name:16} {len(data) / 1024 / 1024:5.1f} MB on disk: " + ", ".join(cells))


if __name__ == "__main__":
    main()
