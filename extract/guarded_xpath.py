"""XPath expressions whose regular-expression tests run only where a plain substring test
passes first.

lxml runs an EXSLT `re:test()` by calling back into Python once for every element the
expression reaches: trafilatura's byline expressions make thousands of such calls a page, more
than half their time. Each test is guarded by `contains()` on a piece of text every match must
hold ("uthor" for `[Aa]uthor`), which libxml2 checks in C; the regular expression still decides,
so the expression selects exactly the same elements. A test whose pattern is not a plain
alternation of words (no guard can be read from it) is left as it is.
"""

from __future__ import annotations

import re

from lxml.etree import XPath

REGEXP_NS = "http://exslt.org/regular-expressions"
# re:test(@attribute, 'pattern') with no flags: case-sensitive, like contains().
_TEST = re.compile(r"re:test\(\s*(@[\w:-]+)\s*,\s*'([^']*)'\s*\)")
# Characters that make the one before them optional.
_OPTIONAL = "?*"
_LITERAL = re.compile(r"[\w\- ]")


def guarded(expression: XPath) -> XPath:
    """Return the expression with each regular-expression test behind a substring guard."""
    source = _TEST.sub(_guard_test, expression.path)
    return XPath(source, namespaces={"re": REGEXP_NS})


def _guard_test(test: re.Match[str]) -> str:
    attribute, pattern = test.group(1), test.group(2)
    pieces = required_pieces(pattern)
    if not pieces:
        return test.group()
    guard = " or ".join(f"contains({attribute}, '{piece}')" for piece in pieces)
    return f"(({guard}) and {test.group()})"


def required_pieces(pattern: str) -> list[str] | None:
    """Return, for a pattern of alternatives, one piece of text each alternative's match must
    contain; None when some alternative has none that can be read with certainty."""
    pieces = []
    for alternative in _alternatives(pattern):
        runs = _literal_runs(alternative)
        if runs is None or not runs:
            return None
        pieces.append(max(runs, key=len))
    return list(dict.fromkeys(pieces))


def _alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level bars (a group's or a class's bars stay in it)."""
    parts, current, depth, in_class = [], [], 0, False
    for char in pattern:
        if char == "|" and depth == 0 and not in_class:
            parts.append("".join(current))
            current = []
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
        current.append(char)
    parts.append("".join(current))
    return parts


def _literal_runs(alternative: str) -> list[str] | None:
    """Return the runs of plain characters an alternative matches literally, or None when it
    holds syntax this reading does not follow (escapes, counted repeats)."""
    if "\\" in alternative or "{" in alternative:
        return None
    runs, run, depth, in_class = [], "", 0, False
    for char in alternative:
        if in_class:
            in_class = char != "]"
            continue
        if depth:
            depth += (char == "(") - (char == ")")
            continue
        if char in _OPTIONAL:
            run = run[:-1]  # the character before is optional: not required
        if _LITERAL.fullmatch(char):
            run += char
            continue
        runs.append(run)
        run = ""
        if char == "[":
            in_class = True
        elif char == "(":
            depth = 1
    runs.append(run)
    return [r for r in runs if r]
