"""Write the bundled fixture web (archive/fixture_web/) from the seed texts and fixture_articles.

Run from the repository root: python tools/make_fixture_web.py ../shared/seeds
The output is committed; this script documents how it was made and remakes it deterministically.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixture_articles as texts

ROOT = Path(__file__).resolve().parent.parent / "archive" / "fixture_web"


@dataclass
class Story:
    host: str
    path: str
    title: str
    author: str
    published: str | None  # ISO datetime for metadata; None: only the visible dateline
    visible_date: str
    body: str
    lang: str = "en"
    section: str = "News"
    json_ld: bool = True


def filler_css(seed: int, rules: int) -> str:
    """Return CSS of the bulk a news CMS ships inline."""
    rng = random.Random(seed)
    return "\n".join(
        f".c-{i}-{rng.randint(100, 999)} {{ margin: {rng.randint(0, 40)}px; color: "
        f"#{rng.randint(0, 0xFFFFFF):06x}; font: {rng.randint(10, 24)}px/1.4 sans-serif; }}"
        for i in range(rules)
    )


def filler_js(seed: int, entries: int) -> str:
    """Return the analytics and ad-config blob news pages carry."""
    rng = random.Random(seed)
    config = {
        f"slot_{i}": {
            "sizes": [[300, 250], [728, 90]],
            "targeting": {"kw": [f"k{rng.randint(0, 9999)}" for _ in range(6)]},
        }
        for i in range(entries)
    }
    return "window.__ADS__ = " + json.dumps(config) + ";"


def teaser_list(seed: int, count: int, lang: str) -> str:
    """Return related-story teasers (headline + dek), which extractors tend to pick up."""
    rng = random.Random(seed)
    en = [
        "City council approves new budget for road repairs",
        "Local bakery celebrates 50 years",
        "High school team heads to state finals",
        "Storm brings heavy rain to the valley",
        "New library branch opens downtown",
        "Police investigate weekend break-ins",
        "Farmers worry about water allocations",
        "Zoo welcomes two new otters",
        "Gas prices climb again ahead of holiday",
        "Volunteers clean up river trail",
    ]
    es = [
        "El concejo aprueba presupuesto para reparar calles",
        "Panadería local cumple 50 años",
        "Equipo de preparatoria va a la final estatal",
        "Tormenta trae lluvias al valle",
        "Abre nueva biblioteca en el centro",
        "Agricultores preocupados por el agua",
    ]
    pool = es if lang == "es" else en
    items = []
    for i in range(count):
        headline = pool[rng.randrange(len(pool))]
        dek = (
            "Read more about this developing story from our newsroom, with photos and video."
            if lang == "en"
            else "Lea más sobre esta noticia de nuestra redacción."
        )
        items.append(
            f'<li class="teaser"><a href="/related/{seed}-{i}"><h3>{headline}</h3></a>'
            f'<p class="dek">{dek}</p></li>'
        )
    return "\n".join(items)


def chrome_links(prefix: str, count: int, label: str) -> str:
    """Return a long list of navigation or footer links."""
    return "\n".join(f'<li><a href="/{prefix}/{i}">{label} {i}</a></li>' for i in range(count))


def body_html(body: str) -> str:
    """Return article paragraphs as HTML, bullets as lists and short title lines as headings."""
    out, items = [], []
    for line in (p.strip() for p in body.splitlines()):
        if not line:
            continue
        if line.startswith("• "):
            items.append(f"<li>{html.escape(line[2:], quote=False)}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        text = html.escape(line, quote=False)
        is_heading = len(line) < 60 and not re.search(r"[.!?:\"”»)]$", line)
        out.append(f"<h2>{text}</h2>" if is_heading else f"<p>{text}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(out)


def page(story: Story, site_name: str, seed: int) -> str:
    """Return a full article page with the site chrome of a real news CMS."""
    canonical = f"https://{story.host}{story.path}"
    meta = [
        f'<link rel="canonical" href="{canonical}">',
        f'<meta property="og:title" content="{html.escape(story.title)}">',
        f'<meta property="og:url" content="{canonical}">',
        f'<meta property="og:site_name" content="{site_name}">',
        '<meta property="og:type" content="article">',
        f'<meta name="author" content="{story.author}">',
    ]
    if story.published:
        meta.append(f'<meta property="article:published_time" content="{story.published}">')
        if story.json_ld:
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": story.title,
                "datePublished": story.published,
                "dateModified": story.published,
                "author": {"@type": "Person", "name": story.author},
                "publisher": {"@type": "Organization", "name": site_name},
                "mainEntityOfPage": canonical,
            }
            meta.append('<script type="application/ld+json">' + json.dumps(ld) + "</script>")
    breaking = (
        "ÚLTIMA HORA: Cierre de carriles en la autopista 99 esta noche"
        if story.lang == "es"
        else "BREAKING: Lane closures on Highway 99 tonight; expect delays"
    )
    newsletter = (
        "Suscríbase a nuestro boletín diario"
        if story.lang == "es"
        else "Sign up for our daily newsletter"
    )
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(story.title)} | {site_name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{chr(10).join(meta)}
<style>{filler_css(seed, 340)}</style>
<script>{filler_js(seed, 120)}</script>
</head>
<body class="article-page">
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<div class="breaking-bar"><strong>{breaking}</strong></div>
<header class="site-header"><a class="logo" href="/">{site_name}</a>
<nav class="main-nav"><ul>{chrome_links("section", 60, story.section)}</ul></nav></header>
<div class="ad-slot" id="ad-top">Advertisement</div>
<main>
<article class="story">
<h1 class="headline">{html.escape(story.title)}</h1>
<div class="byline">By <span class="author">{story.author}</span></div>
<div class="dateline"><span class="date">{story.visible_date}</span></div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
<div class="article-body">
{body_html(story.body)}
</div>
</article>
<aside class="newsletter"><h2>{newsletter}</h2><form><input type="email"><button>OK</button>
</form></aside>
<section class="related"><h2>{"Más noticias" if story.lang == "es" else "Related stories"}</h2>
<ul>{teaser_list(seed, 12, story.lang)}</ul></section>
<div class="ad-slot" id="ad-bottom">Advertisement</div>
</main>
<footer class="site-footer"><ul>{chrome_links("about", 80, "Footer link")}</ul>
<p>© 2026 {site_name}. All rights reserved.</p></footer>
</body>
</html>
"""


def listing(site_name: str, lang: str, links: list[tuple[str, str]], seed: int) -> str:
    """Return a home or section page linking to stories."""
    items = "\n".join(
        f'<li><a href="{href}">{html.escape(label)}</a></li>' for href, label in links
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{site_name}</title>
<style>{filler_css(seed, 80)}</style></head>
<body><header><a href="/">{site_name}</a></header>
<main><h1>{site_name}</h1><ul class="stories">
{items}
</ul></main><footer>© 2026 {site_name}</footer></body></html>
"""


def rss(site_name: str, stories: list[Story], relative: bool = False) -> str:
    """Return an RSS 2.0 feed of stories (served links, or relative ones)."""
    items = "\n".join(
        f"<item><title>{html.escape(s.title)}</title>"
        f"<link>{'' if relative else '{{origin}}'}{s.path}</link>"
        f"<guid>https://{s.host}{s.path}</guid></item>"
        for s in stories
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{site_name}</title><link>{{{{origin}}}}/</link>\n{items}\n</channel></rss>\n"
    )


def atom(site_name: str, stories: list[Story]) -> str:
    """Return an Atom feed of stories."""
    entries = "\n".join(
        f"<entry><title>{html.escape(s.title)}</title>"
        f'<link rel="alternate" href="{{{{origin}}}}{s.path}"/>'
        f"<id>https://{s.host}{s.path}</id><updated>2026-03-01T12:00:00Z</updated></entry>"
        for s in stories
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{site_name}</title><id>urn:{site_name}</id>"
        f"<updated>2026-03-01T12:00:00Z</updated>\n{entries}\n</feed>\n"
    )


def sitemap(stories: list[Story]) -> str:
    """Return a sitemap of stories on the served origin, each with its day as lastmod (the
    crawler fetches only entries dated in a run's window or naming the topic)."""
    urls = "\n".join(
        f"<url><loc>{{{{origin}}}}{s.path}</loc>"
        + (f"<lastmod>{s.published[:10]}</lastmod>" if s.published else "")
        + "</url>"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def write(host: str, path: str, content: str | bytes) -> None:
    """Write one file of a fixture host."""
    target = ROOT / host / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def seed_text(seeds: Path, name: str) -> str:
    """Return a seed's text without its "date ..." marker."""
    text = (seeds / name).read_text(encoding="utf-8")
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text).strip()


def html_path(path: str) -> str:
    """Return the file a story path is stored in."""
    return path + ".html" if not path.endswith(".html") else path


def build(seeds: Path) -> None:
    """Write every host of the fixture web."""
    kero_dir = "/news/in-your-neighborhood/bakersfield"
    kero = Story(
        "www.turnto23.com",
        f"{kero_dir}/bakersfield-running-club-hosts-second-annual-"
        "run-against-ice-event-at-hart-park-on-saturday",
        "Bakersfield running club hosts second annual 'Run Against ICE' event at Hart "
        "Park on Saturday",
        "KERO Staff",
        "2026-03-01T09:12:00-08:00",
        "Posted 9:12 AM, Mar 01, 2026",
        seed_text(seeds, "000_cc7c9f58810ff92c.txt"),
    )
    race = Story(
        "www.turnto23.com",
        f"{kero_dir}/kern-county-half-marathon-draws-record-field",
        "Kern County Half Marathon draws record field",
        "KERO Staff",
        "2026-02-22T15:40:00-08:00",
        "Posted 3:40 PM, Feb 22, 2026",
        texts.OFF_TOPIC_KERO,
    )
    for story in (kero, race):
        write(story.host, html_path(story.path), page(story, "23ABC News Bakersfield", 23))
    bad_links = [
        ("/internal/staff-schedule", "Staff schedule"),
        ("/news/missing-story", "A story that was taken down"),
        ("/news/server-error", "Live updates"),
        ("/files/race-results-2026.pdf", "Race results (PDF)"),
        ("/news/malformed-page", "Weekend events"),
    ]
    story_links = [(kero.path, kero.title), (race.path, race.title)]
    write(
        "www.turnto23.com",
        "index.html",
        listing(
            "23ABC News Bakersfield",
            "en",
            [(kero_dir, "Bakersfield"), *story_links, *bad_links],
            231,
        ),
    )
    write(
        "www.turnto23.com",
        f"{kero_dir}/index.html",
        listing("23ABC Bakersfield news", "en", story_links, 232),
    )
    write(
        "www.turnto23.com",
        "internal/staff-schedule.html",
        listing("Internal", "en", [(kero.path, "Run Against ICE schedule")], 233),
    )
    write("www.turnto23.com", "robots.txt", "User-agent: *\nDisallow: /internal/\n")
    write("www.turnto23.com", "feeds/news.rss", rss("23ABC News", [kero, race]))
    write("www.turnto23.com", "sitemap.xml", sitemap([kero, race]))
    write("www.turnto23.com", "_routes.yml", "/news/server-error: {status: 500}\n")
    write("www.turnto23.com", "files/race-results-2026.pdf", minimal_pdf())
    write("www.turnto23.com", "news/malformed-page.html", malformed_page())

    visa = Story(
        "visaverge.com",
        "/news/run-against-ice-15-mile-protest-run-koreatown-to-placita-olvera",
        "'Run Against ICE': 15-mile protest run planned from Koreatown to Placita Olvera",
        "Oliver Smith",
        "2025-07-03T08:30:00+00:00",
        "July 3, 2025",
        seed_text(seeds, "002_4ac5446b0c78684e.txt"),
    )
    write(visa.host, html_path(visa.path), page(visa, "VisaVerge", 2))
    write(visa.host, "index.html", listing("VisaVerge", "en", [(visa.path, visa.title)], 21))
    write(visa.host, "feed.rss", rss("VisaVerge", [visa], relative=True))
    write(visa.host, "robots.txt", "User-agent: *\nDisallow: /wp-admin/\n")

    digest = Story(
        "socalnewsdigest.example",
        "/california/runners-protest-immigration-raids-with-15-mile-run-against-ice",
        "Runners protest immigration raids with 15-mile 'Run Against ICE' through Los Angeles",
        "Digest Staff",
        "2025-07-14T10:00:00-07:00",
        "July 14, 2025",
        seed_text(seeds, "001_b7c162b980c3e79f.txt"),
        json_ld=False,
    )
    night = Story(
        "socalnewsdigest.example",
        "/world/la-runners-turn-long-run-into-protest",
        "LA runners turn a long Saturday run into a protest against immigration raids",
        "Digest Staff",
        "2025-07-20T06:00:00-07:00",
        "July 20, 2025",
        texts.NIGHT_RUNNERS,
        section="World",
    )
    # An aggregator's republished copy of VisaVerge's story: one story, two copies.
    reprint = Story(
        "socalnewsdigest.example",
        "/california/15-mile-protest-run-planned-from-koreatown-to-placita-olvera",
        visa.title,
        "Digest Staff",
        "2025-07-05T09:00:00-07:00",
        "July 5, 2025",
        visa.body + "\nThis story first appeared in VisaVerge.",
    )
    for story in (digest, night, reprint):
        write(story.host, html_path(story.path), page(story, "SoCal News Digest", 1))
    write(
        digest.host,
        "index.html",
        listing("SoCal News Digest", "en", [(s.path, s.title) for s in (digest, night)], 11),
    )
    write(digest.host, "sitemap.xml", sitemap([digest, night, reprint]))

    es_bak = Story(
        "noticiasdelvalle.example",
        "/comunidad/carrera-contra-ice-hart-park-bakersfield",
        "Corredores vuelven a Hart Park en la segunda Carrera contra ICE",
        "Redacción Noticias del Valle",
        None,
        "1 de marzo de 2026",
        texts.ES_BAKERSFIELD,
        lang="es",
        section="Comunidad",
    )
    es_la = Story(
        "noticiasdelvalle.example",
        "/comunidad/carrera-contra-ice-los-angeles-15-millas",
        "Cientos corren 15 millas contra las redadas en Los Ángeles",
        "María Fernanda Ruiz",
        "2025-07-13T18:00:00-07:00",
        "13 de julio de 2025",
        texts.ES_LOS_ANGELES,
        lang="es",
        section="Comunidad",
    )
    es_market = Story(
        "noticiasdelvalle.example",
        "/comunidad/mercado-de-agricultores-cumple-diez-anos",
        "El mercado de agricultores cumple diez años",
        "Redacción Noticias del Valle",
        "2026-02-15T12:00:00-08:00",
        "15 de febrero de 2026",
        texts.ES_OFF_TOPIC,
        lang="es",
        section="Comunidad",
    )
    es_fresno = Story(
        "noticiasdelvalle.example",
        "/comunidad/carrera-contra-ice-fresno",
        "En Fresno, la Carrera contra ICE reúne a trabajadores del campo",
        "María Fernanda Ruiz",
        "2025-09-21T19:30:00-07:00",
        "21 de septiembre de 2025",
        texts.ES_FRESNO,
        lang="es",
        section="Comunidad",
    )
    spanish = [es_bak, es_la, es_fresno, es_market]
    for story in spanish:
        write(story.host, html_path(story.path), page(story, "Noticias del Valle", 7))
    write(
        es_bak.host,
        "index.html",
        listing("Noticias del Valle", "es", [(s.path, s.title) for s in spanish], 71),
    )
    write(es_bak.host, "feed.atom", atom("Noticias del Valle", spanish))
    write(es_bak.host, "sitemap.xml", sitemap(spanish))
    write(es_bak.host, "robots.txt", "User-agent: *\nDisallow: /buscar/\n")

    runner = Story(
        "www.valleyrunner.example",
        "/2025/07/14/run-against-ice-los-angeles",
        "Fifteen miles, one message: runners take on ICE raids in Los Angeles",
        "Jordan Lee",
        "2025-07-14T07:00:00-07:00",
        "July 14, 2025",
        texts.VALLEY_RUNNER,
    )
    santa_ana = Story(
        "www.valleyrunner.example",
        "/2025/08/17/santa-ana-run-against-ice",
        "In Santa Ana, a Run Against ICE turns a neighborhood loop into a protest",
        "Jordan Lee",
        "2025-08-17T08:00:00-07:00",
        "August 17, 2025",
        texts.SANTA_ANA,
    )
    stories = [runner, santa_ana]
    for story in stories:
        write(story.host, html_path(story.path), page(story, "Valley Runner", 5))
    write(
        runner.host,
        "index.html",
        listing("Valley Runner", "en", [(s.path, s.title) for s in stories], 51),
    )
    write(runner.host, "feed.rss", rss("Valley Runner", stories))


def minimal_pdf() -> bytes:
    """Return a small valid PDF document."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def malformed_page() -> str:
    """Return a broken page: unclosed tags, stray bytes, cut off mid-tag."""
    return (
        "<html><head><title>Weekend events</head><body><div><p>Farmers market and a "
        "jazz night downtown this weekend.<p>Bring a chair <b>and <i>snacks</div></span>"
        "\x01\x02 <table><tr><td>Saturday<td>Sunday</tr><p>More events are listed on "
        'our calendar page and on the radio.</p><a href="/x" class="unterminated'
    )


# The Los Angeles run of July 2025, reached only by the routes for past coverage: a WordPress
# outlet's search feed (its home page shows no story of it), a story its outlet deleted that the
# Wayback Machine stand-in kept, and a GDELT stand-in whose rolling window no longer reaches it.
PAST_RUN_STORIES = [
    Story(
        host="vozdelvalle.example",
        path="/2025/07/15/corredores-de-la-carrera-contra-ice-cruzan-koreatown",
        title="Corredores de la Carrera contra ICE cruzan Koreatown hasta la Placita Olvera",
        author="Redacción",
        published="2025-07-15T10:00:00-07:00",
        visible_date="15 de julio de 2025",
        lang="es",
        body=(
            "LOS ÁNGELES — Cientos de corredores participaron el sábado en la Carrera contra ICE, "
            "una protesta de quince millas que salió de Koreatown y terminó en la Placita Olvera, "
            "en Los Ángeles, para denunciar las redadas de inmigración en la ciudad.\n"
            "Los organizadores dijeron que la ruta pasó frente al Centro de Detención "
            "Metropolitano y por Chinatown, donde familias enteras salieron a aplaudir a los "
            "corredores con pancartas en inglés y en español.\n"
            "“Corremos para que nuestros vecinos sepan que no están solos”, dijo Daniela Ramos, "
            "una de las organizadoras de la Carrera contra ICE en Los Ángeles.\n"
            "Voluntarios repartieron agua y tarjetas con información sobre derechos al final del "
            "recorrido, y la protesta terminó con una oración en la Placita Olvera."
        ),
    ),
    Story(
        host="socalnewsdigest.example",
        path="/california/run-against-ice-runners-reach-placita-olvera",
        title="Run Against ICE runners reach Placita Olvera after 15 miles",
        author="Staff",
        published="2025-07-13T18:00:00-07:00",
        visible_date="July 13, 2025",
        body=(
            "LOS ANGELES — Runners in the Run Against ICE finished their 15-mile protest route at "
            "Placita Olvera on Saturday after setting out from Koreatown in the early morning.\n"
            "The route passed the Metropolitan Detention Center and Chinatown, where neighbors "
            "lined the sidewalks to cheer the runners and hand out water.\n"
            "“We run for the families who cannot be here today,” said Marco Jimenez, who helped "
            "organize the run in Los Angeles.\n"
            "Organizers said they would hold another Run Against ICE later in the year and asked "
            "runners to keep sharing know-your-rights information with their neighbors."
        ),
    ),
]


def write_past_run() -> None:
    """Write the stand-ins and the stories of the past run that only they reach."""
    wordpress, deleted = PAST_RUN_STORIES
    write(
        wordpress.host,
        "index.html",
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Voz del Valle'
        '</title><meta name="generator" content="WordPress 6.6.2">'
        '<link rel="https://api.w.org/" href="{{origin}}/wp-json/"></head>'
        "<body><h1>Voz del Valle</h1><p>Noticias de la comunidad.</p></body></html>\n",
    )
    write(wordpress.host, html_path(wordpress.path), page(wordpress, "Voz del Valle", 71))
    post = {
        "title": wordpress.title,
        "link": "{{origin}}" + wordpress.path,
        "date": "2025-07-15T10:00:00",
        "content": wordpress.body,
    }
    write(wordpress.host, "_data.json", json.dumps({"posts": [post]}, ensure_ascii=False))
    write(wordpress.host, "_service.yml", "kind: wordpress\n")
    capture = {
        "timestamp": "20250714090000",
        "original": "{{origin:socalnewsdigest.example}}" + deleted.path,
        "html": page(deleted, "SoCal News Digest", 72),
    }
    write("web.archive.example", "_data.json", json.dumps({"captures": [capture]}))
    write("web.archive.example", "_service.yml", "kind: cdx\n")
    write("api.gdelt.example", "_data.json", json.dumps({"articles": []}))
    write("api.gdelt.example", "_service.yml", "kind: gdelt\npace: 5\n")


SOURCES = """\
# The demo's sources: the fixture web, served on loopback ports.
contact: https://github.com/runarchive/runarchive
topic:
  phrases: ["Run Against ICE", "Runs Against ICE", "Carrera contra ICE", "Corre contra ICE"]
events:
  - name: Run Against ICE, Bakersfield, 2026
    date: 2026-02-28
    place: Hart Park, Bakersfield
    terms: [Bakersfield, Hart Park, Girls Run Bakersfield]
  - name: Run Against ICE, Los Angeles, 2025
    date: 2025-07
    place: Koreatown to Placita Olvera, Los Angeles
    terms: [Los Angeles, Los Ángeles, Koreatown, Placita Olvera, Chinatown]
  - name: Run Against ICE, Santa Ana, 2025
    date: 2025-08-16
    place: Santa Ana Civic Center, Santa Ana
    terms: [Santa Ana]
    organizers: [Corre Santa Ana]
  - name: Carrera contra ICE, Fresno, 2025
    date: 2025-09-21
    place: Parque Roeding, Fresno
    terms: [Fresno, Roeding]
    organizers: [Raíces en Movimiento]
# Stand-ins for the services that find past coverage (archive/standins/).
search:
  gdelt: {url: "{{origin:api.gdelt.example}}/api/v2/doc/doc"}
  wayback: {url: "{{origin:web.archive.example}}"}
outlets:
  - domain: www.turnto23.com
    name: 23ABC News (KERO Bakersfield)
    site: "{{origin:www.turnto23.com}}/"
    pages: ["{{origin:www.turnto23.com}}/"]
    feeds: ["{{origin:www.turnto23.com}}/feeds/news.rss"]
    sitemaps: ["{{origin:www.turnto23.com}}/sitemap.xml"]
  - domain: visaverge.com
    name: VisaVerge
    site: "{{origin:visaverge.com}}/"
    feeds: ["{{origin:visaverge.com}}/feed.rss"]
  - domain: socalnewsdigest.example
    name: SoCal News Digest
    site: "{{origin:socalnewsdigest.example}}/"
    sitemaps: ["{{origin:socalnewsdigest.example}}/sitemap.xml"]
  - domain: noticiasdelvalle.example
    name: Noticias del Valle
    site: "{{origin:noticiasdelvalle.example}}/"
    feeds: ["{{origin:noticiasdelvalle.example}}/feed.atom"]
    pages: ["{{origin:noticiasdelvalle.example}}/"]
  - domain: vozdelvalle.example
    name: Voz del Valle
    site: "{{origin:vozdelvalle.example}}/"
  - domain: www.valleyrunner.example
    name: Valley Runner
    site: "{{origin:www.valleyrunner.example}}/"
    feeds: ["{{origin:www.valleyrunner.example}}/feed.rss"]
"""


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
    write_past_run()
    (ROOT / "sources.yml").write_text(SOURCES, encoding="utf-8")
    for file in sorted(ROOT.rglob("*.html")):
        print(f"{file.stat().st_size // 1024:4d} KB  {file.relative_to(ROOT)}")
