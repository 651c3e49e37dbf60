"""Google News RSS search, article pages and batchexecute decoding."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any
from urllib.parse import parse_qs, quote, urlencode
from xml.sax.saxutils import escape

from archive.standins.query import parse_query
from archive.standins.service import HTML, Answer, Request, Service, _day, _moment, _rfc822, _rss

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
