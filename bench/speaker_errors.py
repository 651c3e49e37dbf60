"""Sort every wrong speaker of the development sets by kind, to choose which rule to write next.

Usage: python bench/speaker_errors.py [--eval-data DIR] [--polnear PATH] [-v]

The development sets are the labelled real-news set (tests/fixtures/quotes-news) and, with
--polnear, PolNeAR's train compartment (read as bench/polnear.py says). Each matched quote
whose speaker is wrong falls into the first kind that fits:

- wrong-of-two: the speaker of another quote in the same or the neighbouring paragraph;
- another-entity: someone or something else the text names (sub-kinds: an honorific alone
  "Mr", a place, body or organization, a person named in the paragraph who is not speaking,
  or a person named elsewhere);
- same-person-other-form: the right person written otherwise ("John Kasich (R-OH)");
- no-speaker: nobody although the text names the speaker (sub-kinds by where the name is:
  before an appositive in the paragraph, as a surname alone long after the full name, in the
  paragraph before only, or nowhere near: a title or role stands for it);
- named-the-unnamed: a name where the gold speaker is anonymous.

Counts per kind and sub-kind are printed for each set; -v lists every miss under its kind.
The last line is one JSON object with the counts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.polnear import load_documents as load_polnear  # noqa: E402
from bench.polnear import same_person  # noqa: E402
from bench.quotes import (  # noqa: E402
    LABELLED_SETS,
    document_paragraphs,
    fold_name,
    match,
    same_name,
)
from extract.lexicons import ALL  # noqa: E402
from extract.quotes import Quote, extract_quotes  # noqa: E402

_ORGANIZATION_WORDS = ALL.org_words | ALL.place_words | ALL.group_nouns | ALL.running_words
_TITLES = {fold_name(t) for t in ALL.titles | ALL.abbreviations}


def _words(name: str | None) -> list[str]:
    return (fold_name(name) or "").split()


def _names_in(paragraph: str, name: str | None) -> bool:
    """Tell whether a paragraph names someone by full name or surname."""
    words = _words(name)
    folded = f" {fold_name(paragraph)} "
    return bool(words) and f" {words[-1]} " in folded


def _full_name_in(paragraph: str, name: str | None) -> bool:
    folded = f" {fold_name(paragraph)} "
    return bool(name) and f" {fold_name(name)} " in folded and len(_words(name)) > 1


def classify(
    doc: dict,
    paragraphs: list[str],
    gold: dict,
    predicted: Quote,
    same: Callable[[str | None, str], bool],
) -> tuple[str, str]:
    """Return (kind, sub-kind) of one wrong speaker."""
    here = gold["paragraph"]
    others = {
        q["speaker"]
        for q in doc["quotes"]
        if q is not gold and q["speaker"] and abs(q["paragraph"] - here) <= 1
    }
    said = predicted.speaker
    if gold["speaker"] is None:
        return "named-the-unnamed", ""
    if said is not None and any(same(said, other) for other in others):
        return "wrong-of-two", ""
    if said is not None:
        ours, theirs = _words(said), _words(gold["speaker"])
        if ours and theirs and (ours[-1] == theirs[-1] or set(ours) & set(theirs[-1:])):
            return "same-person-other-form", ""
        if len(ours) == 1 and ours[0] in _TITLES:
            return "another-entity", "honorific alone"
        if set(ours) & _ORGANIZATION_WORDS or len(ours) == 1 or said.isupper():
            return "another-entity", "place, body or organization"
        if _names_in(paragraphs[here], said):
            return "another-entity", "person in the paragraph, not speaking"
        return "another-entity", "person named elsewhere"
    paragraph = paragraphs[here]
    name = gold["speaker"]
    if _names_in(paragraph, name):
        surname = (name or "").split()[-1]
        if re.search(rf"\b{re.escape(surname)},\s+(?:[a-z]|\d)", paragraph) is not None:
            return "no-speaker", "name with an appositive"
        if not _full_name_in(paragraph, name) and len(_words(name)) > 1:
            return "no-speaker", "surname alone"
        return "no-speaker", "named in the paragraph"
    if here > 0 and _names_in(paragraphs[here - 1], name):
        return "no-speaker", "named in the paragraph before"
    return "no-speaker", "a title or role stands for the name"


def sort_misses(
    docs: list[tuple[dict, list[str]]], same: Callable[[str | None, str], bool]
) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    """Return the count of wrong speakers per (kind, sub-kind) and the misses of each."""
    counts: Counter[tuple[str, str]] = Counter()
    listed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc, paragraphs in docs:
        predicted = extract_quotes("\n".join(paragraphs), doc["language"])
        for gi, pi in match(doc["quotes"], predicted):
            gold, quote = doc["quotes"][gi], predicted[pi]
            if not gold.get("speaker_scored", True) or same(quote.speaker, gold["speaker"]):
                continue
            kind = classify(doc, paragraphs, gold, quote, same)
            counts[kind] += 1
            listed[kind].append(
                f"  {doc['source'][:60]} ¶{gold['paragraph']}: {quote.speaker!r} for"
                f" {gold['speaker']!r}: {gold['text'][:60]}"
            )
    return counts, listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-data", default=ROOT.parent / "shared" / "eval-data", type=Path)
    parser.add_argument("--polnear", type=Path, help="a PolNeAR checkout or its git dir")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    sets: dict[str, tuple[list[tuple[dict, list[str]]], Callable]] = {}
    news = []
    for path in sorted(LABELLED_SETS["news"].glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        news.append(
            (doc, document_paragraphs(doc, ROOT.parent / "shared" / "seeds", args.eval_data))
        )
    sets["news"] = (news, same_name)
    if args.polnear is not None:
        polnear = load_polnear(args.polnear)
        sets["polnear"] = ([(doc, doc["paragraphs"]) for doc in polnear], same_person)
    figures: dict[str, dict[str, int]] = {}
    for name, (docs, same) in sets.items():
        counts, listed = sort_misses(docs, same)
        print(f"\n{name}: {sum(counts.values())} wrong speakers")
        by_kind: Counter[str] = Counter()
        for (kind, _), n in counts.items():
            by_kind[kind] += n
        for kind, total in by_kind.most_common():
            print(f"{kind:<28}{total:>6}")
            for (k, sub), n in counts.most_common():
                if k == kind and sub:
                    print(f"  {sub:<40}{n:>6}")
                if k == kind and args.verbose:
                    print("\n".join(listed[(k, sub)]))
        figures[name] = {f"{k}/{s}" if s else k: n for (k, s), n in sorted(counts.items())}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
