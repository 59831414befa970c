"""The HTTP fetch: limits, conditional requests, and one-line reasons for every failure."""

from __future__ import annotations

import pytest

from quotetrack.fetch.http import USER_AGENT, FetchError, Limits, fetch

QUICK = Limits(timeout=0.5, max_bytes=1024 * 1024)


def test_fetch_sends_a_polite_user_agent(site):
    url = site.article("harbour-deal")
    response = fetch(url, QUICK)
    assert response.status == 200 and response.media_type == "text/html"
    assert b"harbour" in response.body
    assert site.requests("/news/harbour-deal")[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("quotetrack/")


def test_conditional_request_comes_back_not_modified(site):
    url = site.article("harbour-deal", etag='"v1"')
    first = fetch(url, QUICK)
    assert first.etag == '"v1"'
    again = fetch(url, QUICK, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert site.requests("/news/harbour-deal")[1].headers["If-None-Match"] == '"v1"'


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ({"status": 404}, "HTTP 404 Not Found"),
        ({"status": 503}, "HTTP 503"),
        ({"delay": 2.0}, "timed out after 0.5 s"),
        ({"stream": 20 * 1024 * 1024}, "response larger than the 1 MB limit"),
        ({"body": b"x" * (2 * 1024 * 1024)}, "response larger than the 1 MB limit"),
    ],
)
def test_failures_have_one_line_reasons(site, route, reason):
    url = site.add("/trouble", **route)
    with pytest.raises(FetchError) as caught:
        fetch(url, QUICK)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_server_that_dribbles_bytes_runs_out_of_time(site):
    url = site.add("/drip", b"x" * 40, dribble=0.1)  # each byte in time, the whole too late
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch(url, QUICK)


def test_only_http_urls_are_fetched():
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", QUICK)


def test_refused_connection(site):
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:1/nothing", QUICK)


def test_limits_from_environment(monkeypatch):
    monkeypatch.setenv("QUOTETRACK_FETCH_TIMEOUT", "0.25")
    monkeypatch.setenv("QUOTETRACK_FETCH_MAX_MB", "2")
    limits = Limits.from_env()
    assert limits.timeout == 0.25 and limits.max_bytes == 2 * 1024 * 1024
    assert Limits.from_env(timeout=3).timeout == 3
