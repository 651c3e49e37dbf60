"""Stand-ins for the search services and outlet platforms, answering as each is documented to.

A host folder with a `_service.yml` (`kind:`, `data:` a JSON file in the folder, and the kind's
limits, scaled down where tests need speed) answers its kind's requests; any other path is left
to the folder's files. Data files may name served origins with {{origin:HOST}}.

- gdelt: GDELT DOC 2.0 ArtList (blog.gdeltproject.org, "GDELT DOC 2.0 API Debuts!").
- mediacloud: Media Cloud's search/story-list (mediacloud/api-client, mediacloud/web-search).
- google-news: Google News RSS search, article pages and batchexecute decoding.
- cdx: the Wayback Machine's CDX server and its mementos (internetarchive/wayback,
  wayback-cdx-server README; recorded answers in edgi-govdata-archiving/wayback).
- wordpress: WordPress core's search, search feeds and REST API (WordPress/wordpress-develop).
- blox: a TownNews BLOX site's search and search feeds (help.bloxcms.com, "URL Parameters").

Each stand-in records when it was asked and what it refused, so tests can check a client's pace.
"""

from archive.standins.cdx import surt
from archive.standins.gdelt import GDELT_RATE_TEXT
from archive.standins.kinds import answer
from archive.standins.query import parse_query
from archive.standins.service import Answer, Request, Service, file_headers, load_service
from archive.standins.wordpress import wordpress_terms

__all__ = [
    "GDELT_RATE_TEXT",
    "Answer",
    "Request",
    "Service",
    "answer",
    "file_headers",
    "load_service",
    "parse_query",
    "surt",
    "wordpress_terms",
]
