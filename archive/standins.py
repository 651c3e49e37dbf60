"""Stand-ins for the search services and outlet platforms, answering as each is documented to.

A host folder with a `_service.yml` (`kind:`, `data:` a JSON file in the folder, and the kind's
limits, scaled down where tests need speed) answers its kind's requests; any other path is left
to the folder's files. Data files may name served origins with {{origin:HOST}}.

- gdelt: GDELT DOC 2.0 ArtList (blog.gdeltproject.org, "GDELT DOC 2.0 API Debuts!").
- mediacloud: Media Cloud's search/story-list (mediacloud/api-client, mediacloud/web-search).
- google-news: Google News RSS search, article pages and batchexecute decoding.
- cdx: the Wayback Machine's CDX server and its mementos (internetarchive/wayback,
  wayback-cdx-server README; recorded answers in edgi-govdata-archiving/wayback).
- wordpress: WordPress core's search, search feeds and REST API (WordPress/wordpress-develop).
- blox: a TownNews BLOX site's search and search feeds (help.bloxcms.com, "URL Parameters").

Each stand-in records when it was asked and what it refused, so tests can check a client's pace.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus, unquote, unquote_plus, urlencode, urlsplit
from xml.sax.saxutils import escape

import yaml

JSON = {"Content-Type": "application/json; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=UTF-8"}


@dataclass(frozen=True)
class Answer:
    """A stand-in's answer; status 0 closes the connection unanswered (a firewall's refusal)."""

    status: int
    headers: dict[str, str]
    body: bytes = b""


DROP = Answer(0, {})


@dataclass(frozen=True)
class Request:
    """One request as a stand-in sees it."""

    method: str
    raw_path: str
    headers: Message
    body: bytes
    origin: str  # the stand-in's own served origin, for the addresses it answers with

    @property
    def path(self) -> str:
        return urlsplit(self.raw_path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.raw_path).query, keep_blank_values=True)

    def arg(self, name: str, default: str = "") -> str:
        """Return a query parameter's first value."""
        return self.query.get(name, [default])[0]


@dataclass
class Service:
    """One stand-in: its kind, settings, data, and a record of how it was asked."""

    kind: str
    settings: dict[str, Any]
    load: Callable[[], Any]
    asked_at: list[float] = field(default_factory=list)  # requests to the service's own API
    answered_at: list[float] = field(default_factory=list)  # those answered, not refused
    limited_at: list[float] = field(default_factory=list)  # refused for pace or load
    blocked_at: list[float] = field(default_factory=list)  # when a block began (CDX)
    refused: int = 0  # requests dropped while blocked
    scanned: int = 0  # CDX index lines read
    log: list[tuple[float, str, int]] = field(default_factory=list)  # (answered, path, status)
    state: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _data: Any = None

    @property
    def limited(self) -> int:
        """Return how many requests were refused for the service's pace or load."""
        return len(self.limited_at)

    def data(self) -> Any:
        """Return the service's data, read once (it names origins only known once serving)."""
        with self.lock:
            if self._data is None:
                self._data = self.load()
            return self._data

    def number(self, name: str, default: float) -> float:
        """Return a numeric setting."""
        value = self.settings.get(name, default)
        return default if value is None else float(value)


def load_service(folder: Path, render: Callable[[str], str]) -> Service | None:
    """Return the stand-in a host folder declares in its _service.yml, if any."""
    config_file = folder / "_service.yml"
    if not config_file.is_file():
        return None
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    data_file = folder / str(settings.get("data", "_data.json"))

    def load() -> Any:
        if not data_file.is_file():
            return {}
        return json.loads(render(data_file.read_text(encoding="utf-8")))

    return Service(str(settings["kind"]), settings, load)


def answer(service: Service, request: Request) -> Answer | None:
    """Return the service's answer to a request, or None to serve the folder's files."""
    handler = KINDS.get(service.kind)
    result = handler(service, request) if handler else None
    if result is not None:
        with service.lock:
            service.log.append((time.monotonic(), request.raw_path, result.status))
    return result


def file_headers(service: Service, origin: str) -> dict[str, str]:
    """Return headers the platform adds to every page it serves, files included."""
    if service.kind == "wordpress" and service.settings.get("advertise_rest", True):
        # WordPress sends its REST API's root on every front-end page (rest_output_link_header).
        return {"Link": f'<{origin}/wp-json/>; rel="https://api.w.org/"'}
    return {}


# --- Queries shared by the search services -------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A boolean search: all clauses must match, each clause any of its terms; `key:value`
    operators apart."""

    clauses: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()
    operators: tuple[tuple[str, str], ...] = ()

    def operator(self, name: str) -> list[str]:
        """Return the values given to one `name:` operator."""
        return [value for key, value in self.operators if key == name.lower()]

    def matches(self, text: str) -> bool:
        """Say whether a text holds every clause (whole words, any case) and no excluded term."""
        return all(any(has_phrase(text, t) for t in clause) for clause in self.clauses) and not any(
            has_phrase(text, t) for t in self.excluded
        )

    def hits(self, text: str) -> int:
        """Return how often the query's terms occur in a text (a crude relevance)."""
        return sum(len(_phrase_pattern(t).findall(text)) for c in self.clauses for t in c)


_TOKEN = re.compile(r'-?"[^"]*"?|\(|\)|[^\s()"]+')


def parse_query(text: str) -> Query:
    """Read quoted phrases, bare words, OR, parentheses, -exclusions and key:value operators."""
    clauses: list[list[str]] = []
    excluded: list[str] = []
    operators: list[tuple[str, str]] = []
    joining = negating = False
    for token in _TOKEN.findall(text):
        if token in ("(", ")") or token.upper() == "AND":
            continue
        if token.upper() in ("OR", "NOT"):
            joining, negating = token.upper() == "OR" and bool(clauses), token.upper() == "NOT"
            continue
        key, colon, value = token.partition(":")
        if colon and re.fullmatch(r"[A-Za-z]+", key) and value and not token.startswith('"'):
            operators.append((key.lower(), value.strip('"')))
            continue
        negate = negating or (token.startswith("-") and len(token) > 1)
        term = token[1:] if token.startswith("-") and len(token) > 1 else token
        term = term.strip('"').strip()
        if not term:
            continue
        if negate:
            excluded.append(term)
        elif joining:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joining = negating = False
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), tuple(operators))


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)


def has_phrase(text: str, phrase: str) -> bool:
    """Say whether a text holds a phrase as whole words, in any case."""
    return bool(phrase.split()) and _phrase_pattern(phrase).search(text) is not None


def _day(value: str) -> date | None:
    """Return the day an ISO date or date-time (or YYYYMMDD...) names."""
    digits = re.sub(r"\D", "", value[:10])
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _moment(value: str) -> datetime:
    """Return an ISO date-time (naive, in UTC); a bare date is its midnight."""
    text = value.strip().replace("Z", "+00:00").replace(" ", "T")
    moment = datetime.fromisoformat(text) if "T" in text else datetime.fromisoformat(text[:10])
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.replace(tzinfo=UTC), usegmt=True)


def _within(times: Iterable[float], now: float, span: float) -> int:
    """Return how many times fall in the rolling span that ends now."""
    return sum(1 for t in times if now - t < span)


def _rss(title: str, link: str, items: Iterable[str], extra: str = "") -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>{extra}"
        + "".join(items)
        + "</channel></rss>"
    )
    return body.encode("utf-8")


# --- GDELT DOC 2.0 -------------------------------------------------------------------------

GDELT_RATE_TEXT = (
    "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com "
    "for larger queries."
)
# "The new API now searches back to January 1, 2017. You can narrow your search to any time
# range within the last 3 months" (blog.gdeltproject.org, GDELT DOC 2.0 API debuts). No error
# is documented for a longer span; gdeltdoc says earlier ranges "may still return data, but
# it's not guaranteed". This stand-in clips a longer span silently to its last `span_days`:
# the client that asks for more gets fewer articles and no warning, the costly case.
GDELT_EARLIEST = date(2017, 1, 1)
GDELT_SPAN_DAYS = 90
GDELT_DEFAULT_RECORDS = 75  # MAXRECORDS: "75 results by default ... up to 250"
GDELT_MAX_RECORDS = 250
_GDELT_SPAN = re.compile(r"(\d+)\s*(min|h|hours?|d|days?|w|weeks?|m|months?)$", re.IGNORECASE)


def _gdelt(service: Service, request: Request) -> Answer | None:
    """Answer an ArtList query within GDELT's pace, load shedding, span and cap."""
    if not request.path.endswith("/doc/doc"):
        return None
    now = time.monotonic()
    with service.lock:
        service.asked_at.append(now)
        pace = service.number("pace", 5)
        # Load shedding: a first request from a fresh address may get the 429 too
        # (koala73/worldmonitor#5843); `shed` makes the first N requests of all get it.
        shedding = len(service.asked_at) <= int(service.number("shed", 0))
        last = service.answered_at[-1] if service.answered_at else None
        if shedding or (last is not None and now - last < pace):
            service.limited_at.append(now)
            return Answer(429, dict(TEXT), GDELT_RATE_TEXT.encode())
        service.answered_at.append(now)
    return _gdelt_search(service, request)


def _gdelt_search(service: Service, request: Request) -> Answer:
    # Errors come back as text/html, results as JSON (gdeltdoc, api_client.py).
    query = parse_query(request.arg("query"))
    terms = [t for c in query.clauses for t in c]
    if not terms or any(len(t) < 3 for t in terms):
        return Answer(200, dict(HTML), b"The specified phrase is too short.")
    records = int(request.arg("maxrecords") or GDELT_DEFAULT_RECORDS)
    if records > GDELT_MAX_RECORDS:
        # Asking for more than 250 "gets an error message back" (alex9smith/gdelt-doc-api#5).
        return Answer(200, dict(HTML), b"Invalid MAXRECORDS value: the maximum is 250.")
    start, end = _gdelt_span(service, request)
    found = []
    for article in service.data().get("articles", []):
        seen = datetime.strptime(article["seendate"], "%Y%m%dT%H%M%SZ")
        text = f"{article.get('title', '')} {article.get('text', '')}"
        if start <= seen < end and query.matches(text) and _gdelt_filters(query, article):
            found.append((query.hits(text), article))
    order = request.arg("sort").lower()
    if order == "dateasc":
        found.sort(key=lambda pair: pair[1]["seendate"])
    elif order == "datedesc":
        found.sort(key=lambda pair: pair[1]["seendate"], reverse=True)
    else:  # HybridRel, the default: relevance, then recency
        found.sort(key=lambda pair: (pair[0], pair[1]["seendate"]), reverse=True)
    articles = [{k: v for k, v in a.items() if k != "text"} for _, a in found[:records]]
    # No match is an empty object, not an empty list (alex9smith/gdelt-doc-api#62).
    body = json.dumps({"articles": articles} if articles else {})
    return Answer(200, dict(JSON), body.encode())


def _gdelt_filters(query: Query, article: dict[str, Any]) -> bool:
    checks = {
        "sourcelang": "language",
        "sourcecountry": "sourcecountry",
        "domain": "domain",
        "domainis": "domain",
    }
    for operator, key in checks.items():
        values = [v.lower() for v in query.operator(operator)]
        have = str(article.get(key, "")).lower().replace(" ", "")
        if values and not any(v.replace(" ", "") in have for v in values):
            return False
    return True


def _gdelt_span(service: Service, request: Request) -> tuple[datetime, datetime]:
    """Return the span searched: asked dates or TIMESPAN (default 3 months), clipped."""
    now = _now(service)
    start = _stamp(request.arg("startdatetime"))
    end = _stamp(request.arg("enddatetime")) or now
    if start is None:
        start = end - _gdelt_timespan(request.arg("timespan") or "3months")
    longest = timedelta(days=service.number("span_days", GDELT_SPAN_DAYS))
    start = max(start, end - longest, datetime.combine(GDELT_EARLIEST, datetime.min.time()))
    return start, end


def _gdelt_timespan(value: str) -> timedelta:
    match = _GDELT_SPAN.match(value.strip())
    if not match:
        return timedelta(days=GDELT_SPAN_DAYS)
    count, unit = int(match[1]), match[2].lower()
    if unit == "min":
        return timedelta(minutes=count)
    if unit.startswith("h"):
        return timedelta(hours=count)
    if unit.startswith("d"):
        return timedelta(days=count)
    if unit.startswith("w"):
        return timedelta(weeks=count)
    return timedelta(days=30 * count)


def _stamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _now(service: Service) -> datetime:
    if "today" in service.settings:
        return datetime.combine(
            date.fromisoformat(str(service.settings["today"])), datetime.min.time()
        )
    return datetime.now(UTC).replace(tzinfo=None)


# --- Media Cloud ---------------------------------------------------------------------------

# "our rate limit of two calls per minute (which applies only to story_list) ... does not (yet)
# return a clearer error" and the call gets 403 {"detail": "You do not have permission to
# perform this action."} (mediacloud/api-client#107, June 2025). Since September 2025 the
# server's own handler answers 429 {"status": "error", "note": "rate limited"} instead
# (mediacloud/web-search, views.py handle_429): `refusal: 429` serves that.
MEDIACLOUD_REFUSED_403 = {"detail": "You do not have permission to perform this action."}
MEDIACLOUD_REFUSED_429 = {"status": "error", "note": "rate limited", "temporary": True}
MEDIACLOUD_PAGE_SIZE = 1000  # a full page of story_list (api-client's api_search_test.py)


def _mediacloud(service: Service, request: Request) -> Answer | None:
    """Answer story-list for a token, at most `per_minute` calls in any `minute` seconds."""
    if not request.path.endswith("/search/story-list"):
        return None
    # DRF token authentication comes before the rate limit (web-search views.py decorators).
    authorization = str(request.headers.get("Authorization", ""))
    if not authorization.startswith("Token "):
        body = {"detail": "Authentication credentials were not provided."}
        return Answer(401, {**JSON, "WWW-Authenticate": "Token"}, json.dumps(body).encode())
    expected = service.settings.get("token")
    if expected and authorization.removeprefix("Token ").strip() != str(expected):
        body = {"detail": "Invalid token."}
        return Answer(401, {**JSON, "WWW-Authenticate": "Token"}, json.dumps(body).encode())
    now = time.monotonic()
    with service.lock:
        # A rolling window: stricter than django-ratelimit's fixed one, so a client that
        # passes here passes there.
        recent = _within(service.answered_at, now, service.number("minute", 60))
        service.asked_at.append(now)
        if recent >= int(service.number("per_minute", 2)):
            service.limited_at.append(now)
            if int(service.number("refusal", 403)) == 429:
                return Answer(429, dict(JSON), json.dumps(MEDIACLOUD_REFUSED_429).encode())
            return Answer(403, dict(JSON), json.dumps(MEDIACLOUD_REFUSED_403).encode())
        service.answered_at.append(now)
    return _mediacloud_page(service, request)


def _mediacloud_page(service: Service, request: Request) -> Answer:
    """Return one page of matching stories, newest indexed first, and the next page's token."""
    query = parse_query(request.arg("q"))
    start, end = request.arg("start", "0000-01-01"), request.arg("end", "9999-12-31")
    collections = {c for c in re.split(r"[,\s]+", request.arg("cs")) if c}
    stories = []
    for story in service.data().get("stories", []):
        published = str(story.get("publish_date") or "")[:10]
        members = {str(c) for c in story.get("collections", [])}
        if collections and members and not collections & members:
            continue
        text = f"{story.get('title', '')} {story.get('text', '')}"
        if start <= published <= end and query.matches(text):
            stories.append(story)
    ascending = request.arg("sort_order").lower() == "asc"
    stories.sort(
        key=lambda s: str(s.get("indexed_date") or s["publish_date"]), reverse=not ascending
    )
    size = int(service.number("page_size", MEDIACLOUD_PAGE_SIZE))
    size = min(size, int(request.arg("page_size") or size))
    offset = _token_offset(request.arg("pagination_token"))
    page = stories[offset : offset + size]
    token = _offset_token(offset + size) if offset + size < len(stories) else None
    fields = ("id", "media_name", "media_url", "title", "url", "publish_date", "indexed_date")
    fields += ("language",)
    shown = [{k: s.get(k) for k in fields} for s in page]
    for story in shown:
        story["id"] = story["id"] or hashlib.sha1(str(story["url"]).encode()).hexdigest()
        story["indexed_date"] = story["indexed_date"] or story["publish_date"]
    body = {"stories": shown, "pagination_token": token}
    return Answer(200, dict(JSON), json.dumps(body).encode())


def _offset_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _token_offset(token: str) -> int:
    if not token:
        return 0
    try:
        return int(json.loads(base64.urlsafe_b64decode(token.encode()))["offset"])
    except (ValueError, KeyError, TypeError):
        return 0


# --- Google News ---------------------------------------------------------------------------

# A search feed holds at most 100 items (kotartemiy/pygooglenews#11, ranahaani/GNews#5), the
# newest first (GNews#116 pages back from the oldest date seen).
GOOGLE_NEWS_MAX_ITEMS = 100
GOOGLE_NEWS_EDITION = {"hl": "en-US", "gl": "US", "ceid": "US:en"}
SORRY_PAGE = (
    b"<html><head><title>Sorry...</title></head><body><p>Our systems have detected unusual "
    b"traffic from your computer network. This page checks to see if it's really you sending "
    b"the requests, and not a robot.</p></body></html>"
)
CONSENT_PAGE = (
    b"<html><head><title>Before you continue to Google News</title></head><body><p>We use "
    b"cookies and data to deliver and maintain Google services.</p></body></html>"
)


def _google_news(service: Service, request: Request) -> Answer | None:
    """Answer Google News' RSS search, article links, article pages and batchexecute."""
    path = request.path
    if path.startswith("/sorry/"):
        return Answer(429, dict(HTML), SORRY_PAGE)  # Google's sorry page answers 429
    if path.startswith("/consent"):
        return Answer(200, dict(HTML), CONSENT_PAGE)
    if not (path.startswith(("/rss/", "/articles/", "/read/")) or path.endswith("/batchexecute")):
        return None
    now = time.monotonic()
    with service.lock:
        service.asked_at.append(now)
        after = service.settings.get("sorry_after")
        if after is not None and len(service.asked_at) > int(after):
            service.state["sorried"] = service.state.get("sorried", 0) + 1
            return _google_sorry(service, request)
        last = service.answered_at[-1] if service.answered_at else None
        if last is not None and now - last < service.number("pace", 0):
            service.limited_at.append(now)
            return Answer(429, dict(HTML), SORRY_PAGE)
        service.answered_at.append(now)
    if path.startswith("/rss/search"):
        return _google_news_search(service, request)
    if path.startswith("/rss/articles/"):
        return _google_news_article(service, request, path.rsplit("/", 1)[-1])
    if path.startswith(("/articles/", "/read/")):
        # "/articles/{id} and /read/{id} 302 to google.com/sorry" for scripted clients
        # (googlenewsdecoder); `article_pages: rss` sends them to the RSS form instead.
        if service.settings.get("article_pages", "sorry") == "rss":
            target = f"{request.origin}/rss/articles/{path.rsplit('/', 1)[-1]}"
            return Answer(302, {"Location": target, **HTML})
        return _google_sorry(service, request)
    return _google_news_batch(service, request)


def _google_sorry(service: Service, request: Request) -> Answer:
    """Send the client to the sorry page (or a consent page) on this host."""
    here = quote(request.origin + request.raw_path, safe="")
    if service.settings.get("sorry_mode", "sorry") == "consent":
        return Answer(302, {"Location": f"{request.origin}/consent/ml?continue={here}", **HTML})
    return Answer(302, {"Location": f"{request.origin}/sorry/index?continue={here}", **HTML})


def google_news_item_id(item: dict[str, Any]) -> str:
    """Return an item's article id: given, or made up (the newer kind carries no URL)."""
    if item.get("id"):
        return str(item["id"])
    digest = hashlib.sha256(str(item["url"]).encode()).digest()
    return "CBMi" + base64.urlsafe_b64encode(b"AU_yqL" + digest).decode().rstrip("=")


def _google_news_signature(item_id: str) -> tuple[str, int]:
    digest = hashlib.sha1(item_id.encode()).digest()
    return "AZ" + base64.urlsafe_b64encode(digest).decode().rstrip("="), 1700000000 + digest[0]


def _google_news_search(service: Service, request: Request) -> Answer:
    """Answer /rss/search: items holding the query, after:/before: exclusive days, newest first."""
    text = request.arg("q")
    query = parse_query(text)
    after = [_day(v) for v in query.operator("after")]
    before = [_day(v) for v in query.operator("before")]
    edition = request.arg("ceid") or GOOGLE_NEWS_EDITION["ceid"]
    items = []
    for item in service.data().get("items", []):
        day = _day(str(item["published"]))
        if day is None or any(a and day <= a for a in after) or any(b and day >= b for b in before):
            continue
        if item.get("editions") and edition not in item["editions"]:
            continue
        if query.clauses and not query.matches(f"{item['title']} {item.get('text', '')}"):
            continue
        items.append(item)
    items.sort(key=lambda i: str(i["published"]), reverse=True)
    rendered = []
    for item in items[: int(service.number("max_items", GOOGLE_NEWS_MAX_ITEMS))]:
        item_id = google_news_item_id(item)
        source = str(item.get("source", ""))
        rendered.append(
            f"<item><title>{escape(item['title'])} - {escape(source)}</title>"
            f"<link>{request.origin}/rss/articles/{item_id}?oc=5</link>"
            f'<guid isPermaLink="false">{item_id}</guid>'
            f"<pubDate>{_rfc822(_moment(str(item['published'])))}</pubDate>"
            f"<description>{escape(item['title'])}</description>"
            f'<source url="{escape(str(item.get("source_url", "")))}">{escape(source)}</source>'
            "</item>"
        )
    link = f"https://news.google.com/search?{urlencode({'q': text, 'hl': request.arg('hl')})}"
    extra = "<generator>NFE/5.0</generator><description>Google News</description>"
    return Answer(
        200,
        {"Content-Type": "application/xml; charset=utf-8"},
        _rss(f"{text} - Google News", link, rendered, extra),
    )


def _google_news_article(service: Service, request: Request, item_id: str) -> Answer:
    """Answer an article link: redirect to the edition's form, whose page holds the signature.

    A scripted client following the RSS link sees "302 -> 200" within news.google.com; the
    decoders ask `/rss/articles/ID?hl=..&gl=..&ceid=..` and read `c-wiz > div[jscontroller]`'s
    data-n-a-sg and data-n-a-ts (googlenewsdecoder, new_decoderv1.py).
    """
    item = next(
        (i for i in service.data().get("items", []) if google_news_item_id(i) == item_id), None
    )
    if item is None:
        return Answer(404, dict(HTML), b"<html><body>Not found</body></html>")
    query = request.query
    if not all(query.get(key, [""])[0] for key in GOOGLE_NEWS_EDITION):
        kept = {k: v[0] for k, v in query.items()}
        target = {**kept, **{k: kept.get(k) or v for k, v in GOOGLE_NEWS_EDITION.items()}}
        location = f"{request.origin}/rss/articles/{item_id}?{urlencode(target)}"
        return Answer(302, {"Location": location, **HTML})
    if item.get("signed", True) is False:
        # The JavaScript interstitial without the signature, as served to unknown agents.
        page = '<html><body><c-wiz><div jscontroller="x">Opening...</div></c-wiz></body></html>'
        return Answer(200, dict(HTML), page.encode())
    signature, stamp = _google_news_signature(item_id)
    page = (
        '<!doctype html><html lang="en"><head><title>Google News</title></head><body>'
        '<c-wiz jsrenderer="ZBHgVd" class="zQTmif"><div jscontroller="aLI87" '
        f'data-n-a-id="{item_id}" data-n-a-ts="{stamp}" data-n-a-sg="{signature}">'
        "</div></c-wiz></body></html>"
    )
    return Answer(200, dict(HTML), page.encode())


def _google_news_batch(service: Service, request: Request) -> Answer:
    """Answer a batchexecute POST: one `garturlres` row per Fbv4je request, in order."""
    if request.method != "POST":
        return Answer(405, dict(HTML), b"<html><body>Method not allowed</body></html>")
    form = parse_qs(request.body.decode("utf-8", errors="replace"))
    try:
        envelopes = json.loads(form["f.req"][0])[0]
    except (KeyError, IndexError, ValueError, TypeError):
        return Answer(400, dict(HTML), b"<html><body>Bad request</body></html>")
    urls = {google_news_item_id(i): str(i["url"]) for i in service.data().get("items", [])}
    signed = {
        google_news_item_id(i)
        for i in service.data().get("items", [])
        if i.get("signed", True) is not False
    }
    rows: list[list[Any]] = []
    for number, envelope in enumerate(envelopes, start=1):
        index = (
            envelope[3]
            if len(envelope) > 3 and envelope[3]
            else ("generic" if len(envelopes) == 1 else str(number))
        )
        payload = None
        try:
            _, _, item_id, stamp, signature = json.loads(envelope[1])
            expected = _google_news_signature(str(item_id))
            if item_id in signed and (str(signature), int(stamp)) == expected:
                payload = json.dumps(["garturlres", urls[item_id], 1], separators=(",", ":"))
        except (ValueError, TypeError, KeyError):
            payload = None
        if payload is None:
            rows.append(["wrb.fr", envelope[0], None, None, None, [3], index])
        else:
            rows.append(["wrb.fr", envelope[0], payload, None, None, None, index])
    rows += [["di", 42], ["af.httprm", 42, "-6934238957416035813", 7]]
    body = ")]}'\n\n" + json.dumps(rows, separators=(",", ":"))
    return Answer(200, {"Content-Type": "application/json; charset=utf-8"}, body.encode())


# --- The Wayback Machine: CDX server and mementos ------------------------------------------

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
CDX_BLOCKED_TEXT = (
    b"org.archive.util.io.RuntimeIOException: org.archive.wayback.exception."
    b"AdministrativeAccessControlException: Blocked Site Error\n"
)
TOO_MANY = (
    b"<html><head><title>429 Too Many Requests</title></head>"
    b"<body><h1>429 Too Many Requests</h1></body></html>"
)


def surt(url: str, prefix: bool = False) -> str:
    """Return the CDX urlkey of an address: host reversed without www, default port, scheme,
    and a path's last slash (recorded: .../%E2%80%A2/ is gov,nasa)/%e2%80%a2); a prefix keeps
    its slash."""
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    parts = urlsplit(url)
    host = re.sub(r"^www\d*\.", "", (parts.hostname or "").lower())
    if not re.fullmatch(r"[\d.]+", host):
        host = ",".join(reversed(host.split(".")))
    if parts.port and parts.port not in (80, 443):
        host += f":{parts.port}"
    path = parts.path or "/"
    if not prefix and len(path) > 1:
        path = path.rstrip("/") or "/"
    key = f"{host}){path}"
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.split("&")))
    return key.lower()


def _cdx_gate(service: Service, is_search: bool) -> Answer | None:
    """Refuse a request over the CDX rate, or from a client blocked for ignoring 429s.

    IA staff: CDX "requests are limited to an average of 60/min. Over that and we start sending
    429s. If 429s are ignored for more than a minute we block the IP at the firewall (no
    connection) for 1 hour ... Subsequent 429s over a given period will double that time"
    (edgi-govdata-archiving/wayback#137). Playback has separate limits (wayback#12).
    """
    now = time.monotonic()
    with service.lock:
        until = service.state.get("blocked_until", 0.0)
        if now < until:
            service.refused += 1
            return DROP
        limit = "per_minute" if is_search else "memento_per_minute"
        allowed = service.settings.get(limit, 60 if is_search else None)
        if is_search:
            service.asked_at.append(now)
        if allowed is None:
            return None
        times = service.asked_at if is_search else service.state.setdefault("mementos", [])
        if not is_search:
            times.append(now)
        if _within(times, now, service.number("minute", 60)) <= int(allowed):
            service.state["limited_since"] = None
            if is_search:
                service.answered_at.append(now)
            return None
        since = service.state.get("limited_since")
        if since is not None and now - since > service.number("block_after", 60):
            length = service.number("block_for", 3600) * 2 ** len(service.blocked_at)
            service.blocked_at.append(now)
            service.state["blocked_until"] = now + length
            service.state["limited_since"] = None
            service.refused += 1
            return DROP
        if since is None:
            service.state["limited_since"] = now
        service.limited_at.append(now)
        return Answer(429, dict(HTML), TOO_MANY)


def _cdx(service: Service, request: Request) -> Answer | None:
    """Answer the CDX server and mementos, within the archive's rate limits."""
    is_search = request.path == "/cdx/search/cdx"
    if not is_search and not request.path.startswith("/web/"):
        return None
    refusal = _cdx_gate(service, is_search)
    if refusal is not None:
        return refusal
    if is_search:
        return _cdx_search(service, request)
    return _memento(service, request)


@dataclass(frozen=True)
class _Scope:
    """Which index lines a CDX `url` and `matchType` select."""

    mode: str
    key: str

    def holds(self, urlkey: str) -> bool:
        if self.mode == "exact":
            return urlkey == self.key
        if self.mode == "prefix":
            return urlkey.startswith(self.key)
        host = urlkey.split(")", 1)[0]
        if self.mode == "host":
            return host == self.key
        return host == self.key or host.startswith(self.key + ",")


def _cdx_scope(url: str, match_type: str) -> _Scope:
    """Read `url` and `matchType`, with the README's `/*` and `*.` shorthands."""
    mode = match_type or "exact"
    if url.endswith("*"):
        url, mode = url[:-1], "prefix"
    if url.startswith("*."):
        url, mode = url[2:], "domain"
    key = surt(url, prefix=mode == "prefix")
    if mode == "prefix" and "/" not in url.split("://")[-1]:
        key = key.removesuffix("/")  # `example.com*` reaches every address of the host
    if mode in ("host", "domain"):
        key = key.split(")", 1)[0]
    return _Scope(mode, key)


def _cdx_rows(service: Service) -> list[dict[str, str]]:
    """Return the index lines, sorted by urlkey then time, as the CDX is (cached)."""
    with service.lock:
        rows = service.state.get("rows")
        if rows is not None:
            return list(rows)
    built = []
    for capture in _captures(service):
        original = str(capture["original"])
        built.append(
            {
                "urlkey": surt(original),
                "timestamp": str(capture["timestamp"]),
                "original": original,
                "mimetype": str(capture.get("mimetype", "text/html")),
                "statuscode": str(capture.get("statuscode", 200)),
                "digest": str(capture.get("digest") or _digest(capture)),
                "length": str(capture.get("length", len(str(capture.get("html", ""))) or 512)),
            }
        )
    built.sort(key=lambda r: (r["urlkey"], r["timestamp"]))
    with service.lock:
        service.state["rows"] = built
    return list(built)


def _captures(service: Service) -> list[dict[str, Any]]:
    """Return the data's captures, with `bulk` series of filler captures spelled out."""
    with service.lock:
        cached = service.state.get("captures")
        if cached is not None:
            return list(cached)
    data = service.data()
    captures = list(data.get("captures", []))
    for series in data.get("bulk", []):
        # A site's many other captures, spelled out: `path` with {date:...} and {n}, `count`
        # captures from day `from`, `per_day` a day.
        start, per_day = date.fromisoformat(str(series["from"])), int(series.get("per_day", 1))
        for n in range(int(series["count"])):
            day = start + timedelta(days=n // per_day)
            captures.append(
                {
                    "timestamp": f"{day:%Y%m%d}{n % per_day % 24:02d}0000",
                    "original": str(series["path"]).format(n=n, date=day),
                }
            )
    with service.lock:
        service.state["captures"] = captures
    return list(captures)


def _digest(capture: dict[str, Any]) -> str:
    digest = hashlib.sha1(str(capture.get("html", capture["original"])).encode()).digest()
    return base64.b32encode(digest).decode()


def _resume_key(row: dict[str, str]) -> str:
    """Return the key just after a line: its time with the last character raised by one.

    Recorded answers end `com%2Ccnn%29%2F+2001041400593%3A` after a line of 20010414005939
    (edgi-govdata-archiving/wayback, cassettes/test_search_multipage.yaml); the README shows the
    same position as the time followed by "!". Either sorts just after the last line.
    """
    stamp = row["timestamp"][:-1] + chr(ord(row["timestamp"][-1]) + 1)
    return quote_plus(f"{row['urlkey']} {stamp}", safe="")


def _cdx_search(service: Service, request: Request) -> Answer:
    """Answer a CDX query: rows, or JSON rows under a header, paged by limit or page."""
    query = request.query
    url = request.arg("url")
    blocked = [str(b) for b in service.settings.get("excluded", [])]
    if any(surt(url.rstrip("*")).startswith(surt(b).removesuffix("/")) for b in blocked):
        return Answer(403, dict(TEXT), CDX_BLOCKED_TEXT)
    scope = _cdx_scope(url, request.arg("matchType"))
    in_scope = [r for r in _cdx_rows(service) if scope.holds(r["urlkey"])]
    page_lines = int(service.number("block_lines", 3000)) * max(
        1, min(int(request.arg("pageSize") or 50), int(service.number("page_blocks", 50)))
    )
    if request.arg("showNumPages") == "true":
        _cdx_wait(service, 0)
        return Answer(
            200, dict(TEXT), f"{max(1, math.ceil(len(in_scope) / page_lines))}\n".encode()
        )
    if request.arg("page"):
        number = int(request.arg("page"))
        in_scope = (
            in_scope[number * page_lines : (number + 1) * page_lines] if number >= 0 else in_scope
        )
    key = request.arg("resumeKey")
    if key:
        position = unquote_plus(key) if "%" in key or "+" in key else key
        in_scope = [r for r in in_scope if f"{r['urlkey']} {r['timestamp']}" >= position]
    limit = int(request.arg("limit") or 0)
    offset = int(request.arg("offset") or 0)
    low = request.arg("from").ljust(14, "0") if request.arg("from") else ""
    high = request.arg("to").ljust(14, "9") if request.arg("to") else ""
    filters = query.get("filter", [])
    collapses = query.get("collapse", [])
    kept: list[dict[str, str]] = []
    scanned = 0
    skipped = 0
    last: dict[str, str] | None = None
    for row in in_scope:
        scanned += 1
        if (low and row["timestamp"] < low) or (high and row["timestamp"] > high):
            continue
        if not all(_cdx_filter(row, spec) for spec in filters):
            continue
        if last is not None and any(
            _collapse_key(row, c) == _collapse_key(last, c) for c in collapses
        ):
            continue
        last = row
        if skipped < offset:
            skipped += 1
            continue
        kept.append(row)
        if limit > 0 and len(kept) == limit:
            break
    if limit < 0:
        kept = kept[limit:]
    _cdx_wait(service, scanned)
    resume = (
        _resume_key(kept[-1])
        if request.arg("showResumeKey") == "true" and limit > 0 and len(kept) == limit
        else None
    )
    fields = [f for f in request.arg("fl").split(",") if f] or list(CDX_FIELDS)
    if request.arg("output") == "json":
        if not kept:
            return Answer(200, dict(JSON), b"[]")
        table: list[list[str]] = [fields, *([r.get(f, "") for f in fields] for r in kept)]
        if resume:
            table += [[], [resume]]
        return Answer(200, dict(JSON), json.dumps(table).encode())
    lines = [" ".join(r.get(f, "") for f in fields) for r in kept]
    text = "\n".join(lines) + ("\n" if lines else "")
    if resume:
        text += f"\n{resume}\n"
    return Answer(200, {"Content-Type": "text/plain;charset=UTF-8"}, text.encode())


def _cdx_wait(service: Service, scanned: int) -> None:
    """Take as long as reading `scanned` index lines takes: a domain's scan is slow."""
    with service.lock:
        service.scanned += scanned
    delay = service.number("scan_delay_per_1000", 0) * scanned / 1000
    if delay > 0:
        time.sleep(delay)


def _cdx_filter(row: dict[str, str], spec: str) -> bool:
    """Apply one filter=[!]field:regex; the regex must match the whole field (Java matches())."""
    negate = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    flags = re.IGNORECASE if pattern.startswith("(?i)") else 0
    matched = re.fullmatch(pattern.removeprefix("(?i)"), row.get(name, ""), flags) is not None
    return matched != negate


def _collapse_key(row: dict[str, str], spec: str) -> str:
    name, _, width = spec.partition(":")
    value = row.get(name, "")
    return value[: int(width)] if width.isdigit() else value


_MEMENTO = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.+)$")


def _memento(service: Service, request: Request) -> Answer:
    """Serve a capture at /web/{timestamp}id_/{original}; another time redirects to the nearest.

    Recorded: 20171101000000id_/https://www.fws.gov/birds/ answers 302 to
    https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/ ("found capture at
    20171124151315"); an exact time answers 200 with Memento-Datetime, and an archived error
    page keeps its own status (cassettes of edgi-govdata-archiving/wayback).
    """
    match = _MEMENTO.match(request.raw_path)
    if match is None:
        return Answer(404, dict(HTML), b"<html><body>Not a capture address</body></html>")
    stamp, flags, original = match[1], match[2] or "", unquote(match[3])
    original = re.sub(r"^(https?):/(?!/)", r"\1://", original)
    key = surt(original)
    captures = [c for c in _captures(service) if surt(str(c["original"])) == key]
    if not captures:
        body = b"<html><body><p>The Wayback Machine has not archived that URL.</p></body></html>"
        return Answer(404, dict(HTML), body)
    wanted = _stamp_time(stamp)
    nearest = min(captures, key=lambda c: abs(_stamp_time(str(c["timestamp"])) - wanted))
    if str(nearest["timestamp"]) != stamp:
        location = f"{request.origin}/web/{nearest['timestamp']}{flags}/{nearest['original']}"
        headers = {
            **TEXT,
            "Location": location,
            "X-Archive-Redirect-Reason": f"found capture at {nearest['timestamp']}",
        }
        return Answer(302, headers)
    when = _stamp_time(stamp)
    headers = {
        "Content-Type": str(nearest.get("mimetype", "text/html")) + "; charset=utf-8",
        "Memento-Datetime": format_datetime(when.replace(tzinfo=UTC), usegmt=True),
        "Link": f'<{nearest["original"]}>; rel="original"',
    }
    status = int(nearest.get("statuscode", 200))
    if "location" in nearest:
        headers["Location"] = f"{request.origin}/web/{stamp}{flags}/{nearest['location']}"
    body = str(nearest.get("html") or _filler_capture(str(nearest["original"])))
    return Answer(status, headers, body.encode("utf-8"))


def _filler_capture(original: str) -> str:
    title = escape(original.rstrip("/").rsplit("/", 1)[-1].replace("-", " ") or "Home")
    head = f"<!DOCTYPE html><html><head><title>{title}</title></head>"
    return f"{head}<body><p>{title}</p></body></html>"


def _stamp_time(stamp: str) -> datetime:
    """Return the moment a 1-14 digit timestamp names, its missing parts at their start."""
    padded = stamp.ljust(14, "0")
    year, month, day = int(padded[:4]), max(1, int(padded[4:6])), max(1, int(padded[6:8]))
    try:
        return datetime(
            year,
            min(month, 12),
            day,
            int(padded[8:10]) % 24,
            int(padded[10:12]) % 60,
            int(padded[12:14]) % 60,
        )
    except ValueError:
        return datetime(year, min(month, 12), 1)


# --- WordPress -----------------------------------------------------------------------------

# WP_Query::get_search_stopwords (WordPress/wordpress-develop, class-wp-query.php).
WORDPRESS_STOPWORDS = frozenset(
    [
        "about",
        "an",
        "are",
        "as",
        "at",
        "be",
        "by",
        "com",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "who",
        "will",
        "with",
        "www",
    ]
)
# WP_Query::parse_search's split: quoted phrases, else runs of characters other than tab,
# space, quote, comma and plus.
_WORDPRESS_TERMS = re.compile(r'".*?("|$)|((?<=[\t ",+])|^)[^\t ",+]+')
WORDPRESS_FEED_SIZE = 10  # posts_per_rss's default
WORDPRESS_PAGE_SIZE = 10  # posts_per_page's default
WORDPRESS_REST_MAX = 100  # per_page: "between 1 (inclusive) and 100 (inclusive)"


def wordpress_terms(search: str, sentence: bool = False) -> list[str]:
    """Return the terms WordPress matches a search by (WP_Query::parse_search and _terms)."""
    if sentence:
        return [search]
    matches = [m.group(0) for m in _WORDPRESS_TERMS.finditer(search)]
    if not matches:
        return [search]
    terms = []
    for term in matches:
        term = term.strip("\"'") if re.fullmatch(r'".+"', term) else term.strip("\"' ")
        if not term or (len(term) == 1 and re.fullmatch(r"[a-z\-]", term, re.IGNORECASE)):
            continue
        if term.lower() in WORDPRESS_STOPWORDS:
            continue
        terms.append(term)
    # Only short terms or stopwords, or 10 and more terms: the whole search as one sentence.
    return [search] if not terms or len(terms) > 9 else terms


def wordpress_matches(post: dict[str, Any], terms: list[str], exact: bool = False) -> bool:
    """Say whether a post matches: every term a substring (LIKE %term%) of its title, excerpt
    or content; a -term in none of them."""
    columns = [str(post.get(k, "")).lower() for k in ("title", "excerpt", "content")]
    for term in terms:
        exclude = term.startswith("-")
        word = (term[1:] if exclude else term).lower()
        found = any((word == c) if exact else (word in c) for c in columns)
        if found == exclude:
            return False
    return True


def _wordpress(service: Service, request: Request) -> Answer | None:
    """Answer WordPress search pages, search feeds and the REST API's posts."""
    path, query = request.path, request.query
    route = request.arg("rest_route")
    if path.startswith("/wp-json") or route:
        return _wordpress_rest(service, request, route or path.removeprefix("/wp-json"))
    is_feed = "feed" in query or re.search(r"/feed(/|$)", path) is not None
    search = request.arg("s")
    found = re.match(r"^/search/([^/]+)", path)
    if found:
        search = unquote_plus(found[1])
    if "s" not in query and not found:
        return None
    posts = _wordpress_posts(service, search, request.arg("sentence") == "1", request.arg("m"))
    page = max(1, int(request.arg("paged") or 1))
    headers = file_headers(service, request.origin)
    if is_feed:
        # Feeds skip relevance ordering (`empty(orderby) && ! is_feed`): newest first.
        posts.sort(key=lambda p: str(p["date"]), reverse=True)
        size = int(service.number("feed_size", WORDPRESS_FEED_SIZE))
    else:
        posts.sort(key=lambda p: str(p["date"]), reverse=True)
        posts.sort(key=lambda p: _wordpress_rank(p, search))
        size = int(service.number("page_size", WORDPRESS_PAGE_SIZE))
    chunk = posts[(page - 1) * size : page * size]
    if page > 1 and not chunk:
        # WP::handle_404: a paged query without posts is a 404, feeds too.
        return Answer(404, {**HTML, **headers}, b"<html><body>Page not found</body></html>")
    if is_feed:
        items = [_wordpress_item(p) for p in chunk]
        title = f"Search Results for \u201c{search}\u201d"
        return Answer(200, {**RSS, **headers}, _rss(title, request.origin + "/", items))
    links = "".join(
        f'<article><h2><a href="{escape(str(p["link"]))}">{escape(str(p["title"]))}</a></h2>'
        f'<time datetime="{escape(str(p["date"]))}">{escape(str(p["date"]))}</time></article>'
        for p in chunk
    )
    body = f"<!DOCTYPE html><html><head><title>Search</title></head><body>{links}</body></html>"
    return Answer(200, {**HTML, **headers}, body.encode())


def _wordpress_posts(
    service: Service, search: str, sentence: bool, month: str, exact: bool = False
) -> list[dict[str, Any]]:
    """Return the posts a search (and an `m` of YYYY, YYYYMM or YYYYMMDD) selects."""
    terms = wordpress_terms(search, sentence) if search.strip() else []
    digits = re.sub(r"\D", "", month)
    posts = []
    for post in service.data().get("posts", []):
        stamp = re.sub(r"\D", "", str(post["date"]))
        if digits and not stamp.startswith(digits):
            continue
        if terms and not wordpress_matches(post, terms, exact):
            continue
        posts.append(post)
    return posts


def _wordpress_rank(post: dict[str, Any], search: str) -> int:
    """Return WP_Query::parse_search_order's rank: the whole search in the title first."""
    terms = wordpress_terms(search)
    title = str(post["title"]).lower()
    whole = search.lower()
    if whole in title:
        return 1
    if all(t.lower() in title for t in terms):
        return 2
    if any(t.lower() in title for t in terms):
        return 3
    if whole in str(post.get("excerpt", "")).lower():
        return 4
    if whole in str(post.get("content", "")).lower():
        return 5
    return 6


def _wordpress_item(post: dict[str, Any]) -> str:
    published = _moment(str(post.get("date_gmt") or post["date"]))
    summary = str(post.get("excerpt") or post.get("content", ""))[:300]
    return (
        f"<item><title>{escape(str(post['title']))}</title><link>{escape(str(post['link']))}</link>"
        f'<guid isPermaLink="false">{escape(str(post["link"]))}?p={_wordpress_id(post)}</guid>'
        f"<pubDate>{_rfc822(published)}</pubDate><description>{escape(summary)}</description>"
        "</item>"
    )


def _wordpress_id(post: dict[str, Any]) -> int:
    if post.get("id"):
        return int(post["id"])
    return int(hashlib.sha1(str(post["link"]).encode()).hexdigest()[:6], 16)


def _rest_error(status: int, code: str, message: str) -> Answer:
    body = {"code": code, "message": message, "data": {"status": status}}
    return Answer(status, dict(JSON), json.dumps(body).encode())


def _wordpress_rest(service: Service, request: Request, route: str) -> Answer:
    """Answer the REST API: its index, and /wp/v2/posts as WP_REST_Posts_Controller does."""
    if not service.settings.get("rest", True):
        if int(service.number("rest_refusal", 401)) == 404:
            return _rest_error(
                404, "rest_no_route", "No route was found matching the URL and request method."
            )
        # The REST API handbook's FAQ: rest_authentication_errors for visitors not logged in.
        return _rest_error(401, "rest_not_logged_in", "You are not currently logged in.")
    route = "/" + route.strip("/")
    if route == "/":
        index = {
            "name": "",
            "url": request.origin,
            "namespaces": ["wp/v2"],
            "routes": {"/wp/v2/posts": {}},
        }
        return Answer(200, dict(JSON), json.dumps(index).encode())
    if route != "/wp/v2/posts":
        return _rest_error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )
    try:
        per_page = int(request.arg("per_page") or 10)
        page = int(request.arg("page") or 1)
        after = _moment(request.arg("after")) if request.arg("after") else None
        before = _moment(request.arg("before")) if request.arg("before") else None
    except ValueError:
        return _rest_error(400, "rest_invalid_param", "Invalid parameter(s).")
    if not 1 <= per_page <= WORDPRESS_REST_MAX:
        return _rest_error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
    if page < 1:
        return _rest_error(400, "rest_invalid_param", "Invalid parameter(s): page")
    search = request.arg("search")
    exact = request.arg("search_semantics") == "exact"
    posts = _wordpress_posts(service, search, False, "", exact)
    # after/before become date_query clauses on post_date without `inclusive`: strict.
    posts = [
        p
        for p in posts
        if (after is None or _moment(str(p["date"])) > after)
        and (before is None or _moment(str(p["date"])) < before)
    ]
    order = request.arg("orderby") or "date"
    if order == "relevance" and not search:
        return _rest_error(
            400,
            "rest_no_search_term_defined",
            "You need to define a search term to order by relevance.",
        )
    posts.sort(key=lambda p: str(p["date"]), reverse=request.arg("order", "desc") != "asc")
    if order == "relevance":
        posts.sort(key=lambda p: _wordpress_rank(p, search))
    total = len(posts)
    pages = math.ceil(total / per_page)
    if page > pages and total > 0:
        return _rest_error(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    shown = [_wordpress_json(p) for p in posts[(page - 1) * per_page : page * per_page]]
    wanted = [f for f in request.arg("_fields").split(",") if f]
    if wanted:
        shown = [{k: v for k, v in p.items() if k in wanted} for p in shown]
    headers = {**JSON, "X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    if page < pages:
        params = {k: v[0] for k, v in request.query.items()}
        following = urlencode({**params, "page": page + 1})
        headers["Link"] = f'<{request.origin}/wp-json/wp/v2/posts?{following}>; rel="next"'
    return Answer(200, headers, json.dumps(shown).encode())


def _wordpress_json(post: dict[str, Any]) -> dict[str, Any]:
    link = str(post["link"])
    summary = str(post.get("excerpt") or post.get("content", ""))[:200]
    return {
        "id": _wordpress_id(post),
        "date": str(post["date"])[:19],
        "date_gmt": str(post.get("date_gmt") or post["date"])[:19],
        "modified": str(post.get("modified") or post["date"])[:19],
        "slug": link.rstrip("/").rsplit("/", 1)[-1],
        "status": "publish",
        "type": "post",
        "link": link,
        "title": {"rendered": escape(str(post["title"]))},
        "content": {
            "rendered": f"<p>{escape(str(post.get('content', '')))}</p>",
            "protected": False,
        },
        "excerpt": {
            "rendered": f"<p>{escape(summary)}</p>",
            "protected": False,
        },
    }


# --- BLOX (TownNews) -----------------------------------------------------------------------

# help.bloxcms.com, "URL Parameters" of feeds: q keywords, t asset type, l "a number between 1
# and 100", s blank "equals relevance", s=start_time or s=title with sd=asc|desc, d1/d2 a date
# range (01/19/2016); o the offset (help.bloxdigital.com, "Search Queries"). Without l a site
# shows its own small default page.
BLOX_MAX_LIMIT = 100
BLOX_DEFAULT_LIMIT = 10


def _blox(service: Service, request: Request) -> Answer | None:
    """Answer a BLOX site search, as RSS with f=rss, else an HTML results page."""
    if request.path.rstrip("/") != "/search":
        return None
    query = parse_query(request.arg("q"))
    kind = request.arg("t")
    first, last = _blox_day(request.arg("d1")), _blox_day(request.arg("d2"))
    assets = []
    for asset in service.data().get("assets", []):
        day = _day(str(asset["date"]))
        if kind and str(asset.get("type", "article")) != kind:
            continue
        if (first and (day is None or day < first)) or (last and (day is None or day > last)):
            continue
        text = f"{asset['title']} {asset.get('text', '')}"
        if query.clauses and not query.matches(text):
            continue
        assets.append(asset)
    order, descending = request.arg("s"), request.arg("sd", "desc") != "asc"
    if order == "start_time":
        assets.sort(key=lambda a: str(a["date"]), reverse=descending)
    elif order == "title":
        assets.sort(key=lambda a: str(a["title"]).lower(), reverse=descending)
    else:
        # Relevance: where the words occur most, the title counting more than the text.
        assets.sort(key=lambda a: str(a["url"]))
        assets.sort(
            key=lambda a: 3 * query.hits(str(a["title"])) + query.hits(str(a.get("text", ""))),
            reverse=True,
        )
    default = int(service.number("default_limit", BLOX_DEFAULT_LIMIT))
    limit = max(
        1, min(int(request.arg("l") or default), int(service.number("max_limit", BLOX_MAX_LIMIT)))
    )
    offset = max(0, int(request.arg("o") or 0))
    chunk = assets[offset : offset + limit]
    if request.arg("f") == "rss":
        items = [
            f"<item><title>{escape(str(a['title']))}</title><link>{escape(str(a['url']))}</link>"
            f'<guid isPermaLink="true">{escape(str(a["url"]))}</guid>'
            f"<pubDate>{_rfc822(_moment(str(a['date'])))}</pubDate>"
            f"<description>{escape(str(a.get('text', ''))[:300])}</description></item>"
            for a in chunk
        ]
        return Answer(200, RSS, _rss("Search results", request.origin + "/search/", items))
    links = "".join(
        f'<article class="tnt-asset"><h3><a href="{escape(str(a["url"]))}">'
        f"{escape(str(a['title']))}</a></h3></article>"
        for a in chunk
    )
    body = f"<!DOCTYPE html><html><head><title>Search</title></head><body>{links}</body></html>"
    return Answer(200, dict(HTML), body.encode())


def _blox_day(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%m/%d/%Y").date() if value else None
    except ValueError:
        return None


KINDS: dict[str, Callable[[Service, Request], Answer | None]] = {
    "gdelt": _gdelt,
    "mediacloud": _mediacloud,
    "google-news": _google_news,
    "cdx": _cdx,
    "wordpress": _wordpress,
    "blox": _blox,
}
