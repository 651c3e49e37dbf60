"""Sitemap entries with the Google News fields that Scrapy's sitemap parser drops.

A Google News sitemap (namespace http://www.google.com/schemas/sitemap-news/0.9) gives each
story's headline and publication date; we keep them as the discovery's hints.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


@dataclass(frozen=True)
class SitemapEntry:
    """One <loc> of a sitemap or sitemap index, with Google News hints when present."""

    loc: str
    is_sitemap: bool  # an index's child sitemap rather than a page
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    lastmod: str | None = None


def sitemap_body(body: bytes) -> bytes:
    """Return a sitemap's XML, gunzipping it (bounded, against gzip bombs)."""
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError("sitemap larger than 50 MB uncompressed")
    return data


def iter_sitemap(body: bytes) -> Iterator[SitemapEntry]:
    """Yield the entries of a sitemap or sitemap index, gzip or not."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, huge_tree=False)
    root = etree.fromstring(sitemap_body(body), parser=parser)
    if root is None:
        return
    is_index = etree.QName(root).localname == "sitemapindex"
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname not in ("url", "sitemap"):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = next(
            (c for c in node if isinstance(c.tag, str) and c.tag == f"{{{NEWS_NS}}}news"), None
        )
        yield SitemapEntry(
            loc=loc,
            is_sitemap=is_index,
            title=_child_text(news, "title") if news is not None else None,
            published=(_child_text(news, "publication_date") or "")[:10] or None
            if news is not None
            else None,
            lastmod=(_child_text(node, "lastmod") or "")[:10] or None,
        )


def _child_text(node: etree._Element, name: str) -> str | None:
    """Return the stripped text of the first child with this local name, whatever namespace."""
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip() or None
    return None
