"""Score quote extraction on the labelled set: precision, recall, F1 and speaker accuracy.

Usage: python bench/quotes.py [LABELLED_DIR] [--seeds DIR] [-v]

A predicted quote matches a gold one when the token Jaccard of their texts is at least 0.8
(one-to-one, best pairs first). Speaker accuracy counts matched quotes whose speaker is the
same full name after folding case, accents and punctuation (an anonymous speaker is None on
both sides); description accuracy does the same for the speaker's role where the gold has
one. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.quotes import Quote, extract_quotes  # noqa: E402

MATCH_JACCARD = 0.8
DATE_MARKER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")


@dataclass
class Tally:
    """Counts for one slice of the labelled set (all, a language or a pattern)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    right_speaker: int = 0
    described: int = 0  # matched quotes whose gold speaker has a description
    right_description: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Return precision, recall, F1 and speaker accuracy, rounded."""
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        speaker = self.right_speaker / self.matched if self.matched else 1.0
        description = self.right_description / self.described if self.described else 1.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "speaker_accuracy": round(speaker, 4),
            "description_accuracy": round(description, 4),
        }


def tokens(text: str) -> set[str]:
    """Return the lower-cased word tokens of a text."""
    return set(re.findall(r"\w+", text.lower()))


def jaccard(a: str, b: str) -> float:
    """Return the token Jaccard similarity of two texts."""
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 1.0


def fold_name(name: str | None) -> str | None:
    """Return a name without case, accents or punctuation, for comparing speakers."""
    if name is None:
        return None
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain.lower()))


def load_paragraphs(doc: dict, seeds: Path) -> list[str]:
    """Return the article's paragraphs, reading seed texts from the seeds folder."""
    if "paragraphs" in doc:
        return doc["paragraphs"]
    text = (seeds / Path(doc["source"]).name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        lines[0] = DATE_MARKER.sub("", lines[0])
    return lines


def match(gold: list[dict], predicted: list[Quote]) -> list[tuple[int, int]]:
    """Return one-to-one (gold index, predicted index) pairs, most similar first."""
    pairs = sorted(
        (
            (jaccard(g["text"], p.text), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    found = []
    for score, gi, pi in pairs:
        if score < MATCH_JACCARD:
            break
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        found.append((gi, pi))
    return found


def score_document(doc: dict, predicted: list[Quote], tallies: dict[str, Tally]) -> None:
    """Add one article's gold and predicted quotes to the tallies it belongs to."""
    gold = doc["quotes"]
    pairs = dict(match(gold, predicted))
    name = doc["source"]
    overall, language = tallies["all"], tallies[f"language:{doc['language']}"]
    for tally in (overall, language):
        tally.gold += len(gold)
        tally.predicted += len(predicted)
    matched_pred = set(pairs.values())
    for gi, g in enumerate(gold):
        slices = [overall, language] + [tallies[f"pattern:{p}"] for p in g["patterns"]]
        for tally in slices[2:]:
            tally.gold += 1
        if gi not in pairs:
            for tally in slices:
                tally.misses.append(f"missed   {name} ¶{g['paragraph']}: {g['text'][:70]}")
            continue
        p = predicted[pairs[gi]]
        right = fold_name(p.speaker) == fold_name(g["speaker"])
        described = g["speaker_description"] is not None
        right_description = fold_name(p.speaker_description) == fold_name(g["speaker_description"])
        for tally in slices:
            tally.matched += 1
            tally.right_speaker += right
            tally.described += described
            tally.right_description += described and right_description
            if not right:
                tally.misses.append(
                    f"speaker  {name} ¶{g['paragraph']}: {p.speaker!r} for {g['speaker']!r}"
                )
        for tally in slices[2:]:
            tally.predicted += 1
    for pi, p in enumerate(predicted):
        if pi not in matched_pred:
            overall.misses.append(f"spurious {name} ¶{p.paragraph}: {p.text[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", default=ROOT / "tests" / "fixtures" / "quotes")
    parser.add_argument("--seeds", default=ROOT.parent / "shared" / "seeds", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    tallies: dict[str, Tally] = defaultdict(Tally)
    files = sorted(Path(args.labelled).glob("*.json"))
    characters, started = 0, time.perf_counter()
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join(load_paragraphs(doc, args.seeds))
        characters += len(text)
        score_document(doc, extract_quotes(text, doc["language"]), tallies)
    elapsed = time.perf_counter() - started
    print(f"{len(files)} articles, {tallies['all'].gold} gold quotes, {elapsed:.2f} s")
    print(f"{'slice':<28}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>9}")
    for key in ["all", *sorted(k for k in tallies if k != "all")]:
        t, f = tallies[key], tallies[key].figures()
        print(
            f"{key:<28}{t.gold:>6}{t.matched:>7}{f['precision']:>8.3f}{f['recall']:>8.3f}"
            f"{f['f1']:>8.3f}{f['speaker_accuracy']:>9.3f}"
        )
    if args.verbose:
        print("\n".join(tallies["all"].misses))
    figures = tallies["all"].figures()
    figures["quotes"] = tallies["all"].gold
    figures["chars_per_second"] = round(characters / elapsed) if elapsed else None
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
