"""Crawl settings: politeness, pipelines and the archive's own ARCHIVE_* keys."""

BOT_NAME = "runarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness: obey robots.txt, two requests at a time per host, adapt to the server's pace.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
USER_AGENT = "runarchive/0.1 (+https://github.com/runarchive/runarchive)"

# Limits: a news page is well under 10 MB; anything bigger is recorded as an error.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 2
# Error pages reach the spider so that every fetch, failed or not, is recorded.
HTTPERROR_ALLOW_ALL = True

# No remote control or telnet console: a crawl is a batch job, not a service.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 400,
}
EXTENSIONS = {"crawler.report.CrawlReport": 500}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
# Level for Scrapy's and Twisted's own loggers, when it should differ from LOG_LEVEL.
ARCHIVE_FRAMEWORK_LOG_LEVEL = None

ARCHIVE_DB = "archive.db"
ARCHIVE_SOURCES = None
# Where the closing summary is written as JSON (the CLI reads it), if anywhere.
ARCHIVE_REPORT = None
# Print a progress line every this many pages.
ARCHIVE_PROGRESS_EVERY = 10
