"""What became of a fetched page: the one list of kinds recorded in captures.outcome."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """A fetch's outcome; the value is what the archive stores."""

    PENDING = "pending"  # not classified yet
    ARTICLE = "article"  # coverage of the topic: stored as an article
    OFF_TOPIC = "off-topic"  # an article about something else
    NOT_ARTICLE = "not-article"  # an HTML page with no article (index, error page, ...)
    NOT_HTML = "not-html"
    NOT_MODIFIED = "not-modified"  # HTTP 304 to a conditional request
    HTTP_ERROR = "http-error"
    FAILED = "failed"  # no response: DNS, timeout, refused, too large, ...
    EXTRACT_FAILED = "extract-failed"  # a page that broke an extractor
    REFUSED = "refused"  # a request the fetch guard would not send (crawler.guard)


# Pages a re-crawl need not ask for again: what they hold is known not to be coverage.
SETTLED = (Outcome.OFF_TOPIC, Outcome.NOT_ARTICLE, Outcome.NOT_HTML)
ERRORS = frozenset(
    {Outcome.FAILED, Outcome.HTTP_ERROR, Outcome.NOT_HTML, Outcome.EXTRACT_FAILED, Outcome.REFUSED}
)
