"""Media Cloud story search per window, in the form the `mediacloud` client sends it.

The client's SearchApi.story_list(query, start_date, end_date, collection_ids) asks
`{url}search/story-list` with q, start, end (YYYY-MM-DD), platform and cs (collection ids joined
by commas), authorised by an "Authorization: Token KEY" header; the answer is JSON with
`stories` (url, title, publish_date, media_name) and a `pagination_token` for the next page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from archive.sources import SearchFeed

KEY_VARIABLE = "MEDIACLOUD_API_KEY"
PLATFORM = "onlinenews-mediacloud"


class MediaCloudError(ValueError):
    """A Media Cloud answer that is not its documented JSON."""


@dataclass(frozen=True)
class Story:
    url: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    outlet: str | None


def story_list_url(
    search: SearchFeed, phrases: tuple[str, ...], start: date, end: date, token: str | None = None
) -> str:
    """Return the story-list request for the phrases in a window of days."""
    params = {
        "q": " OR ".join(f'"{p}"' for p in phrases),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "platform": PLATFORM,
        "cs": ",".join(str(c) for c in search.collections),
    }
    if token:
        params["pagination_token"] = token
    base = search.url if search.url.endswith("/") else search.url + "/"
    return f"{base}search/story-list?{urlencode(params)}"


def parse_story_list(body: bytes) -> tuple[list[Story], str | None]:
    """Return the stories of a story-list answer and the token of the next page, if any."""
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise MediaCloudError(f"not story-list JSON: {body[:80]!r}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("stories"), list):
        raise MediaCloudError("not story-list JSON: no stories")
    stories = []
    for item in data["stories"]:
        url = str(item.get("url") or "").strip()
        if url.startswith(("http://", "https://")):
            stories.append(
                Story(
                    url,
                    (item.get("title") or "").strip() or None,
                    str(item.get("publish_date") or "")[:10] or None,
                    item.get("media_name") or item.get("media_url"),
                )
            )
    token = data.get("pagination_token")
    return stories, str(token) if token else None
