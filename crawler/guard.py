"""The fetch guard: which addresses a crawl may reach, checked on every request and redirect.

A hostile feed, sitemap, link or redirect must not make the crawler read services on the
crawling machine or its network. Only http(s) is fetched; a host that resolves to a loopback,
private, link-local, multicast, reserved or unspecified address is refused unless its host and
port are those of a URL the sources file names (or `-s ARCHIVE_ALLOWED_ORIGINS=host:port,...`
allows), which is how the loopback fixture web stays reachable. The name is resolved through
the reactor's caching resolver, the one the download then connects with, and the address the
response really came from is checked again, so a name that re-resolves elsewhere is caught.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.failure import Failure

from archive.limits import MEGABYTE
from archive.outcomes import Outcome
from crawler.items import FetchedPage

logger = logging.getLogger(__name__)

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# The capture outcome of a request the guard would not send.
REFUSED = Outcome.REFUSED

Origin = tuple[str, int]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(IgnoreRequest):
    """A request the guard would not send (or whose answer came from a refused address)."""


def origin_of(url: str) -> Origin | None:
    """Return a URL's (host, port), the port made explicit; None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in SCHEMES or not parts.hostname:
        return None
    return parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def _strings_in(value: Any) -> Iterator[str]:
    """Yield every string anywhere in a YAML document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def named_origins(sources_path: str | Path | None) -> set[Origin]:
    """Return the origin of every URL the sources file names, under any key.

    Every key is read, not only today's outlet lists: a search service's `url:` or a new
    discovery route's address names an origin the user chose to reach just the same.
    """
    if not sources_path:
        return set()
    try:
        document = yaml.safe_load(Path(sources_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()  # the crawl itself reports an unreadable sources file
    found = (origin_of(text) for text in _strings_in(document))
    return {origin for origin in found if origin is not None}


def parse_origins(values: Iterable[str]) -> set[Origin]:
    """Return origins given as "host:port" (or as URLs) on the command line."""
    origins = set()
    for value in values:
        value = value.strip()
        if not value:
            continue
        origin = origin_of(value if "://" in value else f"http://{value}")
        if origin is None:
            raise ValueError(f"not a host:port: {value!r}")
        origins.add(origin)
    return origins


def refusal_reason(address: Address) -> str | None:
    """Return why an address may not be fetched, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, flag in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a private", address.is_private),
        ("a reserved", address.is_reserved),
        ("a non-public", not address.is_global),
    ):
        if flag:
            return f"{kind} address ({address})"
    return None


def _literal_address(host: str) -> Address | None:
    """Return the address a host names literally (an IP), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class FetchGuardMiddleware:
    """Refuse requests that leave http(s) or reach non-public addresses not named as sources.

    Sits next to the downloader so that it sees every request as it is sent, redirects and
    robots.txt included, and every response before anything else reads it.
    """

    def __init__(self, allowed: set[Origin]) -> None:
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchGuardMiddleware:
        settings = crawler.settings
        allowed = named_origins(settings.get("ARCHIVE_SOURCES"))
        allowed |= parse_origins(settings.getlist("ARCHIVE_ALLOWED_ORIGINS"))
        return cls(allowed)

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in SCHEMES:
            raise FetchRefused(f"refused: only http(s) is fetched, not {parts.scheme or '?'}:")
        origin = origin_of(request.url)
        if origin is None:
            raise FetchRefused("refused: the URL has no valid host")
        if origin in self.allowed:
            return
        address = _literal_address(origin[0]) or await self._resolve(origin[0])
        why = refusal_reason(address) if address is not None else None
        if why:
            raise FetchRefused(f"refused: {origin[0]}:{origin[1]} is {why} not named as a source")

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if urlsplit(target).scheme not in SCHEMES:
                raise FetchRefused(f"refused: a redirect to {target} (only http(s) is fetched)")
        origin = origin_of(request.url)
        if origin in self.allowed or response.ip_address is None:
            return response
        why = refusal_reason(ipaddress.ip_address(str(response.ip_address)))
        if why:
            raise FetchRefused(f"refused: {request.url} was answered from {why}")
        return response

    async def _resolve(self, host: str) -> Address | None:
        """Return the address the download will connect to, or None when the name does not
        resolve (the download then fails and is recorded as such)."""
        # Imported here: importing the reactor at module level would install the wrong one.
        from twisted.internet import reactor

        try:
            resolved = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]
        except Exception:
            return None
        return _literal_address(str(resolved))


class OriginCookieJarMiddleware:
    """Keep each origin's cookies in its own jar, so no cookie is sent to another host or port.

    Cookie rules ignore ports, so without this two services on one address would share them.
    """

    def process_request(self, request: Request) -> None:
        origin = origin_of(request.url)
        request.meta["cookiejar"] = f"{origin[0]}:{origin[1]}" if origin else None


# A feed served as a .gz file is decompressed by us, not by Scrapy's middleware: same bound.
MAX_GUNZIPPED_BYTES = 10 * MEGABYTE


def refused_page(failure: Failure) -> FetchedPage:
    """Return the capture of a request the guard refused: its outcome and reason, no body."""
    request = failure.request  # type: ignore[attr-defined]
    first = (request.meta.get("redirect_urls") or [request.url])[0]
    return FetchedPage(
        url=first,
        final_url=request.url,
        status=None,
        headers={},
        body=b"",
        fetched_at=_now_iso(),
        outlet=request.cb_kwargs.get("outlet"),
        found_via=request.cb_kwargs.get("found_via") or request.meta.get("source") or "source",
        error=str(failure.value),
        outcome=REFUSED,
        reason=str(failure.value),
    )


def _now_iso() -> str:
    """Return the current UTC time as ISO-8601 text, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
