"""Score quote extraction on the labelled sets: precision, recall, F1 and speaker accuracy.

Usage: python bench/quotes.py [LABELLED_DIR] [--eval-data DIR] [--seeds DIR]
                              [--polnear PATH] [-v]

Two sets are scored: tests/fixtures/quotes (written with the fixture articles, an upper bound)
and tests/fixtures/quotes-news (labelled on real outlets' pages, whose text is read from the
eval-data folder), each overall, per language and per pattern, and the extractor's speed in
characters per second over both. With --polnear (a PolNeAR checkout or its bare git dir) a
third set is scored: PolNeAR's train compartment, mapped to quotes as bench/polnear.py says,
with its own speed.

A predicted quote matches a gold one when the token Jaccard of their texts is at least 0.8
(one-to-one, best pairs first). Speaker accuracy counts matched quotes whose speaker is the
same full name after folding case, accents and punctuation (an anonymous speaker is None on
both sides); on PolNeAR only quotes whose source is a name count, by surname (see
bench/polnear.py). Description accuracy does the same for the speaker's role where the gold
has one. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.polnear import load_documents as load_polnear  # noqa: E402
from bench.polnear import same_person  # noqa: E402
from extract.quotes import Quote, extract_quotes  # noqa: E402

MATCH_JACCARD = 0.8
DATE_MARKER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")
FIXTURES = ROOT / "tests" / "fixtures"
# The set written with the fixture articles (an upper bound) and the set labelled on real
# outlets' pages in the public eval-data folder (the measure).
LABELLED_SETS = {"fixtures": FIXTURES / "quotes", "news": FIXTURES / "quotes-news"}
NEWS_FOLDERS = {"article-extraction-benchmark", "htmldate-dates"}


@dataclass
class Tally:
    """Counts for one slice of the labelled set (all, a language or a pattern)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    scored: int = 0  # matched quotes whose speaker is scored (all but PolNeAR's unnamed)
    right_speaker: int = 0
    described: int = 0  # matched quotes whose gold speaker has a description
    right_description: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Return precision, recall, F1 and speaker accuracy, rounded."""
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        speaker = self.right_speaker / self.scored if self.scored else 1.0
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


def same_name(predicted: str | None, gold: str | None) -> bool:
    """Tell whether two speakers are the same full name once folded."""
    return fold_name(predicted) == fold_name(gold)


def score_document(
    doc: dict,
    predicted: list[Quote],
    tallies: dict[str, Tally],
    same_speaker: Callable[[str | None, str], bool] = same_name,
) -> None:
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
        scored = g.get("speaker_scored", True)
        right = scored and same_speaker(p.speaker, g["speaker"])
        described = g["speaker_description"] is not None
        right_description = fold_name(p.speaker_description) == fold_name(g["speaker_description"])
        for tally in slices:
            tally.matched += 1
            tally.scored += scored
            tally.right_speaker += right
            tally.described += described
            tally.right_description += described and right_description
            if scored and not right:
                tally.misses.append(
                    f"speaker  {name} ¶{g['paragraph']}: {p.speaker!r} for {g['speaker']!r}"
                )
        for tally in slices[2:]:
            tally.predicted += 1
    for pi, p in enumerate(predicted):
        if pi not in matched_pred:
            overall.misses.append(f"spurious {name} ¶{p.paragraph}: {p.text[:70]}")


def load_news_paragraphs(source: str, eval_data: Path) -> list[str]:
    """Return the paragraphs of a real page in the eval-data folder, as the labels count them.

    The article-extraction-benchmark pages are read from their gold article body; the
    htmldate-dates pages through trafilatura's default extraction (the labels were made on
    that text, one paragraph a line).
    """
    folder, _, page_id = source.partition("/")
    if folder == "article-extraction-benchmark":
        text = _gold_bodies(eval_data / folder / "ground-truth.json")[page_id]
    else:
        import trafilatura

        raw = gzip.decompress((eval_data / folder / "html" / f"{page_id}.gz").read_bytes())
        text = trafilatura.extract(raw) or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=2)
def _gold_bodies(path: Path) -> dict[str, str]:
    return {k: v["articleBody"] for k, v in json.loads(path.read_text("utf-8")).items()}


def document_paragraphs(doc: dict, seeds: Path, eval_data: Path) -> list[str]:
    """Return a labelled article's paragraphs, wherever its text lives."""
    if doc["source"].split("/", 1)[0] in NEWS_FOLDERS:
        return load_news_paragraphs(doc["source"], eval_data)
    return load_paragraphs(doc, seeds)


def score_set(
    folder: Path, seeds: Path, eval_data: Path
) -> tuple[dict[str, Tally], int, int, float]:
    """Score every labelled article of a folder; return tallies, articles, chars and time."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    files = sorted(folder.glob("*.json"))
    characters, elapsed = 0, 0.0
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join(document_paragraphs(doc, seeds, eval_data))
        characters += len(text)
        started = time.perf_counter()
        predicted = extract_quotes(text, doc["language"])
        elapsed += time.perf_counter() - started
        score_document(doc, predicted, tallies)
    return tallies, len(files), characters, elapsed


def score_documents(
    docs: list[dict], same_speaker: Callable[[str | None, str], bool]
) -> tuple[dict[str, Tally], int, float]:
    """Score documents that carry their paragraphs; return tallies, chars and time."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    characters, elapsed = 0, 0.0
    for doc in docs:
        text = "\n".join(doc["paragraphs"])
        characters += len(text)
        started = time.perf_counter()
        predicted = extract_quotes(text, doc["language"])
        elapsed += time.perf_counter() - started
        score_document(doc, predicted, tallies, same_speaker)
    return tallies, characters, elapsed


def print_table(name: str, tallies: dict[str, Tally], articles: int) -> None:
    """Print one labelled set's figures, overall, per language and per pattern."""
    print(f"\n{name}: {articles} articles, {tallies['all'].gold} gold quotes")
    print(f"{'slice':<28}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>9}")
    for key in ["all", *sorted(k for k in tallies if k != "all")]:
        t, f = tallies[key], tallies[key].figures()
        print(
            f"{key:<28}{t.gold:>6}{t.matched:>7}{f['precision']:>8.3f}{f['recall']:>8.3f}"
            f"{f['f1']:>8.3f}{f['speaker_accuracy']:>9.3f}"
        )


def set_figures(tallies: dict[str, Tally]) -> dict:
    """Return a set's overall figures with one entry per language."""
    figures: dict = tallies["all"].figures()
    figures["quotes"] = tallies["all"].gold
    for key in sorted(k for k in tallies if k.startswith("language:")):
        language = tallies[key].figures()
        language["quotes"] = tallies[key].gold
        figures[key.removeprefix("language:")] = language
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "labelled", nargs="?", type=Path, help="score only this folder of labelled articles"
    )
    parser.add_argument("--eval-data", default=ROOT.parent / "shared" / "eval-data", type=Path)
    parser.add_argument("--seeds", default=ROOT.parent / "shared" / "seeds", type=Path)
    parser.add_argument(
        "--polnear", type=Path, help="a PolNeAR checkout or git dir: score its train articles"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args()
    sets = {"labelled": args.labelled} if args.labelled else dict(LABELLED_SETS)
    if "news" in sets and not args.eval_data.is_dir():
        print(f"no eval-data folder at {args.eval_data}: scoring the fixture set only")
        del sets["news"]
    figures: dict = {}
    characters, elapsed = 0, 0.0
    for name, folder in sets.items():
        tallies, articles, chars, seconds = score_set(folder, args.seeds, args.eval_data)
        characters, elapsed = characters + chars, elapsed + seconds
        print_table(name, tallies, articles)
        if args.verbose:
            print("\n".join(tallies["all"].misses))
        figures[name] = set_figures(tallies)
    figures["chars_per_second"] = round(characters / elapsed) if elapsed else None
    print(f"\n{characters} characters in {elapsed:.2f} s")
    if args.polnear is not None:
        docs = load_polnear(args.polnear)
        tallies, chars, seconds = score_documents(docs, same_person)
        print_table("polnear (train)", tallies, len(docs))
        if args.verbose:
            print("\n".join(tallies["all"].misses))
        figures["polnear"] = set_figures(tallies)
        figures["polnear"]["chars_per_second"] = round(chars / seconds) if seconds else None
        print(f"\n{chars} PolNeAR characters in {seconds:.2f} s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
