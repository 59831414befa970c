"""Turn the rules' word lists into compiled patterns, once per ``Rules`` object.

Everything the hot path matches is compiled here, so extraction does no pattern building
per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from quotetrack.extraction.literals import contained, final_words
from quotetrack.extraction.tries import alternation
from quotetrack.rules import Cue, Rules


@dataclass(frozen=True, eq=False)
class Lexicon:
    rules: Rules
    cue: re.Pattern  # any cue form, as a whole word
    anonymous: re.Pattern
    trailing_skip: re.Pattern  # adverbs, auxiliaries and time phrases before a cue
    aside: re.Pattern  # a sentence adverb set off by commas right before a cue (", however,")
    aside_after: re.Pattern  # ... and right after one ("says, however, that")
    title: re.Pattern  # a title or role word, whole word, any case
    content_break: re.Pattern  # where a reported clause ends before an appended comment
    # a speaker and a cue after a quote: "Smith said.", "Smith said, alluding to ..."
    # (not "He said the plan ..." nor "He said, "...": a new sentence)
    attribution: re.Pattern
    noun_markers: frozenset[str]  # determiners and prepositions: a bare form after one is a noun
    adverbs: frozenset[str]  # words between subject and cue that are not auxiliaries of a passive
    auxiliaries: frozenset[str]  # words a clause resumes with after an aside ("was", "has")
    # closed-class words compiled into the patterns attribute.py and pipeline.py test
    subordinate: re.Pattern  # "While ...", "Even though ..." opening a clause
    embedded: re.Pattern  # "what", "whether" right before a subject
    progressive: re.Pattern  # "is", "'s" right before an -ing cue
    passive_as: re.Pattern  # "is known as", "the so-called"
    term_quote: re.Pattern  # 'the phrase "', 'the slogan, "' right before a quotation
    name_titles: frozenset[str] = frozenset()  # "mr.", "sen.": stand before a name, lowercase
    # the last words (lowercase) that a ``trailing_skip`` match can end with; None: any
    trailing_ends: frozenset[str] | None = None
    # ``content_break`` cut in two: the breaks that open with a comma (a literal the regex
    # engine skips to) and the rest; a span neither finds anything in holds no break. Each
    # part comes with a few strings one of its matches must contain (``()``: no test), to
    # look for in a claim before the part is searched (see ``_by_comma``)
    content_break_parts: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = ()
    # where a cue may start, found in the text's folded bytes (see ``cue_matches``); None
    # when a cue form is not plain ASCII words, which the folding cannot vouch for
    cue_words: re.Pattern[bytes] | None = None
    # the cue forms (lowercase, keys of ``rules.cues``) whose first word is their lemma's:
    # plain forms ("say", "call") that may be nouns; read once here, not split for each cue
    bare_forms: frozenset[str] = frozenset()

    def cue_at(self, m: re.Match) -> Cue:
        return self.rules.cues[m.group().lower()]

    def cue_matches(self, text: str, low: str | None) -> list[re.Match]:
        """What ``cue.finditer(text)`` finds, where ``low`` is the text's
        :func:`~quotetrack.extraction.literals.lowered` form (None: the slow way).

        The cue pattern opens with a look-behind, so a search tried it at every character
        of the text (12% of extraction). Here the text is folded to bytes, one a character:
        ASCII letters in lowercase, anything else a space. At a start of a cue the folded
        text holds a space, then the whole cue form in lowercase, then a space:
        ``cue_words`` finds those spots (the regex engine skips from space to space; each
        match takes the space and the form's first word only, so one ``finditer`` finds
        every spot, even one inside a longer form), and the cue pattern is tried at them
        alone, left to right as ``finditer`` would. Letters that IGNORECASE matches with
        an ASCII one but that are not ASCII ("\u017f" for "s") make ``low`` None, as they
        would fold to a space."""
        if self.cue_words is None or low is None:
            return list(self.cue.finditer(text))
        folded = b" " + text.encode("latin-1", "replace").translate(_FOLD) + b" "
        match = self.cue.match
        out: list[re.Match] = []
        end = 0
        # the starts read in C, not by a search call a spot (156 against 160 M a pass)
        for start in map(_START, self.cue_words.finditer(folded)):  # folded: the space
            if start >= end and (m := match(text, start)) is not None:
                out.append(m)
                end = m.end()
        return out


_START = re.Match.start  # a spot's start: in the folded text its space, in the text its cue

#: Latin-1 bytes to ASCII lowercase letters, every other byte to a space (see
#: ``Lexicon.cue_matches``; characters beyond Latin-1 are encoded as "?" first).
_FOLD = bytes(c | 32 if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
#: A cue form the folding keeps whole: plain ASCII words, one space between them.
_PLAIN_FORM = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _cue_words(verbs: list[str], preps: list[str]) -> re.Pattern[bytes] | None:
    """Where a cue may start in a folded text (see ``Lexicon.cue_matches``): a space,
    then a whole cue form in lowercase, then a space. A match takes the space and the
    form's first word; the rest of the form and the space after it are a look-ahead (a
    longer form, or the next cue, may start inside it), and a first word has no space in
    it, so matches found one after another miss no spot. None when a form is not plain
    words.

    Whole forms, not only their first words: a plain form's words stand in the text with
    one space between them, which the folding keeps, so a spot where only a multi-word
    form's first word stands ("going" without "to say", "make" without "clear") is never
    tried with the cue pattern (a sixth of the spots; the scan 166 -> 160 M a pass)."""
    if not all(_PLAIN_FORM.fullmatch(f) for f in verbs + preps):
        return None
    rests: dict[str, set[str]] = {}  # first word -> the rest of each form ("" for none)
    for form in {f.lower() for f in verbs + preps}:
        first, _, rest = form.partition(" ")
        rests.setdefault(first, set()).add(rest)
    trie: dict = {}
    for first, after in rests.items():
        node = trie
        for char in first:
            node = node.setdefault(char, {})
        node[""] = "(?= )" if "" in after else f"(?= (?:{alternation(sorted(after))}) )"
    return re.compile(f" {_first_words(trie)}".encode("ascii"))


def _first_words(node: dict) -> str:
    """The trie of ``_cue_words``: a node maps a letter to the node after it, and ``""``
    to the look-ahead that ends a first word there."""
    branches = [re.escape(c) + _first_words(child) for c, child in sorted(node.items()) if c]
    if "" in node:
        branches.append(node[""])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


#: ``\w`` with the ASCII word characters spelled out first, for character classes in the
#: patterns run over whole texts: the regex engine answers for those from a bitmap and
#: looks a character's Unicode category up only for the rest (the same set; the cue scan
#: takes 6% less time, the tokens of a subject window 5%).
WORD_CHARS = r"a-zA-Z0-9_\w"


@lru_cache(maxsize=8)
def compile_rules(rules: Rules) -> Lexicon:
    verbs = [c.form for c in rules.cues.values() if c.kind != "preposition"]
    verbs += [f[0].upper() + f[1:] for f in rules.headline_cues]  # "..., Smith Says"
    preps = [c.form for c in rules.cues.values() if c.kind == "preposition"]
    before, after = rf"(?<![{WORD_CHARS}'’-])", rf"(?![{WORD_CHARS}’-])"
    cue = rf"{before}(?:{alternation(verbs)}|(?i:{alternation(preps, lower=True)})){after}"
    skip_words = alternation(sorted(rules.skip))
    times = "|".join(f"(?:{t})" for t in rules.time_phrases)
    skip_or_time = rf"(?:(?i:{times})|{skip_words}|n't)"
    trailing = rf"(?:[\s,]+{skip_or_time})+\s*$"
    titles = alternation(sorted(rules.titles), lower=True)
    tails = alternation(sorted(rules.tail_starters))
    place_tails = alternation(sorted(rules.tail_starters - {"to"}))  # not "declined to ..."
    subordinators = alternation(sorted(rules.subordinators))
    return Lexicon(
        rules=rules,
        cue=re.compile(cue),
        cue_words=_cue_words(verbs, preps),
        bare_forms=frozenset(
            f for f, c in rules.cues.items() if f.split()[0] == c.lemma.split()[0]
        ),
        anonymous=re.compile("|".join(f"(?:{p})" for p in rules.anonymous), re.IGNORECASE),
        trailing_skip=re.compile(trailing),
        aside=re.compile(rf",\s*(?i:{alternation(sorted(rules.asides), lower=True)}),\s*$"),
        aside_after=re.compile(
            rf"\s*,\s*(?i:{alternation(sorted(rules.asides), lower=True)})\s*,\s*"
        ),
        title=re.compile(rf"(?i:(?<![\w-])(?:{titles})(?![\w-]))"),
        attribution=re.compile(
            # after a question or an exclamation the speaker's clause may run on: '"Why?"
            # Roe asked reporters in an interview on Monday, when ...' (not 'Roe said the
            # plan ...', 'Critics praise his ...': a new sentence)
            rf"(?<=[!?][\"\u201d\u2019'])\s+(?:[\w.'\u2019-]+,?\s+){{0,6}}?{cue}"
            rf"(?=\s*[,.;:!?]|\s+(?:[A-Z]|(?:{tails})\b))"
            # after a full stop inside the marks only a tail may follow the cue: '"We won."
            # Roe said on Monday.' (not 'Some allies suggested that ...', 'The aide declined
            # to ...': a new sentence)
            rf"|(?<=[.][\"\u201d\u2019'])\s+(?:[\w.'\u2019-]+,?\s+){{0,6}}?{cue}"
            rf"(?:\s*[.!?]|\s+(?:{place_tails})\b(?:,?\s+[\w.'\u2019-]+){{0,6}}?\s*[.!?]"
            rf"|,\s+[a-z]\w*ing\b|\s+{subordinators}\s)"
            rf"|(?<![.][\"\u201d\u2019'])\s+(?:[\w.'\u2019-]+,?\s+){{0,6}}?{cue}"
            rf"(?:(?:,?\s+[\w.'\u2019-]+){{0,6}}?\s*[.!?]|,\s+[a-z]\w*ing\b|\s+{subordinators}\s)"
        ),
        noun_markers=rules.determiners | rules.noun_prepositions,
        adverbs=rules.skip - rules.passive,
        auxiliaries=rules.skip | rules.passive,
        content_break=re.compile("|".join(f"(?:{p})" for p in rules.content_breaks)),
        content_break_parts=_by_comma(rules.content_breaks),
        name_titles=frozenset(h.lower() for h in rules.honorifics) | frozenset(rules.titles),
        subordinate=re.compile(
            rf"[\s\"\u201c]*(?:{_capitalisable(rules.subordinate_modifiers)} )?"
            rf"{_capitalisable(rules.subordinate_openers)}\b"
        ),
        embedded=re.compile(rf"\b{_capitalisable(rules.embedded_openers)}\s+$"),
        progressive=re.compile(
            rf"(?:\b{alternation(sorted(rules.progressive_auxiliaries))}|['\u2019](?:s|re))\s+$"
        ),
        passive_as=re.compile(rf"\b{alternation(sorted(rules.passive_as_words))}\b"),
        term_quote=re.compile(
            rf"\b(?:the|a)\s+{alternation(sorted(rules.term_nouns))},?\s+[\"\u201c]$"
        ),
        trailing_ends=final_words(skip_or_time),
    )


def _by_comma(patterns: Iterable[str]) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """The patterns that open with a comma as one alternation, the others as another, each
    with the strings one of which its every match contains (``literals.contained``; ``()``
    for the comma part).

    The one alternation of all of them opens with no character the engine can skip to
    (",", or a space before a dash), so a search tried it at every position of every
    claim. The comma part does open with one, and its search costs about what looking for
    a string in the claim does. The rest (``\\s--?\\s``, a space and a dash) opens with a
    class the engine tests at each character (some 9 K instructions a claim): a claim that
    holds none of its strings (a dash, in six claims in seven) is not searched. Any match
    of the whole is a match of one part, so when neither part finds anything, the whole
    finds nothing (nine claims in ten)."""
    patterns = list(patterns)
    commas = [p for p in patterns if p.startswith(",")]
    others = [p for p in patterns if not p.startswith(",")]
    out: list[tuple[re.Pattern, tuple[str, ...]]] = []
    if commas:
        out.append((re.compile("|".join(f"(?:{p})" for p in commas)), ()))
    if others:
        rest = re.compile("|".join(f"(?:{p})" for p in others))
        out.append((rest, contained(rest) or ()))
    return tuple(out)


def _capitalisable(words: frozenset[str]) -> str:
    """``words`` as they stand or with a capital first letter ("while", "While"), not in
    capitals throughout."""
    return alternation(sorted(words | {w[:1].upper() + w[1:] for w in words}))
