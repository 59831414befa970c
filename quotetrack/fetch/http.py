"""One HTTP GET with the limits every scheduled fetch needs.

The standard library's urllib is enough here: quotetrack makes one request at a time,
needs no sessions or cookies, and an extra HTTP client would be one more dependency to
keep current. Each failure becomes a :class:`FetchError` whose message is one line a user
can read in ``jobs history`` ("HTTP 404 Not Found", "timed out after 20 s", "response
larger than the 10 MB limit").
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from quotetrack import __version__
from quotetrack.errors import InputError

USER_AGENT = f"quotetrack/{__version__} (+https://github.com/quotetrack)"
ENV_TIMEOUT = "QUOTETRACK_FETCH_TIMEOUT"
ENV_MAX_MB = "QUOTETRACK_FETCH_MAX_MB"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_MB = 10.0
CHUNK = 64 * 1024
#: A slow server may dribble bytes within each socket timeout; the whole response must
#: still arrive within this many timeouts.
TOTAL_TIMEOUTS = 3
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


class FetchError(InputError):
    """A URL could not be fetched; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How long to wait and how much to read, per request."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = int(DEFAULT_MAX_MB * 1024 * 1024)

    @classmethod
    def from_env(cls, timeout: float | None = None, max_mb: float | None = None) -> Limits:
        """Options win, then QUOTETRACK_FETCH_TIMEOUT / QUOTETRACK_FETCH_MAX_MB, then defaults."""
        timeout = timeout or _env_float(ENV_TIMEOUT, DEFAULT_TIMEOUT)
        max_mb = max_mb or _env_float(ENV_MAX_MB, DEFAULT_MAX_MB)
        return cls(timeout=timeout, max_bytes=int(max_mb * 1024 * 1024))


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional request found nothing new
    body: bytes
    media_type: str  # "text/html", lower case, without parameters
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(
    url: str,
    limits: Limits,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Response:
    """GET ``url``; with ``etag``/``last_modified`` the request is conditional."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers=_headers(etag, last_modified))
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as reply:
            headers = reply.headers
            _check_length(headers, limits)
            body = _read(reply, limits, started)
            return _response(reply.geturl(), reply.status, body, headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return _response(url, 304, b"", exc.headers, etag, last_modified)
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise _timed_out(limits) from exc
        raise FetchError(f"cannot connect: {exc.reason}") from exc
    except TimeoutError as exc:
        raise _timed_out(limits) from exc
    except (ConnectionError, OSError) as exc:
        raise FetchError(f"connection failed: {exc}") from exc
    except ValueError as exc:  # a URL urllib cannot read
        raise FetchError(f"bad URL {url!r}: {exc}") from exc


def _headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _check_length(headers: Message, limits: Limits) -> None:
    """Refuse early when the server announces a body over the limit."""
    declared = headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits)


def _read(reply, limits: Limits, started: float) -> bytes:
    """The body in chunks, stopping as soon as it passes the size or time limit."""
    chunks: list[bytes] = []
    size = 0
    # read1 returns what one socket read brings, so a server that dribbles bytes cannot
    # hold a read open past the deadline the way read(n), which waits for n bytes, can.
    while chunk := reply.read1(CHUNK):
        size += len(chunk)
        if size > limits.max_bytes:
            raise _too_large(limits)
        if time.monotonic() - started > limits.timeout * TOTAL_TIMEOUTS:
            raise _timed_out(limits)
        chunks.append(chunk)
    return b"".join(chunks)


def _response(
    url: str,
    status: int,
    body: bytes,
    headers: Message | None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Response:
    headers = headers or Message()
    return Response(
        url=url,
        status=status,
        body=body,
        media_type=headers.get_content_type().lower() if headers.get("Content-Type") else "",
        charset=headers.get_content_charset(),
        etag=headers.get("ETag") or etag,
        last_modified=headers.get("Last-Modified") or last_modified,
    )


def _timed_out(limits: Limits) -> FetchError:
    return FetchError(f"timed out after {limits.timeout:g} s")


def _too_large(limits: Limits) -> FetchError:
    return FetchError(f"response larger than the {limits.max_bytes / 1024 / 1024:g} MB limit")


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default
