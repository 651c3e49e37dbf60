"""How long `runarchive extract` takes on a 20 MB page of quoted lines, refused and read whole.

Prints seconds and the quotes found; the size limit refuses the page at once, and with the
limit raised the capped text and quotes keep the time bounded.
Usage: python bench/limits.py [MEGABYTES]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    '<p>"We run because our neighbours were taken, number {n}," said Maria Lopez, an organizer '
    'of the Run Against ICE. "We will keep running," she said.</p>\n'
)


def write_page(path: Path, megabytes: float) -> None:
    """Write an HTML page of about this size, one distinct quoted paragraph after another."""
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>Run Against ICE</title></head><body><article>")
        written, n = 0, 0
        while written < megabytes * 1024 * 1024:
            written += out.write(PARAGRAPH.format(n=n))
            n += 1
        out.write("</article></body></html>")


def run_extract(page: Path, *options: str) -> tuple[float, int, str]:
    """Return seconds taken, exit status and the summary line of one `runarchive extract`."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "runarchive", "extract", str(page), "--jsonl", *options],
        capture_output=True,
        text=True,
        check=False,
    )
    last = (result.stderr.strip().splitlines() or [""])[-1]
    return time.perf_counter() - started, result.returncode, last


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "big.html"
        write_page(page, megabytes)
        size = page.stat().st_size / 1024 / 1024
        for label, options in (
            ("default limit", ()),
            ("limit raised", ("--max-size", str(megabytes + 5))),
        ):
            seconds, status, line = run_extract(page, *options)
            print(f"{size:.1f} MB page, {label}: {seconds:.1f} s, exit {status}: {line}")


if __name__ == "__main__":
    main()
