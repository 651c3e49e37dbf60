"""Crawl settings: politeness, pipelines and the archive's own ARCHIVE_* keys."""

BOT_NAME = "runarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness: obey robots.txt, two requests at a time per host, adapt to the server's pace.
ROBOTSTXT_OBEY = True
# Requests waiting in a slow service's slot count here too: room for the outlets beside them.
CONCURRENT_REQUESTS = 16
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
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Retries honour Retry-After (429, 503) up to this many seconds, else back off exponentially.
ARCHIVE_RETRY_AFTER_MAX = 120.0
ARCHIVE_RETRY_BACKOFF = 2.0
# Error pages reach the spider so that every fetch, failed or not, is recorded.
HTTPERROR_ALLOW_ALL = True

# No remote control or telnet console: a crawl is a batch job, not a service.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.AllWaitersRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.LoopAwareRedirectMiddleware": 600,
    "crawler.middlewares.SkipKnownMiddleware": 560,
    "crawler.middlewares.ConditionalRequestMiddleware": 570,
    # Before retries see an answer: a service's rate limit rests its slot (crawler.services).
    "crawler.services.ServicePaceMiddleware": 580,
    # Next to the downloader: every request as sent (redirects, robots.txt) and every answer.
    "crawler.guard.FetchGuardMiddleware": 950,
    "crawler.guard.OriginCookieJarMiddleware": 690,
}
# Only http(s) is ever fetched (crawler.guard refuses the rest too).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# Origins (host:port) that may be fetched even at a loopback or private address, besides those
# of the URLs in the sources file.
ARCHIVE_ALLOWED_ORIGINS: list[str] = []
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.FollowPipeline": 350,
    "crawler.pipelines.StorePipeline": 400,
}
EXTENSIONS = {"crawler.report.CrawlReport": 500}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
# Level for Scrapy's and Twisted's own loggers, when it should differ from LOG_LEVEL.
ARCHIVE_FRAMEWORK_LOG_LEVEL = None

ARCHIVE_DB = "archive.db"
# Processes that extract pages beside the crawl's own (None: one fewer than the cores; 0: a
# thread of the crawl's process, which shares its core with downloading and storing).
ARCHIVE_EXTRACT_PROCESSES = None
ARCHIVE_SOURCES = None
# Where the closing summary is written as JSON (the CLI reads it), if anywhere.
ARCHIVE_REPORT = None
# Re-fetch pages with If-None-Match / If-Modified-Since from their last capture.
ARCHIVE_CONDITIONAL_REQUESTS = True
# Skip article pages fetched by the interrupted crawl this one resumes (runarchive crawl --resume).
ARCHIVE_RESUME = False
# Ask again for pages a past crawl found off-topic, not articles or not HTML.
ARCHIVE_REFETCH_SETTLED = False
# How many links to follow from on-topic articles; None: the sources file's follow.depth.
ARCHIVE_FOLLOW_DEPTH = None
# The route recorded for the sources file's article URLs ("manual" for `runarchive add`).
ARCHIVE_ARTICLE_ROUTE = "article"
# Print a progress line every this many pages.
ARCHIVE_PROGRESS_EVERY = 10
# Discovery windows: "today" (YYYY-MM-DD; None: the real day) and the rolling window's days.
ARCHIVE_TODAY = None
ARCHIVE_ROLLING_DAYS = 14
# Look for robots.txt sitemaps, advertised feeds and site search from each outlet's home page.
ARCHIVE_DISCOVER_SITES = True
# Each search service's pace, in seconds between requests, as its documentation asks
# (crawler.services): GDELT one request every 5 s; Media Cloud 2 story-list calls a minute;
# the Wayback Machine one at a time a few seconds apart; Google News one at a time.
ARCHIVE_GDELT_PACE = 5.0
ARCHIVE_MEDIACLOUD_PACE = 31.0
ARCHIVE_WAYBACK_PACE = 3.0
ARCHIVE_GOOGLE_NEWS_PACE = 2.0
# A rate-limit answer rests the service this long, doubling with each answer to one request
# (at most ARCHIVE_RATE_LIMIT_MAX_WAIT), for at most this many answers.
ARCHIVE_RATE_LIMIT_WAIT = 60.0
ARCHIVE_RATE_LIMIT_MAX_WAIT = 900.0
ARCHIVE_RATE_LIMIT_TRIES = 4
# A crawl shared on Redis (runarchive crawl --redis): this process is a worker of the frontier,
# and the one that yields the sources' first requests when ARCHIVE_SEED.
ARCHIVE_FRONTIER = False
ARCHIVE_SEED = True
