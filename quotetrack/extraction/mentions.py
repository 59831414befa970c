"""Find the speaker's mention next to a cue: the subject before it or the one after it.

There is no parser here: a subject is found by walking words away from the cue, stepping
over adverbs and auxiliaries ("he has also said"), appositions ("Hill, a doctor, said")
and relative pronouns ("the side, which insists" -> "the side"), and stopping at
punctuation and function words. The scorer and the reader both need the mention to cover
the head of the subject; where it starts exactly matters less.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from quotetrack.extraction.frozen import slot_init
from quotetrack.extraction.lexicon import WORD_CHARS, Lexicon

#: What joins word runs into one token: "U.S", "O'Neil", "AT&T", "9/11", "21,000".
_JOIN = rf"(?:[.'\u2019&-][{WORD_CHARS}]+|(?<=\d)/\d+|(?<=\d),\d{{3}}(?!\d))"
#: A token: a word with its joins and a final "." or "%", or one other visible character.
#: The joins are tried only when the next character can open one (``(?=...)``): most
#: words end at a space, and entering a repeated group costs the regex engine more than
#: the look-ahead (the same matches; a fifth less time over a pass's subject windows).
_TOKEN = re.compile(
    rf"[{WORD_CHARS}]+(?:(?=[.'\u2019&/,-]){_JOIN}+|)[.%]?"
    rf"|[^{WORD_CHARS}\s]"
)
#: A word's last character that keeps it one token: a word character, "." or "%".
_WORD_OR_FINAL = frozenset("_.%")
_MAX_NP = 9
_MAX_ASIDES = 3  # comma-separated asides between a name and its cue
_MAX_APPOSITION = 30  # tokens an apposition may run to ("Jane Roe, a lawyer who ..., said")
_WINDOW = 240  # characters before a cue that can hold its subject
_NEAR_WINDOW = 70  # ... and the characters that usually do
#: What makes the near window (``_NEAR_WINDOW``) too short for the subject: a comma,
#: bracket, dash, colon or semicolon, or a relative pronoun. One pattern each, so that
#: the regex engine skips to the next such character (a pattern opening with ``\b`` is
#: tried at every position) and the pronouns are searched only in a window holding one
#: as a string (``_needs_context``).
_CONTEXT_MARK = re.compile(r"[,()\u2014\u2013\u2015;:]")
_SPACED_HYPHEN = re.compile(r"\s-")
_RELATIVE = re.compile(r"\b(?:who|which|that|whom)\b")
_AFTER_WINDOW = 100  # characters after a cue that can hold an inverted subject
_AFTER_TOKENS = 10  # ... and the tokens of them read first (``subject_after``)
_MAX_LOWER = 4
_POSSESSIVE_S = frozenset({"'s", "\u2019s"})
_DASH_WORDS = frozenset({"-", "\u2014", "\u2013", "\u2015"})
_SET_OFF_ENDS = _DASH_WORDS | {")"}  # last words of a dashed aside or a bracket
_DASHES = re.compile(r"\s(?:--|[\u2014\u2013\u2015])\s")
_TRAILING_MARKS = ",;:\u2014\u2013\u2015-"
_APPOSITION_MARKS = (",", "\u2014", "\u2013")
#: The words that end a time phrase opening a clause ("Hours later,", "Two years ago,").
_AGO_WORDS = ("ago", "later", "earlier")
_AGO = re.compile(rf"[^,.;:]*\b(?:{'|'.join(_AGO_WORDS)})\s*,")
_SPACE = re.compile(r"\s*")
_APPOSITION_OPEN = re.compile(r",\s+(?:a|an|the|herself|himself|themselves|itself)\s")
_VERB_NEXT = re.compile(r"(?:\s*\([^()]{1,40}\))?\s+(?:[a-z]\w*\s+)?[a-z]")  # "Roe (D-Ore.) said"


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


#: A token: (start, end, word, lower), the word as written and lowercased, read through
#: the field numbers below. A plain tuple, not a NamedTuple: ``_scan`` makes some 33,000
#: a corpus pass, and a tuple subclass's instance costs about three times the machine
#: instructions to make and free (``tuple.__new__`` copies the fields into a second
#: object), its fields some five times as many to read (a descriptor call each; 3% of
#: a pass's instructions in all).
_Tok = tuple[int, int, str, str]
_START, _END, _WORD, _LOWER = range(4)


def _capitalised(tok: _Tok) -> bool:
    """Starts with a capital or a digit."""
    first = tok[_WORD][0]
    return first.isupper() or first.isdigit()


def _scan(text: str, lo: int, hi: int, limit: int | None = None) -> list[_Tok]:
    """The tokens of ``text[lo:hi]``, only the first ``limit`` of them when it is given.

    The window is split at spaces first: no token holds a space and every other character
    is in one (a word character opens a word, any other is a token of its own), so each
    run of non-spaces is a run of whole tokens, cut where a scan of the window cuts it
    (the pattern looks at no character past the run, where a space or the window's end
    stops every way a token goes on). Most runs are one word, or a word and a mark ("Roe,",
    "said:"): their tokens are read off the run with no call of the regex engine, which
    tried ``_TOKEN`` at every space and every character. Only runs such as "U.S.",
    "(D-Ore.)", "21,000" go to the engine, and one match most often finds the whole run
    one token ("Sen.", "U.S.": cheaper than a generator over ``finditer``).
    A limit keeps the first ``limit`` runs (each holds a token at least), and positions
    are the text's from the start: a test and two additions fewer a token."""
    out: list[_Tok] = []
    append = out.append
    window = text[lo:hi]
    runs = window.split()  # (str.split and the pattern's \s: the same spaces)
    # most often one space stands between runs: then each starts where the last ended,
    # plus one (a call of str.find a run costs more than the rest of its token)
    spaced = " ".join(runs) == window.strip()
    if limit is not None:
        runs = runs[:limit]  # (each run holds a token at least)
    pos = lo + len(window) - len(window.lstrip())
    for run in runs:
        if not spaced:
            pos = text.find(run, pos)  # only spaces stand between pos and the run
        end = pos + len(run)
        if run.isalnum() or len(run) == 1:  # (isalnum: \w but "_", as the engine reads it)
            append((pos, end, run, run.lower()))
        elif run[-1] not in _WORD_OR_FINAL and run[:-1].isalnum():  # "Roe,", "said:"
            word = run[:-1]
            append((pos, end - 1, word, word.lower()))
            mark = run[-1]
            append((end - 1, end, mark, mark.lower()))
        elif _TOKEN.match(text, pos, end).end() == end:  # "Sen.", "U.S.", "O'Neil": one token
            append((pos, end, run, run.lower()))
        else:
            out.extend(
                (m.start(), m.end(), w, w.lower())
                for m in _TOKEN.finditer(text, pos, end)
                for w in (m[0],)  # (a subscript: cheaper than the method call)
            )
        pos = end + 1
    if limit is not None:
        del out[limit:]
    return out


#: The last window read, as (text, lo, hi, tokens of text[lo:hi]), one text at a time.
#: The cues of a sentence ask for windows that overlap (each reaches back from its cue to
#: the clause's start, most often the same one): a window inside it is a slice of its
#: tokens, one reaching past its end extends it. Replaced whole, never changed in place,
#: and callers get copies, so a caller that changes its list changes no other's.
_span: tuple[str, int, int, list[_Tok]] = ("", 0, 0, [])


def _tokens(text: str, lo: int, hi: int, limit: int | None = None) -> list[_Tok]:
    """The tokens of ``text[lo:hi]``, only the first ``limit`` of them when it is given.

    The same tokens as a scan of the window (``_scan``), taken from the last window read
    where that cannot differ: a token of the span that crosses ``lo`` or ``hi`` would be
    cut there by the window's own scan ("U.S" -> "S", "21,000" -> ",", "000"), so such a
    window is scanned anew. Where none crosses, a token ending at the edge read at most a
    character past it, which would have made it longer (a word character, a join, a "."),
    so the cut scan ends it there too. The span grows only across a space (``_joins``).
    Over the first 200 PolNeAR train texts 32,900 tokens are read instead of 42,350.
    """
    global _span
    span_text, span_lo, span_hi, toks = _span
    if (
        span_text is not text
        or not span_lo <= lo <= span_hi
        or (hi > span_hi and not _joins(text, span_hi))
    ):  # most windows: past the last one's end (read here: a call fewer)
        toks = _scan(text, lo, hi, limit)
        _span = (text, lo, hi if limit is None or len(toks) < limit else _read_to(toks, lo), toks)
        return toks[:]
    if hi > span_hi:
        more = _scan(text, span_hi, hi, limit)
        toks = toks + more
        end = hi if limit is None or len(more) < limit else _read_to(more, span_hi)
        _span = (text, span_lo, end, toks)
    k = bisect_left(toks, (lo,)) if lo > span_lo else 0  # the first token at or after lo
    if k and toks[k - 1][_END] > lo:
        return _scan(text, lo, hi, limit)  # a token of the span crosses lo
    j = bisect_left(toks, (hi,), k)
    if j > k and toks[j - 1][_END] > hi:
        return _scan(text, lo, hi, limit)  # ... or hi
    if limit is not None and j - k > limit:
        j = k + limit
    return toks[k:j]


def _joins(text: str, pos: int) -> bool:
    """A space on either side of ``pos`` (or an end of the text): no token holds one, and
    a space ends every way a token goes on, so the tokens before ``pos`` and those after
    it are a scan's across."""
    return pos <= 0 or pos >= len(text) or text[pos - 1].isspace() or text[pos].isspace()


def _read_to(toks: list[_Tok], lo: int) -> int:
    """Where a scan from ``lo`` that ``limit`` stopped after ``toks`` was read to."""
    return toks[-1][_END] if toks else lo


def _mention(text: str, first: _Tok, last: _Tok) -> Mention:
    start, end = first[_START], last[_END]
    char = text[end - 1]  # (read once a step: a subscript costs what the tests cost)
    if char == "." and not _keeps_period(last[_WORD]):
        end -= 1
        char = text[end - 1]
    while end > start + 1 and (char in _TRAILING_MARKS or char.isspace()):
        end -= 1  # "Jane Roe, a lawyer," ends at "lawyer"
        char = text[end - 1]
    return Mention(start, end, text[start:end])


def _keeps_period(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", word))


def _np_backward(text: str, toks: list[_Tok], lex: Lexicon) -> int | None:
    """Index of the first token of the noun phrase ending at ``toks[-1]``, or None.

    A capitalised skip word is read as ``_as_name`` reads it where the walk reads it
    (``_subject_in``); the word lists it is otherwise read against hold no skip word."""
    rules = lex.rules
    skip = rules.skip
    i = len(toks) - 1
    if i < 0:
        return None
    last = toks[i]
    word = last[_LOWER]
    # (a share and a pronoun's phrase are read only behind the word that ends them: most
    # subjects end in neither, and a call costs more than the test)
    if i >= 2 and (word.isdigit() or word in rules.number_words):
        share = _worded_share(toks, rules)
        if share is not None:
            return share  # "Two in three said", "three out of four say"
    first = None
    lower_count = 0
    if i >= 2 and word in rules.object_only_pronouns and _pronoun_object(text, toks, i, lex):
        first, i = i, i - 1  # "a source close to her", "people around him": the pronoun ends it
    elif word in rules.subject_pronouns:
        return i
    while i >= 0 and len(toks) - i <= _MAX_NP:
        t = toks[i]
        w = t[_LOWER]
        initial = t[_WORD][0]
        if not initial.isalnum():
            break
        if w in skip and initial.isupper():
            w = _as_name(text, t, lex)[_LOWER]  # "..., Will described": maybe a name
        if w in rules.determiners:
            if first is None:
                if (
                    i == len(toks) - 1
                    and w in rules.plural_subjects
                    and _clause_opens(text, toks, i, lex)
                ):
                    return i  # "Another tweeted", "Several said": the pronoun is the subject
                if i > 0 and toks[i - 1][_LOWER] in ("of", "the"):
                    first = i  # "the mother of three replied", "the two write": a head
                    i -= 1
                    continue
                break
            first = i
            if i > 1 and _np_preposition(toks, i - 1, rules) and _noun_like(text, toks[i - 2], lex):
                i -= 1  # "people familiar with | the matter": go on past the preposition
                continue
            break
        if (
            first is not None
            and i > 0
            and _np_preposition(toks, i, rules)
            and _noun_like(text, toks[i - 1], lex)
        ):
            # "people familiar with the matter", "a spokesman for the ministry"
            i -= 1
            continue
        if (
            w == "and"
            and first is not None
            and i > 0
            and _as_name(text, toks[i - 1], lex)[_LOWER] in rules.modifiers
        ):
            i -= 1  # "current and former officials"
            continue
        # (``_capitalised(t)`` read off ``initial``, and a cue's forms looked up before the
        # call that tells an inflected one: most words are neither, and a call costs more)
        capitalised = initial.isupper() or initial.isdigit()
        if (
            w in rules.stop
            or w in rules.skip
            and not capitalised
            or w in rules.cues
            and _inflected_cue(w, rules)
            and not _gerund_noun(toks, i, rules)
        ):
            break
        if not capitalised and w not in rules.titles and w not in rules.modifiers:
            lower_count += 1
            if lower_count > _MAX_LOWER:
                break
        first = i
        i -= 1
    while first is not None and (
        toks[first][_LOWER] in rules.np_prepositions or toks[first][_LOWER] in _POSSESSIVE_S
    ):
        first = first + 1 if first + 1 < len(toks) else None
    return first


def _worded_share(toks: list[_Tok], rules) -> int | None:
    """Index of the first count in ``two in three`` / ``three out of four`` ending the
    tokens: a share of people polled written in words (digits go through ``_with_share``)."""
    if len(toks) < 3 or not _count(toks[-1][_LOWER], rules):
        return None  # most subjects: tested before the words are gathered
    words = [t[_LOWER] for t in toks[-5:]]
    if words[-2] == "in" and _count(words[-3], rules):
        return len(toks) - 3
    if words[-3:-1] == ["out", "of"] and len(words) >= 4 and _count(words[-4], rules):
        return len(toks) - 4
    return None


def _count(word: str, rules) -> bool:
    return word.isdigit() or word in rules.number_words


def _pronoun_object(text: str, toks: list[_Tok], i: int, lex: Lexicon) -> bool:
    """``close to her``: an object pronoun after a preposition that follows a word that
    can end a noun phrase ends a subject's postmodifier, not the subject itself."""
    rules = lex.rules
    return (
        toks[i][_LOWER] in rules.object_only_pronouns
        and _np_preposition(toks, i - 1, rules)
        and _noun_like(text, toks[i - 2], lex)
    )


def _np_preposition(toks: list[_Tok], i: int, rules) -> bool:
    """A preposition inside a subject: ``of``, ``with`` ..., and ``to`` after a word that
    takes it (``aides to the mayor``, ``close to her``): elsewhere ``to`` opens a verb."""
    w = toks[i][_LOWER]
    return w in rules.np_prepositions or (
        w == "to" and i > 0 and toks[i - 1][_LOWER] in rules.to_heads
    )


def _clause_opens(text: str, toks: list[_Tok], i: int, lex: Lexicon) -> bool:
    """Nothing but punctuation or a conjunction before ``toks[i]`` ("and", "but", "Yet
    another said": ``grammar.toml`` ``continuation_openers``)."""
    return (
        i == 0
        or not toks[i - 1][_WORD][0].isalnum()
        or _as_name(text, toks[i - 1], lex)[_LOWER] in lex.rules.continuation_openers
    )


def _noun_like(text: str, tok: _Tok, lex: Lexicon) -> bool:
    """Could end a noun phrase that a prepositional phrase attaches to."""
    rules = lex.rules
    w = _as_name(text, tok, lex)[_LOWER]
    return tok[_WORD][0].isalpha() and w not in rules.stop and w not in rules.skip


@lru_cache(maxsize=256)  # a cue after a quote asks twice: from the quote and from the clause
def subject_before(text: str, lo: int, cue_start: int, lex: Lexicon) -> Mention | None:
    """The subject of a cue, found in ``text[lo:cue_start]`` walking back from the cue.

    Most subjects sit in the few words before the cue: those are read first, and the
    longer window only when the near one holds punctuation or the walk reaches its edge.
    """
    aside = lex.aside.search(text, max(lo, cue_start - 30), cue_start)
    if aside:
        cue_start = aside.start()  # "Critics of the plan, however, say"
    near = max(lo, cue_start - _NEAR_WINDOW)
    if near > lo and not _needs_context(text, near, cue_start):
        found = _subject_in(text, near, cue_start, lex)
        edge = _TOKEN.search(text, near, cue_start)
        if found is not None and edge is not None and found.start > edge.start():
            return found
    return _subject_in(text, max(lo, cue_start - _WINDOW), cue_start, lex)


def _needs_context(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` holds punctuation, a spaced hyphen or a relative pronoun, so the
    subject may reach back past it. The same answer as one search for any of them (a
    match of any part), found with cheaper searches: the engine tried the one pattern,
    which opened with ``\b``, at every position of every window."""
    return bool(
        _CONTEXT_MARK.search(text, lo, hi)
        or (text.find("-", lo, hi) != -1 and _SPACED_HYPHEN.search(text, lo, hi))
        or (
            (text.find("wh", lo, hi) != -1 or text.find("that", lo, hi) != -1)
            and _RELATIVE.search(text, lo, hi)
        )
    )


def _subject_in(text: str, lo: int, cue_start: int, lex: Lexicon) -> Mention | None:
    """The subject walked back to from the cue in ``text[lo:cue_start]``.

    A capitalised skip word may be a name in disguise (``_as_name``: "..., Will said"):
    it is read as one where the walk reads a word against a list that holds skip words
    (``stop``, ``skip``, ``time_words`` ...), not turned into one in every token of the
    window first (the walk reads a few of them: 1.5% of a pass's instructions went to
    the turning). The other lists hold no skip word (``test_search_shortcuts``), so
    there a skip word and a name read alike."""
    toks = _tokens(text, lo, cue_start)
    if len(toks) == 1 and toks[0][_LOWER] in lex.rules.stop:
        # (a name in disguise: framed as _as_name turns it, or left for the walk to read)
        toks = [_framed_name(text, toks[0], cue_start, lex)]
    # (a word not stepped over is no skip word, so no name in disguise either)
    while toks and _steps_over(toks[-1], lex) and _steps_over(_as_name(text, toks[-1], lex), lex):
        toks.pop()
    toks = _strip_time_phrase(text, toks, lex)
    if not toks:
        return None
    last = toks[-1]
    if last[_WORD] in _SET_OFF_ENDS:  # (most subjects end in a word: two calls fewer)
        toks = _before_dashed_aside(text, toks)
        if not toks:
            return None
        toks = _before_bracket(toks)
    if toks and toks[-1][_WORD] in _APPOSITION_MARKS:
        toks = _before_bracket(_before_apposition(toks))
        if len(toks) > 2 and toks[-1][_LOWER] in lex.rules.asides and toks[-2][_WORD] == ",":
            toks = toks[:-2]  # "Roe, meanwhile, who has ..., said": the aside is no name
    elif last[_LOWER] in lex.rules.relatives and len(toks) > 1:
        # "the side, which insists": the mention runs from the antecedent to the pronoun
        toks = toks[:-2] if toks[-2][_WORD] == "," else toks[:-1]
    if not toks:
        return None
    first = _np_backward(text, toks, lex)
    if first is not None and first >= 3 and _participle_phrase(text, toks, first, lex):
        # "A source speaking to Fox News said": the subject is before the participle
        outer = _np_backward(text, toks[: first - 2], lex)
        if outer is not None:
            first = outer
    if first is not None and (first == 0 or toks[first - 1][_LOWER] not in ("who", "which")):
        # "..., who from the start has insisted": the subject is the relative's antecedent
        head = _before_relative_clause(text, toks)
        if head is not toks:
            toks, last = head, toks[len(head) + 1]  # the mention ends with the pronoun
            first = _np_backward(text, toks, lex)
    if first is None:
        return None
    first = _apposed_name(text, toks, first, lex)
    return _mention(text, toks[_with_share(toks, first)], last)


def _apposed_name(text: str, toks: list[_Tok], first: int, lex: Lexicon) -> int:
    """``Ada Brook, a nurse from Dover, said``, ``Ada Brook, 22, of Dover, said``: the phrase
    found before the cue describes a name set off by a comma before it (an age may stand
    between); the mention starts at the name. Not after an opening phrase (``In Dover, a
    nurse said``)."""
    k = first
    if k and toks[k - 1][_LOWER] in lex.rules.place_prepositions:
        k -= 1  # "of Dover": where the person is from
    elif toks[first][_LOWER] not in lex.rules.indefinite_articles:
        return first  # "the candidate", "these people": a subject of their own
    if k < 2 or toks[k - 1][_WORD] != ",":
        return first
    j = k - 2
    if toks[j][_WORD].isdigit() and j >= 2 and toks[j - 1][_WORD] == ",":
        j -= 2  # "Ada Brook, 22,"
    name = toks[j]
    if not (name[_WORD][0].isupper() and name[_WORD][0].isalpha()):
        return first
    start = _np_backward(text, toks[: j + 1], lex)
    if (
        start is None
        or (start and _as_name(text, toks[start - 1], lex)[_LOWER] in lex.rules.stop)
        or not all(t[_WORD][0].isupper() for t in toks[start : j + 1])
        or any(
            _as_name(text, t, lex)[_LOWER] in lex.rules.time_words or t[_LOWER] in lex.rules.asides
            for t in toks[start : j + 1]
        )
    ):
        return first  # "In Dover, a nurse said", "Early Tuesday, a nurse": no name
    return start


def _with_share(toks: list[_Tok], first: int) -> int:
    """``4 in 10 say``, ``nine out of 10 say``: the count before the base joins the subject."""
    if not toks[first][_WORD].isdigit():
        return first
    before = [t[_LOWER] for t in toks[max(0, first - 3) : first]]
    if before[-2:] == ["out", "of"] and len(before) == 3:
        return first - 3
    if before[-1:] == ["in"] and len(before) >= 2:
        return first - 2
    return first


def _gerund_noun(toks: list[_Tok], i: int, rules) -> bool:
    """``the mayor's thinking``, ``her reasoning``, ``his comments``: an -ing or -s form
    after a possessive or a determiner is a noun inside the subject, not a cue."""
    if i == 0 or not toks[i][_LOWER].endswith(("ing", "s")):
        return False
    before = toks[i - 1][_LOWER]
    return before in rules.determiners or before.endswith(("'s", "\u2019s"))


def _inflected_cue(word: str, rules) -> bool:
    """ "said", "told" end a subject walk; a bare "state" or "report" may be a noun in it."""
    cue = rules.cues.get(word)
    return cue is not None and word != cue.lemma.split()[0]


def _participle_phrase(text: str, toks: list[_Tok], first: int, lex: Lexicon) -> bool:
    """``source speaking to | Fox News``: a participle and a preposition before the NP."""
    prep, verb = toks[first - 1], _as_name(text, toks[first - 2], lex)
    return prep[_LOWER] in lex.rules.participle_prepositions and verb[_LOWER].endswith(
        ("ing", "ed")
    )


def _before_dashed_aside(text: str, toks: list[_Tok]) -> list[_Tok]:
    """``John Roe -- who lost in 2008 -- said``: the walk resumes before the first dash.
    The aside stays in the mention (the caller keeps its last token as the end)."""
    k = len(toks) - 1
    if toks[k][_WORD] not in _DASH_WORDS:  # first, as it is cheaper than the search
        return toks
    if not _DASHES.search(text, toks[0][_START], toks[-1][_END] + 1):
        return toks
    while k > 0 and toks[k - 1][_WORD] in _DASH_WORDS:
        k -= 1  # "--" is two tokens
    opening = next((j for j in range(k - 1, -1, -1) if toks[j][_WORD] in _DASH_WORDS), None)
    if opening is None:
        return toks
    while opening > 0 and toks[opening - 1][_WORD] in _DASH_WORDS:
        opening -= 1
    return toks[:opening] if opening > 0 else toks


def _before_relative_clause(text: str, toks: list[_Tok]) -> list[_Tok]:
    """``the side, who from the start has insisted`` -> the tokens up to ``the side``.

    The tokens are read back to the last comma only when the text holds one after the
    first token (most windows hold none: their tokens were all read for nothing)."""
    if len(toks) < 2 or text.find(",", toks[1][_START], toks[-1][_END]) == -1:
        return toks
    for k in range(len(toks) - 1, 0, -1):
        if toks[k][_WORD] == ",":
            if k + 1 < len(toks) and toks[k + 1][_LOWER] in ("who", "which") and k > 0:
                return toks[:k]
            return toks
    return toks


def _as_name(text: str, tok: _Tok, lex: Lexicon) -> _Tok:
    """``..., Will described``, ``"...," May said``: a capitalised modal or adverb in the
    middle of a sentence (after a word, a comma or a quote's closing comma) is a name, so
    it is looked up as written rather than stepped over."""
    if tok[_LOWER] not in lex.rules.skip or not tok[_WORD][0].isupper() or tok[_WORD].isupper():
        return tok
    start, end, word, _ = tok
    before = text[max(0, start - 3) : start].rstrip()
    after = _TOKEN.search(text, end, end + 30)
    if after is not None and after.group()[0].isupper():
        return tok  # "Roe Will Win", "Al Roe Just Said": a headline's capitals say nothing
    if before[-1:].isalnum() or before.endswith((",", ',"', ",\u201d")):
        return (start, end, word, word)
    return tok


def _framed_name(text: str, tok: _Tok, cue_start: int, lex: Lexicon) -> _Tok:
    """``"...," From said.``: the one capitalised word between a quotation's closing comma
    and its cue is the speaker's name even when it is spelled like a preposition or a
    conjunction, which would otherwise end the subject (pronouns and determiners stay
    what they are: ``"...," It said`` is no name)."""
    if (
        not tok[_WORD][0].isupper()
        or tok[_WORD].isupper()
        or tok[_LOWER] in lex.rules.subject_pronouns
        or tok[_LOWER] in lex.rules.determiners
        or text[tok[_END] : cue_start].strip()
        or not text[max(0, tok[_START] - 3) : tok[_START]].rstrip().endswith((',"', ",\u201d"))
    ):
        return tok
    start, end, word, _ = tok
    return (start, end, word, word)


def _steps_over(tok: _Tok, lex: Lexicon) -> bool:
    """Adverbs and auxiliaries between a subject and its cue ("has repeatedly said")."""
    w = tok[_LOWER]
    if w in lex.rules.skip or w == "n't":
        return True
    return w == tok[_WORD] and len(w) > 4 and w.endswith("ly") and w not in lex.rules.not_adverbs


def _strip_time_phrase(text: str, toks: list[_Tok], lex: Lexicon) -> list[_Tok]:
    """Drop a trailing time phrase ("on Monday", "in a statement") and skip words again."""
    ends = lex.trailing_ends
    skip = lex.rules.skip
    while toks:
        last = toks[-1]
        if last[_LOWER] in skip:
            last = _as_name(text, last, lex)  # "..., May said": maybe a name
        if ends is not None and last[_LOWER] not in ends and last[_WORD].isascii():
            return toks  # no time phrase nor skip word ends with this word: most subjects
        span_start = toks[max(0, len(toks) - 6)][_START]  # "less than two weeks ago"
        m = lex.trailing_skip.search(text, span_start, last[_END])
        if not m or m.end() != last[_END]:
            return toks
        cut = m.start()
        shorter = [t for t in toks if t[_END] <= cut]
        if len(shorter) == len(toks):
            return toks
        toks = shorter
    return toks


def _before_bracket(toks: list[_Tok]) -> list[_Tok]:
    """``Sen. Jane Roe (D-Ore.) said``: the bracket stays in the mention, the walk skips it."""
    if not toks or toks[-1][_WORD] != ")":
        return toks
    opening = next((k for k in range(len(toks) - 1, -1, -1) if toks[k][_WORD] == "("), 0)
    return toks[:opening]


def _opens_aside(toks: list[_Tok], k: int) -> bool:
    """A participle or a relative pronoun after a comma opens an aside about the subject;
    so does a lowercase participle with its agent (``The aides, led by Roe, told``)."""
    w = toks[k][_WORD]
    return (
        w in ("who", "whose", "which")
        or w.endswith("ing")
        and len(w) > 5
        and w.islower()
        or w.islower()
        and k + 1 < len(toks)
        and toks[k + 1][_LOWER] == "by"
    )


def _before_apposition(toks: list[_Tok]) -> list[_Tok]:
    """``Hill, a doctor,`` -> ``Hill`` when a name precedes the apposition's comma.

    The caller keeps the apposition in the mention (it names the speaker's role).
    Without an earlier comma there is no apposition: the cue follows a clause
    (``..., said Hill``) and the subject is after it.
    """
    body = toks[:-1]
    if body and body[-1][_WORD] == ")":
        return body  # "Gov. Jane Roe (R-Ohio), said": the caller steps over the bracket
    for k in range(len(body) - 2, max(0, len(body) - _MAX_APPOSITION), -1):
        if body[k][_WORD] in _APPOSITION_MARKS and _opens_aside(body, k + 1):
            # "Roe, speaking in Dover, Del., said" / "Roe, who grew up in Dover, Del., said"
            # ("Roe (D-Va.), ranking member of ..., said": the caller steps over the bracket)
            if k > 2 and body[k - 1][_WORD].isdigit() and body[k - 2][_WORD] == ",":
                k -= 2  # "Jane Roe, 24, who was visiting ..., told": an age before the aside
            return body[:k] if body[k - 1][_WORD][0].isalpha() or body[k - 1][_WORD] == ")" else []
    commas = 0
    for k in range(len(body) - 1, max(-1, len(body) - _MAX_APPOSITION), -1):
        if body[k][_WORD] in _APPOSITION_MARKS:
            head = body[:k]
            if head and head[-1][_WORD] == ")":
                head = head[
                    : next((j for j in range(len(head) - 1, -1, -1) if head[j][_WORD] == "("), 0)
                ]
            if head and head[-1][_WORD][0].isalpha() and _capitalised(head[-1]):
                return head  # (an age, "Jane Roe, 35, a nurse,", is one more aside)
            if head and k + 1 < len(body) and _capitalised(body[k + 1]):
                return body  # "Another critic, Laurence Tribe, likened": the name is the head
            commas += 1
            if commas == _MAX_ASIDES:  # "Smith, meanwhile, who sits ..., said"
                return []
    return []


def subject_after(text: str, pos: int, hi: int, lex: Lexicon) -> Mention | None:
    """The source after a cue: ``said Donna Smith, ...`` or ``according to officials``.

    The walk forward from the cue reads a token and the two after it, and most often stops
    within a few words, so only the first ``_AFTER_TOKENS`` tokens of the window are made
    (16 would be on average, 5,500 windows a PolNeAR train pass); the whole window is read
    when the walk comes within two tokens of the end of those, so the answer is the same."""
    end = min(hi, pos + _AFTER_WINDOW)
    toks = _tokens(text, pos, end, _AFTER_TOKENS)
    if not toks:
        return None
    if toks[0][_LOWER] in lex.rules.object_pronouns:
        return _mention(text, toks[0], toks[0])
    last, reached = _walk_after(toks, lex.rules)
    if len(toks) == _AFTER_TOKENS and reached + 3 > len(toks):
        toks = _tokens(text, pos, end)
        last, _ = _walk_after(toks, lex.rules)
    if last is None:
        return None
    return _mention(text, toks[0], toks[last])


def _walk_after(toks: list[_Tok], rules) -> tuple[int | None, int]:
    """The index of the last token of the subject that opens ``toks`` (None: no subject),
    and the index of the last token the walk read (it may also read the two after it)."""
    last = None
    lower_count = 0
    k = 0
    for k, t in enumerate(toks):
        w = t[_LOWER]
        if not t[_WORD][0].isalnum():
            break
        if k == 0 and w in rules.determiners:
            continue
        if w == "of" and last is not None and k + 1 < len(toks) and _capitalised(toks[k + 1]):
            continue
        if w == "of" and k == 1 and toks[0][_LOWER] in rules.determiners:
            continue  # "by some of his rivals", "according to many of them": a share
        if w == "and" and last is not None and k + 1 < len(toks) and _others(toks[k + 1]):
            continue  # "said Doyle and others"
        if w == "and" and last is not None and _joined(toks, k, rules):
            continue  # "said lobbyist and strategist Tom Reyes", "said Reyes and Brook"
        if w in rules.determiners and k and toks[k - 1][_LOWER] == "of":
            continue  # "said one of those advisers"
        if w in rules.stop and not _name_word(toks, k):
            break
        if not _capitalised(t) and w not in rules.titles and w not in rules.modifiers:
            lower_count += 1
            if lower_count > _MAX_LOWER:
                break
        last = k
        if k >= _MAX_NP:
            break
    return last, k


def _joined(toks: list[_Tok], k: int, rules) -> bool:
    """``and`` at ``toks[k]`` joins two names or roles of one subject: a name or a title on
    each side (``Reyes and Brook``, ``lobbyist and strategist``)."""
    if k + 1 >= len(toks):
        return False

    def role(t: _Tok) -> bool:
        return (t[_WORD][0].isupper() and t[_WORD][0].isalpha()) or t[_LOWER] in rules.titles

    # "former Gov. and party Chairman Ann Reyes": a word may stand before the second role
    return role(toks[k - 1]) and any(role(t) for t in toks[k + 1 : k + 3])


def _name_word(toks: list[_Tok], k: int) -> bool:
    """``said Will Reyes``, ``said Mark Young``: a capitalised function word before another
    capitalised word is a first name, not the end of the subject."""
    return toks[k][_WORD][0].isupper() and k + 1 < len(toks) and toks[k + 1][_WORD][0].isupper()


def _others(tok: _Tok) -> bool:
    return tok[_LOWER].rstrip(".") == "others"


def _ago_phrase(text: str, lo: int, hi: int) -> bool:
    """``Hours later,`` at ``lo`` (``_AGO``), matched only where one of its words is in
    ``text[lo:hi]``: the engine runs its class to the next mark and backs off a character
    at a time to try the words at each, some 16,000 machine instructions a sentence."""
    for word in _AGO_WORDS:  # (a loop, not any() over a generator: one call fewer)
        if text.find(word, lo, hi) != -1:
            return _AGO.match(text, lo, hi) is not None
    return False


def _proper_name(phrase: str) -> bool:
    """Two capitalised words or more (a loop that stops at the second: a generator
    summed to the end cost about twice as much)."""
    capitals = 0
    for w in phrase.split():
        if w[0].isupper():
            capitals += 1
            if capitals == 2:
                return True
    return False


def _name_head(text: str, found: Mention, lex: Lexicon) -> Mention:
    """``Roe pressed the chairman`` -> ``Roe``: a walk forward from a name may take the
    verb and its object along; the subject ends with its last capitalised word."""
    toks = _tokens(text, found.start, found.end)
    rules = lex.rules
    last = None
    for t in toks:
        if _capitalised(t):
            if t[_LOWER] not in rules.determiners:
                last = t
        elif not (
            t[_LOWER] in rules.titles
            or t[_LOWER] in rules.modifiers
            or t[_LOWER] in rules.determiners
            or t[_LOWER] in rules.np_prepositions
        ):
            break  # the verb: "Roe pressed", "Mr. Roe even echoed"
    if last is not None and last is not toks[-1]:
        return _mention(text, toks[0], last)
    return found


def _apposition_follows(text: str, found: Mention, lex: Lexicon) -> bool:
    """``Silverman, herself a supporter, drew ...``, ``Roe, a lawyer, said``: one
    capitalised name opening the sentence, then a comma and an apposition (an article or a
    reflexive pronoun), not an opening word ("Still, the mayor ...")."""
    words = found.text.split()
    if len(words) != 1 or not words[0][:1].isupper():
        return False
    w = words[0].lower()
    rules = lex.rules
    if w in rules.stop or w in rules.skip or w in rules.intro_words or w in rules.time_words:
        return False
    if w in rules.asides or w in rules.continuation_openers or w in rules.determiners:
        return False
    nxt = _APPOSITION_OPEN.match(text, found.end)
    return nxt is not None


def _before_past_verb(text: str, found: Mention, lex: Lexicon) -> Mention:
    """``Roe hammered Li`` -> ``Roe``, ``Ryan's campaign shrugged off Li's remarks`` ->
    ``Ryan's campaign``: the first lowercase word after the name, other than a title,
    modifier, determiner or preposition, is a past form (not after a possessive: ``the
    party's presumed nominee``) or a common verb, so the phrase ends before it."""
    rules = lex.rules
    toks = _tokens(text, found.start, found.end)
    for k, t in enumerate(toks):
        w = t[_LOWER]
        if _capitalised(t) or w in rules.titles or w in rules.modifiers:
            continue
        if w in rules.determiners or w in rules.np_prepositions:
            continue
        past = (
            len(w) > 3 and w.endswith("ed") and not toks[k - 1][_LOWER].endswith(("'s", "\u2019s"))
        )
        if k > 0 and (past or w in rules.clause_verbs):
            return _mention(text, toks[0], toks[k - 1])
        return found
    return found


def _before_verb(text: str, found: Mention, lex: Lexicon) -> Mention:
    """``The memo appears``, ``His face darted``, ``Both men issued``: a lowercase noun
    phrase read forward from its determiner may take its verb along; a past form, a
    common verb or a negated auxiliary after the head ends the subject."""
    rules = lex.rules
    toks = _tokens(text, found.start, found.end)
    if len(toks) < 3 or toks[0][_LOWER] not in rules.determiners:
        return found
    for k in range(2, len(toks)):
        t, before = toks[k], toks[k - 1]
        if _capitalised(t) or not before[_WORD][0].isalnum():
            continue
        w = t[_LOWER]
        past = (
            w.endswith("ed")
            and before[_LOWER] not in rules.determiners
            and not before[_LOWER].endswith("ly")
        )
        if w in rules.clause_verbs or past or w.endswith(("n't", "n\u2019t")):
            end = k - 1
            while end > 1 and _steps_over(toks[end], lex):
                end -= 1  # "The nurse later claimed": the adverb is no part of the name
            return _mention(text, toks[0], toks[end])
    return found


def sentence_subject(text: str, lo: int, hi: int, lex: Lexicon) -> Mention | None:
    """The subject of the sentence's main clause: the first comma-delimited segment that
    opens with a noun phrase followed by a lowercase word (its verb). Introductory phrases
    ("Hours later,", "Speaking in Ohio,") are passed over. Used for ``..., adding that``."""
    pos = lo
    rules = lex.rules
    for _ in range(4):
        found = subject_after(text, pos, hi, lex)
        opener = False
        if found is None:
            # "And he made ...", "And then Roe went ...": a conjunction and the adverbs
            # after it opening the sentence are no subject's words
            start = pos
            word = _TOKEN.match(text, _SPACE.match(text, start).end())
            if word is not None and (
                word.group().lower() in rules.continuation_openers
                or (pos == lo and word.group().lower() in rules.skip)  # "Then he cut ..."
            ):
                while word is not None and (
                    word.group().lower() in rules.continuation_openers
                    or word.group().lower() in rules.skip
                ):
                    start = word.end()
                    word = _TOKEN.match(text, _SPACE.match(text, start).end())
            if start > pos:
                found = subject_after(text, start, hi, lex)
                opener = True
        elif found is not None:
            first = found.text.split()[0].lower()
            if (
                first in rules.stop
                or first in rules.intro_words
                or first in rules.continuation_openers
                or first in rules.asides
                or (first.endswith("ly") and len(first) > 4 and first not in rules.not_adverbs)
            ):
                # "Yet the senator ...", "Hastily, the aide ...": not the subject's first word
                nxt = _TOKEN.search(text, found.start + len(first), hi)
                found = subject_after(text, nxt.start(), hi, lex) if nxt else None
                if found is not None and not found.text[:1].isalnum():
                    found = None
                opener = True
        if (
            found is not None
            and pos == lo
            and (_proper_name(found.text) or _apposition_follows(text, found, lex))
            and text.startswith(",", found.end)
        ):
            # "Jane Roe, her party's nominee, bemoaned ...", "Roe hammered Li, calling ..."
            return _before_past_verb(text, found, lex)
        if found is not None and (
            found.text.split()[0].lower() in lex.rules.time_words
            or found.text.lower() in lex.rules.skip
            or _ago_phrase(text, found.start, hi)
        ):
            found = None  # "Earlier this week,", "Even before ...,", "Eight years ago,"
        if found is not None:
            found = _before_verb(text, _name_head(text, found, lex), lex)
        if (
            found is not None
            and _VERB_NEXT.match(text, found.end, hi)
            and (
                found.text[:1].isupper()
                or found.text.lower() in lex.rules.pronouns
                or ((pos > lo or opener) and " " in found.text)  # "In August, several groups"
            )
        ):
            return found
        comma = text.find(",", pos, hi)
        if comma == -1:
            return None
        pos = comma + 1
    return None
