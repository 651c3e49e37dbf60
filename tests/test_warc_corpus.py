"""warcio's and pywb's own sample WARC and ARC files, read as warcio reads them.

warcio's samples are kept in tests/fixtures/warc/warcio; pywb's (GPL-3.0) are unpacked from its
release on PyPI by `make warc-corpus`. RUNARCHIVE_WARC_CORPUS names other copies (checkouts or
bare git directories), separated by the platform's path separator. A file warcio's iterator reads to
its end must read to its end here, with each of its responses and HTML resource pages a fetch;
a file warcio refuses is read anyway (as `warcio recompress` reads it) or refused in one line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from archive import store, warc
from runarchive.cli import cli

REPO = Path(__file__).resolve().parent.parent
# warcio's samples are kept here; pywb's come from its release on PyPI (`make warc-corpus`).
DEFAULT_CORPUS = os.pathsep.join(
    [str(REPO / "tests" / "fixtures" / "warc" / "warcio"), str(REPO / ".cache" / "pywb")]
)
CORPUS = os.environ.get("RUNARCHIVE_WARC_CORPUS", DEFAULT_CORPUS)
# Sample archives by name, the ones kept with a ".bad" suffix included.
ARCHIVE_NAME = re.compile(r"\.w?arc(\.gz)?(\.bad)?$")


@dataclass(frozen=True)
class Sample:
    """One sample file of a copy of a project: in its work tree, or in its git directory."""

    root: Path
    path: str
    in_git: bool

    @property
    def name(self) -> str:
        project = self.root.parent.name if self.root.name in ("repo", ".git") else self.root.name
        return f"{project}/{self.path}"

    def read_bytes(self) -> bytes:
        if not self.in_git:
            return (self.root / self.path).read_bytes()
        command = ["git", f"--git-dir={self.root}", "cat-file", "blob", f"HEAD:{self.path}"]
        return subprocess.run(command, capture_output=True, check=True).stdout


def iter_samples(root: Path) -> Iterator[Sample]:
    """Yield the sample archives of one copy of a project, in path order."""
    if (root / "HEAD").is_file() and (root / "objects").is_dir():
        if shutil.which("git") is None:
            return
        command = ["git", f"--git-dir={root}", "ls-tree", "-r", "-z", "--name-only", "HEAD"]
        listing = subprocess.run(command, capture_output=True, check=True, text=True).stdout
        for path in sorted(filter(None, listing.split("\0"))):
            if ARCHIVE_NAME.search(path):
                yield Sample(root, path, in_git=True)
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and ARCHIVE_NAME.search(path.name) and ".git" not in path.parts:
            yield Sample(root, path.relative_to(root).as_posix(), in_git=False)


def warcio_fetches(stream: Any) -> list[tuple[str, int]]:
    """Return (target URI, status) of what import should take from a file, as warcio reads it:
    every response with an HTTP status, and every HTML page kept as a resource record."""
    found = []
    for record in ArchiveIterator(stream, arc2warc=True):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if record.rec_type == "response" and record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if uri and status and status.isdigit():
                found.append((uri, int(status)))
        elif record.rec_type == "resource" and warc.is_html_page(uri, record.content_type):
            found.append((uri, 200))
    return found


def warcio_reads(sample: Sample) -> bool:
    """Tell whether warcio's iterator reads a sample to its end, as `warcio index` does."""
    try:
        warcio_fetches(BytesIO(sample.read_bytes()))
    except ArchiveLoadFailed:
        return False
    return True


def corpus_params(warcio_verdict: bool | None = None) -> list[Any]:
    """Return a test parameter per sample file (only those warcio reads, or refuses, when a
    verdict is given), or one that skips and says why."""
    roots = [Path(entry) for entry in CORPUS.split(os.pathsep) if entry and Path(entry).is_dir()]
    samples = [sample for root in roots for sample in iter_samples(root)]
    if not samples:
        reason = (
            f"no sample archives at {CORPUS}: set RUNARCHIVE_WARC_CORPUS to copies of "
            "webrecorder/warcio and webrecorder/pywb"
        )
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-corpus")]
    chosen = [s for s in samples if warcio_verdict is None or warcio_reads(s) == warcio_verdict]
    return [pytest.param(sample, id=sample.name) for sample in chosen]


def our_fetches(data: bytes) -> list[tuple[str, int | None]]:
    """Return (URL, status) of every fetch our reading yields, raising where it stops."""
    read = warc.iter_warc_fetches(BytesIO(data), warc.ReadCounts())
    return [(found.fetch.url, found.fetch.status) for found in read]


@pytest.mark.parametrize("sample", corpus_params(warcio_verdict=True))
def test_a_sample_warcio_reads_to_its_end_is_read_to_its_end_with_every_page(sample: Sample):
    data = sample.read_bytes()
    assert our_fetches(data) == warcio_fetches(BytesIO(data))


@pytest.mark.parametrize("sample", corpus_params(warcio_verdict=False))
def test_a_sample_warcio_refuses_is_read_whole_or_refused_in_one_line(sample: Sample):
    data = sample.read_bytes()
    try:
        read = our_fetches(data)
    except warc.WarcReadError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    # What `warcio recompress` reads from it: the file as one decompressed stream.
    assert read == warcio_fetches(DecompressingBufferedReader(BytesIO(data), read_all_members=True))


@pytest.mark.parametrize("sample", corpus_params())
def test_a_sample_imports_or_fails_with_one_error_line(sample: Sample, tmp_path: Path):
    data = sample.read_bytes()
    try:
        expected: int | None = len(our_fetches(data))
    except warc.WarcReadError:
        expected = None
    # The import command knows WARC and ARC files by their suffix.
    path = tmp_path / Path(sample.path).name.removesuffix(".bad")
    path.write_bytes(data)
    db_path = tmp_path / "imported.db"
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(db_path)])
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    if expected is None:
        assert result.exit_code == 1 and len(errors) == 1, result.output
        return
    assert result.exit_code == 0 and not errors, result.output
    captures = store.open_db(db_path).execute("select count(*) from captures").fetchone()[0]
    assert captures <= expected  # a URL fetched twice is one capture, fetched twice
    assert captures >= min(expected, 1)
