"""Pure extraction: HTML or text in, an Article with its dates, topic and quotes out."""

import logging

from extract.article import Article, NotAnArticle, extract_article, extract_article_from_text
from extract.quotes import Quote
from extract.urls import article_id, canonical_url

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "NotAnArticle",
    "Quote",
    "article_id",
    "canonical_url",
    "extract_article",
    "extract_article_from_text",
]
