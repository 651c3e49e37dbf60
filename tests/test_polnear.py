"""PolNeAR's attributions become the bench's labelled quotes: passages in double marks inside
a Content span, the Source's name when it gives one, read from the train compartment only, of a
checkout or a bare git dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.polnear import (
    COMPARTMENT,
    iter_articles,
    label_article,
    load_documents,
    named_source,
    same_person,
)

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Senate panel weighs the bill.\n\n"
    "Spokeswoman Haley Morris says the candidate has “always run a lean campaign and will"
    " continue to do so.”\n\n"
    "''We will win,'' he said, ''and we will win big.''\n\n"
    'The "Taxpayer Relief Act" passed in 2015.\n\n'
    '"This is over," said Sen. Ted Cruz (R-Texas). "Nobody wants it, and nobody will miss it."'
)
# (source, cue, content) of each attribution, as PolNeAR's annotators mark them.
ATTRIBUTIONS = [
    (
        "Spokeswoman Haley Morris",
        "says",
        "the candidate has “always run a lean campaign and will continue to do so.”",
    ),
    ("he", "said", "''We will win,''|''and we will win big.''"),
    (
        "Sen. Ted Cruz (R-Texas)",
        "said",
        '"This is over,"|"Nobody wants it, and nobody will miss it."',
    ),
]


def _annotation(text: str, attributions: list[tuple[str, str, str]]) -> str:
    """Return BRAT standoff for attributions, a content's parts split by "|"."""
    lines, t = [], 0
    for e, (source, cue, content) in enumerate(attributions, start=1):
        roles = []
        for kind, words in (("Source", source), ("Cue", cue), ("Content", content)):
            parts = []
            for part in words.split("|"):
                start = text.index(part)
                parts.append(f"{start} {start + len(part)}")
            t += 1
            lines.append(f"T{t}\t{kind} {';'.join(parts)}\t{words.replace('|', ' ')}")
            roles.append(f"{kind}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t} " + " ".join(roles))
    return "\n".join(lines) + "\n"


def _write_checkout(root: Path) -> None:
    for compartment, name in (("train", "usa-today_2016-01-01_a"), ("dev", "nyt_2016-10-01_b")):
        folder = root / "data" / compartment
        (folder / "text").mkdir(parents=True)
        (folder / "attributions").mkdir()
        (folder / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        ann = _annotation(TEXT, ATTRIBUTIONS)
        (folder / "attributions" / f"{name}_aaaa.ann").write_text(ann, encoding="utf-8")
        (folder / "attributions" / f"{name}_zzzz.ann").write_text("", encoding="utf-8")


def test_the_compartment_read_is_train_and_nothing_else() -> None:
    assert COMPARTMENT == "data/train"


def test_quotes_are_passages_in_double_marks_inside_a_content_span() -> None:
    doc = label_article("a", TEXT, _annotation(TEXT, ATTRIBUTIONS))
    quotes = [(q["text"], q["speaker"], q["speaker_scored"]) for q in doc["quotes"]]
    assert quotes == [
        (
            "always run a lean campaign and will continue to do so.",
            "Spokeswoman Haley Morris",
            True,
        ),
        ("We will win and we will win big.", None, False),  # a pronoun is not scored
        ("This is over", "Ted Cruz", True),
        ("Nobody wants it, and nobody will miss it.", "Ted Cruz", True),
    ]
    assert [q["paragraph"] for q in doc["quotes"]] == [1, 2, 4, 4]
    assert doc["paragraphs"][0] == "Senate panel weighs the bill."


def test_a_quotation_running_over_paragraphs_is_one_passage() -> None:
    text = 'Intro line.\n\n"We will win this state\n\n"and then the next one," she said.'
    ann = _annotation(
        text, [("she", "said", '"We will win this state\n\n"and then the next one,"')]
    )
    (quote,) = label_article("a", text, ann)["quotes"]
    assert quote["text"] == "We will win this state and then the next one"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Sen. Ted Cruz (R-Texas)", "Ted Cruz"),
        ("Senator John McCain of Arizona", "Senator John McCain"),
        ("Jason Sorens, the founder of the Free State Project,", "Jason Sorens"),
        ("NASA's Steve Clarke", "Steve Clarke"),
        ("The Huffington Post", "Huffington Post"),
        ("he", None),
        ("a poll released Monday", None),
        ("Mr. Trump and Mr. Cruz", None),
        ("Trump's campaign", None),
        ("a person close to the Clintons", None),
    ],
)
def test_a_source_counts_as_named_when_it_ends_in_a_name(source: str, expected: str | None) -> None:
    text = f"{source} said so. Later the Clintons, Trump, Cruz and Morris spoke."
    assert named_source(source, text) == expected


def test_a_capitalized_word_opening_a_sentence_is_not_a_name() -> None:
    assert named_source("Prosecutors", "Prosecutors said so. Nobody else did.") is None
    assert named_source("Trump", "Trump said so. Then came Trump again.") == "Trump"


@pytest.mark.parametrize(
    ("predicted", "gold", "right"),
    [
        ("Haley Morris", "Spokeswoman Haley Morris", True),
        ("Haley Morris", "Morris", True),
        ("Ban Ki-moon", "Ban", True),
        ("Donald Trump", "Donald Trump Jr.", True),
        ("Eric Trump", "Donald Trump", False),
        ("Hillary Clinton", "Bill Clinton", False),
        (None, "Morris", False),
    ],
)
def test_a_speaker_is_right_by_surname_and_a_shared_given_name(
    predicted: str | None, gold: str, right: bool
) -> None:
    assert same_person(predicted, gold) is right


def test_a_checkout_is_read_in_its_train_compartment_by_the_first_annotator(
    tmp_path: Path,
) -> None:
    _write_checkout(tmp_path)
    articles = list(iter_articles(tmp_path))
    assert [(name, ann.count("\tAttribution:")) for name, _, ann in articles] == [
        ("usa-today_2016-01-01_a", 3)
    ]


def test_a_bare_git_dir_is_read_like_a_checkout(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    _write_checkout(checkout)
    bare = tmp_path / "PolNeAR.git"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            ["git", "--git-dir", str(bare), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return done.stdout.strip()

    subprocess.run(["git", "init", "--bare", "-q", str(bare)], check=True)
    # The tree is written with plumbing, from the checkout's files.
    git("read-tree", "--empty")
    index = {**env, "GIT_INDEX_FILE": str(tmp_path / "index")}
    for path in sorted(p for p in checkout.rglob("*") if p.is_file()):
        blob = git("hash-object", "-w", str(path))
        relative = path.relative_to(checkout).as_posix()
        subprocess.run(
            ["git", "--git-dir", str(bare), "update-index", "--add", "--cacheinfo",
             f"100644,{blob},{relative}"],
            check=True,
            env=index,
        )  # fmt: skip
    tree = subprocess.run(
        ["git", "--git-dir", str(bare), "write-tree"],
        capture_output=True,
        text=True,
        check=True,
        env=index,
    ).stdout.strip()
    commit = git("commit-tree", tree, "-m", "fixture")
    git("update-ref", "HEAD", commit)
    assert load_documents(bare) == load_documents(checkout)
    assert [doc["source"] for doc in load_documents(bare)] == ["polnear/usa-today_2016-01-01_a"]


def test_the_bench_scores_polnear_beside_the_other_sets(tmp_path: Path) -> None:
    _write_checkout(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "quotes.py"),
            "--eval-data",
            str(tmp_path / "no-eval-data"),
            "--polnear",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert "polnear (train): 1 articles, 4 gold quotes" in done.stdout
    assert figures["polnear"]["quotes"] == 4
    assert figures["polnear"]["recall"] == 1.0
    assert figures["polnear"]["speaker_accuracy"] == 1.0
    assert set(figures) >= {"fixtures", "polnear", "chars_per_second"}
