"""Guarantees that hold for any input: the CLI feeds find_dates whatever it is given."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.extraction.dates import find_dateline, find_dates
from quotetrack.extraction.model import PRECISIONS

DATE_WORDS = st.sampled_from(
    [
        "Monday", "last week", "Sept. 11", "1998", "the third quarter", "a year ago",
        "March 14, 2025", "next year", "yesterday", "early", "the", "of", ",", ".", " ",
        "\n", "may", "May", "2000", "-", "quarter", "nineteen ninety", "ago", "’s",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(DATE_WORDS, max_size=30).map(" ".join))
ANCHORS = st.one_of(st.none(), st.dates(min_value=dt.date(1, 3, 1), max_value=dt.date(9998, 10, 1)))


@settings(max_examples=300, deadline=None)
@given(TEXTS, ANCHORS)
def test_any_text_gives_sorted_disjoint_faithful_mentions(text, anchor):
    mentions = find_dates(text, anchor)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.precision in PRECISIONS
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    assert find_dates(text, anchor) == mentions  # deterministic


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_dateline_never_raises(text):
    found = find_dateline(text)
    assert found is None or found.precision == "day"


def test_extreme_anchors_do_not_raise():
    text = "Last year, next week, the fourth quarter, December and Monday."
    for anchor in (dt.date.min, dt.date.max):
        find_dates(text, anchor)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(-5, 400), st.integers(-5, 400), st.booleans())
def test_said_on_never_raises_and_stays_in_the_sentence(text, a, b, with_text):
    from quotetrack.extraction.said_on import said_on

    dates = find_dates(text, dt.date(2025, 3, 15))
    cue_start, cue_end = sorted((a, b))
    found = said_on(0, len(text), cue_start, cue_end, dates, text=text if with_text else None)
    assert found is None or found in dates


def _searched_everywhere(text: str, anchor: dt.date | None):
    """find_dates with every rule and veto run over the whole text, as before rules had
    ``near``: the reference the fast path must agree with."""
    from unittest import mock

    from quotetrack.extraction import dates

    def propose(text, rules, low):
        return [
            dates.Candidate(m.start(), m.end(), priority, rule, m)
            for priority, rule in enumerate(rules.rules)
            for m in rule.regex.finditer(text)
            if m.end() > m.start()
        ]

    def ignored(text, rules, candidates, low):
        return sorted(m.span() for veto in rules.ignore for m in veto.finditer(text))

    with (
        mock.patch.object(dates, "_propose", propose),
        mock.patch.object(dates, "_ignored_spans", ignored),
    ):
        return find_dates(text, anchor)


LONG_TEXTS = st.lists(
    st.one_of(DATE_WORDS, st.sampled_from(["x" * 150, "about", "troops", "the previous"])),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, LONG_TEXTS), ANCHORS)
def test_searching_near_the_date_words_finds_what_searching_everywhere_finds(text, anchor):
    """Rules are tried only around their near words and vetoes only around candidates;
    on any text that must give the same dates as running everything everywhere."""
    assert find_dates(text, anchor) == _searched_everywhere(text, anchor)


QUARTER_WORDS = st.sampled_from(
    ["the quarter", "the year-ago quarter", "the third quarter of 1990", "a year ago", "Q4",
     "the 1988 period", "earlier", "said", "will", "."]
)  # fmt: skip
SPANS = st.lists(st.tuples(st.integers(0, 600), st.integers(0, 200)), max_size=6)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(DATE_WORDS, QUARTER_WORDS, st.just("x" * 90)), max_size=60).map(" ".join),
    st.one_of(ANCHORS, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(1991, 12, 31))),
    SPANS,
)
def test_dates_within_spans_are_the_whole_texts_dates_inside_them(text, anchor, spans):
    """enrich asks only for the dates of some sentences: they must be exactly the dates of
    the whole text that lie inside them, with the same values (the quarter in focus, the
    modifiers and the vetoes near them included)."""
    within = [(start, start + width) for start, width in spans]
    whole = find_dates(text, anchor)
    expected = [m for m in whole if any(s <= m.start and m.end <= e for s, e in within)]
    assert find_dates(text, anchor, within=within) == expected


def test_dates_within_spans_keep_the_quarter_in_focus_set_outside_them():
    text = "Net rose in the third quarter of 1990. " + "x" * 200 + " Sales in the quarter rose."
    anchor = dt.date(1991, 3, 1)
    within = [(240, len(text))]
    (focus,) = find_dates(text, anchor, within=within)
    assert (focus.text, focus.value) == ("the quarter", "1990-Q3")
    assert [focus] == [m for m in find_dates(text, anchor) if m.start >= 240]


SENTENCE_PIECES = st.sampled_from(
    ["Sept.", "U.S.", "Mr.", "A.", "word", "Tuesday", "said", ".", "!", "?", "\n", "\n\n",
     " ", "  ", '"', "”", ")", "(", "[", "’", "3", "x" * 120]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(SENTENCE_PIECES, max_size=80).map("".join), st.data())
def test_a_sentence_found_near_a_date_is_the_one_all_the_boundaries_give(text, data):
    """TextContext.sentence searches only around the date: it must give the sentence
    that the whole text's boundaries (TextContext.starts) give."""
    from bisect import bisect_right

    from quotetrack.extraction.dates_context import TextContext
    from quotetrack.extraction.dates_rules import load_rules

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    context = TextContext(text, load_rules())
    starts = TextContext(text, load_rules()).starts
    s = starts[bisect_right(starts, start) - 1]
    j = bisect_right(starts, max(end - 1, start))
    e = starts[j] if j < len(starts) else len(text)
    assert context.sentence(start, end) == (s, e)


def test_a_sentence_is_found_whatever_place_its_search_begins_at(monkeypatch):
    """Begun inside a boundary ("Mr.\n\n\n"), a search would find a shorter one that
    misses the abbreviation: the search begins right after a letter or digit instead."""
    from bisect import bisect_right

    from quotetrack.extraction import dates_context
    from quotetrack.extraction.dates_rules import load_rules

    text = 'Talks ended. Mr.\n\n\nAbe said Tuesday. "No.”  \n\nU.S. envoys met Friday!\nOK? Yes'
    starts = dates_context.TextContext(text, load_rules()).starts
    for back in range(1, 12):
        monkeypatch.setattr(dates_context, "_SENTENCE_BACK", back)
        for start in range(len(text)):
            context = dates_context.TextContext(text, load_rules())
            s = starts[bisect_right(starts, start) - 1]
            j = bisect_right(starts, start)
            e = starts[j] if j < len(starts) else len(text)
            assert context.sentence(start, start + 1) == (s, e)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            DATE_WORDS,
            st.sampled_from(
                ["WASHINGTON,", "(Reuters)", "2025-03-14", "3/14/2025", "14 March 2025"]
            ),
        ),
        max_size=30,
    ).map(" ".join),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_a_dateline_is_the_first_day_of_a_dateline_rule_among_all_the_heads_dates(text, today):
    """find_dateline resolves only the dateline rules' dates (and those they depend on):
    it must return what reading every date of the head would."""
    from quotetrack.extraction.dates import DATELINE_RULES

    head = "\n".join(text[:400].split("\n")[:6])
    expected = next(
        (m for m in find_dates(head, today) if m.precision == "day" and m.rule in DATELINE_RULES),
        None,
    )
    assert find_dateline(text, today=today) == expected


ODD_WORDS = st.sampled_from(
    ["MAY", "may", "Mayday", "march", "MARCH-ing", "Q", "q3", "quarter", "Quarters", "YEAR",
     "\u0130", "\u0131", "\u017f", "\u212a", "\u212aWEEK", "yeaR\u017f", "\u00e9t\u00e9",
     "_", "2", "-", " ", "\n", "’", "Ⅰ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(ODD_WORDS, max_size=30).map("".join)))
def test_near_words_found_in_the_lowercased_text_are_the_words_read_one_by_one(text):
    """The rules' near words are found by one pattern over the lowercased text; that must
    find what lowercasing each word of the text finds, whatever its letters."""
    from quotetrack.extraction import dates
    from quotetrack.extraction.dates_rules import load_rules
    from quotetrack.extraction.literals import lowered

    rules = load_rules()
    one_by_one: list[list[tuple[int, int]]] = [[] for _ in rules.rules]
    for m in dates._WORD.finditer(text):
        for i in rules.near_readers.get(m.group().lower(), ()):
            one_by_one[i].append(m.span())
    assert dates._word_hits(text, rules, lowered(text)) == one_by_one


WEEKLY = st.sampled_from(
    ["Tuesday", "Sunday", "today", "yesterday", "tomorrow", "last week", "this week",
     "next week", "3 days ago", "2 weeks ago", "in 5 days"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    WEEKLY,
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.sampled_from(["past", "future", "current_period"]),
)
def test_a_weekly_reading_is_dateparsers_reading_of_the_anchor_itself(text, anchor, prefer):
    """Weekday and day/week phrases are read against a reference week and moved back, so
    their readings are cached across articles; the result must be what dateparser says
    for the real anchor."""
    from quotetrack.extraction import dates_values as cal

    assert cal.parse(text, anchor, prefer, moves="week") == cal.dateparser_reading(
        text, anchor, prefer
    )


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([("November", "month"), ("March", "month"), ("last month", "month"),
                     ("this month", "month"), ("4 months ago", "month"), ("last year", "year"),
                     ("this year", "year"), ("next year", "year"), ("9 years ago", "year")]),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.sampled_from(["past", "future", "current_period"]),
)  # fmt: skip
def test_a_month_or_year_reading_keeps_dateparsers_month_or_year(case, anchor, prefer):
    """Month and year phrases are read against the 1st/2nd of the anchor's month or year;
    at the precision they are kept at, that must be dateparser's reading of the anchor."""
    from quotetrack.extraction import dates_values as cal

    text, moves = case
    fast = cal.parse(text, anchor, prefer, moves=moves)
    slow = cal.dateparser_reading(text, anchor, prefer)
    assert (fast is None) == (slow is None)
    if fast is not None:
        keep = 7 if moves == "month" else 4  # "2025-03" or "2025"
        assert fast.isoformat()[:keep] == slow.isoformat()[:keep]


VETO_WORDS = st.sampled_from(
    ["The", "previous", "Friday", "that", "day", "about", "1500", "troops", "GMT", "now",
     "1990s", "today's", "world", "a", "quarter", "of", "May", "be", "will", "March",
     "Black", "Monday", "Times", "three", "years", "old", "\u212aWEEKS", "ſame", "İ", "-", "\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(VETO_WORDS, max_size=25).map(" ".join))
def test_every_veto_match_holds_a_string_the_veto_is_said_to_need(text):
    """A veto is skipped where the lowercased text lacks every string it needs
    (extraction/literals.py); each of its matches must hold one of them."""
    from quotetrack.extraction.dates_rules import _needs, load_rules
    from quotetrack.extraction.literals import lowered

    low = lowered(text)
    rules = load_rules()
    for veto, strings in zip(rules.ignore, rules.ignore_strings, strict=True):
        needs = _needs(strings)
        for m in veto.finditer(text):
            assert needs is None or low is None or needs.search(low, m.start(), m.end())


@settings(max_examples=300, deadline=None)
@given(st.lists(VETO_WORDS, max_size=25).map(" ".join), st.integers(0, 60), st.integers(0, 60))
def test_one_search_of_a_stretch_tells_each_veto_what_its_own_search_would(text, cut, trim):
    """The needed strings found in a stretch by one search (overlaps and prefixes
    included: "today" holds "to", "weekend" "week") are the vetoes' own searches."""
    from quotetrack.extraction.dates import _needed
    from quotetrack.extraction.dates_rules import _needs, load_rules
    from quotetrack.extraction.literals import lowered

    low = lowered(text)
    if low is None:
        return
    rules = load_rules()
    lo, hi = min(cut, len(low)), max(min(cut, len(low)), len(low) - trim)
    found = _needed(low, (lo, hi), rules)
    for strings in rules.ignore_strings:
        needs = _needs(strings)
        if needs is not None:
            assert (needs.search(low, lo, hi) is not None) == (not strings.isdisjoint(found))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DATE_WORDS, VETO_WORDS), max_size=30).map(" ".join))
def test_lowercase_forms_find_what_the_patterns_find(text):
    """A date rule or veto run in its lowercase form on the lowercased text (no
    IGNORECASE) finds the matches the pattern finds in the text, at the same offsets."""
    from quotetrack.extraction.dates_rules import load_rules
    from quotetrack.extraction.literals import lowered

    low = lowered(text)
    if low is None:
        return
    rules = load_rules()
    pairs = [(r.regex, r.lowered) for r in rules.rules]
    pairs += list(zip(rules.ignore, rules.ignore_lowered, strict=True))
    assert sum(lowercase is not None for _, lowercase in pairs) >= 30
    for pattern, lowercase in pairs:
        if lowercase is not None:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in lowercase.finditer(low)] == expected


def test_a_pattern_with_a_capital_or_a_case_sensitive_part_has_no_lowercase_form():
    import re

    from quotetrack.extraction.literals import lowercase_form

    assert lowercase_form(re.compile(r"\bmay\s+\d+", re.I)) is not None
    assert lowercase_form(re.compile(r"\bq[1-4]\b|£\d+", re.I)) is not None
    assert lowercase_form(re.compile(r"\bQ[1-4]\b", re.I)) is None
    assert lowercase_form(re.compile(r"[A-Z]\w+", re.I)) is None
    assert lowercase_form(re.compile(r"(?-i:may)", re.I)) is None
    assert lowercase_form(re.compile(r"\bmay\b")) is None  # not IGNORECASE: nothing to gain


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(DATE_WORDS, VETO_WORDS, st.text(max_size=3)), max_size=30).map(" ".join),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_scanners_find_what_the_lowercase_forms_find(text, lo, width):
    """A rule or veto searched from the character before its matches (dates_scan.spans)
    finds the spans ``finditer`` finds in any stretch of the lowercased text, the start
    of the text included."""
    from quotetrack.extraction.dates_rules import load_rules
    from quotetrack.extraction.dates_scan import spans
    from quotetrack.extraction.literals import lowered

    low = lowered(text)
    if low is None:
        return
    lo = min(lo, len(low)) if lo % 3 else 0
    hi = min(len(low), lo + width)
    rules = load_rules()
    pairs = [(r.lowered, r.scan) for r in rules.rules]
    pairs += list(zip(rules.ignore_lowered, rules.ignore_scans, strict=True))
    assert sum(scan is not None for _, scan in pairs) >= 35
    for lowercase, scan in pairs:
        if scan is not None:
            expected = [m.span() for m in lowercase.finditer(low, lo, hi)]
            assert list(spans(lowercase, scan, low, lo, hi)) == expected


def test_a_scanner_only_for_a_pattern_that_opens_with_a_boundary_before_word_characters():
    import re

    from quotetrack.extraction.dates_scan import scanner, spans

    assert scanner(re.compile(r"\b(?:the\s+)?(?:may|june)\b")) is not None
    assert scanner(re.compile(r"(?<![\d$])\b\d{4}")) is not None
    assert scanner(re.compile(r"(?:the\s+)?\bmay")) is None  # a match may begin before \b
    assert scanner(re.compile(r"\b(?:-\d+|may)")) is None  # "-" is no word character
    assert scanner(re.compile(r"\b(?:may)?")) is None  # may match the empty string
    assert scanner(re.compile(r"\bmay", re.I)) is None  # lowercase forms only
    pattern = re.compile(r"\b(?:last\s+)?(?:may|june)\b")
    scan = scanner(pattern)
    text = "may and last june, mayday; june."
    for lo in range(len(text)):
        expected = [m.span() for m in pattern.finditer(text, lo, len(text))]
        assert list(spans(pattern, scan, text, lo, len(text))) == expected
