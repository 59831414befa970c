"""Feeds and pages as scrapers meet them: broken, empty, hostile, or with impossible dates.

tests/jobs covers a truncated feed and a page with an empty body in process. Here the
installed ``quotetrack jobs`` runs against a local web site (tests/jobs/website.py,
127.0.0.1 only) serving many kinds of bad feed and page at once: the run exits 3, every
bad source has a one-line reason in ``jobs history``, nothing is half-written, and the
good articles next to the bad ones are stored.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reliability_cli import run_quotetrack
from reliability_soak import verify

_spec = importlib.util.spec_from_file_location(
    "reliability_website", Path(__file__).parents[1] / "jobs" / "website.py"
)
website = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = website  # its dataclasses look themselves up there
_spec.loader.exec_module(website)

RSS = "application/rss+xml; charset=utf-8"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)


@pytest.fixture
def site():
    served, server = website.start()
    yield served
    server.shutdown()
    server.server_close()


def odd_date_feed(site) -> str:
    """A feed whose dates are impossible or in unknown zones, linking to good articles."""
    items = []
    for i, (name, when) in enumerate(
        [
            ("harbour-deal", "Mon, 31 Feb 2025 07:00:00 GMT"),
            ("rail-strike", "Tue, 11 Mar 2025 25:61:00 XYZT"),
            ("flood-defences", "yesterday-ish"),
        ]
    ):
        site.article(name)
        items.append(
            f"<item><title>Item {i}</title><link>{site.url('/news/' + name)}</link>"
            f"<guid>{site.url('/news/' + name)}</guid><pubDate>{when}</pubDate></item>"
        )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Odd</title>'
        + "".join(items)
        + "</channel></rss>"
    )
    return site.add("/odd-dates.xml", body, content_type=RSS)


def test_bad_feeds_and_pages_fail_alone_with_a_reason(site, tmp_path):
    good = website.rss(site, "Wire", website.article_entries(["hospital-waits"]))
    site.article("hospital-waits")
    site.article("wind-farm")
    empty_page = site.add("/news/empty", "<html><head><title>Empty</title></head></html>")
    linking = website.rss(
        site,
        "Links to nothing",
        [
            {"title": "No body", "path": "/news/empty", "date": datetime(2025, 3, 3, tzinfo=UTC)},
            {"title": "Wind", "path": "/news/wind-farm", "date": datetime(2025, 3, 4, tzinfo=UTC)},
        ],
    )
    sources = {
        "good": site.add("/good.xml", good, content_type=RSS),
        "truncated": site.add("/truncated.xml", good[: len(good) // 2], content_type=RSS),
        "empty-feed": site.add("/empty.xml", b"", content_type=RSS),
        "garbage": site.add("/garbage.xml", bytes(range(256)) * 8, content_type=RSS),
        "bad-utf8": site.add(
            "/latin1.xml", good.replace("Wire", "Caf\xe9").encode("latin-1"), content_type=RSS
        ),
        "laughs": site.add("/laughs.xml", LAUGHS, content_type=RSS),
        "html-as-feed": site.add("/page-as-feed.xml", "<html><body><p>Hi</p>", content_type=RSS),
        "links-to-empty": site.add("/links.xml", linking, content_type=RSS),
        "empty-page": empty_page,
        "odd-dates": odd_date_feed(site),
    }
    db = str(tmp_path / "jobs.db")
    for name, url in sources.items():
        added = run_quotetrack("jobs", "add", name, url, "--every", "1h", "--db", db)
        assert added.exit_code == 0, added.stderr
    result = run_quotetrack("jobs", "run", "--due", "--timeout", "5", "--db", db)
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    history = run_quotetrack("jobs", "history", "--format", "json", "--db", db)
    runs = {r["job"]: r for r in json.loads(history.stdout)}
    assert set(runs) == set(sources)
    for name, reason in (
        ("truncated", "malformed feed XML: line 2"),
        ("empty-feed", "not an RSS or Atom feed"),
        ("garbage", "malformed feed XML: line 2: not well-formed"),
        ("laughs", "malformed feed XML: line 1: limit on input amplification"),
        ("html-as-feed", "malformed feed XML"),
        ("empty-page", "no article text found in the page"),
    ):
        assert runs[name]["status"] in ("failed", "partial"), runs[name]
        assert runs[name]["new"] == 0
        assert reason in runs[name]["error"] and "\n" not in runs[name]["error"], runs[name]
    assert (runs["good"]["status"], runs["good"]["new"]) == ("ok", 1)
    assert (runs["links-to-empty"]["status"], runs["links-to-empty"]["new"]) == ("partial", 1)
    assert "no article text" in runs["links-to-empty"]["error"]
    assert runs["odd-dates"]["new"] == 3, runs["odd-dates"]
    check = verify("sqlite:///" + db)
    assert check.problems == []
    assert check.documents == 1 + 1 + 3  # good, wind farm, odd dates
    assert "failed" in result.stderr


def test_a_page_with_only_navigation_or_a_cookie_wall_is_not_an_article(site, tmp_path):
    db = str(tmp_path / "jobs.db")
    pages = {
        "nav": "<html><body><script>var a = 1;</script><nav>Home</nav></body></html>",
        "cookies": "<html><body><div>Cookie consent required.</div></body></html>",
    }
    for name, html in pages.items():
        url = site.add(f"/news/{name}", html)
        added = run_quotetrack("jobs", "add", name, url, "--every", "1h", "--db", db)
        assert added.exit_code == 0, added.stderr
    result = run_quotetrack("jobs", "run", "--due", "--db", db)
    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("no article text found in the page") == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert verify("sqlite:///" + db).documents == 0
