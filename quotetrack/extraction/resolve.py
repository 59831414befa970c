"""Work out who a mention refers to, using only what the article said before it.

- a full name is its own canonical form; a surname ("Witkoff") or an honorific + surname
  ("Mr. Witkoff") becomes the full name introduced earlier ("Steve Witkoff");
- a title without a name ("the US President") becomes the person introduced earlier with
  that title ("US President Donald Trump"), else the latest person with the same head title;
- a pronoun becomes the most recent earlier speaker of a compatible kind and gender;
- organisations and named groups are their own canonical form ("the Kremlin");
- anonymous sources ("a senior official") are flagged and never given a name.

When nothing fits, the speaker is ``None``: a wrong name is worse than none.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from quotetrack.extraction.frozen import slot_init
from quotetrack.extraction.lexicon import Lexicon
from quotetrack.extraction.literals import lowered
from quotetrack.extraction.mentions import Mention
from quotetrack.rules import Rules

# A capital, not after a word character (checked once the capital is matched: a pattern
# that opens with a character class lets the regex engine skip to the next capital), then
# the rest of a capitalised word or of initials ("J.", "U.S.").
#
# The inner parts of a word ("McCain", "Al-Assad", "O'Neil") and the words after the first
# are tried only when the next character can open one (the look-aheads): most capitals open
# a single word before a space and a lowercase word, and entering a repeated group costs the
# regex engine more than the look-ahead (the same matches, a fifth less time a text).
#
# The first word's letters and the spaces after it are taken whole (``++``: no giving
# back): a shorter run of them leaves a letter where the inner part or the space must
# start, so the engine's walk back through each single capitalised word found nothing
# (the same matches; a quarter of the pattern's 100 M instructions a pass).
_INNER = r"(?:(?=[-'\u2019A-Z])(?:[-'\u2019]?[A-Z][a-z]+|[-'\u2019][a-z]+)+|)"
_NAME = re.compile(
    rf"[A-Z](?<![\w'\u2019][A-Z])(?:[a-z]++{_INNER}|\.(?:[A-Z]\.)*)(?=\s++[A-Zdvba])"
    rf"(?:\s+(?:[A-Z][a-z]+{_INNER}|(?:[A-Z]\.)+|(?:de|van|von|bin|al|[JS]r\.|II|III)(?!\w)))+"
)
_TRAILING_RELATIVE = re.compile(r"\s+(?:that|which|who)$")
_OF_PHRASE = re.compile(r"\s(?:of|from|for|at|in|with|\w+ing\s(?:to|with|on))\s")
#: Examples after a group ("critics like Jane Roe say"): the group speaks, not the example.
_EXAMPLES = re.compile(r",?\s(?:like|such as|including)\s")
_CAP_WORD = re.compile(r"[A-Z][\w'\u2019.-]*")
_WORDS = re.compile(r"[\w'\u2019.-]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_REACH = 80  # how far back from a name its title may start
#: Where ``_NAME`` may start: a capital not after a word character (its own opening).
_NAME_START = re.compile(r"[A-Z](?<![\w'\u2019][A-Z])")
#: What a match of ``_NAME`` may hold besides spaces (``\s``: ``str.isspace``), and the
#: lowercase letters that open none of its lowercase particles ("de", "van", "von",
#: "bin", "al"): no match holds such a letter after a space (``_barrier``).
_NAME_CHARS = frozenset(string.ascii_letters + ".'\u2019-")
_NO_PARTICLE = frozenset(string.ascii_lowercase) - frozenset("abdv")
#: Up to the last barrier (as ``_barrier`` reads it) of the window it is matched in.
_LAST_BARRIER = re.compile(r"(?s:.*)(?:[^A-Za-z.'\u2019\s-]|(?<=\s)[ce-uw-z])")


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    kind: str | None  # person | organisation | group | None
    resolution: str
    anonymous: bool = False
    role: str | None = None


_NOBODY = Speaker(None, None, "none")  # no mention (frozen: one record serves every such)


@lru_cache(maxsize=4096)
def _speaker(name: str | None, kind: str | None, resolution: str, role: str | None) -> Speaker:
    """One record per distinct resolved speaker (frozen, so it can be shared): building
    one costs about 6,000 machine instructions, finding it again about 1,700, and an
    article resolves the same few people over and over (some 3,000 a pass over 200 files)."""
    return Speaker(name, kind, resolution, role=role)


@dataclass
class Resolver:
    """Resolves mentions in document order; remembers names, titles and speakers."""

    text: str
    lex: Lexicon
    surnames: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    speakers: list[Speaker] = field(default_factory=list)
    #: The text's :func:`~quotetrack.extraction.literals.lowered` form when the caller has
    #: it (None: worked out when a title's look-up needs it).
    low: str | None = field(default=None, repr=False)
    #: How far the mentions resolved so far reach: the names that start before it are
    #: the ones the article has introduced (``_index_until``), and ``_bound`` caches
    #: (reach, end of the names read to it: ``_read_to``).
    _limit: int = field(default=0, repr=False)
    _bound: tuple[int, int] = field(default=(0, 0), repr=False)
    #: Names are found lazily, where a look-up needs them (``_name_ending``): for a
    #: surname or a full name's gender, only around the text's occurrences of the
    #: surname, where a scan of the whole text read every name of the article (some 80 M
    #: machine instructions a pass over 200 texts, for a few hundred look-ups; the
    #: resolver's replay went from 132 M to 86 M). Per surname and per name, where its
    #: occurrences not yet read start; the names found per end offset.
    _surname_from: dict[str, int] = field(default_factory=dict, repr=False)
    _gender_from: dict[str, int] = field(default_factory=dict, repr=False)
    _ending: dict[int, re.Match[str] | None] = field(default_factory=dict, repr=False)
    #: The names read so far for titles (offset, name) under the word right before them
    #: (lowercased): a name's title ends with that word, so only the names under a
    #: title's head word need the walk back for their title. Only for a text that does
    #: not lower one character to one (``_named_after``): every name before the reach is
    #: read, in order, from the scan below.
    _after_word: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)
    _role_at: dict[int, str] = field(default_factory=dict, repr=False)  # title by offset
    #: The lowercased text when it lowers one character to one ("": it does not), and per
    #: title head word the names read after it, how far (``_named_after``).
    _low: str | None = field(default=None, repr=False)
    _heads: dict[str, tuple[list[tuple[int, str]], int, int]] = field(
        default_factory=dict, repr=False
    )
    #: The names not yet read for titles (as above), found as the reading reaches them.
    _pending: Iterator[re.Match[str]] = field(init=False, repr=False)
    _next_name: re.Match[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pending = _NAME.finditer(self.text)
        self._next_name = next(self._pending, None)

    # -- what the article has said so far ----------------------------------------------

    def _index_until(self, pos: int) -> None:
        """The names before ``pos`` are introduced (read when a look-up needs them)."""
        if pos > self._limit:
            self._limit = pos

    def _read_to(self) -> int:
        """Where the names introduced so far end: the reach, or the end of the name that
        starts before it and runs past it (a mention may start inside a name)."""
        limit = self._limit
        if self._bound[0] != limit:
            end = limit
            # (no name holds a barrier at the reach or before it, as before a pronoun)
            text = self.text
            if 0 < limit < len(text) and not (_barrier(text, limit - 1) or _barrier(text, limit)):
                for m in _names(text, _restart(text, limit), limit):
                    end = max(end, m.end())
            self._bound = (limit, end)
        return self._bound[1]

    def _name_ending(self, pos: int, end: int) -> re.Match[str] | None:
        """The name a scan of the whole text finds ending at ``end`` whose last word
        starts at ``pos`` (a space before it), or None. The scan is restarted at the
        last point before ``pos`` that no name can run across (``_restart``)."""
        if end in self._ending:
            return self._ending[end]
        text = self.text
        at = _restart(text, pos)
        found = None
        # (``_names`` written out: a generator a call costs more than the loop)
        while (start := _NAME_START.search(text, at, pos)) is not None:
            m = _NAME.match(text, start.start())
            if m is None:
                at = start.end()
            elif m.end() < end:
                at = m.end()
            else:
                found = m if m.end() == end else None
                break
        self._ending[end] = found
        return found

    def _people_named(
        self, surname: str, table: dict[str, int], key: str
    ) -> Iterator[tuple[str, int]]:
        """The person names introduced so far that end with the word ``surname``, in the
        text's order, from where ``table[key]`` says this look-up stopped last (name,
        offset): each ends at an occurrence of the surname after a space."""
        text, rules, n = self.text, self.lex.rules, len(surname)
        end = self._read_to()
        i = table.get(key, 0)
        while (p := text.find(surname, i, end)) != -1:
            i = p + 1
            table[key] = i
            if p and text[p - 1].isspace() and (m := self._name_ending(p, p + n)) is not None:
                person = _person_name(m.group(), rules)
                if person is not None and person[1] == surname:
                    yield person[0], m.start() + person[2]
        table[key] = max(i, end - n + 1)  # (every occurrence before it is read)

    def _named_after(self, head: str) -> list[tuple[int, str]]:
        """The person names introduced so far whose word before (``_word_before``) is
        ``head``, in order (offset, name).

        Read only around the occurrences of ``head`` in the lowercased text: that word is
        the run of word characters that ends at most ``_REACH`` characters before the
        name (perhaps cut by that edge), so it is such an occurrence where the text lowers
        one character to one character (no "\u0130", no context-bound "\u03a3"); else
        every name is read (``_read_words_before``). An occurrence near the reach is read
        again by a later look-up, for the names after the reach it left."""
        if self._low is None:
            low = self.low if self.low is not None else lowered(self.text)
            self._low = low if low is not None and "\u03a3" not in self.text else ""
        if not self._low:
            self._read_words_before()
            return self._after_word.get(head, [])
        text, low, rules, limit, n = self.text, self._low, self.lex.rules, self._limit, len(head)
        found, seen, i = self._heads.get(head) or ([], -1, 0)
        end = self._read_to()
        while (a := low.find(head, i, end)) != -1:
            # the names that may start within reach of the word's end (a name's offset is
            # where it starts in its match, or the character before when the match spaces
            # its words otherwise: hence the one past the reach)
            for m in _names(text, _restart(text, a + n), a + n + _REACH + 1):
                if m.start() <= seen:
                    continue  # (read from an earlier occurrence)
                if m.start() >= limit:
                    break
                seen = m.start()
                person = _person_name(m.group(), rules)
                if person is not None:
                    start = seen + person[2]
                    if self._word_before(start) == head:
                        found.append((start, person[0]))
            if a + n + _REACH + 1 > limit:
                break  # (the names after the limit: for a later look-up)
            i = a + 1
        self._heads[head] = (found, seen, i)
        return found

    def _read_words_before(self) -> None:
        """``_after_word`` for every name introduced so far (before a title's look-up)."""
        rules = self.lex.rules
        limit = self._limit
        while (found := self._next_name) is not None and (start := found.start()) < limit:
            self._next_name = next(self._pending, None)
            person = _person_name(found.group(), rules)
            if person is None:
                continue
            name, _, offset = person
            if word := self._word_before(start + offset):  # (no word: no title)
                self._after_word.setdefault(word, []).append((start + offset, name))

    def _word_before(self, start: int) -> str:
        """The first word the walk back of :meth:`_role_before` reads, lowercased: the last
        word of the title it finds, if any (a search, not the walk: a tenth of the cost)."""
        word = _WORDS.search(self._backwards(start))
        return word.group()[::-1].lower() if word else ""

    def _backwards(self, start: int) -> str:
        """The window a name's title may stand in, backwards (for walks back from the name;
        only a few names are walked back from, so the whole text is not reversed)."""
        return self.text[max(0, start - _REACH) : start][::-1]

    def _gender(self, name: str) -> str:
        """The gender first read for ``name`` (an honorific before it, else its title), or
        set by a pronoun that referred to it; "" when none. A name's occurrences are read
        for it only now, first to last, up to the first that tells."""
        gender = self.genders.get(name)
        if gender is not None:
            return gender
        titles = self.lex.rules.titles
        surname = name.rsplit(" ", 1)[-1]
        for person, start in self._people_named(surname, self._gender_from, name):
            if person != name:
                continue
            gender = self._honorific_gender(start)
            if not gender:
                # a title's gender is its last word's, the word before the name
                gender = titles.get(self._word_before(start), "")
                gender = gender if gender and self._role(start) else ""
            if gender:
                self.genders[name] = gender
                return gender
        return ""

    def _role(self, start: int) -> str:
        """:meth:`_role_before`, once per name (both look-ups above may want it)."""
        role = self._role_at.get(start)
        if role is None:
            role = self._role_at[start] = self._role_before(start)
        return role

    def _role_before(self, start: int) -> str:
        """Title words right before a name: "US Defense Secretary", "special envoy".

        The walk back from the name usually stops at its first word ("said Jane Roe"),
        so it runs before the title search of the whole window, which then only has to
        confirm a title the walk found; a title word the walk found inside the window
        (not cut by its edge) is one the search finds, so the search runs only for one
        at the edge.
        """
        rules = self.lex.rules
        lo = max(0, start - _REACH)
        kept: list[str] = []
        has_title = confirmed = False
        # the window's words, last first: the runs of a character class in the reversed
        # text are the forward scan's words reversed, in reverse order
        window = self._backwards(start)
        for m in _WORDS.finditer(window):
            w = m.group()[::-1]
            lw = w.lower().rstrip(".")
            if lw in rules.titles or w.lower() in rules.titles:
                has_title = True
                # a whole word after a character outside the word class: the title
                # pattern (a title between non-word characters) matches it there
                confirmed = confirmed or m.end() < len(window)
            elif not (lw in rules.modifiers or w[:1].isupper()):
                break
            kept.insert(0, w)
        if not has_title or not (confirmed or self.lex.title.search(self.text, lo, start)):
            return ""
        while kept and kept[0].lower() in rules.determiners:
            kept.pop(0)
        return " ".join(kept)

    def _honorific_gender(self, start: int) -> str:
        before = self.text[max(0, start - 6) : start].split()
        return self.lex.rules.honorifics.get(before[-1], "") if before else ""

    # -- resolving ---------------------------------------------------------------------

    def resolve(self, mention: Mention | None) -> Speaker:
        if mention is None:
            return _NOBODY
        self._index_until(mention.start)
        speaker = self._resolve(mention)
        if speaker.name is not None:
            self.speakers.append(speaker)
        return speaker

    def _resolve(self, mention: Mention) -> Speaker:
        reading = _reading(mention.text, self.lex)
        if isinstance(reading, Speaker):
            return reading  # the words alone decide: the same record each time
        if reading[0] == "pronoun":
            return self._pronoun(reading[1])
        if reading[0] == "surname":
            return self._surname(*reading[1:])
        return self._titled(*reading[1:])

    def _surname(self, name: str, role: str | None, otherwise: Speaker) -> Speaker:
        """A one-word name: the full name introduced earlier, else ``otherwise``."""
        full = self.surnames.get(name)
        if full is None:
            for person, _ in self._people_named(name, self._surname_from, name):
                full = self.surnames[name] = person
                break
        if full:
            return _speaker(full, "person", "surname", role)
        return otherwise

    def _titled(self, key: str, head: str, role: str) -> Speaker:
        """The first name read with the title ``key``, else the latest one whose title has
        the head word ``head``. A name's title ends with the word right before the name, so
        only the names after the word ``head`` can have either."""
        after = self._named_after(head)
        for start, name in after:
            if self._role(start).lower() == key:
                return _speaker(name, "person", "title", role)
        for start, name in reversed(after):
            if self._role(start):
                return _speaker(name, "person", "title", role)
        return _speaker(None, "person", "none", role)

    def _pronoun(self, word: str) -> Speaker:
        spec = self.lex.rules.pronouns[word]
        gendered = spec["gender"] in ("male", "female")  # ("they", "it": none to check)
        for prev in reversed(self.speakers[-6:]):
            if not prev.name or prev.anonymous:
                continue
            if spec["kind"] == "person" and prev.kind != "person":
                continue
            if spec["kind"] == "organisation" and prev.kind == "person":
                continue
            if spec["number"] == "plural" and prev.kind == "person":
                continue
            gender = self._gender(prev.name) if gendered else ""
            if gendered and gender and gender != spec["gender"]:
                continue
            if gendered and not gender:
                self.genders[prev.name] = spec["gender"]
            return _speaker(prev.name, prev.kind, "pronoun", prev.role)
        return _NOBODY


def _barrier(text: str, i: int) -> bool:
    """No match of ``_NAME`` holds ``text[i]``: a character outside its letters, marks and
    spaces, or a lowercase letter after a space that opens no particle."""
    char = text[i]
    if char in _NO_PARTICLE:
        return i > 0 and text[i - 1].isspace()
    return char not in _NAME_CHARS and not char.isspace()


def _restart(text: str, pos: int) -> int:
    """The last offset at or before ``pos`` that no match of ``_NAME`` runs across: right
    after a character none holds (``_barrier``), else the text's start. A scan started
    there finds what a scan of the whole text finds from there on: every match before it
    ends before it (the pattern's look-behind reads the text before a scan's start).

    Found by ``_LAST_BARRIER``, whose engine runs to ``pos`` and tries the barrier at
    each character back from it (a walk in Python, or a search of the reversed window,
    cost more: the barrier is most often some ten characters back)."""
    lo = pos
    reach = 64
    while lo > 0:
        lo = max(0, pos - reach)
        found = _LAST_BARRIER.match(text, lo, pos)
        if found is not None:
            return found.end()
        reach *= 4
    return 0


def _names(text: str, pos: int, hi: int) -> Iterator[re.Match[str]]:
    """What ``_NAME.finditer(text, pos)`` finds that starts before ``hi``, with no search
    past ``hi`` for a start (a match found by ``match`` at each possible start in turn)."""
    while (start := _NAME_START.search(text, pos, hi)) is not None:
        found = _NAME.match(text, start.start())
        if found is None:
            pos = start.end()
        else:
            yield found
            pos = found.end()


def _core(text: str) -> str:
    """The mention without a trailing apposition or relative pronoun: "Jane Roe, a lawyer"
    and "Jane Roe, who" -> "Jane Roe"."""
    return _TRAILING_RELATIVE.sub("", text.split(",")[0].strip())


@lru_cache(maxsize=4096)  # the same names recur within an article and across articles
def _person_name(raw: str, rules: Rules) -> tuple[str, str, int] | None:
    """A capitalised run as a person's full name to remember: (name, surname, where the
    name starts in the run), or None when it is no such name (one word, an organisation).
    Worked out once per run of words: the resolver reads every name of an article."""
    name = _stripped_name(raw, rules)
    if not name or " " not in name or _is_organisation(name, rules):
        return None
    return name, name.split()[-1], raw.rfind(name)


@lru_cache(maxsize=4096)
def _stripped_name(raw: str, rules: Rules) -> str:
    """The name inside a capitalised run: no leading function words, titles or roles."""
    words = raw.split()
    titled = [k for k, w in enumerate(words) if w.lower().rstrip(".") in rules.titles]
    if titled:
        words = words[titled[-1] + 1 :]
    while words and (
        words[0].lower() in rules.stop
        or words[0].lower() in rules.determiners
        or words[0] in rules.honorifics
        or words[0].lower() in rules.titles
        or words[0].lower() in rules.modifiers
    ):
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=4096)  # mentions recur: "he", "the president", the same names
def _reading(text: str, lex: Lexicon) -> Speaker | tuple:
    """What a mention's own words say about its speaker, before the article is consulted:
    the speaker when the words alone decide; else ``("pronoun", word)``, ``("surname",
    name, role, the speaker when no full name has that surname)`` or ``("titled", role
    without its article, the role's head word, role)`` (worked out once per wording)."""
    rules = lex.rules
    words = text.split()
    lower = text.lower()
    if len(words) == 1 and lower in rules.pronouns:
        return ("pronoun", lower)
    core = _EXAMPLES.split(_core(text))[0]
    owner = _OF_PHRASE.split(core)[0]  # "Jane Roe of Ohio" -> "Jane Roe"
    if lex.anonymous.search(owner) and not _CAP_WORD.search(owner[1:]):
        return Speaker(None, "group", "anonymous", True)
    if _CAP_WORD.search(owner):
        core = owner
    names = [_stripped_name(m.group(), rules) for m in _NAME.finditer(core)]
    names = [n for n in names if n]
    role = _role_in(core, lex)
    if names and not _is_organisation(names[-1], rules):
        return _named(names[-1], role, rules)
    caps = [w for w in core.split() if w[:1].isupper()]
    head = core.split()[-1].lower().strip(".,") if core else ""
    if _is_organisation(core, rules) or head in rules.org_nouns:
        return Speaker(core if caps else None, "organisation", "organisation", False, role)
    if head in rules.group_nouns:
        return Speaker(core if caps else None, "group", "organisation")
    if role:
        key = _ARTICLE.sub("", role.lower())
        return ("titled", key, key.split()[-1] if key else "", role)
    single = [w for w in caps if w.lower() not in rules.determiners and w not in rules.honorifics]
    if len(single) == 1 and len(core.split()) <= 2:
        return _named(single[0].strip(".,"), role, rules)
    return Speaker(None, None, "none", False, role)


def _named(name: str, role: str | None, rules: Rules) -> Speaker | tuple:
    """The reading of a name: without honorifics, a full name is the speaker; a single
    word may be the surname of a full name introduced earlier (see :func:`_reading`)."""
    name = " ".join(w for w in name.split() if w not in rules.honorifics)
    if not name:
        return Speaker(None, None, "none", role=role)
    if " " in name:
        return Speaker(name, "person", "name", role=role)
    kind = "organisation" if name in rules.org_capitalised else None
    return ("surname", name, role, Speaker(name, kind, "name", role=role))


def _role_in(core: str, lex: Lexicon) -> str | None:
    if lex.title.search(core):
        words = core.split()
        kept = [w for w in words if not _NAME.fullmatch(w) or w.lower() in lex.rules.titles]
        return " ".join(kept) or None
    return None


def _is_organisation(name: str, rules: Rules) -> bool:
    """A word of the name is an organisation's ("Ministry", "Party")."""
    return not rules.org_capitalised.isdisjoint(name.split())  # one C call, not a generator
