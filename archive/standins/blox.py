"""A TownNews BLOX site's search and search feeds (help.bloxcms.com, "URL Parameters")."""

from __future__ import annotations

from datetime import date, datetime
from xml.sax.saxutils import escape

from archive.standins.query import parse_query
from archive.standins.service import (
    HTML,
    RSS,
    Answer,
    Request,
    Service,
    _day,
    _moment,
    _rfc822,
    _rss,
)

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
