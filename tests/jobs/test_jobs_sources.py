"""Reading sources without a database: feeds (RSS and Atom), pages, JSON Lines, and the
lines a run prints."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from quotetrack.errors import InputError
from quotetrack.fetch.http import FetchError, Limits, Response
from quotetrack.ingest.feeds import feed_entries
from quotetrack.ingest.jsonl import jsonl_entries
from quotetrack.ingest.runner import Outcome
from quotetrack.ingest.web import page_document
from quotetrack.jobs.report import LogReporter, TerminalReporter
from quotetrack.jobs.run import RunResult
from quotetrack.jobs.state import Counts

FIXTURES = Path(__file__).parent / "fixtures"
LIMITS = Limits(timeout=0.5)
LIBRARY = (FIXTURES / "library-closures.html").read_text()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>City Desk</title>
  <id>urn:example:city-desk</id>
  <updated>2025-03-17T09:00:00Z</updated>
  <entry>
    <title>Four branch libraries to close</title>
    <id>urn:example:libraries</id>
    <link href="http://127.0.0.1:9/libraries"/>
    <updated>2025-03-17T09:00:00Z</updated>
    <content type="html"><![CDATA[{LIBRARY}]]></content>
  </entry>
  <entry>
    <title>Bus fares frozen</title>
    <id>urn:example:fares</id>
    <updated>2025-03-16T18:30:00+01:00</updated>
    <summary>The transport authority froze bus fares for another year.</summary>
  </entry>
</feed>
"""


def response(body: str | bytes, media_type: str, url: str = "http://127.0.0.1:9/") -> Response:
    data = body.encode() if isinstance(body, str) else body
    return Response(url, 200, data, media_type, "utf-8", None, None)


def test_atom_full_text_and_summary_entries():
    first, second = feed_entries(response(ATOM, "application/atom+xml"), LIMITS)
    assert first.url == "http://127.0.0.1:9/libraries"  # not fetched: content is the article
    item = first.load().item
    assert (item.title, item.published, item.source) == (
        "Four branch libraries to close",
        date(2025, 3, 17),
        "City Desk",
    )
    assert item.read().decode().count("\n\n") >= 5
    assert second.key == "urn:example:fares"  # no link: the entry's id is its key
    fares = second.load().item
    assert fares.read() == b"The transport authority froze bus fares for another year."
    assert fares.published == date(2025, 3, 16)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<rss><channel><item><title>A & B</title></item>", "malformed feed XML: line "),
        ('<?xml version="1.0"?><catalog><book>Dune</book></catalog>', "not an RSS or Atom"),
    ],
)
def test_broken_or_foreign_xml_is_refused(body, message):
    with pytest.raises(FetchError, match=message):
        feed_entries(response(body, "application/xml"), LIMITS)


def test_page_that_is_not_html():
    with pytest.raises(FetchError, match=r"not an HTML page \(content type application/pdf\)"):
        page_document(response(b"%PDF-1.7", "application/pdf"))


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script><nav>Home</nav></body></html>",
        "<html><body><div>Cookie consent required.</div></body></html>",
    ],
)
def test_page_without_article_text(body):
    with pytest.raises(FetchError, match="no article text found in the page"):
        page_document(response(body, "text/html"))


def test_jsonl_entries_fail_line_by_line(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        '{"text": "One.", "url": "https://example.org/1", "published": "2025-03-01"}\n'
        "[1, 2]\n"
        '{"title": "no text"}\n'
        '{"text": "Two.", "title": 7}\n'
    )
    one, array, empty, typed = jsonl_entries(dump)
    assert one.key == "https://example.org/1"
    assert one.load().item.published == date(2025, 3, 1)
    for entry, message in [
        (array, "line 2: not a JSON object"),
        (empty, 'line 3: no "text"'),
        (typed, 'line 4: "title" is not a string'),
    ]:
        with pytest.raises(InputError, match=message):
            entry.load()


def result(status="ok", error=None) -> RunResult:
    return RunResult("wire", status, Counts(new=2, unchanged=1, skipped=3, failed=0), error)


def test_log_lines_are_plain_and_timestamped():
    out = io.StringIO()
    log = LogReporter(out)
    log.started("wire", 3)
    log.handled("wire", Outcome("http://x/a", "new", 4, 7), skipped=False)
    log.handled("wire", Outcome("http://x/b", "failed", reason="HTTP 404 Not Found"), False)
    log.finished(result())
    lines = out.getvalue().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == [
        "wire: started (3 entries)",
        "wire: new http://x/a (document 4, 7 attributions)",
        "wire: failed http://x/b: HTTP 404 Not Found",
        "wire: ok: 2 new, 1 unchanged, 3 skipped, 0 failed",
    ]
    assert all(line[:4].isdigit() and line[19] == "Z" for line in lines)
    assert "\r" not in out.getvalue()


def test_terminal_progress_line_on_long_runs():
    out = io.StringIO()
    tty = TerminalReporter(out)
    tty.started("wire", 40)
    for i in range(40):
        tty.handled("wire", Outcome(f"http://x/{i}", "new", i, 1), False)
    tty.finished(result())
    text = out.getvalue()
    assert "\rwire: 40/40 [" + "#" * 30 + "]" in text
    assert text.rstrip().endswith("wire: ok: 2 new, 1 unchanged, 3 skipped, 0 failed")
