"""Shortcuts that skip a regex search must only skip searches that cannot match."""

from __future__ import annotations

import bisect
import inspect
import re
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields, replace
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quotetrack.extraction import (
    attribute,
    circumstance,
    findings,
    mentions,
    pipeline,
    quotes,
    resolve,
    segment,
)
from quotetrack.extraction.frozen import slot_init
from quotetrack.extraction.lexicon import compile_rules
from quotetrack.extraction.literals import contained, final_words, lowered
from quotetrack.extraction.model import Attribution, DateMention
from quotetrack.extraction.pipeline import extract
from quotetrack.extraction.quotes import QUOTE_MARK, Quote
from quotetrack.extraction.segment import Sentence, paragraphs, sentences
from quotetrack.rules import load_rules


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:later|on) (?:monday|friday)(?: night)?", {"monday", "friday", "night"}),
        (r"(?i:in a (?:statement|tweet))|was|n't", {"statement", "tweet", "was", "n't"}),
        (r"\d+ (?:days?|weeks?) ago", {"ago"}),
    ],
)
def test_final_words_of_finite_endings(pattern: str, words: set[str]) -> None:
    assert final_words(pattern) == words


@pytest.mark.parametrize("pattern", [r"on \w+", r"(?:this )?", r"\d+", r"last [a-z]+day"])
def test_final_words_unknown_when_an_ending_is_open(pattern: str) -> None:
    assert final_words(pattern) is None  # no word may then be ruled out


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe on Monday said the bridge would open in May.",
        "Jane Roe earlier this week said the bridge would open in May.",
        "The mayor, Jane Roe, on Friday said the bridge would open in May.",
        "Jane Roe has repeatedly said the bridge would open in May.",
    ],
)
def test_time_phrase_and_adverbs_stay_out_of_the_speaker(text: str) -> None:
    [claim] = extract(text)
    assert claim.mention == "Jane Roe"


def test_a_title_seen_before_a_name_finds_the_name_later() -> None:
    text = (
        "Harbour Commissioner Jane Roe opened the port on Monday. "
        '"The cranes are too slow," the commissioner said.'
    )
    [quote] = extract(text)
    assert (quote.speaker, quote.resolution) == ("Jane Roe", "title")


def test_apostrophes_inside_single_quotes_do_not_close_them() -> None:
    text = "\u2018We don\u2019t back down, and we won\u2019t,\u2019 Jane Roe said on Monday."
    [quote] = extract(text)
    assert (quote.text, quote.speaker) == (
        "We don\u2019t back down, and we won\u2019t,",
        "Jane Roe",
    )


def test_paragraphs_padded_with_spaces_keep_their_offsets() -> None:
    text = "  Intro line.  \n\n  \u201cIt isn\u2019t over,\u201d Jane Roe said.  \n"
    [quote] = extract(text)
    assert text[quote.start : quote.end] == quote.text == "It isn\u2019t over,"
    assert (
        text[quote.sentence_start : quote.sentence_end]
        == "\u201cIt isn\u2019t over,\u201d Jane Roe said."
    )


# -- look-aheads that only say when a repeated group is worth entering -------------------

_WC = r"a-zA-Z0-9_\w"
#: ``mentions._TOKEN`` and ``resolve._NAME`` as written before their look-aheads: each
#: repeated group tried after every word. The look-aheads must change no match.
_PLAIN_TOKEN = re.compile(
    rf"[{_WC}]+(?:[.'\u2019&-][{_WC}]+|(?<=\d)/\d+|(?<=\d),\d{{3}}(?!\d))*[.%]?|[^{_WC}\s]"
)
_PLAIN_NAME = re.compile(
    r"[A-Z](?<![\w'\u2019][A-Z])(?:[a-z]+(?:[-'\u2019]?[A-Z][a-z]+|[-'\u2019][a-z]+)*"
    r"|\.(?:[A-Z]\.)*)(?:\s+(?:[A-Z][a-z]+(?:[-'\u2019]?[A-Z][a-z]+|[-'\u2019][a-z]+)*"
    r"|(?:[A-Z]\.)+|(?:de|van|von|bin|al|[JS]r\.|II|III)(?!\w)))+"
)
_PIECES = st.sampled_from(
    list("aAbBdeJSIlMOvrxy19 ,./-'\u2019&%\u00e9\n")
    + [" ", "de ", "van ", "Jr.", "II", "III", "bin ", "al ", "Mc", "U.S."]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_guarded_token_and_name_patterns_match_as_the_plain_ones(
    text: str, lo: int, hi: int
) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    for plain, guarded in ((_PLAIN_TOKEN, mentions._TOKEN), (_PLAIN_NAME, resolve._NAME)):
        assert [(m.span(), m.group()) for m in guarded.finditer(text, lo, hi)] == [
            (m.span(), m.group()) for m in plain.finditer(text, lo, hi)
        ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from([None, 0, 2, 10]))),
)
def test_windows_read_from_the_last_span_are_those_a_scan_reads(
    text: str, windows: list[tuple[int, int, int | None]]
) -> None:
    # windows in any order, cut anywhere: mid-word, at a join ("U.S", "21,000"), empty,
    # reversed, past the text's end
    mentions._span = ("", 0, 0, [])
    for lo, hi, limit in windows:
        assert mentions._tokens(text, lo, hi, limit) == mentions._scan(text, lo, hi, limit)


_RUN_PIECES = st.sampled_from(
    list("aZ9_ ,.:;%-'\u2019&/()\"\u201c\u00e9\u00bd\u24b6\u0130\u03a3\t\n\u00a0\u2028")
    + ["U.S.", "21,000", "9/11", "AT&T", "Jr.", "Roe,", "said:", "  "]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_RUN_PIECES, max_size=40).map("".join),
    st.integers(0, 50),
    st.integers(0, 50),
    st.sampled_from([None, 0, 1, 3, 10]),
)
def test_tokens_read_off_runs_are_those_the_pattern_finds(
    text: str, lo: int, hi: int, limit: int | None
) -> None:
    # mentions._scan splits the window at spaces and reads most runs without the regex
    # engine: the same tokens as the pattern scanning the whole window, spaces and all
    plain = [
        (m.start(), m.end(), m.group(), m.group().lower())
        for m in mentions._TOKEN.finditer(text, lo, hi)
    ]
    assert mentions._scan(text, lo, hi, limit) == plain[:limit]


_CLAUSE_PIECES = st.sampled_from(
    [
        "that ",
        "That ",
        "THAT ",
        "thatch ",
        "is ",
        "to ",
        "and ",
        "but ",
        "the plan ",
        "said ",
        ", ",
        ": ",
        '"',
        "\u201cMeet the Voters\u201d ",
        "\u0130",
        "\u03a3 ",
        "x",
        " ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CLAUSE_PIECES, max_size=25).map("".join), st.integers(0, 30))
def test_the_complementiser_look_up_skips_only_clauses_without_one(text: str, pos: int) -> None:
    # attribute._skip_that first looks for "that" in the lowered clause (the text's
    # lowered form or the window's): the same start as reading the words one by one
    pos = min(pos, len(text))
    fast = [attribute._skip_that(text, pos, len(text), _LEX, low) for low in (None, lowered(text))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribute, "may_hold", lambda *_: True)
        slow = attribute._skip_that(text, pos, len(text), _LEX)
    assert fast == [slow, slow]


def test_joined_words_stay_one_token_and_one_name() -> None:
    text = "Sen. Mary McCain-Brook said 21,000 AT&T jobs in the U.S. and 9/11 aid were 2.5% cuts."
    words = [word for _, _, word, _ in mentions._tokens(text, 0, len(text))]
    assert {"McCain-Brook", "U.S.", "21,000", "AT&T", "9/11", "2.5%"} <= set(words)
    assert [m.group() for m in resolve._NAME.finditer(text)] == ["Mary McCain-Brook"]


# -- the sixth pass: work spared where the answer cannot change -------------------------

_LEX = compile_rules(load_rules())


@pytest.mark.parametrize(
    "after",
    [
        " Jane Roe, a harbour pilot.",
        " the head of the Dover Harbour Board and one of its oldest members, Jane Roe.",
        " former Gov. and party Chairman Ann Reyes of Dover and Deal and Sandwich and Hythe.",
        " some of the many dock workers and pilots and of the ferry crews at the port today",
        " lobbyist and strategist Tom Reyes and Brook and others and Ada and Kent Lee",
        " one of those of the of the of the advisers of the Mayor of Dover Town",
    ],
)
def test_the_source_after_a_cue_is_read_as_from_every_token(after: str) -> None:
    text = "said" + after
    toks = mentions._tokens(text, 4, len(text))
    last, _ = mentions._walk_after(toks, _LEX.rules)
    whole = None if last is None else mentions._mention(text, toks[0], toks[last])
    assert mentions.subject_after(text, 4, len(text), _LEX) == whole


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            'Ann Reyes, a star of "The Night Desk," said it would end.',
            'Ann Reyes, a star of "The Night Desk',
        ),
        (
            'Ann Reyes, a star of "The Night Desk," and of "Dock Days," said it would end.',
            'Ann Reyes, a star of "The Night Desk," and of "Dock Days',
        ),
        ('The producer of "The Night Desk" said it would end.', 'The producer of "The Night Desk'),
    ],
)
def test_the_marks_of_titles_inside_a_subject_are_read_as_spaces(text: str, mention: str) -> None:
    [claim] = extract(text)
    assert (claim.mention, claim.text) == (mention, "it would end")


def test_a_text_without_a_lowercase_form_of_its_length_cuts_the_medium_too() -> None:
    # "\u0130" lowers to two characters: that text has no lowercase form of its length
    claims = [
        extract(f"{name} said the ferry would run in an interview.")
        for name in ("Jane Roe", "\u0130lke Roe")
    ]
    assert [c.text for [c] in claims] == ["the ferry would run"] * 2


@pytest.mark.parametrize(
    "cls", [mentions.Mention, Sentence, Quote, resolve.Speaker, Attribution, DateMention]
)
def test_frozen_records_are_built_through_their_slots_as_dataclasses_build_them(
    cls: type,
) -> None:
    required = [f.name for f in fields(cls) if f.default is MISSING]
    assert [p.name for p in inspect.signature(cls).parameters.values()] == [
        f.name for f in fields(cls)
    ]
    values = {name: k for k, name in enumerate(required)}
    made = cls(**values)
    assert type(made) is cls  # (built as its unfrozen twin: see frozen.py)
    assert [getattr(made, f.name) for f in fields(cls)] == [
        values.get(f.name, f.default) for f in fields(cls)
    ]
    assert made == cls(*values.values()) and hash(made) == hash(cls(**values))
    with pytest.raises(FrozenInstanceError):
        setattr(made, required[0], -1)
    changed = replace(made, **{required[0]: -1})
    assert getattr(changed, required[0]) == -1 and changed != made


def test_slot_init_keeps_the_class_of_a_subclass_and_of_a_class_it_cannot_swap() -> None:
    @slot_init
    @dataclass(frozen=True, slots=True)
    class Base:
        start: int
        end: int
        text: str
        kind: str = "direct"

    class Sub(Base):
        __slots__ = ()  # the same layout: Python would swap it to Base's twin and back

    @slot_init
    @dataclass(frozen=True, slots=True)
    class Wider(Base):  # a base with fields of its own: no twin
        rule: str = ""

    for cls in (Base, Sub, Wider):
        made = cls(1, 2, "x")
        assert type(made) is cls
        assert (made.start, made.end, made.text, made.kind) == (1, 2, "x", "direct")
        with pytest.raises(FrozenInstanceError):
            made.start = 3  # type: ignore[misc]
    assert Wider(1, 2, "x", "partial", "r").rule == "r"


def test_slot_init_leaves_a_class_it_cannot_reproduce_alone() -> None:
    @dataclass(frozen=True, slots=True)
    class Later:
        start: int

        def __post_init__(self) -> None:
            object.__setattr__(self, "start", self.start + 1)

    init = Later.__init__
    assert slot_init(Later).__init__ is init and Later(1).start == 2


#: ``mentions._needs_context`` as one pattern, before its parts were searched apart.
_PLAIN_CONTEXT = re.compile(r"[,()\u2014\u2013\u2015;:]|\s-|\b(?:who|which|that|whom)\b")
_CONTEXT_PIECES = st.sampled_from(
    ["who", "which", "that", "whom", "Who", "wh", "th", "at", "x", "s", "-", " ", "\n"]
    + list(",();:\u2014\u2013\u2015\u00e9")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CONTEXT_PIECES, max_size=20).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_the_near_window_needs_context_where_the_one_pattern_found_some(
    text: str, lo: int, hi: int
) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert mentions._needs_context(text, lo, hi) == bool(_PLAIN_CONTEXT.search(text, lo, hi))


_BREAK_PIECES = st.sampled_from(
    [", ", "who", "which", "adding", "but", "that", "according to", "even as", "while"]
    + [" ", "-", "--", "\u2014", "\u2013", "x", "\n"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_BREAK_PIECES, max_size=20).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_a_claim_holds_a_break_where_one_of_the_two_parts_finds_one(
    text: str, lo: int, hi: int
) -> None:
    lex = compile_rules(load_rules())
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert len(lex.content_break_parts) == 2
    assert any(p.search(text, lo, hi) for p, _ in lex.content_break_parts) == bool(
        lex.content_break.search(text, lo, hi)
    )


_MEDIUM_PIECES = st.sampled_from(
    [" ", "  ", ", ", ".", "\n", '"', "\u201d", "-", "x", "Roe", "said", "the", "a", "his"]
    + ["in", "In", "on", "ON", "at", "via", "during", "interview", "Interview", "interviews"]
    + ["tweet", "tweets", "show", "showed", "call", "called", "conference", "news", "press"]
    + ["social", "media", "op-ed", "TV", "post", "posted", "with", "of", "last", "this"]
    + ["\u0130", "\u212a", "\u00e9", "\u03a3"]
)


def _medium_everywhere(text: str, s: int, e: int) -> int:
    """``circumstance.before_medium`` as it was first written: the IGNORECASE phrase
    searched in every claim, with no look for a medium's word first."""
    m = circumstance._final_medium(_LEX.rules).search(text, s, e)
    if m is None or QUOTE_MARK.search(text, m.start(), e):
        return e
    if not re.search(r"\w", text[s : m.start()]):
        return e
    return m.start()


@settings(max_examples=600, deadline=None)
@given(st.lists(_MEDIUM_PIECES, max_size=24).map(" ".join), st.integers(0, 30), st.integers(0, 200))
def test_the_medium_found_from_its_word_in_the_lowered_text_is_the_one_searched_everywhere(
    text: str, s: int, e: int
) -> None:
    s, e = sorted((min(s, len(text)), min(e, len(text))))
    expected = _medium_everywhere(text, s, e)
    for low in (None, lowered(text)):
        assert circumstance.before_medium(text, s, e, _LEX.rules, low) == expected


_LONG_MEDIUM_PIECES = _MEDIUM_PIECES | st.sampled_from(
    ["with the paper", "of the day", " " * 30, "\n" * 7, "x" * 25, "said the ferry would run"]
    + ["\u2003" * 9, "_", "!", ")" * 20, "this", "last", "to", "on", ";", ":", "1"]
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(_LONG_MEDIUM_PIECES, max_size=40).map(" ".join),
    st.integers(0, 40),
    st.integers(0, 400),
)
@example("said it would run in an interview" + " " * 70 + "with the paper" + "x" * 50, 0, 400)
@example("said it would run in an interview with " + "x" * 56 + " ok", 0, 400)
@example("said it would run in an interview with " + "x" * 57 + " ok", 0, 400)
@example("x" * 40 + " said it would run in an interview" + " " * 80 + "!", 0, 400)
@example("x" * 40 + " said it ran in a tweet with " + "x" * 50 + "_)!", 0, 400)
@example("x" * 40 + " said it would run in an interview" + ")!" * 40, 0, 400)
def test_the_medium_read_near_the_claims_end_is_the_one_searched_everywhere(
    text: str, s: int, e: int
) -> None:
    # circumstance.before_medium reads only the last characters of a long claim for the
    # word of its closing medium: the same cut as the phrase searched everywhere
    s, e = sorted((min(s, len(text)), min(e, len(text))))
    expected = _medium_everywhere(text, s, e)
    assert circumstance.before_medium(text, s, e, _LEX.rules, lowered(text)) == expected


_PASSIVE_PIECES = st.sampled_from(
    [" ", "  ", "\n", ",", '"', "-", "_", "'", "\u00b2", "\u00e9", "was", "Was", "been", "is"]
    + ["be", "has", "roundly", "quickly", "early", "sly", "ly", "also", "not", "the", "plan"]
    + ["Roe", "x", "7", "reportedly"]
)


def _passive_word_by_word(attributor: attribute.SentenceAttributor, lo: int, hi: int) -> bool:
    """``SentenceAttributor._passive`` as it was: every word of the window found first."""
    lex = attributor.lex
    for w in reversed(attribute._WORD.findall(attributor.text, max(lo, hi - 40), hi)):
        word = w.lower()
        if not (
            word in lex.adverbs or (word.endswith("ly") and attribute._LY_ADVERB.fullmatch(word))
        ):
            return word in lex.rules.passive
    return False


@settings(max_examples=600, deadline=None)
@given(st.lists(_PASSIVE_PIECES, max_size=30).map("".join), st.integers(0, 80), st.integers(0, 80))
def test_the_passive_read_off_the_last_run_of_non_spaces_is_the_one_read_word_by_word(
    text: str, lo: int, hi: int
) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, [])
    assert attributor._passive(lo, hi) == _passive_word_by_word(attributor, lo, hi)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["said", "Roe", "7", "_", " ", ", ", "--", "\u00e9", "\n"]), max_size=20
    ),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(1, 5),
)
def test_the_first_words_are_the_first_runs_of_word_characters(
    pieces: list[str], lo: int, hi: int, n: int
) -> None:
    text = "".join(pieces)
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert attribute.first_words(text, lo, hi, n) == re.findall(r"\w+", text[lo:hi])[:n]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["He", "s", "re", "ll", "d", "'", "\u2019", " ", "\n", "x"]), max_size=12
    ),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_a_contraction_is_looked_for_only_in_a_window_with_an_apostrophe(
    pieces: list[str], lo: int, hi: int
) -> None:
    text = "".join(pieces)
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    plain = attribute._CONTRACTION.search(text, max(lo, hi - 6), hi)
    assert attribute._contracted(text, lo, hi) == (plain.start() if plain else hi)


# -- the lowered text: ASCII capitals lowered as bytes when nothing else would change ------

_LOWER_PIECES = st.sampled_from(
    ["Roe", "SAID", "a", "Z", " ", "\n", "7", "\u201c", "\u2019", "\u2014", "\u00a0", "\u4e00"]
    + ["\u00e9", "\u00c9", "\u03a3", "\u03c3", "\u00df", "\u1e9e", "\u0130", "\u0131"]
    + ["\u017f", "\u212a", "\ud800", "\U0001f600", "\u0141", "\u0101"]
)


def _lowered_reference(text: str) -> str | None:
    """``lowered`` as it was: every character lowered by ``str.lower``."""
    if any(odd in text for odd in ("\u0130", "\u0131", "\u017f", "\u212a")):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.lists(_LOWER_PIECES, max_size=24).map("".join), st.text(max_size=40)))
def test_the_lowered_text_is_what_str_lower_gives(text: str) -> None:
    assert lowered(text) == _lowered_reference(text)


# -- the cue scan: the cue pattern tried only where the folded text holds a cue's word ------

_CUE_PIECES = st.sampled_from(
    [" ", ", ", ". ", "\n", '"', "\u201c", "\u2019", "-", "'", "_", "7", "\u00e9", "?"]
    + ["K", "\u212a", "\u017f", "\u0130", "\u0131", "\u00a0", "\u4e00"]
    + ["said", "Said", "SAID", "says", "told", "added", "wrote in a statement", "Roe", "the"]
    + ["according to", "According To", "ACCORDING TO", "accordingto", "in the words of"]
    + ["In The Words Of", "in the  words of", "accordin", "g to", "ac\u212aording to"]
    + ["add", "adding", "in a statement", "sai", "d"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=24).map("".join))
def test_the_cues_tried_where_a_word_is_are_those_the_whole_scan_finds(text: str) -> None:
    found = _LEX.cue_matches(text, lowered(text))
    assert [m.span() for m in found] == [m.span() for m in _LEX.cue.finditer(text)]


def test_cue_forms_the_folding_cannot_keep_are_scanned_the_slow_way() -> None:
    rules = load_rules()
    cues = dict(rules.cues)
    cues["co-signed"] = replace(next(iter(cues.values())), form="co-signed")
    lex = compile_rules(replace(rules, cues=cues))
    assert lex.cue_words is None
    text = "Roe co-signed it, Li said."
    assert [m.group() for m in lex.cue_matches(text, lowered(text))] == ["co-signed", "said"]


_MARK_PIECES = st.sampled_from(
    ["'", "`", '"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2018", "\u2019"]
    + ["a", "B", "7", "_", "\u00e9", " ", "\n", ".", "don", "''", "``", "\u2019s"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARK_PIECES, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_the_marks_found_one_by_one_are_those_of_the_one_pattern(
    text: str, lo: int, hi: int
) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    for start, end in ((0, None), (lo, hi)):
        found = quotes._MARK.finditer(text, start, len(text) if end is None else end)
        assert quotes._marks(text, start, end) == [(m.start(), m.group()) for m in found]


_SENTENCE_PIECES = st.sampled_from(
    ["Roe said", " it", " won", ".", "!", "?", "...", '"', "\u201d", " ", "\n", " The", " U.S."]
    + [" Mr.", " J.", " 9", "(", "''", "\u2019", " he", " She", "\u201cWe", "'"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=30).map("".join))
def test_sentences_tried_at_the_stops_are_those_tried_at_every_character(text: str) -> None:
    from unittest import mock

    from quotetrack.extraction import segment

    paras = segment.paragraphs(text)
    found = quotes.find_quotes(text, paras)
    args = (text, paras, found, _LEX.rules.abbreviations, _LEX.attribution, _LEX.name_titles)
    at_stops = segment.sentences(*args)
    with mock.patch.object(segment, "_stops", lambda t: list(range(len(t)))):
        assert segment.sentences(*args) == at_stops  # every position: what finditer tries


@settings(max_examples=400, deadline=None)
@given(st.lists(_SENTENCE_PIECES | st.sampled_from([")", "]", "\u00bb", "Ok", " a"]), max_size=30))
def test_the_marks_ending_a_paragraph_are_not_tried_as_boundaries(pieces: list[str]) -> None:
    # segment.sentences tries no stop among the marks that end a paragraph: the same
    # sentences as trying every stop up to the paragraph's end
    from unittest import mock

    from quotetrack.extraction import segment

    text = "".join(pieces)
    paras = segment.paragraphs(text)
    found = quotes.find_quotes(text, paras)
    args = (text, paras, found, _LEX.rules.abbreviations, _LEX.attribution, _LEX.name_titles)
    skipping = segment.sentences(*args)
    with mock.patch.object(segment, "_FINAL_MARKS", frozenset()):
        assert segment.sentences(*args) == skipping


# -- the resolver: titles and genders read only when a title or a pronoun is resolved ------


class _EagerResolver(resolve.Resolver):
    """The resolver as it read every name: title and gender worked out as the name is
    indexed (the reference for the one that works them out only when they are wanted),
    and a title looked up among the titles of all the names read."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.roles: dict[str, str] = {}
        self.heads: list[tuple[int, str, str]] = []  # (pos, head, name)

    def _index_until(self, pos: int) -> None:
        rules = self.lex.rules
        while (found := self._next_name) is not None and (start := found.start()) < pos:
            self._next_name = next(self._pending, None)
            person = resolve._person_name(found.group(), rules)
            if person is None:
                continue
            name, surname, offset = person
            start += offset
            self.surnames.setdefault(surname, name)
            role = self._role_before(start)
            gender = self._honorific_gender(start)
            if role:
                self.roles.setdefault(role.lower(), name)
                head = role.lower().split()[-1]
                self.heads.append((start, head, name))
                gender = gender or rules.titles.get(head, "")
            if gender:
                self.genders.setdefault(name, gender)

    def _gender(self, name: str) -> str:
        return self.genders.get(name, "")

    def _titled(self, key: str, head: str, role: str) -> resolve.Speaker:
        if key in self.roles:
            return resolve.Speaker(self.roles[key], "person", "title", role=role)
        for _, h, name in reversed(self.heads):
            if h == head:
                return resolve.Speaker(name, "person", "title", role=role)
        return resolve.Speaker(None, "person", "none", role=role)


_NAME_PIECES = st.sampled_from(
    ["Ann Lee", "Mr. Tom Hart", "Ms. Ann Lee", "Dr. Sam Ortiz", "Sam Ortiz", "Tom Hart"]
    + ["Harbour Commissioner Sam Ortiz", "the spokeswoman, Kim Vo,", "Chairman Tom Hart"]
    + ["Deputy Commissioner Ann Lee", "the commissioner (Tom Hart)", "Queen Kim Vo"]
    + ["Kim Vo", "Queen Ann Lee", "the Ministry of Ports", "Acme Shipping", "Lee", "Hart"]
)
_GAP = st.sampled_from([" said. ", " met ", ", and ", ". Then ", " spoke. \n"])
_MENTIONS = st.sampled_from(
    ["he", "she", "they", "it", "He", "She", "Lee", "Hart", "Ortiz", "Vo", "Ann Lee"]
    + ["the commissioner", "the spokeswoman", "the chairman", "Tom Hart", "the queen"]
    + ["the deputy commissioner", "the harbour commissioner", "the Deputy Commissioner"]
    + ["Mr. Hart", "Ms. Lee", "a senior official", "the ministry", "Acme Shipping"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(_NAME_PIECES, _GAP), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 400), _MENTIONS), max_size=16),
)
def test_titles_and_genders_read_when_wanted_resolve_as_read_with_every_name(
    pieces: list[tuple[str, str]], mentions_at: list[tuple[int, str]]
) -> None:
    text = "".join(name + gap for name, gap in pieces)
    lazy, eager = resolve.Resolver(text, _LEX), _EagerResolver(text, _LEX)
    for at, words in sorted(mentions_at):
        mention = mentions.Mention(min(at, len(text)), min(at, len(text)) + 1, words)
        assert lazy.resolve(mention) == eager.resolve(mention)


# -- the walk back from a string the passive unsourced shapes need, on the reversed text ---


def _walked_back(low: str, i: int, words: int) -> int:
    """The walk as it was written: character by character, in Python."""
    while i > 0 and not low[i - 1].isspace():
        i -= 1
    for _ in range(words):
        while i > 0 and low[i - 1].isspace():
            i -= 1
        while i > 0 and not low[i - 1].isspace():
            i -= 1
    return i


_WALK_PIECES = st.sampled_from(
    ["is", "said", "to", "x", "-", ".", " ", "  ", "\n", "\t", "\u2009", "\u3000", "\x1c"]
    + ["\u00a0", "\u2019", "\u00e9", "widely", "expected"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_WALK_PIECES, max_size=25).map("".join), st.integers(0, 60), st.integers(0, 5))
def test_the_walk_back_on_the_reversed_text_ends_where_the_walk_ended(
    low: str, i: int, words: int
) -> None:
    from quotetrack.extraction import unsourced

    i = min(i, len(low))
    back = re.compile(rf"\S*(?:\s*\S*){{{words}}}")
    assert unsourced._words_back(low, i, back) == _walked_back(low, i, words)


# -- issue 6: the subject walk's shortcuts --------------------------------------------

_CLAUSE_WORDS = st.sampled_from(
    ["Jane", "Roe", "the", "side", "who", "which", "Who", "has", ",", ", ", " ,", "21,000"]
    + ["insisted", "from", "start", "(", ")", "U.S.", "\u201c", "\u2019s", " ", "  "]
)


def _plain_before_relative_clause(toks: list) -> list:
    for k in range(len(toks) - 1, 0, -1):
        if toks[k][mentions._WORD] == ",":
            if k + 1 < len(toks) and toks[k + 1][mentions._LOWER] in ("who", "which"):
                return toks[:k]
            return toks
    return toks


@settings(max_examples=400, deadline=None)
@given(st.lists(_CLAUSE_WORDS, max_size=30).map(" ".join), st.integers(0, 20))
def test_the_relative_clause_looked_for_after_a_comma_only_is_the_one_read_back_to(
    text: str, lo: int
) -> None:
    # mentions._before_relative_clause reads the tokens back only when the text holds a
    # comma after the first token: the same clause as reading them back in every window
    lo = min(lo, len(text))
    toks = mentions._scan(text, lo, len(text))
    assert mentions._before_relative_clause(text, toks) == _plain_before_relative_clause(toks)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CLAUSE_WORDS | st.sampled_from(["--", "\u2014", "-", " - "]), max_size=30))
def test_only_a_dash_or_a_bracket_ending_a_subject_sets_off_an_aside(words: list[str]) -> None:
    # mentions._subject_in steps over a dashed aside or a bracket only when the last word
    # is in _SET_OFF_ENDS: elsewhere both steps hand the tokens back as they were
    text = " ".join(words)
    toks = mentions._scan(text, 0, len(text))
    if toks and toks[-1][mentions._WORD] not in mentions._SET_OFF_ENDS:
        assert mentions._before_dashed_aside(text, toks) is toks
        assert mentions._before_bracket(toks) is toks


_WINDOW_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", ",", ", ", "'s", "\u2019s", "-", "_", "\u00b2", "\u00e9", "x"]
    + ["the", "of", "a", "Roe", "7", "even", "when", "upon", "before", "call", "senator"]
    + ["and", "And", "but", "also", "then", "later", "quickly", "Smith"]
)
#: Windows that end as the patterns read them: "Roe and ", ", before ", "Smith's ", ...
_WINDOWS = st.tuples(
    st.lists(_WINDOW_PIECES, max_size=16).map("".join),
    st.sampled_from(["", "Roe", "Smith", ",", "the", "x_", "\u00e9", "7", "Roe and", ", before"]),
    st.sampled_from(["", " ", "\n", " and", " And", "'s", "\u2019s", "also", " later"])
    | st.sampled_from([" and later", " but quickly also", ",before", ",\nbefore", "before", " by"]),
    st.sampled_from(["", " ", "  ", "\t", " \n", "\n", "x"]),
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_WINDOWS, st.integers(0, 60), st.integers(0, 2))
def test_the_word_read_off_the_last_run_is_the_one_the_search_finds(
    text: str, lo: int, back: int
) -> None:
    hi = max(0, len(text) - back)
    lo = min(lo, hi)
    found = re.compile(r"\b(\w+) +$").search(text, lo, hi)
    expected = None if found is None else (found.group(1), found.start(1))
    assert attribute._word_before(text, lo, hi) == expected
    # ", before | insisting": the comma's pattern finds the same word, a comma before it
    comma = re.compile(r",\s*(\w+) +$").search(text, lo, hi)
    got = attribute._word_before(text, lo, hi)
    after_comma = got is not None and text[lo : got[1]].rstrip().endswith(",")
    assert after_comma == (comma is not None)
    if comma is not None:
        assert got is not None and got[0] == comma.group(1)


def _noun_position_by_search(attributor: attribute.SentenceAttributor, pos: int) -> bool:
    before = attributor.text[max(0, pos - 20) : pos]
    words = re.findall(r"\w+", before)
    if words and words[-1].lower() in attributor.lex.noun_markers:
        return not (len(words) > 1 and words[-2].lower() in ("the", "of"))
    return bool(re.search(r"['\u2019]s\s+$", before))


@settings(max_examples=800, deadline=None)
@given(_WINDOWS, st.integers(0, 2))
def test_the_noun_position_read_from_the_right_is_the_one_found_by_search(
    text: str, back: int
) -> None:
    pos = max(0, len(text) - back)
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, [])
    m = re.compile("").match(text, pos)
    assert attributor._noun_position(m) == _noun_position_by_search(attributor, pos)


def _elliptic_word_by_word(window: str, adverbs: frozenset[str]) -> bool:
    words = [w.lower() for w in re.findall(r"\w+", window)]
    if words and words[-1] in _LEX.rules.elliptic_openers:
        return True
    while words and words[-1] in adverbs:
        words.pop()
    return bool(words) and words[-1] in ("and", "but")


@settings(max_examples=800, deadline=None)
@given(_WINDOWS, st.integers(0, 80), st.integers(0, 2), st.booleans())
def test_the_elliptic_cue_read_off_the_last_run_is_the_one_read_word_by_word(
    text: str, lo: int, back: int, with_adverbs: bool
) -> None:
    hi = max(0, len(text) - back)
    lo = min(lo, hi)
    adverbs = _LEX.adverbs if with_adverbs else frozenset()
    window = text[max(lo, hi - 40) : hi]
    expected = _elliptic_word_by_word(window, adverbs)
    assert attribute._elliptic(text, lo, hi, _LEX.rules, adverbs) == expected


@settings(max_examples=800, deadline=None)
@given(_WINDOWS, st.integers(0, 2))
def test_coordinated_subjects_are_searched_only_in_windows_ending_in_and(
    text: str, back: int
) -> None:
    pos = max(0, len(text) - back)
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, [])
    mention = mentions.Mention(pos, len(text), text[pos:])
    pattern = re.compile(r"\b[A-Z][\w.'\u2019-]*\s+and\s+$")
    found = pattern.search(text, max(0, pos - 40), pos)
    assert attributor._coordinated(mention) == (found is not None)


def _after_subordinator_by_search(attributor: attribute.SentenceAttributor, pos: int) -> bool:
    text, lo = attributor.text, max(0, pos - 20)
    subordinators = attributor.lex.rules.subordinators
    found = re.compile(r",\s*(\w+) +$").search(text, lo, pos)
    if found is not None:
        return found.group(1).lower() in subordinators
    if any(c.end() + 1 == pos for c in attributor.cue_matches):
        return True
    word = re.compile(r"\b(\w+) +$").search(text, lo, pos)
    if word is None:
        return False
    if word.group(1) in ("upon", "by", "without"):
        return True
    return word.group(1).lower() in subordinators and any(
        c.end() + 1 == word.start() for c in attributor.cue_matches if c.end() < pos
    )


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from(["said", "added", "Roe"]), max_size=2).map(" ".join),
    _WINDOWS,
    st.integers(0, 2),
)
@example("said", "before ", 0)  # the clause's cue right before the subordinator
@example("said", "so, before  ", 0)
@example("Roe", "upon ", 0)
def test_the_subordinator_read_from_the_right_is_the_one_the_searches_find(
    cue: str, tail: str, back: int
) -> None:
    text = cue + " " + tail
    pos = max(0, len(text) - back)
    cues = list(_LEX.cue.finditer(text))
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, cues)
    m = re.compile("").match(text, pos)
    assert attributor._after_subordinator(m) == _after_subordinator_by_search(attributor, pos)


# -- a cue's frame: windows and phrases tested by their last or first characters -------------

_FRAME_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\u00a0", ",", ", ", "-", "--", " -- ", "\u2014", "\u2013", "_"]
    + ["as", "As", "AS", "has", "s", "\u017f", "that", "That", "who", "WHICH", "wh", "o", "t"]
    + ["to", "To", "tO", "into", "Roe", "7", "271", "42%", "\u00e9", "\u00b2", "\u0130", "x"]
    + ["however", "though", ", however, ", "said", "(", '"']
)
_FRAME_TEXTS = st.lists(_FRAME_PIECES, max_size=16).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_FRAME_TEXTS, st.text(max_size=12)))
def test_a_letter_and_a_relative_end_found_from_one_character_are_those_searched(
    text: str,
) -> None:
    assert attribute._has_letter(text) == (re.search(r"[^\W\d_]", text) is not None)
    relative = re.compile(r"\b(?:who|which|that)$", re.I)
    assert attribute._ends_relative(text) == (relative.search(text) is not None)


def test_every_character_isalpha_takes_is_a_letter_to_the_pattern() -> None:
    letter = re.compile(r"[^\W\d_]")
    assert all(letter.match(chr(c)) for c in range(0x30000) if chr(c).isalpha())


@settings(max_examples=800, deadline=None)
@given(_FRAME_TEXTS, st.integers(0, 40), st.integers(0, 2))
def test_as_before_a_subject_is_searched_only_in_windows_ending_in_it(
    text: str, lo: int, back: int
) -> None:
    hi = max(0, len(text) - back)
    lo = min(lo, hi)
    found = re.compile(r"\b[Aa]s\s+$").search(text, lo, hi)
    got = attribute._as_before(text, lo, hi)
    assert (got and got.span()) == (found and found.span())


def _past_aside_by_search(attributor: attribute.SentenceAttributor, after: int) -> int:
    text, end = attributor.text, attributor.sent.end
    m = attributor.lex.aside_after.match(text, after, end)
    if m:
        return m.end()
    m = re.compile(r"\s*(?:--?|[\u2014\u2013])\s").match(text, after, end)
    if m:
        closing = re.compile(r"\s(?:--?|[\u2014\u2013])\s").search(
            text, m.end(), min(end, m.end() + 80)
        )
        if closing is not None:
            return closing.end()
    return after


def _complementiser_by_search(attributor: attribute.SentenceAttributor, s: int, lo: int) -> int:
    before = re.compile(r"\b(\w+)\s+$").search(attributor.text, lo, s)
    if before is None or before.group(1).lower() not in attributor.lex.rules.complementisers:
        return s
    return before.start(1)


@settings(max_examples=800, deadline=None)
@given(_FRAME_TEXTS, st.integers(0, 40), st.integers(0, 40), st.integers(0, 3))
def test_what_follows_a_cue_read_off_its_first_characters_is_what_the_patterns_find(
    text: str, a: int, b: int, cut: int
) -> None:
    # asides and a complementiser after the cue, "to" before it: windows that open or end
    # anywhere, a sentence that ends before the text does
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    sent = Sentence(0, max(b, len(text) - cut), 0)
    attributor = attribute.SentenceAttributor(text, sent, [], _LEX, [])
    assert attributor._past_aside(a) == _past_aside_by_search(attributor, a)
    assert attributor._with_complementiser(b, a) == _complementiser_by_search(attributor, b, a)
    words = re.findall(r"\w+", text[max(0, b - 12) : b])
    assert attributor._after_to(b) == (bool(words) and words[-1].lower() == "to")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(['"', " said ", "x", " ", "\u201c", "\u201d"]), max_size=20),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12), st.booleans()), max_size=4),
)
def test_cues_outside_quotes_read_in_loops_are_those_the_comprehension_keeps(
    pieces: list[str], spans: list[tuple[int, int, bool]]
) -> None:
    text = "".join(pieces)
    cues = list(_LEX.cue.finditer(text))
    quotes = [Quote(o + 1, o + n, o, o + n, True, o + n + (2 if two else 1)) for o, n, two in spans]
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), quotes, _LEX, cues)
    expected = [m for m in cues if not any(q.open < m.start() < q.past for q in quotes)]
    assert attributor._cues() == expected


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.sampled_from([" ", "  ", "\t", "\n", "\r", "\u00a0", ",", ".", "-", "--", "x", "Roe"])
        | st.sampled_from(["\u2014", "\u2013", "\u2015", "said", '"']),
        max_size=12,
    ).map("".join),
    st.integers(0, 20),
    st.integers(0, 3),
)
def test_a_quote_is_signed_only_where_a_dash_or_a_line_break_may_follow_it(
    text: str, pos: int, cut: int
) -> None:
    pos = min(pos, len(text))
    end = max(pos, len(text) - cut)
    if attribute._SIGN_START.match(text, pos) is None:
        assert attribute._DASH_SOURCE.match(text, pos, end) is None
        assert attribute._SIGNED_LINE.match(text, pos) is None


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_bare_forms_read_once_are_those_whose_first_word_is_the_lemmas(case) -> None:
    bare = _LEX.bare_forms
    for key, cue in _LEX.rules.cues.items():
        group = case(key)  # the cue's text as a match gives it, in any case
        first = group.split()[0].lower() == cue.lemma.split()[0]
        assert (group.lower() in bare) == first, key


@settings(max_examples=600, deadline=None)
@given(
    st.lists(_FRAME_PIECES | st.sampled_from([".", '"', "\u201d", ")", "!", ";", "\u3000"])).map(
        "".join
    ),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_a_trimmed_claim_is_the_one_read_character_by_character(text: str, s: int, e: int) -> None:
    s, e = min(s, len(text)), min(e, len(text))  # (either order: a window may be empty)
    lo, hi = s, e
    while hi > lo and (text[hi - 1] in attribute._END_MARKS or text[hi - 1].isspace()):
        hi -= 1
    while lo < hi and (text[lo].isspace() or text[lo] in ",:;"):
        lo += 1
    assert attribute._trim(text, s, e) == (lo, hi)


def test_the_spaces_trim_strips_are_every_character_isspace_takes() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert spaces == set(attribute._SPACE_CHARS)


_POLL_PIECES = st.sampled_from(
    ["In a poll by Gallup, ", "In the survey, conducted in May, ", "In ", "in a poll, ", "Inc. "]
    + ["most voters said they back the plan. ", "India ", "Roe said. ", "In. ", " ", "\n"]
    + ['"In a poll," ', "Insiders agree. ", "Into the night. ", "It is. ", ".", "In"]
)


def _poll_findings_by_sentence(text: str, sents: list[Sentence]) -> list[tuple[int, int]]:
    """``poll_findings`` as it was: each sentence's opening tested for "In"."""
    rules = load_rules()
    frame = findings._frame(rules)
    opening = [s for s in sents if text.startswith("In", s.start)]
    assert all(frame.match(text, s.start, s.end) is None for s in sents if s not in opening)
    return [(c.start, c.end) for c in findings.poll_findings(text, opening, [], rules)]


@settings(max_examples=500, deadline=None)
@given(st.lists(_POLL_PIECES, max_size=12).map("".join))
def test_poll_findings_read_from_the_places_of_in_are_those_of_every_sentence(text: str) -> None:
    rules = load_rules()
    paras = paragraphs(text)
    found_quotes = quotes.find_quotes(text, paras)
    sents = sentences(text, paras, found_quotes, rules.abbreviations)
    found = [(c.start, c.end) for c in findings.poll_findings(text, sents, [], rules)]
    assert found == _poll_findings_by_sentence(text, sents)


_SKIP_SENTENCE = st.tuples(
    st.sampled_from(["", "Jane Roe ", "The mayor ", "She ", "In 30 ", "After recent ", "A poll "]),
    st.sampled_from(["", "in 30 ", "recent ", "the ", "it ", "Records ", "often ", "was "]),
    st.sampled_from(["attacks ", "compares ", "comments ", "claims ", "likened ", "says "])
    | st.sampled_from(["credits ", "charges ", "notes ", "fears ", "said "]),
    st.sampled_from(["", "states", "the plan ", "it to a bonfire", "that ", "him ", "in May "])
    | st.sampled_from(['"a disgrace" ', "\u201cthe worst deal\u201d ", "the plan in a speech"]),
    st.sampled_from([". ", ", ", ":\n\n\u201cIt is a disgrace. We will fight it.\u201d ", ":"])
    | st.sampled_from(["\n\n", "? ", ' "we will," she said. ']),
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_SKIP_SENTENCE, min_size=1, max_size=4).map("".join))
def test_cues_decided_before_the_subject_search_yield_what_the_search_would(text: str) -> None:
    # a quoted-words-only cue last in a sentence without quotes, a noun-like form after a
    # word no subject ends with, a claim without quoted words: the whole extraction with
    # each shortcut turned off finds the same records
    quick = extract(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(attribute.SentenceAttributor, "_last_without_colon", lambda self, m: False)
        mp.setattr(attribute.SentenceAttributor, "_plural_noun", lambda self, m: False)
        mp.setattr(attribute, "_holds_quote", lambda quotes, s, e: True)
        assert extract(text) == quick


# -- a name in disguise read where the subject walk reads it ---------------------------

_NAME_WALK_WORDS = st.sampled_from(
    ["Will", "will", "May", "may", "Has", "has", "Also", "also", "Then", "then", "Still"]
    + ["Yet", "Only", "only", "Apparently", "apparently", "Having", "HaviNG", "Earlier", "Now"]
    + ["WILL", "Jane", "Roe", "Roe,", 'it,"', "it,\u201d", "the", "The", "a", "an", "of"]
    + ["with", "to", "close", "familiar", "for", "aides", "her", "him", "he", "and", "who"]
    + ["which", "in", "out", "three", "22", ",", "--", "(", ")", "said", "speaking", "former"]
    + ["current", "Another", "Several", "on", "Monday", "nurse", "spokesman", "people"]
)


def _named_tokens(text: str, lo: int, hi: int, limit: int | None = None) -> list:
    return [mentions._as_name(text, t, _LEX) for t in mentions._scan(text, lo, hi, limit)]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NAME_WALK_WORDS, max_size=16).map(" ".join), st.integers(0, 30))
@example("Jane Roe Then and former officials", 0)  # a modifier before "and"
@example("Jane Roe Yet another", 0)  # a conjunction opening the clause
@example("Jane Roe three days Earlier", 0)  # the end of a time phrase
@example("Roe, Will", 0)  # a stop word
@example("Ada May, a nurse", 0)  # a time word ending the name before an apposition
@example("A source HaviNG to Fox News", 0)  # no participle as written
def test_names_in_disguise_read_where_the_walk_reads_them_are_those_turned_first(
    words: str, lo: int
) -> None:
    # mentions._subject_in reads a capitalised skip word as _as_name does only where it
    # reads a word against a list holding skip words: the subject of every token turned
    text = f"{words} said it"
    cue_start = len(words) + 1
    lo = min(lo, cue_start)
    with patch.object(mentions, "_tokens", _named_tokens):
        plain = mentions._subject_in(text, lo, cue_start, _LEX)
    mentions._span = ("", 0, 0, [])
    assert mentions._subject_in(text, lo, cue_start, _LEX) == plain


def test_the_lists_the_walk_reads_unturned_hold_no_skip_word() -> None:
    # a word of a list that holds no skip word and no capital is read alike as a skip word
    # ("will": in no such list) and as a name ("Will": in none either)
    rules = _LEX.rules
    lists = [
        rules.subject_pronouns,
        rules.object_only_pronouns,
        rules.np_prepositions,
        rules.to_heads,
        rules.number_words,
        rules.determiners,
        rules.asides,
        rules.relatives,
        rules.place_prepositions,
        rules.indefinite_articles,
        rules.participle_prepositions,
        mentions._POSSESSIVE_S,
        {"of", "the", "in", "out", "to", "by", "who", "which"},
    ]
    for words in lists:
        assert rules.skip.isdisjoint(words)
        assert all(w == w.lower() for w in words)
    assert not any(w.endswith(("'s", "\u2019s")) for w in rules.skip)  # (_gerund_noun)


_AGO_PIECES = st.sampled_from(
    ["ago", "later", "earlier", "Later", "ag", "o", "lat", "er", "ear", "lier", "x", "Hours"]
    + [" ", "  ", "\n", ",", ".", ";", ":", "-"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_AGO_PIECES, max_size=16).map("".join), st.integers(0, 40), st.integers(0, 60))
@example("Hours later, she", 0, 12)
@example("Two years ago ,", 0, 15)
@example("Not long after, earlier,", 0, 24)
@example("Days earlier, she", 0, 17)
def test_a_time_phrase_is_matched_only_where_one_of_its_words_is(
    text: str, lo: int, hi: int
) -> None:
    # mentions.sentence_subject matches _AGO only where "ago", "later" or "earlier" is in
    # the window: the same answer as matching it in every window
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert mentions._ago_phrase(text, lo, hi) == bool(mentions._AGO.match(text, lo, hi))


_SHARE_WORDS = st.sampled_from(
    ["two", "Two", "in", "three", "3", "10", "out", "of", "four", "people", "close", "to"]
    + ["her", "him", "them", "she", "aides", "familiar", "with", "a", "source", "the", ","]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_SHARE_WORDS, min_size=1, max_size=8).map(" ".join))
@example("Two in three")
@example("4 out of 10")
@example("aides , two in 3")
@example("people , 3 in 10")
@example("a source close to her")
@example("aides close to them")
def test_shares_and_pronoun_phrases_read_behind_their_last_word_are_found(words: str) -> None:
    # mentions._np_backward reads a worded share ("two in three") and a pronoun's phrase
    # ("close to her") only when the last word is a count or an object pronoun: each is
    # still found wherever it is there
    toks = mentions._scan(words, 0, len(words))
    i = len(toks) - 1
    first = mentions._np_backward(words, toks, _LEX)
    share = mentions._worded_share(toks, _LEX.rules)
    if share is not None:
        assert first == share
    elif i >= 2 and mentions._pronoun_object(words, toks, i, _LEX):
        assert first is not None and first <= i  # the pronoun ends the phrase


@settings(max_examples=500, deadline=None)
@given(st.floats(min_value=-1.0, max_value=2.0))
@example(0.05)
@example(1.0)
def test_a_confidence_worked_out_once_is_the_rounded_one(value: float) -> None:
    first, again = pipeline._bounded(value), pipeline._bounded(value)  # (the second cached)
    assert first == again == round(min(1.0, max(0.05, value)), 3)


# -- a relative clause looked for only where "who" stands; a possessive read off its end --

_WHO_PIECES = st.sampled_from(
    ["who", "Who", "WHO", "whom", "who's", " ", "  ", "\n", ",", "officials", "spoke", "with"]
    + ["the", "paper", "voters", "have", "heard", "from", "'s", "\u2019s", "s", "'", "\u2019"]
    + ['"', "\u201c", "(", "--", "\u2014", "whose", "owho", "Reyes", "a"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_WHO_PIECES, max_size=24).map("".join), st.integers(0, 90), st.integers(0, 90))
@example("Trump's\n", 0, 0)  # ``$`` before a final newline
@example("voters who heard the", 0, 0)
def test_a_relative_clause_is_found_only_in_windows_holding_who(
    text: str, lo: int, back: int
) -> None:
    # _relative_antecedent returns the phrase unchanged when its 80-character window holds
    # no "who": neither pattern can match there (the second reads within that window)
    hi = max(0, len(text) - back)
    lo = min(lo, hi)
    lo_rel = max(lo, hi - 80)
    if text.find("who", lo_rel, hi) == -1:
        assert attribute._RELATIVE_OPEN.search(text, lo_rel, hi) is None
        assert attribute._WHO_BEFORE.search(text, max(lo, hi - 8), hi) is None
    # ... and a possessive mention is one that ends as ``['\u2019]s$`` finds
    found = re.search(r"['\u2019]s$", text) is not None
    assert text.endswith(attribute._POSSESSIVE_ENDS) == found


# -- the resolver's names found lazily, around a surname's occurrences ---------------------


class _EveryNameResolver(resolve.Resolver):
    """The resolver as it read names before: every name of the text from its start, up
    to each mention (``_NAME.finditer``), under its surname, its name and the word before
    it; surnames, genders and titles looked up among those."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.people: list[tuple[int, str]] = []
        self.ungendered: dict[str, list[int]] = {}

    def _index_until(self, pos: int) -> None:
        rules = self.lex.rules
        while (found := self._next_name) is not None and (start := found.start()) < pos:
            self._next_name = next(self._pending, None)
            person = resolve._person_name(found.group(), rules)
            if person is None:
                continue
            name, surname, offset = person
            self.surnames.setdefault(surname, name)
            self.people.append((start + offset, name))
            self.ungendered.setdefault(name, []).append(start + offset)

    def _surname(self, name: str, role: str | None, otherwise: resolve.Speaker) -> resolve.Speaker:
        full = self.surnames.get(name)
        return resolve._speaker(full, "person", "surname", role) if full else otherwise

    def _gender(self, name: str) -> str:
        gender = self.genders.get(name)
        if gender is not None:
            return gender
        for start in self.ungendered.pop(name, ()):
            gender = self._honorific_gender(start)
            if not gender:
                gender = self.lex.rules.titles.get(self._word_before(start), "")
                gender = gender if gender and self._role(start) else ""
            if gender:
                self.genders[name] = gender
                return gender
        return ""

    def _named_after(self, head: str) -> list[tuple[int, str]]:
        return [(s, name) for s, name in self.people if self._word_before(s) == head]


_LAZY_PIECES = st.sampled_from(
    ["Ann Lee", "Ann  Lee", "Ann\nLee", "Ann\u00a0Lee", "Lee", "Tom Hart", "Hart", "Harte"]
    + ["Mr. Tom Hart", "Ms. Ann Lee", "Dr. Sam de Ortiz", "Sam van Ortiz", "Ortiz", "Sam Ortiz"]
    + ["Kim Al-Vo", "Kim O'Vo", "Vo", "Jo Vo Jr.", "J. R. Vo", "Vo's", "Lee-Hart", "McLee"]
    + ["President", "president", "PRESIDENT", "Commissioner", "commissioner", "Sen.", "ex-"]
    + ["Chairman", "chairman", "Harbour", "Deputy", "the", "said", "met", "and", "bin", "al"]
    + ["de", "van", "von", "dean", "vote", "be", "a", "in", "\u03a3", "\u0130", "Queen"]
    + [" ", " ", " ", "  ", "\n", ",", ", ", ". ", ".", "-", "'", '"', "\u201c", "(", "7", ":"]
    + [" " * 30, ", " * 15, "President Ann Lee", "president Tom Hart", "Commissioner Sam Ortiz"]
)
_LAZY_MENTIONS = st.sampled_from(
    ["he", "she", "He", "Lee", "Hart", "Ortiz", "Vo", "Ann Lee", "Harte", "McLee"]
    + ["the president", "the commissioner", "the chairman", "the President", "the queen"]
    + ["the harbour commissioner", "the deputy commissioner", "Mr. Hart", "Ms. Lee", "Sen."]
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(_LAZY_PIECES, min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 400), _LAZY_MENTIONS), max_size=16),
    st.booleans(),
)
@example(
    ["President", " ", "Ann Lee", " ", "said", ". ", "Lee", " ", "he"],
    [(30, "Lee"), (40, "he"), (50, "the president")],
    True,
)
@example(["president", ", ", "Ann Lee"], [(11, "the president")], False)  # at the mention
@example(["president", " " * 30, " " * 30, ", " * 3, "Ann Lee"], [(90, "the president")], True)
def test_names_found_around_a_surname_resolve_as_every_name_read(
    pieces: list[str], mentions_at: list[tuple[int, str]], with_low: bool
) -> None:
    # the names a look-up needs are found around the occurrences of the surname (or a
    # title's head word in the lowercased text), the scan restarted after a character no
    # name holds: the same speakers as reading every name of the text up to the mention
    text = "".join(pieces)
    low = lowered(text) if with_low else None
    lazy, eager = resolve.Resolver(text, _LEX, low=low), _EveryNameResolver(text, _LEX)
    for at, words in sorted(mentions_at):
        start = min(at, len(text))
        mention = mentions.Mention(start, start + len(words), words)
        assert lazy.resolve(mention) == eager.resolve(mention)
        assert lazy.genders == eager.genders


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LAZY_PIECES, max_size=30).map("".join), st.integers(0, 200))
def test_a_name_scan_restarted_after_a_barrier_finds_what_the_whole_scan_finds(
    text: str, pos: int
) -> None:
    pos = min(pos, len(text))
    every = [m.span() for m in resolve._NAME.finditer(text)]
    restart = resolve._restart(text, pos)
    assert restart <= pos
    assert all(e <= restart or s >= restart for s, e in every)  # none runs across it
    barriers = [i for i in range(len(text)) if resolve._barrier(text, i)]
    assert all(not s <= i < e for s, e in every for i in barriers)  # none holds a barrier
    from_there = [m.span() for m in resolve._names(text, restart, len(text) + 1)]
    assert from_there == [(s, e) for s, e in every if s >= restart]
    if 0 < pos < len(text) and (resolve._barrier(text, pos - 1) or resolve._barrier(text, pos)):
        assert all(e <= pos or s >= pos for s, e in every)  # (where no scan is needed)


# -- a content-break part searched only in a claim holding a string each match contains --


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"\s[\u2014\u2013]\s|\s--?\s", ("-", "\u2013", "\u2014")),
        (r", whom?\b|, which\b|, (?:even )?(?:saying|adding)\b", (", ",)),
        (r"ab(?:cd|ce)", ("abc",)),
        (r"(?:\w+,)+", (",",)),
        (r"a?b", ("b",)),
        (r"(?<=abc)d", ("d",)),  # a look-behind's letters are no part of the match
    ],
)
def test_contained_strings_of_a_pattern(pattern: str, strings: tuple[str, ...]) -> None:
    assert contained(re.compile(pattern)) == strings


@pytest.mark.parametrize(
    "pattern", [r"(?i:abc)", r"abc", r"[a-z]+", r"x?", r"(?=abc)\w", r"[abcde]", r"a|\s"]
)
def test_contained_unknown_where_no_few_strings_are_needed(pattern: str) -> None:
    flags = re.IGNORECASE if pattern == "abc" else 0
    assert contained(re.compile(pattern, flags)) is None


_CONTAINED_PATTERNS = [
    r"\s[\u2014\u2013]\s|\s--?\s",
    r", whom?\b|, which\b|, but\b(?! that\b)",
    r"(?:x|yz)+-",
    r"a(?:b|c)d?|e[fg]",
    r"(?<=\w)--(?=\s)",
    r"(?>ab|ac)\s+",
]
_CONTAINED_PIECES = st.sampled_from(
    [" ", "  ", "\n", "-", "--", "\u2014", "\u2013", ",", ", ", "who", "whom", "which", "but"]
    + ["that", "x", "yz", "a", "b", "c", "d", "e", "f", "g", "ab", "ac", "z"]
)


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(_CONTAINED_PATTERNS),
    st.lists(_CONTAINED_PIECES, max_size=16).map("".join),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_a_window_without_any_contained_string_has_no_match(
    pattern: str, text: str, lo: int, hi: int
) -> None:
    # literals.contained: every match of pattern.search(text, lo, hi) holds one of the
    # strings inside text[lo:hi], so a window holding none is not searched
    compiled = re.compile(pattern)
    strings = contained(compiled)
    assert strings
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    found = compiled.search(text, lo, hi)
    if found is not None:
        assert any(s in found.group() for s in strings)
    if not any(s in text[lo:hi] for s in strings):
        assert found is None


def _clause_end_searching_every_part(attributor: attribute.SentenceAttributor, s: int, e: int):
    """``_clause_end`` with each content-break part searched, no string looked for first."""
    plain = replace(_LEX, content_break_parts=tuple((p, ()) for p, _ in _LEX.content_break_parts))
    with patch.object(attributor, "lex", plain):
        return attributor._clause_end(s, e)


@settings(max_examples=800, deadline=None)
@given(st.lists(_BREAK_PIECES, max_size=24).map("".join), st.integers(0, 60), st.integers(0, 60))
@example("the plan -- and more -- would work well", 0, 39)
@example("it would work well \u2014 a claim", 0, 30)
def test_a_claim_end_found_with_the_dash_part_searched_only_after_a_dash(
    text: str, s: int, e: int
) -> None:
    text = "one two three four " + text
    s, e = sorted((min(s, len(text)), min(e + 19, len(text))))
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, [])
    assert _LEX.content_break_parts[-1][1]  # (the dash part has strings to look for)
    assert attributor._clause_end(s, e) == _clause_end_searching_every_part(attributor, s, e)


# -- an "as" frame asked for only where "as" stands right before the subject --


@settings(max_examples=800, deadline=None)
@given(_FRAME_TEXTS, st.integers(0, 40), st.integers(0, 2))
def test_a_window_not_ending_in_as_has_no_as_frame(text: str, lo: int, back: int) -> None:
    # _content calls _as_frame only when the four characters before the subject end in
    # "as" or "As" once stripped: elsewhere the frame's "as" is not found
    hi = max(0, len(text) - back)
    lo = max(min(lo, hi), hi - 4)
    if not text[lo:hi].rstrip().endswith(attribute._AS_ENDS):
        assert re.compile(r"\b[Aa]s\s+$").search(text, lo, hi) is None


@pytest.mark.parametrize(
    "text",
    [
        "As the paper reported, the deal fell through in May.",
        "The deal fell through in May, as the mayor said.",
        "As Jane Roe put it, the deal was dead on arrival.",
    ],
)
def test_as_frames_found_with_the_window_read_before_the_call(text: str) -> None:
    with patch.object(attribute, "_AS_ENDS", ("",)):  # every window: the frame always asked
        plain = extract(text)
    assert [(c.rule, c.start, c.end) for c in extract(text)] == [
        (c.rule, c.start, c.end) for c in plain
    ]
    assert any(c.rule == "as-frame" for c in plain)


# -- the passive's auxiliary read run by run from the cue back, not from every word --


def _passive_by_every_word(attributor: attribute.SentenceAttributor, lo: int, cue_start: int):
    """``_passive`` as first written: all the window's words found, then read from the last."""
    text = attributor.text
    for w in reversed(attribute._WORD.findall(text, max(lo, cue_start - 40), cue_start)):
        word = w.lower()
        if not attributor._adverb(word):
            return word in _LEX.rules.passive
    return False


_PASSIVE_PIECES = st.sampled_from(
    ["was", "Was", "been", "is", "be", "also", "quickly", "roundly", "fully", "not", "Roe"]
    + ["the", "aide", "'s", "\u2019s", "_", "x_y", ",", ".", "-", '"', "(", "\u00e9t\u00e9"]
    + [" ", "  ", "\n", "\t", "\u00a0", "42", "U.S.", "was,", "(was"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PASSIVE_PIECES, max_size=20).map("".join), st.integers(0, 50))
@example("it was also", 0)
@example("it was (also", 0)
@example("Roe's aide was_", 0)
def test_the_passive_read_run_by_run_is_the_one_read_word_by_word(text: str, lo: int) -> None:
    attributor = attribute.SentenceAttributor(text, Sentence(0, len(text), 0), [], _LEX, [])
    lo = min(lo, len(text))
    assert attributor._passive(lo, len(text)) == _passive_by_every_word(attributor, lo, len(text))


# -- the sentences that hold a colon, read off the colons' places in the text --

_COLON_PIECES = st.sampled_from(
    ["Roe said", ":", "::", " ", "  ", "\n", "\n\n", ". ", "? ", "It is. ", "SMITH", '"', "a"]
    + ["\u201cWe won.\u201d ", "Mr. Roe", ": ", " :", "Asked: ", "4:30 p.m. Then", "B"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_COLON_PIECES, max_size=20).map("".join))
@example(": Roe said.")
@example("Roe said:\n\nIt is. But: no.")
def test_sentences_holding_a_colon_are_those_a_search_of_each_finds(text: str) -> None:
    rules = load_rules()
    paras = paragraphs(text)
    sents = sentences(text, paras, quotes.find_quotes(text, paras), rules.abbreviations)
    starts = [s.start for s in sents]
    expected = [text.find(":", s.start, s.end) != -1 for s in sents]
    assert pipeline._holding(text, ":", sents, starts) == expected


# -- sentences: one-sentence paragraphs decided from their first stop, the word read inline --


def _inside_as_it_was(pos: int, found: list[Quote], lo: int) -> bool:
    for q in found[lo:]:
        if q.open > pos:
            return False
        if q.open < pos < q.close:
            return True
    return False


def _last_word_as_it_was(text: str, lo: int, hi: int) -> str:
    parts = text[lo:hi].rsplit(None, 1)
    return parts[-1] if parts else ""


def _sentences_as_they_were(
    text: str,
    paras: list[tuple[int, int]],
    quotes: list[Quote],
    abbreviations: frozenset[str],
    attribution: re.Pattern | None = None,
    name_titles: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """``segment.sentences`` as it was: every paragraph walked, every hit searched."""
    out: list[Sentence] = []
    q_index = 0
    stops = segment._stops(text)
    stops.append(len(text))  # a sentinel past every paragraph: the loop tests no length
    k = 0
    for n, (p_start, p_end) in enumerate(paras):
        while q_index < len(quotes) and quotes[q_index].close < p_start:
            q_index += 1
        start = p_start
        # what _BOUNDARY.finditer(text, p_start, p_end) finds, tried only at the stops
        # after the last match (both its alternatives open with one): str.find skips to
        # them in C, where the regex engine's search tested every character for [.!?]
        k = bisect.bisect_left(stops, p_start, k)
        after = p_start  # the end of the last match
        # no stop in the marks that end the paragraph ('... now."') opens a boundary: one
        # needs a space or a capital after its marks (half the stops are such: the regex
        # engine is not asked about them)
        last = p_end
        while last > p_start and text[last - 1] in segment._FINAL_MARKS:
            last -= 1
        while stops[k] < last:
            stop = stops[k]
            k += 1
            if stop < after or (m := segment._BOUNDARY.match(text, stop, p_end)) is None:
                continue
            after = m.end()
            if _inside_as_it_was(stop, quotes, q_index) and not segment._closes_quote_at(
                text, m, quotes, q_index
            ):
                continue
            word = _last_word_as_it_was(text, start, stop + 1)
            word = word.lstrip('"\u201c(')
            word = word.rsplit("-", 1)[-1]  # "then-Sen." is "Sen."
            if word in abbreviations:
                # '... at a rally in Albany, N.Y. "Her record is poor."': a quotation opens
                # after it, and no title ("Sen.") stands before a quotation
                if word.lower() in name_titles or not (
                    segment._QUOTE_NEXT.match(text, m.end())
                    or segment._PRONOUN_NEXT.match(text, m.end())
                ):
                    continue
            elif word[-1:] == "." and "A" <= word[-2:-1] <= "Z" and segment._INITIAL.search(word):
                continue  # (an initial ends with a capital and a full stop: tested first)
            if (
                attribution
                and m.group()[-1] in segment._CLOSERS
                and attribution.match(text, m.end(), p_end)
            ):
                continue
            end = m.end()
            out.append(Sentence(start, end, n))
            start = end
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            out.append(Sentence(start, p_end, n))
    return out


_PARAGRAPH_PIECES = _SENTENCE_PIECES | st.sampled_from(
    [")", "]", "\u00bb", "Ok", " a", "\n\n", ' "', '."', '?"', " then-Sen.", " N.Y.", " \u201c("]
    + [" It", " I", " 4", ".)", "\t", " vs.", '"\n"', " Sen. Roe", " A.", "-"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PARAGRAPH_PIECES, max_size=30).map("".join))
@example('"We won." Roe said.\nHe said. "It is."')
@example("In the U.S. He said. Sen. Roe won.\n(A.) then-Sen. X.")
def test_sentences_are_those_every_paragraph_walked_finds(text: str) -> None:
    from quotetrack.extraction import segment

    paras = segment.paragraphs(text)
    found = quotes.find_quotes(text, paras)
    args = (text, paras, found, _LEX.rules.abbreviations, _LEX.attribution, _LEX.name_titles)
    assert segment.sentences(*args) == _sentences_as_they_were(*args)


# -- the cue scan's spots: whole cue forms, multi-word ones with all their words ----------

_FORM_PIECES = st.sampled_from(
    ["point", "points", "out", "Out", "OUT", "pointed", "go", "goes", "on", "went", "going"]
    + ["talk", "about", "told", "reporters", "Reporters", "wrote", "in", "a", "statement"]
    + ["speak", "of", "said", "Roe", " ", "  ", ", ", "\n", "\t", "-", "'", "\u2019", "_"]
    + ["\u00a0", "\u00e9", "7", ".", '"', "\u201c", "outs", "ou", "t", "to", "say", "Say"]
    + ["chimed", "according", "the", "words", "Went", "note"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_FORM_PIECES, max_size=24).map("".join))
@example("Roe pointed  out it")
@example("Roe pointed\nout it")
@example("Roe pointed, out it")
@example("Roe went on-")
@example("Roe told reporters")
@example("Roe wrote in a statement")
@example("Roe wrote in a  statement")
@example("Roe Went on to say")
@example("Roe went on to Say it")
@example("Roe Wrote in the words of")
def test_the_spots_of_whole_forms_hold_every_cue_the_whole_scan_finds(text: str) -> None:
    found = _LEX.cue_matches(text, lowered(text))
    assert [m.span() for m in found] == [m.span() for m in _LEX.cue.finditer(text)]
