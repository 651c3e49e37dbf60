"""The bundled fixture web: each outlet folder served as its own origin on a loopback port."""

from __future__ import annotations

import base64
import contextlib
import gzip
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from archive.standins import Request, Service, answer, file_headers, load_service

TEXT_SUFFIXES = {".html", ".xml", ".rss", ".atom", ".txt", ".yml", ".json"}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
_TOKEN = re.compile(r"\{\{origin(?::([A-Za-z0-9.-]+))?\}\}")
# {{gnews:URL}}: a Google News article id (the older kind, which carries the URL in base64).
_GNEWS = re.compile(r"\{\{gnews:([^}]+)\}\}")


def google_news_id(url: str) -> str:
    """Return a Google News article id of the older kind for a URL (protobuf in base64url)."""
    data = url.encode("utf-8")
    payload = b"\x08\x13\x22" + bytes([len(data)]) + data + b"\xd2\x01\x00"
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def big_page(megabytes: float) -> bytes:
    """Return an HTML page of about this size, made at serve time rather than kept on disk."""
    paragraph = b"<p>" + b"Filler text for a page far larger than any news story. " * 20 + b"</p>\n"
    count = int(megabytes * 1024 * 1024 / len(paragraph)) + 1
    return b"<html><head><title>Huge</title></head><body>" + paragraph * count + b"</body></html>"


def fixture_root() -> Path:
    """Return the folder of the bundled fixture web."""
    return Path(str(resources.files("archive") / "fixture_web"))


@dataclass
class FixtureWeb:
    """A running fixture web: host folder name -> served origin."""

    root: Path
    origins: dict[str, str] = field(default_factory=dict)
    # Every request served, as (host folder, path): lets tests prove what was never fetched.
    requests: list[tuple[str, str]] = field(default_factory=list)
    # The most requests each host was answering at once: lets tests check politeness.
    busiest: dict[str, int] = field(default_factory=dict)
    # Stand-in search services by host (their request times show the pace they were asked at).
    services: dict[str, Service] = field(default_factory=dict)
    _in_flight: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, host: str) -> None:
        """Count a request the host has started to answer."""
        with self._lock:
            self._in_flight[host] = self._in_flight.get(host, 0) + 1
            self.busiest[host] = max(self.busiest.get(host, 0), self._in_flight[host])

    def end(self, host: str) -> None:
        """Count a request the host has finished answering."""
        with self._lock:
            self._in_flight[host] -= 1

    def render(self, text: str, host: str) -> str:
        """Return text with {{origin}} and {{origin:HOST}} replaced by served origins."""

        def origin(match: re.Match[str]) -> str:
            return self.origins[match.group(1) or host]

        return _GNEWS.sub(lambda m: google_news_id(m.group(1)), _TOKEN.sub(origin, text))

    def url(self, host: str, path: str = "/") -> str:
        """Return the served URL of a path on a fixture host."""
        return self.origins[host] + path

    def sources_text(self) -> str:
        """Return the demo sources file with served origins filled in."""
        return self.render((self.root / "sources.yml").read_text(encoding="utf-8"), "")


def _resolve(folder: Path, path: str) -> Path | None:
    """Return the file a request path names (file, .html, or index.html), or None."""
    relative = unquote(path).lstrip("/")
    if any(part.startswith((".", "_")) for part in Path(relative).parts):
        return None
    base = (folder / relative).resolve()
    if not base.is_relative_to(folder.resolve()):
        return None
    for candidate in (base, base.with_name(base.name + ".html"), base / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def _load_routes(folder: Path) -> dict[str, dict[str, Any]]:
    """Return a host's special responses from its _routes.yml."""
    routes_file = folder / "_routes.yml"
    if not routes_file.is_file():
        return {}
    return yaml.safe_load(routes_file.read_text(encoding="utf-8")) or {}


def _make_handler(web: FixtureWeb, host: str) -> type[BaseHTTPRequestHandler]:
    """Return a request handler class serving one host folder."""
    folder = web.root / host
    routes = _load_routes(folder)
    hits: dict[str, int] = {}
    service = load_service(folder, lambda text: web.render(text, host))
    if service is not None:
        web.services[host] = service

    class Handler(BaseHTTPRequestHandler):
        server_version = "fixture-web/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test and demo output quiet."""

        def do_HEAD(self) -> None:
            self._respond(send_body=False)

        def do_GET(self) -> None:
            self._respond(send_body=True)

        def do_POST(self) -> None:
            """Answer a POST: a stand-in reads its body (Google News' batchexecute)."""
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._respond(send_body=True, body=body)

        def _respond(self, send_body: bool, body: bytes = b"") -> None:
            web.begin(host)
            try:
                self._answer(send_body, body)
            finally:
                web.end(host)

        def _answer(self, send_body: bool, sent: bytes) -> None:
            path = urlsplit(self.path).path
            web.requests.append((host, path))
            hits[path] = hits.get(path, 0) + 1
            route = routes.get(path, {})
            if "delay" in route:
                time.sleep(float(route["delay"]))  # a slow server, for interrupted crawls
            special = None
            if service is not None:
                request = Request(self.command, self.path, self.headers, sent, web.origins[host])
                special = answer(service, request)
            if special is not None and special.status == 0:
                self.close_connection = True  # refused unanswered, as a firewall block is
                return
            if special is not None:
                status, headers, body = special.status, dict(special.headers), special.body
            else:
                status, headers, body = self._route_response(path, route, hits[path])
                if service is not None:
                    headers = {**file_headers(service, web.origins[host]), **headers}
            etag = headers.get("ETag")
            if etag is not None and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, str(value))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # a client that stopped waiting (its timeout)

        def _route_response(
            self, path: str, route: dict[str, Any], hit: int
        ) -> tuple[int, dict[str, str], bytes]:
            # A route may answer differently on later hits (e.g. 500 then 200) via "then".
            if hit > 1 and "then" in route:
                route = route["then"]
            headers = dict(route.get("headers") or {})
            status = int(route.get("status", 200))
            if "location" in route:
                headers["Location"] = urljoin(
                    web.origins[host] + path, web.render(route["location"], host)
                )
            file = _resolve(folder, route.get("body_file", path))
            if "body" in route:
                body = web.render(str(route["body"]), host).encode("utf-8")
            elif "size_mb" in route:
                body = big_page(float(route["size_mb"]))
            elif "gzip_of" in route:
                # A gzip sitemap whose links name this run's ports: rendered, then compressed.
                source = _resolve(folder, route["gzip_of"])
                text = source.read_text(encoding="utf-8") if source else ""
                body = gzip.compress(web.render(text, host).encode("utf-8"), mtime=0)
            elif file is not None and status < 300:
                body = file.read_bytes()
                # "raw": bytes as they are (a page in another encoding than it declares).
                if file.suffix in TEXT_SUFFIXES and not route.get("raw"):
                    body = web.render(body.decode("utf-8"), host).encode("utf-8")
            elif file is None and not route:
                status, body = 404, b"<html><body><h1>Not found</h1></body></html>"
            else:
                body = b""
            suffix = file.suffix if file is not None else ".html"
            headers.setdefault(
                "Content-Type", route.get("content_type") or CONTENT_TYPES.get(suffix, "text/html")
            )
            return status, headers, body

    return Handler


def fixture_hosts(root: Path) -> list[str]:
    """Return the host folders of a fixture web."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def host_address(folder: Path, default: str) -> str:
    """Return the loopback address a host folder asks for in its _host.yml, or the default."""
    settings_file = folder / "_host.yml"
    if not settings_file.is_file():
        return default
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}
    return str(settings.get("address", default))


@contextmanager
def serve_fixture_web(root: Path | None = None, address: str = "127.0.0.1") -> Iterator[FixtureWeb]:
    """Serve every host folder on its own ephemeral loopback port until the block ends."""
    web = FixtureWeb(root=root or fixture_root())
    servers = []
    try:
        for host in fixture_hosts(web.root):
            bind = host_address(web.root / host, address)
            server = ThreadingHTTPServer((bind, 0), _make_handler(web, host))
            server.daemon_threads = True
            servers.append(server)
            web.origins[host] = f"http://{bind}:{server.server_address[1]}"
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        yield web
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
