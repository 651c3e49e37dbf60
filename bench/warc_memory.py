"""Peak memory of `runarchive import` on generated WARC files of growing size.

Writes uncompressed WARC files of about 100 MB and 1 GB (HTML stories, on-topic or not,
large non-HTML files, revisits and requests), imports each into a fresh archive in a
subprocess and prints its peak RSS: streaming holds one record at a time, so the figure
should not grow with the file.

Usage: python bench/warc_memory.py [--sizes 100,1000] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STORY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><link rel="canonical" href="{url}">
<meta property="article:published_time" content="2026-03-0{day}T08:00:00-07:00"></head>
<body><article><h1>{title}</h1>
<p>Runners gathered on Saturday morning for the Run Against ICE, a protest run through the
park organized by a volunteer running club, number {n}.</p>
<p>"We run for our neighbors," said organizer Maria Lopez, who has led the group since spring.</p>
<p>The route covered five kilometers and ended with speeches, water and music, and volunteers
shared information about legal help in English and Spanish with everyone at the finish.</p>
<p>"Nobody should be afraid to go to work or school," said runner James Carter.</p>
</article></body></html>"""
FILLER = b"%PDF-1.4 " + b"0123456789abcdef" * 65536  # a 1 MB file that is not a page


def response(writer: WARCWriter, url: str, content_type: str, body: bytes) -> None:
    """Write one HTTP response record."""
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def write_warc(path: Path, megabytes: int) -> dict[str, int]:
    """Write an uncompressed WARC of about this size; return how many records of each kind."""
    counts = {"html": 0, "pdf": 0, "revisit": 0, "request": 0}
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        n = 0
        while stream.tell() < megabytes * 1024 * 1024:
            n += 1
            url = f"https://news{n % 7}.example/story/{n}"
            title = f"Run Against ICE draws runners, story {n}" if n % 3 else f"Market day {n}"
            page = STORY.format(title=title, url=url, day=1 + n % 9, n=n).encode("utf-8")
            response(writer, url, "text/html; charset=utf-8", page)
            counts["html"] += 1
            request = StatusAndHeaders(f"GET /story/{n} HTTP/1.1", [], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=BytesIO(b""), http_headers=request
                )
            )
            counts["request"] += 1
            if n % 4 == 0:
                response(writer, f"https://files.example/report-{n}.pdf", "application/pdf", FILLER)
                counts["pdf"] += 1
            if n % 10 == 0:
                revisit = writer.create_revisit_record(
                    url, "sha1:AAAA", url, "2026-03-01T00:00:00Z"
                )
                writer.write_record(revisit)
                counts["revisit"] += 1
    return counts


# Runs the import in a child that reports its own peak RSS as it exits.
MEASURED_IMPORT = """
import resource, sys
from runarchive.cli import cli
try:
    cli(["import", sys.argv[1], "--db", sys.argv[2]])
finally:
    print("peak-rss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def import_rss(warc: Path, db: Path) -> tuple[int, float, str]:
    """Import a WARC into a fresh archive in a subprocess; return its peak RSS (KiB), seconds
    and the import's summary line."""
    started = time.monotonic()
    command = [sys.executable, "-c", MEASURED_IMPORT, str(warc), str(db)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    lines = result.stderr.strip().splitlines()
    peak = int(lines[-1].split()[-1])
    return peak, seconds, lines[-2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="WARC sizes in MB, smallest first")
    parser.add_argument("--dir", default=None, help="Where to write the WARC files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="warc-memory-") as tmp:
        for megabytes in sorted(int(s) for s in args.sizes.split(",")):
            warc = Path(tmp) / f"generated-{megabytes}mb.warc"
            counts = write_warc(warc, megabytes)
            size = warc.stat().st_size / 1024 / 1024
            rss, seconds, summary = import_rss(warc, Path(tmp) / f"archive-{megabytes}.db")
            print(
                f"{size:7.0f} MB WARC ({counts['html']} pages, {counts['pdf']} PDFs, "
                f"{counts['revisit']} revisits): peak RSS {rss / 1024:.0f} MB, "
                f"{seconds:.0f} s; {summary.split(': ', 1)[-1]}",
                flush=True,
            )
            warc.unlink()


if __name__ == "__main__":
    main()
