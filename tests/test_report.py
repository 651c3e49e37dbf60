"""`runarchive report`: HTML, Markdown, charts and quotes per run and overall."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import Result

from archive.report import slug
from tests.helpers import invoke

pytestmark = pytest.mark.e2e


def make_report(db: Path, out: Path, *args: str) -> Result:
    return invoke("report", "--db", str(db), "--out", str(out), *args)


@pytest.fixture(scope="module")
def report_dir(crawled, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    result = make_report(crawled.path, out)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_overall_report_links_every_article_and_every_run(report_dir, crawled):
    db = crawled.db()
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    markdown = (report_dir / "index.md").read_text(encoding="utf-8")
    for row in db.query("select url from articles"):
        assert f'href="{row["url"]}"' in html
        assert f"]({row['url']})" in markdown
    for row in db.query("select name from events"):
        assert f'href="{slug(row["name"])}/index.html"' in html
        assert (report_dir / slug(row["name"]) / "index.html").is_file()
    assert "<script" not in html and "http://" not in html.split("<body>")[0]


def test_a_run_report_holds_only_that_run(report_dir, crawled):
    db = crawled.db()
    folder = report_dir / slug("Run Against ICE, Bakersfield, 2026")
    html = (folder / "index.html").read_text(encoding="utf-8")
    urls = {r["url"] for r in db.query("select url from articles")}
    bakersfield = {
        r["url"]
        for r in db.query(
            "select url from articles a join events e on e.id = a.event_id where e.name = ?",
            ["Run Against ICE, Bakersfield, 2026"],
        )
    }
    assert bakersfield and all(url in html for url in bakersfield)
    assert not any(f'href="{url}"' in html for url in urls - bakersfield)
    assert "Luz Almanza" in html and "Most quoted" in html


def test_a_republished_copy_is_listed_under_its_story(report_dir, crawled):
    db = crawled.db()
    copy = next(db.query("select url from articles where story_id != id"))
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    story = html.split("<h2>Stories</h2>")[1].split("<h2>")[0]
    assert "Also published by" in story and copy["url"] in story


def test_charts_are_png_and_svg_files(report_dir):
    for folder in [report_dir, *[p for p in report_dir.iterdir() if p.is_dir()]]:
        for stem in ("coverage-over-time", "outlets"):
            assert (folder / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            root = ElementTree.parse(folder / f"{stem}.svg").getroot()
            assert root.tag.endswith("svg")


def test_the_quotes_csv_has_every_quote_with_its_article_url(report_dir, crawled):
    with (report_dir / "quotes.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == crawled.db()["quotes"].count
    assert all(r["article_url"].startswith("https://") for r in rows)


def test_one_run_by_name_and_an_unknown_run(crawled, tmp_path):
    result = make_report(crawled.path, tmp_path / "one", "--run", "Santa Ana, 2025")
    assert result.exit_code == 1  # a part of a name is not a run's name
    assert "no run 'Santa Ana, 2025'" in result.stderr and "Traceback" not in result.stderr
    result = make_report(
        crawled.path, tmp_path / "one", "--run", "Run Against ICE, Santa Ana, 2025"
    )
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Run Against ICE, Santa Ana, 2025</h1>" in html
    assert not any(p.is_dir() for p in (tmp_path / "one").iterdir())
