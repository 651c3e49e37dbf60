"""The quality benchmarks run on any folder of the public layout and end with their figures."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = [
    "About 200 runners gathered before dawn on Saturday for the Run Against ICE in Bakersfield.",
    '"We run because our neighbors cannot walk to work without fear," organizer Luz Almanza said.',
    "The route followed the Kern River trail for five kilometers and ended at a park where "
    "volunteers from the local running club handed out water and oranges to the runners.",
]


def _page(published: str, shown: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        '<html lang="en"><head><title>Runners</title>'
        f'<meta property="article:published_time" content="{published}T09:00:00-07:00">'
        f'</head><body><article><h1>Runners</h1><div class="byline">{shown}</div>'
        f"{paragraphs}</article></body></html>"
    ).encode()


def _last_json(script: str, folder: Path) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_dates_bench_scores_a_folder_of_the_htmldate_layout(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    gold = {}
    pages = {"a": ("2025-07-12", "July 12, 2025"), "b": ("2025-08-02", "August 2, 2025")}
    for name, (day, shown) in pages.items():
        (tmp_path / "html" / f"{name}.gz").write_bytes(gzip.compress(_page(day, shown)))
        gold[name] = {"date": day, "url": f"https://news.example/{name}", "html": f"html/{name}.gz"}
    gold["b"]["date"] = "2025-08-03"  # one wrong label: ours must score 1 of 2
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    figures, printed = _last_json("dates.py", tmp_path)
    assert figures["accuracy"] == 0.5
    assert figures["precision"] == 0.5 and figures["recall"] == 1.0
    assert set(figures["baseline"]) >= {"accuracy", "precision", "recall"}
    assert "dateline" in printed and "meta" in printed  # the per-source table


def test_text_bench_scores_a_folder_of_the_article_extraction_layout(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    truth = {}
    for name in ("a", "b"):
        html = _page("2025-07-12", "July 12, 2025")
        (tmp_path / "html" / f"{name}.html.gz").write_bytes(gzip.compress(html))
        truth[name] = {"articleBody": "\n".join(STORY), "url": f"https://news.example/{name}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    figures, _ = _last_json("text.py", tmp_path)
    assert figures["f1"] > 0.9 and figures["exact"] == 1.0
    assert figures["pages_per_second"] > 0
    assert set(figures["baseline"]) >= {"f1", "precision", "recall"}
