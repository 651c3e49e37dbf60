"""What every stand-in shares: a request, its answer, the service a host folder declares,
and the helpers for dates, pace and feeds.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import Message
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import yaml

JSON = {"Content-Type": "application/json; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=UTF-8"}


@dataclass(frozen=True)
class Answer:
    """A stand-in's answer; status 0 closes the connection unanswered (a firewall's refusal)."""

    status: int
    headers: dict[str, str]
    body: bytes = b""


DROP = Answer(0, {})


@dataclass(frozen=True)
class Request:
    """One request as a stand-in sees it."""

    method: str
    raw_path: str
    headers: Message
    body: bytes
    origin: str  # the stand-in's own served origin, for the addresses it answers with

    @property
    def path(self) -> str:
        return urlsplit(self.raw_path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.raw_path).query, keep_blank_values=True)

    def arg(self, name: str, default: str = "") -> str:
        """Return a query parameter's first value."""
        return self.query.get(name, [default])[0]


@dataclass
class Service:
    """One stand-in: its kind, settings, data, and a record of how it was asked."""

    kind: str
    settings: dict[str, Any]
    load: Callable[[], Any]
    asked_at: list[float] = field(default_factory=list)  # requests to the service's own API
    answered_at: list[float] = field(default_factory=list)  # those answered, not refused
    limited_at: list[float] = field(default_factory=list)  # refused for pace or load
    blocked_at: list[float] = field(default_factory=list)  # when a block began (CDX)
    refused: int = 0  # requests dropped while blocked
    scanned: int = 0  # CDX index lines read
    log: list[tuple[float, str, int]] = field(default_factory=list)  # (answered, path, status)
    state: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _data: Any = None

    @property
    def limited(self) -> int:
        """Return how many requests were refused for the service's pace or load."""
        return len(self.limited_at)

    def data(self) -> Any:
        """Return the service's data, read once (it names origins only known once serving)."""
        with self.lock:
            if self._data is None:
                self._data = self.load()
            return self._data

    def number(self, name: str, default: float) -> float:
        """Return a numeric setting."""
        value = self.settings.get(name, default)
        return default if value is None else float(value)


def load_service(folder: Path, render: Callable[[str], str]) -> Service | None:
    """Return the stand-in a host folder declares in its _service.yml, if any."""
    config_file = folder / "_service.yml"
    if not config_file.is_file():
        return None
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    data_file = folder / str(settings.get("data", "_data.json"))

    def load() -> Any:
        if not data_file.is_file():
            return {}
        return json.loads(render(data_file.read_text(encoding="utf-8")))

    return Service(str(settings["kind"]), settings, load)


def file_headers(service: Service, origin: str) -> dict[str, str]:
    """Return headers the platform adds to every page it serves, files included."""
    if service.kind == "wordpress" and service.settings.get("advertise_rest", True):
        # WordPress sends its REST API's root on every front-end page (rest_output_link_header).
        return {"Link": f'<{origin}/wp-json/>; rel="https://api.w.org/"'}
    return {}


def _day(value: str) -> date | None:
    """Return the day an ISO date or date-time (or YYYYMMDD...) names."""
    digits = re.sub(r"\D", "", value[:10])
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _moment(value: str) -> datetime:
    """Return an ISO date-time (naive, in UTC); a bare date is its midnight."""
    text = value.strip().replace("Z", "+00:00").replace(" ", "T")
    moment = datetime.fromisoformat(text) if "T" in text else datetime.fromisoformat(text[:10])
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.replace(tzinfo=UTC), usegmt=True)


def _within(times: Iterable[float], now: float, span: float) -> int:
    """Return how many times fall in the rolling span that ends now."""
    return sum(1 for t in times if now - t < span)


def _rss(title: str, link: str, items: Iterable[str], extra: str = "") -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>{extra}"
        + "".join(items)
        + "</channel></rss>"
    )
    return body.encode("utf-8")
