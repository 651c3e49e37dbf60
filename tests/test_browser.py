"""The published archive as people see it: `runarchive serve` in headless Chromium.

Debian's chromium and chromedriver are used as installed (`make test` installs them); nothing
is downloaded at run time. Screenshots are saved in each test's tmp dir.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from tests.helpers import invoke, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SCRIPT_TITLE = "<script>window.pwned = 1</script> Fifteen miles, one message"

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("RUNARCHIVE_SKIP_BROWSER") == "1":
        pytest.skip("RUNARCHIVE_SKIP_BROWSER=1 and no Chromium", allow_module_level=True)
    pytest.fail(
        "browser tests need Debian's chromium and chromium-driver: `make test` installs them "
        "(set RUNARCHIVE_SKIP_BROWSER=1 to skip)",
        pytrace=False,
    )

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(crawled, tmp_path_factory) -> Iterator[str]:
    """`runarchive serve` on a copy of the crawled archive with a hostile article title."""
    folder = tmp_path_factory.mktemp("site")
    db_path = folder / "archive.db"
    shutil.copy(crawled.path, db_path)
    db = sqlite_utils.Database(db_path)
    db.execute(
        "update articles set title = ? where url like '%valleyrunner.example/2025/07/14/%'",
        [SCRIPT_TITLE],
    )
    db.conn.commit()
    db.conn.close()
    with serving(db_path) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager look for a driver online
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(browser: webdriver.Chrome, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 1000


def test_the_home_page_lists_the_tables(browser, site, tmp_path):
    browser.get(site + "/archive")
    text = browser.find_element(By.TAG_NAME, "body").text
    for table in ("articles", "quotes", "speakers", "outlets", "discoveries"):
        assert table in text
    assert "captures" not in text.split("hidden tables")[0]
    screenshot(browser, tmp_path, "home")


def test_a_search_for_almanza_finds_her_quotes(browser, site, tmp_path):
    browser.get(site + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form[action$='/-/search'] input[name=q]")
    box.send_keys("Almanza", Keys.ENTER)
    WebDriverWait(browser, 15).until(
        expected_conditions.text_to_be_present_in_element(
            (By.TAG_NAME, "body"), "I'm an immigrant myself"
        )
    )
    screenshot(browser, tmp_path, "search")


def test_the_quotes_between_dates_query_returns_the_right_rows(browser, site, crawled, tmp_path):
    browser.get(site + "/archive/quotes_between_dates?from=2025-07-01&to=2025-07-31")
    with contextlib.suppress(TimeoutException):  # the assertion below says what the page shows
        WebDriverWait(browser, 10).until(
            expected_conditions.presence_of_element_located(
                (By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
            )
        )
    screenshot(browser, tmp_path, "quotes-between-dates")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    page = browser.find_element(By.TAG_NAME, "body").text
    expected = (
        crawled.db()
        .execute(
            "select count(*) from quotes where published between '2025-07-01' and '2025-07-31'"
        )
        .fetchone()[0]
    )
    assert len(rows) == expected > 0, page[:2000]
    assert "Marcus Reyes" in page


def test_a_malformed_date_shows_a_message(browser, site):
    browser.get(site + "/archive/quotes_between_dates?from=July&to=2025-07-31")
    text = browser.find_element(By.TAG_NAME, "body").text.strip()
    assert text == "from must be a day written YYYY-MM-DD, e.g. 2025-07-01; got 'July'"


def test_a_chart_renders(browser, site, tmp_path):
    browser.get(site + "/-/dashboards/coverage")
    WebDriverWait(browser, 20).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, ".vega-embed svg, .vega-embed canvas")
    )
    marks = browser.find_elements(
        By.CSS_SELECTOR,
        ".vega-embed svg .mark-rect path, .vega-embed svg .mark-arc path, .vega-embed canvas",
    )
    assert marks, "a chart was drawn without marks"
    screenshot(browser, tmp_path, "dashboard")


def test_an_article_title_with_a_script_tag_is_shown_as_text(browser, site, tmp_path):
    browser.get(site + "/archive/articles")
    assert "<script>window.pwned = 1</script>" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return window.pwned === undefined")
    screenshot(browser, tmp_path, "script-title")


def page_height(browser: webdriver.Chrome) -> int:
    return browser.execute_script("return document.documentElement.scrollHeight")


def full_screenshot(browser: webdriver.Chrome, tmp_path: Path, name: str) -> None:
    """Save the whole page, resizing the window to its height (up to 6,000 px)."""
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, min(page_height(browser) + 100, 6000))
    screenshot(browser, tmp_path, name)
    browser.set_window_size(width, 1600)


def test_the_articles_list_shows_headlines_and_excerpts_not_texts(browser, site, crawled, tmp_path):
    browser.get(site + "/archive/articles")
    items = browser.find_elements(By.CSS_SELECTOR, "ul.stories li")
    assert len(items) == crawled.db()["articles"].count
    first = items[0].text
    assert " · " in first and "run:" in first
    body = browser.find_element(By.TAG_NAME, "body").text
    for row in crawled.db().query("select text from articles"):
        assert row["text"].splitlines()[-1] not in body
    assert page_height(browser) < 6000  # about 300 px a story, facets and the schema included
    full_screenshot(browser, tmp_path, "articles")


def test_an_article_page_is_titled_by_its_headline_with_quotes_and_text(
    browser, site, crawled, tmp_path
):
    row = next(crawled.db().query("select id, title from articles where url like '%turnto23%'"))
    browser.get(f"{site}/archive/articles/{row['id']}")
    assert browser.title.startswith(row["title"])
    assert browser.find_element(By.TAG_NAME, "h1").text == row["title"]
    quotes = browser.find_elements(By.CSS_SELECTOR, ".article blockquote")
    assert len(quotes) == 6 and "Luz Almanza" in quotes[0].text
    link = quotes[0].find_element(By.LINK_TEXT, "Luz Almanza").get_attribute("href")
    assert "/archive/find_quotes?speaker=Luz" in link
    full_screenshot(browser, tmp_path, "article")


def test_the_quotes_list_reads_quote_speaker_role_day_article(browser, site, tmp_path):
    browser.get(site + "/archive/quotes?_search=Almanza")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.quotes th")]
    assert headers == ["Quote", "Speaker", "Role", "Day", "Article", "Run"]
    table = browser.find_element(By.CSS_SELECTOR, "table.quotes")
    quote = browser.find_element(By.CSS_SELECTOR, "table.quotes td.quote")
    assert quote.size["width"] > 0.35 * table.size["width"]
    article = browser.find_elements(By.CSS_SELECTOR, "table.quotes tbody tr td")[4]
    hrefs = [a.get_attribute("href") for a in article.find_elements(By.TAG_NAME, "a")]
    assert hrefs[0].startswith("https://www.turnto23.com/")
    full_screenshot(browser, tmp_path, "quotes")


def test_the_home_page_links_the_dashboard(browser, site, tmp_path):
    browser.get(site + "/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Dashboard").click()
    WebDriverWait(browser, 20).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, ".vega-embed svg, .vega-embed canvas")
    )
    assert browser.current_url.endswith("/-/dashboards/coverage")


def test_the_report_reads_well_on_screen_and_printed(browser, crawled, tmp_path):
    out = tmp_path / "report"
    result = invoke("report", "--db", str(crawled.path), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    browser.get((out / "index.html").as_uri())
    images = browser.find_elements(By.TAG_NAME, "img")
    assert len(images) == 2
    assert all(browser.execute_script("return arguments[0].naturalWidth", i) > 300 for i in images)
    full_screenshot(browser, tmp_path, "report")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0  # nothing wider than the page
        full_screenshot(browser, tmp_path, "report-print")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    (tmp_path / "report.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 2 <= pages <= 30
