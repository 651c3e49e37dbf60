"""Google News article links issued since mid-2024, decoded as googlenewsdecoder (0.2) does.

Their id no longer carries the address. The article page holds a signature and a timestamp
(`data-n-a-sg`, `data-n-a-ts` on the `c-wiz > div[jscontroller]`); posted with the id to
`/_/DotsSplashUi/data/batchexecute` (RPC `Fbv4je`, a `garturlreq`, several ids in one POST),
they are answered with a `garturlres` holding the story's address.

The page is asked at `/rss/articles/ID?hl=&gl=&ceid=` (the locale of the search feed): from
clients that are not browsers, `/articles/ID` and `/read/ID` redirect to `google.com/sorry`.
The service may first redirect within news.google.com; a few such hops are followed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urljoin, urlsplit

BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
MAX_HOPS = 3  # redirects within Google News followed before the page is read
BATCH_SIZE = 10  # ids decoded in one POST
_SIGNATURE = re.compile(r'data-n-a-sg="([^"]+)"')
_TIMESTAMP = re.compile(r'data-n-a-ts="(\d+)"')
_CONTEXT = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None, None, 0, 1],
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
]


@dataclass(frozen=True)
class DecodingParams:
    """What the article page gives for decoding its id."""

    article_id: str
    timestamp: int
    signature: str


def article_id(url: str) -> str | None:
    """Return the id of a Google News article link (`/articles/ID`, `/rss/articles/ID`,
    `/read/ID`)."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    if len(parts) >= 2 and parts[-2] in ("articles", "read"):
        return parts[-1]
    return None


def params_page_url(link: str, feed_url: str) -> str | None:
    """Return the article page that holds the decoding signature, in the feed's locale."""
    key = article_id(link)
    if key is None:
        return None
    parts = urlsplit(link)
    query = parse_qs(urlsplit(feed_url).query)
    locale = {
        name: query.get(name, [default])[0]
        for name, default in (("hl", "en-US"), ("gl", "US"), ("ceid", "US:en"))
    }
    tail = "&".join(f"{name}={quote(value, safe='')}" for name, value in locale.items())
    return f"{parts.scheme}://{parts.netloc}/rss/articles/{key}?{tail}"


def next_hop(current: str, location: str) -> str | None:
    """Return where a redirect leads when it stays on the same Google News host."""
    target = urljoin(current, location)
    return target if urlsplit(target).netloc == urlsplit(current).netloc else None


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


def batchexecute_body(batch: list[DecodingParams]) -> str:
    """Return the form body that asks for several ids at once, each tagged with its index."""
    envelopes = [
        [
            "Fbv4je",
            json.dumps(
                ["garturlreq", _CONTEXT, p.article_id, p.timestamp, p.signature],
                separators=(",", ":"),
            ),
            None,
            str(index),
        ]
        for index, p in enumerate(batch)
    ]
    return "f.req=" + quote(json.dumps([envelopes], separators=(",", ":")))


def decoded_addresses(body: str) -> dict[int, str]:
    """Return the addresses a batchexecute answer decoded, by the index each was asked with.

    The answer is `)]}'`, then rows of `["wrb.fr", "Fbv4je", "[\"garturlres\",URL,...]",
    null, null, null, "INDEX"]`, possibly split in length-prefixed chunks.
    """
    found: dict[int, str] = {}
    order = 0
    for row in _rows(body):
        if len(row) < 3 or row[0] != "wrb.fr" or not isinstance(row[2], str):
            continue
        try:
            payload = json.loads(row[2])
        except json.JSONDecodeError:
            continue
        if not (isinstance(payload, list) and len(payload) > 1 and payload[0] == "garturlres"):
            continue
        tag = next((cell for cell in reversed(row[3:]) if cell is not None), None)
        index = int(tag) if isinstance(tag, str) and tag.isdigit() else order
        if isinstance(payload[1], str) and payload[1].startswith(("http://", "https://")):
            found[index] = payload[1]
        order += 1
    return found


def _rows(body: str) -> list[list[object]]:
    """Return the JSON rows of a batchexecute answer, whatever chunking it came in."""
    rows: list[list[object]] = []
    decoder = json.JSONDecoder()
    text = body.removeprefix(")]}'")
    position = 0
    while position < len(text):
        start = text.find("[", position)
        if start < 0:
            break
        try:
            value, position = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            position = start + 1
            continue
        if isinstance(value, list):
            rows.extend(row for row in value if isinstance(row, list))
    return rows
