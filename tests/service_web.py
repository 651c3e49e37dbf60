"""A loopback web of two past runs, about 230 and 30 days before today, whose search services and
outlet platforms answer as they are documented to (archive/standins/), with their limits
scaled down. Each of its thirteen stories is reachable by one route:

| key | run | reachable by |
| W1 | old | a busy WordPress site's REST API search (hundreds of posts hold "police", "office",
|    |     | "justice" or "service", so unquoted newest-first search leaves it pages behind) |
| W2 | new | a WordPress site without its REST API: its search feed, `sentence=1` and `m=YYYYMM`
|    |     | (sixty sports posts of a "home run against Ice Dogs" are newer) |
| B1 | old | a BLOX site's search feed, given a sort, a page size or dates (by relevance and a small
|    |     | page the sports assets come first) |
| M1 | old | Media Cloud, the second page of the old run's window |
| M2 | new | Media Cloud, the second page of the new run's window: the fourth story-list call |
| G1 | new | Google News: its link redirects within the host, the page's signature decodes it |
| D1 | old | GDELT, 230 days back; GDELT sheds the first two requests with 429s |
| C1 | old | the Wayback Machine: deleted, captured three weeks after the window ended; the outlet
|    |     | has 5,000 captures, so a whole-domain scan outlasts the download timeout |
| P1 | new | its paywalled outlet's feed; the full text only in its archived copy |
| S1 | old | a small outlet's undated sitemap (no lastmod) of three dozen addresses |
| S2 | new | a big outlet's sitemap index of 24 dated monthly sitemaps (more than 700 addresses) |
| S3 | old | a sitemap whose lastmod is after the run's window (updated later, no dated address) |
| R1 | new | a weekly events roundup in a calendar's feed that names the run in one line: a mention,
|    |     | not a story of the run |

Written at test time, since its dates follow today; `write_service_web` returns the facts the
world test checks, with the service settings its crawl must keep to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.past_web import FILLER, Story, filler_page, page

OLD_RUN = "Run Against ICE, Riverside"
NEW_RUN = "Run Against ICE, Oxnard"
WINDOW = (-3, 14)  # the sources file's default window, days around each run
MEDIACLOUD_KEY = "service-web-key"

# Live limits scaled down (GDELT 5 s -> 0.5 s; Media Cloud 2 calls a minute -> 2 calls in 2 s;
# the CDX server 60 a minute -> 60 in 6 s, a one-minute grace before an hour's block -> 6 s and
# 360 s; Google News paced at 0.2 s). The crawl's own paces (tests/test_service_world.py) are
# set just above these.
SERVICES: dict[str, dict[str, Any]] = {
    "api.gdelt.example": {"kind": "gdelt", "pace": 0.5, "shed": 2},
    "search.mediacloud.example": {
        "kind": "mediacloud",
        "per_minute": 2,
        "minute": 2,
        "page_size": 2,
        "token": MEDIACLOUD_KEY,
    },
    "web.archive.example": {
        "kind": "cdx",
        "per_minute": 60,
        "minute": 6,
        "block_after": 6,
        "block_for": 360,
        # 5,000 captures take 5 s to scan, longer than the world crawl's 3 s download timeout
        # (tests/test_service_world.py).
        "scan_delay_per_1000": 1.0,
    },
    "news.google.example": {"kind": "google-news", "pace": 0.2},
    "wirenews.example": {"kind": "wordpress"},
    "lavoz.example": {"kind": "wordpress", "rest": False, "rest_refusal": 401},
    "valleyherald.example": {"kind": "blox"},
}
# Records a story, what it should be filed under, and writes its page unless it is gone.
AddStory = Callable[..., None]
RIVERSIDE = ("Riverside", "Fairmount Park")
OXNARD = ("Oxnard", "Plaza Park")
SPORTS = (
    "The Riverside Rattlers hit a home run against Ice Dogs pitching in the fourth inning, and "
    "the home run against Ice Dogs reliever in the ninth sealed the series."
)
TOWN_NEWS = (
    "The police chief told the office of neighborhood services that patrols would run through "
    "the summer, against the advice of the justice committee. Service requests rose by a fifth, "
    "and the office said the notice period for the new ordinance would run thirty days."
)


@dataclass
class ServiceWeb:
    """What the world holds: its stories, the run each belongs to, and its counts."""

    today: date
    stories: dict[str, Story] = field(default_factory=dict)
    expected_runs: dict[str, str | None] = field(default_factory=dict)
    big_sitemap_urls: int = 0
    hosts: list[str] = field(default_factory=list)


def story_text(place: str, park: str, speaker: str, day: date) -> tuple[str, ...]:
    """Return a run story's paragraphs; the last one only a full copy holds."""
    return (
        f"{place.upper()} — Hundreds of runners and walkers gathered at {park} on {day:%B} "
        f"{day.day} for the Run Against ICE, a protest run against immigration raids in {place} "
        "organized by a volunteer running club.",
        f"The route looped through {park} and past the neighborhoods where families were detained "
        "this year, organizers said, and runners carried signs in English and Spanish.",
        f"\u201cWe run so that our neighbors know they are not alone,\u201d said {speaker}, one of "
        f"the organizers of the run in {place}.",
        "Volunteers handed out water and know-your-rights cards at the finish line, and a local "
        "pastor blessed the runners before the start of the protest run.",
    )


def make_story(
    key: str, host: str, path: str, run: str, day: date, title: str, speaker: str
) -> Story:
    place = RIVERSIDE if run == OLD_RUN else OXNARD
    return Story(key, host, path, run, day, title, story_text(*place, speaker, day))


def write_service_web(root: Path, today: date) -> ServiceWeb:
    """Write the world under root and return its facts."""
    world = ServiceWeb(today)
    old, new = today - timedelta(days=230), today - timedelta(days=30)
    old_end, new_end = old + timedelta(days=WINDOW[1]), new + timedelta(days=WINDOW[1])
    writer = _Writer(root)

    def add(story: Story, expected: str | None, paywalled: bool = False, live: bool = True) -> None:
        world.stories[story.key] = story
        world.expected_runs[story.key] = expected
        if live:
            writer.file(story.host, story.path, page(story, paywalled=paywalled, teaser=paywalled))

    _busy_wordpress(writer, add, today, old)
    _wordpress_without_rest(writer, add, today, new, new_end)
    _blox(writer, add, today, old, old_end)
    _mediacloud(writer, add, old, new)
    _google_news(writer, add, new)
    _gdelt(writer, add, old)
    _wayback(writer, add, today, old, old_end, new)
    from tests.service_sitemaps import _sitemaps  # it builds on this module's helpers

    _sitemaps(writer, world, add, today, old, old_end, new)
    _roundup(writer, add, new)
    writer.sources(old, new)
    world.hosts = writer.hosts()
    return world


class _Writer:
    """Writes host folders: files, home pages, stand-in settings and data."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outlets: dict[str, dict[str, list[str]]] = {}

    def file(self, host: str, path: str, text: str) -> None:
        target = self.root / host / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        elif not target.suffix:
            target = target.with_name(target.name + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def outlet(self, host: str, title: str, head: str = "", **lists: list[str]) -> None:
        """Write an outlet's home page and robots.txt and list it in the sources file."""
        self.file(
            host,
            "/index.html",
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title>{head}</head><body><h1>{title}</h1></body></html>",
        )
        if not (self.root / host / "robots.txt").exists():
            self.file(host, "/robots.txt", "User-agent: *\nDisallow: /account/\n")
        self.outlets[host] = lists

    def service(self, host: str, data: dict[str, Any]) -> None:
        settings = SERVICES[host]
        self.file(
            host, "/_service.yml", "".join(f"{k}: {json.dumps(v)}\n" for k, v in settings.items())
        )
        self.file(host, "/_data.json", json.dumps(data))

    def hosts(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def sources(self, old: date, new: date) -> None:
        """Write sources.yml, and give each host its own loopback address."""
        for number, host in enumerate(self.hosts(), start=2):
            (self.root / host / "_host.yml").write_text(
                f"address: 127.0.0.{number}\n", encoding="utf-8"
            )
        outlets = ""
        for host, lists in self.outlets.items():
            outlets += f'  - domain: {host}\n    site: "{{{{origin:{host}}}}}/"\n'
            for name, urls in lists.items():
                outlets += f"    {name}: [{', '.join(json.dumps(u) for u in urls)}]\n"
        (self.root / "sources.yml").write_text(
            f"""\
contact: https://example.org/runarchive-tests
topic:
  phrases: ["Run Against ICE", "Carrera contra ICE"]
search:
  gdelt: {{url: "{{{{origin:api.gdelt.example}}}}/api/v2/doc/doc"}}
  google_news: {{url: "{{{{origin:news.google.example}}}}/rss/search", editions: [en-US:US]}}
  wayback: {{url: "{{{{origin:web.archive.example}}}}"}}
  mediacloud: {{url: "{{{{origin:search.mediacloud.example}}}}/api/"}}
events:
  - name: {OLD_RUN}
    date: {old}
    place: Fairmount Park, Riverside
    terms: [Riverside, Fairmount Park]
  - name: {NEW_RUN}
    date: {new}
    place: Plaza Park, Oxnard
    terms: [Oxnard, Plaza Park]
outlets:
{outlets}""",
            encoding="utf-8",
        )


def _feed(title: str, entries: list[Story], hour: int = 8) -> str:
    """Return an RSS feed of stories, served addresses and their days."""
    items = "".join(
        f"<item><title>{s.title}</title><link>{s.served}</link>"
        f"<pubDate>{s.day:%a, %d %b %Y} {hour:02d}:00:00 +0000</pubDate></item>"
        for s in entries
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title>{items}</channel></rss>"
    )


WORDPRESS_HEAD = (
    '<meta name="generator" content="WordPress 6.6.2">'
    '<link rel="https://api.w.org/" href="{{origin}}/wp-json/">'
    '<link rel="alternate" type="application/rss+xml" href="{{origin}}/feed.xml">'
)


def _wp_post(host: str, number: int, day: date, title: str, content: str) -> dict[str, Any]:
    path = f"/{day:%Y/%m/%d}/{title.lower().replace(' ', '-').replace(':', '')}-{number}/"
    return {
        "id": number,
        "title": title,
        "link": f"{{{{origin:{host}}}}}{path}",
        "date": f"{day}T09:00:00",
        "content": content,
        "path": path,
    }


def _wp_story_post(story: Story, number: int) -> dict[str, Any]:
    """Return a story as a WordPress post (its page is written with the story's)."""
    return {
        "id": number,
        "title": story.title,
        "link": story.served,
        "date": f"{story.day}T09:00:00",
        "content": " ".join(story.paragraphs),
        "path": story.path,
        "story": True,
    }


def _sports_page(host: str, path: str, day: date, n: int) -> str:
    """Return a page about a baseball game: it holds "run against Ice" but no run."""
    return filler_page(host, path, day, n).replace(FILLER.format(day=day.isoformat(), n=n), SPORTS)


def _wordpress_site(writer: _Writer, host: str, name: str, posts: list[dict[str, Any]]) -> None:
    """Write a WordPress outlet: home page, recent-posts feed, post pages and its stand-in."""
    posts.sort(key=lambda p: p["date"], reverse=True)
    recent = [
        Story("", host, p["path"], "", date.fromisoformat(p["date"][:10]), p["title"], ())
        for p in posts[:10]
    ]
    writer.file(host, "/feed.xml", _feed(name, recent, hour=9))
    for n, post in enumerate(posts):
        if "story" not in post:
            writer.file(
                host,
                post["path"],
                filler_page(host, post["path"], date.fromisoformat(post["date"][:10]), n),
            )
    writer.outlet(host, name, WORDPRESS_HEAD)
    writer.service(
        host, {"posts": [{k: v for k, v in p.items() if k not in ("path", "story")} for p in posts]}
    )


def _busy_wordpress(writer: _Writer, add: AddStory, today: date, old: date) -> None:
    """W1: 400 posts over 300 days; "run", "against" and "ice" (police, office) in most."""
    host = "wirenews.example"
    posts = []
    for n in range(400):
        day = today - timedelta(days=1 + (n * 3) // 4)
        words = TOWN_NEWS if n % 4 else FILLER.format(day=day, n=n)
        posts.append(_wp_post(host, n + 10, day, f"City hall notes {n}", words))
    story = make_story(
        "W1",
        host,
        f"/{old + timedelta(days=1):%Y/%m/%d}/runners-circle-fairmount-park/",
        OLD_RUN,
        old + timedelta(days=1),
        "Runners circle Fairmount Park in the Run Against ICE",
        "Ana Morales",
    )
    add(story, OLD_RUN)
    posts.append(_wp_story_post(story, 1))
    _wordpress_site(writer, host, "Wire News", posts)


def _sports_days(first: date, month_end: date, today: date, count: int) -> list[date]:
    """Return `count` days from `first` to today for sports posts, at most 20 before
    `month_end` (so that the story's month holds few) where later days are left for the rest."""
    early = [first + timedelta(days=n) for n in range((min(month_end, today) - first).days + 1)]
    late = [month_end + timedelta(days=n) for n in range(1, (today - month_end).days + 1)]
    if not late:  # the story's month lasts until today: keep the story within five pages
        return [early[n % len(early)] for n in range(min(count, 40))]
    same = min(20, len(early) * 2, count) if early else 0
    days = [early[n % len(early)] for n in range(same)]
    return days + [late[n % len(late)] for n in range(count - same)]


def _wordpress_without_rest(
    writer: _Writer, add: AddStory, today: date, new: date, new_end: date
) -> None:
    """W2: the REST API refused (401) though advertised; sixty newer posts hold the phrase."""
    host = "lavoz.example"
    story_day = new - timedelta(days=2)  # a preview: its month ends before today
    month_end = (story_day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    posts = [
        _wp_post(host, 100 + n, day, f"Rattlers win game {n}", SPORTS)
        for n, day in enumerate(_sports_days(new_end + timedelta(days=1), month_end, today, 60))
    ]
    posts += [
        _wp_post(
            host,
            300 + n,
            today - timedelta(days=2 * n + 1),
            f"Community notes {n}",
            FILLER.format(day=today, n=n),
        )
        for n in range(40)
    ]
    story = make_story(
        "W2",
        host,
        f"/{story_day:%Y/%m/%d}/oxnard-runners-carry-signs/",
        NEW_RUN,
        story_day,
        "Oxnard runners carry signs in the Run Against ICE",
        "Lucia Paredes",
    )
    add(story, NEW_RUN)
    posts.append(_wp_story_post(story, 2))
    _wordpress_site(writer, host, "La Voz", posts)


def _blox(writer: _Writer, add: AddStory, today: date, old: date, old_end: date) -> None:
    """B1: a BLOX site; forty newer sports assets outrank the story by relevance."""
    host = "valleyherald.example"
    assets = []
    for n in range(40):
        day = old_end + timedelta(days=1 + n * 5)
        path = f"/sports/article_{n:08x}-sports.html"
        writer.file(host, path, _sports_page(host, path, day, n))
        assets.append(
            {
                "title": f"Rattlers hit a home run against Ice Dogs, game {n}",
                "url": f"{{{{origin}}}}{path}",
                "date": f"{day}T10:00:00",
                "text": SPORTS,
                "type": "article",
            }
        )
    for n in range(80):
        day = today - timedelta(days=1 + 3 * n)
        path = f"/news/local/article_{n:08x}-local.html"
        writer.file(host, path, filler_page(host, path, day, n))
        assets.append(
            {
                "title": f"Council notes {n}",
                "url": f"{{{{origin}}}}{path}",
                "date": f"{day}T10:00:00",
                "text": FILLER.format(day=day, n=n),
                "type": "article",
            }
        )
    story = make_story(
        "B1",
        host,
        "/news/local/article_5f0c1d2e-run-against-ice.html",
        OLD_RUN,
        old + timedelta(days=1),
        "Riverside runners answer the Run Against ICE call",
        "Jorge Soto",
    )
    add(story, OLD_RUN)
    assets.append(
        {
            "title": story.title,
            "url": story.served,
            "date": f"{story.day}T10:00:00",
            "text": " ".join(story.paragraphs),
            "type": "article",
        }
    )
    writer.outlet(
        host,
        "Valley Herald",
        '<link rel="preconnect" href="https://bloximages.newyork1.vip.townnews.com">'
        '<meta property="og:image" content="https://bloximages.newyork1.vip.townnews.com/valleyherald.example/content/tncms/site/icon.png">',
    )
    writer.service(host, {"assets": assets})


def _mc_story(
    story_id: str, url: str, title: str, day: date, indexed: int, text: str
) -> dict[str, Any]:
    return {
        "id": story_id,
        "url": url,
        "title": title,
        "publish_date": f"{day} 09:00:00",
        "indexed_date": f"{day}T{indexed:02d}:00:00",
        "media_name": url.split("}}")[0].split(":")[-1],
        "language": "en",
        "collections": [34412234, 38379429],
        "text": text,
    }


def _mediacloud(writer: _Writer, add: AddStory, old: date, new: date) -> None:
    """M1, M2: each on the second page (of two stories) of its window's story-list."""
    stories = []
    for key, host, run, day, title, speaker in (
        (
            "M1",
            "inlandtimes.example",
            OLD_RUN,
            old + timedelta(days=3),
            "Inland runners take the Run Against ICE to Fairmount Park",
            "Elena Ortiz",
        ),
        (
            "M2",
            "harborgazette.example",
            NEW_RUN,
            new + timedelta(days=1),
            "Harbor families line Plaza Park for the Run Against ICE",
            "Rosa Delgado",
        ),
    ):
        story = make_story(
            key, host, f"/local/{day:%Y%m%d}-run-against-ice", run, day, title, speaker
        )
        add(story, run)
        writer.outlet(host, host.split(".")[0].title())
        stories.append(_mc_story(key, story.served, title, day, 1, story.paragraphs[0]))
        for n in range(3):  # indexed later, so listed first: the story is on page two
            path = f"/baseball/{day:%Y%m%d}-game-{key}-{n}"
            writer.file(
                "sportsdesk.example", path, _sports_page("sportsdesk.example", path, day, n)
            )
            stories.append(
                _mc_story(
                    f"{key}-{n}",
                    f"{{{{origin:sportsdesk.example}}}}{path}",
                    f"Home run against Ice Dogs, game {n}",
                    day,
                    10 + n,
                    SPORTS,
                )
            )
    writer.outlet("sportsdesk.example", "Sports Desk")
    writer.service("search.mediacloud.example", {"stories": stories})


def _google_news(writer: _Writer, add: AddStory, new: date) -> None:
    """G1: a newer-kind Google News id, decodable only through its page and batchexecute."""
    host = "metronews.example"
    story = make_story(
        "G1",
        host,
        f"/{new:%Y}/oxnard-plaza-park-runners",
        NEW_RUN,
        new + timedelta(days=1),
        "Plaza Park fills for the Run Against ICE",
        "Diego Campos",
    )
    add(story, NEW_RUN)
    writer.outlet(host, "Metro News")
    item = {
        "url": story.served,
        "title": story.title,
        "text": story.paragraphs[0],
        "source": "Metro News",
        "source_url": "https://metronews.example",
        "published": f"{story.day}T16:00:00Z",
    }
    writer.service("news.google.example", {"items": [item]})


def _gdelt(writer: _Writer, add: AddStory, old: date) -> None:
    """D1: GDELT's only article, 230 days back."""
    host = "coastnews.example"
    story = make_story(
        "D1",
        host,
        "/news/riverside-run-against-ice-draws-families",
        OLD_RUN,
        old + timedelta(days=2),
        "Run Against ICE draws families to Riverside",
        "Marta Ruiz",
    )
    add(story, OLD_RUN)
    writer.outlet(host, "Coast News")
    article = {
        "url": story.served,
        "url_mobile": "",
        "title": story.title,
        "seendate": f"{story.day:%Y%m%d}T150000Z",
        "socialimage": "",
        "domain": host,
        "language": "English",
        "sourcecountry": "United States",
        "text": story.paragraphs[0],
    }
    writer.service("api.gdelt.example", {"articles": [article]})


def _wayback(
    writer: _Writer, add: AddStory, today: date, old: date, old_end: date, new: date
) -> None:
    """C1 deleted (only the archive has it); P1 paywalled (the archive has its full text)."""
    tribune = "tribune.example"
    deleted = make_story(
        "C1",
        tribune,
        f"/news/{old + timedelta(days=3):%Y/%m/%d}/run-against-ice-riverside-route-map",
        OLD_RUN,
        old + timedelta(days=3),
        "The Run Against ICE in Riverside: the route",
        "Carmen Vega",
    )
    add(deleted, OLD_RUN, live=False)
    writer.outlet(tribune, "The Tribune")
    paper = "dailypaper.example"
    paywalled = make_story(
        "P1",
        paper,
        f"/news/{new + timedelta(days=1):%Y/%m/%d}/oxnard-run-against-ice",
        NEW_RUN,
        new + timedelta(days=1),
        "Oxnard's Run Against ICE, mile by mile",
        "Luis Herrera",
    )
    add(paywalled, NEW_RUN, paywalled=True)
    feed = [paywalled] + [
        Story(
            "x",
            paper,
            f"/news/{today - timedelta(days=4 * n + 1):%Y/%m/%d}/council-notes-{n}",
            "",
            today - timedelta(days=4 * n + 1),
            f"Council notes {n}",
            (),
        )
        for n in range(8)
    ]
    for n, item in enumerate(feed[1:]):
        writer.file(paper, item.path, filler_page(paper, item.path, item.day, n))
    writer.file(paper, "/feed.xml", _feed("The Daily Paper", feed))
    writer.outlet(
        paper,
        "The Daily Paper",
        '<link rel="alternate" type="application/rss+xml" href="{{origin}}/feed.xml">',
    )
    full = page(paywalled, paywalled=True)
    captures = [
        {
            "timestamp": f"{old_end + timedelta(days=21):%Y%m%d}101500",
            "original": deleted.canonical,
            "html": page(deleted),
        },
        {
            "timestamp": f"{paywalled.day + timedelta(days=2):%Y%m%d}081000",
            "original": paywalled.canonical,
            "html": full,
        },
        {  # on loopback the served address is not the canonical one: archived under both
            "timestamp": f"{paywalled.day + timedelta(days=2):%Y%m%d}081000",
            "original": paywalled.served,
            "html": full,
        },
    ]
    bulk = [
        {
            "path": f"https://{tribune}/news/{{date:%Y/%m/%d}}/council-notes-{{n}}",
            "from": str(today - timedelta(days=720)),
            "count": 5000,
            "per_day": 7,
        }
    ]
    writer.service("web.archive.example", {"captures": captures, "bulk": bulk})


ROUNDUP_LINES = (
    "Friday: the farmers market opens at 8 a.m. on Main Street.",
    "Friday: a jazz trio plays the library patio at 7 p.m.",
    "Saturday: the Run Against ICE, a protest run at Plaza Park, starts at 8 a.m.",
    "Saturday: the garden club sells seedlings outside city hall.",
    "Saturday: a chess tournament for all ages at the community center.",
    "Sunday: a pancake breakfast at the fire station benefits the youth league.",
    "Sunday: the museum offers free admission and a printmaking workshop.",
    "Sunday: a beach cleanup meets at the pier at 9 a.m.",
)


def _roundup(writer: _Writer, add: AddStory, new: date) -> None:
    """R1: a weekly things-to-do roundup that names the run in one line of eight."""
    host = "communitycalendar.example"
    roundups = []
    for n in range(6):
        day = new - timedelta(days=2) + timedelta(days=7 * (n - 2))
        path = f"/things-to-do/{day:%Y/%m/%d}/this-week"
        lines = (
            ROUNDUP_LINES if n == 2 else tuple(line for line in ROUNDUP_LINES if "ICE" not in line)
        )
        story = Story(
            "R1" if n == 2 else f"roundup-{n}",
            host,
            path,
            "",
            day,
            f"Things to do this week: {day:%B} {day.day}",
            lines,
        )
        writer.file(host, path, _roundup_page(story))
        roundups.append(story)
    add(roundups[2], None, live=False)
    writer.file(host, "/feed.xml", _feed("Community Calendar", roundups, hour=7))
    writer.outlet(
        host, "Community Calendar", feeds=["{{origin:communitycalendar.example}}/feed.xml"]
    )


def _roundup_page(story: Story) -> str:
    items = "".join(f"<li>{line}</li>" for line in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{story.title}</title>
<link rel="canonical" href="{story.canonical}">
<meta property="article:published_time" content="{story.day}T07:00:00-08:00">
</head><body><article><h1>{story.title}</h1><p class="byline">By Calendar Desk</p>
<p>Here is what is happening around town this week.</p><ul>{items}</ul>
</article></body></html>
"""
