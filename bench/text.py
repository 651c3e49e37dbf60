"""Score main-text extraction on an article-extraction-benchmark folder, ours beside trafilatura.

Usage: python bench/text.py ../shared/eval-data/article-extraction-benchmark [-v]

The benchmark's rule: text is split into \\w+ tokens, each text becomes a bag of 4-token
shingles; per page the overlap gives precision and recall, both averaged over pages, and F1 is
the harmonic mean of the two averages. "exact" is the share of pages whose token sequence is
the gold one. Both extractors run on the same pages in the same run; the last line printed is
one JSON object with the figures.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from bench.folder_cli import main  # noqa: E402
from extract.text import extract_main_text  # noqa: E402

SHINGLE = 4


@dataclass
class Score:
    """Per-page figures of one extractor, and its time."""

    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        precision = sum(self.precision) / len(self.precision)
        recall = sum(self.recall) / len(self.recall)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "f1": round(f1, 4),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "exact": round(sum(self.exact) / len(self.exact), 4),
            "pages_per_second": round(len(self.seconds) / sum(self.seconds), 1),
        }


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text or "")


def shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))


def precision_recall(predicted: str, gold: str) -> tuple[float, float]:
    """Return shingle precision and recall of a text against the gold one (the benchmark's)."""
    p, g = shingles(tokens(predicted)), shingles(tokens(gold))
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = overlap / sum(g.values()) if g else 1.0
    return precision, recall


def bare_trafilatura(html: bytes, url: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def ours(html: bytes, url: str) -> str:
    return extract_main_text(html, url)


def run(folder: Path, verbose: bool) -> dict[str, object]:
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    systems: dict[str, Callable[[bytes, str], str]] = {
        "ours": ours,
        "trafilatura": bare_trafilatura,
    }
    scores = {name: Score() for name in systems}
    ratios: list[tuple[float, str]] = []
    for item, truth in sorted(gold.items()):
        html = gzip.decompress((folder / "html" / f"{item}.html.gz").read_bytes())
        for name, extractor in systems.items():
            started = time.perf_counter()
            text = extractor(html, truth.get("url", ""))
            scores[name].seconds.append(time.perf_counter() - started)
            precision, recall = precision_recall(text, truth["articleBody"])
            scores[name].precision.append(precision)
            scores[name].recall.append(recall)
            scores[name].exact.append(tokens(text) == tokens(truth["articleBody"]))
        ratios.append(
            (scores["ours"].seconds[-1] / max(scores["trafilatura"].seconds[-1], 1e-4), item)
        )
        if verbose and scores["ours"].recall[-1] + 0.05 < scores["trafilatura"].recall[-1]:
            print(f"worse recall {item}: {scores['ours'].recall[-1]:.2f}")
    print(f"{len(gold)} pages")
    print(f"{'system':<14}{'F1':>8}{'P':>8}{'R':>8}{'exact':>8}{'pages/s':>9}")
    figures = {name: score.figures() for name, score in scores.items()}
    for name, f in figures.items():
        print(
            f"{name:<14}{f['f1']:>8.3f}{f['precision']:>8.3f}{f['recall']:>8.3f}"
            f"{f['exact']:>8.3f}{f['pages_per_second']:>9.1f}"
        )
    slowest, page = max(ratios)
    print(f"slowest page relative to bare trafilatura: {slowest:.2f}x ({page})")
    return {
        **figures["ours"],
        "slowest_ratio": round(slowest, 2),
        "baseline": figures["trafilatura"],
    }


if __name__ == "__main__":
    main(__doc__, run, "list pages we do worse on")
