"""PolNeAR's train compartment as labelled quotes, scored like the project's own sets.

PolNeAR (github.com/networkdynamics/PolNeAR) annotates attributions in US political news of
2015-16 as BRAT standoff: `T` lines are Source, Cue and Content spans (character offsets into
the article's text, `;` between the parts of a broken span) and `E` lines tie one of each into
an attribution (`Content2` for a second content part). Only `data/train/` is read: its dev and
test compartments are held out for measuring the extractor, so no option reaches them.

How its attributions become our labels:

- A quote is a passage between double quotation marks lying (mostly) inside a Content span,
  found by a plain scan of the text independent of `extract/quote_marks.py`; a passage whose
  marks stay open at a paragraph's end goes on in the next paragraph when that one reopens
  with a mark. Passages outside every Content span are not quotes (terms, titles, or speech
  nobody attributed). As the project labels its own pages, `"A," she said, "b."` is one quote
  (the second passage opens in lower case) and a short title-case passage is a name or title.
- The speaker is the Source span's text when it names someone: the head before any comma or
  parenthesis, its trailing run of capitalized words (possessives cut off, leading
  abbreviations such as "Sen." dropped), and not a lone capitalized word that the article
  never capitalizes mid-sentence ("He", "Prosecutors"). PolNeAR links no pronoun or role to
  a name, so quotes whose source is a pronoun, a role or nothing count for P/R only.
- A predicted speaker is right when it has the source's surname and, when both give more
  names, shares one ("Haley Morris" for "Spokeswoman Haley Morris" or "Morris", not "Eric
  Trump" for "Donald Trump"); a one-word source is right anywhere in the name ("Ban" for
  "Ban Ki-moon", who gives his surname first).

Articles annotated twice are read in the annotation of the first annotator by name. The
`<tweet>` markup some articles embed is blanked to spaces, keeping the offsets.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The one compartment this bench reads; dev and test measure the extractor.
COMPARTMENT = "data/train"
# The New York Times' texts write a double mark as two apostrophes (''I hope not.'').
OPENING = ("''", "“", '"')
CLOSING = ("''", "”", '"')
_OPEN_AFTER = set(" \t([{—–-/:;,")
_TAG = re.compile(r"</?tweet\b[^>]*>")
MIN_INSIDE = 0.5  # share of a passage a Content span must cover for it to be that speech
MAX_TITLE_WORDS = 7
_CAPITALIZED = re.compile(r"^[A-Z][\w’'.-]*$")
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
# English words of PolNeAR's source spans: two sources joined are no one named speaker; a
# place after a name is where they come from ("Senator John McCain of Arizona").
_CONJOINED = re.compile(r"\s(?:and|&)\s")
_AFFILIATED = re.compile(r"\s(?:of|in|from|at|for|on|with|by|to)\s")
_DETERMINERS = {"The", "A", "An"}
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@dataclass(frozen=True)
class _Span:
    kind: str
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Passage:
    start: int  # offset of the first character inside the marks
    end: int  # offset of the closing mark
    paragraph: int
    text: str


def iter_articles(path: Path) -> Iterator[tuple[str, str, str]]:
    """Yield (name, text, annotation) for each train article of a checkout or a git dir."""
    if (path / COMPARTMENT).is_dir():
        texts = {p.stem: p for p in sorted((path / COMPARTMENT / "text").glob("*.txt"))}
        anns = sorted((path / COMPARTMENT / "attributions").glob("*.ann"))
        for name, ann in _first_annotations([p.name for p in anns]).items():
            if name in texts:
                yield (
                    name,
                    texts[name].read_text("utf-8"),
                    (path / COMPARTMENT / "attributions" / ann).read_text("utf-8"),
                )
        return
    listed = _git(path, "ls-tree", "-r", "--name-only", "HEAD", f"{COMPARTMENT}/").split()
    text_paths = {
        Path(p).stem: p for p in listed if p.startswith(f"{COMPARTMENT}/text/") and p[-4:] == ".txt"
    }
    ann_names = [Path(p).name for p in listed if p.startswith(f"{COMPARTMENT}/attributions/")]
    chosen = {n: a for n, a in _first_annotations(ann_names).items() if n in text_paths}
    wanted = []
    for name, ann in chosen.items():
        wanted += [text_paths[name], f"{COMPARTMENT}/attributions/{ann}"]
    blobs = _git_blobs(path, wanted)
    for name, ann in chosen.items():
        yield name, blobs[text_paths[name]], blobs[f"{COMPARTMENT}/attributions/{ann}"]


def _first_annotations(names: list[str]) -> dict[str, str]:
    """Return {article: annotation file} with the first annotator's file for each article."""
    chosen: dict[str, str] = {}
    for ann in sorted(names):
        if ann.endswith(".ann"):
            chosen.setdefault(ann[:-4].rsplit("_", 1)[0], ann)
    return chosen


def _git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(path), *args], capture_output=True, text=True, check=True
    ).stdout


def _git_blobs(path: Path, paths: list[str]) -> dict[str, str]:
    """Return the text of many files at HEAD through one `git cat-file --batch`."""
    request = "".join(f"HEAD:{p}\n" for p in paths).encode()
    out = subprocess.run(
        ["git", "--git-dir", str(path), "cat-file", "--batch"],
        input=request,
        capture_output=True,
        check=True,
    ).stdout
    blobs, at = {}, 0
    for p in paths:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        blobs[p] = out[header_end + 1 : header_end + 1 + size].decode("utf-8")
        at = header_end + 1 + size + 1
    return blobs


def parse_annotation(ann: str) -> list[dict[str, list[_Span]]]:
    """Return each attribution as {role: spans}, roles Source, Cue and Content."""
    spans: dict[str, _Span] = {}
    events = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            kind, _, offsets = fields[1].partition(" ")
            parts = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            )
            spans[fields[0]] = _Span(kind, parts)
        elif fields[0].startswith("E"):
            events.append(fields[1].split())
    attributions = []
    for roles in events:
        found: dict[str, list[_Span]] = {"Source": [], "Cue": [], "Content": []}
        for role in roles:
            kind, _, ref = role.partition(":")
            kind = kind.rstrip("0123456789")
            if kind in found and ref in spans:
                found[kind].append(spans[ref])
        if found["Content"]:
            attributions.append(found)
    return attributions


def paragraph_starts(text: str) -> list[tuple[int, str]]:
    """Return (offset, paragraph) for the non-blank lines, stripped as the extractor reads them."""
    found, at = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            found.append((at + line.index(stripped[0]), stripped))
        at += len(line) + 1
    return found


def find_passages(paragraphs: list[tuple[int, str]]) -> list[_Passage]:
    """Return the passages between double quotation marks, joined across paragraphs."""
    passages: list[_Passage] = []
    pending: tuple[int, int, list[str]] | None = None  # (start, paragraph, parts) left open
    for index, (offset, paragraph) in enumerate(paragraphs):
        i = 0
        if pending is not None:
            width = _mark_at(paragraph, 0, OPENING)
            if not width:
                pending = None
            else:
                close, _ = _closing(paragraph, width)
                if close < 0:
                    pending[2].append(paragraph[width:])
                    continue
                start, first, parts = pending
                text = " ".join([*parts, paragraph[width:close]])
                passages.append(_Passage(start, offset + close, first, text))
                pending, i = None, close + 1
        while i < len(paragraph):
            width = _mark_at(paragraph, i, OPENING)
            if width and _opens(paragraph, i, width):
                close, length = _closing(paragraph, i + width)
                if close < 0:
                    pending = (offset + i + width, index, [paragraph[i + width :]])
                    break
                text = paragraph[i + width : close]
                passages.append(_Passage(offset + i + width, offset + close, index, text))
                i = close + length
                continue
            i += 1
    return passages


def _mark_at(paragraph: str, i: int, marks: tuple[str, ...]) -> int:
    """Return the length of the quotation mark at i, 0 when there is none."""
    return next((len(mark) for mark in marks if paragraph.startswith(mark, i)), 0)


def _opens(paragraph: str, i: int, width: int) -> bool:
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + width] if i + width < len(paragraph) else " "
    if after.isspace():
        return False
    return paragraph[i] == "“" or before in _OPEN_AFTER or before in "“‘"


def _closing(paragraph: str, start: int) -> tuple[int, int]:
    """Return (index, length) of the mark that closes a passage opened before start."""
    for i in range(start, len(paragraph)):
        width = _mark_at(paragraph, i, CLOSING)
        if width and not paragraph[i - 1].isspace():
            return i, width
    return -1, 0


def _overlap(start: int, end: int, spans: list[_Span]) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for span in spans for a, b in span.parts)


def _is_title(text: str) -> bool:
    words = re.findall(r"\w[\w’']*", text)
    long_words = [w for w in words if len(w) > 3]
    return (
        bool(long_words)
        and len(words) <= MAX_TITLE_WORDS
        and all(w[0].isupper() for w in long_words)
        and text.rstrip()[-1:] not in ".!?,"
    )


def named_source(source: str, text: str) -> str | None:
    """Return the name a Source span's text gives, or None for a pronoun, role or group."""
    head = _AFFILIATED.split(re.split(r"[,(]", source, maxsplit=1)[0], maxsplit=1)[0].strip()
    if not head or _CONJOINED.search(head) or (head.isupper() and len(head.split()) > 2):
        return None
    tokens = head.split()
    run: list[str] = []
    for token in reversed(tokens):
        bare = _POSSESSIVE.sub("", token) if not run else token
        if run and _POSSESSIVE.search(token):
            break  # "NASA's Steve Clarke": the name after the possessive
        if _CAPITALIZED.match(bare) or (run and token in {"de", "van", "von", "del", "da"}):
            run.insert(0, bare)
        else:
            break
    if not run or not _CAPITALIZED.match(tokens[-1].rstrip(".’'s") or "x"):
        return None
    before = tokens[-len(run) - 1] if len(tokens) > len(run) else ""
    if before.endswith("ed") or run[-1] in _WEEKDAYS:
        return None  # "a poll released Monday"
    if run[0] in _DETERMINERS:
        run = run[1:]
    while run and run[0].endswith(".") and not _INITIAL.match(run[0]):
        run = run[1:]  # "Sen.", "Mr."
    if not run or all(_SUFFIX.match(t) for t in run):
        return None
    if len(run) == 1 and (len(run[0]) < 2 or not _capitalized_inside(run[0], text)):
        return None
    return " ".join(run)


def _capitalized_inside(word: str, text: str) -> bool:
    """Tell whether a word is written capitalized after a lower-case word somewhere in the
    text: a name is; a pronoun or a noun opening a sentence is not."""
    return re.search(rf"\b[a-z]+,? {re.escape(word)}\b", text) is not None


def _fold_words(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.findall(r"\w+", plain.replace("’s", "").replace("'s", ""))
    return [w for w in words if w not in {"jr", "sr", "ii", "iii", "iv"}]


def same_person(predicted: str | None, gold: str) -> bool:
    """Tell whether a predicted speaker is the person a source names (see the module doc)."""
    if predicted is None:
        return False
    ours, theirs = _fold_words(predicted), _fold_words(gold)
    if not ours or not theirs:
        return False
    if len(theirs) == 1:
        return theirs[0] in ours  # "Ban" for "Ban Ki-moon", surname first
    if ours[-1] != theirs[-1]:
        return False
    return len(ours) == 1 or bool(set(ours[:-1]) & set(theirs[:-1]))


def label_article(name: str, text: str, ann: str) -> dict:
    """Return one article as a labelled document of the bench: paragraphs and gold quotes."""
    text = _TAG.sub(lambda m: " " * len(m.group()), text)
    paragraphs = paragraph_starts(text)
    attributions = parse_annotation(ann)
    chosen: list[tuple[_Passage, int]] = []
    for passage in find_passages(paragraphs):
        size = max(1, passage.end - passage.start)
        best, best_overlap = -1, 0
        for n, attribution in enumerate(attributions):
            overlap = _overlap(passage.start, passage.end, attribution["Content"])
            if overlap > best_overlap:
                best, best_overlap = n, overlap
        if best >= 0 and best_overlap >= MIN_INSIDE * size and not _is_title(passage.text):
            chosen.append((passage, best))
    quotes: list[dict] = []
    last: tuple[_Passage, int] | None = None
    for passage, n in chosen:
        words = passage.text.strip()
        if (
            last is not None
            and last[1] == n
            and last[0].paragraph == passage.paragraph
            and last[0].text.rstrip().endswith(",")
            and words[:1].islower()
            and not re.search(r"[.!?]", text[last[0].end + 1 : passage.start - 1])
        ):
            quotes[-1]["text"] = f"{quotes[-1]['text'].rstrip(' ,')} {words}"
            last = (passage, n)
            continue
        sources = attributions[n]["Source"]
        source = " ".join(text[a:b] for span in sources for a, b in span.parts)
        speaker = named_source(source, text) if source else None
        kind = "named" if speaker else ("unnamed" if source else "none")
        quotes.append(
            {
                "text": words.rstrip(" ,"),
                "speaker": speaker,
                "speaker_description": None,
                "speaker_scored": speaker is not None,
                "paragraph": passage.paragraph,
                "patterns": [f"source:{kind}"],
            }
        )
        last = (passage, n)
    return {
        "source": f"polnear/{name}",
        "language": "en",
        "paragraphs": [p for _, p in paragraphs],
        "quotes": quotes,
    }


def load_documents(path: Path) -> list[dict]:
    """Return every train article of PolNeAR at path as a labelled document."""
    return [label_article(name, text, ann) for name, text, ann in iter_articles(path)]
