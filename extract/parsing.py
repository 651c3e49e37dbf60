"""The page's one parse: lxml's HTML parser set up as trafilatura sets it up, with element
classes chosen in C.

lxml.html picks each element's Python class with a lookup written in Python (form, input and
label elements get classes of their own). It runs whenever an element is first touched from
Python: several hundred thousand times on a page of a benchmark's size, which trafilatura's
pruning, our dateline and the speaker rules all do. Every element here is a plain HtmlElement
chosen by lxml's C lookup; nothing we or trafilatura call needs the form classes. On the 127
benchmark pages the extraction is the same (tests/test_parsing.py) and 4% faster: 10.92 s
against 11.35 s for two passes, the two parses taking turns page by page.
"""

from __future__ import annotations

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

# trafilatura's own settings (trafilatura.utils.HTML_PARSER), so its rules see the same tree.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=HtmlComment,
        pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
)


def load_html(html: str | bytes | HtmlElement) -> HtmlElement | None:
    """Return the page's tree, or None when it is not HTML: trafilatura's load_html, but
    parsed with the parser above."""
    if isinstance(html, HtmlElement):
        return html
    text = decode_file(html)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree = None
    retry_bytes = True
    try:
        tree = lxml.html.fromstring(text, parser=_PARSER)
    except ValueError:  # a str with an encoding declaration: lxml wants bytes
        tree, retry_bytes = _from_bytes(text), False
    except etree.LxmlError:
        tree = None
    if (tree is None or len(tree) < 1) and retry_bytes:
        tree = _from_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _from_bytes(text: str) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(text.encode("utf8", "surrogatepass"), parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return None
