"""Time our full extraction stage by stage beside bare trafilatura.extract on the same pages.

Usage: python bench/speed.py ../shared/eval-data/article-extraction-benchmark [-v]

Every page (*.html, *.htm, *.html.gz, *.gz under the folder) is read and run once untimed to
warm the libraries' caches; then, page by page
and in turns (so a busy machine slows both alike), `trafilatura.extract` alone and our
extract_article() run on it with the bundled sources file's topic phrases and runs, as a crawl
runs it, and the page is stored (capture and article) in a scratch
database. Printed: seconds per stage (parse, text, metadata, dates, quotes, topic, other,
store), pages/s of each, the ratio of our extraction time to trafilatura's, how many times
an HTML document was parsed and a whole parsed document copied per page; the last line is
one JSON object with the figures.
"""

from __future__ import annotations

import copy
import gzip
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.etree  # noqa: E402
import lxml.html  # noqa: E402
import trafilatura  # noqa: E402

import extract.article as article_module  # noqa: E402
from archive import store  # noqa: E402
from archive.sources import load_sources  # noqa: E402
from bench.folder_cli import main  # noqa: E402
from extract import NotAnArticle, extract_article  # noqa: E402

# The stages of extract_article(), as the names it calls them by in extract/article.py.
STAGES = {
    "parse": ("load_html",),
    "text": ("extract_main_text",),
    "metadata": ("page_metadata",),
    "dates": ("extract_published",),
    "quotes": ("extract_quotes",),
    "topic": ("score_topic",),
}
# lxml's entry points that parse a whole document from text.
_PARSERS = (
    (lxml.etree, "fromstring"),
    (lxml.etree, "HTML"),
    (lxml.html, "fromstring"),
    (lxml.html, "document_fromstring"),
)
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)
# The topic phrases and runs a crawl extracts with: the bundled sources file's.
SOURCES = load_sources(ROOT / "archive" / "sources.yml")


def extract_as_crawled(html: bytes, url: str) -> Any:
    """Run our full extraction as a crawl runs it."""
    return extract_article(
        html, url=url, fetched_at=FETCHED_AT, phrases=SOURCES.phrases, events=SOURCES.events
    )


def read_pages(folder: Path) -> list[tuple[str, bytes]]:
    """Return (name, HTML bytes) for every page file under the folder, sorted by name."""
    pages = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith((".html.gz", ".htm.gz")) or path.suffix == ".gz":
            pages.append((path.name, gzip.decompress(path.read_bytes())))
        elif path.suffix in (".html", ".htm"):
            pages.append((path.name, path.read_bytes()))
    return pages


class ParseCounter:
    """Counts whole-document HTML parses, however deep in a library they happen."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.current: str | None = None  # whose calls are being counted now
        self._depth = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            # lxml.html.fromstring calls etree.fromstring: count only the outermost call.
            if self._depth == 0 and self.current:
                self.counts[self.current] += 1
            self._depth += 1
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1

        return counted

    def counted_functions(self) -> list[Callable[..., Any]]:
        """Return the functions whose calls are counted: lxml's whole-document parsers."""
        return [getattr(module, name) for module, name in _PARSERS]

    @contextmanager
    def installed(self) -> Iterator[ParseCounter]:
        """Replace every module's reference to a counted function with a counting one (the
        copy module keeps its own, which the counting copies call)."""
        originals = {id(function): function for function in self.counted_functions()}
        wrapped = {key: self.wrap(function) for key, function in originals.items()}
        patched = []
        for module in list(sys.modules.values()):
            if module is copy:
                continue
            names = getattr(module, "__dict__", {})
            for name, value in list(names.items()):
                if id(value) in originals and value is originals[id(value)]:
                    patched.append((module, name, value))
                    setattr(module, name, wrapped[id(value)])
        try:
            yield self
        finally:
            for module, name, value in patched:
                setattr(module, name, value)


class CopyCounter(ParseCounter):
    """Counts copies of a whole parsed document (copy.copy or copy.deepcopy of a root)."""

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(value: Any, *args: Any) -> Any:
            if self.current and isinstance(value, lxml.etree._Element):
                self.counts[self.current] += value.getparent() is None
            return function(value, *args)

        return counted

    def counted_functions(self) -> list[Callable[..., Any]]:
        """Return copy.copy and copy.deepcopy."""
        return [copy.copy, copy.deepcopy]


class StageTimer:
    """Adds up the seconds spent in each stage of extract_article()."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started

        return timed

    @contextmanager
    def installed(self) -> Iterator[StageTimer]:
        patched = []
        for stage, names in STAGES.items():
            for name in names:
                if hasattr(article_module, name):
                    original = getattr(article_module, name)
                    patched.append((name, original))
                    setattr(article_module, name, self.wrap(stage, original))
        try:
            yield self
        finally:
            for name, original in patched:
                setattr(article_module, name, original)


def store_page(db: Any, name: str, html: bytes, article: Any) -> None:
    """Store a page as the crawl does: its article (when there is one) and its capture."""
    url = f"https://bench.example/{name}"
    seen = FETCHED_AT.isoformat()
    with store.transaction(db):
        key = None
        if article is not None:
            key, _ = store.save_article(db, article, seen)
        fetch = store.Fetch(url, url, 200, {"Content-Type": "text/html"}, html, seen)
        store.save_capture(db, fetch, "article" if key else "not-article", None, key)


def run(folder: Path, verbose: bool) -> dict[str, object]:
    pages = read_pages(folder)
    if not pages:
        raise SystemExit(f"no HTML pages under {folder}")
    timer, parses, copies = StageTimer(), ParseCounter(), CopyCounter()
    ours = bare = stored = 0.0
    articles = 0
    # Warm up on every page, untimed: the first pages a process reads load dateparser's tables
    # for each language htmldate tries (seconds each), a cost a long crawl pays once.
    for name, html in pages:
        trafilatura.extract(html)
        with suppress(NotAnArticle):
            extract_as_crawled(html, f"https://bench.example/{name}")
    # Counters and timers go in once, before the timed loop: installing them walks every module.
    with (
        tempfile.TemporaryDirectory() as scratch,
        parses.installed(),
        copies.installed(),
        timer.installed(),
    ):
        db = store.open_db(Path(scratch) / "bench.db")
        for index, (name, html) in enumerate(pages):
            url = f"https://bench.example/{name}"
            # Alternate which runs first, so neither always finds the caches warm.
            order = ("bare", "ours") if index % 2 == 0 else ("ours", "bare")
            article = None
            for system in order:
                parses.current = copies.current = system
                started = time.perf_counter()
                if system == "bare":
                    trafilatura.extract(html)
                    bare += time.perf_counter() - started
                    continue
                try:
                    article = extract_as_crawled(html, url)
                except NotAnArticle:
                    article = None
                ours += time.perf_counter() - started
            parses.current = copies.current = None
            started = time.perf_counter()
            store_page(db, name, html, article)
            stored += time.perf_counter() - started
            articles += article is not None
            if verbose:
                print(f"{name}: {'article' if article else 'no article'}")
        db.conn.close()
    count = len(pages)
    stages = {stage: round(timer.seconds[stage], 3) for stage in STAGES}
    stages["other"] = round(ours - sum(timer.seconds.values()), 3)
    stages["store"] = round(stored, 3)
    figures: dict[str, object] = {
        "pages": count,
        "articles": articles,
        "ours_seconds": round(ours, 3),
        "trafilatura_seconds": round(bare, 3),
        "ours_pages_per_second": round(count / ours, 1),
        "trafilatura_pages_per_second": round(count / bare, 1),
        "ratio": round(ours / bare, 2),
        "parses_per_page": round(parses.counts["ours"] / count, 2),
        "trafilatura_parses_per_page": round(parses.counts["bare"] / count, 2),
        "tree_copies_per_page": round(copies.counts["ours"] / count, 2),
        "trafilatura_tree_copies_per_page": round(copies.counts["bare"] / count, 2),
        "store_pages_per_second": round(count / stored, 1),
        "stages": stages,
    }
    print(f"{count} pages, {articles} articles")
    print(f"{'stage':<10}{'seconds':>9}{'ms/page':>9}")
    for stage, seconds in stages.items():
        print(f"{stage:<10}{seconds:>9.2f}{1000 * seconds / count:>9.1f}")
    print(
        f"ours {figures['ours_pages_per_second']} pages/s, trafilatura.extract "
        f"{figures['trafilatura_pages_per_second']} pages/s, ratio {figures['ratio']}; "
        f"{figures['parses_per_page']} HTML parses per page "
        f"(trafilatura alone {figures['trafilatura_parses_per_page']}), "
        f"{figures['tree_copies_per_page']} whole-tree copies per page "
        f"(trafilatura alone {figures['trafilatura_tree_copies_per_page']})"
    )
    return figures


if __name__ == "__main__":
    main(__doc__, run, "name each page as it is done")
