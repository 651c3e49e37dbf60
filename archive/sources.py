"""The sources file: what to look for and where, read and checked with errors that name the line."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from extract.events import Event
from extract.topic import DEFAULT_PHRASES

OUTLET_LISTS = ("pages", "feeds", "sitemaps", "articles")
GDELT_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
GOOGLE_NEWS_URL = "https://news.google.com/rss/search"
WAYBACK_URL = "https://web.archive.org"
MEDIACLOUD_URL = "https://search.mediacloud.org/api/"
# Media Cloud's "United States - National" and "United States - State & Local" collections.
MEDIACLOUD_COLLECTIONS = (34412234, 38379429)
# Days before and after a run's date that its coverage is searched in (window: [-3, 14]).
DEFAULT_WINDOW = (-3, 14)
DEFAULT_FOLLOW_DEPTH = 1


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Outlet:
    """One outlet and the places to look for its coverage."""

    domain: str
    name: str
    # Home page as given: robots.txt sitemaps, advertised feeds, site search; its host:port
    # may be fetched (crawler.guard).
    site: str = ""
    pages: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()

    @property
    def home_page(self) -> str:
        """Return the outlet's home page: its site, else https://DOMAIN/."""
        return self.site or f"https://{self.domain}/"


@dataclass(frozen=True)
class SearchFeed:
    """A search service: GDELT DOC 2.0, Google News RSS, the Wayback Machine or Media Cloud."""

    kind: str  # "gdelt", "google-news", "wayback" or "mediacloud"
    url: str
    editions: tuple[str, ...] = ()  # Google News: "hl:gl", e.g. "en-US:US", "es-419:US"
    timespan: str = "3months"  # GDELT: how far back to search
    max_records: int = 250
    # GDELT searches English translations: its own phrases, and sourcelang: restrictions.
    phrases: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    collections: tuple[int, ...] = ()  # Media Cloud collection ids


@dataclass(frozen=True)
class RunWindow:
    """The days a run's coverage is searched in: from its date (or month) plus its offsets."""

    event: Event
    start: date
    end: date


@dataclass(frozen=True)
class RosterSpeaker:
    """A speaker the sources file names: what no article text can tell."""

    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    organization: str = ""


@dataclass(frozen=True)
class Sources:
    """Everything a crawl starts from."""

    contact: str
    phrases: tuple[str, ...]
    outlets: tuple[Outlet, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())
    searches: tuple[SearchFeed, ...] = field(default=())
    follow_depth: int = DEFAULT_FOLLOW_DEPTH
    windows: tuple[RunWindow, ...] = field(default=())
    speakers: tuple[RosterSpeaker, ...] = field(default=())

    def search(self, kind: str) -> SearchFeed | None:
        """Return the configured search service of this kind, if any."""
        return next((s for s in self.searches if s.kind == kind), None)

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
    _check_keys(path, node, items, {"domain", "name", "site", *OUTLET_LISTS}, "an outlet")
    if "domain" not in items or not isinstance(items["domain"], yaml.ScalarNode):
        raise SourcesError(f"{_where(path, node)}: an outlet needs a domain")
    domain = items["domain"].value.strip().lower()
    name = _scalar(path, items["name"], "name") if "name" in items else domain
    site = _scalar(path, items["site"], "site") if "site" in items else ""
    lists = {key: _strings(path, items[key], key) for key in OUTLET_LISTS if key in items}
    return Outlet(domain=domain, name=name, site=site, **lists)


def _event(path: str, node: yaml.Node) -> RunWindow:
    """Return one event entry and the window its coverage is searched in."""
    items = _mapping(path, node, "an event")
    allowed = {"name", "date", "place", "terms", "organizers", "window"}
    _check_keys(path, node, items, allowed, "an event")
    for key in ("name", "date"):
        if key not in items or not isinstance(items[key], yaml.ScalarNode):
            raise SourcesError(f"{_where(path, node)}: an event needs a {key}")
    day = items["date"].value.strip()
    first, last = _event_days(day, f"{_where(path, items['date'])}: ")
    before, after = _window(path, items["window"]) if "window" in items else DEFAULT_WINDOW
    place = _scalar(path, items["place"], "place") if "place" in items else ""
    terms = _strings(path, items["terms"], "terms") if "terms" in items else ()
    organizers = _strings(path, items["organizers"], "organizers") if "organizers" in items else ()
    event = Event(
        name=items["name"].value.strip(),
        date=day,
        place=place,
        terms=terms,
        organizers=organizers,
    )
    return RunWindow(event, first + timedelta(days=before), last + timedelta(days=after))


def _event_days(value: str, where: str) -> tuple[date, date]:
    """Return the first and last day an event date (YYYY-MM-DD, or YYYY-MM for a month) names."""
    error = SourcesError(f"{where}an event date is YYYY-MM-DD or YYYY-MM, not {value!r}")
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        raise error
    try:
        if len(value) == 7:
            year, month = (int(x) for x in value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        day = date.fromisoformat(value)
    except ValueError:
        raise error from None
    return day, day


def _window(path: str, node: yaml.Node) -> tuple[int, int]:
    """Return a window's days before and after a run: [-3, 14], or fail naming the line."""
    message = f"{_where(path, node)}: window is [DAYS_BEFORE, DAYS_AFTER], e.g. [-3, 14]"
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        raise SourcesError(message)
    values = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not re.fullmatch(r"[-+]?\d{1,4}", item.value):
            raise SourcesError(message)
        values.append(int(item.value))
    if values[0] > values[1]:
        raise SourcesError(f"{message} (the first is not after the second)")
    return values[0], values[1]


def _roster(path: str, node: yaml.Node) -> tuple[RosterSpeaker, ...]:
    """Return the `speakers:` list: name, aliases, role and organization of each."""
    if not isinstance(node, yaml.SequenceNode):
        raise SourcesError(f"{_where(path, node)}: speakers must be a list of speakers")
    roster = []
    for entry in node.value:
        items = _mapping(path, entry, "a speaker")
        _check_keys(path, entry, items, {"name", "aliases", "role", "organization"}, "a speaker")
        if "name" not in items or not isinstance(items["name"], yaml.ScalarNode):
            raise SourcesError(f"{_where(path, entry)}: a speaker needs a name")
        texts = {
            key: _scalar(path, items[key], key)
            for key in ("name", "role", "organization")
            if key in items
        }
        aliases = _strings(path, items["aliases"], "aliases") if "aliases" in items else ()
        roster.append(RosterSpeaker(aliases=aliases, **texts))
    return tuple(roster)


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


SEARCH_KINDS = {
    # key: (kind, default url, options besides url)
    "gdelt": ("gdelt", GDELT_URL, {"timespan", "max_records", "phrases", "languages"}),
    "google_news": ("google-news", GOOGLE_NEWS_URL, {"editions"}),
    "wayback": ("wayback", WAYBACK_URL, set()),
    "mediacloud": ("mediacloud", MEDIACLOUD_URL, {"collections"}),
}
DEFAULT_EDITIONS = ("en-US:US", "es-419:US")


def _searches(path: str, node: yaml.Node) -> tuple[SearchFeed, ...]:
    """Return the search services to query (an empty value or false turns one off)."""
    items = _mapping(path, node, "search")
    _check_keys(path, node, items, set(SEARCH_KINDS), "search")
    found = []
    for key, (kind, default_url, allowed) in SEARCH_KINDS.items():
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
            found.append(_search(path, kind, default_url, {}))
            continue
        options = _mapping(path, value, f"search.{key}")
        _check_keys(path, value, options, {"url", *allowed}, key)
        found.append(_search(path, kind, default_url, options))
    return tuple(found)


def _search(path: str, kind: str, default_url: str, options: dict[str, yaml.Node]) -> SearchFeed:
    """Return one search service from its options."""
    editions = (
        _strings(path, options["editions"], "editions")
        if "editions" in options
        else DEFAULT_EDITIONS
    )
    for edition in editions:
        if not re.fullmatch(r"[a-z]{2}(-\w+)?:[A-Z]{2}", edition):
            raise SourcesError(
                f"{_where(path, options['editions'])}: edition {edition!r} "
                "is language:country, e.g. en-US:US or es-419:US"
            )
    url = _scalar(path, options["url"], "url") if "url" in options else default_url
    collections: tuple[int, ...] = MEDIACLOUD_COLLECTIONS if kind == "mediacloud" else ()
    if "collections" in options:
        collections = tuple(
            _integer(path, item, "a collection id", 1, 10**12)
            for item in _sequence(path, options["collections"], "collections")
        )
    return SearchFeed(
        kind,
        url,
        editions if kind == "google-news" else (),
        _scalar(path, options["timespan"], "timespan") if "timespan" in options else "3months",
        _integer(path, options["max_records"], "max_records", 1, 250)
        if "max_records" in options
        else 250,
        _strings(path, options["phrases"], "phrases") if "phrases" in options else (),
        _strings(path, options["languages"], "languages") if "languages" in options else (),
        collections,
    )


def _sequence(path: str, node: yaml.Node, what: str) -> list[yaml.Node]:
    """Return a sequence node's items, or fail naming the line."""
    if not isinstance(node, yaml.SequenceNode):
        raise SourcesError(f"{_where(path, node)}: {what} must be a list")
    return list(node.value)


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
        {"contact", "topic", "events", "outlets", "search", "follow", "speakers"},
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
    contact = _scalar(path, items["contact"], "contact") if "contact" in items else ""
    follow_depth = DEFAULT_FOLLOW_DEPTH
    if "follow" in items:
        follow = _mapping(path, items["follow"], "follow")
        _check_keys(path, items["follow"], follow, {"depth"}, "follow")
        if "depth" in follow:
            follow_depth = _integer(path, follow["depth"], "follow.depth", 0, 5)
    windows = tuple(
        _event(path, node) for node in (events_node.value if events_node is not None else [])
    )
    return Sources(
        speakers=_roster(path, items["speakers"]) if "speakers" in items else (),
        searches=_searches(path, items["search"]) if "search" in items else (),
        windows=windows,
        follow_depth=follow_depth,
        contact=contact,
        phrases=phrases,
        outlets=tuple(_outlet(path, node) for node in outlets_node.value),
        events=tuple(window.event for window in windows),
    )


def load_sources(path: str | Path) -> Sources:
    """Return the Sources in a YAML file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the sources file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise SourcesError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the sources file as UTF-8"
        ) from exc
    return parse_sources(text, str(path))
