"""Job runs through the CLI against the local site, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from website import RSS, article_entries, rss

from quotetrack.store.jobs_models import JobEntry
from quotetrack.store.models import Document

NEWS = ["harbour-deal", "rail-strike", "flood-defences"]


def documents(engine) -> list[Document]:
    with engine.connect() as conn:
        return list(conn.execute(select(Document).order_by(Document.id)))


def doc_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Document)).scalar()


def history(run, name=None) -> list[dict]:
    args = ["jobs", "history", *([name] if name else []), "--format", "json"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def serve_feed(site, names, path="/feed.xml", title="Northern Courier: News", **route) -> str:
    for name in names:
        site.article(name)
    return site.add(path, rss(site, title, article_entries(names)), content_type=RSS, **route)


def test_feed_job_ingests_each_article_with_the_feed_dates(run, engine, site):
    feed = serve_feed(site, NEWS)
    assert run("jobs", "add", "wire", feed, "--every", "30m").exit_code == 0
    result = run("jobs", "run", "--due")
    assert result.exit_code == 0, result.output
    docs = documents(engine)
    assert [d.title for d in docs] == [
        "Council approves harbour deal after two years of talks",
        "Rail workers announce three-day walkout",
        "Minister promises new flood defences for river towns",
    ]
    assert [d.published for d in docs] == [date(2025, 3, 11), date(2025, 3, 12), date(2025, 3, 13)]
    assert {d.url for d in docs} == {site.url(f"/news/{n}") for n in NEWS}
    assert all("Most read" not in d.text and "Subscribe" not in d.text for d in docs)
    with engine.connect() as conn:
        authors = set(conn.execute(select(JobEntry.author).where(JobEntry.author.is_not(None))))
    assert {a for (a,) in authors} == {"Ines Varga", "Samir Haddad", "Grace Okafor"}
    [latest] = history(run, "wire")
    assert (latest["status"], latest["new"], latest["failed"]) == ("ok", 3, 0)


def test_seen_entries_are_not_fetched_again(run, engine, site):
    feed = serve_feed(site, NEWS)
    run("jobs", "add", "wire", feed, "--every", "30m")
    assert run("jobs", "run", "wire").exit_code == 0
    again = run("jobs", "run", "wire")
    assert again.exit_code == 0
    assert all(site.hits(f"/news/{n}") == 1 for n in NEWS)
    assert site.hits("/feed.xml") == 2
    latest = history(run, "wire")[0]
    assert (latest["new"], latest["skipped"]) == (0, 3)
    assert doc_count(engine) == 3


def test_a_second_job_skips_urls_already_stored(run, engine, site):
    feed = serve_feed(site, NEWS)
    run("jobs", "add", "wire", feed, "--every", "30m")
    run("jobs", "add", "mirror", feed, "--every", "1h")
    assert run("jobs", "run", "wire", "mirror").exit_code == 0
    assert all(site.hits(f"/news/{n}") == 1 for n in NEWS)
    assert history(run, "mirror")[0]["skipped"] == 3


def test_conditional_requests_use_etags(run, site):
    feed = serve_feed(site, NEWS, etag='"feed-1"')
    run("jobs", "add", "wire", feed, "--every", "30m")
    run("jobs", "run", "wire")
    assert run("jobs", "run", "wire").exit_code == 0
    second = site.requests("/feed.xml")[1]
    assert second.headers.get("If-None-Match") == '"feed-1"'
    latest = history(run, "wire")[0]
    assert (latest["status"], latest["new"], latest["skipped"]) == ("ok", 0, 0)


def test_failures_are_recorded_and_the_rest_ingested(run, engine, site):
    site.article("harbour-deal")
    site.article("rail-strike")
    site.add("/news/slow", "<html><body>late</body></html>", delay=2.0)
    site.add("/news/huge", stream=20 * 1024 * 1024)
    site.add("/news/chart", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    entries = [
        {"title": "Harbour", "path": "/news/harbour-deal"},
        {"title": "Gone", "path": "/news/gone"},  # 404
        {"title": "Slow", "path": "/news/slow"},
        {"title": "Huge", "path": "/news/huge"},
        {"title": "Chart", "path": "/news/chart"},
        {"title": "Rail", "path": "/news/rail-strike"},
    ]
    for e in entries:
        e["date"] = datetime(2025, 3, 12, tzinfo=UTC)
    feed = site.add("/feed.xml", rss(site, "Wire", entries), content_type=RSS)
    broken = site.add("/broken.xml", rss(site, "Broken", entries)[:-40], content_type=RSS)
    page = site.article("wind-farm")
    missing_feed = site.url("/no-such-feed.xml")
    for name, url in [("wire", feed), ("broken", broken), ("page", page), ("lost", missing_feed)]:
        assert run("jobs", "add", name, url, "--every", "30m").exit_code == 0

    result = run("jobs", "run", "--due", "--timeout", "0.5")

    assert result.exit_code == 3
    assert {d.title for d in documents(engine)} == {
        "Harbour",
        "Rail",
        "Offshore wind farm wins final approval",
    }
    runs = {r["job"]: r for r in history(run)}
    wire = runs["wire"]
    assert (wire["status"], wire["new"], wire["failed"]) == ("partial", 2, 4)
    for reason in (
        "/news/gone: HTTP 404 Not Found",
        "/news/slow: timed out after 0.5 s",
        "/news/huge: response larger than the 10 MB limit",
        "/news/chart: not an HTML page (content type image/png)",
    ):
        assert reason in wire["error"]
    assert runs["broken"]["status"] == "failed"
    assert runs["broken"]["error"].startswith("malformed feed XML: line")
    assert runs["lost"]["error"] == "HTTP 404 Not Found"
    assert (runs["page"]["status"], runs["page"]["new"]) == ("ok", 1)
    assert "failed" in result.stderr and "Traceback" not in result.output


def test_failed_entries_are_retried_after_their_backoff(run, engine, site):
    site.article("harbour-deal")
    entries = article_entries(["harbour-deal", "rail-strike"])  # rail-strike: 404 at first
    site.add("/feed.xml", rss(site, "Wire", entries), content_type=RSS, etag='"v1"')
    run("jobs", "add", "wire", site.url("/feed.xml"), "--every", "30m")
    assert run("jobs", "run", "wire").exit_code == 3
    site.article("rail-strike")
    assert run("jobs", "run", "wire").exit_code == 0  # still backing off
    assert site.hits("/news/rail-strike") == 1
    assert doc_count(engine) == 1
    with engine.begin() as conn:
        conn.execute(
            update(JobEntry)
            .where(JobEntry.status == "failed")
            .values(retry_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert run("jobs", "run", "wire").exit_code == 0
    assert site.requests("/feed.xml")[-1].headers.get("If-None-Match") is None
    assert doc_count(engine) == 2
    assert history(run, "wire")[0]["new"] == 1


def test_full_text_entries_are_ingested_from_the_feed(run, engine, site):
    from pathlib import Path

    content = (Path(__file__).parent / "fixtures" / "library-closures.html").read_text()
    entry = {
        "title": "Four branch libraries to close",
        "path": "/news/library-closures",  # not served: the feed's content is the article
        "date": datetime(2025, 3, 17, tzinfo=UTC),
        "content": content,
    }
    site.add("/feed.xml", rss(site, "City Desk", [entry]), content_type=RSS)
    run("jobs", "add", "city", site.url("/feed.xml"), "--every", "1h")
    assert run("jobs", "run", "city").exit_code == 0
    [doc] = documents(engine)
    assert site.hits("/news/library-closures") == 0
    assert doc.title == "Four branch libraries to close"
    assert doc.published == date(2025, 3, 17)
    assert "Omar Siddiqui" in doc.text and "\n\n" in doc.text


def test_page_job_takes_the_page_metadata(run, engine, site):
    page = site.article("wind-farm", etag='"w1"')
    run("jobs", "add", "wind", page, "--every", "1h", "--source", "Courier")
    assert run("jobs", "run", "wind").exit_code == 0
    [doc] = documents(engine)
    assert doc.title == "Offshore wind farm wins final approval"
    assert (doc.published, doc.published_source) == (date(2025, 3, 15), "given")
    assert doc.url == page and doc.text.startswith("Offshore wind farm wins final approval")
    assert "Lena Ostrova" in doc.text and "Privacy" not in doc.text
    assert run("jobs", "run", "wind").exit_code == 0
    assert site.requests("/news/wind-farm")[1].headers.get("If-None-Match") == '"w1"'


def test_folder_job_takes_new_and_changed_files(run, engine, tmp_path):
    from pathlib import Path

    src = Path(__file__).parents[1] / "fixtures"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("port-strike.txt", "port-deal.txt"):
        (inbox / name).write_text((src / name).read_text())
    run("jobs", "add", "inbox", str(inbox), "--every", "5m", "--source", "Harbour Desk")
    assert run("jobs", "run", "--due").exit_code == 0
    assert doc_count(engine) == 2
    (inbox / "school-meals.txt").write_text((src / "school-meals.txt").read_text())
    with (inbox / "port-deal.txt").open("a") as f:
        f.write("\nThe agreement will be put to a ballot next week, the union said.\n")
    assert run("jobs", "run", "inbox").exit_code == 0
    latest = history(run, "inbox")[0]
    assert (latest["new"], latest["skipped"], latest["unchanged"]) == (2, 1, 0)
    assert doc_count(engine) == 4
    with engine.connect() as conn:
        assert set(conn.execute(select(Document.source_id).distinct())) != {(None,)}


def test_jsonl_job_loads_lines_and_reports_bad_ones(run, engine, tmp_path):
    from pathlib import Path

    src = Path(__file__).parents[1] / "fixtures"
    records = [
        {
            "text": (src / name).read_text(),
            "title": title,
            "url": f"https://example.org/{name}",
            "published": day,
            "source": "Archive",
        }
        for name, title, day in [
            ("port-strike.txt", "Strike extended", "2025-03-07"),
            ("port-deal.txt", "Deal reached", "2025-03-11T09:00:00Z"),
        ]
    ]
    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps(r) for r in records] + [
        "{not json",
        json.dumps({"text": "x", "published": "soon"}),
    ]
    dump.write_text("\n".join(lines) + "\n\n")
    assert run("jobs", "add", "archive", str(dump), "--every", "1d").exit_code == 0
    result = run("jobs", "run", "archive")
    assert result.exit_code == 3
    latest = history(run, "archive")[0]
    assert (latest["new"], latest["failed"]) == (2, 2)
    assert "line 3: not valid JSON" in latest["error"]
    assert "line 4: \"published\" is not an ISO date: 'soon'" in latest["error"]
    docs = documents(engine)
    assert [(d.title, d.published) for d in docs] == [
        ("Strike extended", date(2025, 3, 7)),
        ("Deal reached", date(2025, 3, 11)),
    ]
    with dump.open("a") as f:
        f.write(json.dumps({"text": (src / "school-meals.txt").read_text()}) + "\n")
    assert run("jobs", "run", "archive").exit_code == 0
    latest = history(run, "archive")[0]
    assert (latest["new"], latest["skipped"]) == (1, 4)


def test_failed_entries_the_feed_dropped_stop_being_retried(run, engine, site):
    site.article("harbour-deal")
    entries = article_entries(["harbour-deal", "rail-strike"])  # rail-strike: 404
    site.add("/feed.xml", rss(site, "Wire", entries), content_type=RSS, etag='"v1"')
    run("jobs", "add", "wire", site.url("/feed.xml"), "--every", "30m")
    assert run("jobs", "run", "wire").exit_code == 3
    site.add("/feed.xml", rss(site, "Wire", entries[:1]), content_type=RSS, etag='"v2"')
    with engine.begin() as conn:
        conn.execute(update(JobEntry).values(retry_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert run("jobs", "run", "wire").exit_code == 0
    assert run("jobs", "run", "wire").exit_code == 0
    assert [r.headers.get("If-None-Match") for r in site.requests("/feed.xml")] == [
        None,
        None,  # a retry was due: the whole feed was asked for
        '"v2"',  # the dropped entry is gone, so requests are conditional again
    ]
    with engine.connect() as conn:
        statuses = dict(conn.execute(select(JobEntry.url, JobEntry.status)).all())
    assert statuses[site.url("/news/rail-strike")] == "gone"


def test_an_article_that_breaks_the_extractor_fails_alone(run, engine, site, monkeypatch):
    import quotetrack.extraction.pipeline as pipeline

    real = pipeline.extract

    def fragile(text, *args, **kwargs):
        if "Tomas Reyes" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract", fragile)
    feed = serve_feed(site, NEWS)
    run("jobs", "add", "wire", feed, "--every", "30m")
    assert run("jobs", "run", "wire").exit_code == 3
    assert doc_count(engine) == 2
    latest = history(run, "wire")[0]
    assert (latest["status"], latest["new"], latest["failed"]) == ("partial", 2, 1)
    assert "/news/harbour-deal: cannot ingest it: RecursionError" in latest["error"]
