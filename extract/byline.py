"""The byline a page shows, read as trafilatura's extract_author reads it, without copying the page.

extract_author copies the whole page, deletes the parts a byline is never taken from (comments,
sidebars, dates, figures), then takes the first element its byline expressions select whose text
is of a name's length. Its expressions test only an element's own name and attributes, so they
select on the page what they select on the pruned copy, less what lies in a deleted part; and
an element's text in the copy is its text here unless a deleted part lies inside it. So the
expressions run on the page itself, each element found is checked for a deleted part around or
inside it, and only an element holding one is copied and pruned. Copying and pruning the page
were two fifths of the byline's time (bench/speed.py); tests/test_metadata.py holds the result
equal to extract_metadata's on every page we hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from extract.guarded_xpath import REGEXP_NS, guarded

BYLINE_MAX_CHARS = 120  # extract_author's limit

# The byline expressions, selecting the same elements with fewer calls into Python.
_BYLINE_XPATHS = [guarded(expression) for expression in AUTHOR_XPATHS]
_DISCARD_XPATHS = [guarded(expression) for expression in AUTHOR_DISCARD_XPATHS]


@dataclass(frozen=True)
class _Discard:
    """One branch of a discard expression, asked of one element or of its descendants."""

    is_it: XPath  # the element itself
    within: XPath  # its descendants
    from_root: bool  # the branch starts at the document ("//"), the page's root included


def _top_level(path: str) -> Iterator[tuple[int, str]]:
    """Yield the characters of an expression outside its predicates and quoted strings."""
    depth, quote = 0, ""
    for index, char in enumerate(path):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[]":
            depth += 1 if char == "[" else -1
        elif depth == 0:
            yield index, char


def _split_union(path: str) -> list[str]:
    """Split an expression at its top-level bars (not those inside predicates or quotes)."""
    bars = [index for index, char in _top_level(path) if char == "|"]
    starts, ends = [0, *(b + 1 for b in bars)], [*bars, len(path)]
    return [path[start:end].strip() for start, end in zip(starts, ends, strict=True)]


def _one_step(rest: str) -> bool:
    """Tell whether a path after its leading "//" is one step: a name test and predicates."""
    return all(char != "/" for _, char in _top_level(rest))


def _discards(expressions: list[XPath]) -> list[_Discard] | None:
    """Return the discard expressions' branches as element tests, or None when one is not a
    single "//" step (then only pruning a copy reads them right)."""
    found = []
    for expression in expressions:
        for branch in _split_union(expression.path):
            from_root = branch.startswith("//")
            rest = branch.removeprefix(".//") if not from_root else branch[2:]
            if rest == branch or not _one_step(rest):
                return None
            namespaces = {"re": REGEXP_NS}
            found.append(
                _Discard(
                    XPath(f"self::{rest}", namespaces=namespaces),
                    XPath(f".//{rest}", namespaces=namespaces),
                    from_root,
                )
            )
    return found


_DISCARDS = _discards(_DISCARD_XPATHS)


def extract_byline(tree: HtmlElement) -> str | None:
    """Return the page's byline as trafilatura's extract_author returns it, or None."""
    if _DISCARDS is None:  # expressions of a shape read only by pruning a copy
        subtree = prune_unwanted_nodes(deepcopy(tree), _DISCARD_XPATHS)
        author = _first_text(subtree, subtree, [])
    else:
        author = _first_text(tree, tree, _DISCARDS)
    return normalize_authors(None, author) if author else author


def _first_text(tree: HtmlElement, root: HtmlElement, discards: list[_Discard]) -> str | None:
    """Return the text of the first element selected, outside every discarded part, whose
    text, with the discarded parts inside it deleted, is of a byline's length."""
    for expression in _BYLINE_XPATHS:
        for element in expression(tree):
            if discards and _in_discarded(element, root, discards):
                continue
            content = trim(" ".join(_pruned(element, discards).itertext()))
            if content and 2 < len(content) < BYLINE_MAX_CHARS:
                return content
    return None


def _in_discarded(element: HtmlElement, root: HtmlElement, discards: list[_Discard]) -> bool:
    """Tell whether the element or one around it, up to the root, would be deleted from the
    page (an element outside the root's part of the document is as good as deleted)."""
    node: HtmlElement | None = element
    while node is not None:
        is_root = node is root
        if any(d.is_it(node) for d in discards if d.from_root or not is_root):
            return True
        if is_root:
            return False
        node = node.getparent()
    return True


def _pruned(element: HtmlElement, discards: list[_Discard]) -> HtmlElement:
    """Return the element, or a copy without the discarded parts inside it when it holds any."""
    if not any(d.within(element) for d in discards):
        return element
    return prune_unwanted_nodes(deepcopy(element), _DISCARD_XPATHS)
