"""The search-service stand-ins (archive/standins/) behave as the live services are documented
to: each behaviour asked through a real loopback server with plain urllib."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from archive.fixture_server import FixtureWeb, serve_fixture_web
from archive.standins import GDELT_RATE_TEXT, parse_query, surt, wordpress_terms
from tests.helpers import Reply, fetch


@contextmanager
def serve(tmp_path: Path, host: str, settings: str, data: dict[str, Any]) -> Iterator[FixtureWeb]:
    """Serve one stand-in host folder with these settings and data."""
    folder = tmp_path / host
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_service.yml").write_text(settings, encoding="utf-8")
    (folder / "_data.json").write_text(json.dumps(data), encoding="utf-8")
    with serve_fixture_web(tmp_path) as web:
        yield web


def stamp(day: date) -> str:
    return f"{day:%Y%m%d}000000"


# --- GDELT DOC 2.0 -------------------------------------------------------------------------

TODAY = datetime.now(UTC).date()


def gdelt_article(
    n: int, day: date, title: str = "Run Against ICE draws runners"
) -> dict[str, Any]:
    return {
        "url": f"https://news.example/{n}",
        "title": title,
        "seendate": f"{day:%Y%m%d}T120000Z",
        "domain": "news.example",
        "language": "English",
        "sourcecountry": "United States",
    }


@pytest.fixture
def gdelt(tmp_path: Path) -> Iterator[FixtureWeb]:
    old = TODAY - timedelta(days=400)
    articles = [gdelt_article(n, old + timedelta(days=n % 20)) for n in range(300)]
    articles.append(gdelt_article(999, TODAY - timedelta(days=5), "Police office notes"))
    with serve(tmp_path, "gdelt.example", "kind: gdelt\npace: 0\n", {"articles": articles}) as web:
        yield web


def gdelt_url(web: FixtureWeb, query: str, start: date, end: date, **extra: str) -> str:
    params = {
        "query": query,
        "mode": "ArtList",
        "format": "json",
        "startdatetime": stamp(start),
        "enddatetime": stamp(end),
        **extra,
    }
    return web.url("gdelt.example", "/api/v2/doc/doc?" + urlencode(params))


def test_gdelt_searches_back_to_2017_and_caps_at_250_newest_first(gdelt):
    start = TODAY - timedelta(days=410)
    url = gdelt_url(gdelt, '"Run Against ICE"', start, start + timedelta(days=60))
    status, headers, body = fetch(url + "&maxrecords=250&sort=DateDesc")
    articles = json.loads(body)["articles"]
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert len(articles) == 250
    dates = [a["seendate"] for a in articles]
    assert dates == sorted(dates, reverse=True)
    assert len(json.loads(fetch(url)[2])["articles"]) == 75  # MAXRECORDS' default
    assert b"250" in fetch(url + "&maxrecords=300")[2]


def test_gdelt_clips_a_span_longer_than_three_months_to_its_last_three(gdelt):
    start = TODAY - timedelta(days=400)
    long_span = gdelt_url(gdelt, '"Run Against ICE"', start, start + timedelta(days=200))
    assert json.loads(fetch(long_span)[2]) == {}  # the articles are in the span's first days
    first = gdelt_url(gdelt, '"Run Against ICE"', start, start + timedelta(days=90))
    assert json.loads(fetch(first)[2])["articles"]


def test_gdelt_matches_whole_words_and_answers_nothing_with_an_empty_object(gdelt):
    recent = gdelt_url(gdelt, '"ice"', TODAY - timedelta(days=30), TODAY)
    assert fetch(recent)[2] == b"{}"  # "police" and "office" hold no word "ice"
    assert fetch(gdelt_url(gdelt, '"ic"', TODAY, TODAY))[2] == b"The specified phrase is too short."


def test_gdelt_answers_429_sooner_than_its_pace_and_sheds_the_first_requests(tmp_path):
    with serve(
        tmp_path, "gdelt.example", "kind: gdelt\npace: 0.5\nshed: 2\n", {"articles": []}
    ) as web:
        url = gdelt_url(web, '"Run Against ICE"', TODAY - timedelta(days=3), TODAY)
        replies = [fetch(url)[:3:2] for _ in range(3)]
        assert replies[:2] == [(429, GDELT_RATE_TEXT.encode())] * 2  # shed, the first one too
        assert replies[2] == (200, b"{}")
        assert fetch(url)[0] == 429  # sooner than 0.5 s after the last answer
        time.sleep(0.55)
        assert fetch(url)[0] == 200
        service = web.services["gdelt.example"]
        assert (len(service.asked_at), len(service.answered_at), service.limited) == (5, 2, 3)


# --- Media Cloud ---------------------------------------------------------------------------


def story(n: int, day: str, title: str, collections: tuple[int, ...] = (34412234,)) -> dict:
    return {
        "id": f"s{n}",
        "url": f"https://news.example/{n}",
        "title": title,
        "publish_date": f"{day} 10:00:00",
        "indexed_date": f"{day}T12:{n:02d}:00",
        "media_name": "news.example",
        "collections": list(collections),
    }


@pytest.fixture
def mediacloud(tmp_path: Path) -> Iterator[FixtureWeb]:
    stories = [
        story(n, f"2025-07-{10 + n:02d}", "A Run Against ICE in Riverside") for n in range(5)
    ]
    stories.append(story(20, "2025-07-12", "Carrera contra ICE en Fresno"))
    stories.append(story(21, "2025-07-12", "Run Against ICE elsewhere", collections=(99,)))
    stories.append(story(22, "2025-07-12", "Police office news"))
    settings = "kind: mediacloud\nper_minute: 2\nminute: 1\npage_size: 2\n"
    with serve(tmp_path, "mediacloud.example", settings, {"stories": stories}) as web:
        yield web


def story_list(web: FixtureWeb, token: str | None = "Token k", **params: str) -> Reply:
    query = {
        "q": '"Run Against ICE" OR "Carrera contra ICE"',
        "start": "2025-07-10",
        "end": "2025-07-12",
        "platform": "onlinenews-mediacloud",
        "cs": "34412234,38379429",
        **params,
    }
    url = web.url("mediacloud.example", "/api/search/story-list?" + urlencode(query))
    return fetch(url, headers={"Authorization": token} if token else {})


def test_mediacloud_needs_a_token(mediacloud):
    status, _, body = story_list(mediacloud, token=None)
    assert status == 401 and b"credentials were not provided" in body


def test_mediacloud_refuses_a_third_call_within_the_minute_with_403(mediacloud):
    assert [story_list(mediacloud)[0] for _ in range(2)] == [200, 200]
    status, _, body = story_list(mediacloud)
    assert (status, json.loads(body)) == (
        403,
        {"detail": "You do not have permission to perform this action."},
    )
    time.sleep(1.05)
    assert story_list(mediacloud)[0] == 200
    service = mediacloud.services["mediacloud.example"]
    assert (len(service.asked_at), service.limited) == (4, 1)


def test_mediacloud_pages_phrases_days_and_collections(mediacloud):
    status, _, body = story_list(mediacloud)
    first = json.loads(body)
    # Days 10-12 inclusive, both phrases, only the collections asked: s0, s1, s2 and s20.
    assert status == 200 and [s["id"] for s in first["stories"]] == ["s20", "s2"]
    second = json.loads(story_list(mediacloud, pagination_token=first["pagination_token"])[2])
    assert [s["id"] for s in second["stories"]] == ["s1", "s0"]
    assert second["pagination_token"] is None
    assert set(second["stories"][0]) >= {"url", "title", "publish_date", "media_name"}


def test_mediacloud_can_refuse_with_429_as_its_server_does_since_2025(tmp_path):
    settings = "kind: mediacloud\nper_minute: 1\nminute: 5\nrefusal: 429\n"
    with serve(tmp_path, "mediacloud.example", settings, {"stories": []}) as web:
        assert story_list(web)[0] == 200
        status, _, body = story_list(web)
        assert status == 429 and json.loads(body)["note"] == "rate limited"


# --- Google News ---------------------------------------------------------------------------


def gnews_item(
    n: int, day: str, title: str = "Runners hold a Run Against ICE", **extra: Any
) -> dict:
    return {
        "url": f"https://paper.example/{n}",
        "title": title,
        "source": "The Paper",
        "source_url": "https://paper.example",
        "published": f"{day}T15:00:00Z",
        **extra,
    }


@pytest.fixture
def gnews(tmp_path: Path) -> Iterator[FixtureWeb]:
    items = [gnews_item(n, f"2025-07-{1 + n % 28:02d}") for n in range(130)]
    items.append(gnews_item(500, "2025-07-05", "Police office hours"))
    items.append(gnews_item(501, "2025-07-05", signed=False))
    with serve(tmp_path, "news.google.example", "kind: google-news\n", {"items": items}) as web:
        yield web


def gnews_search(web: FixtureWeb, q: str) -> tuple[int, list[dict[str, str]]]:
    params = {"q": q, "hl": "en-US", "gl": "US", "ceid": "US:en"}
    status, _, body = fetch(web.url("news.google.example", "/rss/search?" + urlencode(params)))
    text = body.decode()
    items = []
    for chunk in text.split("<item>")[1:]:
        link = chunk.split("<link>")[1].split("</link>")[0]
        items.append({"link": link, "date": chunk.split("<pubDate>")[1].split("</pubDate>")[0]})
    return status, items


def test_google_news_search_keeps_phrases_exclusive_days_and_100_items(gnews):
    status, items = gnews_search(gnews, '"Run Against ICE" after:2025-07-02 before:2025-07-05')
    days = {item["date"][5:11] for item in items}
    assert status == 200 and days == {"03 Jul", "04 Jul"}  # after/before exclude their day
    assert len(gnews_search(gnews, '"Run Against ICE"')[1]) == 100
    assert gnews_search(gnews, '"ice" after:2025-07-04 before:2025-07-06')[1]
    assert not gnews_search(gnews, '"office hours ice"')[1]


def test_google_news_article_links_redirect_then_show_the_signature(gnews):
    _, items = gnews_search(gnews, '"Run Against ICE" after:2025-07-01 before:2025-07-03')
    link = items[0]["link"]
    assert link.endswith("?oc=5") and "/rss/articles/CBMi" in link
    status, headers, _ = fetch(link)
    assert status == 302
    assert headers["Location"].startswith(link.split("?")[0] + "?oc=5&hl=en-US&gl=US&ceid=US")
    status, _, page = fetch(headers["Location"])
    assert status == 200 and b"<c-wiz" in page and b'data-n-a-sg="AZ' in page
    item_id = link.split("/rss/articles/")[1].split("?")[0]
    status, headers, _ = fetch(gnews.url("news.google.example", f"/articles/{item_id}"))
    assert status == 302 and "/sorry/index?continue=" in headers["Location"]
    assert fetch(headers["Location"])[0] == 429


def signature(web: FixtureWeb, item_id: str) -> tuple[str, str]:
    url = web.url("news.google.example", f"/rss/articles/{item_id}?hl=en-US&gl=US&ceid=US:en")
    page = fetch(url)[2].decode()
    return page.split('data-n-a-sg="')[1].split('"')[0], page.split('data-n-a-ts="')[1].split('"')[
        0
    ]


def batch_request(ids_and_signatures: list[tuple[str, str, str]]) -> bytes:
    envelopes = [
        [
            "Fbv4je",
            f'["garturlreq",[["X","X",["X","X"],null,null,1,1,"US:en",null,1,null,null,null,null,'
            f'null,0,1],"X","X",1,[1,1,1],1,1,null,0,0,null,0],"{i}",{ts},"{sg}"]',
            None,
            str(n),
        ]
        for n, (i, sg, ts) in enumerate(ids_and_signatures, start=1)
    ]
    return ("f.req=" + quote(json.dumps([envelopes]))).encode()


def test_google_news_batchexecute_answers_several_ids_in_the_wire_format(gnews):
    _, items = gnews_search(gnews, '"Run Against ICE" after:2025-07-01 before:2025-07-04')
    ids = [item["link"].split("/rss/articles/")[1].split("?")[0] for item in items[:2]]
    signed = [(i, *signature(gnews, i)) for i in ids] + [(ids[0], "AZwrong", "1")]
    url = gnews.url("news.google.example", "/_/DotsSplashUi/data/batchexecute")
    form = {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"}
    status, _, body = fetch(url, data=batch_request(signed), headers=form)
    head, rows_text = body.decode().split("\n\n", 1)
    rows = json.loads(rows_text)
    assert status == 200 and head == ")]}'"
    assert [row[0] for row in rows] == ["wrb.fr", "wrb.fr", "wrb.fr", "di", "af.httprm"]
    decoded = [json.loads(row[2])[1] for row in rows[:2]]
    assert decoded[0].startswith("https://paper.example/") and len(set(decoded)) == 2
    assert [row[-1] for row in rows[:3]] == ["1", "2", "3"]
    assert rows[2][2] is None  # a wrong signature decodes nothing


def test_google_news_unsigned_interstitial_sorry_after_n_and_pace(tmp_path):
    items = [gnews_item(1, "2025-07-05", id="CBMiUnsigned", signed=False)]
    settings = "kind: google-news\nsorry_after: 3\npace: 0.3\n"
    with serve(tmp_path, "news.google.example", settings, {"items": items}) as web:
        page_url = web.url(
            "news.google.example", "/rss/articles/CBMiUnsigned?hl=en-US&gl=US&ceid=US:en"
        )
        status, _, page = fetch(page_url)
        assert status == 200 and b"data-n-a-sg" not in page
        assert fetch(page_url)[0] == 429  # sooner than the pace
        time.sleep(0.35)
        assert fetch(page_url)[0] == 200
        status, headers, _ = fetch(page_url)  # the fourth request
        assert status == 302 and "/sorry/index?continue=" in headers["Location"]
        service = web.services["news.google.example"]
        assert (service.limited, service.state["sorried"]) == (1, 1)


def test_google_news_can_answer_with_a_consent_page_instead(tmp_path):
    items = [gnews_item(1, "2025-07-05", id="CBMiOne")]
    with serve(
        tmp_path,
        "news.google.example",
        "kind: google-news\nsorry_after: 0\nsorry_mode: consent\n",
        {"items": items},
    ) as web:
        status, headers, _ = fetch(web.url("news.google.example", "/rss/articles/CBMiOne?oc=5"))
        assert status == 302 and "/consent/ml?continue=" in headers["Location"]
        status, _, page = fetch(headers["Location"])
        assert status == 200 and b"Before you continue" in page


# --- The Wayback Machine -------------------------------------------------------------------


def capture(ts: str, original: str, **extra: Any) -> dict[str, Any]:
    return {"timestamp": ts, "original": original, **extra}


CAPTURES = [
    capture(
        "20250701120000",
        "https://www.tribune.example/news/2025/07/01/run-against-ice",
        html="<p>The run</p>",
    ),
    capture("20250720120000", "https://www.tribune.example/news/2025/07/01/run-against-ice"),
    capture("20250702120000", "https://tribune.example/news/2025/07/02/council", statuscode=404),
    capture("20250703120000", "https://sports.tribune.example/scores"),
    capture("20250703130000", "https://tribune.example.net/other"),
]


@pytest.fixture
def cdx(tmp_path: Path) -> Iterator[FixtureWeb]:
    settings = "kind: cdx\nper_minute: 100\nminute: 60\n"
    data = {
        "captures": CAPTURES,
        "bulk": [
            {
                "path": "https://tribune.example/archive/{date:%Y/%m/%d}/notes-{n}",
                "from": "2024-01-01",
                "count": 3000,
                "per_day": 5,
            }
        ],
    }
    with serve(tmp_path, "web.archive.example", settings, data) as web:
        yield web


def cdx_rows(web: FixtureWeb, **params: str) -> Any:
    url = web.url(
        "web.archive.example", "/cdx/search/cdx?" + urlencode({"output": "json", **params})
    )
    status, _, body = fetch(url)
    assert status == 200, body
    return json.loads(body)


def test_surt_keys_drop_www_default_ports_and_scheme():
    assert surt("http://www.cnn.com:80/") == "com,cnn)/"
    assert surt("https://News.Example.com/A?b=2&a=1") == "com,example,news)/a?a=1&b=2"
    assert surt("http://127.0.0.1:8080/x") == "127.0.0.1:8080)/x"


def test_cdx_match_types_and_their_shorthands(cdx):
    def originals(**params: str) -> set[str]:
        return {row[2] for row in cdx_rows(cdx, **params)[1:]}

    page = "tribune.example/news/2025/07/01/run-against-ice"
    assert len(originals(url=page)) == 1  # exact, www or not
    assert len(cdx_rows(cdx, url=page)) == 3  # header and two captures
    news = originals(url="tribune.example/news/*")
    assert news == originals(url="tribune.example/news/", matchType="prefix")
    assert len(news) == 2
    host = originals(url="tribune.example", matchType="host", limit="10")
    assert "https://sports.tribune.example/scores" not in host
    assert "https://sports.tribune.example/scores" in originals(
        url="*.tribune.example", limit="5000"
    )
    assert "https://tribune.example.net/other" not in originals(
        url="*.tribune.example", limit="5000"
    )


def test_cdx_from_to_filter_collapse_and_negative_limit(cdx):
    rows = cdx_rows(cdx, url="tribune.example/news/*", **{"from": "202507", "to": "20250710"})
    assert [row[1] for row in rows[1:]] == ["20250701120000", "20250702120000"]
    rows = cdx_rows(cdx, url="tribune.example/news/*", filter="statuscode:200")
    assert {row[4] for row in rows[1:]} == {"200"}
    assert len(cdx_rows(cdx, url="tribune.example/news/*", filter="!original:.*RUN.*")) == 4
    rows = cdx_rows(cdx, url="tribune.example/news/*", filter="!original:(?i).*RUN.*")
    assert len(rows) == 2  # case matters unless (?i): header and the council page
    collapsed = cdx_rows(cdx, url="tribune.example/news/*", collapse="urlkey")
    assert [row[1] for row in collapsed[1:]] == ["20250701120000", "20250702120000"]
    last = cdx_rows(cdx, url=page_of(), limit="-1")
    assert [row[1] for row in last[1:]] == ["20250720120000"]


def page_of() -> str:
    return "tribune.example/news/2025/07/01/run-against-ice"


def test_cdx_resume_keys_in_json_and_text(cdx):
    rows = cdx_rows(cdx, url="tribune.example/archive/*", limit="4", showResumeKey="true")
    assert rows[0][:2] == ["urlkey", "timestamp"] and len(rows) == 7
    assert rows[-2] == [] and len(rows[-1]) == 1
    key = rows[-1][0]
    assert key.startswith("example%2Ctribune%29%2Farchive%2F2024%2F01%2F01%2Fnotes-3+2024")
    following = cdx_rows(
        cdx, url="tribune.example/archive/*", limit="4", showResumeKey="true", resumeKey=key
    )
    assert following[1][2].endswith("/notes-4") and following[1] not in rows
    url = cdx.url(
        "web.archive.example",
        "/cdx/search/cdx?"
        + urlencode({"url": "tribune.example/archive/*", "limit": "2", "showResumeKey": "true"}),
    )
    lines = fetch(url)[2].decode().split("\n")
    assert len(lines[0].split(" ")) == 7 and lines[2] == "" and lines[3].startswith("example%2C")


def test_cdx_pages_and_their_count(tmp_path):
    data = {"bulk": [{"path": "https://a.example/{n}", "from": "2024-01-01", "count": 250}]}
    with serve(
        tmp_path, "web.archive.example", "kind: cdx\nblock_lines: 10\npage_blocks: 5\n", data
    ) as web:
        url = web.url("web.archive.example", "/cdx/search/cdx?url=a.example/*&showNumPages=true")
        assert fetch(url)[2] == b"5\n"
        assert len(cdx_rows(web, url="a.example/*", page="4")) == 51


def test_a_memento_at_its_time_or_a_redirect_to_the_nearest(cdx):
    exact = cdx.url(
        "web.archive.example",
        "/web/20250701120000id_/https://tribune.example/news/2025/07/01/run-against-ice",
    )
    status, headers, body = fetch(exact)
    assert (status, body) == (200, b"<p>The run</p>") and "Memento-Datetime" in headers
    near = exact.replace("20250701120000", "20250715")
    status, headers, _ = fetch(near)
    assert status == 302
    assert headers["Location"] == cdx.url(
        "web.archive.example",
        "/web/20250720120000id_/https://www.tribune.example/news/2025/07/01/run-against-ice",
    )
    status, _, _ = fetch(cdx.url("web.archive.example", "/web/2025id_/https://nowhere.example/"))
    assert status == 404
    gone = cdx.url(
        "web.archive.example",
        "/web/20250702120000id_/https://tribune.example/news/2025/07/02/council",
    )
    assert fetch(gone)[0] == 404  # an archived 404 replays as one, with Memento-Datetime
    assert "Memento-Datetime" in fetch(gone)[1]


def test_a_domain_scan_costs_time_as_its_captures_a_narrow_prefix_little(tmp_path):
    settings = "kind: cdx\nscan_delay_per_1000: 0.5\n"
    data = {
        "bulk": [
            {
                "path": "https://big.example/news/{date:%Y/%m/%d}/s-{n}",
                "from": "2024-01-01",
                "count": 2000,
                "per_day": 4,
            }
        ]
    }
    with serve(tmp_path, "web.archive.example", settings, data) as web:
        began = time.monotonic()
        cdx_rows(web, url="big.example/*", filter="original:.*run-against-ice.*")
        whole = time.monotonic() - began
        began = time.monotonic()
        cdx_rows(web, url="big.example/news/2024/03/*", filter="original:.*run-against-ice.*")
        narrow = time.monotonic() - began
        assert whole >= 1.0 and narrow < 0.3, (whole, narrow)
        assert web.services["web.archive.example"].scanned == 2000 + 124


def test_cdx_answers_429_over_its_rate_and_blocks_a_client_that_ignores_it(tmp_path):
    settings = "kind: cdx\nper_minute: 3\nminute: 1\nblock_after: 0.3\nblock_for: 60\n"
    with serve(tmp_path, "web.archive.example", settings, {"captures": CAPTURES}) as web:
        url = web.url("web.archive.example", "/cdx/search/cdx?url=tribune.example/news/*")
        assert [fetch(url)[0] for _ in range(4)] == [200, 200, 200, 429]
        time.sleep(0.35)
        assert fetch(url)[0] == 0  # still asking a minute (here 0.3 s) after the first 429
        memento = web.url(
            "web.archive.example",
            "/web/20250701120000id_/https://tribune.example/news/2025/07/01/run-against-ice",
        )
        assert fetch(memento)[0] == 0  # blocked at the firewall: every request
        service = web.services["web.archive.example"]
        assert (service.limited, len(service.blocked_at), service.refused) == (1, 1, 2)


def test_cdx_excluded_sites_answer_403(tmp_path):
    with serve(
        tmp_path, "web.archive.example", "kind: cdx\nexcluded: [blocked.example]\n", {}
    ) as web:
        status, _, body = fetch(
            web.url("web.archive.example", "/cdx/search/cdx?url=blocked.example/a")
        )
        assert status == 403 and b"Blocked Site Error" in body


# --- WordPress -----------------------------------------------------------------------------


def post(n: int, day: str, title: str, content: str) -> dict[str, Any]:
    return {
        "id": n,
        "title": title,
        "link": f"https://wp.example/{n}",
        "date": f"{day}T09:00:00",
        "content": content,
    }


@pytest.fixture
def wordpress(tmp_path: Path) -> Iterator[FixtureWeb]:
    posts = [post(1, "2025-03-02", "Run Against ICE in Riverside", "Runners ran a loop.")]
    posts += [
        post(
            n,
            f"2025-{4 + n % 8:02d}-{1 + n % 27:02d}",
            f"Council notes {n}",
            "The police office said the service would run against the budget.",
        )
        for n in range(2, 40)
    ]
    posts.append(post(90, "2025-03-20", "Weekend", "A home run against Ice Dogs."))
    (tmp_path / "wp.example").mkdir()
    (tmp_path / "wp.example" / "index.html").write_text("<html>home</html>", encoding="utf-8")
    with serve(tmp_path, "wp.example", "kind: wordpress\n", {"posts": posts}) as web:
        yield web


def wp_feed(web: FixtureWeb, **params: str) -> tuple[int, list[str]]:
    url = web.url("wp.example", "/?" + urlencode({"feed": "rss2", **params}))
    status, _, body = fetch(url)
    links = [part.split("</link>")[0] for part in body.decode().split("<item>")[1:]]
    return status, [link.split("<link>")[1] for link in links]


def test_wordpress_terms_split_drop_stopwords_and_keep_quoted_phrases():
    assert wordpress_terms("Run Against ICE") == ["Run", "Against", "ICE"]
    assert wordpress_terms('"Run Against ICE" in Riverside') == ["Run Against ICE", "Riverside"]
    assert wordpress_terms("the of") == ["the of"]  # stopwords only: one sentence
    assert wordpress_terms("Run Against ICE", sentence=True) == ["Run Against ICE"]


def test_wordpress_unquoted_words_are_anded_substrings_newest_first_ten_a_page(wordpress):
    status, first = wp_feed(wordpress, s="Run Against ICE")
    assert status == 200 and len(first) == 10  # "ice" in police, office, service
    _, fourth = wp_feed(wordpress, s="Run Against ICE", paged="4")
    assert fourth[-1] == "https://wp.example/1"  # the story, oldest, last of 40
    assert wp_feed(wordpress, s="Run Against ICE", paged="5")[0] == 404


def test_wordpress_phrases_sentence_and_month(wordpress):
    assert wp_feed(wordpress, s='"Run Against ICE"')[1] == [
        "https://wp.example/90",
        "https://wp.example/1",
    ]
    assert wp_feed(wordpress, s="Run Against ICE", sentence="1", m="202503")[1] == [
        "https://wp.example/90",
        "https://wp.example/1",
    ]
    assert wp_feed(wordpress, s="Run Against ICE", m="202502")[1] == []


def test_wordpress_rest_search_dates_pages_and_headers(wordpress):
    params = {
        "search": "Run Against ICE",
        "after": "2025-03-01T00:00:00",
        "before": "2025-03-31T00:00:00",
        "per_page": "100",
    }
    url = wordpress.url("wp.example", "/wp-json/wp/v2/posts?" + urlencode(params))
    status, headers, body = fetch(url)
    posts = json.loads(body)
    assert status == 200 and [p["link"] for p in posts] == [
        "https://wp.example/90",
        "https://wp.example/1",
    ]
    assert posts[1]["title"]["rendered"] == "Run Against ICE in Riverside" and posts[1]["date_gmt"]
    assert (headers["X-WP-Total"], headers["X-WP-TotalPages"]) == ("2", "1")
    status, _, body = fetch(url + "&page=2")
    assert status == 400 and json.loads(body)["code"] == "rest_post_invalid_page_number"
    assert fetch(url.replace("per_page=100", "per_page=101"))[0] == 400
    route = wordpress.url("wp.example", "/?rest_route=/wp/v2/posts&per_page=5")
    assert len(json.loads(fetch(route)[2])) == 5


def test_wordpress_advertises_its_rest_api_and_can_refuse_it(tmp_path):
    settings = "kind: wordpress\nrest: false\n"
    (tmp_path / "wp.example").mkdir()
    (tmp_path / "wp.example" / "index.html").write_text("<html>home</html>", encoding="utf-8")
    with serve(tmp_path, "wp.example", settings, {"posts": []}) as web:
        status, headers, _ = fetch(web.url("wp.example", "/"))
        assert status == 200 and 'rel="https://api.w.org/"' in headers["Link"]
        status, _, body = fetch(web.url("wp.example", "/wp-json/wp/v2/posts?search=x"))
        assert status == 401 and json.loads(body)["code"] == "rest_not_logged_in"


# --- BLOX ----------------------------------------------------------------------------------


@pytest.fixture
def blox(tmp_path: Path) -> Iterator[FixtureWeb]:
    assets = [
        {
            "title": "Run Against ICE returns",
            "url": "https://blox.example/story",
            "date": "2025-03-02T10:00:00",
            "text": "Runners met for the Run Against ICE.",
            "type": "article",
        }
    ]
    assets += [
        {
            "title": f"Home run against Ice Dogs {n}",
            "url": f"https://blox.example/s{n}",
            "date": f"2025-{4 + n % 6:02d}-{1 + n:02d}T10:00:00",
            "text": "A home run against Ice Dogs. Another run against Ice Dogs.",
            "type": "article",
        }
        for n in range(25)
    ]
    with serve(tmp_path, "blox.example", "kind: blox\n", {"assets": assets}) as web:
        yield web


def blox_feed(web: FixtureWeb, **params: str) -> list[str]:
    url = web.url("blox.example", "/search/?" + urlencode({"f": "rss", "t": "article", **params}))
    body = fetch(url)[2].decode()
    return [part.split("<link>")[1].split("</link>")[0] for part in body.split("<item>")[1:]]


def test_blox_defaults_to_relevance_and_a_small_page(blox):
    links = blox_feed(blox, q='"Run Against ICE"')
    assert len(links) == 10 and "https://blox.example/story" not in links


def test_blox_sorts_by_start_time_pages_with_l_and_o_and_keeps_d1_d2(blox):
    newest = blox_feed(blox, q='"Run Against ICE"', s="start_time", sd="desc", l="100")
    assert newest[-1] == "https://blox.example/story" and len(newest) == 26
    assert blox_feed(blox, q='"Run Against ICE"', s="start_time", sd="desc", l="5", o="25") == [
        "https://blox.example/story"
    ]
    assert blox_feed(blox, q='"Run Against ICE"', d1="03/01/2025", d2="03/31/2025") == [
        "https://blox.example/story"
    ]


def test_queries_read_phrases_or_and_operators():
    query = parse_query('("Run Against ICE" OR "Carrera contra ICE") sourcelang:english -police')
    assert query.clauses == (("Run Against ICE", "Carrera contra ICE"),)
    assert query.operator("sourcelang") == ["english"] and query.excluded == ("police",)
    assert query.matches("the run against ice went on") and not query.matches("police run")
