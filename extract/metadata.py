"""What a page says of itself: headline, byline, site name, summary and canonical address.

trafilatura's extract_metadata reads these and more. The archive keeps no categories, tags or
licence, and takes the publication day from its own vote of sources (extract/dates.py), which
runs htmldate already; so this runs trafilatura's own steps for the fields we keep, in
extract_metadata's order, without the ones we would throw away (a third of its time, measured
with bench/speed.py). tests/test_metadata.py holds it equal to extract_metadata on every field
we keep.
"""

from __future__ import annotations

import logging

from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

from extract.byline import extract_byline

LOG = logging.getLogger(__name__)
# The fields extract_article() keeps; the ones this module promises to read as trafilatura does.
KEPT_FIELDS = ("title", "author", "url", "sitename", "description")


def page_metadata(tree: HtmlElement, default_url: str | None = None) -> Document:
    """Return the page's title, author, url, sitename and description, as trafilatura reads them."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single word is a handle or a desk, not a byline
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura guards its JSON-LD reader the same way
        LOG.debug("JSON-LD metadata unreadable: %s", exc)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_byline(tree)
    metadata.url = metadata.url or extract_url(tree, default_url)
    metadata.sitename = _site_name(metadata.sitename or extract_sitename(tree), metadata.url)
    metadata.clean_and_trim()
    return metadata


def _site_name(sitename: str | None, url: str | None) -> str | None:
    """Return the site name as extract_metadata tidies it, or the address's host without it."""
    if sitename:
        sitename = sitename.lstrip("@")  # a Twitter handle
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
        return sitename
    match = META_URL.match(url or "")
    return match[1] if match else None
