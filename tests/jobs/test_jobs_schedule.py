"""Reading --every and --cron, and when each next falls due (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quotetrack.jobs.schedule import Cron, Schedule, ScheduleError, parse_every

THU = datetime(2026, 11, 26, 23, 15, 30, tzinfo=UTC)  # a Thursday


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("1h30m", 5400), ("2d", 172800), ("90s", 90), ("1w", 604800)],
)
def test_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["30", "soon", "5x", "30s", "1h 2q"])
def test_every_refuses_what_it_cannot_read_or_too_often(text):
    with pytest.raises(ScheduleError):
        parse_every(text)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("0 * * * *", datetime(2026, 11, 27, 0, 0)),
        ("*/20 * * * *", datetime(2026, 11, 26, 23, 20)),
        ("30 6 * * mon-fri", datetime(2026, 11, 27, 6, 30)),
        ("0 9 * * sat,sun", datetime(2026, 11, 28, 9, 0)),
        ("0 0 1 jan *", datetime(2027, 1, 1, 0, 0)),
        ("0 0 29 2 *", datetime(2028, 2, 29, 0, 0)),
        ("0 12 1 * sun", datetime(2026, 11, 29, 12, 0)),  # either day field matches
        ("5 4 * * 7", datetime(2026, 11, 29, 4, 5)),  # 7 is Sunday too
        ("@daily", datetime(2026, 11, 27, 0, 0)),
        ("@hourly", datetime(2026, 11, 27, 0, 0)),
    ],
)
def test_cron_next(expression, expected):
    assert Cron.parse(expression).next_after(THU) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * *", "needs 5 fields"),
        ("61 * * * *", "out of range"),
        ("x * * * *", "cannot read minute"),
        ("0 0 31 2 *", "never matches"),
        ("*/0 * * * *", "out of range"),
    ],
)
def test_cron_errors(expression, message):
    with pytest.raises(ScheduleError, match=message):
        Cron.parse(expression)


def test_schedule_needs_exactly_one():
    with pytest.raises(ScheduleError, match="exactly one"):
        Schedule.read(None, None)
    with pytest.raises(ScheduleError, match="exactly one"):
        Schedule.read("30m", "0 * * * *")
    every = Schedule.read("1h30m", None)
    assert every.describe() == "every 1h30m"
    assert (every.next_after(THU) - THU).total_seconds() == 5400
    assert Schedule.read(None, "0 * * * *").describe() == "cron 0 * * * *"
