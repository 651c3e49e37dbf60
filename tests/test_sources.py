"""The sources file: parsed into outlets, and every mistake named with its line."""

import pytest

from archive.sources import SourcesError, load_sources, parse_sources

GOOD = """\
contact: https://example.org/contact
topic:
  phrases: ["Run Against ICE", "Carrera contra ICE"]
outlets:
  - domain: www.turnto23.com
    name: 23ABC News (KERO)
    feeds: [https://www.turnto23.com/feeds/news.rss]
    sitemaps: []
"""


def test_a_good_file_is_parsed():
    sources = parse_sources(GOOD)
    assert sources.contact == "https://example.org/contact"
    assert sources.phrases == ("Run Against ICE", "Carrera contra ICE")
    outlet = sources.outlets[0]
    assert (outlet.domain, outlet.name, outlet.feeds) == (
        "www.turnto23.com",
        "23ABC News (KERO)",
        ("https://www.turnto23.com/feeds/news.rss",),
    )
    assert sources.outlet_for("www.turnto23.com") is outlet
    assert sources.outlet_for("elsewhere.example") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("feeds:", "feed:"), "s.yml:7: unknown key 'feed'"),
        ("outlets: 3\n", "s.yml:1: outlets must be a list"),
        ("contact: [\n", "s.yml:2: not valid YAML"),
        ("outlets:\n  - name: no domain\n", "s.yml:2: an outlet needs a domain"),
        (
            "outlets:\n  - domain: a.example\n    pages: https://a.example/\n",
            "s.yml:3: pages must be a list",
        ),
        ("", "s.yml: the file is empty"),
    ],
)
def test_mistakes_are_named_with_their_line(text, message):
    with pytest.raises(SourcesError) as caught:
        parse_sources(text, "s.yml")
    assert str(caught.value).startswith(message)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesError, match="cannot read the sources file"):
        load_sources(tmp_path / "missing.yml")


def test_the_shipped_sources_files_are_valid():
    from archive.fixture_server import fixture_root
    from runarchive.cli import default_sources_path

    assert load_sources(default_sources_path()).outlets
    assert parse_sources((fixture_root() / "sources.yml").read_text()).outlets


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("outlets:\n  - domain: x.example\n    name: [a, b]\n", 3, "name must be a single"),
        ("outlets: []\nevents:\n  - name: R\n    date: 2025-07-01\n    place: [a]\n", 5, "place"),
        ("outlets: []\nspeakers:\n  - name: A\n    role: [x]\n", 4, "role must be a single"),
        ("outlets: []\nsearch:\n  gdelt: {max_records: abc}\n", 3, "max_records"),
        ("outlets:\n  - domain: x\n    feeds: 3\n", 3, "feeds must be a list"),
        ("outlets: []\nsearch:\n  google_news: {editions: en-US:US}\n", 3, "editions"),
        ("outlets: []\nsearch:\n  mediacloud: {collections: 5}\n", 3, "collections"),
        ("outlets: []\nsearch:\n  wayback: {url: [a]}\n", 3, "url must be a single"),
    ],
)
def test_a_key_of_the_wrong_type_names_the_file_and_line(text, line, what):
    with pytest.raises(SourcesError) as error:
        parse_sources(text, "sources.yml")
    assert str(error.value).startswith(f"sources.yml:{line}: ") and what in str(error.value)
