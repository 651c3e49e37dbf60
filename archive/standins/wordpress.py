"""WordPress core's search, search feeds and REST API (WordPress/wordpress-develop)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any
from urllib.parse import unquote_plus, urlencode
from xml.sax.saxutils import escape

from archive.standins.service import (
    HTML,
    JSON,
    RSS,
    Answer,
    Request,
    Service,
    _moment,
    _rfc822,
    _rss,
    file_headers,
)

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
