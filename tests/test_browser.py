"""The published archive as people see it: `runarchive serve` in headless Chromium.

Debian's chromium and chromedriver are used as installed (`make test` installs them); nothing
is downloaded at run time. Screenshots are saved in each test's tmp dir.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from tests.conftest import REPO

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
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"runarchive serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


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
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    assert "Give two days as YYYY-MM-DD" in browser.find_element(By.TAG_NAME, "body").text


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
