"""Time every page and query the published archive answers, on a synthetic archive at scale.

Usage:
    python bench/queries.py build ARCHIVE.db [--articles 100000] [--captures]
    python bench/queries.py time ARCHIVE.db [--rounds 20]

`build` writes a synthetic archive through the store's own code (save_article writes the
quotes and speakers; --captures adds a capture per article): 10 quotes an article from
20,000 speakers by default, English and Spanish 70/30, 200 outlets, two years. Words are
drawn by Zipf's law from the bundled fixture pages' prose. It prints articles/s.

`time` serves the archive with Datasette in this process, configured as `runarchive serve`
configures it (metadata.yml, the archive's plugins and templates, immutable, its SQL and facet
time limits, no facet suggestions), and asks in turns for every canned query, table page (with
its facets), dashboard chart query, filtered page, search and the Atom feed in metadata.yml.
A table with "counted" facets is also asked for with nothing kept ("nothing kept": the facet
plugin's kept counts forgotten before each request, as after a write to a live archive, on a
second Datasette so that the other pages keep theirs; its facets then come from the archive's
facet_counts); a plain column facet, counted afresh on every
view, is timed as its own count. Later rounds of the other pages show what a reader gets once
counts are kept; the first round (the warm-up: nothing cached, every count made afresh, filtered
pages included) is what a page costs on its first view after a write. It prints that first
answer and p50 and p95 of the later rounds per endpoint, and whether any facet timed out; the
last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from archive import store  # noqa: E402
from archive.fixture_server import fixture_root  # noqa: E402
from archive.publish import metadata_for, plugins_dir, templates_dir  # noqa: E402
from archive.serving import FACET_TIME_LIMIT_MS, SQL_TIME_LIMIT_MS  # noqa: E402
from extract import Article, Quote  # noqa: E402
from extract.events import Event  # noqa: E402
from extract.topic import Topic  # noqa: E402

QUOTES_PER_ARTICLE = 10
WORDS_PER_ARTICLE = 615
OUTLETS = 200
DAYS = 730
FIRST_DAY = 20089  # 2025-01-01 as days since 1970-01-01
BATCH = 500
SLOW_MS = 100
NOTHING_KEPT = "nothing kept"
FIRST_NAMES = [
    "Luz",
    "Ana",
    "Maria",
    "Jose",
    "Juan",
    "Carlos",
    "Sofia",
    "Diego",
    "Elena",
    "Miguel",
    "Rosa",
    "Pedro",
    "Carmen",
    "Luis",
    "Isabel",
    "Jorge",
    "Lucia",
    "Pablo",
    "Teresa",
    "Andres",
    "Marta",
    "Raul",
    "Julia",
    "Oscar",
    "Paula",
    "Ramon",
    "Alma",
    "Hector",
    "Irene",
    "Ivan",
]
EVENTS = (
    Event("Run Against ICE Los Angeles 2025", "2025-07", "Los Angeles"),
    Event("Run Against ICE Bakersfield 2025", "2025-08", "Bakersfield"),
    Event("Run Against ICE Fresno 2026", "2026-02", "Fresno"),
)


def _vocabulary() -> tuple[list[str], list[float]]:
    """Return words of the fixture pages' prose and cumulative Zipf weights by their rank."""
    counts: dict[str, int] = {}
    for page in fixture_root().rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8", errors="replace"))
        for word in re.findall(r"[^\W\d_]{2,}", text):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    words = sorted(counts, key=lambda w: -counts[w])
    return words, list(accumulate(1 / rank for rank in range(1, len(words) + 1)))


class Synthetic:
    """Draws articles of the archive's shape from a seeded random source."""

    def __init__(self, speakers: int, seed: int = 15) -> None:
        self.random = random.Random(seed)
        self.words, self.weights = _vocabulary()
        surnames = [w.capitalize() for w in self.words if len(w) > 4][: speakers // 20 + 1]
        surnames[:2] = ["Garcia", "Almanza"]
        self.speakers = [f"{f} {s}" for s in surnames for f in FIRST_NAMES[:20]][:speakers]
        self.speaker_weights = list(accumulate(1 / r for r in range(1, len(self.speakers) + 1)))

    def _sentence(self, words: int) -> str:
        drawn = self.random.choices(self.words, cum_weights=self.weights, k=words)
        return " ".join(drawn).capitalize() + "."

    def article(self, number: int) -> Article:
        day = FIRST_DAY + self.random.randrange(DAYS)
        published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        outlet = f"outlet{self.random.randrange(OUTLETS)}.example"
        language = "en" if self.random.random() < 0.7 else "es"
        paragraphs = [self._sentence(WORDS_PER_ARTICLE // 12) for _ in range(12)]
        quotes = tuple(
            Quote(
                text=self._sentence(self.random.randint(8, 30)),
                speaker=self.random.choices(self.speakers, cum_weights=self.speaker_weights)[0]
                if self.random.random() < 0.9
                else None,
                speaker_description=None,
                verb="said" if language == "en" else "dijo",
                paragraph=self.random.randrange(12),
                language=language,
            )
            for _ in range(QUOTES_PER_ARTICLE)
        )
        return Article(
            url=f"https://{outlet}/{published.replace('-', '/')}/story-{number}",
            title=self._sentence(9)[:-1],
            authors=(self.random.choice(self.speakers),),
            site_name=outlet,
            description=self._sentence(25),
            language=language,
            text="\n".join(paragraphs),
            published=published,
            published_source="meta",
            published_confidence=0.93,
            modified=None,
            topic=Topic(on_topic=True, score=0.9, terms=("Run Against ICE",)),
            quotes=quotes,
            event=self.random.choice(EVENTS) if self.random.random() < 0.3 else None,
        )


def build(path: Path, articles: int, speakers: int, captures: bool) -> dict[str, Any]:
    """Write a synthetic archive of the given size; return how fast it was stored."""
    db = store.open_db(path)
    synthetic = Synthetic(speakers)
    page = next(fixture_root().rglob("*.html")).read_bytes()
    start = store.count_rows(db, ["articles"])["articles"]
    seen = "2026-01-01T00:00:00+00:00"
    started = time.perf_counter()
    for first in range(start, start + articles, BATCH):
        with store.transaction(db):
            for number in range(first, min(first + BATCH, start + articles)):
                article = synthetic.article(number)
                key, _ = store.save_article(db, article, seen)
                if captures:
                    body = page.replace(b"</body>", article.text.encode() + b"</body>")
                    fetch = store.Fetch(article.url, article.url, 200, {}, body, seen)
                    store.save_capture(db, fetch, "article", None, key)
        done = first + BATCH - start
        rate = done / (time.perf_counter() - started)
        print(f"{min(done, articles)} articles, {rate:.0f}/s", file=sys.stderr)
    seconds = time.perf_counter() - started
    store.update_statistics(db)
    figures = {
        "articles": articles,
        "articles_per_second": round(articles / seconds, 1),
        "rows": store.count_rows(db),
    }
    db.conn.close()
    print(json.dumps(figures))
    return figures


def endpoints(metadata: dict[str, Any], db: Any, name: str) -> Iterator[tuple[str, str]]:
    """Yield (label, path) for everything metadata.yml publishes, with realistic arguments."""
    for label, path in _archive_endpoints(metadata, db, metadata["databases"][name]):
        yield label, path.replace("/archive", f"/{name}", 1)


def _archive_endpoints(
    metadata: dict[str, Any], db: Any, database: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    arguments = {
        "quotes_between_dates": [{"from": "2025-07-01", "to": "2025-07-31"}],
        "quotes_by_speaker": [{"speaker": "Garcia"}, {"speaker": "Almanza"}],
        "quotes_matching": [{"words": "people time"}],
    }
    for name in database.get("queries", {}):
        for asked in arguments.get(name, [{}]):
            label = f"{name} {' '.join(asked.values())}".strip()
            query = f"?{urlencode(asked)}" if asked else ""
            yield label, f"/archive/{name}{query}"
            yield f"{label} .json", f"/archive/{name}.json{query}"
    yield "newest_coverage .atom", "/archive/newest_coverage.atom"
    examples = store.get_filter_examples(db)
    month, outlet, speaker = examples["month"] or "2025-07", examples["outlet"], examples["speaker"]
    filters = {
        "quotes": [("language", "es"), ("published_month", month)]
        + ([("speaker_id", str(speaker))] if speaker is not None else []),
        "articles": [("published_month", month)] + ([("outlet", outlet)] if outlet else []),
    }
    for table, spec in database.get("tables", {}).items():
        if spec.get("hidden"):
            continue
        yield table, f"/archive/{table}"
        yield f"{table} .json", f"/archive/{table}.json"
        facets = spec.get("facets", [])
        if any(isinstance(f, dict) and "counted" in f for f in facets):
            # The page as it is first seen after a write (during a crawl, every view): every
            # count the facets kept is forgotten before it is asked for.
            yield f"{table} {NOTHING_KEPT}", f"/archive/{table}"
            yield f"{table} .json {NOTHING_KEPT}", f"/archive/{table}.json"
        for facet_spec in facets:
            if isinstance(facet_spec, dict) and "counted" in facet_spec:
                continue
            # A column facet counts afresh on every page view: its count, timed alone.
            facet = facet_spec if isinstance(facet_spec, str) else next(iter(facet_spec.values()))
            sql = store.column_facet_sql(table, facet)
            yield f"{table} facet {facet}", f"/archive.json?sql={quote_plus(sql)}"
        for column, value in filters.get(table, []):
            yield f"{table}?{column}=", f"/archive/{table}?{column}={quote_plus(value)}"
    for table in ("articles", "quotes"):
        yield f"{table} _search", f"/archive/{table}.json?_search=people+time"
    yield "search-all page", "/-/search?q=people+time"
    dashboards = metadata.get("plugins", {}).get("datasette-dashboards", {})
    for dashboard, spec in dashboards.items():
        yield f"dashboard {dashboard}", f"/-/dashboards/{dashboard}"
        for chart, chart_spec in spec.get("charts", {}).items():
            if chart_spec.get("query"):
                sql = quote_plus(chart_spec["query"])
                yield f"chart {chart}", f"/archive.json?sql={sql}&_shape=array"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _forget_counts() -> Any:
    """Return the archive's facet plugin's forget_counts (loaded by Datasette from its folder)."""
    from datasette.plugins import pm

    for plugin in pm.get_plugins():
        if hasattr(plugin, "forget_counts"):
            return plugin.forget_counts
    raise RuntimeError("the archive's facet plugin is not loaded")


def _serve(path: Path, metadata: dict[str, Any]) -> Any:
    """Return Datasette serving the archive as `runarchive serve` serves a published copy."""
    from datasette.app import Datasette

    return Datasette(
        immutables=[str(path)],
        metadata=metadata,
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
        settings={
            "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
            "facet_time_limit_ms": FACET_TIME_LIMIT_MS,
            "suggest_facets": False,
        },
    )


async def _time_all(path: Path, rounds: int) -> dict[str, Any]:
    metadata = metadata_for(path.stem)
    # Pages timed with nothing kept are asked of a Datasette of their own: forgetting its
    # counts leaves the counts the other pages keep (each Datasette keeps its own).
    datasette, afresh = (_serve(path, metadata) for _ in range(2))
    # As a crawl or reextract leaves an archive: indexes in place, statistics fresh.
    db = store.open_db(path)
    store.update_statistics(db)
    paths = list(endpoints(metadata, db, path.stem))
    db.conn.close()
    timings: dict[str, list[float]] = {name: [] for name, _ in paths}
    first: dict[str, float] = {}
    problems: dict[str, str] = {}
    # Datasette starts up and reads the schema on its first request: not any endpoint's time.
    for served in (datasette, afresh):
        await served.client.get(f"/{path.stem}.json?sql=select+1")
    forget = _forget_counts()
    for round_number in range(rounds + 1):
        for name, url in paths:
            served = afresh if name.endswith(NOTHING_KEPT) else datasette
            if served is afresh:
                forget(afresh)
            started = time.perf_counter()
            response = await served.client.get(url)
            elapsed = 1000 * (time.perf_counter() - started)
            if response.status_code != 200:
                problems[name] = f"HTTP {response.status_code}"
            elif url.split("?")[0].endswith(".json") and "sql=" not in url:
                timed_out = response.json().get("facets_timed_out") or []
                if timed_out:
                    problems[name] = f"facets timed out: {', '.join(timed_out)}"
            if round_number:  # the first round warms the caches
                timings[name].append(elapsed)
            else:
                first[name] = elapsed
    results = {
        name: {
            "first": round(first[name], 1),
            "p50": round(statistics.median(v), 1),
            "p95": round(_percentile(v, 0.95), 1),
        }
        for name, v in timings.items()
    }
    print(f"{'endpoint':<48}{'first ms':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, figures in results.items():
        flag = "  SLOW" if figures["p95"] >= SLOW_MS else ""
        note = f"  {problems[name]}" if name in problems else ""
        print(
            f"{name[:47]:<48}{figures['first']:>9.1f}{figures['p50']:>9.1f}"
            f"{figures['p95']:>9.1f}{flag}{note}"
        )
    slow = sorted(name for name, f in results.items() if f["p95"] >= SLOW_MS)
    worst = max(results, key=lambda n: results[n]["p95"])
    return {
        "endpoints": len(results),
        "rounds": rounds,
        "over_100ms_p95": slow,
        "problems": problems,
        "worst": worst,
        "worst_p95_ms": results[worst]["p95"],
        "p95_ms": {name: f["p95"] for name, f in results.items()},
        "first_ms": {name: f["first"] for name, f in results.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="write a synthetic archive")
    make.add_argument("path", type=Path)
    make.add_argument("--articles", type=int, default=100_000)
    make.add_argument("--speakers", type=int, default=20_000)
    make.add_argument("--captures", action="store_true", help="store a capture per article")
    ask = commands.add_parser("time", help="time every published endpoint")
    ask.add_argument("path", type=Path)
    ask.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.command == "build":
        build(args.path, args.articles, args.speakers, args.captures)
        return
    if not args.path.is_file():
        parser.error(f"no archive at {args.path}")
    print(json.dumps(asyncio.run(_time_all(args.path, args.rounds))))


if __name__ == "__main__":
    main()
