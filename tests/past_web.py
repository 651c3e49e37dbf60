"""A loopback web of two past runs, about 230 and 30 days before today, whose eight stories
only the discovery routes for past coverage reach (GDELT searches back to 2017, so it reaches
S2 and S8 as well).

| story | run | only reached by |
| S1 | old | the outlet's WordPress search feed (its feed lists only recent posts) |
| S2 | old | a large outlet's monthly sitemap, by date (its address does not name the run); GDELT |
| S3 | new | the large outlet's sitemap, by the topic in its address |
| S4 | new | GDELT's window search |
| S5 | new | GDELT, then the Wayback Machine: the live page answers 410 |
| S6 | old | robots.txt's sitemap; paywalled, its full text in its archived copy |
| S7 | old | the Wayback Machine's CDX search of the run's window (the story was deleted) |
| S8 | old | Media Cloud's story search; GDELT |

The large outlet's sitemap index holds 24 monthly sitemaps of one story a day. Written at test
time, since its dates follow today.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

OLD_RUN = "Run Against ICE, Riverside"
NEW_RUN = "Run Against ICE, Oxnard"
FILLER = (
    "The city council met on {day} to discuss road repairs, a new library branch and the "
    "budget for summer programs. Council members heard from residents about parking near the "
    "market, and the public works director said crews would repave four streets before the "
    "end of the month. A vote on the library was set for the next meeting, and the budget "
    "hearing will continue with comments from the school district and the parks department. "
    "Item {n} on the agenda was postponed."
)


@dataclass(frozen=True)
class Story:
    key: str
    host: str
    path: str
    run: str
    day: date
    title: str
    paragraphs: tuple[str, ...]

    @property
    def canonical(self) -> str:
        return f"https://{self.host}{self.path}"

    @property
    def served(self) -> str:
        return f"{{{{origin:{self.host}}}}}{self.path}"


def _story_text(run: str, place: str, park: str, speaker: str, day: date) -> tuple[str, ...]:
    return (
        f"{place.upper()} — Hundreds of runners and walkers gathered at {park} on "
        f"{day:%B} {day.day} for the Run Against ICE, a protest run against immigration raids "
        f"in {place} organized by a volunteer running club.",
        f"The route looped through {park} and past the neighborhoods where families were "
        "detained this year, organizers said, and runners carried signs in English and Spanish.",
        f"\u201cWe run so that our neighbors know they are not alone,\u201d said {speaker}, "
        f"one of the organizers of the run in {place}.",
        "Volunteers handed out water and know-your-rights cards at the finish line, and a "
        "local pastor blessed the runners before the start of the protest run.",
    )


def stories(today: date) -> list[Story]:
    """Return the eight stories of the two runs, dated from today."""
    old, new = today - timedelta(days=230), today - timedelta(days=30)
    riverside = ("Riverside", "Fairmount Park")
    oxnard = ("Oxnard", "Plaza Park")

    def make(key, host, slug, run, day, title, place, speaker):
        path = f"/news/{day:%Y/%m/%d}/{slug}"
        text = _story_text(run, place[0], place[1], speaker, day)
        return Story(key, host, path, run, day, title, text)

    return [
        make(
            "S1",
            "valleyvoice.example",
            "runners-take-on-the-heat",
            OLD_RUN,
            old + timedelta(1),
            "Runners take on the heat for the Run Against ICE in Riverside",
            riverside,
            "Ana Morales",
        ),
        make(
            "S2",
            "bigpaper.example",
            "a-long-morning-in-the-park",
            OLD_RUN,
            old + timedelta(2),
            "Protest runners fill Fairmount Park in the Run Against ICE",
            riverside,
            "Luis Herrera",
        ),
        make(
            "S3",
            "bigpaper.example",
            "run-against-ice-draws-hundreds-in-oxnard",
            NEW_RUN,
            new,
            "Run Against ICE draws hundreds in Oxnard",
            oxnard,
            "Marta Ruiz",
        ),
        make(
            "S4",
            "metro.example",
            "oxnard-runners-take-to-plaza-park",
            NEW_RUN,
            new + timedelta(1),
            "Oxnard runners hold a Run Against ICE at Plaza Park",
            oxnard,
            "Diego Campos",
        ),
        make(
            "S5",
            "metro.example",
            "photos-the-run-against-ice-in-oxnard",
            NEW_RUN,
            new + timedelta(1),
            "Photos: the Run Against ICE in Oxnard",
            oxnard,
            "Rosa Delgado",
        ),
        make(
            "S6",
            "tribune.example",
            "riverside-runners-return",
            OLD_RUN,
            old + timedelta(1),
            "Run Against ICE returns to Riverside's Fairmount Park",
            riverside,
            "Carmen Vega",
        ),
        make(
            "S7",
            "tribune.example",
            "run-against-ice-riverside-route-map",
            OLD_RUN,
            old + timedelta(3),
            "The Run Against ICE in Riverside: the route",
            riverside,
            "Jorge Soto",
        ),
        make(
            "S8",
            "metro.example",
            "a-protest-run-in-riverside",
            OLD_RUN,
            old + timedelta(2),
            "A protest run in Riverside draws families: Run Against ICE",
            riverside,
            "Elena Ortiz",
        ),
    ]


def page(story: Story, paywalled: bool = False, teaser: bool = False) -> str:
    """Return a story page; a paywalled one declares itself not free, a teaser shows one line."""
    shown = story.paragraphs[:1] if teaser else story.paragraphs
    body = "\n".join(f"<p>{p}</p>" for p in shown)
    words = sum(len(p.split()) for p in story.paragraphs)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.paragraphs[0],
        "datePublished": f"{story.day}T09:00:00-08:00",
        "wordCount": words,
    }
    if paywalled:
        ld["isAccessibleForFree"] = False
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{story.title}</title>
<link rel="canonical" href="{story.canonical}">
<meta property="og:title" content="{story.title}">
<meta name="description" content="{story.paragraphs[0]}">
<meta property="article:published_time" content="{story.day}T09:00:00-08:00">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body><article><h1>{story.title}</h1><p class="byline">By Staff</p>
{body}
{'<div class="paywall">Subscribe to keep reading.</div>' if teaser else ""}
</article></body></html>
"""


def filler_page(host: str, path: str, day: date, n: int) -> str:
    title = f"Council notes for {day:%B} {day.day}, item {n}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://{host}{path}">
<meta property="article:published_time" content="{day}T09:00:00-08:00">
</head><body><article><h1>{title}</h1>
<p>{FILLER.format(day=day.isoformat(), n=n)}</p>
</article></body></html>
"""


def _write(root: Path, host: str, path: str, text: str) -> None:
    file = root / host / path.lstrip("/")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def write_past_web(root: Path, today: date, gdelt_pace: float) -> dict[str, object]:
    """Write the web under root; return its facts (stories, sitemap size)."""
    all_stories = {s.key: s for s in stories(today)}
    s = all_stories
    home = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t}</title>{head}</head>'
        "<body><h1>{t}</h1></body></html>"
    )

    # WordPress outlet: its feed has only recent posts; its search feed finds S1.
    wp = "valleyvoice.example"
    _write(
        root,
        wp,
        "/index.html",
        home.format(
            t="Valley Voice",
            head=(
                '<meta name="generator" content="WordPress 6.6.2">'
                '<link rel="https://api.w.org/" href="{{origin}}/wp-json/">'
                '<link rel="alternate" type="application/rss+xml" '
                'href="{{origin}}/feed.xml">'
            ),
        ),
    )
    recent = [
        (f"/news/{today - timedelta(d):%Y/%m/%d}/council-notes-{d}", today - timedelta(d))
        for d in (1, 2)
    ]
    items = "".join(
        f"<item><title>Council notes {d}</title><link>{{{{origin}}}}{p}</link>"
        f"<pubDate>{d:%a, %d %b %Y} 09:00:00 +0000</pubDate></item>"
        for p, d in recent
    )
    _write(
        root,
        wp,
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>Valley Voice</title>{items}</channel></rss>",
    )
    for n, (p, d) in enumerate(recent):
        _write(root, wp, p + ".html", filler_page(wp, p, d, n))
    _write(root, wp, s["S1"].path + ".html", page(s["S1"]))
    posts = [
        {
            "title": s["S1"].title,
            "link": s["S1"].served,
            "date": f"{s['S1'].day}T09:00:00",
            "content": " ".join(s["S1"].paragraphs),
        }
    ]
    posts += [
        {
            "title": f"Council notes {d}",
            "link": f"{{{{origin:{wp}}}}}{p}",
            "date": f"{d}T09:00:00",
            "content": FILLER,
        }
        for p, d in recent
    ]
    _write(root, wp, "/_data.json", json.dumps({"posts": posts}))
    _write(root, wp, "/_service.yml", "kind: wordpress\n")

    # The large outlet: robots.txt names a sitemap index of 24 monthly sitemaps.
    big = "bigpaper.example"
    _write(
        root,
        big,
        "/robots.txt",
        "User-agent: *\nDisallow: /account/\nSitemap: {{origin}}/sitemap_index.xml\n",
    )
    _write(root, big, "/index.html", home.format(t="Big Paper", head=""))
    children, listed = [], 0
    for year, month in _months_back(today, 24):
        urls, day, n = [], date(year, month, 1), 0
        while day.month == month and day <= today:
            path = f"/news/{day:%Y/%m/%d}/council-notes"
            _write(root, big, path + ".html", filler_page(big, path, day, n))
            urls.append((path, day))
            for story in (s["S2"], s["S3"]):
                if story.day == day:
                    _write(root, big, story.path + ".html", page(story))
                    urls.append((story.path, day))
            day += timedelta(1)
            n += 1
        listed += len(urls)
        body = "".join(
            f"<url><loc>{{{{origin}}}}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in urls
        )
        name = f"/sitemaps/sitemap-{year}-{month:02d}.xml"
        _write(
            root,
            big,
            name,
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>',
        )
        children.append((name, min(day - timedelta(1), today)))
    index = "".join(
        f"<sitemap><loc>{{{{origin}}}}{n}</loc><lastmod>{d}</lastmod></sitemap>"
        for n, d in children
    )
    _write(
        root,
        big,
        "/sitemap_index.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{index}</sitemapindex>",
    )

    # The paywalled outlet: robots.txt names its sitemap; S6 shows a teaser; S7 is gone.
    trib = "tribune.example"
    _write(root, trib, "/robots.txt", "User-agent: *\nSitemap: {{origin}}/sitemap.xml\n")
    _write(root, trib, "/index.html", home.format(t="Tribune", head=""))
    _write(root, trib, s["S6"].path + ".html", page(s["S6"], paywalled=True, teaser=True))
    _write(
        root,
        trib,
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{s['S6'].served.replace('{{origin:' + trib + '}}', '{{origin}}')}</loc>"
        f"<lastmod>{s['S6'].day}</lastmod></url></urlset>",
    )

    # A metro outlet with no feed and no sitemap: S4 and S8 live, S5 deleted (410).
    metro = "metro.example"
    _write(root, metro, "/index.html", home.format(t="Metro", head=""))
    for key in ("S4", "S8"):
        _write(root, metro, s[key].path + ".html", page(s[key]))
    _write(root, metro, "/_routes.yml", f'{s["S5"].path}: {{status: 410, body: "Removed"}}\n')

    # GDELT: S3, S4 and S5 in the new run's window; S2 and S8 in the old run's (GDELT searches
    # back to 2017). Seen days spread so that the new window, capped at 2, splits twice.
    seen_after = {"S2": 0, "S3": 0, "S4": 1, "S5": 9, "S8": 0}
    articles = [
        {
            "url": st.served,
            "title": st.title,
            "domain": st.host,
            "seendate": f"{st.day + timedelta(seen_after[st.key]):%Y%m%d}T150000Z",
            "language": "English",
            "sourcecountry": "United States",
            "text": st.paragraphs[0],
        }
        for st in (s["S2"], s["S3"], s["S4"], s["S5"], s["S8"])
    ]
    _write(root, "gdelt.example", "/_data.json", json.dumps({"articles": articles}))
    _write(root, "gdelt.example", "/_service.yml", f"kind: gdelt\npace: {gdelt_pace}\n")

    # The Wayback Machine: S5 and S6 archived before they went; S7 only there.
    def stamp(day: date) -> str:
        return f"{day:%Y%m%d}120000"

    captures = [
        {
            "timestamp": stamp(s["S5"].day + timedelta(1)),
            "original": s["S5"].served,
            "html": page(s["S5"]),
        },
        {
            "timestamp": stamp(s["S6"].day + timedelta(30)),
            "original": s["S6"].served,
            "html": page(s["S6"], paywalled=True),
        },
        {
            # Archived under the outlet's own domain, as the live web knew it.
            "timestamp": stamp(s["S7"].day + timedelta(1)),
            "original": s["S7"].canonical,
            "html": page(s["S7"]),
        },
        {
            "timestamp": stamp(s["S7"].day + timedelta(1)),
            "original": f"{{{{origin:{trib}}}}}/news/{s['S7'].day:%Y/%m/%d}/council-notes",
            "html": filler_page(trib, "/x", s["S7"].day, 1),
        },
    ]
    _write(root, "archive.example", "/_data.json", json.dumps({"captures": captures}))
    # The archive's limits scaled down (live: 60 CDX requests a minute) to the tests' pace.
    _write(
        root,
        "archive.example",
        "/_service.yml",
        "kind: cdx\nper_minute: 60\nminute: 2\nblock_after: 2\nblock_for: 120\n",
    )

    # Media Cloud: S8.
    mc = [
        {
            "url": s["S8"].served,
            "title": s["S8"].title,
            "publish_date": f"{s['S8'].day} 09:00:00",
            "media_name": metro,
            "text": s["S8"].paragraphs[0],
        }
    ]
    _write(root, "mediacloud.example", "/_data.json", json.dumps({"stories": mc}))
    # Two story-list calls a minute, scaled to a minute of 0.3 s for the tests' pace.
    _write(
        root,
        "mediacloud.example",
        "/_service.yml",
        "kind: mediacloud\nper_minute: 2\nminute: 0.3\n",
    )

    old, new = today - timedelta(days=230), today - timedelta(days=30)
    _write(
        root,
        "",
        "/sources.yml",
        f"""\
contact: https://example.org/runarchive-tests
topic:
  phrases: ["Run Against ICE", "Carrera contra ICE"]
search:
  gdelt: {{url: "{{{{origin:gdelt.example}}}}/api/v2/doc/doc", max_records: 2}}
  wayback: {{url: "{{{{origin:archive.example}}}}"}}
  mediacloud: {{url: "{{{{origin:mediacloud.example}}}}/api/"}}
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
  - domain: {wp}
    site: "{{{{origin:{wp}}}}}/"
  - domain: {big}
    site: "{{{{origin:{big}}}}}/"
  - domain: {trib}
    site: "{{{{origin:{trib}}}}}/"
  - domain: {metro}
    site: "{{{{origin:{metro}}}}}/"
""",
    )
    return {"stories": all_stories, "big_listed": listed}
