"""The languages htmldate's last resort reads dates in.

When its own patterns fail on a piece of a page, htmldate hands it to dateparser with no
language given, and dateparser then tries every one of its ~200 languages, compiling each
one's patterns the first time (3.5 s in each process that meets a piece no language reads, such
as "Copyright 2023 - 5": most of what a reextract worker spends before its first page). Given
the web's most used languages instead, that costs 0.9 s, and on the htmldate-dates benchmark
(half German, a quarter English, Polish, Romanian and Arabic among the rest) every date read
is the same (bench/dates.py). The list is data: one fixed list, so a piece of text reads the
same on every page whatever order pages come in.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# dateparser language codes, most used on the web first.
HTMLDATE_LANGUAGES = (
    *("en", "es", "de", "fr", "it", "pt", "nl", "pl", "ro", "ru", "ar", "tr", "sv"),
    *("da", "nb", "fi", "cs", "hu", "el", "ja", "zh", "ko", "id", "vi", "uk", "he"),
    *("hi", "fa", "ca", "bg", "sk", "hr", "sl", "lt", "lv", "et", "sr", "ms", "th"),
)


class _LimitedParser:
    """htmldate's own dateparser parser, with its settings, for the languages above."""

    def __init__(self, original: Any) -> None:
        self._original = original  # htmldate's get_external_parser

    @cache  # noqa: B019 - one instance a process, kept for its life
    def __call__(self) -> Any:
        from dateparser import DateDataParser

        settings = self._original()._settings
        return DateDataParser(languages=list(HTMLDATE_LANGUAGES), settings=settings)


def limit_htmldate_languages() -> None:
    """Make htmldate's last resort read dates in HTMLDATE_LANGUAGES only (once per process)."""
    from htmldate import extractors

    if not isinstance(extractors.get_external_parser, _LimitedParser):
        extractors.get_external_parser = _LimitedParser(extractors.get_external_parser)
