"""Where a republished story came from: its "first appeared in", "via" or "contributed" line."""

from __future__ import annotations

import re

# Lines by which outlets credit a story's origin, per language (data, not rules). Each pattern
# captures the name of the outlet or agency credited.
_NAME = r"(?P<name>[A-Z\u00c0-\u00de][\w.&'’ -]{1,80}?)"
# Each pattern with the words (lowered) one of which a line must hold for it to match: most
# lines hold none, and a plain search for them is cheaper than the pattern.
CREDIT_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (
            rf"(?i:(?:first|originally) (?:appeared|published) (?:in|on|by)) {_NAME}[.,]",
            ("appeared", "published"),
        ),
        (rf"(?i:republished (?:with permission )?from) {_NAME}[.,]", ("republished",)),
        (rf"^(?i:via) {_NAME}\.?$", ("via",)),
        (rf"(?:^|\. ){_NAME} (?i:contributed to this (?:report|story|article))", ("contributed",)),
        (
            r"(?i:(?:se publicó|fue publicad[ao]|apareció) (?:originalmente|primero) en) "
            rf"{_NAME}[.,]",
            ("publicó", "publicad", "apareció"),
        ),
        (rf"(?i:con información de) {_NAME}[.,]", ("con información",)),
    )
)


def extract_credit(text: str) -> str | None:
    """Return the outlet or agency a story credits as its origin, if a credit line names one."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        lowered = line.lower()
        for pattern, words in CREDIT_PATTERNS:
            if any(word in lowered for word in words):
                found = pattern.search(line)
                if found:
                    return found.group("name").strip(" .")
    return None
