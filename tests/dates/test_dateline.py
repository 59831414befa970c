"""find_dateline dates an article from its own first lines, when no --published is given."""

from __future__ import annotations

import datetime as dt

import pytest

from quotetrack.extraction.dates import find_dateline

TODAY = dt.date(2025, 6, 1)

CASES = [
    ("WASHINGTON, March 14, 2025 (Reuters) - The Senate voted...", "2025-03-14"),
    ("WASHINGTON, March 14 (Reuters) - The Senate voted...", "2025-03-14"),
    ("LONDON, Dec. 3 (AP) — Shares fell.", "2024-12-03"),
    ("Published 15 March 2025\n\nThe minister said...", "2025-03-15"),
    ("Markets rally\nBy Jane Doe\n2025-03-14\n\nShares rose on Friday.", "2025-03-14"),
    ("Updated: Friday, March 14, 2025 10:32 GMT\nBody text.", "2025-03-14"),
    ("Posted 03/14/2025 09:12 ET\nShares rose.", "2025-03-14"),
    ("2025-03-14T08:00:00Z\nShares rose.", "2025-03-14"),
    ("The minister resigned on Monday, aides said.", None),
    ("Sales rose in 2019 and 2020.", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_dateline(text, expected):
    found = find_dateline(text, today=TODAY)
    assert (found.value if found else None) == expected


def test_a_date_deep_in_the_body_is_not_a_dateline():
    text = "Opening paragraph.\n" * 10 + "Talks began on March 14, 2025."
    assert find_dateline(text, today=TODAY) is None
