"""A local web site for the job tests: pages and feeds served on 127.0.0.1 from a thread.

Routes are added per test (an article, a feed, a 404, a slow page, a 20 MB response);
every request is logged so tests can count how often a page was fetched and what
conditional headers came with it. Nothing is ever requested from any other address.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = {
    "harbour-deal": "Council approves harbour deal after two years of talks",
    "rail-strike": "Rail workers announce three-day walkout",
    "flood-defences": "Minister promises new flood defences for river towns",
    "hospital-waits": "Hospital waiting lists fall for the first time in four years",
    "wind-farm": "Offshore wind farm wins final approval",
}
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
CHUNK = b"x" * 65536


@dataclass
class Route:
    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    delay: float = 0.0
    etag: str | None = None
    stream: int = 0  # bytes to send without a Content-Length (body ignored)
    dribble: float = 0.0  # seconds between the body's bytes


@dataclass
class Request:
    path: str
    headers: dict


@dataclass
class Site:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **route) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **route)
        return self.url(path)

    def article(self, name: str, **route) -> str:
        """Serve fixtures/NAME.html at /news/NAME."""
        return self.add(f"/news/{name}", (FIXTURES / f"{name}.html").read_bytes(), **route)

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for r in self.log if r.path == path)

    def requests(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path == path]


def rss(site: Site, title: str, entries: list[dict]) -> str:
    """An RSS 2.0 document; each entry: title, path (link), date, and optional content."""
    items = []
    for e in entries:
        content = (
            f"<content:encoded><![CDATA[{e['content']}]]></content:encoded>"
            if e.get("content")
            else ""
        )
        link = f"<link>{escape(site.url(e['path']))}</link>" if e.get("path") else ""
        items.append(
            f"<item><title>{escape(e['title'])}</title>{link}"
            f"<guid>{escape(site.url(e.get('path') or '/' + e['title']))}</guid>"
            f"<pubDate>{format_datetime(e['date'])}</pubDate>"
            f"<description>{escape(e.get('summary', e['title']))}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>{site.base}/</link>"
        f"<description>{escape(title)}</description>{''.join(items)}</channel></rss>"
    )


def article_entries(names) -> list[dict]:
    return [
        {
            "title": ARTICLES[name],
            "path": f"/news/{name}",
            "date": datetime(2025, 3, 11 + i, 7, 0, tzinfo=UTC),
        }
        for i, name in enumerate(names)
    ]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            with site.lock:
                site.log.append(Request(self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            if route.status != 200:
                self.send_error(route.status)
                return
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.stream:
                self.send_header("Connection", "close")
                self.end_headers()
                self._stream(route.stream)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if route.dribble:
                self._dribble(route.body, route.dribble)
                return
            self.wfile.write(route.body)

        def _dribble(self, body: bytes, pause: float) -> None:
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(pause)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _stream(self, size: int) -> None:
            sent = 0
            try:
                while sent < size:
                    self.wfile.write(CHUNK)
                    sent += len(CHUNK)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its size limit, as it should
            self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    return Handler


def start() -> tuple[Site, ThreadingHTTPServer]:
    """A web server on 127.0.0.1 (an ephemeral port), serving from a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    server.daemon_threads = True
    # Clients that stop reading (size limits, timeouts) break pipes; that is expected.
    server.handle_error = lambda request, address: None
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(site)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return site, server
