"""The sitemaps of the loopback world of tests/service_web.py: a small outlet's undated
sitemap, a big outlet's index of dated monthly sitemaps, and a story updated after its window."""

from __future__ import annotations

from datetime import date, timedelta

from tests.past_web import filler_page
from tests.service_web import NEW_RUN, OLD_RUN, AddStory, ServiceWeb, _Writer, make_story


def _urlset(entries: list[tuple[str, date | None]]) -> str:
    """Return a sitemap of paths on its own origin, with a lastmod where a day is given."""
    urls = "".join(
        f"<url><loc>{{{{origin}}}}{path}</loc>{f'<lastmod>{day}</lastmod>' if day else ''}</url>"
        for path, day in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemaps(
    writer: _Writer,
    world: ServiceWeb,
    add: AddStory,
    today: date,
    old: date,
    old_end: date,
    new: date,
) -> None:
    """S1 undated small sitemap; S2 a big dated index; S3 a lastmod after its window."""
    small = "smalltownnews.example"
    s1 = make_story(
        "S1",
        small,
        "/stories/run-against-ice-loops-fairmount-park",
        OLD_RUN,
        old + timedelta(days=1),
        "Run Against ICE loops Fairmount Park",
        "Pablo Ibarra",
    )
    add(s1, OLD_RUN)
    paths = [s1.path]
    for n in range(35):
        topic = ("market-day", "school-board", "road-work", "library-hours", "farm-report")[n % 5]
        path = f"/stories/{topic}-{n}"
        writer.file(small, path, filler_page(small, path, today - timedelta(days=10 * n + 5), n))
        paths.append(path)
    writer.file(small, "/sitemap.xml", _urlset([(p, None) for p in sorted(paths)]))
    writer.file(small, "/robots.txt", "User-agent: *\nSitemap: {{origin}}/sitemap.xml\n")
    writer.outlet(small, "Small Town News")

    big = "bigpaper.example"
    s2 = make_story(
        "S2",
        big,
        f"/news/{new + timedelta(days=1):%Y/%m/%d}/a-long-morning-in-plaza-park",
        NEW_RUN,
        new + timedelta(days=1),
        "A long morning in Plaza Park",
        "Teresa Luna",
    )
    add(s2, NEW_RUN)
    months: dict[str, list[tuple[str, date | None]]] = {}
    day = today - timedelta(days=730)
    while day <= today:
        path = f"/news/{day:%Y/%m/%d}/council-notes"
        writer.file(big, path, filler_page(big, path, day, day.toordinal() % 97))
        months.setdefault(f"{day:%Y-%m}", []).append((path, day))
        day += timedelta(days=1)
    months[f"{s2.day:%Y-%m}"].append((s2.path, s2.day))
    index = ""
    for month, entries in sorted(months.items()):
        writer.file(big, f"/sitemaps/sitemap-{month}.xml", _urlset(list(entries)))
        newest = max(d for _, d in entries if d)
        index += (
            f"<sitemap><loc>{{{{origin}}}}/sitemaps/sitemap-{month}.xml</loc>"
            f"<lastmod>{newest}</lastmod></sitemap>"
        )
        world.big_sitemap_urls += len(entries)
    writer.file(
        big,
        "/sitemap_index.xml",
        f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}">{index}</sitemapindex>',
    )
    writer.file(
        big,
        "/robots.txt",
        "User-agent: *\nDisallow: /account/\nSitemap: {{origin}}/sitemap_index.xml\n",
    )
    writer.outlet(big, "Big Paper")

    ledger = "cityledger.example"
    s3 = make_story(
        "S3",
        ledger,
        "/articles/runners-fill-fairmount-park",
        OLD_RUN,
        old + timedelta(days=2),
        "Runners fill Fairmount Park",
        "Irene Campos",
    )
    add(s3, OLD_RUN)
    entries: list[tuple[str, date | None]] = [(s3.path, old_end + timedelta(days=25))]
    for n in range(40):
        day = (
            today - timedelta(days=400 - 9 * n) if n < 34 else today - timedelta(days=3 * (40 - n))
        )
        path = f"/articles/{['budget', 'parks', 'schools', 'water'][n % 4]}-update-{n}"
        writer.file(ledger, path, filler_page(ledger, path, day, n))
        entries.append((path, day))
    writer.file(ledger, "/sitemap.xml", _urlset(list(entries)))
    writer.outlet(ledger, "City Ledger", sitemaps=["{{origin:cityledger.example}}/sitemap.xml"])
