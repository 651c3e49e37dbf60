"""What `runarchive check` asks of each source and search service, and the one line it says
about each answer (or failure) before a long crawl."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from lxml import etree
from scrapy.robotstxt import ProtegoRobotParser

from archive.limits import gunzip_capped
from archive.sources import Sources
from crawler import gdelt, mediacloud, platforms
from crawler.feeds import FeedError, read_feed
from crawler.guard import MAX_GUNZIPPED_BYTES, FetchRefused
from crawler.search import SearchResponseError, is_google_block, parse_gdelt, parse_google_news
from crawler.search import search_urls as google_news_urls
from crawler.sitemaps import address_period, iter_sitemap
from crawler.wayback import CdxError, parse_cdx

GDELT_LIMIT = gdelt.RATE_LIMIT_TEXT.encode()
# Media Cloud answers 403 both to a refused key and past its pace of 2 story-list calls a minute.
MEDIACLOUD_403 = (
    "key refused, or rate-limited (Media Cloud answers 403 past 2 story-list calls a minute)"
)
# Failures by name: Twisted's, and Scrapy's own since 2.19 (CannotResolveHostError, ...).
DNS_FAILURES = {"DNSLookupError", "CannotResolveHostError"}
TIMEOUTS = {"TimeoutError", "TCPTimedOutError", "DownloadTimeoutError"}
REFUSALS = {"ConnectionRefusedError", "DownloadConnectionRefusedError"}


@dataclass(frozen=True)
class Check:
    """One source or search service to ask: what the line names and the address asked."""

    kind: str  # site, page, feed, sitemap, article, or a service: gdelt, google-news, ...
    source: str  # a source's address, or a service's base URL
    url: str
    phrase: str = ""  # a site's search route is shown for the topic's first phrase


@dataclass(frozen=True)
class CheckResult:
    """What the check found for one source: ok or not, and the line that says why."""

    source: str
    kind: str
    ok: bool
    line: str


@dataclass(frozen=True)
class Answer:
    """A response as the judging functions read it (no Scrapy objects past the spider)."""

    url: str  # the address that answered, after any redirects
    status: int
    body: bytes
    content_type: str = ""
    text: str | None = None  # the decoded body of a text response
    retry_after: str = ""
    link_headers: tuple[str, ...] = ()  # a WordPress site may advertise its REST API here


@dataclass(frozen=True)
class Robots:
    """A host's robots.txt as the crawl reads it, or its absence (everything allowed)."""

    status: int
    rules: ProtegoRobotParser | None

    def allows(self, url: str, agent: str) -> bool:
        """Tell whether the crawl's user agent may fetch a URL."""
        return self.rules is None or self.rules.allowed(url, agent)

    @property
    def phrase(self) -> str:
        """Return how the line says what robots.txt allows."""
        return "robots.txt allows" if self.rules is not None else "no robots.txt"


def read_robots(status: int, body: bytes) -> Robots | str:
    """Return a robots.txt answer's rules, or why nothing on its host may be fetched.

    A missing robots.txt (4xx) allows everything; a server error there asks crawlers to stay
    away (RFC 9309, 2.3.1.4), which the check obeys rather than guessing.
    """
    if status >= 500:
        return f"robots.txt answered HTTP {status}: nothing there fetched (RFC 9309)"
    if status >= 400:
        return Robots(status, None)
    return Robots(status, ProtegoRobotParser(body, None))


def origin_of(url: str) -> str:
    """Return a URL's scheme and host (with port): robots.txt applies per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def plan_checks(sources: Sources, now: datetime) -> list[Check]:
    """Return one check per source the file names and one per search service."""
    checks = []
    first_phrase = sources.phrases[0] if sources.phrases else ""
    for outlet in sources.outlets:
        checks.append(Check("site", outlet.home_page, outlet.home_page, first_phrase))
        for kind, urls in (
            ("page", outlet.pages),
            ("feed", outlet.feeds),
            ("sitemap", outlet.sitemaps),
            ("article", outlet.articles),
        ):
            checks += [Check(kind, url, url) for url in urls]
    yesterday = now - timedelta(days=1)
    for search in sources.searches:
        url = None
        if search.kind == "gdelt":
            span = gdelt.GdeltSpan("check", _minute(yesterday), _minute(now))
            url = gdelt.gdelt_url(search, sources.phrases, span)
        elif search.kind == "google-news":
            found = google_news_urls(search, sources.phrases, yesterday.date(), now.date())
            url = found[0] if found else None
        elif search.kind == "wayback":
            domain = sources.outlets[0].domain if sources.outlets else "example.com"
            query = urlencode({"url": domain, "output": "json", "limit": 1})
            url = f"{search.url.rstrip('/')}/cdx/search/cdx?{query}"
        elif search.kind == "mediacloud":
            url = mediacloud.story_list_url(search, sources.phrases, yesterday.date(), now.date())
        if url:
            checks.append(Check(search.kind, search.url, url))
    return checks


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0, tzinfo=None)


def make_result(check: Check, ok: bool, detail: str) -> CheckResult:
    """Return a check's result with its printed line."""
    line = f"{'ok  ' if ok else 'FAIL'}  {check.kind:<11} {check.source}: {detail}"
    return CheckResult(check.source, check.kind, ok, line)


def failure_reason(error: BaseException, url: str, timeout: float) -> str:
    """Return one line saying why a request for a URL got no answer (no traceback)."""
    name = type(error).__name__
    if name in DNS_FAILURES:
        return f"offline? DNS lookup failed for {urlsplit(url).hostname}"
    if name in TIMEOUTS:
        return f"timed out: no answer within {timeout:g} s"
    if name in REFUSALS:
        return "connection refused"
    if isinstance(error, FetchRefused):
        return str(error)
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{name}: {message}" if message else name


def failed(check: Check, reason: str) -> CheckResult:
    """Return the result of a check that got no answer."""
    return make_result(check, False, reason)


def disallowed(check: Check, url: str) -> CheckResult:
    """Return the result of a check whose address robots.txt disallows (so never fetched)."""
    moved = f"redirected to {url}; " if url != check.url else ""
    return make_result(
        check, False, f"{moved}robots.txt disallows {urlsplit(url).path} (not fetched)"
    )


def missing_key(check: Check) -> CheckResult:
    """Return the result of a Media Cloud check without an API key to send."""
    return make_result(
        check, False, f"no API key: set {mediacloud.KEY_VARIABLE} (the crawl skips Media Cloud)"
    )


def judge(check: Check, answer: Answer, robots: str) -> CheckResult:
    """Return what an answer says about a source: reachable, and usable as its kind."""
    reached = f"HTTP {answer.status}"
    if answer.url != check.url:
        reached += f" from {answer.url}"
    ok, said = _judge_kind(check, answer)
    return make_result(check, ok, f"{reached}, {robots}" + (f"; {said}" if said else ""))


def _judge_kind(check: Check, answer: Answer) -> tuple[bool, str]:
    """Return whether an answer is usable as the check's kind, and what it holds."""
    # GDELT's plain-text request to slow down comes with 200 as well as 429.
    if check.kind == "gdelt" and answer.body[:200].lstrip().lower().startswith(GDELT_LIMIT):
        text = answer.body[:80].decode("utf-8", "replace").strip().split(" or ")[0]
        return False, f'rate-limited now: "{text}"'
    if check.kind == "mediacloud" and answer.status in (401, 403):
        return False, MEDIACLOUD_403
    if answer.status == 429:
        wait = f" (Retry-After {answer.retry_after})" if answer.retry_after else ""
        return False, f"rate-limited now{wait}"
    if answer.status >= 400:
        return False, ""
    if answer.status >= 300:
        return False, "a redirect without a usable Location"
    judges = {
        "site": _judge_site,
        "feed": _judge_feed,
        "sitemap": _judge_sitemap,
        "gdelt": _judge_gdelt,
        "google-news": _judge_google_news,
        "wayback": _judge_wayback,
        "mediacloud": _judge_mediacloud,
    }
    return judges[check.kind](check, answer) if check.kind in judges else (True, "")


def _judge_feed(check: Check, answer: Answer) -> tuple[bool, str]:
    body = answer.body
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body, MAX_GUNZIPPED_BYTES)
    try:
        items = read_feed(body, answer.url, answer.content_type or None)
    except FeedError as exc:
        return False, str(exc)
    days = [item.published for item in items if item.published is not None]
    newest = f", newest {max(days).isoformat()}" if days else ", none dated" if items else ""
    return True, f"feed of {_count(len(items), 'item')}{newest}"


def _judge_sitemap(check: Check, answer: Answer) -> tuple[bool, str]:
    try:
        entries = list(iter_sitemap(answer.body))
    except (ValueError, OSError, EOFError, etree.XMLSyntaxError) as exc:
        return False, f"unreadable sitemap ({exc})"
    if not entries:
        head = answer.body[:2048]
        if b"<urlset" in head or b"<sitemapindex" in head:
            return True, "empty sitemap (0 URLs)"
        return False, "not a sitemap (no <url> or <sitemap> entries)"
    dated = sum(1 for e in entries if e.lastmod or e.published or address_period(e.loc))
    when = "dated" if dated == len(entries) else "undated" if not dated else f"{dated} dated"
    if entries[0].is_sitemap:
        return True, f"sitemap index of {_count(len(entries), 'sitemap')}, {when}"
    news = "news sitemap" if any(e.published or e.title for e in entries) else "sitemap"
    return True, f"{news} of {_count(len(entries), 'URL')}, {when}"


def _judge_site(check: Check, answer: Answer) -> tuple[bool, str]:
    if answer.text is None:
        return False, f"not an HTML page ({answer.content_type or 'no content type'})"
    home = platforms.read_home_page(answer.text, answer.url, answer.link_headers)
    feeds = f"{_count(len(home.feeds), 'feed')} advertised"
    if home.platform is None:
        return True, f"no known platform, so no site search; {feeds}"
    parts = ["WordPress" if home.platform == "wordpress" else "BLOX"]
    if home.platform == "wordpress":
        parts.append(f"REST API at {home.api}" if home.api else "no REST API advertised")
    search = platforms.site_search_url(home.platform, answer.url, check.phrase)
    parts.append(f"site search {search}" if search else "no site search")
    return True, ", ".join(parts) + f"; {feeds}"


def _judge_gdelt(check: Check, answer: Answer) -> tuple[bool, str]:
    try:
        hits = list(parse_gdelt(answer.body))
    except SearchResponseError as exc:
        return False, str(exc)
    return True, f"{_count(len(hits), 'article')} in the last day"


def _judge_google_news(check: Check, answer: Answer) -> tuple[bool, str]:
    if is_google_block(answer.url):
        return False, "Google's consent or block page, not the search feed"
    try:
        hits = list(parse_google_news(answer.body, answer.url))
    except SearchResponseError as exc:
        return False, str(exc)
    return True, f"{_count(len(hits), 'item')} in the last day"


def _judge_wayback(check: Check, answer: Answer) -> tuple[bool, str]:
    try:
        captures = parse_cdx(answer.body)
    except CdxError as exc:
        return False, str(exc)
    domain = parse_qs(urlsplit(check.url).query).get("url", ["?"])[0]
    return True, f"CDX answers: {'a capture' if captures else 'no captures'} of {domain}"


def _judge_mediacloud(check: Check, answer: Answer) -> tuple[bool, str]:
    try:
        stories, _ = mediacloud.parse_story_list(answer.body)
    except mediacloud.MediaCloudError as exc:
        return False, str(exc)
    return True, f"key accepted, {_count(len(stories), 'story', 'stories')} in the last day"


def _count(number: int, noun: str, plural: str = "") -> str:
    """Return "1 item", "2 items"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
