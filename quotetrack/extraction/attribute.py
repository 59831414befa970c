"""Pair cues with their speaker mention and content, sentence by sentence.

Each rule below recognises one way English reports speech. They produce ``Candidate``
records (offsets only); ``resolve.py`` then works out who each mention refers to.

- ``quote-after-cue``:  ``X said, "..."`` / ``X said: "..."``
- ``quote-before-cue``: ``"...," X said.`` / ``"...," said X.`` (and split quotes)
- ``reported``:         ``X said (that) ...`` / ``..., X said.`` (mixed when it holds quotes)
- ``according-to``:     ``According to X, ...`` / ``..., according to X.``
- ``colon``:            ``X: "..."`` and transcript lines ``SMITH: ...``
- ``dash``:             ``"..." -- Senator Y``
- ``continuation``:     a quote-only sentence right after a speaker's quote
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from quotetrack.extraction.circumstance import before_medium
from quotetrack.extraction.lexicon import WORD_CHARS, Lexicon
from quotetrack.extraction.literals import may_hold
from quotetrack.extraction.mentions import (
    Mention,
    sentence_subject,
    subject_after,
    subject_before,
)
from quotetrack.extraction.quotes import Quote
from quotetrack.extraction.segment import Sentence
from quotetrack.rules import Cue, Rules

_SPACES = re.compile(r"\s*")
_GLUE = re.compile(r"[\s,:;\u2014\u2013-]*")
_CLAUSE_END = re.compile(r"[\s,:;\u2014\u2013\"\u201d\u2019'-]*")  # glue or a closing mark
_END_MARKS = frozenset(".,;:!?\"\u201d\u2019'\u00bb)]")  # with spaces: what may end a claim
_END_PUNCT = re.compile(rf"[\s{re.escape(''.join(sorted(_END_MARKS)))}]*$")
_WORD = re.compile(rf"[{WORD_CHARS}]+")  # \w+, ASCII from a bitmap (see lexicon)
_TRANSCRIPT = re.compile(
    r"[\"\u201c]?([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3}):\s+(?=\S)"
)
_HEADLINE = re.compile(r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}):\s+(?=\S)")
_DASH_SOURCE = re.compile(r"\s*[\u2014\u2013\u2015]\s*|\s+-{1,2}\s+")
# a paragraph that is only a dash and a name, signing the quotation that ends the one before
# ... or a paragraph that is a name (and an affiliation) closing a quotation left open
_NAME_LINE = re.compile(
    r"[ \t]*\n\s*(?:[\u2014\u2013\u2015-][ \t]*)?"
    r"([A-Z][^\n\"\u201c\u201d]{0,80}?)\.?[\"\u201d][ \t]*(?=\n|$)"
)
_SIGNED_LINE = re.compile(r"[ \t]*\n\s*(?:[\u2014\u2013\u2015]|-{1,2})[ \t]*(?=[A-Z])")
#: What both open with, in one match: a dash after spaces, or a line break after spaces or
#: tabs. Where it fails, after a closed quote, neither pattern can match.
_SIGN_START = re.compile(r"\s*[\u2014\u2013\u2015-]|[ \t]*\n")
#: Prior confidence of each rule: roughly the share of its claims that match an annotated
#: attribution on PolNeAR train (see docs/EXTRACTION.md); adjusted per item in pipeline.py.
CONFIDENCE = {
    "quote-before-cue": 0.87,
    "quote-after-cue": 0.85,
    "according-to": 0.8,
    "as-frame": 0.7,
    "parenthetical": 0.72,
    "lead-in": 0.7,
    "reported": 0.67,
    "reported-before": 0.62,
    "passive": 0.55,
    "headline": 0.55,
    "colon": 0.55,
    "dash": 0.5,
    "continuation": 0.45,
    "subject-quote": 0.6,
    "speech-noun": 0.55,
    "transcript": 0.35,
    "unsourced": 0.65,
    "finding": 0.6,
}
_THAT_WINDOW = 10
_CLAUSE_FINAL_ACCORDING = re.compile(r"\s*[.!?]?[\"\u201d\u2019']?\s*$")
_THAT_AFTER_TAIL = re.compile(r"[^,.;:\"\u201c]{0,60},\s+that\b")
_OBJECT_STOP = re.compile(r"\s*[,;:!?(\u2014\u2013]")
_HEARER = re.compile(r"\s+(?:[\w'\u2019-]+\s+){0,3}[\w'\u2019-]+,\s*")
# 'claims "', 'promises to "', 'notes: "' or 'notes:' ending the paragraph
_QUOTE_OBJECT = re.compile(r"\s*(?:that\s+|to\s+)?[\"\u201c]|:[ \t]*(?:[\"\u201c]|\r?\n|$)")
_AFTER_COMMA = re.compile(r",[\"\u201d\u2019']?\s*$")  # 'on "Morning Joe," adding'
_OWN_CUE_WORDS = 6
_MARKS = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]")
_RESUME = re.compile(r"(?:,[^,]{0,80})?,\s+(\w+)")
_WORD_WITH_LETTER = re.compile(r"[^\W\d_]")
_POSSESSIVE_END = re.compile(r"['\u2019]s\s+$")
#: How a possessive mention ends ("Trump's remarks": no subject): what ``['\u2019]s$``
#: finds, ``$`` matching before a final newline too, tested without a search.
_POSSESSIVE_ENDS = ("'s", "\u2019s", "'s\n", "\u2019s\n")
_LISTED = re.compile(r"[\s,]*(?:(?:and|or)\s+)?")
_NEXT_CLAUSE = re.compile(r"[\s,;\u2014\u2013-]*([a-z]+)\b")
_COORDINATED = re.compile(r"\b[A-Z][\w.'\u2019-]*\s+and\s+$")
_CONTRACTION = re.compile(r"(?<=\w)['\u2019](?:s|re|ve|d|ll)\s+$")
_MIN_CLAUSE_WORDS = 3
_MIN_STATEMENT_WORDS = 5
_CLAUSE_BREAK = re.compile(r"(?:[,\u2014\u2015\u2013;]|\s(?:and|but))\s*$")
_CLAUSE_PUNCT = re.compile(r"[,;:\"\u201c]")
#: A short quoted title in title case ("Meet the Voters", "This Week With Jane Roe").
_TITLE_QUOTE = re.compile(
    r"[\"\u201c](?:[A-Z0-9][\w'\u2019.&-]*(?:\s+(?:[A-Z0-9][\w'\u2019.&-]*|of|the|and|with|on|in|a|for|to)){0,7})[,.]?[\"\u201d]"
)
_MAX_SUBJECT_WORDS = 14
#: Between two quotes: a short speaker frame of a split quotation ('," he wrote, "').
_SPLIT_FRAME = re.compile(r"\s*,?\s*(?:[\w.'\u2019-]+\s+){0,5}[\w.'\u2019-]+[,:]\s*")
#: What opens a new clause between two quotes: punctuation or a (subordinating) word.
_CLAUSE_OPENER = re.compile(r"[,;:(\u2014\u2013]|\s-{1,2}\s|\b([a-z]+)\b")
_MAX_ASIDE_WORDS = 25
#: The word that ends right before a reported clause: ``said that | the plan failed``.
_COMPLEMENTISER_BEFORE = re.compile(r"\b(\w+)\s+$")
#: '"..." and 14 percent said "..."': a coordinated clause with a subject before its cue
_COORDINATED_SUBJECT = re.compile(r"\b(?:and|but)\s+[\w.'\u2019-]+\s+(?:[\w.'\u2019-]+\s+)*$")
_PREPOSITION_COMMA = re.compile(r",\s*(?:to|in|of|for|with|at|by|on)\s+$")  # ", to | which"
_SUBORDINATE_BEFORE = re.compile(r"(?:,\s*)?\b(?:even\s+)?(\w+)\s+$")  # ", when | he told"
#: After a document named as a source: its maker ("filed by", "provided by", "by").
_AGENT_AFTER = re.compile(r"\s+(?:[a-z]+ed\s+)?by\s+(?=\S)")
_OWN_GAP_WORDS = 2  # between a relative clause's cue and its quote: "described as", "was"
_CLAUSE_FINAL = re.compile(r"\s*(?:[,.;!?]|$)")
#: ... or only a place or time follows: '"...," the group states in its report.'
_CLAUSE_FINAL_OR_PLACE = re.compile(r"\s*(?:[,.;!?]|$|(?:in|on|at|during)\s)")
_GERUND_NOUN = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|your)|\w['\u2019]s)\s+$", re.I
)
_WITH_BEFORE = re.compile(r"\bwith\s+(?=(?:[\w'\u2019-]+\s+){0,4}$)")
_COMMA_NEXT = re.compile(r"\s*,")
_LY_ADVERB = re.compile(r"[a-z]{3,}ly")
#: "by" after a passive cue, perhaps after one time word ("rejected Friday by").
_PASSIVE_BY = re.compile(r"(?:\s+([A-Za-z]+))?\s+by\s+")
#: "who" after a word, then at least one word and no clause punctuation up to the end:
#: what follows is inside a relative clause ("voters who watched the debate").
_RELATIVE_OPEN = re.compile(r"(?<=\w)\s+who(\s+)(?=\w)[^,;:()\u2014\u2013\"\u201c\u201d]*?\s+$")
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*")  # "43", "21,000": a count of people
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_SHORT_ASIDE_WORDS = 2
_COORDINATE = re.compile(r"(?:,|;)\s+(?:but|and|yet|while)\s+|;\s+")  # a later clause
_DASH_MARKS = frozenset({"-", "--", "\u2014", "\u2013"})
_DASH_OPEN = re.compile(r"\s*(?:--?|[\u2014\u2013])\s")  # a dash right after the cue
_ASIDE_OPENERS = frozenset(",-\u2014\u2013")  # after spaces: what an aside after a cue opens with
_DASH_PAIR = re.compile(r"\s(?:--?|[\u2014\u2013])\s")  # the second dash of an aside
_WHO_BEFORE = re.compile(r"(?<=\w)\s+who(\s+)$")  # "officials who | spoke with the paper"
_WORD_BEFORE = re.compile(r"\b(\w+) +$")
_RELATIVE_BEFORE = re.compile(r"\b(?:who|that)\s+[^,;:\"\u201c\u201d]*$")
_TO_BEFORE = re.compile(r"\bto\s+$")
_CLAUSE_MARK = re.compile(r"[,;:\"\u201c\u201d]")
_PLURAL_NEXT = re.compile(r" +([a-z]+s)\b")
_RELATIVE_END = re.compile(r"\b(?:who|which|that)$", re.I)
_RELATIVE_LAST = frozenset("oOhHtT\n")  # what a phrase _RELATIVE_END finds in may end with
_AS_BEFORE = re.compile(r"\b[Aa]s\s+$")
#: "As the paper reported (on Monday)," / ", as the mayor said (in April)." after the cue.
_AS_FRAME_COMMA = re.compile(
    r"(?:\s+(?:in|on|at|last|earlier|this)\b[^,.;:!?\"\u201c\u201d]{0,30})?,"
)
_AS_FRAME_END = re.compile(r"[^,.;:!?\"\u201c\u201d]{0,40}?[.!?]?[\"\u201d\u2019']?\s*$")
#: "..., Board Of Election Finds." closing a headline: the source after the last comma.
_HEADLINE_FINAL_SOURCE = re.compile(
    r"[,\u2019\u201d\"]\s+((?:[A-Z][\w.'\u2019-]*\s+){0,4}[A-Z][\w.'\u2019-]*)\s+([A-Z][a-z]+)\.?\s*$"
)
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_HEADLINE_GAP = re.compile(r" ")
#: A dash before a source's name in a digest line ("... - Jane Roe: "..."", "-More from Roe:").
_SIGNATURE = re.compile(
    r"\s(?:-{1,2}|[\u2014\u2013])\s*(?:More from\s+)?(?=[A-Z][^:\-\u2014\u2013]*$)"
)
_HEADLINE_NAME_WORDS = 2  # "Jane Roe", "Retired General" (a verb may follow unmarked)
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS = 4, 20
_HEADLINE_STATEMENT_WORDS = 4  # "Roe: Keep it", "Roe: A miracle" are items of a list
_LIST_ITEMS, _LIST_ITEM_WORDS = 4, 4  # "Jane Roe, Tom Reyes, Al Moreno, Bo Li": a roster
_HEADLINE_CAPITALS = 0.75  # share of capitalised words in a headline-case line
#: ... and after a clause that ends in quoted words, which a longer tail rarely goes on
_QUOTED_TAIL_EXTRA = 4
_TAIL_TOKENS = 8  # how much may follow a sentence-final cue ("said on Monday in a statement")


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    rule: str
    mention: Mention | None
    cue: Cue | None
    cue_start: int | None
    cue_end: int | None
    sentence: Sentence
    quotes: list[Quote] = field(default_factory=list)
    confidence: float = 0.5  # how often this rule is right; see CONFIDENCE
    fragments: tuple[tuple[int, int], ...] = ()


def whole_quote(
    q: Quote,
    rule: str,
    mention: Mention,
    sent: Sentence,
    cue_start: int | None = None,
    cue_end: int | None = None,
) -> Candidate:
    """A direct quotation given whole to ``mention`` by a rule with no cue verb (a colon,
    a dash, a headline, a subject): the record's span is the quotation's, one piece."""
    return Candidate(
        q.start,
        q.end,
        "direct",
        rule,
        mention,
        None,
        cue_start,
        cue_end,
        sent,
        [q],
        CONFIDENCE[rule],
        ((q.start, q.end),),
    )


def first_words(text: str, lo: int, hi: int, n: int) -> list[str]:
    """At most the first ``n`` words of ``text[lo:hi]``: enough for a test against a
    threshold of ``n`` words, without finding every word of a long claim first. One
    match of a pattern for n words (``_WORD``'s runs, in order) does it in one call."""
    pattern = _N_WORDS.get(n)
    if pattern is None:
        pattern = _N_WORDS[n] = re.compile(r"\W*(\w+)" + r"(?:\W+(\w+))?" * (n - 1))
    m = pattern.match(text, lo, hi)
    # the groups that took part (a word is never empty): filter() rather than a
    # comprehension, which costs a call of its own for each claim tested
    return list(filter(None, m.groups())) if m else []


_N_WORDS: dict[int, re.Pattern] = {}


def _has_letter(text: str) -> bool:
    r"""``text`` holds a letter (``[^\W\d_]``). Most mentions open with one, and a
    character ``str.isalpha`` takes is a word character and no digit: it answers without
    the search, which runs only for the rest ("271", "42%", "(the mayor")."""
    return text[:1].isalpha() or _WORD_WITH_LETTER.search(text) is not None


def _ends_relative(text: str) -> bool:
    """``text`` ends in "who", "which" or "that" (``_RELATIVE_END``, any case). The
    search tries the pattern at each position of the phrase; those words end in "o", "h"
    or "t", which IGNORECASE matches with no other character, so a phrase ending in
    another character (but a newline, before which ``$`` matches too) has none."""
    return text[-1:] in _RELATIVE_LAST and _RELATIVE_END.search(text) is not None


def _as_before(text: str, lo: int, hi: int) -> re.Match | None:
    """``As`` or ``as`` and spaces ending ``text[lo:hi]`` (``_AS_BEFORE``). Only a window
    that ends so, once its spaces are stripped, is searched: the search tries the pattern
    at each of its positions, and before most subjects no "as" stands."""
    if not text[lo:hi].rstrip().endswith(_AS_ENDS):
        return None
    return _AS_BEFORE.search(text, lo, hi)


_AS_ENDS = ("as", "As")  # how a window that ``_AS_BEFORE`` finds something in ends, stripped


def _only_glue(text: str, lo: int, hi: int) -> bool:
    return lo >= hi or _GLUE.fullmatch(text, lo, hi) is not None


def _word_before(text: str, lo: int, hi: int) -> tuple[str, int] | None:
    """The word that ends ``text[lo:hi]`` before the spaces closing it, and its start: what
    ``_WORD_BEFORE`` finds, read from the right.

    The search tries the pattern at each of the window's positions (about 10 K
    instructions over 20 characters); the window's last run of non-spaces is the word
    whenever it is all letters and digits and a space opens it inside the window. Other
    windows (a mark or "_" in the run, a tab or a newline at the end) are left to the
    pattern."""
    window = text[lo:hi]
    body = window.rstrip(" ")
    if len(body) < len(window) and body[-1:].isalnum():
        runs = body.rsplit(None, 1)
        if len(runs) == 2 and runs[1].isalnum():  # str.isalnum: ``\w`` but "_"
            return runs[1], lo + len(body) - len(runs[1])
    found = _WORD_BEFORE.search(text, lo, hi)
    return None if found is None else (found.group(1), found.start(1))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without the spaces and marks that end it or the glue that opens it.

    The end is found stripping from the right: searching for ``_END_PUNCT`` from ``s``
    would try the pattern at every position of the claim first, and a loop in Python
    reading a character at a time cost more than the strips of the claim's copy.
    """
    if e <= s:
        return s, e
    claim = text[s:e].rstrip(_TRIM_END)
    e = s + len(claim)
    return e - len(claim.lstrip(_TRIM_START)), e


#: What _trim strips: the spaces (every character ``str.isspace`` takes, all below U+3001)
#: and marks that end a claim, and the spaces and glue that open one.
_SPACE_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_TRIM_END = "".join(sorted(_END_MARKS)) + _SPACE_CHARS
_TRIM_START = ",:;" + _SPACE_CHARS


def _quote_span(text: str, quotes: list[Quote]) -> tuple[int, int]:
    return quotes[0].start, quotes[-1].end


class SentenceAttributor:
    """Applies the rules to one sentence; keeps the sentence's frame for the helpers."""

    def __init__(
        self,
        text: str,
        sent: Sentence,
        quotes: list[Quote],
        lex: Lexicon,
        cue_matches: list[re.Match],
        previous: Mention | None = None,
        low: str | None = None,
    ):
        self.text = text
        self.low = low  # literals.lowered(text) when the caller has it: one lowering a text
        self.sent = sent
        self.quotes = quotes
        self.lex = lex
        self.floor = sent.start  # content of a later cue starts after earlier attributions
        # ... but a clause-final "..., X said" reaches back over earlier claims, which its
        # own claim then holds ("The agency will question the aides, officials said")
        self.frame_floor = sent.start
        self.used: set[int] = set()  # quotes already attributed in this sentence
        self.previous = previous  # the last speaker of the paragraph ("Adding, ...")
        self.cue_matches = cue_matches  # every cue in the sentence, quoted ones included
        self.subject: Mention | None = None  # the last cue's subject, with or without a claim
        self.resumed: list[Candidate] = []  # quotes resuming a claim after its frame

    # -- where things are ---------------------------------------------------------------

    def _cues(self) -> list[re.Match]:
        """The sentence's cue matches that lie outside its quotes."""
        if not self.quotes:
            return list(self.cue_matches)  # most sentences: no test per cue
        # plain loops over the spans, read once: any() over a generator for each cue cost
        # a call of its own and the quote's ``past`` property for each pair
        spans = [(q.open, q.past) for q in self.quotes]
        out = []
        for m in self.cue_matches:
            start = m.start()
            for open_, past in spans:
                if open_ < start < past:
                    break
            else:
                out.append(m)
        return out

    def _clause_start(self, pos: int) -> int:
        lo = self.sent.start
        for q in self.quotes:
            if q.close < pos and not self._title_inside(q):
                lo = max(lo, q.past)
        return lo

    def _subject_over_titles(self, lo: int, cue_start: int) -> Mention | None:
        """The subject before a cue, read as if the marks of a quoted title inside the
        clause were not there (``Ann Reyes, a star of "The Night Desk," said``): the walk
        stops at a mark, while the title is only words of the subject's phrase."""
        masked = self._without_title_marks(lo, cue_start)
        if masked is None:
            return subject_before(self.text, lo, cue_start, self.lex)
        found = subject_before(masked, lo, cue_start, self.lex)
        if found is None:
            return None
        return Mention(found.start, found.end, self.text[found.start : found.end])

    def _without_title_marks(self, lo: int, hi: int) -> str | None:
        """The text with the marks of the quoted titles between ``lo`` and ``hi`` made
        spaces (same length, same offsets), or None when there are none (most clauses).
        The copy is joined from slices between the marks: a list of the text's characters
        took 100 microseconds for an article of 6,000 characters."""
        if not self.quotes:
            return None  # most sentences: no comprehension to run
        titles = [q for q in self.quotes if lo <= q.open and q.close < hi]
        if not titles:
            return None
        text = self.text
        parts, prev = [], 0
        for k in sorted({k for q in titles for k in (q.open, q.close)}):
            parts.append(text[prev:k])
            prev = k + 1
        parts.append(text[prev:])
        return " ".join(parts)

    def _title_inside(self, q: Quote) -> bool:
        """``Ann Reyes, a star of "The Night Desk," said``: a short quoted title in title
        case with words of the clause before it is part of a phrase (here the subject's
        apposition), not a quotation the clause after it frames."""
        return (
            q.open > self.sent.start
            and not _only_glue(self.text, self.sent.start, q.open)
            and _TITLE_QUOTE.match(self.text, q.open) is not None
        )

    # -- the rules ----------------------------------------------------------------------

    def run(self) -> list[Candidate]:
        """Every cue of the sentence that finds a speaker and content, left to right.

        A later cue's content never reaches back over an earlier attribution, and a quote
        already given to a speaker is not given again.
        """
        out: list[Candidate] = []
        last_subject: Mention | None = None
        cues, bare_forms = self.lex.rules.cues, self.lex.bare_forms
        for m in self._cues():
            form = m.group().lower()
            cue = cues[form]  # ``Lexicon.cue_at``, the lowercased form kept for the tests
            if cue.kind == "preposition":
                cand = self._according_to(m, cue)
            else:
                cand = self._verb(m, cue, last_subject, form, form in bare_forms)
            if cand is None:
                if (
                    self.subject is not None
                    and not cue.gerund
                    and not (out and _in_a_claim(out, self.subject.start))
                ):  # "X said he found Y "..." and called Z": not the subject inside the claim
                    last_subject = self.subject
                continue
            if out and cand.mention is not None:  # (no earlier claim: nothing to end or be in)
                self._end_before_subordinate(out, cand)
            if cand.mention is not None and not _inside_a_claim(out, cand):
                # a subject inside an earlier claim ("Roe said the board rejected the plan,
                # adding ...") is no subject for the clause's later gerunds
                last_subject = cand.mention
            if out:
                out[-1] = self._trimmed_before(out[-1], cand)
            out.append(cand)
            self.floor = max(self.floor, cand.end, cand.cue_end or 0, cand.mention.end)
            if cand.kind == "direct" or cand.cue is None:
                self.frame_floor = self.floor  # quoted words are never another's claim
            if cand.kind == "direct":
                self.used.update(map(id, cand.quotes))
        if self.resumed:  # rare: '... "a tack," Li wrote in an email, and "a fine boss."'
            out.extend(c for c in self.resumed if not any(c.quotes[0] in o.quotes for o in out))
        if len(out) < 2:
            return out  # most sentences: one claim at most, none inside another
        kept = []
        for c in out:  # loops, not a comprehension calling any() over a generator per claim
            for o in out:
                if o is not c and _inside_claim(o, c):
                    break
            else:
                kept.append(c)
        return kept

    def _end_before_subordinate(self, out: list[Candidate], cand: Candidate) -> None:
        """``Roe dismissed the issue in October, when she told the board that it was "a
        sideshow"``: a subordinate clause with a subject and a cue of its own reports
        another act of saying, so an earlier claim that runs over it ends before it."""
        start = cand.mention.start
        if not _in_a_claim(out, start, strict=True):
            return  # most candidates: no earlier claim runs over this one's subject
        if cand.cue is not None and cand.cue.stance == "hedged":
            return  # "..., because she believed ...": a reason inside the claim
        first = cand.mention.text.split()[0]
        if not (
            first[:1].isupper()
            or first[:1].isdigit()  # "..., to which 21 percent said"
            or first.lower() in self.lex.rules.determiners
            or first.lower() in self.lex.rules.subject_pronouns
        ):
            return  # "as credibly by ...": no subject of a clause
        found = _SUBORDINATE_BEFORE.search(
            self.text, max(self.sent.start, cand.mention.start - 20), cand.mention.start
        )
        if found is None:
            return
        word = found.group(1).lower()
        cut = found.start()
        if word in ("which", "whom"):
            # "..., to which 21 percent said "...": a relative clause with its own speaker
            prep = _PREPOSITION_COMMA.search(
                self.text, max(self.sent.start, found.start() - 16), found.start(1)
            )
            if prep is not None:
                cut = prep.start()
        relative = cut < found.start()
        absolute = (
            word == "with"
            and cand.cue is not None
            and cand.cue.gerund
            and found.group().startswith(",")
        )  # '..., with Sen. Reyes calling it "a menu"': another speaker's act of saying
        if word not in self.lex.rules.subordinators and not absolute and not relative:
            return
        for k, o in enumerate(out):
            if (
                o.kind != "direct"
                and o.start < cut
                and cand.mention.start < o.end
                and not self._only_complementiser(o.start, cut)
            ):  # "said that once the board meets, ...": the clause opens with "once"
                out[k] = self._cut(o, _trim(self.text, o.start, cut)[1])

    def _only_complementiser(self, lo: int, hi: int) -> bool:
        """``text[lo:hi]`` holds no word but a complementiser (``that``): a claim that
        opens with it has said nothing yet."""
        return all(
            w.lower() in self.lex.rules.complementisers for w in _WORD.findall(self.text, lo, hi)
        )

    def _particle_follows(self, m: re.Match, cue: Cue) -> bool:
        nxt = _WORD.match(self.text, _SPACES.match(self.text, m.end()).end())
        if nxt is None or nxt.group().lower() not in cue.particles:
            return False
        # "The deal was first reported by the paper": "by" after a passive names the source
        return not (nxt.group() == "by" and self._passive(self._clause_start(m.start()), m.start()))

    def _after_subordinator(self, m: re.Match) -> bool:
        """``Roe said, before insisting ...``: a gerund after a comma and a subordinator
        shares the clause's subject."""
        lo = max(self.sent.start, m.start() - 20)
        last = _word_before(self.text, lo, m.start())
        if last is not None and self.text[lo : last[1]].rstrip().endswith(","):
            return last[0].lower() in self.lex.rules.subordinators  # ", before | insisting"
        # 'Roe said before adding: "..."': right after the clause's own cue, too
        pos = m.start()
        for c in self.cue_matches:  # a loop, not any() over a generator: for each gerund
            if c.end() + 1 == pos:
                return True  # '"...," he said introducing Roe as "...": right after the cue
        if last is None:
            return False
        word, start = last
        if word in ("upon", "by", "without"):
            return True  # "drew boos upon saying", "responded by saying": the clause's act
        return word.lower() in self.lex.rules.subordinators and any(
            c.end() + 1 == start for c in self.cue_matches if c.end() < m.start()
        )

    def _frames_quote(self, m: re.Match) -> bool:
        """``"...," Roe added to the crowd``: right after a quote and its speaker the form
        is the speech verb whatever follows it."""
        lo = self._clause_start(m.start())
        return lo > self.sent.start and self._between_quote_and_cue(lo, m.start()) is not None

    def _adjective_before_frame(self, m: re.Match) -> bool:
        """An -ing form right before ``, Roe said.`` has no object: it is an adjective in
        the claim the frame attributes."""
        comma = _COMMA_NEXT.match(self.text, m.end())
        return comma is not None and bool(
            self.lex.attribution.match(self.text, comma.end(), self.sent.end)
        )

    def _adjective_position(self, m: re.Match) -> bool:
        """A past form right after a number, determiner or preposition modifies the noun
        after it (``270 pledged delegates``, ``of pledged delegates``): no cue."""
        if not m.group().endswith("ed"):
            return False
        # the plural after the form first: a match anchored at the form's end, where the
        # word before is a search over a window (and there are plurals after one in 15)
        noun = _PLURAL_NEXT.match(self.text, m.end())
        if noun is None or noun.group(1) in self.lex.rules.determiners:
            return False
        last = _word_before(self.text, max(0, m.start() - 20), m.start())
        return last is not None and (
            last[0].isdigit() or last[0].lower() in self.lex.rules.attributive_before
        )

    def _noun_position(self, m: re.Match) -> bool:
        """A bare form after a determiner, preposition or possessive is a noun: "in praise
        of", "a call for", "the senator's call"."""
        before = self.text[max(0, m.start() - 20) : m.start()]
        last = before.rsplit(None, 1)[-1:]
        if last and last[0].isalnum() and last[0].lower() not in self.lex.noun_markers:
            # most cues: the last run of non-spaces is the last word and no marker, and as
            # it holds no apostrophe no possessive ends the window either
            return False
        words = _WORD.findall(before)
        if words and words[-1].lower() in self.lex.noun_markers:
            # "the two write": a number after "the" or "of" is the subject's head
            return not (len(words) > 1 and words[-2].lower() in ("the", "of"))
        return bool(_POSSESSIVE_END.search(before))

    def _shared_subject(self, last_subject: Mention | None, pos: int) -> Mention | None:
        """The subject a cue shares with its clause ("..., adding that"): the last cue's
        subject, unless that cue sat in a relative clause ("paying an architect who said
        he was stiffed, saying ..."): then the sentence's subject."""
        if last_subject is None:
            return self._last_clause_subject(pos) or self._main_subject(pos)
        opening = _WORD.findall(self.text, self.sent.start, last_subject.start)
        if any(w.lower() in self.lex.rules.subordinators for w in opening[-3:]):
            # "When I asked Li if ..., he looked up and said": the subordinate clause's
            # subject is not the main clause's, whose verbs the later cue joins
            main = self._main_subject(pos)
            if main is not None and last_subject.end < main.start < pos:
                return main
        words = _WORD.findall(last_subject.text)
        if len(words) > 1 and words[-1].lower() in self.lex.rules.relatives:
            return self._main_subject(pos) or last_subject
        return last_subject

    def _last_clause_subject(self, pos: int) -> Mention | None:
        """``Roe pivoted to trade, but Moreno brought her back to the attacks, asking ...``:
        a gerund after a later coordinated clause shares that clause's subject (a name or
        a pronoun opening it), not the sentence's."""
        joint = max(_COORDINATE.finditer(self.text, self.sent.start, pos), default=None, key=_end)
        if joint is None:
            return None
        found = sentence_subject(self.text, joint.end(), pos, self.lex)
        if found is None or not (
            found.text[:1].isupper() or found.text.lower() in self.lex.rules.subject_pronouns
        ):
            return None
        return found

    def _carrier(self, mention: Mention, m: re.Match) -> bool:
        """``a video that said``, ``a piece that noted``: the subject is a thing in a
        relative clause ("that"/"which") that is some clause's object, and the quotation
        follows; the clause's subject made it."""
        words = mention.text.split()
        if len(words) < 2 or words[-1].lower() not in ("that", "which"):
            return False
        if not any(q.open > m.end() for q in self.quotes):
            return False
        return self._object_position(mention)

    def _plural_noun(self, m: re.Match) -> bool:
        """``in 30 states``, ``after recent attacks``: a noun-like form (see :meth:`_agrees`)
        right after a word that is no name, pronoun, aside, evidence noun, auxiliary of
        the passive or adverb, in a sentence without quotes, is rejected by
        :meth:`_agrees` whatever subject the search would find: a subject (whole words)
        that ends before the word leaves it between subject and form, and one that ends
        with it has no name or pronoun for its last word. The exceptions are left to the
        search: an object, a quotation or "that" after the form, a poll or a document
        named before it ("the survey in May shows"). Nothing before :meth:`_agrees` keeps
        anything of a subject it rejects, so the search (most of a cue's cost) is skipped.
        """
        text, rules = self.text, self.lex.rules
        start = m.start()
        before = text[self.sent.start : start]
        last = before.rsplit(None, 1)[-1:]
        if not last or not before[-1:].isspace():
            return False  # the form opens the sentence, or a mark stands right before it
        word = last[0]
        if (
            not word.isalnum()
            or word != word.lower()
            or word in rules.pronouns
            or word in rules.asides
            or word in rules.evidence_nouns
            or word in rules.passive
            or self._adverb(word)
        ):
            return False
        end = m.end()
        if (
            self._has_object(m)
            or _QUOTE_OBJECT.match(text, end) is not None
            or text.find("that", end, end + 6) != -1
        ):
            return False
        return not _evidence(before, rules.evidence_nouns)

    def _has_object(self, m: re.Match) -> bool:
        """``calls it "the pearl"``: an object pronoun after the form makes it a verb."""
        nxt = _WORD.search(self.text, m.end(), min(self.sent.end, m.end() + 8))
        return nxt is not None and nxt.group() in self.lex.rules.cue_objects

    def _naming(self, m: re.Match, mention: Mention) -> bool:
        """``a show called "Brokers"``, ``an account named "X"``: a participle right before
        a quotation names a thing (an indefinite common noun); ``Roe called "..."`` or
        ``what the mayor called "..."`` is a person speaking."""
        if m.group().lower() not in self.lex.rules.naming_participles or not any(
            _only_glue(self.text, m.end(), q.open) for q in self.quotes if q.open >= m.end()
        ):
            return False
        words = mention.text.split()
        return words[0].lower() in ("a", "an") and not words[-1][:1].isupper()

    def _clause_after(self, q: Quote) -> bool:
        """What follows a quote starts a circumstance (`` since he went``) or, after a
        comma, a new clause: ``," and shared``, ``," referring to``, ``," repeatedly,``."""
        m = _NEXT_CLAUSE.match(self.text, q.past, self.sent.end)
        if m is None:
            return False
        word = m.group(1).lower()
        if word in self.lex.rules.subordinators:
            return True
        comma = self.text[q.end - 1] == "," or "," in m.group()
        return comma and (
            word in ("and", "but") or word.endswith("ing") or word in self.lex.adverbs
        )

    def _before_title(self, m: re.Match) -> bool:
        nxt = _WORD.search(self.text, m.end(), min(self.sent.end, m.end() + 30))
        return (
            nxt is not None
            and nxt.start() == m.end() + 1
            and nxt.group().lower() in self.lex.rules.titles
        )

    def _purpose_in_subject(self, m: re.Match) -> bool:
        """``who spoke anonymously to discuss the talks said``: an infinitive inside a
        relative clause whose antecedent is the subject of a cue later in the clause.
        Asked only of a bare form right after "to" (:meth:`_after_to`)."""
        if not _RELATIVE_BEFORE.search(self.text, max(self.sent.start, m.start() - 80), m.start()):
            return False
        later = next((c for c in self.cue_matches if c.start() > m.end()), None)
        return later is not None and not _CLAUSE_MARK.search(self.text, m.end(), later.start())

    def _after_to(self, cue_start: int) -> bool:
        """The last word before a bare form is "to": ``went on to call the governor
        "..."`` is an infinitive when the sentence quotes someone after it (otherwise "to"
        may mark a noun), and ``who spoke anonymously to discuss`` may be a purpose
        (:meth:`_purpose_in_subject`). One reading of the words for both tests."""
        window = self.text[max(self.sent.start, cue_start - 12) : cue_start]
        if "to" not in window.lower():
            return False  # most windows: a last word lowered to "to" leaves "to" in it
        words = _WORD.findall(window)
        return bool(words) and words[-1].lower() == "to"

    def _gerund_noun(self, cue_start: int) -> bool:
        """A gerund after a determiner or a possessive is a noun; after ``he's`` (he is) it
        is a progressive verb."""
        found = _GERUND_NOUN.search(self.text, max(self.sent.start, cue_start - 30), cue_start)
        if found is None:
            return False
        before = _WORD.findall(self.text, max(self.sent.start, cue_start - 30), cue_start)
        return not (
            len(before) >= 2
            and before[-1].lower() == "s"
            and before[-2].lower() in self.lex.rules.subject_pronouns
        )

    def _verb(
        self, m: re.Match, cue: Cue, last_subject: Mention | None, form: str, bare: bool
    ) -> Candidate | None:
        """The speaker and content of a verb cue ``m`` (``form``: its text lowercased;
        ``bare``: its first word is the lemma's, see ``Lexicon.bare_forms``), or None."""
        text, sent = self.text, self.sent
        if cue.needs_quote and not self.quotes and self._last_without_colon(m):
            return None  # decided before any test: whatever the subject, no claim follows
        start = m.start()  # (read once: the tests below ask for it a dozen times)
        if cue.particles and self._particle_follows(m, cue) and not self._frames_quote(m):
            return None  # "adding to his lead", "called off the talks": another verb
        after_to = bare and self._after_to(start)  # read once for the two tests below
        infinitive = after_to and any(q.open > m.end() for q in self.quotes)
        if bare and not infinitive and self._noun_position(m):
            return None  # decided before any subject search: most rejected cues are these
        if not bare and form.endswith("ed") and self._adjective_position(m):
            return None  # "270 pledged delegates", "a majority of pledged delegates"
        if bare and self._before_title(m):
            return None  # "press secretary Tom Reyes said": a compound noun with a title
        if after_to and self._purpose_in_subject(m):
            return None  # "an aide who spoke anonymously to discuss the talks said": a purpose
        if cue.gerund and self._adjective_before_frame(m):
            return None  # "The plan's costs are worrying, Roe said.": an adjective
        if cue.gerund and self._gerund_noun(start):
            return None  # "the mayor's thinking", "her reasoning": a noun
        if not self.quotes and m.group() in self.lex.rules.noun_like and self._plural_noun(m):
            return None  # "in 30 states", "recent comments": no subject makes it a verb
        # (calls only where they can answer: with no quote the clause starts with the
        # sentence, and _between_quote_and_cue and _carrier need a quote)
        lo = self._clause_start(start) if self.quotes else sent.start
        inverted = False
        mention = None
        progressive = cue.gerund and self._after_auxiliary(lo, start)
        if infinitive:
            # "Roe went on to call the plan "a fraud"": the clause's subject does the calling
            mention = self._shared_subject(last_subject, start)
            if mention is None:
                return None
            self.subject = mention
            found = self._content(m, cue, mention, m.end(), False)
            return found if found is not None and found.quotes else None
        if cue.gerund and not progressive:
            # "..., adding that" shares the clause's subject; "Smith asking, ..." is Smith;
            # "Adding, ..." opening a sentence continues the paragraph's last speaker
            if not text[sent.start : start].strip():
                mention = self.previous
            elif (
                _AFTER_COMMA.search(text, sent.start, start)
                or _elliptic(text, lo, start, self.lex.rules)
                or self._after_subordinator(m)
            ):
                mention = self._shared_subject(last_subject, start)
            else:
                # "a voice-over saying", "Smith telling": the phrase right before the gerund
                mention = subject_before(text, lo, start, self.lex)
                absolute = mention and _WITH_BEFORE.search(text, lo, mention.start)
                if absolute:
                    # "with many marchers and spectators chanting": the phrase's own subject
                    mention = Mention(
                        absolute.end(), mention.end, text[absolute.end() : mention.end]
                    )
                elif mention is None or not self._gerund_subject(mention):
                    mention = self._main_subject(start)
                elif self._object_position(mention):
                    # "Roe opened the debate saying", "sent a memo to the paper explaining":
                    # the phrase is the verb's object; the gerund shares the clause's subject
                    mention = (
                        self._last_clause_subject(start) or self._main_subject(start) or mention
                    )
        elif not progressive and self._passive(lo, start):
            return self._passive_source(m, cue, lo)
        else:
            mention = self._between_quote_and_cue(lo, start) if lo != sent.start else None
            final = mention is None and _ends_clause(text, lo, start)  # read once, for two
            if final:
                opening = self._subject_over_titles(lo, start)
                if opening is not None and _only_glue(text, lo, opening.start):
                    mention = opening  # "Jane Roe, a Republican, said ...": the clause is her
                else:
                    # "..., said the mayor." even when a comma stands earlier in the clause
                    mention = self._clause_final_subject(m)
                    inverted = mention is not None
            if mention is None:
                mention = self._subject_over_titles(lo, _contracted(text, lo, start))
                if mention is not None and m.group() not in self.lex.rules.noun_like:
                    mention = self._relative_antecedent(lo, mention)
            if mention is None and final:
                mention = subject_after(text, m.end(), sent.end, self.lex)
                inverted = mention is not None
            if inverted and not self._inverted_subject(mention):
                return None
            if mention is None and _elliptic(text, lo, start, self.lex.rules, self.lex.adverbs):
                mention = self._shared_subject(last_subject, start)
        if mention is not None and not inverted and self.quotes and self._carrier(mention, m):
            # 'Roe released a video that said, "..."': the thing carries its maker's words
            mention = self._main_subject(mention.start) or mention
        if mention is None or not (_has_letter(mention.text) or self._share(m, cue, mention)):
            return None  # "271 pledged delegates": a number is no speaker
        if form in self.lex.rules.naming_participles and self._naming(m, mention):
            return None  # 'a play called "Sons of Roe"': a name given, not words said
        if not self._agrees(m, cue, mention, inverted, bare):
            return None
        if not inverted:
            self.subject = mention  # "X defended the plan, saying ...": X, even with no claim
        after = mention.end if inverted else m.end()
        cand = self._content(m, cue, mention, after, inverted)
        if (
            cand is not None
            and cand.kind == "indirect"
            and not inverted
            and self.lex.embedded.search(text, max(sent.start, mention.start - 10), mention.start)
        ):
            return None  # "what he thinks of the plan", "whether she hoped to": a question
        return cand

    def _last_without_colon(self, m: re.Match) -> bool:
        """``m`` is the sentence's last cue and no colon follows it. A cue that reports only
        quoted words (``needs_quote``: "likened the rules to a bonfire") in a sentence
        without quotes finds no claim (:meth:`_reported`), only a lead-in ("likened it
        to:"), and its subject serves the cues after it: for the last cue, neither the
        subject search nor the content's tests can change what the sentence yields."""
        return self.cue_matches[-1] is m and self.text.find(":", m.end(), self.sent.end) == -1

    def _relative_antecedent(self, lo: int, mention: Mention) -> Mention:
        """``Voters who have heard from the campaign say``: a phrase found right before the
        cue that stands inside a relative clause (``who`` and at least one word before it,
        no comma, no other cue) is that clause's object; the subject is the noun phrase
        the clause belongs to, and the mention runs from it over the clause."""
        text = self.text
        lo_rel = max(lo, mention.start - 80)
        if text.find("who", lo_rel, mention.start) == -1:
            return mention  # most phrases: both patterns need a "who" in this window
        rel = _RELATIVE_OPEN.search(text, lo_rel, mention.start)
        first = mention.text.split()[0]
        if (
            rel is None
            and first.islower()
            and not _closed_class(first, self.lex)
            and first not in self.lex.rules.subject_pronouns
        ):
            # "Officials who spoke with the paper said": the phrase opens with the clause's
            # verb (not "hackers who officials say", "rivals who he accused")
            rel = _WHO_BEFORE.search(text, max(lo, mention.start - 8), mention.start)
        if rel is None or any(
            not _TO_BEFORE.search(text, max(lo, c.start() - 6), c.start())
            for c in self.lex.cue.finditer(text, rel.end(1), mention.start)
        ):  # another cue of its own; "who spoke anonymously to discuss ..." is a purpose
            return mention
        masked = self._without_title_marks(lo, rel.start())
        head = subject_before(masked or text, lo, rel.start(), self.lex)
        if head is not None and masked is not None:
            head = Mention(head.start, head.end, text[head.start : head.end])
        if (
            head is None
            or not _only_glue(text, head.end, rel.start())
            or head.text.lower() in self.lex.rules.subject_pronouns  # "tell you who I am"
            or head.text.lower() in self.lex.rules.object_pronouns
            or (
                text[lo : head.start].rstrip().endswith(",")
                and head.text.split()[0].lower() not in self.lex.rules.determiners
            )  # "in Dover, Del. who ...", but "Although ..., a senior official who ..."
        ):
            return mention
        return Mention(head.start, mention.end, text[head.start : mention.end])

    def _between_quote_and_cue(self, lo: int, cue_start: int) -> Mention | None:
        """``"...," a narrator in the ad asks``: all that stands between a quote and its cue
        is the subject, however it is built (prepositions, brackets, appositions)."""
        text = self.text
        if lo == self.sent.start:
            return None
        start = _GLUE.match(text, lo).end()
        words = _WORD.findall(text, start, cue_start)
        if not words or len(words) > _MAX_SUBJECT_WORDS:
            return None
        lowercase = not words[0][:1].isupper()
        if lowercase and words[0] not in self.lex.rules.determiners:
            return None
        if lowercase and any(
            not self._noun_position(c) for c in self.lex.cue.finditer(text, start, cue_start)
        ):  # "the former governor said she wanted": a clause, not a subject ("a welcome
            return None  # message on the website reads": a noun after "a" is no cue)
        if re.search(r"[;!?\"\u201c\u201d]", text[start:cue_start]):
            return None
        head = subject_before(text, start, cue_start, self.lex)
        if head is None:
            return None
        return Mention(start, head.end, text[start : head.end])

    def _after_auxiliary(self, lo: int, cue_start: int) -> bool:
        """``is telling``, ``'s claiming``: a progressive, so a finite verb with a subject."""
        before = self.text[max(lo, cue_start - 12) : cue_start].lower()
        return bool(self.lex.progressive.search(before))

    def _trimmed_before(self, outer: Candidate, inner: Candidate) -> Candidate:
        """``Patriot signaled that it would sell, Mr. Barrett said, "we were floored."``: the
        earlier claim stops at the comma before the next speaker's clause."""
        if outer.kind == "direct" or inner.mention is None:
            return outer
        if (
            inner.rule == "quote-before-cue"
            and outer.start < inner.quotes[0].open
            and not self._only_complementiser(outer.start, inner.quotes[0].open)
        ):
            # "X asserted that ...: "<quote>," he claimed": the claim stops at the quote
            # that the later cue gives its own speaker
            opening = inner.quotes[0].open
            if opening < outer.end:
                return self._cut(outer, _trim(self.text, outer.start, opening)[1])
        start = inner.mention.start
        if start <= outer.start and inner.cue_start is not None:
            start = inner.cue_start  # "said he would ... and warned that": the shared subject
        if not outer.start < start < outer.end:
            return outer
        cut = _CLAUSE_BREAK.search(self.text, outer.start, start)
        if not cut:
            return outer
        return self._cut(outer, _trim(self.text, outer.start, cut.start())[1])

    def _cut(self, outer: Candidate, end: int) -> Candidate:
        if len(first_words(self.text, outer.start, end, 2)) < 2:
            end = outer.start
        outer.end = end
        outer.quotes = [q for q in outer.quotes if q.end <= end]
        if not outer.quotes and outer.kind in ("mixed", "partial"):
            outer.kind = "indirect"
        return outer

    def _clause_final_subject(self, m: re.Match) -> Mention | None:
        """``..., said the company's chief, Jane Roe.``: after a clause-final "said", a
        subject that ends the sentence or stops at a comma before an apposition."""
        if m.group().lower() not in ("said", "says"):
            return None
        mention = subject_after(self.text, m.end(), self.sent.end, self.lex)
        if mention is None or mention.text.split()[0].lower() in self.lex.rules.noun_prepositions:
            return None  # "said of the plan", "said in the statement"
        if not _CLAUSE_FINAL.match(self.text, mention.end, self.sent.end):
            return None
        return mention if self._inverted_subject(mention) else None

    def _inverted_subject(self, mention: Mention) -> bool:
        """``..., said the mayor.`` but not ``..., said he would`` (a clause) nor ``called
        Friday for`` (a date): after an inverted subject comes punctuation or a tail."""
        words = mention.text.split()
        if words[0].lower() in self.lex.rules.time_words:
            return False
        if len(words) == 1 and (
            words[0].lower() in self.lex.rules.subject_pronouns
            or words[0] in self.lex.rules.object_only_pronouns
        ):  # "..., told me this week that": the one told, not the teller
            return False
        if len(words) == 1 and words[0].islower() and words[0].endswith("ly"):
            return False  # "..., said matter-of-factly": an adverb
        nxt = _WORD.search(self.text, mention.end, self.sent.end)
        gap = self.text[mention.end : nxt.start()] if nxt else ""
        return (
            nxt is None
            or bool(gap.strip())
            or nxt.group().lower() in self.lex.rules.tail_starters
            or nxt.group().lower() in self.lex.rules.relatives  # "the owner of a shop that"
        )

    def _in_opening_clause(self, q: Quote) -> bool:
        """``While Roe insists the plan is "a bargain," Moreno calls it ...``: a quote in an
        opening subordinate clause that has a cue of its own is that clause's speaker's,
        not the main clause's."""
        first = _WORD.search(self.text, self.sent.start, q.open)
        if first is None or first.group().lower() not in self.lex.rules.subordinators:
            return False
        return any(
            first.end() <= c.start()
            and c.end() <= q.open
            and "," not in self.text[first.end() : c.start()]  # "After the vote, she argued"
            for c in self._cues()
        )

    def _own_cue(self, q: Quote) -> bool:
        """A cue within a few words after the quote: ``"...," she said, but "...," said
        Roe.``: the second quote has its own speaker."""
        nxt = next((x.open for x in self.quotes if x.open >= q.past), self.sent.end)
        words = [w.end() for w in islice(_WORD.finditer(self.text, q.past, nxt), _OWN_CUE_WORDS)]
        return bool(words) and self.lex.cue.search(self.text, q.past, words[-1]) is not None

    def _statement(self, q: Quote) -> bool:
        """A quote right before a speaker is what they said when it opens the sentence or
        is long; a short one after narration ('on "Fox News Sunday," Smith said') is a title."""
        at_start = _only_glue(self.text, self.floor, q.open)
        if at_start:
            return True
        if _TITLE_QUOTE.match(self.text, q.open):
            return False  # 'On an episode of "The Morning Show," the host said': a title
        words = first_words(self.text, q.start, q.end, _MIN_STATEMENT_WORDS)
        if len(words) >= _MIN_STATEMENT_WORDS:
            return True
        # 'Because of ..., "she does need him," Roe said': after an opening phrase, quoted
        # words that are no title (lowercase) are the speaker's own
        lead = self.text[self.floor : q.open].rstrip()
        clause = not lead.endswith((",", ":", "\u2014")) and any(
            w.lower() in self.lex.rules.finite_auxiliaries for w in _WORD.findall(lead)
        )  # 'The outcome was "a relief," she said': a claim that ends in quoted words
        return (
            not clause
            and not any(self.floor <= o.open < q.open for o in self.quotes)
            and len(words) >= 2
            and words[0].islower()
        )

    def _object_position(self, mention: Mention) -> bool:
        """A lowercase word other than "with" right before the phrase: it is an object."""
        words = _WORD.findall(self.text, max(self.sent.start, mention.start - 30), mention.start)
        if not words or self.text[self.sent.start : mention.start].rstrip().endswith(","):
            return False
        w = words[-1]
        return w.islower() and w not in ("with", "and", "or", "but")

    def _gerund_subject(self, mention: Mention) -> bool:
        words = mention.text.split()
        if words[-1].lower() in self.lex.rules.np_prepositions:
            return False  # "he made a point of saying": the phrase is the verb's object
        return self._is_name(words[-1]) or words[0].lower() in self.lex.rules.determiners

    def _main_subject(self, pos: int) -> Mention | None:
        return sentence_subject(self.text, self.sent.start, pos, self.lex)

    def _is_name(self, word: str) -> bool:
        return word[:1].isupper() and word.lower() not in self.lex.rules.time_words

    def _agrees(self, m: re.Match, cue: Cue, mention: Mention, inverted: bool, bare: bool) -> bool:
        """A bare verb form ("call", "report") is a verb only after a plural subject or an
        auxiliary ("they say", "will tell"); otherwise it is probably a noun ("a phone call").

        ``bare``: the form is the lemma's, as :meth:`_verb` worked out; a bare form in a
        noun's position never gets here (``_verb`` rejects it before the subject search,
        and a quoting infinitive returns before this test)."""
        if mention.text.endswith(_POSSESSIVE_ENDS):
            return False  # "Trump's remarks": a possessive is no subject
        if m.group() in self.lex.rules.noun_like and not inverted and not self._has_object(m):
            # "states", "reports": a verb only right after a pronoun or a full name, or a
            # single name followed by "that" or punctuation ("Smith notes that"), or
            # after a poll, study or document ("the survey shows")
            if _QUOTE_OBJECT.match(self.text, m.end()) is not None and _elliptic(
                self.text, self._clause_start(m.start()), m.start(), self.lex.rules
            ):
                return True  # '... for "..." and claims that "..."': a coordinated verb
            between = self._words_between(mention, m)
            words = mention.text.split()
            if _COMMA_NEXT.match(self.text, m.end()) and self._in_phrase(mention):
                return False  # "After the Paris attacks, ...": a noun ending a phrase
            if not between and _evidence_head(mention, self.lex.rules):
                return True
            if (
                not between
                and (words[0][:1].isupper() or words[0].lower() in self.lex.rules.determiners)
                and words[-1].lower() not in self.lex.rules.determiners
                and self._clause_final_after_quote(m, mention)
            ):
                return True  # '"...," a voice-over in the ad states.': only a verb there
            if (
                not between
                and words[0].lower() in self.lex.rules.determiners
                and words[-1].lower() not in self.lex.rules.determiners
                and not any(w.lower() in self.lex.rules.np_prepositions for w in words)
                and _QUOTE_OBJECT.match(self.text, m.end()) is not None
            ):
                return True  # 'The ad claims "..."': a plural noun never takes a quotation
            appositive = (
                "," in mention.text
                and self._is_name(words[0])
                and re.match(r"\s*that\b", self.text[m.end() : m.end() + 6]) is not None
            )
            if between or not (
                words[-1].lower() in self.lex.rules.pronouns
                or self._is_name(words[-1])
                or appositive  # "Tom Reyes, a consultant, notes that"
            ):
                return False
            capitals = sum(1 for w in words if w[:1].isupper())
            nxt = self.text[m.end() : m.end() + 6]
            return (
                capitals >= 2
                or self._clause_final_after_quote(m, mention)
                or words[-1].lower() in self.lex.rules.pronouns
                or bool(re.match(r"\s*(?:that\b|to\b|[,:\"\u201c])", nxt))
            )
        if inverted or not bare:
            return True
        if self._clause_final_after_quote(m, mention):
            return True  # '"...," the statement read.': a past form that looks like the lemma
        if cue.kind == "phrase" and _as_before(self.text, self.sent.start, mention.start):
            return True  # "as the mayor put it,": a past form in a fixed frame
        if any(w.lower() in self.lex.rules.skip for w in self._words_between(mention, m)):
            return True
        if self._coordinated(mention):
            return True  # "Roe and Smith call them ...": two subjects take the plural form
        raw = _WORD.findall(mention.text)
        words = [w.lower() for w in raw]
        # the head ends the phrase or stands before its first preposition ("critics of the
        # plan say"); a number is a share of people polled ("4 in 10 say", "42% say")
        prep = next(
            (
                k
                for k, w in enumerate(words)
                if w in self.lex.rules.postmodifiers
                or 0 < k < len(words) - 1
                and _participle(raw[k])
            ),
            0,
        )  # "Democrats trying to win the seat say": a participle opens the postmodifier too
        heads = [words[-1], words[prep - 1]] if prep else [words[-1]]
        return any(
            head in self.lex.rules.plural_subjects
            or (head.endswith("s") and not head.endswith("ss") and len(head) > 3)
            or head.isdigit()
            for head in heads
        )

    def _coordinated(self, mention: Mention) -> bool:
        """``Roe and | Smith call``: a name and "and" right before the subject. The pattern
        ends in "and" and spaces: a window not ending so is not searched (a search tries
        the name's pattern at each of its 40 characters)."""
        lo = max(self.sent.start, mention.start - 40)
        if not self.text[lo : mention.start].rstrip().endswith("and"):
            return False
        return _COORDINATED.search(self.text, lo, mention.start) is not None

    def _in_phrase(self, mention: Mention) -> bool:
        """A preposition right before the phrase ("After | the Paris attacks", "in | the
        state's reports"): it is a preposition's object, not a subject."""
        lo = max(self.sent.start, mention.start - 20)
        last = _word_before(self.text, lo, mention.start)
        return last is not None and (
            last[0].lower() in self.lex.rules.noun_prepositions
            or last[0].lower() in self.lex.rules.intro_words
        )

    def _words_between(self, mention: Mention, m: re.Match) -> list[str]:
        """The words between a subject and its cue but sentence adverbs ("Sanders,
        meanwhile, hopes that"); asked only where a bare or noun-like form needs them
        (three in four cues agree before)."""
        return [
            w
            for w in _WORD.findall(self.text, mention.end, m.start())
            if w.lower() not in self.lex.rules.asides
        ]

    def _clause_final_after_quote(self, m: re.Match, mention: Mention) -> bool:
        """The subject stands right after a quote and the cue ends the clause: ``"...," the
        letter read.``, ``"...," Smith notes.``: there the form can only be a verb."""
        if not _CLAUSE_FINAL_OR_PLACE.match(self.text, m.end(), self.sent.end):
            return False
        lo = self._clause_start(mention.start)
        return lo > self.sent.start and _only_glue(self.text, lo, mention.start)

    def _share(self, m: re.Match, cue: Cue, mention: Mention) -> bool:
        """``42% say``: a bare number is a speaker only as a share of people polled, before
        the plain form of a cue (``say``, ``believe``), or as a count of people before any
        form (``43 said the same``, ``1,200 told the pollsters``), but not a year (``in 2012
        said``)."""
        return m.group() == cue.lemma or (
            _COUNT.fullmatch(mention.text) is not None and not _YEAR.fullmatch(mention.text)
        )

    def _intro(self, comma: int, after: int, inverted: bool = False) -> bool:
        """``During his years in office, Mr. X said, a majority ...``: what precedes the
        speaker is an introductory phrase and the claim follows the cue. After an inverted
        subject what follows the comma describes the speaker (``In a year like this, ...,
        said Jane Roe, a pollster in Ohio.``): the claim is the clause before."""
        first = _WORD.search(self.text, self.floor, comma)
        rest = first_words(self.text, after, self.sent.end, _MIN_CLAUSE_WORDS + 1)
        if inverted and rest and self._apposition_word(rest[0]):
            return False
        return (
            first is not None
            and first.group().lower() in self.lex.rules.intro_words
            and self.text[after : after + 3].lstrip().startswith(",")
            and len(rest) >= _MIN_CLAUSE_WORDS + 1
        )

    def _intro_phrase(self, comma: int) -> bool:
        """``Outside the school, a woman asked ...``: what stands before the comma is a short
        introductory phrase, not a claim."""
        words = _WORD.findall(self.text, self.floor, comma)
        if words and words[0][:1].isupper() and words[0].endswith("ing") and len(words[0]) > 5:
            # "Kicking off the day at a town hall in Salem, Roe accused ...", but "Finding
            # the money is hard, he said": a gerund subject with its verb is a claim
            return not any(w.lower() in self.lex.rules.finite_auxiliaries for w in words)
        # 'This is a "raw time," said Roe': "this" opens a phrase ("This week, ...") but
        # with a finite verb after it the words are a clause, the speaker's claim
        return (
            0 < len(words) <= 5
            and words[0].lower() in self.lex.rules.intro_words
            and not any(w.lower() in self.lex.rules.finite_auxiliaries for w in words[1:])
        )

    def _parenthetical(self, after: int, inverted: bool) -> bool:
        """``..., X said, <the rest of the claim>``: a comma after the cue, then words that
        go on with the sentence rather than a circumstance ("on Monday") or an aside (after
        an inverted subject, an apposition: "said Smith, the mayor", "said the chief, Roe")."""
        rest = self.text[after : self.sent.end]
        if not rest.startswith(","):
            return False
        words = first_words(rest, 0, len(rest), _MIN_CLAUSE_WORDS)
        if len(words) < _MIN_CLAUSE_WORDS:
            return False
        first = words[0].lower()
        if inverted and self._apposition_word(words[0]):
            return False  # "said Smith, the mayor of ..." / "said the chief, Jane Roe"
        if first in self.lex.rules.skip and (
            words[1].lower() in self.lex.rules.finite_auxiliaries
            or words[1].lower() in self.lex.rules.clause_verbs
        ):
            return True  # "The two nations, Xi said, now have ...": the clause goes on
        return not (
            first in self.lex.rules.tail_starters
            or first.endswith("ing")
            or first in self.lex.rules.relatives
        )

    def _object_follows(self, after: int, cue: Cue, inverted: bool) -> bool:
        """``..., Judicial Watch asked to depose the aide``, ``..., the senator endorsed Roe
        last week``: an infinitive or a name right after the cue is its object, so the
        clause before the comma is an opening phrase, not what was said. A day (``said
        Monday``), a hearer (``told CNN``) or an inverted subject is no object."""
        if inverted:
            return False
        nxt = _WORD.match(self.text, _SPACES.match(self.text, after).end())
        if nxt is None:
            return False
        word, rules = nxt.group(), self.lex.rules
        if word[:1].isupper():
            return cue.lemma not in rules.hearer_cues and word.lower() not in rules.time_words
        if word != "to":
            return False
        then = _WORD.match(self.text, _SPACES.match(self.text, nxt.end()).end())
        return (
            then is not None
            and then.group().islower()
            and then.group() not in rules.determiners
            and then.group() not in rules.tail_starters
        )

    def _apposition_word(self, word: str) -> bool:
        """A word that opens a description after an inverted subject: a name or a
        determiner (``said Smith, the mayor``, ``said Roe, Ohio's treasurer``)."""
        return word[:1].isupper() or word.lower() in self.lex.rules.determiners

    def _resumes_after_tail(self, after: int) -> bool:
        """``These workers, Roe explained earlier in the hearing, were "..."``: a tail after
        the cue, a comma, and the clause goes on with its verb."""
        comma = self.text.find(",", after, self.sent.end)
        return (
            comma > after
            and self.text[after:comma].strip() != ""
            and self._tail(after)
            and self._resumes(comma)
        )

    def _resumes(self, comma: int) -> bool:
        """After ``according to X[, a role],`` the sentence goes on with its verb."""
        m = _RESUME.match(self.text, comma, self.sent.end)
        return bool(m) and m.group(1).lower() in self.lex.auxiliaries

    def _ends_in_quoted_words(self, comma: int) -> bool:
        """The clause before ``comma`` ends in quoted words inside the closing mark
        (``are "a crisis,"``) that are no title (``"Election Day,"``)."""
        return any(
            q.end == comma + 1 and not _TITLE_QUOTE.match(self.text, q.open) for q in self.quotes
        )

    def _tail(self, pos: int, hearer: bool = False, limit: int = _TAIL_TOKENS) -> bool:
        """Only circumstances follow the cue and its subject: "on Monday", "in a statement",
        "told CBS News, when ...". Then the content is the clause before the cue.
        Only the first word after the cue and the words up to the first comma are read
        (not every word to the end of the sentence)."""
        first = _WORD.search(self.text, pos, self.sent.end)
        if first is None:
            return True
        comma = self.text.find(",", pos, self.sent.end)
        first_clause = self.text[pos : self.sent.end if comma == -1 else comma]
        if not first_clause.strip():
            return True  # "..., said Smith, the mayor" / "..., Smith said, adding ..."
        if re.search(r"[\"\u201c:;]|\bthat\b", first_clause):
            return False
        if len(_WORD.findall(first_clause)) > limit:
            return False
        lead = first.group()
        if hearer and lead.lower() in self.lex.rules.determiners:
            # "..., Roe told a cheering crowd on Tuesday." but not "told the paper she ..."
            return not any(
                w.lower() in self.lex.rules.subject_pronouns for w in _WORD.findall(first_clause)
            )
        return lead[:1].isupper() or lead.lower() in self.lex.rules.tail_starters

    def _passive(self, lo: int, cue_start: int) -> bool:
        """``was rejected``, ``has been roundly criticized``: an auxiliary of the passive
        before the form, adverbs (any -ly word too) between them. The words are read from
        the cue back, lowercased only as far as needed: this runs for most cues.

        The word right before most cues is no adverb and ends the window's last run of
        non-spaces (``the mayor said``): when that run is all word characters it is the
        last of the window's words, and it alone decides, read without finding the
        window's other words first (a third of the test's time).

        Otherwise (an adverb or a mark last: ``also said``, ``Roe's aide said``) the runs
        of non-spaces are read from the last: no word spans two runs, a run of word
        characters only is one word, and only a run with another character in it is
        split into its words by the pattern. A search for all the window's words cost
        some 17 K instructions; most calls stop at the first or second run."""
        window = self.text[max(lo, cue_start - 40) : cue_start]
        last = window.rsplit(None, 1)
        if last and last[-1].isalnum():  # str.isalnum: the characters ``\w`` takes but "_"
            word = last[-1].lower()
            if not self._adverb(word):
                return word in self.lex.rules.passive
        for run in reversed(window.split()):
            for w in (run,) if run.isalnum() else reversed(_WORD.findall(run)):
                word = w.lower()
                if not self._adverb(word):
                    return word in self.lex.rules.passive
        return False

    def _adverb(self, word: str) -> bool:
        """A lowercase word that may stand between an auxiliary and its verb. The -ly
        pattern is tried only on a word ending in "ly" (a string test, not a regex call)."""
        return word in self.lex.adverbs or (
            word.endswith("ly") and _LY_ADVERB.fullmatch(word) is not None
        )

    def _passive_source(self, m: re.Match, cue: Cue, lo: int) -> Candidate | None:
        """``The plan was rejected by the council``: the source follows "by" (a day or
        time may come first: "was rejected Friday by the council")."""
        by = _PASSIVE_BY.match(self.text, m.end())
        if by and by.group(1) and by.group(1).lower() not in self.lex.rules.time_words:
            by = None
        if not by:
            return None
        mention = subject_after(self.text, by.end(), self.sent.end, self.lex)
        content = subject_before(self.text, lo, m.start(), self.lex)
        if (
            mention is None
            or content is None
            or cue.quote_only
            or cue.lemma in self.lex.rules.addressee_cues
        ):
            return None
        if _ends_relative(content.text):
            return None  # "the email, which was first reported by the paper": an aside
        return self._reported(content.start, content.end, "passive", m, cue, mention)

    def _content(
        self, m: re.Match, cue: Cue, mention: Mention, after: int, inverted: bool
    ) -> Candidate | None:
        text, sent = self.text, self.sent
        # one loop, not two comprehensions: this runs for each cue with a subject, and in
        # most sentences there is no quote to sort (a comprehension costs a call even so)
        before: list[Quote] = []
        following: list[Quote] = []
        cue_start = m.start()
        for q in self.quotes:
            if q.close <= cue_start and id(q) not in self.used:
                before.append(q)
            if q.open >= after:
                following.append(q)
        # "...," X said.  /  "...," said X, "..."
        frame_start = min(cue_start, mention.start)
        if (
            before
            and before[-1].past <= frame_start
            and _only_glue(text, before[-1].past, frame_start)
            and self._statement(before[-1])
            and not (
                mention.end <= m.start() and self.lex.cue.search(text, mention.end, m.start())
            )  # '"...," Roe said, adding that ...': the quote is the first cue's
            and not self._in_opening_clause(before[-1])
        ):
            parts = [before[-1]]
            if (
                following
                and _short_gap(text, after, following[0].open)
                and not self._own_cue(following[0])
                and not self._subordinate_cue(after, following[0].open)
            ):
                parts.append(following[0])
            return self._direct(parts, "quote-before-cue", m, cue, mention)
        # "As the paper reported, ...": a frame needs "as" right before the subject, which
        # most subjects lack; read here, where two calls a claim cost ~2 K instructions
        near = text[max(sent.start, mention.start - 4) : mention.start]
        if not inverted and near.rstrip().endswith(_AS_ENDS):
            framed = self._as_frame(m, cue, mention, after)
            if framed is not None:
                return framed
        # X said, "..."  (the quotes fill the rest of the sentence)
        start = _skip_that(text, self._past_aside(after), sent.end, self.lex, self.low)
        if start > after:
            start = self._past_aside(start)  # "says that -- in his view -- the plan ..."
        if start == after and cue.lemma in self.lex.rules.hearer_cues:
            hearer = _HEARER.match(text, after, sent.end)
            # "tells the crowd, she has ...", "told me the catch has halved": past the hearer
            start = hearer.end() if hearer else self._past_pronoun_hearer(after)
        if start > after:  # past a skipped "that" or title (start is never before after)
            following = [q for q in following if q.open >= start]
        if (
            following
            and _object_gap(text, start, following[0].open)
            and not self.lex.cue.search(text, start, following[0].open)
        ):  # "a woman asked for a photo and Clinton said, "...": the later cue's quote
            tail_start = following[-1].past
            if _only_glue(text, tail_start, sent.end) or _END_PUNCT.match(
                text, tail_start, sent.end
            ):  # the quotes run to the end: all of them, up to a clause with its own cue
                own = self._until_own_clause(following)
                return self._direct(own, "quote-after-cue", m, cue, mention)
            parts = following[:1]
            for q in following[1:]:
                if not _LISTED.fullmatch(text, parts[-1].past, q.open):
                    break
                parts.append(q)  # '"..." and "assigning" them': one list of quoted words
            if self._clause_after(parts[-1]):
                # 'wrote to followers, "...," and shared a link': the quote ends the object
                return self._direct(parts, "quote-after-cue", m, cue, mention)
        # X said:  (the quotation follows in the next paragraph)
        if not following and text[start : sent.end].strip() == ":":
            return Candidate(
                m.end(),
                m.end(),
                "direct",
                "lead-in",
                mention,
                cue,
                m.start(),
                m.end(),
                sent,
                [],
                CONFIDENCE["lead-in"],
            )
        # ..., X said.  -> the content is the clause before the speaker
        comma = _comma_before(text, self.floor, frame_start)
        if comma and self._only_openers(
            _WORD.finditer(text, self.floor, comma)
        ):  # "Perhaps, he said, this ..." too: a sentence adverb is no claim
            comma = 0  # "And, Roe tells the crowd, she ...": the claim follows the cue
        if comma and (
            self._parenthetical(after, inverted)
            or (_THAT_AFTER_TAIL.match(text, after, sent.end) and self._tail(after))
            or self._resumes_after_tail(after)
        ):  # "It makes a difference, she said in an interview, that ..." too
            # "These sources, the lawyers said, "all command the same conclusion"": the
            # cue sits inside the claim, which runs on both sides of it
            s, e = _trim(text, self.floor, sent.end)
            return self._reported(s, e, "parenthetical", m, cue, mention)
        if (
            not cue.quote_only
            and not cue.gerund  # "..., Roe saying" is no report of the clause before it
            and not _ends_relative(mention.text)  # "Roe, a mayor who has refused to"
            and comma
            and self._tail(
                after,
                cue.lemma in self.lex.rules.hearer_cues,
                _TAIL_TOKENS + _QUOTED_TAIL_EXTRA * self._ends_in_quoted_words(comma),
            )  # '..."stunt growth," Roe proclaimed to a crowd at the hall on Tuesday.'
            and not self._object_follows(after, cue, inverted)
            and not self._intro(comma, after, inverted)
            and not self._intro_phrase(comma)
        ):
            s, e = _trim(text, self.frame_floor, comma)
            cand = self._reported(s, e, "reported-before", m, cue, mention)
            if cand is not None and cand.quotes:
                self._resumed_quote(m, cue, mention, after)
            return cand
        if cue.quote_only and following and _only_glue(text, start, following[0].open):
            # 'crying "betrayal" over the contract': the words right after the cue
            return self._direct([following[0]], "quote-after-cue", m, cue, mention)
        if cue.quote_only or (
            cue.needs_that
            and start == after
            and (cue.gerund or not _evidence(mention.text, self.lex.rules.evidence_nouns))
        ):  # "a poll found Roe ahead", but "a poll showing Roe ahead" is a description
            return None
        s, e = _trim(text, start, sent.end)
        return self._reported(s, e, "reported", m, cue, mention)

    def _resumed_quote(self, m: re.Match, cue: Cue, mention: Mention, after: int) -> None:
        """``Roe is "sharp as a tack," Li wrote in an email, and "a fine boss."``: a claim
        holding quoted words, its speaker, then (after a short circumstance and a comma or
        ``and``) a quotation that resumes it: the same speaker's words, a record of their
        own, unless a cue of its own follows or introduces that quotation."""
        nxt = next((q for q in self.quotes if q.open >= after), None)
        if (
            nxt is None
            or id(nxt) in self.used
            or not _short_gap(self.text, after, nxt.open)
            or self.lex.cue.search(self.text, after, nxt.open)
            or self._own_cue(nxt)
        ):
            return
        self.resumed.append(self._direct([nxt], "quote-after-cue", m, cue, mention))
        self.used.add(id(nxt))

    def _only_openers(self, words: Iterator[re.Match]) -> bool:
        """At least one word, and each one a continuation opener or a sentence adverb
        ("And", "Perhaps"). Read only up to the first other word: before a clause-final
        cue the words are those of the whole claim."""
        rules = self.lex.rules
        seen = False
        for w in words:
            word = w.group().lower()
            if word not in rules.continuation_openers and word not in rules.asides:
                return False
            seen = True
        return seen

    def _past_aside(self, after: int) -> int:
        """``says, however, that ...``, ``said -- on Twitter, as it happens -- that ...``:
        past a sentence adverb or a dashed aside right after the cue.

        Both patterns open with spaces and then a comma or a dash: after most cues the
        first other character is a letter, read off a few characters without trying them."""
        head = self.text[after : after + 8].lstrip()
        if head and head[0] not in _ASIDE_OPENERS:
            return after
        m = self.lex.aside_after.match(self.text, after, self.sent.end)
        if m:
            return m.end()
        m = _DASH_OPEN.match(self.text, after, self.sent.end)
        if m:
            closing = _DASH_PAIR.search(self.text, m.end(), min(self.sent.end, m.end() + 80))
            if closing is not None:
                return closing.end()
        return after

    def _past_pronoun_hearer(self, after: int) -> int:
        """After ``told``, ``assured``: an object pronoun is the hearer and the clause
        follows it (``told me the catch has halved``); ``urged him to stay``, ``warned
        us about ...`` keep the pronoun with what they report."""
        nxt = _WORD.match(self.text, _SPACES.match(self.text, after).end())
        if nxt is None or nxt.group() not in self.lex.rules.object_only_pronouns:
            return after
        start = _SPACES.match(self.text, nxt.end()).end()
        then = _WORD.match(self.text, start)
        if (
            then is None
            or then.group() in self.lex.rules.noun_prepositions
            or then.group() == "not"
        ):
            return after
        return start

    def _subordinate_cue(self, lo: int, hi: int) -> bool:
        """``"...," Ryan said on CNN, though he said, "..."``: between the speaker and the
        next quote a subordinator opens a clause with a cue of its own (a verb, not a noun
        or a gerund of the speaker's: ``after the attack``, ``before adding``)."""
        for c in self.lex.cue.finditer(self.text, lo, hi):
            cue = self.lex.cue_at(c)
            if cue.gerund or self._noun_position(c):
                continue
            if any(
                w.group(1) in self.lex.rules.subordinators
                for w in _CLAUSE_OPENER.finditer(self.text, lo, c.start())
                if w.group(1)
            ):
                return True
        return False

    def _until_own_clause(self, following: list[Quote]) -> list[Quote]:
        """The quotes after a cue up to the first one that a clause with a cue of its own
        introduces: in ``Roe said, "...," while the crowd chanted "..."`` the second quote
        is the crowd's, not a second piece of Roe's."""
        text = self.text
        for k in range(1, len(following)):
            lo, hi = following[k - 1].past, following[k].open
            found = self.lex.cue.search(text, lo, hi)
            if found is None:
                continue
            if text[following[k - 1].end - 1] == "," and _SPLIT_FRAME.fullmatch(text, lo, hi):
                continue  # '"...," he wrote, "...": the same quotation resumes
            if (
                text[following[k - 1].end - 1] in ",;:"
                or any(
                    w.group(1) is None or w.group(1) in self.lex.rules.subordinators
                    for w in _CLAUSE_OPENER.finditer(text, lo, found.start())
                )
                or _COORDINATED_SUBJECT.search(text, lo, found.start())
            ):  # '," Roe', " - at which point", " as", " and 14 percent": a clause of its own
                return following[:k]
        return following

    def _as_frame(self, m: re.Match, cue: Cue, mention: Mention, after: int) -> Candidate | None:
        """``As the paper reported, the deal ...`` reports the clause after the frame's
        comma; ``The deal ..., as the mayor said.`` the clause before the comma that
        opens it. Quoted words in that clause stay inside the claim."""
        text, sent = self.text, self.sent
        as_word = _as_before(text, max(sent.start, mention.start - 4), mention.start)
        if as_word is None:
            return None
        before = text[sent.start : as_word.start()].rstrip()
        if not before.strip("\"\u201c\u2018'([ ") and (comma := _AS_FRAME_COMMA.match(text, after)):
            s, e = _trim(text, comma.end(), sent.end)
            if any(q.open == s for q in self.quotes):
                return None  # 'As Roe put it, "...": the quotation is the claim
            return self._reported(s, e, "as-frame", m, cue, mention)
        if before.endswith(",") and _AS_FRAME_END.match(text, after, sent.end):
            s, e = _trim(text, self.floor, sent.start + len(before) - 1)
            return self._reported(s, e, "as-frame", m, cue, mention)
        return None

    def _direct(self, parts: list[Quote], rule, m, cue, mention) -> Candidate:
        s, e = _quote_span(self.text, parts)
        return Candidate(
            s,
            e,
            "direct",
            rule,
            mention,
            cue,
            m.start(),
            m.end(),
            self.sent,
            list(parts),
            CONFIDENCE[rule],
            tuple([(q.start, q.end) for q in parts]),  # (a list: no generator to run)
        )

    def _reported(self, s, e, rule, m, cue, mention) -> Candidate | None:
        if cue.needs_quote and not _holds_quote(self.quotes, s, e):
            return None  # the claim only ever shrinks below: it will hold no quote either
        if rule == "reported" and cue.lemma in self.lex.rules.object_cues:
            e = self._object_end(s, e)
        if rule == "reported":
            e = self._clause_end(s, self._before_final_frame(s, e))
            e = before_medium(self.text, s, e, self.lex.rules, self.low)  # "... in a tweet"
            if self.lex.subordinate.match(self.text, self.floor, mention.start):
                e = self._subordinate_end(s, e)
        words = first_words(self.text, s, e, 2)
        if len(words) < (
            1 if cue.lemma in self.lex.rules.object_cues or rule == "passive" else 2
        ) and not (
            words and words[0].lower() in self.lex.rules.short_answers
        ):  # "said yes", "thinks so": an answer in one word
            return None
        if rule == "reported" and words[0] in self.lex.rules.agent_prepositions:
            # "the delegates offered by the state", "responded by blocking access": a
            # participle with its agent, or the means of an act; nothing said follows
            return None
        inner = [q for q in self.quotes if q.open >= s - 1 and q.start < e] if self.quotes else []
        if cue.needs_quote and not inner:
            return None
        kind = "indirect"
        if inner:
            e = max(e, inner[-1].end)  # keep a closing quote's last word and punctuation
            # "called it 'reckless'" quotes a fragment; "said the plan was 'bold' and ..."
            # mixes quoted and reported words
            kind = "partial" if cue.stance == "evaluative" else "mixed"
        if rule == "reported":
            s = self._with_complementiser(s, m.end())
        return Candidate(
            s, e, kind, rule, mention, cue, m.start(), m.end(), self.sent, inner, CONFIDENCE[rule]
        )

    def _with_complementiser(self, s: int, lo: int) -> int:
        """``said that the plan failed``: the reported clause is the whole that-clause, its
        complementiser included, as annotators of reported speech mark it; the cue's own
        tests (quotes, hearers, asides) all run on the clause after it."""
        if self.text[lo:s].isspace():
            return s  # most clauses: only spaces after the cue, no word to search for
        before = _COMPLEMENTISER_BEFORE.search(self.text, lo, s)
        if before is None or before.group(1).lower() not in self.lex.rules.complementisers:
            return s
        return before.start(1)

    def _object_end(self, s: int, e: int) -> int:
        """``endorsed Mr. Roe in December``, ``declined to comment on Monday``: what the cue
        reports is its object; circumstances after it ("in December") are not."""
        words = list(_WORD.finditer(self.text, s, e))
        rules = self.lex.rules
        for k, w in enumerate(words):
            word = w.group().lower()
            nxt = words[k + 1].group().lower() if k + 1 < len(words) else ""
            if k and (
                word in rules.object_conjunctions
                or word in rules.object_time_prepositions
                and (nxt in rules.time_words or nxt in rules.object_time_modifiers)
                or word in rules.object_time_openers
                and k > 1
            ):
                return _trim(self.text, s, w.start())[1]
            if _OBJECT_STOP.match(self.text, w.end()):
                return w.end()
        return e

    def _subordinate_end(self, s: int, e: int) -> int:
        """``While she says she will not vote for him, she applauds ...``: a claim inside a
        subordinate clause ends at the comma that closes the clause."""
        k = s
        while True:
            k = self.text.find(",", k, e)
            if k == -1:
                return e
            words = first_words(self.text, s, k, _MIN_CLAUSE_WORDS)
            if len(words) >= _MIN_CLAUSE_WORDS and not any(
                q.open < k < q.past and k + 1 != q.close for q in self.quotes
            ):  # 'While she says it is "a bargain," Roe ...': the quote's comma closes it
                return _trim(self.text, s, k)[1]
            k += 1

    def _before_final_frame(self, s: int, e: int) -> int:
        """``The agency will question the aides, officials said.``: a speaker and cue after
        the claim's last comma close the sentence with an attribution of their own, so the
        claim stops at that comma."""
        k = self.text.rfind(",", s, e)
        if k == -1:
            return e
        for q in self.quotes:  # a loop, not any() over a generator: it runs for each claim
            if q.open < k < q.past:
                return e
        cues = self.cue_matches  # in the text's order, so the last one ends last
        if not cues or cues[-1].end() <= k + 1:
            return e  # the frame holds a cue, so one of the sentence's cues ends after k
        if not self.lex.attribution.match(self.text, k + 1, self.sent.end):
            return e
        return _trim(self.text, s, k)[1]

    def _clause_end(self, s: int, e: int) -> int:
        """Where the reported clause stops: before an appended comment ("..., who has
        never been charged", "... -- a metaphor for ...", "..., adding that ...") that
        the speaker did not say. The first break outside quotes after a few words wins."""
        parts = self.lex.content_break_parts
        if parts:
            claim = None
            for part, needs in parts:  # loops, not any() over a generator: for each claim
                if needs:  # the dash part: searched only where the claim holds a dash
                    if claim is None:
                        claim = self.text[s:e]
                    for needed in needs:
                        if needed in claim:
                            break
                    else:
                        continue  # none of them: the part cannot match
                if part.search(self.text, s, e) is not None:
                    break
            else:
                return e  # most claims: no break
        aside_end = -1
        for m in self.lex.content_break.finditer(self.text, s, e):
            if m.start() < aside_end:
                continue  # the dash that closes an aside
            if m.group().strip() in _DASH_MARKS:
                closing = _DASH_PAIR.search(self.text, m.end(), e)
                if closing is not None:
                    # "the plan -- new roads and two bridges -- is too costly": an aside
                    # between two dashes, and the clause goes on after it
                    aside_end = closing.end()
                    continue
            if len(first_words(self.text, s, m.start(), _MIN_CLAUSE_WORDS)) < _MIN_CLAUSE_WORDS:
                continue
            if any(q.open < m.start() < q.past for q in self.quotes):
                continue
            resumed = self._relative_aside(m, e)
            if resumed:
                aside_end = resumed
                continue
            if (
                m.group().startswith((", who", ", which"))
                and any(m.start() < q.open < e for q in self.quotes)
                and not self._own_speaker(m.end(), e)
            ):
                continue  # '..., which means Roe "can do a lot of damage"': still the claim
            if any(m.end() <= q.open <= m.end() + 1 for q in self.quotes):
                continue  # 'the "eleventh commandment" -- "Thou shalt not ..."': the words
            if m.group().startswith(", but") and any(s <= q.open < e for q in self.quotes):
                continue  # 'said the plan was "bold," but ...': a mixed claim runs on
            return _trim(self.text, s, m.start())[1]
        return e

    def _relative_aside(self, m: re.Match, e: int) -> int:
        """``said the senator, who has long opposed the deal, would vote against it``: a
        relative clause set off by commas after the clause's subject, and the clause goes
        on with its verb. Returns where it resumes (0: the break ends the claim)."""
        relative = m.group().startswith((", who", ", which"))
        if not relative and not m.group().startswith((", while", ", although", ", though")):
            return 0
        comma = self.text.find(",", m.end(), e)
        if comma == -1:
            return 0
        if not relative:
            # "could crack traditionally Democratic, though culturally conservative, areas":
            # a few words of concession, no clause, and the phrase goes on
            words = first_words(self.text, m.end(), comma, _SHORT_ASIDE_WORDS + 1)
            nxt = _WORD.match(self.text, _SPACES.match(self.text, comma + 1).end())
            if (
                len(words) > _SHORT_ASIDE_WORDS
                or any(w in self.lex.rules.finite_auxiliaries for w in words)
                or nxt is None
                or nxt.group().endswith("ing")  # ", while rivals, including ...": a clause
            ):
                return 0
            return comma + 1
        nxt = _WORD.match(self.text, _SPACES.match(self.text, comma + 1).end())
        if nxt is None or nxt.group() not in self.lex.rules.finite_auxiliaries:
            return 0
        return comma + 1

    def _own_speaker(self, lo: int, hi: int) -> bool:
        """``..., which he called "a cartel"``, ``..., whom the mayor described as "..."``:
        the relative clause opens with a subject of its own and a cue before its quoted
        words, so they are that subject's, not the outer speaker's claim."""
        text = self.text
        cue = self.lex.cue.search(text, lo, hi)
        if cue is None or _CLAUSE_MARK.search(text, lo, cue.start()):
            return False
        quoted = [q for q in self.quotes if cue.end() <= q.open < hi]
        return (
            len(quoted) == 1  # the clause's words end the claim: no later quote is cut off
            and _WORD.search(text, lo, cue.start()) is not None  # a subject of its own
            and len(_WORD.findall(text, cue.end(), quoted[0].open)) <= _OWN_GAP_WORDS
            and not _CLAUSE_MARK.search(text, cue.end(), quoted[0].open)
        )  # 'which he called "..."', 'which the audit said was "..."'

    def _ends_with_source(self, pos: int, comma: int) -> bool:
        """After ``according to X``: only the source's postmodifier (``officials with
        knowledge of the meeting.``) or a circumstance (``, during an answer to ...``)
        follows, so the source frames the sentence before it."""
        text, end = self.text, self.sent.end
        if _MARKS.search(text, pos, end):
            return False
        if comma == -1:
            return len(first_words(text, pos, end, _TAIL_TOKENS + 1)) <= _TAIL_TOKENS
        return len(first_words(text, pos, comma, 2)) <= 1 and self._tail(comma + 1)

    def _according_to(self, m: re.Match, cue: Cue) -> Candidate | None:
        text, sent = self.text, self.sent
        mention = subject_after(text, m.end(), sent.end, self.lex)
        if mention is None:
            return None
        by = _AGENT_AFTER.match(text, mention.end, sent.end)
        agent = subject_after(text, by.end(), sent.end, self.lex) if by else None
        if agent is not None:
            # "according to a court document filed by the state attorney", "calculations
            # by Jane Roe of the institute": the source runs to the one who made it
            mention = Mention(mention.start, agent.end, text[mention.start : agent.end])
        comma = text.find(",", mention.end, sent.end)
        floor = self.floor
        if floor > sent.start and (
            not _MARKS.search(text, sent.start, m.start())
            or _CLAUSE_FINAL_ACCORDING.match(text, mention.end, sent.end)
            or self._ends_with_source(mention.end, comma)
        ):
            # "X made clear ..., saying that ..., according to Reuters." / '"...," X said,
            # according to a transcript.': the source's claim is all that comes before
            floor = sent.start
        hi = _comma_before(text, floor, m.start())
        lead_words = _WORD.findall(text, floor, m.start())
        lead = len(lead_words)
        opener = lead_words and all(
            w.lower() in self.lex.rules.continuation_openers for w in lead_words
        )
        if hi and comma != -1 and (opener or self.lex.subordinate.match(text, floor, hi)):
            # "But, according to the poll, 46 percent ..." / "While most were ..., according
            # to an official, two were upgraded": the claim is the main clause after X
            s, e = _trim(text, comma + 1, sent.end)
            s, e = s, self._clause_end(s, e)
        elif hi and comma != -1 and (self._resumes(comma) or lead < _MIN_STATEMENT_WORDS):
            # "At the heart of it, according to X, was ..." / "By noon, according to X, the
            # crowd had left": the claim runs round the aside
            s, e = _trim(text, floor, sent.end)
        elif hi and (comma == -1 or self._tail(mention.end)):
            s, e = _trim(text, floor, hi)  # "..., according to X[ of the county]."
        elif not hi and lead >= _MIN_STATEMENT_WORDS and self._tail(mention.end):
            s, e = _trim(text, floor, m.start())  # "... 271 delegates according to a count."
        elif comma != -1:
            s, e = _trim(text, comma + 1, sent.end)  # "According to X, ..."
        else:
            return None
        return self._reported(s, e, "according-to", m, cue, mention)


# ----------------------------------------------------------------------------- helpers


def _in_a_claim(out: list[Candidate], pos: int, strict: bool = False) -> bool:
    """A claim (no direct quotation) in ``out`` holds ``pos`` (``strict``: after its first
    character). A loop, not any() over a generator: it runs for most cues."""
    for o in out:
        if o.kind != "direct" and o.start <= pos < o.end and not (strict and o.start == pos):
            return True
    return False


def _inside_a_claim(out: list[Candidate], inner: Candidate) -> bool:
    """:func:`_inside_claim` of any claim of ``out`` (a loop: see :func:`_in_a_claim`)."""
    for o in out:  # noqa: SIM110 - no generator
        if _inside_claim(o, inner):
            return True
    return False


def _inside_claim(outer: Candidate, inner: Candidate) -> bool:
    """``X said he believes Y``, ``Y defended the plan, X said``: a cue whose subject lies
    inside another claim reports part of that claim, not an attribution of its own; only
    ``nested`` cues (``X said Y said Z``) report a second attribution from there."""
    return (
        outer.kind != "direct"
        and inner.kind != "direct"
        and inner.cue is not None
        and not inner.cue.nested
        and outer.start <= inner.mention.start < outer.end
    )


def _holds_quote(quotes: list[Quote], s: int, e: int) -> bool:
    """A quote of ``quotes`` opens in the claim ``text[s:e]`` (or right before it, at its
    mark): what ``_reported`` gives a claim as its quoted words. A loop, no generator."""
    for q in quotes:  # noqa: SIM110 - no generator
        if q.open >= s - 1 and q.start < e:
            return True
    return False


def _end(m: re.Match) -> int:
    return m.end()


def _participle(word: str) -> bool:
    """A lowercase -ing form long enough not to be "king" or "thing"."""
    return len(word) > 5 and word.endswith("ing") and word.islower()


def _evidence(phrase: str, nouns: frozenset[str]) -> bool:
    """``A June poll found Roe ahead``, ``Records show ...``: a poll, study or document
    (a word of ``phrase``) reports a finding without "that"."""
    for w in _WORD.findall(phrase):  # noqa: SIM110 - a loop, no generator
        if w.lower() in nouns:
            return True
    return False


def _evidence_head(mention: Mention, rules: Rules) -> bool:
    """``The survey shows``, ``a review by the auditor shows``: the subject's head (its last
    word, or the word before its first preposition) is a poll, study or document."""
    words = [w.lower() for w in _WORD.findall(mention.text)]
    nouns, ends, more = rules.evidence_nouns, rules.postmodifiers, rules.evidence_head_ends
    prep = next((k for k, w in enumerate(words) if k and (w in ends or w in more)), 0)
    return words[-1] in nouns or (prep > 0 and words[prep - 1] in nouns)


def _ends_clause(text: str, lo: int, cue_start: int) -> bool:
    """Nothing but a comma (or a quote's end) stands before the cue: ``..., said X``."""
    stripped = text[lo:cue_start].rstrip()
    return not stripped or stripped.endswith((",", "\u2014", ":", "\u201d", '"'))


def _contracted(text: str, lo: int, cue_start: int) -> int:
    """``He's claiming``, ``They've said``: the subject ends where the auxiliary's
    contraction begins. A window without an apostrophe (most) holds none: two substring
    tests, where the search (a look-behind first) is tried at each of its positions."""
    start = max(lo, cue_start - 6)
    window = text[start:cue_start]
    if "'" not in window and "\u2019" not in window:
        return cue_start
    m = _CONTRACTION.search(text, start, cue_start)
    return m.start() if m else cue_start


def _elliptic(
    text: str, lo: int, cue_start: int, rules: Rules, adverbs: frozenset[str] = frozenset()
) -> bool:
    """``..., but stressed that`` / ``and added`` / ``and later said``: the cue shares the
    previous subject.

    Most calls decide on the window's last word: when its last run of non-spaces is all
    letters and digits, that run is the word, read without finding the others first."""
    window = text[max(lo, cue_start - 40) : cue_start]
    last = window.rsplit(None, 1)[-1:]
    if last and last[0].isalnum():  # str.isalnum: the characters ``\w`` takes but "_"
        word = last[0].lower()
        if word in rules.elliptic_openers:
            return True
        if word not in adverbs:
            return word in ("and", "but")
    words = [w.lower() for w in _WORD.findall(window)]
    if words and words[-1] in rules.elliptic_openers:
        return True
    while words and words[-1] in adverbs:
        words.pop()  # "and later said", "but quickly added"
    return bool(words) and words[-1] in ("and", "but")


def _skip_that(text: str, pos: int, hi: int, lex: Lexicon, low: str | None = None) -> int:
    """Start of the reported clause: after "that" if it comes within a few words.
    ``low``: the lowered text (:func:`literals.lowered`), or None.

    Most reported clauses hold no complementiser before the sentence ends, so none before
    its first punctuation either: a look in the whole rest of the sentence comes first,
    before the search for that punctuation (which tries a character class at each one)."""
    if not may_hold(lex.rules.complementisers, text, low, pos, hi):
        return pos
    stop = _CLAUSE_PUNCT.search(text, pos, hi)
    title = stop and _TITLE_QUOTE.match(text, stop.start(), hi)
    if title:  # 'said on "Meet the Voters" that ...': a programme's title, not the claim
        stop = _CLAUSE_PUNCT.search(text, title.end(), hi)
    limit = stop.start() if stop else hi
    if not may_hold(lex.rules.complementisers, text, low, pos, limit):
        return pos  # most reported clauses: no "that" to look for word by word
    for k, w in enumerate(_WORD.finditer(text, pos, limit)):
        if k >= _THAT_WINDOW:
            break
        word = w.group().lower()
        if word in lex.rules.complementisers:
            return w.end()
        if (
            word in lex.rules.finite_auxiliaries
            or (k == 0 and word == "to")
            or (k and word in ("but", "and", "or"))
        ):
            # "said the warning was proof that ...", "hopes to win a race that ...", "says
            # many doubted her but that ...": the "that" belongs to the claim
            break
    return pos


def _object_gap(text: str, lo: int, hi: int) -> bool:
    """Between a cue and its quote: nothing, or a short object ("told the assembly:")."""
    if _only_glue(text, lo, hi):
        return True
    gap = text[lo:hi].rstrip()
    if gap[-1:] not in ",:" or re.search(r"[;!?]|\.\s", gap):
        return False
    if gap[-1:] == ":" and _SIGNATURE.search(text, lo, lo + len(gap) - 1):
        return False  # "Pollsters agree - Jane Roe: "..."": the name after the dash speaks
    words = len(_WORD.findall(gap))
    # "told the assembly:" / ", in reference to her first child, a girl born in May,"
    return words <= 6 or (gap.lstrip().startswith(",") and words <= _MAX_ASIDE_WORDS)


def _short_gap(text: str, lo: int, hi: int) -> bool:
    """Only a few words ("on Monday,") stand between a speaker and the quote that resumes."""
    gap = text[lo:hi]
    return (
        len(_WORD.findall(gap)) <= _MAX_SUBJECT_WORDS
        and not re.search(r"[!?;]|\.\s", gap)
        and (gap.rstrip()[-1:] in ",:" or re.search(r"\b(?:but|and)(?:\s+\w+)?\s*$", gap))
    )


def _comma_before(text: str, lo: int, pos: int) -> int:
    """Position of the comma that ends the clause before ``pos`` (0 when none), also
    inside a closing quote: ``The plan was "reckless," she said.``"""
    k = text.rfind(",", lo, pos)
    if k == -1 or not _CLAUSE_END.fullmatch(text, k, pos):
        return 0
    return k


def transcript_line(text: str, sent: Sentence, lex: Lexicon) -> Candidate | None:
    """``SMITH: We will...``: a transcript line, the speaker in capitals before a colon."""
    m = _TRANSCRIPT.match(text, sent.start, sent.end)
    if (
        not m
        or lex.cue.search(m.group(1).lower())
        or m.group(1).lower() in lex.rules.headline_not_speakers  # "UPDATE:", "BYLINE:"
    ):
        return None
    # the speaker's turn runs to the end of the line, over all its sentences
    line_end = text.find("\n", sent.start)
    s, e = _trim(text, m.end(), len(text) if line_end == -1 else line_end)
    if e <= s:
        return None
    mention = Mention(m.start(1), m.end(1), m.group(1))
    return Candidate(
        s,
        e,
        "direct",
        "transcript",
        mention,
        None,
        m.end(1),
        m.end(1) + 1,
        sent,
        [],
        CONFIDENCE["transcript"],
    )


def colon_source(text: str, sent: Sentence, quotes: list[Quote], lex: Lexicon) -> Candidate | None:
    """``Smith: Tariffs Will Hurt`` headlines and ``Smith: "We will..."`` lead-ins."""
    at_line_start = sent.start == 0 or text[sent.start - 1] == "\n"
    head = _HEADLINE.match(text, sent.start, sent.end) if at_line_start else None
    if head and head.group(1).lower() not in lex.rules.headline_not_speakers:
        s, e = _trim(text, head.end(), sent.end)
        if _headline_statement(text, s, e):
            mention = Mention(head.start(1), head.end(1), head.group(1))
            kind = "mixed" if quotes else "indirect"
            return Candidate(
                s,
                e,
                kind,
                "headline",
                mention,
                None,
                head.end(1),
                head.end(1) + 1,
                sent,
                quotes,
                CONFIDENCE["headline"],
            )
    for q in quotes:
        colon = text.rfind(":", sent.start, q.open)
        if colon == -1 or not _only_glue(text, colon, q.open):
            continue
        mention = subject_before(text, sent.start, colon, lex)
        clause = _clause_subject(text, sent.start, colon, lex) if mention is not None else None
        if clause is not None and clause.end < mention.start:
            # "Roe delivered a snappy retort: "..."": the phrase before the colon is the
            # verb's object; the clause's subject speaks
            mention = clause
        if mention is None or len(_WORD.findall(text, sent.start, colon)) > 8:
            # "In city after city, Roe lobbies for a higher wage: "...": the clause's subject
            mention = _clause_subject(text, sent.start, colon, lex)
            if mention is None or not _END_PUNCT.match(text, q.past, sent.end):
                continue
        return _colon_candidate(text, sent, q, mention, colon)
    return None


def _headline_statement(text: str, s: int, e: int) -> bool:
    """What follows ``Smith:`` at the start of a line can be her words: a few words with
    letters (not ``Roe: 1,769``, a tally, nor ``Roe: A miracle``, an item of a list), and
    no list of names (``Ohio: Jane Roe, Tom Reyes, Al Moreno, ...``, a roster)."""
    if len(_HEADLINE_WORD.findall(text, s, e)) < _HEADLINE_STATEMENT_WORDS:
        return False
    items = text[s:e].split(",")
    return len(items) < _LIST_ITEMS or not all(
        item.strip()[:1].isupper() and len(item.split()) <= _LIST_ITEM_WORDS for item in items
    )


def signed_quote(text: str, sent: Sentence, quotes: list[Quote], lex: Lexicon) -> Candidate | None:
    """``Pollsters agree - Jane Roe: "..."``: a digest line names the source of the quote
    after a dash and before a colon; that name speaks, whatever verb comes earlier."""
    for q in quotes:
        colon = text.rfind(":", sent.start, q.open)
        if colon == -1 or not _only_glue(text, colon, q.open):
            continue
        signed = _SIGNATURE.search(text, max(sent.start, colon - 60), colon)
        if signed is None:
            continue
        mention = subject_before(text, signed.end(), colon, lex)
        if mention is not None and mention.text[:1].isupper():
            return _colon_candidate(text, sent, q, mention, colon)
    return None


#: '"...," an angry Roe retaliated.': a past form ending the sentence after a subject.
_FRAME_VERB = re.compile(r"\s([a-z]{3,}ed)\s*[.!?]?[\"\u201d\u2019']?\s*$")
_FRAME_SUBJECT_WORDS = 4


def framed_quote(text: str, sent: Sentence, quotes: list[Quote], lex: Lexicon) -> Candidate | None:
    """``"...," Roe retaliated.``, ``"...," he surmised.``: a sentence that opens with a
    quotation closed by a comma (or ``?``, ``!``) and ends with a short subject and a bare
    past form is a speech frame whatever the verb: English puts nothing else there, and the
    verb has no object. Used only when no cue of the lexicon gave the sentence a speaker."""
    if not quotes:
        return None
    q = quotes[0]
    if (
        not q.closed
        or text[q.end - 1] not in ",?!"
        or not _only_glue(text, sent.start, q.open)
        or any(o.open >= q.past for o in quotes[1:])
    ):
        return None
    verb = _FRAME_VERB.search(text, q.past, sent.end)
    if verb is None or lex.cue.search(text, q.past, sent.end):
        return None
    words = _WORD.findall(text, q.past, verb.start(1))
    if not 0 < len(words) <= _FRAME_SUBJECT_WORDS:
        return None
    mention = subject_before(text, q.past, verb.start(1), lex)
    if (
        mention is None
        or not _only_glue(text, q.past, mention.start)
        or text[mention.end : verb.start(1)].strip()  # '"...," he was arrested.'
    ):
        return None
    first = mention.text.split()[0].lower()
    if first in lex.rules.subject_pronouns:
        if first not in lex.rules.personal_pronouns:
            return None  # '"...," it ended.'
    elif not mention.text.split()[-1][:1].isupper():
        return None  # '"...," the meeting ended.': no one is named
    return whole_quote(q, "quote-before-cue", mention, sent, verb.start(1), verb.end(1))


def _colon_candidate(
    text: str, sent: Sentence, q: Quote, mention: Mention, colon: int
) -> Candidate:
    return whole_quote(q, "colon", mention, sent, colon, colon + 1)


def headline_quote(
    text: str, sent: Sentence, quotes: list[Quote], lex: Lexicon
) -> Candidate | None:
    """``Jane Roe Pins The Loss On 'Disastrous' Polling``: a headline (a short line in
    title case) that quotes words gives them to the name it opens with."""
    if not quotes or not _headline_line(text, sent):
        return None
    final = _HEADLINE_FINAL_SOURCE.search(text, quotes[-1].past - 1, sent.end)
    if final is not None and final.group(2).lower() in lex.rules.cues:
        # "Roe Is A 'Natural Born Citizen,' Board Of Election Finds.": the source closes it
        mention = Mention(final.start(1), final.end(1), final.group(1))
        return whole_quote(quotes[0], "headline", mention, sent)
    words = list(_HEADLINE_WORD.finditer(text, sent.start, quotes[0].open))
    titled = bool(words) and (
        words[0].group().lower() in lex.rules.titles
        or words[0].group().lower() in lex.rules.modifiers
    )  # "Mayor Jane Roe", "Former Senator ..."
    name = []
    for w in words[: _HEADLINE_NAME_WORDS + titled]:
        lower = w.group().lower()
        if not w.group()[:1].isupper() or lower in lex.rules.cues or _closed_class(lower, lex):
            break
        name.append(w)
    if not name or name[0].start() != sent.start or len(name) == len(words):
        return None  # the name must open the line and a verb stand before the quote
    if not _HEADLINE_GAP.fullmatch(text, name[-1].end(), words[len(name)].start()):
        return None  # "Jane Roe's 'Film'" (a title), "Roe, Smith Wear ...", "Oct. 31"
    mention = Mention(name[0].start(), name[-1].end(), text[name[0].start() : name[-1].end()])
    q = quotes[0]
    return whole_quote(q, "headline", mention, sent)


def _headline_line(text: str, sent: Sentence) -> bool:
    """The sentence is a whole short line whose words are (nearly) all capitalised."""
    if sent.start and text[sent.start - 1] != "\n":
        return False
    if not text.startswith("\n", sent.end) and sent.end != len(text):
        return False
    words = _HEADLINE_WORD.findall(text, sent.start, sent.end)
    if not _HEADLINE_MIN_WORDS <= len(words) <= _HEADLINE_MAX_WORDS:
        return False
    return sum(w[:1].isupper() for w in words) >= _HEADLINE_CAPITALS * len(words)


def _closed_class(word: str, lex: Lexicon) -> bool:
    rules = lex.rules
    return word in rules.stop or word in rules.skip or word in rules.determiners


def _clause_subject(text: str, lo: int, hi: int, lex: Lexicon) -> Mention | None:
    """The subject of the clause in ``text[lo:hi]`` when it names someone: a capitalised
    phrase or a personal pronoun, not "Here" or "The following"."""
    mention = sentence_subject(text, lo, hi, lex)
    if mention is None:
        return None
    first = mention.text.split()[0].lower()
    if first in lex.rules.stop or first in lex.rules.time_words:
        return None
    if lex.cue.search(mention.text):
        return None
    return mention


#: "Stated Roe:", "Added Jane Roe:": an inverted frame opening with a capitalised cue form.
_INVERTED_LEAD = re.compile(
    r"([A-Z][a-z]+)\s+([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2})\s*"
)


def colon_lead_in(text: str, sent: Sentence, lex: Lexicon) -> Candidate | None:
    """``He then listed the questions he asks of a candidate:`` closing a paragraph whose
    next paragraph opens with a quotation mark: the subject's words follow (lead-in)."""
    colon = sent.end - 1
    if text[colon] != ":" or sent.end - sent.start < 4:
        return None
    inverted = _INVERTED_LEAD.fullmatch(text, sent.start, colon)
    if inverted is not None and lex.cue.fullmatch(inverted.group(1).lower()):
        # "Stated Roe:", "Continued Ann Reyes:": a capitalised cue, then the speaker
        mention = Mention(inverted.start(2), inverted.end(2), inverted.group(2))
        cue_at = (inverted.start(1), inverted.end(1))
    else:
        mention = _clause_subject(text, sent.start, colon, lex)
        cue_at = (colon, colon + 1)
    if mention is None:
        return None
    return Candidate(
        sent.end,
        sent.end,
        "direct",
        "lead-in",
        mention,
        None,
        *cue_at,
        sent,
        [],
        CONFIDENCE["lead-in"],
    )


def _signed_line(text: str, q: Quote, lex: Lexicon) -> Mention | None:
    """``"... we will win."`` and then a paragraph ``- Jane Roe.``: the name signs it;
    so does a paragraph that is only a name and the closing mark of a quotation left open
    (``"... we will win.`` then ``Jane Roe, Policy Institute."``)."""
    if not q.closed:
        line = _NAME_LINE.match(text, q.close)
        if line is None:
            return None
        mention = subject_after(text, line.start(1), line.end(1), lex)
        rest = text[mention.end : line.end(1)] if mention else "-"
        return mention if not rest.strip(" .") or rest.startswith(",") else None
    m = _SIGNED_LINE.match(text, q.past)
    if m is None:
        return None
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end == -1 else line_end
    mention = subject_after(text, m.end(), line_end, lex)
    if mention is None or text[mention.end : line_end].strip(" .\t\r"):
        return None  # more than a name on the line: a list item or a new sentence
    return mention


def dash_sources(text: str, sent: Sentence, quotes: list[Quote], lex: Lexicon) -> list[Candidate]:
    """``"We will win." -- Senator Jane Roe``: each quote signed with a dash and a name."""
    out = []
    for q in quotes:
        if q.closed and _SIGN_START.match(text, q.past) is None:
            continue  # most quotes: a comma, a word or the sentence's end follows
        m = _DASH_SOURCE.match(text, q.past, sent.end)
        mention = subject_after(text, m.end(), sent.end, lex) if m else _signed_line(text, q, lex)
        if mention is None or not mention.text[:1].isupper():
            continue
        if m and lex.cue.search(text, mention.end, sent.end):
            continue  # '"...?" - Voters who watched said they ...': a clause with its own cue
        m = m or _SIGNED_LINE.match(text, q.past) or _NAME_LINE.match(text, q.close)
        out.append(whole_quote(q, "dash", mention, sent, m.start(), m.end()))
    return out
