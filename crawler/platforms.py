"""Site search by platform: what an outlet's home page says it runs on, and the addresses that
search its site for a phrase within a run window.

WordPress gives itself away by a generator meta or by its REST API's discovery link, a
`<link rel="https://api.w.org/">` or an HTTP `Link:` header (developer.wordpress.org,
rest-api/using-the-rest-api/discovery). Its posts endpoint searches a phrase between two dates;
where the API is not advertised or refuses, its search feed does, one month at a time. BLOX
(TownNews, e.g. bakersfield.com) serves images from bloximages and has a search feed that takes
a date range (help.bloxcms.com, "URL Parameters" of RSS feeds).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
API_REL = "https://api.w.org/"
# per_page's maximum (developer.wordpress.org, rest-api/reference/posts, "List Posts").
REST_PAGE_SIZE = 100
# posts_per_rss, WordPress's default: a feed page with fewer items is the last one.
FEED_PAGE_SIZE = 10
# l=, "a number between 1 and 100" (help.bloxcms.com, URL parameters of feeds).
BLOX_PAGE_SIZE = 100
# A safety stop, not a limit of the services: 30 pages are 3,000 REST posts, or 300 feed items
# of one phrase in one month, far beyond any outlet's coverage of one run.
MAX_SEARCH_PAGES = 30
# Only the fields a discovery needs (the `_fields` global parameter, WordPress 4.9).
REST_FIELDS = "link,title,date"


@dataclass(frozen=True)
class HomePage:
    """What an outlet's home page says about finding its stories."""

    feeds: tuple[str, ...]
    platform: str | None
    api: str | None = None  # the WordPress REST API's root, when advertised


@dataclass(frozen=True)
class SitePost:
    """One post a WordPress REST API search returned."""

    url: str
    title: str | None
    published: str | None  # the post's `date`, in the site's own time zone


class RestApiError(ValueError):
    """A REST API answer that holds no posts: an error, or not JSON at all."""


def read_home_page(html_text: str, url: str, link_headers: Iterable[str] = ()) -> HomePage:
    """Return the feeds a home page advertises, the platform it runs on and its REST API root."""
    page = Selector(text=html_text)
    feeds = []
    for link in page.xpath("//link[@rel='alternate'][@href]"):
        kind = (link.attrib.get("type") or "").lower()
        if kind in FEED_TYPES[:2]:
            feeds.append(urljoin(url, link.attrib["href"].strip()))
    api = rest_api_root(page, url, link_headers)
    platform = "wordpress" if api else _platform(page)
    return HomePage(tuple(dict.fromkeys(feeds)), platform, api)


def rest_api_root(page: Selector, url: str, link_headers: Iterable[str] = ()) -> str | None:
    """Return the REST API root a page advertises in its Link headers or its <link>, if any."""
    for header in link_headers:
        for target, params in re.findall(r"<([^>]*)>([^<]*)", header):
            if re.search(r"""rel\s*=\s*["']?https://api\.w\.org/["']?""", params):
                return urljoin(url, target.strip())
    href = page.xpath(f"//link[@rel='{API_REL}']/@href").get()
    return urljoin(url, href.strip()) if href and href.strip() else None


def _platform(page: Selector) -> str | None:
    """Return the platform a home page shows, if one we can search."""
    generator = " ".join(page.xpath("//meta[@name='generator']/@content").getall()).lower()
    if "wordpress" in generator or "/wp-json/" in " ".join(page.xpath("//link/@href").getall()):
        return "wordpress"
    if "bloximages" in page.get() or "townnews" in generator:
        return "blox"
    return None


def wordpress_posts_url(api: str, phrase: str, start: date, end: date, page: int = 1) -> str:
    """Return the REST API search of posts published from start to end (whole days).

    A quoted phrase stays one search term (WP_Query::parse_search keeps `"..."` whole); `after`
    and `before` are exclusive ISO-8601 times in the site's zone, so the span ends at the
    midnight after `end`.
    """
    params: dict[str, str | int] = {
        "search": f'"{phrase}"',
        "after": f"{start.isoformat()}T00:00:00",
        "before": f"{(end + timedelta(days=1)).isoformat()}T00:00:00",
        "per_page": REST_PAGE_SIZE,
        "page": page,
        "_fields": REST_FIELDS,
    }
    parts = urlsplit(api)
    route = parse_qs(parts.query).get("rest_route")
    if route:  # `?rest_route=/` where pretty permalinks are off
        query = urlencode({"rest_route": route[0].rstrip("/") + "/wp/v2/posts", **params})
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    root = api if api.endswith("/") else api + "/"
    return urljoin(root, "wp/v2/posts") + "?" + urlencode(params)


def wordpress_feed_url(site: str, phrase: str, month: date, page: int = 1) -> str:
    """Return the search feed of one month's posts holding the whole phrase.

    `sentence=1` keeps the phrase one term (else each word is matched alone, as a substring)
    and `m=YYYYMM` keeps the month: both are public query vars (WP::$public_query_vars).
    """
    params: dict[str, str | int] = {
        "s": phrase,
        "sentence": 1,
        "m": f"{month:%Y%m}",
        "feed": "rss2",
    }
    if page > 1:
        params["paged"] = page
    return urljoin(site, "/") + "?" + urlencode(params)


def blox_search_url(site: str, phrase: str, start: date, end: date, page: int = 1) -> str:
    """Return the BLOX search feed of articles from start to end, newest first, 100 a page.

    `s=start_time&sd=desc` sorts by publication, newest first; `d1`/`d2` bound the days as
    MM/DD/YYYY; `o` is the offset of the page's first result.
    """
    params: dict[str, str | int] = {
        "f": "rss",
        "t": "article",
        "q": phrase,
        "s": "start_time",
        "sd": "desc",
        "l": BLOX_PAGE_SIZE,
        "d1": f"{start:%m/%d/%Y}",
        "d2": f"{end:%m/%d/%Y}",
    }
    if page > 1:
        params["o"] = (page - 1) * BLOX_PAGE_SIZE
    return urljoin(site, "/search/") + "?" + urlencode(params)


def site_search_url(platform: str, site: str, phrase: str) -> str | None:
    """Return a platform's undated search feed of a phrase (one request that shows the search
    answers, as a source check asks it), or None for a platform without one."""
    if platform == "wordpress":
        return urljoin(site, "/") + "?" + urlencode({"s": phrase, "feed": "rss2"})
    if platform == "blox":
        query = urlencode({"f": "rss", "t": "article", "q": phrase})
        return urljoin(site, "/search/") + "?" + query
    return None


def months_of(start: date, end: date) -> list[date]:
    """Return the first day of every month a span of days touches."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def read_wordpress_posts(body: bytes, status: int = 200) -> list[SitePost]:
    """Return the posts of a REST API posts page; raise RestApiError when it holds none.

    An API switched off or kept for logged-in users answers 401, 403 or 404, often with a
    JSON error (`rest_disabled`, `rest_not_logged_in`, `rest_no_route`); a site with no API
    may answer its home page instead of JSON.
    """
    try:
        data = json.loads(body)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise RestApiError(f"HTTP {status}, not JSON") from exc
    if isinstance(data, dict) or status >= 400:
        code = data.get("code") if isinstance(data, dict) else None
        raise RestApiError(f"HTTP {status} {code or 'not a list of posts'}")
    if not isinstance(data, list):
        raise RestApiError("not a list of posts")
    posts = []
    for post in data:
        link = post.get("link") if isinstance(post, dict) else None
        if not isinstance(link, str) or not link.strip():
            continue
        title = post.get("title")
        rendered = title.get("rendered") if isinstance(title, dict) else title
        text = html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() if rendered else ""
        published = post.get("date")
        posts.append(
            SitePost(link.strip(), text or None, published if isinstance(published, str) else None)
        )
    return posts


def rest_error_code(body: bytes) -> str | None:
    """Return the `code` of a REST API error answer, if the body is one."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) else None


def is_past_last_page(status: int, body: bytes) -> bool:
    """Tell whether a REST API answer says the page asked for lies past the last one.

    WordPress answers 400 `rest_post_invalid_page_number` there (core changeset 39967).
    """
    return status == 400 and rest_error_code(body) == "rest_post_invalid_page_number"


def total_pages(value: bytes | str | None) -> int | None:
    """Return the page count an X-WP-TotalPages header gives, if it gives one."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    try:
        return int(value.strip()) if value else None
    except ValueError:
        return None
