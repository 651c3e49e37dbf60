"""Site search by platform: from an outlet's home page, its platform and its search feed.

One small adapter per platform. WordPress: a generator meta or a /wp-json/ link gives it away,
and its search feed `/?s=PHRASE&feed=rss2` (developer.wordpress.org, get_search_feed_link) lists
matching posts of any age, newest first, a page at a time (`paged=N`). BLOX (TownNews, e.g.
bakersfield.com): images served from bloximages, and a search feed
`/search/?f=rss&t=article&q=PHRASE` seen in public code for other BLOX sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from parsel import Selector

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
WORDPRESS_PAGE_SIZE = 10  # posts_per_rss, WordPress's default
BLOX_PAGE_SIZE = 25
MAX_SEARCH_PAGES = 5


@dataclass(frozen=True)
class HomePage:
    """What an outlet's home page says about finding its stories."""

    feeds: tuple[str, ...]
    platform: str | None


def read_home_page(html: str, url: str) -> HomePage:
    """Return the feeds a home page advertises and the platform it runs on."""
    page = Selector(text=html)
    feeds = []
    for link in page.xpath("//link[@rel='alternate'][@href]"):
        kind = (link.attrib.get("type") or "").lower()
        if kind in FEED_TYPES[:2]:
            feeds.append(urljoin(url, link.attrib["href"].strip()))
    return HomePage(tuple(dict.fromkeys(feeds)), _platform(page))


def _platform(page: Selector) -> str | None:
    """Return the platform a home page shows, if one we can search."""
    generator = " ".join(page.xpath("//meta[@name='generator']/@content").getall()).lower()
    api_links = " ".join(page.xpath("//link/@href").getall())
    if (
        "wordpress" in generator
        or "/wp-json/" in api_links
        or "api.w.org" in " ".join(page.xpath("//link/@rel").getall())
    ):
        return "wordpress"
    if "bloximages" in page.get() or "townnews" in generator:
        return "blox"
    return None


def site_search_url(platform: str, site: str, phrase: str, page: int = 1) -> str | None:
    """Return the site-search feed URL of a platform for a phrase, or None if it has none."""
    if platform == "wordpress":
        params: dict[str, str | int] = {"s": phrase, "feed": "rss2"}
        if page > 1:
            params["paged"] = page
        return urljoin(site, "/") + "?" + urlencode(params)
    if platform == "blox":
        query: dict[str, str | int] = {"f": "rss", "t": "article", "q": phrase}
        if page > 1:
            query["o"] = (page - 1) * BLOX_PAGE_SIZE
        return urljoin(site, "/search/") + "?" + urlencode(query)
    return None


def next_page_wanted(platform: str, items: int, page: int) -> bool:
    """Tell whether a search feed page was full, so the next may hold older matches."""
    size = {"wordpress": WORDPRESS_PAGE_SIZE, "blox": BLOX_PAGE_SIZE}.get(platform)
    return size is not None and items >= size and page < MAX_SEARCH_PAGES
