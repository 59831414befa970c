"""The extractor's entry point: text in, ``Attribution`` records out.

Stages, in order: paragraphs -> quotes -> sentences -> per-sentence rules (attribute.py)
-> quotes left over (continuations of the previous speaker) -> speaker resolution
(resolve.py) -> records. Every stage is a pure function of the text and the rules.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter, methodcaller
from typing import TypeVar

from quotetrack.extraction.attribute import (
    CONFIDENCE,
    Candidate,
    SentenceAttributor,
    colon_lead_in,
    colon_source,
    dash_sources,
    first_words,
    framed_quote,
    headline_quote,
    signed_quote,
    transcript_line,
    whole_quote,
)
from quotetrack.extraction.embedded import with_embedded_quotes
from quotetrack.extraction.findings import poll_findings
from quotetrack.extraction.lexicon import WORD_CHARS, Lexicon, compile_rules
from quotetrack.extraction.literals import lowered
from quotetrack.extraction.mentions import Mention, sentence_subject
from quotetrack.extraction.model import Attribution
from quotetrack.extraction.quotes import QUOTE_MARK, Quote, find_quotes
from quotetrack.extraction.resolve import Resolver, Speaker
from quotetrack.extraction.segment import Sentence, paragraphs, sentences
from quotetrack.extraction.tries import alternation
from quotetrack.extraction.unsourced import unsourced
from quotetrack.rules import Rules, load_rules

T = TypeVar("T")
_WORD = re.compile(rf"[{WORD_CHARS}]+")  # \w+, ASCII from a bitmap (see lexicon)
#: How much less often claims cued with each stance are confirmed (measured on train).
_STANCE_PENALTY = {"hedged": 0.15, "evaluative": 0.1, "denial": 0.08, "assertive": 0.07}
_OPENING_MARKS = "\"\u201c\u2018\u00ab'"
_CLOSING_MARKS = "\"\u201d\u2019\u00bb'"
_QUOTE_ONLY = re.compile(r"[\s.,;:!?\u2014\u2013-]*(?:(\w+)\s+)?")
#: A quote with no cue of its own must be this long to be taken as a statement.
_MIN_STATEMENT_WORDS = 4
#: A quote with no cue, in a sentence about someone, is theirs when it is this long and
#: stands this close to the subject (measured on train: shorter or further, under half).
_MIN_SUBJECT_QUOTE_WORDS, _MAX_SUBJECT_GAP_WORDS = 8, 12
#: A short opener set off by a comma before a continued quote ("Instead,", "Even so,").
_LEAD_IN = re.compile(
    r"\s*(?:[A-Z]\w*)(?:\s+\w+){0,2},\s*"
    r"|\s*(?:It|That|This)(?:['\u2019]s|\s+(?:is|was|makes\s+\w+))\s*"  # 'It's "a joke."'
)
_MAX_TAIL_WORDS = 12
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_GERUND_OPENER = re.compile(r"\s*([A-Z][a-z]+ing),\s*")


_NBSP = "\u00a0"
#: 'identified the judge as "...": an active verb and "as" before a quote (up to its mark)
_PARTICIPLE_AS = re.compile(r"\b(?:[a-z]+ed|such)\s+as\s")  # no object before "as"
_AS_LISTED = re.compile(r"[\s,]*(?:and|or)\s+(?:an?\s+|the\s+)?")  # '" and a "'
_AS_QUOTE = re.compile(r"\b[a-z]\w+\s+(?:\w+\s+){1,4}as\s+(?:an?\s+|the\s+)?[\"\u201c]$")
_SPAN = attrgetter("start", "end")  # sort key of records: (start, end), in C
_OPEN = attrgetter("open")  # where a quote is, for _by_sentence
_START = methodcaller("start")  # where a cue match is, for _by_sentence
_NEXT_PARAGRAPH = re.compile(r"[ \t\r]*\n\s*")  # the writer's words after a continued quote


def extract(text: str, *, rules: Rules | None = None) -> list[Attribution]:
    """Quotes and reported claims in ``text`` with their speakers, sorted by start.

    Never raises on odd input: a failure inside the rules is reported as a warning and
    yields no attributions for that text, so one bad document cannot stop a batch.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lex = compile_rules(rules if rules is not None else load_rules())
    try:
        if _NBSP not in text:
            return _extract(text, lex)
        # a no-break space is a space to every rule ("said\u00a0that", "issued a\u00a0statement");
        # the records keep the caller's characters (same offsets: one for one)
        return [_original(a, text) for a in _extract(text.replace(_NBSP, " "), lex)]
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        warnings.warn(f"quotetrack extraction failed: {exc!r}", RuntimeWarning, stacklevel=2)
        return []


def _original(a: Attribution, text: str) -> Attribution:
    """``a`` with its text, mention and cue read from ``text`` (the caller's characters)."""
    content = text[a.start : a.end]
    mention = text[a.mention_start : a.mention_end] if a.mention_start is not None else None
    cue = text[a.cue_start : a.cue_end] if a.cue_start is not None else None
    if content == a.text and mention == a.mention and cue == a.cue:
        return a  # most records hold no such space: skip the copy
    return replace(a, text=content, mention=mention, cue=cue)


def _extract(text: str, lex: Lexicon) -> list[Attribution]:
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    sents = sentences(
        text, paras, quotes, lex.rules.abbreviations, lex.attribution, lex.name_titles
    )
    starts = [s.start for s in sents]
    by_sentence = _by_sentence(quotes, starts, _OPEN)
    low = lowered(text)  # for the rules that look for words in lowercase first
    cue_matches = lex.cue_matches(text, low)
    cues_by_sentence = _by_sentence(cue_matches, starts, _START)
    colons = _holding(text, ":", sents, starts)
    para_starts = [p for p, _ in paras]
    left_open = {bisect.bisect_right(para_starts, q.open) - 1 for q in quotes if q.continues}
    candidates: list[Candidate] = []
    carried = -1  # paragraph taken whole as the continuation of a quotation
    prior: Sentence | None = None
    for sent, sent_quotes, sent_cues, colon in zip(
        sents, by_sentence, cues_by_sentence, colons, strict=True
    ):
        before, prior = prior, sent
        if sent.paragraph == carried:
            continue
        if (
            not sent_cues
            and not sent_quotes
            and not colon
            and text[sent.start] not in _OPENING_MARKS
        ):
            continue  # no rule below has anything to go on: no cue, quote, mark or colon
        previous = _previous_in_paragraph(sent, candidates)
        found = _sentence_candidates(text, sent, sent_quotes, sent_cues, lex, previous, low, colon)
        whole = None if found else _continued_paragraph(text, sent, paras, left_open, candidates)
        if whole:
            if _same_quotation(whole, candidates[-1]):
                candidates[-1] = _joined(candidates[-1], whole)
                candidates[-1].sentence = sent  # the next paragraph may carry it on
            else:
                candidates.append(whole)
            carried = sent.paragraph
            continue
        if not found:
            cont = _topic_quote(text, sent, sent_quotes, before, candidates, lex)
            if cont:
                candidates.append(cont)
                continue
            cont = _continuation(text, sent, sent_quotes, candidates, lex)
            if cont and _extends(text, cont, candidates[-1]):
                candidates[-1] = _joined(candidates[-1], cont)
                continue
            found = [cont] if cont else []
        candidates.extend(found)
        if found and found[0].rule == "transcript" and found[0].end > sent.end:
            carried = sent.paragraph  # "SMITH: ..." holds the rest of its line
        if sent_quotes:
            candidates.extend(_subject_quotes(text, sent, sent_quotes, found, lex))
    candidates.extend(poll_findings(text, sents, candidates, lex.rules))
    candidates.extend(unsourced(text, sents, candidates, lex, low))
    return with_embedded_quotes(text, _records(text, candidates, lex, low), quotes)


def _subject_quotes(
    text: str, sent: Sentence, quotes: list[Quote], found: list[Candidate], lex: Lexicon
) -> list[Candidate]:
    """Quotes no cue claims. A whole statement in quotation marks a few words after the
    sentence's subject who is a person is that person's (``Moreno closed her speech with
    "..."``; a short quote there is as often a title, a slogan or a scare quote), and so is
    a quote in an active ``X ... as "..."`` frame (``Roe has gone after Moreno as a "..."``);
    quoted words after ``her remark that``, ``Roe's call for`` are the possessor's."""
    out = []
    for k, q in enumerate(quotes):
        inside = False  # a claim the sentence's rules found holds it (a loop: no any())
        for c in found:
            if c.start <= q.start and q.end <= c.end:
                inside = True
                break
        if inside:
            continue
        if (
            out
            and out[-1].rule == "subject-quote"
            and out[-1].quotes[0] is quotes[k - 1]
            and _AS_LISTED.fullmatch(text, quotes[k - 1].past, q.open)
        ):  # 'Roe has gone after Li as a "leech" and a "brat"': one list of names given
            out.append(whole_quote(q, "subject-quote", out[-1].mention, sent))
            continue
        said = _speech_noun(lex.rules.speech_nouns).search(
            text, max(sent.start, q.open - 90), q.open + 1
        )
        if said is not None and not lex.cue.search(text, said.start(3), q.open):
            out.append(_possessor_quote(text, said, q, sent))
            continue
        as_frame = _AS_QUOTE.search(text, max(sent.start, q.open - 30), q.open + 1) or (
            lex.term_quote.search(text, max(sent.start, q.open - 30), q.open + 1)
        )
        if as_frame and _PARTICIPLE_AS.search(text, as_frame.start(), as_frame.end()):
            continue  # "vacations disguised as "...", "words such as "...": no one speaks
        if not as_frame:
            if q.end - q.start < 2 * _MIN_SUBJECT_QUOTE_WORDS:
                continue  # too short for the words, whatever they are
            words = _words_at_most(text, [(q.start, q.end)], _MIN_SUBJECT_QUOTE_WORDS)
            if words < _MIN_SUBJECT_QUOTE_WORDS:
                continue
        mention = sentence_subject(text, sent.start, q.open, lex)
        if (
            mention is None
            or len(_WORD.findall(text, mention.end, q.open)) > _MAX_SUBJECT_GAP_WORDS
            or not _names_someone(mention, lex)
            or lex.cue.match(text, mention.start)  # "According to X, ..."
        ):
            continue
        if as_frame and lex.passive_as.search(text, mention.end, as_frame.end()):
            continue  # "is known as", "was billed as": no one speaks
        out.append(whole_quote(q, "subject-quote", mention, sent))
    return out


@lru_cache(maxsize=8)
def _speech_noun(nouns: frozenset[str]) -> re.Pattern:
    """``her remark that "..."``, ``Roe's call for "a ban"``: a possessor (a possessive
    pronoun or a name with 's), a noun for an act of saying, a complementiser or a
    preposition, then a few words and the quotation (searched up to its opening mark)."""
    return re.compile(
        r"(?:\b(his|her|their)|\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['\u2019]s?))\s+"
        rf"(?:[a-z]+\s+){{0,2}}(?:{alternation(sorted(nouns))})s?\s+"
        r"(?:that|to|for|of|about|(?:[^\"\u201c\u201d;:.!?]{0,60}?\s)?(?:was|is)(?:\s+that)?)\b"
        r"([^\"\u201c\u201d;:]{0,70})[\"\u201c]$"
    )


def _possessor_quote(text: str, said: re.Match, q: Quote, sent: Sentence) -> Candidate:
    """The possessor's words: the quote alone, or with the clause's words before it."""
    g = 1 if said.group(1) else 2
    mention = Mention(said.start(g), said.end(g), said.group(g))
    lo = said.start(3)
    while text[lo] in " ,":
        lo += 1
    if lo >= q.open:
        return whole_quote(q, "speech-noun", mention, sent)
    confidence = CONFIDENCE["speech-noun"]
    return Candidate(
        lo, q.end, "mixed", "speech-noun", mention, None, None, None, sent, [q], confidence
    )


def _previous_in_paragraph(sent: Sentence, candidates: list[Candidate]) -> Mention | None:
    if candidates and candidates[-1].sentence.paragraph == sent.paragraph:
        return candidates[-1].mention
    return None


def _continued_paragraph(
    text: str,
    sent: Sentence,
    paras: list[tuple[int, int]],
    left_open: set[int],
    candidates: list[Candidate],
) -> Candidate | None:
    """A paragraph that opens with a quotation mark after ``X said:`` or after a paragraph
    whose quotation was left open (typeset convention: each paragraph of a long quotation
    opens with a mark, only the last closes) is the same speaker's quotation, whole."""
    p_start, p_end = paras[sent.paragraph]
    if sent.start != p_start or not candidates or text[p_start] not in _OPENING_MARKS:
        return None
    last = candidates[-1]
    if last.mention is None or last.sentence.paragraph != sent.paragraph - 1:
        return None
    lead_in = last.rule == "lead-in"
    continued = last.kind == "direct" and sent.paragraph - 1 in left_open
    if not (lead_in or continued):
        return None
    s, e = p_start + 1, p_end
    while e > s and text[e - 1] in _CLOSING_MARKS:
        e -= 1
    return _carried(last, s, e, sent, [])


def _by_sentence(items: list[T], starts: list[int], where: Callable[[T], int]) -> list[list[T]]:
    """Group positioned items (quotes, cue matches) by the sentence they start in, given
    the sentences' starts (``where``, called per item, is best a C callable: no frame)."""
    out: list[list[T]] = [[] for _ in starts]
    for item in items:
        k = bisect.bisect_right(starts, where(item)) - 1
        if k >= 0:
            out[k].append(item)
    return out


def _sentence_candidates(
    text: str,
    sent: Sentence,
    quotes: list[Quote],
    cues: list[re.Match],
    lex: Lexicon,
    previous: Mention | None,
    low: str | None = None,
    colon: bool | None = None,
) -> list[Candidate]:
    """What the sentence's rules find. ``colon``: whether the sentence holds a colon, when
    the caller knows (:func:`_holding`)."""
    if colon is None:
        colon = text.find(":", sent.start, sent.end) != -1
    if not cues and not quotes and not colon:
        return []  # most sentences: no cue, no quote, no speaker before a colon
    if colon:  # both name their speaker before a colon ("SMITH: ...", "- Roe: "..."")
        transcript = transcript_line(text, sent, lex) or signed_quote(text, sent, quotes, lex)
        if transcript:
            return [transcript]
    # (the attributor's rules all start from a cue: a sentence with none, only quotes or a
    # colon, gets no attributor to build and run, a sixth of those that reach here)
    found = SentenceAttributor(text, sent, quotes, lex, cues, previous, low).run() if cues else []
    signed = dash_sources(text, sent, quotes, lex)
    if signed:
        covered = {(c.start, c.end) for c in signed}
        return signed + [c for c in found if (c.start, c.end) not in covered]
    if found:
        return found
    special = (
        colon_source(text, sent, quotes, lex)
        or headline_quote(text, sent, quotes, lex)
        or framed_quote(text, sent, quotes, lex)
    )
    if special is None and not quotes and _opens_next_paragraph(text, sent):
        special = colon_lead_in(text, sent, lex)
    return [special] if special else []


def _holding(text: str, mark: str, sents: list[Sentence], starts: list[int]) -> list[bool]:
    """For each sentence (``starts``: theirs), whether ``mark`` stands in it: the few places
    of the mark in the text looked up among the sentences, where a search of each sentence
    for it (``str.find`` costs ~1.3 K instructions a call) took ~8 M instructions a pass."""
    out = [False] * len(sents)
    i = text.find(mark)
    while i != -1:
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and i < sents[k].end:
            out[k] = True
            i = sents[k].end - 1  # (the rest of the sentence: known to hold it)
        i = text.find(mark, i + 1)
    return out


def _opens_next_paragraph(text: str, sent: Sentence) -> bool:
    """The sentence ends its paragraph and the next paragraph opens with a quotation mark."""
    nxt = _NEXT_PARAGRAPH.match(text, sent.end)
    return nxt is not None and nxt.end() < len(text) and text[nxt.end()] in _OPENING_MARKS


def _quote_glue(text: str, lo: int, hi: int, lex: Lexicon) -> bool:
    """Only punctuation, or a conjunction ("But", "And"), between a sentence's quotes."""
    m = _QUOTE_ONLY.fullmatch(text, lo, hi)
    return bool(m) and (m.group(1) is None or m.group(1).lower() in lex.rules.continuation_openers)


def _continuation(
    text: str, sent: Sentence, quotes: list[Quote], previous: list[Candidate], lex: Lexicon
) -> Candidate | None:
    """A sentence that is only a quote continues the speaker of the quote before it."""
    if not quotes or not previous:
        return None
    last = previous[-1]
    if last.sentence.paragraph != sent.paragraph:
        last = _outermost(previous)
    elif _in_relative_clause(last) and len(previous) > 1 and previous[-2].sentence is last.sentence:
        last = previous[-2]  # '"...," said Roe, who has accused X of ... . "...": Roe again'
    elif last.kind != "direct" and last.rule != "according-to":
        # '"...," Roe declared, after a show during which callers asked ... . "...": the
        # quotation goes on with the sentence's quoted speaker, not a later claim's
        # ('"...," X said, according to Y': Y's, as the whole sentence is)
        for c in reversed(previous[-4:-1]):  # (a loop, not next() over a generator)
            if c.sentence is last.sentence and c.kind == "direct":
                last = c
                break
    if last.mention is None or sent.paragraph - last.sentence.paragraph > 1:
        return None
    words = _words_at_most(text, _spans(quotes), _MIN_STATEMENT_WORDS)
    same_paragraph = sent.paragraph == last.sentence.paragraph and (
        last.kind == "direct" or _gerund_opener(text, sent.start, quotes[0].open, lex)
    )  # 'Adding, "...": after any claim of the paragraph's speaker
    gaps = [(a.past, b.open) for a, b in zip(quotes, quotes[1:], strict=False)]
    if not all(lo >= hi or _quote_glue(text, lo, hi, lex) for lo, hi in gaps):
        return None
    lead, tail = (sent.start, quotes[0].open), (quotes[-1].past, sent.end)
    if all(lo >= hi or _quote_glue(text, lo, hi, lex) for lo, hi in (lead, tail)):
        if words < (1 if same_paragraph else _MIN_STATEMENT_WORDS):
            return None
    elif not (same_paragraph and words >= _MIN_STATEMENT_WORDS and _loose(text, lead, tail, lex)):
        return None
    return _carried(last, quotes[0].start, quotes[-1].end, sent, quotes)


def _topic_quote(
    text: str,
    sent: Sentence,
    quotes: list[Quote],
    before: Sentence | None,
    previous: list[Candidate],
    lex: Lexicon,
) -> Candidate | None:
    """``Roe touted her record on wages. "We need to support workers."``: a sentence that
    is only a quotation, right after a sentence about someone that reports nobody's words,
    is that person's (the narrator introduced them; an earlier speaker is further away)."""
    if not quotes or before is None or sent.paragraph - before.paragraph > 1:
        return None
    if previous and previous[-1].sentence.start >= before.start:
        return None  # the sentence before reports someone: the usual continuation
    lead, tail = (sent.start, quotes[0].open), (quotes[-1].past, sent.end)
    gaps = [lead, tail] + [(a.past, b.open) for a, b in zip(quotes, quotes[1:], strict=False)]
    if not all(lo >= hi or _quote_glue(text, lo, hi, lex) for lo, hi in gaps):
        return None
    words = _words_at_most(text, _spans(quotes), _MIN_STATEMENT_WORDS)
    if words < _MIN_STATEMENT_WORDS:
        return None
    mention = sentence_subject(text, before.start, before.end, lex)
    if mention is None or not _names_someone(mention, lex):
        return None
    if (
        _speaker_in_paragraph(previous, sent)
        and mention.text.lower() in lex.rules.personal_pronouns
    ):
        return None  # '"...," Roe said. He paused. "...": the pronoun is the speaker
    return Candidate(
        quotes[0].start,
        quotes[-1].end,
        "direct",
        "continuation",
        mention,
        None,
        None,
        None,
        sent,
        list(quotes),
        CONFIDENCE["continuation"],
        tuple((q.start, q.end) for q in quotes),
    )


def _words_at_most(text: str, spans: Iterable[tuple[int, int]], limit: int) -> int:
    """How many words the spans hold, counted only up to ``limit``: every caller compares
    the count with a small threshold, and a long quotation need not be listed word by word
    to show that it holds four words."""
    found = 0
    for lo, hi in spans:
        found += len(first_words(text, lo, hi, limit - found))
        if found >= limit:
            break
    return found


def _spans(quotes: list[Quote]) -> Iterator[tuple[int, int]]:
    return ((q.start, q.end) for q in quotes)


def _speaker_in_paragraph(previous: list[Candidate], sent: Sentence) -> bool:
    last = previous[-1] if previous else None
    return (
        last is not None and last.mention is not None and last.sentence.paragraph == sent.paragraph
    )


def _names_someone(mention: Mention, lex: Lexicon) -> bool:
    """A capitalised name or a personal pronoun ("Roe", "She"), not "It" or "The plan"."""
    words = mention.text.split()
    first = words[0].lower()
    if len(words) == 1 and first in lex.rules.subject_pronouns:
        return first in lex.rules.personal_pronouns
    return (
        words[-1][:1].isupper()
        and first not in lex.rules.determiners
        and not _POSSESSIVE.search(mention.text)  # "Roe's first tweet": not Roe
    )


def _in_relative_clause(c: Candidate) -> bool:
    """The candidate's subject is a relative pronoun's antecedent ("a supporter who")."""
    words = c.mention.text.split() if c.mention else []
    return len(words) > 1 and words[-1].lower() in ("who", "which", "that")


def _gerund_opener(text: str, lo: int, hi: int, lex: Lexicon) -> bool:
    """``Adding, "..."``: a cue's -ing form opens the sentence before the quote."""
    m = _GERUND_OPENER.fullmatch(text, lo, hi)
    cue = lex.rules.cues.get(m.group(1).lower()) if m else None
    return cue is not None and cue.gerund


def _outermost(previous: list[Candidate]) -> Candidate:
    """The last speaker of the previous paragraph whose cue is not inside another claim
    there: after "X said that critics had been predicting ...", a paragraph that is only a
    quotation goes on with X, not with the critics."""
    para = previous[-1].sentence.paragraph
    same = [c for c in reversed(previous[-12:]) if c.sentence.paragraph == para]
    for c in same:
        cue = c.cue_start if c.cue_start is not None else c.start
        for o in same:  # (loops, not any() over a generator per claim)
            if o is not c and o.start <= cue < o.end:
                break
        else:
            return c
    return previous[-1]


def _loose(text: str, lead: tuple[int, int], tail: tuple[int, int], lex: Lexicon) -> bool:
    """The quote still carries the sentence when only a short opener ("Instead,", "Then,")
    comes before it, and after it a few words of the writer's with no cue of their own
    ('"That is the fight we are taking" to the rest of the country.')."""
    lo, hi = lead
    if lo < hi and not (_LEAD_IN.fullmatch(text, lo, hi) or _quote_glue(text, lo, hi, lex)):
        return False
    lo, hi = tail
    return lo >= hi or (
        len(_WORD.findall(text, lo, hi)) <= _MAX_TAIL_WORDS and not lex.cue.search(text, lo, hi)
    )


def _carried(
    last: Candidate, start: int, end: int, sent: Sentence, quotes: list[Quote]
) -> Candidate:
    """A direct quote that carries on the speaker (and cue) of ``last``."""
    rule = "lead-in" if last.rule == "lead-in" else "continuation"
    return Candidate(
        start,
        end,
        "direct",
        rule,
        last.mention,
        last.cue,
        last.cue_start,
        last.cue_end,
        sent,
        list(quotes),
        CONFIDENCE[rule],
        tuple((q.start, q.end) for q in quotes) or ((start, end),),
    )


def _confidence(c: Candidate, speaker: Speaker) -> float:
    """The rule's prior, lowered when the speaker stays unknown and for cues whose claims
    annotators and readers less often take as someone's statement (hedges, judgements)."""
    value = c.confidence
    if speaker.name is None and not speaker.anonymous:
        value -= 0.12
    if c.cue is not None:
        value -= _STANCE_PENALTY.get(c.cue.stance, 0.0)
    return _bounded(value)


@lru_cache(maxsize=256)
def _bounded(value: float) -> float:
    """``value`` within [0.05, 1], to three decimals. Rounding a float to digits goes
    through its decimal digits (some 5,000 machine instructions); the values are a few
    dozen (the rules' priors less fixed penalties), each worked out once."""
    return round(min(1.0, max(0.05, value)), 3)


def _extends(text: str, cont: Candidate, last: Candidate) -> bool:
    """A continuation in the same paragraph as the quote it follows is one statement,
    unless the narrator's words between them outnumber the quoted ones (the record's span
    would be mostly narration: '"...," said X, who ... . He has ... . "..."')."""
    if last.kind != "direct" or last.sentence.paragraph != cont.sentence.paragraph:
        return False
    if _title_between(text, last.end, cont.start):
        return False  # '"...," X said on "Meet the Voters." "...": a title between the pieces
    # the narrator's words (most often a few: "he said") are counted first, and the quoted
    # ones (whole quotations) only as far as that count
    narrated = len(_WORD.findall(text, last.end, cont.start))
    pieces = (last.fragments or ((last.start, last.end),)) + cont.fragments
    if narrated > _MAX_TAIL_WORDS:  # (a pattern per count: only for small ones)
        return narrated <= sum(len(_WORD.findall(text, s, e)) for s, e in pieces)
    return narrated == 0 or _words_at_most(text, pieces, narrated) >= narrated


def _title_between(text: str, lo: int, hi: int) -> bool:
    """A quoted title (capitalised: "Meet the Voters") stands between two pieces of a
    quotation: one record over both would report the title as the speaker's words too."""
    marks = [m.end() for m in QUOTE_MARK.finditer(text, lo, hi)]
    if len(marks) < 3:
        return False
    first = _WORD.search(text, marks[1], hi)
    return first is not None and first.group()[:1].isupper()


def _same_quotation(whole: Candidate, last: Candidate) -> bool:
    """A paragraph carried on from the one before is a further piece of the same record
    when it goes on a quotation left open, or a quotation that a lead-in (``X said:``)
    introduced in the paragraph before: one statement in several paragraphs, as a reader
    (and PolNeAR) takes it. The lead-in's own marker record (no span) is no piece."""
    if whole.rule == "continuation":
        return True
    return last.rule == "lead-in" and last.end > last.start


def _joined(first: Candidate, cont: Candidate) -> Candidate:
    """One direct quotation in several pieces: the span covers them all, with fragments."""
    fragments = first.fragments or ((first.start, first.end),)
    first.end = cont.end
    first.fragments = fragments + cont.fragments
    first.quotes = first.quotes + cont.quotes
    return first


def _records(
    text: str, candidates: list[Candidate], lex: Lexicon, low: str | None = None
) -> list[Attribution]:
    resolver = Resolver(text, lex, low=low)
    out: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    for c in candidates:
        if (c.start, c.end) in seen or c.end <= c.start:
            continue
        seen.add((c.start, c.end))
        speaker = resolver.resolve(c.mention)
        m = c.mention
        # the fields by position, in Attribution's order: a call with twenty keywords
        # spent more on matching the names to the parameters (some 13,000 machine
        # instructions a record) than the record's whole construction otherwise costs
        out.append(
            Attribution(
                c.start,  # start
                c.end,  # end
                text[c.start : c.end],  # text
                c.kind,  # kind
                speaker.name,  # speaker
                speaker.kind,  # speaker_kind
                m.text if m else None,  # mention
                m.start if m else None,  # mention_start
                m.end if m else None,  # mention_end
                text[c.cue_start : c.cue_end] if c.cue_start is not None else None,  # cue
                c.cue_start,  # cue_start
                c.cue_end,  # cue_end
                c.cue.stance if c.cue else "neutral",  # stance
                _confidence(c, speaker),  # confidence
                c.rule,  # rule
                speaker.resolution,  # resolution
                speaker.anonymous,  # anonymous
                speaker.role,  # role
                c.sentence.start,  # sentence_start
                c.sentence.end,  # sentence_end
                c.fragments if len(c.fragments) > 1 else (),  # fragments
            )
        )
    out.sort(key=_SPAN)
    return out
