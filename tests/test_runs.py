"""Filing articles under runs: places, organizers, terms and relative days ("on Saturday",
"el sábado") read against the publication day."""

from __future__ import annotations

from datetime import date

import pytest

from extract.events import Event, match_run, resolve_relative_days
from tools import fixture_articles as texts

RUNS = (
    Event(
        "Run Against ICE, Bakersfield, 2026",
        "2026-02-28",
        "Hart Park, Bakersfield",
        ("Bakersfield",),
    ),
    Event(
        "Run Against ICE, Los Angeles, 2025", "2025-07", "Los Angeles", ("Los Angeles", "Koreatown")
    ),
    Event(
        "Run Against ICE, Santa Ana, 2025",
        "2025-08-16",
        "Santa Ana",
        ("Santa Ana",),
        ("Corre Santa Ana",),
    ),
    Event(
        "Carrera contra ICE, Fresno, 2025",
        "2025-09-21",
        "Fresno",
        ("Fresno",),
        ("Raíces en Movimiento",),
    ),
)


@pytest.mark.parametrize(
    ("words", "language", "published", "expected"),
    [
        ("Runners met on Saturday", "en", "2026-03-01", {date(2026, 2, 28), date(2026, 3, 7)}),
        ("se reunieron el sábado", "es", "2026-03-01", {date(2026, 2, 28), date(2026, 3, 7)}),
        # the publication day's own weekday: that day, or a week either side
        (
            "participaron el domingo",
            "es",
            "2025-09-21",
            {date(2025, 9, 14), date(2025, 9, 21), date(2025, 9, 28)},
        ),
        ("ayer", "es", "2026-03-01", {date(2026, 2, 28)}),
        ("no day named here", "en", "2026-03-01", set()),
        ("on Saturday", "en", None, set()),
    ],
)
def test_relative_days_are_read_against_the_publication_day(words, language, published, expected):
    assert set(resolve_relative_days(words, language, published)) == expected


@pytest.mark.parametrize(
    ("text", "published", "language", "run"),
    [
        (texts.SANTA_ANA, "2025-08-17", "en", "Run Against ICE, Santa Ana, 2025"),
        (texts.ES_FRESNO, "2025-09-21", "es", "Carrera contra ICE, Fresno, 2025"),
        (texts.ES_BAKERSFIELD, "2026-03-01", "es", "Run Against ICE, Bakersfield, 2026"),
        (texts.NIGHT_RUNNERS, "2025-07-20", "en", "Run Against ICE, Los Angeles, 2025"),
    ],
)
def test_each_article_is_filed_under_the_run_it_covers(text, published, language, run):
    found = match_run("", text, published, RUNS, language)
    assert found is not None and found.event.name == run
    assert "named:" in found.method


def test_the_run_whose_day_the_article_names_wins_over_a_place_named_in_passing():
    # A Bakersfield report that mentions Los Angeles more often than Bakersfield.
    text = (
        "Runners from Los Angeles and Koreatown drove up to Bakersfield on Saturday for the run. "
        "Los Angeles groups brought water."
    )
    found = match_run("", text, "2026-03-01", RUNS, "en")
    assert found is not None and found.event.name.endswith("Bakersfield, 2026")
    assert "day: 2026-02-28" in found.method


def test_an_article_naming_no_run_and_no_day_of_one_has_none():
    assert match_run("", "A farmers market opened downtown.", "2026-03-01", RUNS, "en") is None


def test_a_day_alone_files_an_unnamed_article_and_says_so():
    found = match_run("", "Hundreds ran through the city on Saturday.", "2025-08-17", RUNS, "en")
    assert found is not None and found.event.name.endswith("Santa Ana, 2025")
    assert found.method.startswith("day: 2025-08-16")


def test_every_demo_article_is_filed_under_a_run_with_how(crawled):
    rows = list(crawled.db().query("select url, event_id, event_method from articles"))
    assert rows
    unfiled = [r["url"] for r in rows if r["event_id"] is None or not r["event_method"]]
    assert unfiled == []


def test_the_demo_sources_name_every_run(crawled):
    names = {r["name"] for r in crawled.db().query("select name from events")}
    assert {"Run Against ICE, Santa Ana, 2025", "Carrera contra ICE, Fresno, 2025"} <= names
