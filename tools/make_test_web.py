"""Write the test web (tests/fixtures/web/): every awkward answer a site gives, on three hosts.

Run from the repository root: python tools/make_test_web.py
The output is committed; this script documents how it was made and remakes it.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "web"
CLOSING = (
    "Organizers asked runners to bring water, wear comfortable shoes and look out for one "
    "another, and said volunteers at the finish would share information in English and Spanish."
)


def page(title, canonical, paragraphs, date="2025-10-04", links=(), lang="en", charset="utf-8"):
    links_html = "\n".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    if len(paragraphs) == 2:
        paragraphs = [*paragraphs, CLOSING]  # every story clears the article length floor
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:00:00-07:00">
</head><body>
<nav><a href="/">Home</a> <a href="/sections/local">Local</a> <a href="/sections/sports">Sports</a></nav>
<article><h1>{title}</h1><p class="byline">By Test Reporter</p><time datetime="{date}">{date}</time>
{body}
</article>
<aside><h2>Related</h2><ul>
{links_html}
</ul></aside>
<footer>© News Example. All rights reserved.</footer>
</body></html>
"""


def w(host, path, content):
    f = ROOT / host / path.lstrip("/")
    f.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    f.write_bytes(content)


FRESNO = [
    "FRESNO — More than two hundred runners and walkers took part on Saturday in the first Run Against ICE in Fresno, a five-kilometer loop through Roeding Park organized by a volunteer running collective.",
    "Organizers said the route passed the neighborhoods where farmworkers were detained in August, and that the run was meant to show families that they are not alone.",
    "\u201cWe run so that nobody has to hide,\u201d said Marisela Gutierrez, who founded the collective last year. \u201cEvery step is for a family that is waiting.\u201d",
    "Volunteers handed out water, fruit and know-your-rights cards in English and Spanish at the finish line, and a local pastor blessed the runners before the start.",
]
N = "news.example"
w(N, "robots.txt", "User-agent: *\nDisallow: /private/\n")
w(
    N,
    "stories/runners-rally-in-fresno.html",
    page(
        "Runners rally in Fresno for the first Run Against ICE",
        "https://news.example/stories/runners-rally-in-fresno",
        FRESNO,
        links=[
            ("/stories/run-against-ice-returns-in-october", "Run Against ICE returns in October"),
            ("/stories/city-council-budget", "City council passes its budget"),
            (
                "{{origin:wire.example}}/2025/run-against-ice-wire",
                "Runners Against ICE across California",
            ),
            ("{{origin:wire.example}}/drafts/run-against-ice-draft", "Run Against ICE draft story"),
        ],
    ),
)
w(
    N,
    "stories/runners-rally-in-fresno/amp.html",
    page(
        "Runners rally in Fresno for the first Run Against ICE",
        "https://news.example/stories/runners-rally-in-fresno",
        FRESNO,
    ),
)
w(
    N,
    "stories/run-against-ice-returns-in-october.html",
    page(
        "Run Against ICE returns in October",
        "https://news.example/stories/run-against-ice-returns-in-october",
        [
            "FRESNO — The running collective behind the Run Against ICE said on Tuesday that it will hold a second run in October, this time through downtown Fresno past the federal building.",
            "The group expects twice as many runners as in September, when more than two hundred people joined the five-kilometer loop through Roeding Park to protest immigration raids.",
            "Registration is free, and organizers said strollers, wheelchairs and walkers are welcome on the course, which will close to traffic for two hours on Sunday morning.",
        ],
        date="2025-10-07",
    ),
)
w(
    N,
    "stories/city-council-budget.html",
    page(
        "City council passes its budget",
        "https://news.example/stories/city-council-budget",
        [
            "FRESNO — The city council passed a budget on Tuesday that adds money for road repairs, parks and libraries, after a long debate over police overtime and the cost of new fire trucks.",
            "Council members voted five to two. The budget takes effect in July and includes a small raise for city workers, the first in three years, and a new program for street trees.",
        ],
    ),
)
w(
    N,
    "stories/spring-5k.html",
    page(
        "Fresno Run Against ICE organizers plan a spring 5K",
        "https://news.example/stories/spring-5k",
        [
            "FRESNO — Organizers of the Run Against ICE in Fresno are planning a spring 5K that will start at Roeding Park and end at the federal courthouse, they said in a post on social media.",
            "The first run drew more than two hundred people in September. The collective said it is talking with churches and unions about water stations and first-aid tents along the course.",
        ],
        date="2025-11-02",
    ),
)
w(
    N,
    "stories/busy-night.html",
    page(
        "Night run against ICE lights up the Tower District",
        "https://news.example/stories/busy-night",
        [
            "FRESNO — Dozens of runners wearing headlamps joined a night Run Against ICE through the Tower District on Friday, stopping at a taqueria whose owner was detained in the summer.",
            "Neighbors cheered from porches and balconies. Organizers said the night run was quieter than the September event but that more young people came, many of them for the first time.",
        ],
        date="2025-10-18",
    ),
)
w(
    N,
    "stories/flaky.html",
    page(
        "Second Run Against ICE draws families to Woodward Park",
        "https://news.example/stories/flaky",
        [
            "FRESNO — Families with strollers and dogs filled the trails of Woodward Park on Sunday for another Run Against ICE, the third such event in the city this fall, organizers said.",
            "The run ended with a picnic and a short rally where speakers urged residents to learn their rights and to sign up for the rapid response network that alerts neighbors to raids.",
        ],
        date="2025-10-26",
    ),
)
w(
    N,
    "stories/changing-story.html",
    page(
        "Run Against ICE organizers count the turnout",
        "https://news.example/stories/changing-story",
        [
            "FRESNO — Organizers of the Run Against ICE said on Sunday that about 150 people took part in the run, according to a first count at the finish line in Roeding Park.",
            "The collective said it would publish a final count after volunteers compared their sign-in sheets, and thanked the city for closing the road along the park for the morning.",
        ],
        date="2025-09-21",
    ),
)
w(
    N,
    "versions/changing-story-v2.html",
    page(
        "Run Against ICE organizers count the turnout",
        "https://news.example/stories/changing-story",
        [
            "FRESNO — Organizers of the Run Against ICE said on Sunday that about 230 people took part in the run, according to a final count of the sign-in sheets at Roeding Park.",
            "The collective had first estimated 150 runners. It thanked the city for closing the road along the park for the morning and said a second run is planned for October.",
        ],
        date="2025-09-21",
    ),
)
w(
    N,
    "stories/with-etag.html",
    page(
        "Run Against ICE route map published",
        "https://news.example/stories/with-etag",
        [
            "FRESNO — The collective behind the Run Against ICE published a map of the route on Thursday: five kilometers around Roeding Park, with water at the zoo entrance and the finish by the lake.",
            "Runners are asked to arrive by 7:30 in the morning. Parking is free in the west lot, and volunteers in orange vests will guide walkers and families with strollers along the course.",
        ],
        date="2025-09-18",
    ),
)
w(
    N,
    "private/secret-run.html",
    page(
        "Run Against ICE private planning notes",
        "https://news.example/private/secret-run",
        ["Private."] * 3,
    ),
)
cp = page(
    "Carrera contra ICE en Fresno: corredores con el corazón en la meta",
    "https://news.example/stories/cp1252-story",
    [
        "FRESNO — Más de doscientas personas participaron el sábado en la Carrera contra ICE, un recorrido de cinco kilómetros por el parque Roeding organizado por un colectivo de corredores.",
        "“Corremos con el corazón para que ninguna familia se sienta sola”, dijo una organizadora al final del recorrido, mientras los voluntarios repartían agua y fruta.",
        "La próxima carrera será en octubre, frente al edificio federal del centro de la ciudad, según anunció el colectivo en sus redes sociales.",
    ],
    lang="es",
    date="2025-09-20",
    charset="utf-8",
)
w(N, "raw/cp1252-story.html", cp.encode("cp1252"))
w(N, "files/results.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
w(
    N,
    "img/finish.png",
    bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20,
)
w(
    N,
    "feed.rss",
    """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News Example</title><link>{{origin}}/</link>
<item><title>Run Against ICE organizers count the turnout</title><link>/stories/changing-story</link></item>
<item><title>Run Against ICE route map published</title><link>stories/with-etag</link></item>
<item><title>Runners rally in Fresno</title><link>/stories/runners-rally-in-fresno?utm_source=rss&amp;utm_medium=feed</link></item>
</channel></rss>
""",
)
w(
    N,
    "news-sitemap.xml",
    """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{{origin}}/stories/runners-rally-in-fresno/amp</loc>
<news:news><news:publication><news:name>News Example</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2025-09-28T09:00:00-07:00</news:publication_date><news:title>Runners rally in Fresno for the first Run Against ICE</news:title></news:news></url>
<url><loc>{{origin}}/stories/busy-night</loc>
<news:news><news:publication><news:name>News Example</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2025-10-18</news:publication_date><news:title>Night run against ICE lights up the Tower District</news:title></news:news></url>
</urlset>
""",
)
# gzip sitemaps are compressed at serve time (gzip_of), once their links name the ports.
w(
    N,
    "sitemap-2025.xml",
    """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{{origin}}/stories/spring-5k</loc><lastmod>2025-11-02</lastmod></url>
<url><loc>{{origin}}/stories/flaky</loc></url>
</urlset>
""",
)
w(
    N,
    "sitemap_index.xml",
    """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{{origin}}/sitemap-2025.xml.gz</loc></sitemap>
</sitemapindex>
""",
)
w(
    N,
    "_routes.yml",
    """# Every awkward answer a real site gives, one path each.
/old/fresno-run: {status: 301, location: /tmp/fresno-run}
/tmp/fresno-run: {status: 302, location: /stories/runners-rally-in-fresno}
/loop/a: {status: 302, location: /loop/b}
/loop/b: {status: 302, location: /loop/a}
/gone: {status: 410, body: "<html><body>This story was removed.</body></html>"}
/flaky: {status: 500, body: "<html><body>Server error</body></html>", then: {status: 200, body_file: /stories/flaky.html}}
/busy: {status: 429, headers: {Retry-After: "1"}, body: "Too many requests", then: {status: 200, body_file: /stories/busy-night.html}}
/stories/cp1252-story: {body_file: /raw/cp1252-story.html, raw: true, content_type: "text/html; charset=utf-8"}
/huge: {size_mb: 20}
/stories/changing-story: {then: {body_file: /versions/changing-story-v2.html}}
/stories/with-etag: {headers: {ETag: '"route-map-v1"'}}
/sitemap-2025.xml.gz: {gzip_of: /sitemap-2025.xml, content_type: application/gzip}
/sitemap_index.xml.gz: {gzip_of: /sitemap_index.xml, content_type: application/gzip}
""",
)

WIRE = "wire.example"
w(
    WIRE,
    "_host.yml",
    "# A second outlet on another loopback address, with its own robots.txt.\naddress: 127.0.0.2\n",
)
w(WIRE, "robots.txt", "User-agent: *\nDisallow: /drafts/\n")
w(
    WIRE,
    "2025/run-against-ice-wire.html",
    page(
        "Runners Against ICE across California",
        "https://wire.example/2025/run-against-ice-wire",
        [
            "SACRAMENTO — From Bakersfield to Fresno and Los Angeles, runners have turned weekend group runs into protests against immigration raids, joining a Run Against ICE in at least five cities.",
            "Organizers say the runs are a way to be seen without confrontation. Most are five-kilometer loops through parks, with water stations, know-your-rights tables and a short rally at the end.",
        ],
        date="2025-10-01",
    ),
)
w(
    WIRE,
    "drafts/run-against-ice-draft.html",
    page("Draft", "https://wire.example/drafts/run-against-ice-draft", ["Draft."] * 3),
)

S = "search.example"
w(
    S,
    "api/v2/doc/doc.json",
    json.dumps(
        {
            "articles": [
                {
                    "url": "{{origin:wire.example}}/2025/run-against-ice-wire",
                    "url_mobile": "",
                    "title": "Runners Against ICE across California",
                    "seendate": "20251001T153000Z",
                    "socialimage": "",
                    "domain": "wire.example",
                    "language": "English",
                    "sourcecountry": "United States",
                },
                {
                    "url": "{{origin:news.example}}/stories/spring-5k",
                    "url_mobile": "",
                    "title": "Fresno Run Against ICE organizers plan a spring 5K",
                    "seendate": "20251102T120000Z",
                    "socialimage": "",
                    "domain": "news.example",
                    "language": "English",
                    "sourcecountry": "United States",
                },
            ]
        },
        indent=1,
    ),
)
w(
    S,
    "rss/search.rss",
    """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<generator>NFE/5.0</generator><title>"Run Against ICE" - Google News</title><link>https://news.google.com/search?q=%22Run+Against+ICE%22&amp;hl=en-US&amp;gl=US&amp;ceid=US:en</link>
<language>en-US</language><webMaster>news-webmaster@google.com</webMaster><copyright>Copyright © 2025 Google. All rights reserved.</copyright>
<lastBuildDate>Sun, 02 Nov 2025 20:00:00 GMT</lastBuildDate><description>Google News</description>
<item><title>Run Against ICE returns in October - News Example</title><link>{{origin}}/rss/articles/{{gnews:{{origin:news.example}}/stories/run-against-ice-returns-in-october}}?oc=5</link><guid isPermaLink="false">{{gnews:x}}</guid><pubDate>Tue, 07 Oct 2025 15:00:00 GMT</pubDate><description>Run Against ICE returns in October</description><source url="https://news.example">News Example</source></item>
<item><title>Runners Against ICE across California - Wire Example</title><link>{{origin}}/rss/articles/AU_yqLNz8Redirects?oc=5</link><guid isPermaLink="false">AU_yqLNz8Redirects</guid><pubDate>Wed, 01 Oct 2025 15:30:00 GMT</pubDate><description>Runners Against ICE across California</description><source url="https://wire.example">Wire Example</source></item>
<item><title>Paywalled run coverage - The Daily Paper</title><link>{{origin}}/rss/articles/AU_yqLPaywalledLead?oc=5</link><guid isPermaLink="false">AU_yqLPaywalledLead</guid><pubDate>Sat, 27 Sep 2025 12:00:00 GMT</pubDate><description>Paywalled run coverage</description><source url="https://dailypaper.example">The Daily Paper</source></item>
<item><title>Runners gather for a spring 5K - News Example</title><link>{{origin}}/rss/articles/AU_yqLNewStyle?oc=5</link><guid isPermaLink="false">AU_yqLNewStyle</guid><pubDate>Sun, 02 Nov 2025 12:00:00 GMT</pubDate><description>Runners gather for a spring 5K</description><source url="https://news.example">News Example</source></item>
</channel></rss>
""",
)
w(
    S,
    "consent.html",
    "<html><head><title>Before you continue to Google News</title></head><body><p>Sign in or accept cookies to continue.</p></body></html>",
)
w(
    S,
    "_routes.yml",
    """# Recorded answers of the GDELT DOC 2.0 API (ArtList JSON) and Google News RSS search.
/api/v2/doc/doc: {body_file: /api/v2/doc/doc.json, content_type: "application/json; charset=utf-8"}
/rss/search: {body_file: /rss/search.rss, content_type: "application/xml; charset=utf-8"}
/rss/articles/AU_yqLNz8Redirects: {status: 302, location: "{{origin:wire.example}}/2025/run-against-ice-wire"}
/rss/articles/AU_yqLPaywalledLead: {body_file: /consent.html}
/rss/articles/AU_yqLNewStyle: {body_file: /newstyle.html}
/_/DotsSplashUi/data/batchexecute: {body_file: /batchexecute.txt, content_type: "application/json; charset=utf-8"}
""",
)
# A link issued since mid-2024: its page's signature, and Google's answer to decoding it.
w(
    S,
    "newstyle.html",
    '<html><body><c-wiz><div jscontroller="aLI87" data-n-a-id="AU_yqLNewStyle" data-n-a-ts="1730548800" data-n-a-sg="AZ5r3eTestSignature"></div></c-wiz></body></html>',
)
w(
    S,
    "batchexecute.txt",
    ')]}\'\n\n[["wrb.fr","Fbv4je","[\\"garturlres\\",\\"{{origin:news.example}}/stories/spring-5k\\",1]",null,null,null,"generic"],["di",12],["af.httprm",12,"-1",7]]\n',
)
w(
    "",
    "sources.yml",
    """# The test web's sources: every discovery route and every awkward answer.
contact: https://example.org/runarchive-tests
topic:
  phrases: ["Run Against ICE", "Runners Against ICE", "Carrera contra ICE"]
search:
  gdelt: {url: "{{origin:search.example}}/api/v2/doc/doc"}
  google_news: {url: "{{origin:search.example}}/rss/search", editions: [en-US:US]}
follow:
  depth: 1
# One run, so that the dated sitemaps and the search windows have a window to fall in.
events:
  - name: Run Against ICE, Fresno, 2025
    date: 2025-10
    window: [-7, 14]
    terms: [Fresno, Tower District]
outlets:
  - domain: news.example
    name: News Example
    feeds: ["{{origin:news.example}}/feed.rss"]
    sitemaps: ["{{origin:news.example}}/news-sitemap.xml", "{{origin:news.example}}/sitemap_index.xml.gz"]
    articles:
      - "{{origin:news.example}}/old/fresno-run"
      - "{{origin:news.example}}/loop/a"
      - "{{origin:news.example}}/gone"
      - "{{origin:news.example}}/missing"
      - "{{origin:news.example}}/flaky"
      - "{{origin:news.example}}/busy"
      - "{{origin:news.example}}/private/secret-run"
      - "{{origin:news.example}}/files/results.pdf"
      - "{{origin:news.example}}/img/finish.png"
      - "{{origin:news.example}}/stories/cp1252-story"
      - "{{origin:news.example}}/huge"
  - domain: wire.example
    name: Wire Example
""",
)
