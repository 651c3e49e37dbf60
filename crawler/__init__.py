"""The Scrapy project that finds and fetches coverage; run it with `python -m crawler`."""
