"""RSS and Atom feeds (read by feedparser): one entry per article.

An entry whose own content is the full article (many feeds carry it in content:encoded)
is ingested from the feed; otherwise its link is fetched and the page's main text used.
The entry's date is the document's publication date. A feed that is not well-formed XML
is refused whole: feedparser can recover entries from broken XML, but what it recovers
is a guess, and a clear "malformed feed" in the history is more useful than a half feed.
"""

from __future__ import annotations

import calendar
import hashlib
import xml.sax
from datetime import UTC, date, datetime

from quotetrack.fetch.http import FetchError, Limits, Response, fetch
from quotetrack.ingest.sources import Item
from quotetrack.ingest.web import html_text, page_document
from quotetrack.jobs.entries import Entry, Loaded

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
#: An entry's content with at least this many words is taken as the full article.
FULL_TEXT_WORDS = 150


def is_feed(response: Response) -> bool:
    if response.media_type in FEED_TYPES:
        return True
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def feed_entries(response: Response, limits: Limits, source: str | None = None) -> list[Entry]:
    """The feed's entries in the order the feed lists them."""
    parsed = parse(response)
    source = source or parsed.feed.get("title") or None
    return [_entry(e, limits, source) for e in parsed.entries]


def parse(response: Response):
    import feedparser

    parsed = feedparser.parse(
        response.body,
        response_headers={"content-type": response.media_type or "application/xml"},
    )
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXException):
        raise FetchError(f"malformed feed XML: {_sax_message(problem)}")
    if not parsed.get("version") and not parsed.entries:
        raise FetchError("not an RSS or Atom feed")
    return parsed


def _entry(entry, limits: Limits, source: str | None) -> Entry:
    link = _web_link(entry.get("link"))
    title = entry.get("title") or None
    published = _published(entry)
    text = _full_text(entry)
    key = link or entry.get("id") or "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    def load() -> Loaded:
        if text or not link:
            return _inline(key, text or _summary(entry), link, title, published, source)
        page = fetch(link, limits)
        return page_document(page, title=title, published=published, source=source)

    return Entry(key=key, load=load, url=link)


def _web_link(link: str | None) -> str | None:
    """The entry's link when it is a web address (feedparser may offer a tag: or urn: id)."""
    if link and link.lower().startswith(("http://", "https://")):
        return link
    return None


def _inline(key, text, link, title, published, source) -> Loaded:
    if not text:
        raise FetchError("the entry has neither a link nor any text")
    item = Item(
        origin=link or key,
        read=lambda: text.encode("utf-8"),
        title=title,
        url=link,
        published=published,
        source=source,
    )
    return Loaded(item)


def _full_text(entry) -> str:
    """The entry's content when it is the whole article, else an empty string."""
    for content in entry.get("content") or ():
        text = _as_text(content)
        if len(text.split()) >= FULL_TEXT_WORDS:
            return text
    return ""


def _summary(entry) -> str:
    summary = entry.get("summary_detail") or {}
    return _as_text(summary) if summary else ""


def _as_text(detail) -> str:
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or ""):
        return html_text(value)
    return value.strip()


def _published(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()


def _sax_message(exc: xml.sax.SAXException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"line {exc.getLineNumber()}: {exc.getMessage()}"
    return str(exc)
