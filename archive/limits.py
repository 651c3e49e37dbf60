"""Limits on what `extract` and `import` read, the same as the crawler's on what it fetches."""

from __future__ import annotations

import zlib
from pathlib import Path

from archive.errors import ArchiveError

MEGABYTE = 1024 * 1024
# A saved file over this is refused. The crawler stops a download at 10 MB (DOWNLOAD_MAXSIZE),
# which saves the network; a file already on disk may be larger (a page saved with its images
# inlined), and extraction reads only its first MAX_HTML_CHARS (extract.limits) anyway.
MAX_PAGE_BYTES = 32 * MEGABYTE
# Scrapy's URLLENGTH_LIMIT: a longer URL would be dropped by the crawler without a word.
MAX_URL_LENGTH = 2083


class PageTooLarge(ArchiveError, ValueError):
    """A file, or what it decompresses to, is over the size limit."""


class UnreadableInput(ArchiveError, ValueError):
    """A file that cannot be read as what its name says (a truncated or corrupt .gz)."""


def read_capped(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """Return a file's bytes, gunzipping .gz files, refusing more than max_bytes either way."""
    size = path.stat().st_size
    if size > max_bytes:
        raise PageTooLarge(f"{size / MEGABYTE:.1f} MB, over the {max_bytes / MEGABYTE:g} MB limit")
    data = path.read_bytes()
    return gunzip_capped(data, max_bytes) if path.suffix == ".gz" else data


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Return gzip data decompressed, refusing more than max_bytes of it (saved .gz pages,
    compressed feeds and sitemaps alike): a gzip bomb costs no more memory than the limit."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise UnreadableInput(f"not a gzip file ({exc})") from exc
    if len(out) > max_bytes:
        raise PageTooLarge(f"decompresses to over the {max_bytes / MEGABYTE:g} MB limit")
    if not inflater.eof:
        raise UnreadableInput("a truncated gzip file")
    return out
