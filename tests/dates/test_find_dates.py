"""What find_dates reports for sentences a news reader would write.

Each case is (anchor, sentence, [(expression, TimeML value), ...]): the complete list of
dates a reader would mark, so a spurious date fails the case as surely as a missed one.
Teaching the finder a new expression means adding data under quotetrack/rules/dates/ and
a line here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from quotetrack.extraction.dates import find_dates

SAT = dt.date(2025, 3, 15)  # a Saturday in the first quarter
WED = dt.date(2024, 11, 6)  # a Wednesday in the fourth quarter
JAN = dt.date(2026, 1, 20)  # early in a year, when last year's fourth quarter is reported

CASES = [
    # relative weeks, months and years
    (SAT, "The two presidents are expected to talk again next week.", [("next week", "2025-W12")]),
    (SAT, "Talks stalled last week.", [("last week", "2025-W10")]),
    (SAT, "The ministers meet this week.", [("this week", "2025-W11")]),
    (SAT, "Prices rose this year.", [("this year", "2025")]),
    (SAT, "Profits fell last year.", [("last year", "2024")]),
    (SAT, "The plant will open next year.", [("next year", "2026")]),
    (SAT, "Sales slowed last month.", [("last month", "2025-02")]),
    (SAT, "Exports picked up earlier this month.", [("earlier this month", "2025-03")]),
    (SAT, "A deal is likely early next year.", [("early next year", "2026")]),
    (SAT, "Rents have risen over the past year.", [("the past year", "2024")]),
    # days named relative to the publication date
    (SAT, "The minister resigned yesterday.", [("yesterday", "2025-03-14")]),
    (SAT, "Voting closes today.", [("today", "2025-03-15")]),
    (SAT, "The court rules tomorrow.", [("tomorrow", "2025-03-16")]),
    (SAT, "Late yesterday the vote was delayed.", [("Late yesterday", "2025-03-14")]),
    (SAT, "The envoy arrived Monday.", [("Monday", "2025-03-10")]),
    (SAT, "She said on Tuesday that the plan was dead.", [("Tuesday", "2025-03-11")]),
    (SAT, "The council met last Tuesday.", [("last Tuesday", "2025-03-11")]),
    (SAT, "The union will strike on Monday.", [("Monday", "2025-03-17")]),
    (SAT, "The vote is scheduled for Thursday.", [("Thursday", "2025-03-20")]),
    (SAT, "Fans gathered Saturday outside the stadium.", [("Saturday", "2025-03-15")]),
    (SAT, "The deal was signed three weeks ago.", [("three weeks ago", "2025-02-22")]),
    (SAT, "He was elected two years ago.", [("two years ago", "2023")]),
    (SAT, "The wall fell twenty-five years ago.", [("twenty-five years ago", "2000")]),
    (SAT, "They met a couple of weeks ago.", [("a couple of weeks ago", "2025-03-01")]),
    (SAT, "Profit was 9 cents, against seven a year ago.", [("a year ago", "2024")]),
    (SAT, "Margins were thinner two quarters ago.", [("two quarters ago", "2024-Q3")]),
    (SAT, "The mine may close two years from now.", [("two years from now", "2027")]),
    (SAT, "Shares were cheaper five months ago.", [("five months ago", "2024-10")]),
    # calendar dates
    (SAT, "The dialogue began on February 12.", [("February 12", "2025-02-12")]),
    (SAT, "Flights resumed Nov. 11.", [("Nov. 11", "2024-11-11")]),
    (SAT, "Flights will resume Sept. 11.", [("Sept. 11", "2025-09-11")]),
    (SAT, "Flights resumed Sept. 11.", [("Sept. 11", "2024-09-11")]),
    (SAT, "The summit opens April 2.", [("April 2", "2025-04-02")]),
    (SAT, "The law took effect on March 14, 2021.", [("March 14, 2021", "2021-03-14")]),
    (SAT, "He was born 15 March 1961.", [("15 March 1961", "1961-03-15")]),
    (SAT, "The report is dated 2024-12-31.", [("2024-12-31", "2024-12-31")]),
    (SAT, "Updated 2025-03-14T10:32:00Z.", [("2025-03-14", "2025-03-14")]),
    (
        SAT,
        "Filed 03/14/2025, amended 28/02/2025.",
        [
            ("03/14/2025", "2025-03-14"),
            ("28/02/2025", "2025-02-28"),
        ],
    ),
    (SAT, "Margins rose in Q3 2024 and fell in Q4.", [("Q3 2024", "2024-Q3"), ("Q4", "2024-Q4")]),
    (SAT, "About 3/4 of the votes were counted.", []),
    (SAT, "Rallies are planned for Saturday, March 22.", [("Saturday, March 22", "2025-03-22")]),
    (
        SAT,
        "It was announced this coming Sunday, March sixteenth.",
        [
            ("this coming Sunday, March sixteenth", "2025-03-16"),
        ],
    ),
    (SAT, "Inflation peaked in August 2022.", [("August 2022", "2022-08")]),
    (SAT, "The company was founded in 2019.", [("2019", "2019")]),
    (SAT, "Unemployment was lower in 1998 and in 1999.", [("1998", "1998"), ("1999", "1999")]),
    (SAT, "The treaty dates from nineteen ninety-six.", [("nineteen ninety-six", "1996")]),
    (SAT, "In two thousand one, the towers fell.", [("two thousand one", "2001")]),
    (SAT, "It opened January two thousand two.", [("January two thousand two", "2002-01")]),
    (
        SAT,
        "Targets for the year two thousand were missed.",
        [
            ("the year two thousand", "2000"),
        ],
    ),
    (SAT, "Growth was strong in mid-2023.", [("mid-2023", "2023")]),
    (SAT, "Work stops at the end of 2026.", [("the end of 2026", "2026")]),
    (SAT, "A decision is due by the end of the month.", [("the end of the month", "2025-03")]),
    # months named alone lean on the tense
    (SAT, "Prices jumped in January.", [("January", "2025-01")]),
    (SAT, "The fund closed in December.", [("December", "2024-12")]),
    (SAT, "The new rules will apply from June.", [("June", "2025-06")]),
    (SAT, "Sales fell last April.", [("last April", "2024-04")]),
    (SAT, "Elections are due this September.", [("this September", "2025-09")]),
    (SAT, "The tax rose in July last year.", [("July last year", "2024-07")]),
    (SAT, "Trading resumed in early February.", [("early February", "2025-02")]),
    # quarters
    (SAT, "Output grew in the third quarter.", [("the third quarter", "2024-Q3")]),
    (SAT, "Output will grow in the third quarter.", [("the third quarter", "2025-Q3")]),
    (
        SAT,
        "Profit in the first quarter of 2023 doubled.",
        [
            ("the first quarter of 2023", "2023-Q1"),
        ],
    ),
    (
        WED,
        "Third-quarter profit rose 8% from the year-ago quarter.",
        [
            ("Third-quarter", "2024-Q3"),
            ("the year-ago quarter", "2023-Q3"),
        ],
    ),
    (
        WED,
        "Third-quarter revenue rose to $5 billion from $4 billion a year earlier.",
        [
            ("Third-quarter", "2024-Q3"),
            ("a year earlier", "2023-Q3"),
        ],
    ),
    (WED, "In the quarter, sales rose 3%.", [("the quarter", "2024-Q3")]),
    (
        WED,
        "Net rose in the third quarter. Sales grew 2% from a year ago.",
        [
            ("the third quarter", "2024-Q3"),
            ("a year ago", "2023-Q3"),
        ],
    ),
    (WED, "He joined the board a year ago.", [("a year ago", "2023")]),
    (WED, "It expects a loss in the current quarter.", [("the current quarter", "2024-Q4")]),
    (JAN, "Fourth-quarter earnings fell.", [("Fourth-quarter", "2025-Q4")]),
    (
        JAN,
        "It will report on the fourth quarter ended Dec. 31 next week.",
        [
            ("the fourth quarter", "2025-Q4"),
            ("Dec. 31", "2025-12-31"),
            ("next week", "2026-W05"),
        ],
    ),
    (WED, "The group earned more in the latest quarter.", [("the latest quarter", "2024-Q3")]),
    (WED, "Output is flat for the full year.", [("the full year", "2024")]),
    (WED, "For the year, sales were flat.", [("the year", "2024")]),
    (WED, "Rain delayed planting earlier in the year.", [("earlier in the year", "2024")]),
    # the tense, not the calendar year, decides which side of the anchor a day falls
    (WED, "Revenue for the period ended March 31 rose.", [("March 31", "2024-03-31")]),
    (WED, "Jane Q. Public will succeed him Feb. 1.", [("Feb. 1", "2025-02-01")]),
    (WED, "The dividend is payable Jan. 2.", [("Jan. 2", "2025-01-02")]),
    (WED, "The group must repay the loan by February.", [("February", "2025-02")]),
    (WED, "Since December, the senator has gained.", [("Since December", "2023-12")]),
    (WED, "She echoed that promise on Monday, saying she would act.", [("Monday", "2024-11-04")]),
    (
        WED,
        "The split would be paid on a still unspecified date in January.",
        [
            ("January", "2025-01"),
        ],
    ),
    (WED, "The thrift announced the plan Aug. 21.", [("Aug. 21", "2024-08-21")]),
    (WED, "Ten members had filed reports by Monday.", [("Monday", "2024-11-04")]),
    (
        WED,
        "Shareholders tendered their shares by the Monday deadline.",
        [
            ("Monday", "2024-11-04"),
        ],
    ),
    # not dates: durations, vague references, homographs
    (SAT, "The two leaders talked for the first time in three years.", []),
    (SAT, "The talks lasted about three to four hours.", []),
    (SAT, "He has recently said that now is the time.", []),
    (SAT, "Investors may be nervous; protesters will march on parliament.", []),
    (SAT, "The 1990s were a decade of growth.", []),
    (SAT, "The company hired 2000 workers.", []),
    (SAT, "About two thousand people marched.", []),
    (SAT, "More than 1500 refugees crossed.", []),
    (SAT, "Nineteen hundred troops and twenty thousand civilians left.", []),
    (SAT, "Turnover rose 1998% in a decade.", []),
    (SAT, "He watched This Week on television.", []),
    (SAT, "They are the leaders of tomorrow.", []),
    (SAT, "He had resigned the previous Friday.", []),
    (SAT, "Values differ in today's world, USA Today wrote.", []),
    (SAT, "Shares crashed on Black Monday.", []),
    (SAT, "The Sunday Times reported the leak.", []),
    (SAT, "Prime Minister Theresa May said little.", []),
    (SAT, "In June, the board met.", [("June", "2024-06")]),
    (SAT, "Early June brought rain.", [("Early June", "2024-06")]),
    (SAT, "She won the quarter of voters who decided late.", []),
    (SAT, "The convoy left at 1530 GMT from 1600 Pennsylvania Avenue.", []),
]


@pytest.mark.parametrize(("anchor", "sentence", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_dates_found_and_normalised(anchor, sentence, expected):
    found = [(m.text, m.value) for m in find_dates(sentence, anchor)]
    assert found == expected


def test_seed_shapes_in_an_article():
    """The first paragraph of a wire story: a forecast headline, then a past date."""
    text = (
        "Ministers expected to meet again next week\n\n"
        "Next week, the two ministers are expected to hold another call, an aide said. "
        "It will continue the talks that began on February 12, when they spoke for the "
        "first time in three years."
    )
    found = [(m.text, m.value, m.precision) for m in find_dates(text, SAT)]
    assert found == [
        ("next week", "2025-W12", "week"),
        ("Next week", "2025-W12", "week"),
        ("February 12", "2025-02-12", "day"),
    ]


def test_spans_point_into_the_text():
    text = "On Monday, she said sales in the third quarter of 2024 beat those of 2023."
    for m in find_dates(text, SAT):
        assert text[m.start : m.end] == m.text


def test_without_anchor_only_absolute_dates_are_found():
    text = "He said on Tuesday that the accord of March 14, 2021 was signed in 1998 terms."
    found = [(m.text, m.value) for m in find_dates(text, None)]
    assert found == [("March 14, 2021", "2021-03-14"), ("1998", "1998")]


def test_precision_names_the_value_shape():
    text = "Yesterday, next week, in May 2024, the second quarter and 2019."
    precisions = {m.text: m.precision for m in find_dates(text, SAT)}
    assert precisions == {
        "Yesterday": "day",
        "next week": "week",
        "May 2024": "month",
        "the second quarter": "quarter",
        "2019": "year",
    }


@pytest.mark.parametrize(
    "anchor", [dt.datetime(2025, 3, 15, 23, 59), "2025-03-15", "2025-03-15T23:59:00"]
)
def test_datetime_and_iso_string_anchors_are_read_as_their_date(anchor):
    found = find_dates("It rained yesterday.", anchor)
    assert [m.value for m in found] == ["2025-03-14"]


def test_an_unreadable_anchor_counts_as_none():
    assert [m.text for m in find_dates("Yesterday and 1998.", "soon")] == ["1998"]
