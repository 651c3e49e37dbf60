"""The real and fixture pages the extraction tests compare steps on, and how to read them."""

from __future__ import annotations

import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted(
    [
        *(ROOT / "archive" / "fixture_web").rglob("*.html"),
        *(ROOT / "tests" / "fixtures" / "web").rglob("*.html"),
    ]
)
# Real news pages of the public benchmark, beside the repository where CI puts it.
REAL_PAGES = sorted(
    (ROOT.parent / "shared" / "eval-data" / "article-extraction-benchmark").rglob("*.html.gz")
)
PAGES = FIXTURE_PAGES + REAL_PAGES


def read_page(path: Path) -> bytes:
    """Return a page's bytes, decompressed when it is stored gzipped."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data
