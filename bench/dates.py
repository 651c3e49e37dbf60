"""Score publication dates on an htmldate-dates folder, ours beside bare htmldate.

Usage: python bench/dates.py ../shared/eval-data/htmldate-dates [-v]

Each prediction, cut to the day, is compared with the labelled day. accuracy: exact day (a page
with no labelled date is right only when nothing is predicted); precision and recall as
htmldate's comparison counts them (tp right date, fp wrong date, fn no date for a dated page).
Ours gets the page's URL, as the crawler always knows it; bare htmldate runs as in its own
benchmark (find_date(html, original_date=True, extensive_search=True); its dateparser fallback
reads the languages of extract/date_languages.py, as in every process that imports ours). Also
printed: what each of our date sources got right and wrong. The last line is one JSON object
with the figures.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from htmldate import find_date  # noqa: E402

from bench.folder_cli import main  # noqa: E402
from extract.dates import date_candidates, extract_published  # noqa: E402
from extract.parsing import load_html  # noqa: E402
from extract.text import extract_main_text  # noqa: E402


@dataclass
class Tally:
    """Right, wrong and missing answers of one system, and its time."""

    right: int = 0
    wrong: int = 0
    missing: int = 0  # no date for a dated page
    right_undated: int = 0  # no date for an undated page
    seconds: float = 0.0
    by_source: Counter[tuple[str, bool]] = field(default_factory=Counter)

    def add(self, predicted: str | None, gold: str | None, source: str = "") -> bool:
        correct = predicted == gold
        if gold is None:
            self.right_undated += correct
            self.wrong += not correct
        elif predicted is None:
            self.missing += 1
        else:
            self.right += correct
            self.wrong += not correct
        self.by_source[(source, correct)] += 1
        return correct

    def figures(self, pages: int) -> dict[str, float]:
        precision = self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0
        recall = self.right / (self.right + self.missing) if self.right + self.missing else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "accuracy": round((self.right + self.right_undated) / pages, 4),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "pages_per_second": round(pages / self.seconds, 1),
        }


def ours(html: bytes, url: str) -> tuple[str | None, str]:
    """Return our publication day and its source, as the extraction pipeline finds it."""
    tree = load_html(html)
    if tree is None:
        return None, "none"
    found = extract_published(tree, url)
    if found.date is None:
        found = extract_published(tree, url, text=extract_main_text(tree, url))
    return found.date, found.source


def each_source(html: bytes, url: str) -> dict[str, str | None]:
    """Return what every one of our sources alone says, to show which to trust."""
    tree = load_html(html)
    return date_candidates(tree, url) if tree is not None else {}


def bare_htmldate(html: bytes, url: str) -> tuple[str | None, str]:
    try:
        return find_date(html, original_date=True, extensive_search=True), "htmldate"
    except (ValueError, TypeError):
        return None, "htmldate"


def run(folder: Path, verbose: bool) -> dict[str, object]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    systems: dict[str, Callable[[bytes, str], tuple[str | None, str]]] = {
        "ours": ours,
        "htmldate": bare_htmldate,
    }
    tallies = {name: Tally() for name in systems}
    alone: Counter[tuple[str, str]] = Counter()  # (source, "right"/"wrong") for each source alone
    for item, label in sorted(gold.items()):
        html = gzip.decompress((folder / label["html"]).read_bytes())
        for name, system in systems.items():
            started = time.perf_counter()
            predicted, source = system(html, label["url"])
            tallies[name].seconds += time.perf_counter() - started
            correct = tallies[name].add(predicted, label["date"], source)
            if verbose and name == "ours" and not correct:
                print(f"wrong {item}: {predicted} ({source}) for {label['date']}")
        for source, day in each_source(html, label["url"]).items():
            if day:
                alone[(source, "right" if day == label["date"] else "wrong")] += 1
    pages = len(gold)
    figures = {name: tally.figures(pages) for name, tally in tallies.items()}
    print(f"{pages} pages")
    print(f"{'system':<10}{'accuracy':>10}{'P':>8}{'R':>8}{'F1':>8}{'pages/s':>9}")
    for name, f in figures.items():
        print(
            f"{name:<10}{f['accuracy']:>10.3f}{f['precision']:>8.3f}{f['recall']:>8.3f}"
            f"{f['f1']:>8.3f}{f['pages_per_second']:>9.1f}"
        )
    print(f"\n{'source':<14}{'alone: right':>13}{'wrong':>7}{'precision':>10}", end="")
    print(f"{'chosen: right':>15}{'wrong':>7}")
    chosen = tallies["ours"].by_source
    for source in sorted({s for s, _ in alone} | {s for s, _ in chosen}):
        right, wrong = alone[(source, "right")], alone[(source, "wrong")]
        share = f"{right / (right + wrong):.3f}" if right + wrong else "-"
        print(
            f"{source:<14}{right:>13}{wrong:>7}{share:>10}"
            f"{chosen[(source, True)]:>15}{chosen[(source, False)]:>7}"
        )
    return {**figures["ours"], "baseline": figures["htmldate"]}


if __name__ == "__main__":
    main(__doc__, run, "list every wrong page")
