"""Where a republished story came from: its "first appeared in", "via" or "contributed" line."""

from __future__ import annotations

import re

# Lines by which outlets credit a story's origin, per language (data, not rules). Each pattern
# captures the name of the outlet or agency credited.
_NAME = r"(?P<name>[A-Z\u00c0-\u00de][\w.&'’ -]{1,80}?)"
CREDIT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(?i:(?:first|originally) (?:appeared|published) (?:in|on|by)) {_NAME}[.,]",
        rf"(?i:republished (?:with permission )?from) {_NAME}[.,]",
        rf"^(?i:via) {_NAME}\.?$",
        rf"(?:^|\. ){_NAME} (?i:contributed to this (?:report|story|article))",
        rf"(?i:(?:se publicó|fue publicad[ao]|apareció) (?:originalmente|primero) en) {_NAME}[.,]",
        rf"(?i:con información de) {_NAME}[.,]",
    )
)


def extract_credit(text: str) -> str | None:
    """Return the outlet or agency a story credits as its origin, if a credit line names one."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        for pattern in CREDIT_PATTERNS:
            found = pattern.search(line)
            if found:
                return found.group("name").strip(" .")
    return None
