"""`runarchive report`: a report to hand to funders and the press, per run and overall.

Each report is a folder: index.html (self-contained: inline styles, no scripts, charts as files
beside it, made to print), index.md, quotes.csv and the charts as PNG and SVG.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import sqlite_utils

from archive import charts, store

QUOTE_COLUMNS = (
    "day",
    "speaker",
    "role",
    "quote",
    "article_title",
    "article_url",
    "outlet",
    "run",
    "language",
)
MOST_QUOTED = 10


@dataclass
class Report:
    """What one report shows: a run (or every run) and its coverage."""

    title: str
    run: dict[str, Any] | None
    articles: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    runs: list[dict[str, Any]] = field(default_factory=list)  # the overall report's run list
    # Pages naming the run only in passing: listed apart, counted in none of the figures.
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stories(self) -> list[dict[str, Any]]:
        """Return each story once, by its earliest copy, with the other copies under it."""
        copies: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for article in self.articles:
            copies[article["story_id"] or article["id"]].append(article)
        stories = []
        for article in self.articles:
            if (article["story_id"] or article["id"]) == article["id"]:
                stories.append({**article, "copies": copies[article["id"]][1:]})
        return stories

    @property
    def outlets(self) -> list[dict[str, Any]]:
        """Return the outlets with their number of articles and first and last day."""
        found: dict[str, dict[str, Any]] = {}
        for article in self.articles:
            row = found.setdefault(
                article["outlet_name"],
                {"name": article["outlet_name"], "articles": 0, "first": None, "last": None},
            )
            row["articles"] += 1
            day = article["published"]
            if day:
                row["first"] = min(filter(None, [row["first"], day]))
                row["last"] = max(filter(None, [row["last"], day]))
        return sorted(found.values(), key=lambda r: (-r["articles"], r["name"]))

    @property
    def most_quoted(self) -> list[tuple[str, int]]:
        """Return the most-quoted people and organizations with their number of quotes."""
        counts = Counter(q["speaker"] for q in self.quotes if q["speaker"])
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MOST_QUOTED]

    @property
    def quotes_by_speaker(self) -> list[dict[str, Any]]:
        """Return the quotes grouped by speaker, most-quoted first, unattributed last."""
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for quote in self.quotes:
            groups[quote["speaker"] or ""].append(quote)
        order = sorted(groups, key=lambda name: (name == "", -len(groups[name]), name))
        return [
            {
                "speaker": name or "Unattributed",
                "role": next((q["role"] for q in groups[name] if q["role"]), None),
                "quotes": groups[name],
            }
            for name in order
        ]

    @property
    def figures(self) -> dict[str, Any]:
        """Return the headline numbers."""
        days = sorted(a["published"] for a in self.articles if a["published"])
        return {
            "articles": len(self.articles),
            "stories": len(self.stories),
            "outlets": len({a["outlet_name"] for a in self.articles}),
            "quotes": len(self.quotes),
            "speakers": len({q["speaker"] for q in self.quotes if q["speaker"]}),
            "first_day": days[0] if days else None,
            "last_day": days[-1] if days else None,
        }


def slug(name: str) -> str:
    """Return a file-safe folder name for a run."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "run"


def _environment() -> jinja2.Environment:
    folder = Path(str(resources.files("archive") / "report_templates"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write_quotes_csv(quotes: list[dict[str, Any]], path: Path) -> None:
    """Write the quotes as CSV (UTF-8 with a byte-order mark so spreadsheets read accents)."""
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.DictWriter(file, fieldnames=QUOTE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(quotes)


def write_report(report: Report, out: Path, colours: dict[str, str]) -> list[Path]:
    """Write one report's folder; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    weekly = report.run is not None
    files = [
        *charts.draw_coverage_over_time(report.articles, colours, out, weekly),
        *charts.draw_outlets(report.articles, colours, out),
    ]
    write_quotes_csv(report.quotes, out / "quotes.csv")
    context = {
        "report": report,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "charts": {"coverage": "coverage-over-time.svg", "outlets": "outlets.svg"},
        "slug": slug,
    }
    environment = _environment()
    for template, name in (("report.html.j2", "index.html"), ("report.md.j2", "index.md")):
        path = out / name
        path.write_text(environment.get_template(template).render(context), encoding="utf-8")
        files.append(path)
    return [*files, out / "quotes.csv"]


def build_reports(db: sqlite_utils.Database, out: Path, run: str | None = None) -> list[Path]:
    """Write the report of one run (by name or id), or the overall report with one per run
    in a folder of its own; return the index pages written."""
    all_articles = store.get_report_articles(db, None)
    colours = charts.outlet_colours([a["outlet_name"] for a in all_articles])
    runs = store.get_runs(db)
    if run is not None:
        event = store.get_event_id(db, run)
        chosen = [r for r in runs if r["id"] == event]
        if not chosen:
            names = "; ".join(r["name"] for r in runs) or "none"
            raise ValueError(f"no run {run!r} (the runs: {names})")
        write_report(_run_report(db, chosen[0]), out, colours)
        return [out / "index.html"]
    overall = Report(
        "Run Against ICE: news coverage of every run",
        None,
        all_articles,
        store.get_report_quotes(db, None),
        runs=runs,
        mentions=store.get_report_mentions(db, None),
    )
    written = [out / "index.html"]
    write_report(overall, out, colours)
    for row in runs:
        folder = out / slug(row["name"])
        write_report(_run_report(db, row), folder, colours)
        written.append(folder / "index.html")
    return written


def _run_report(db: sqlite_utils.Database, run: dict[str, Any]) -> Report:
    return Report(
        run["name"],
        run,
        store.get_report_articles(db, run["id"]),
        store.get_report_quotes(db, run["id"]),
        mentions=store.get_report_mentions(db, run["id"]),
    )
