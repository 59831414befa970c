"""From a job to this run's entries: the folder walked, the JSON Lines file read, the URL
fetched and read as a feed or a page.

Requests are conditional (If-None-Match, If-Modified-Since) with the validators of the
last complete run, except when failed entries are due for another try: then the source
is fetched whole, so those entries are listed again.
"""

from __future__ import annotations

from pathlib import Path

from quotetrack.errors import InputError
from quotetrack.fetch.http import FetchError, Limits, Response, fetch
from quotetrack.ingest.feeds import FEED_TYPES, feed_entries, is_feed
from quotetrack.ingest.folders import fingerprint, folder_entries
from quotetrack.ingest.jsonl import jsonl_entries
from quotetrack.ingest.web import HTML_TYPES, is_html, page_document
from quotetrack.jobs.entries import SOURCE_KEY, Entry, Listing, Validators
from quotetrack.jobs.state import Seen, retries_due
from quotetrack.store.jobs_models import Job


def listing(job: Job, seen: dict[str, Seen], limits: Limits) -> Listing:
    """This run's entries; raises InputError (FetchError) when the source is unreadable."""
    previous = None if retries_due(seen) else seen.get(SOURCE_KEY)
    if job.kind == "folder":
        return _folder(job)
    if job.kind == "jsonl":
        return _jsonl(job, previous)
    return _url(job, previous, limits)


def _folder(job: Job) -> Listing:
    folder = Path(job.location)
    if not folder.is_dir():
        raise InputError(f"{folder}: the folder no longer exists")
    entries = list(folder_entries(folder, job.glob or "*.txt", job.source_name))
    return Listing(entries, total=len(entries))


def _jsonl(job: Job, previous: Seen | None) -> Listing:
    path = Path(job.location)
    current = fingerprint(path)
    if current is None:
        raise InputError(f"{path}: no such file")
    validators = Validators(fingerprint=current)
    if previous is not None and previous.fingerprint == current:
        return Listing((), validators, 0)
    return Listing(jsonl_entries(path, job.source_name), validators)


def _url(job: Job, previous: Seen | None, limits: Limits) -> Listing:
    etag = previous.etag if previous else None
    modified = previous.last_modified if previous else None
    response = fetch(job.location, limits, etag, modified)
    validators = Validators(etag=response.etag, last_modified=response.last_modified)
    if response.not_modified:
        return Listing((), validators, 0)
    kind = _kind(response)
    if kind == "feed":
        entries = feed_entries(response, limits, job.source_name)
        return Listing(entries, validators, len(entries))
    if kind == "page":
        page = Entry(
            key=job.location,
            load=lambda: page_document(response, source=job.source_name),
            url=response.url,
            always=True,
        )
        return Listing([page], validators, 1)
    raise FetchError(
        f"neither an HTML page nor an RSS/Atom feed (content type {response.media_type or '?'})"
    )


def _kind(response: Response) -> str | None:
    """The declared content type decides; without a useful one, the first bytes do."""
    if response.media_type in HTML_TYPES:
        return "page"
    if response.media_type in FEED_TYPES or is_feed(response):
        return "feed"
    if is_html(response):
        return "page"
    return None
