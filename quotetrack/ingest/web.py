"""A web page's article: main text and metadata, extracted by trafilatura.

trafilatura finds the article's main text among navigation, footers and ads, and reads
the title, byline, site name and publication date from the page's metadata (OpenGraph,
JSON-LD, meta tags); hand-written tag stripping would keep the menus and lose the dates.
Only the page's metadata dates are used (``extensive_search`` off), so a date mentioned
in the text never becomes the publication date.
"""

from __future__ import annotations

from datetime import date

from quotetrack.fetch.http import FetchError, Response
from quotetrack.ingest.sources import Item
from quotetrack.jobs.entries import Loaded

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Fewer words than this is a menu, a cookie wall or an error notice that the extractor
#: fell back to, not an article (even a news brief has a few sentences).
MIN_WORDS = 20


def is_html(response: Response) -> bool:
    if response.media_type in HTML_TYPES:
        return True
    if response.media_type:
        return False
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def page_document(
    response: Response,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Loaded:
    """The page's article as an ingest item; what the caller knows wins over the page."""
    if not is_html(response):
        kind = response.media_type or "unknown"
        raise FetchError(f"not an HTML page (content type {kind})")
    extracted = extract_article(response.body, response.url)
    text = main_text(extracted)
    item = Item(
        origin=response.url,
        read=lambda: text.encode("utf-8"),
        title=title or extracted.title,
        url=response.url,
        published=published or _date(extracted.date),
        source=source or extracted.sitename,
    )
    return Loaded(item, author=extracted.author)


def main_text(extracted) -> str:
    """The article's paragraphs from :func:`extract_article`'s result; FetchError when
    the page has none, or too few words to be more than a menu or a notice."""
    text = paragraphs(extracted.text) if extracted is not None and extracted.text else ""
    words = len(text.split())
    if words < MIN_WORDS:
        found = f" (only {words} words: a menu or a notice, not an article)" if words else ""
        raise FetchError(f"no article text found in the page{found}")
    return text


def looks_like_html(text: str) -> bool:
    """A saved web page rather than article text (what a scraper's .html file holds)."""
    return text[:512].lstrip().lower().startswith(("<!doctype html", "<html"))


def extract_article(html: bytes | str, url: str | None = None):
    """trafilatura's result (text, title, author, date, sitename), or None."""
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def html_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), paragraph by paragraph."""
    import lxml.html

    extracted = extract_article(f"<html><body><article>{fragment}</article></body></html>")
    if extracted is not None and extracted.text:
        return paragraphs(extracted.text)
    try:
        return paragraphs(lxml.html.fromstring(fragment).text_content())
    except (ValueError, lxml.etree.ParserError):
        return ""


def paragraphs(text: str) -> str:
    """One blank line between blocks, as the extractor's segmenter expects of articles."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
