"""Media Cloud's search/story-list (mediacloud/api-client, mediacloud/web-search)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time

from archive.standins.query import parse_query
from archive.standins.service import JSON, Answer, Request, Service, _within

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
