"""What the coverage spider's route mixins (search services, site search, sitemaps) rely on the
spider for: its sources and windows, its figures, and the helpers that yield discoveries and
requests. Declared once so that each mixin is type-checked against the same spider."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from archive.sources import Sources
from crawler.figures import DiscoveryFigures
from crawler.windows import Window


class SpiderRoutes:
    """The spider's attributes and helpers that its route mixins use."""

    sources: Sources | None
    windows: list[Window]
    figures: DiscoveryFigures
    today: date
    known_urls: defaultdict[str, set[str]]
    crawler: Any
    found: Any
    source_request: Any
    page_request: Any
    source_failed: Any
    parse_feed: Any
    _source_unusable: Any
