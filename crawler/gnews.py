"""Google News article links issued since mid-2024, decoded the way googlenewsdecoder does.

Their id no longer carries the address. The article page (`/rss/articles/ID`) holds a
signature and a timestamp (`data-n-a-sg`, `data-n-a-ts` on the `c-wiz > div`); posted with the
id to `/_/DotsSplashUi/data/batchexecute` (RPC `Fbv4je`, a `garturlreq`), they are answered
with a `garturlres` holding the story's address.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
_SIGNATURE = re.compile(r'data-n-a-sg="([^"]+)"')
_TIMESTAMP = re.compile(r'data-n-a-ts="(\d+)"')
_CLIENT_TAIL = (None, None, None, None, None, 0, 1)
_RESULT = re.compile(r'garturlres\\*",\\*"(https?://[^"\\]+)')


@dataclass(frozen=True)
class DecodingParams:
    """What the article page gives for decoding its id."""

    article_id: str
    timestamp: int
    signature: str


def article_id(url: str) -> str | None:
    """Return the id of a Google News article link."""
    path = urlsplit(url).path
    if "/articles/" not in path:
        return None
    return path.rsplit("/articles/", 1)[1].split("/")[0] or None


def decoding_params(html: str, url: str) -> DecodingParams | None:
    """Return the signature and timestamp on a Google News article page, if it has them."""
    key = article_id(url)
    signature, timestamp = _SIGNATURE.search(html), _TIMESTAMP.search(html)
    if key is None or signature is None or timestamp is None:
        return None
    return DecodingParams(key, int(timestamp[1]), signature[1])


def batchexecute_url(page_url: str) -> str:
    """Return the batchexecute endpoint on the host that served the article page."""
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}{BATCHEXECUTE_PATH}"


def batchexecute_body(params: DecodingParams) -> str:
    """Return the form body of the garturlreq for one article."""
    request = [
        "garturlreq",
        [
            [*("X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1), *_CLIENT_TAIL],
            "X",
            "X",
            1,
            [1, 1, 1],
            1,
            1,
            None,
            0,
            0,
            None,
            0,
        ],
        params.article_id,
        params.timestamp,
        params.signature,
    ]
    payload = [[["Fbv4je", json.dumps(request, separators=(",", ":")), None, "generic"]]]
    return urlencode({"f.req": json.dumps(payload, separators=(",", ":"))})


def decoded_address(body: str) -> str | None:
    """Return the story's address in a batchexecute answer, or None."""
    match = _RESULT.search(body)
    return match[1] if match else None
