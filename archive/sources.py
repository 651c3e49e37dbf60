"""The sources file: what to look for and where, read and checked with errors that name the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.events import Event
from extract.topic import DEFAULT_PHRASES

OUTLET_LISTS = ("pages", "feeds", "sitemaps", "articles")
GDELT_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
GOOGLE_NEWS_URL = "https://news.google.com/rss/search"
DEFAULT_FOLLOW_DEPTH = 1


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Outlet:
    """One outlet and the places to look for its coverage."""

    domain: str
    name: str
    pages: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchFeed:
    """A search service queried with the topic phrases: GDELT DOC 2.0 or Google News RSS."""

    kind: str  # "gdelt" or "google-news"
    url: str
    editions: tuple[str, ...] = ()  # Google News: "hl:gl", e.g. "en-US:US", "es-419:US"
    timespan: str = "3months"  # GDELT: how far back to search
    max_records: int = 250


@dataclass(frozen=True)
class Sources:
    """Everything a crawl starts from."""

    contact: str
    phrases: tuple[str, ...]
    outlets: tuple[Outlet, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())
    searches: tuple[SearchFeed, ...] = field(default=())
    follow_depth: int = DEFAULT_FOLLOW_DEPTH

    def outlet_for(self, host: str) -> Outlet | None:
        """Return the outlet whose domain is host or a parent of it."""
        for outlet in self.outlets:
            if host == outlet.domain or host.endswith("." + outlet.domain):
                return outlet
        return None


def _where(path: str, node: yaml.Node) -> str:
    """Return "file:line" for a YAML node."""
    return f"{path}:{node.start_mark.line + 1}"


def _mapping(path: str, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
    """Return a mapping node's items by key, or fail naming the line."""
    if not isinstance(node, yaml.MappingNode):
        raise SourcesError(f"{_where(path, node)}: {what} must be a mapping")
    return {key.value: value for key, value in node.value}


def _strings(path: str, node: yaml.Node, what: str) -> tuple[str, ...]:
    """Return a sequence node of strings, or fail naming the line."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise SourcesError(f"{_where(path, node)}: {what} must be a list")
    values = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            raise SourcesError(f"{_where(path, item)}: {what} entries must be non-empty strings")
        values.append(item.value.strip())
    return tuple(values)


def _check_keys(
    path: str, node: yaml.Node, items: dict[str, Any], allowed: set[str], what: str
) -> None:
    """Fail naming the line of the first key that is not allowed."""
    for key_node, _ in node.value:
        if key_node.value not in allowed:
            raise SourcesError(
                f"{_where(path, key_node)}: unknown key {key_node.value!r} in "
                f"{what} (expected one of: {', '.join(sorted(allowed))})"
            )


def _outlet(path: str, node: yaml.Node) -> Outlet:
    """Return one outlet entry."""
    items = _mapping(path, node, "an outlet")
    _check_keys(path, node, items, {"domain", "name", *OUTLET_LISTS}, "an outlet")
    if "domain" not in items or not isinstance(items["domain"], yaml.ScalarNode):
        raise SourcesError(f"{_where(path, node)}: an outlet needs a domain")
    domain = items["domain"].value.strip().lower()
    name = items["name"].value.strip() if "name" in items else domain
    lists = {key: _strings(path, items[key], key) for key in OUTLET_LISTS if key in items}
    return Outlet(domain=domain, name=name, **lists)


def _event(path: str, node: yaml.Node) -> Event:
    """Return one event entry."""
    items = _mapping(path, node, "an event")
    _check_keys(path, node, items, {"name", "date", "place", "terms", "organizers"}, "an event")
    for key in ("name", "date"):
        if key not in items or not isinstance(items[key], yaml.ScalarNode):
            raise SourcesError(f"{_where(path, node)}: an event needs a {key}")
    date = items["date"].value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
        raise SourcesError(f"{_where(path, items['date'])}: an event date is YYYY-MM-DD or YYYY-MM")
    place = items["place"].value.strip() if "place" in items else ""
    terms = _strings(path, items["terms"], "terms") if "terms" in items else ()
    organizers = _strings(path, items["organizers"], "organizers") if "organizers" in items else ()
    return Event(
        name=items["name"].value.strip(),
        date=date,
        place=place,
        terms=terms,
        organizers=organizers,
    )


def _scalar(path: str, node: yaml.Node, what: str) -> str:
    """Return a scalar node's text, or fail naming the line."""
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise SourcesError(f"{_where(path, node)}: {what} must be a single value")
    return node.value.strip()


def _integer(path: str, node: yaml.Node, what: str, low: int, high: int) -> int:
    """Return a whole number in [low, high], or fail naming the line."""
    value = _scalar(path, node, what)
    if not value.isdigit() or not low <= int(value) <= high:
        raise SourcesError(f"{_where(path, node)}: {what} must be a whole number {low}-{high}")
    return int(value)


def _searches(path: str, node: yaml.Node) -> tuple[SearchFeed, ...]:
    """Return the search feeds to query (an empty value or false turns one off)."""
    items = _mapping(path, node, "search")
    _check_keys(path, node, items, {"gdelt", "google_news"}, "search")
    found = []
    for key, kind, default_url in (
        ("gdelt", "gdelt", GDELT_URL),
        ("google_news", "google-news", GOOGLE_NEWS_URL),
    ):
        if key not in items:
            continue
        value = items[key]
        if isinstance(value, yaml.ScalarNode):
            if value.value.lower() in ("false", "no", "off", "", "null", "~"):
                continue
            if value.value.lower() not in ("true", "yes", "on"):
                raise SourcesError(
                    f"{_where(path, value)}: search.{key} is true, false or a mapping"
                )
            found.append(SearchFeed(kind, default_url, ("en-US:US", "es-419:US")))
            continue
        options = _mapping(path, value, f"search.{key}")
        _check_keys(path, value, options, {"url", "editions", "timespan", "max_records"}, key)
        editions = (
            _strings(path, options["editions"], "editions")
            if "editions" in options
            else ("en-US:US", "es-419:US")
        )
        for edition in editions:
            if not re.fullmatch(r"[a-z]{2}(-\w+)?:[A-Z]{2}", edition):
                raise SourcesError(
                    f"{_where(path, options['editions'])}: edition {edition!r} "
                    "is language:country, e.g. en-US:US or es-419:US"
                )
        found.append(
            SearchFeed(
                kind,
                _scalar(path, options["url"], "url") if "url" in options else default_url,
                editions,
                _scalar(path, options["timespan"], "timespan")
                if "timespan" in options
                else "3months",
                _integer(path, options["max_records"], "max_records", 1, 250)
                if "max_records" in options
                else 250,
            )
        )
    return tuple(found)


def parse_sources(text: str, path: str = "<sources>") -> Sources:
    """Return the Sources described by YAML text."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise SourcesError(
            f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    if root is None:
        raise SourcesError(f"{path}: the file is empty")
    items = _mapping(path, root, "the sources file")
    _check_keys(
        path,
        root,
        items,
        {"contact", "topic", "events", "outlets", "search", "follow"},
        "the sources file",
    )
    phrases = DEFAULT_PHRASES
    if "topic" in items:
        topic = _mapping(path, items["topic"], "topic")
        _check_keys(path, items["topic"], topic, {"phrases"}, "topic")
        phrases = (
            _strings(path, topic["phrases"], "topic.phrases") if "phrases" in topic else phrases
        )
    outlets_node = items.get("outlets")
    if outlets_node is None or not isinstance(outlets_node, yaml.SequenceNode):
        where = _where(path, outlets_node) if outlets_node is not None else path
        raise SourcesError(f"{where}: outlets must be a list of outlets")
    events_node = items.get("events")
    if events_node is not None and not isinstance(events_node, yaml.SequenceNode):
        raise SourcesError(f"{_where(path, events_node)}: events must be a list of events")
    contact = items["contact"].value.strip() if "contact" in items else ""
    follow_depth = DEFAULT_FOLLOW_DEPTH
    if "follow" in items:
        follow = _mapping(path, items["follow"], "follow")
        _check_keys(path, items["follow"], follow, {"depth"}, "follow")
        if "depth" in follow:
            follow_depth = _integer(path, follow["depth"], "follow.depth", 0, 5)
    return Sources(
        searches=_searches(path, items["search"]) if "search" in items else (),
        follow_depth=follow_depth,
        contact=contact,
        phrases=phrases,
        outlets=tuple(_outlet(path, node) for node in outlets_node.value),
        events=tuple(
            _event(path, node) for node in (events_node.value if events_node is not None else [])
        ),
    )


def load_sources(path: str | Path) -> Sources:
    """Return the Sources in a YAML file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the sources file ({exc.strerror})") from exc
    return parse_sources(text, str(path))
