"""Wording reduced to what survives re-typing: words, casefolded, split at ellipses.

Outlets re-punctuate, re-capitalise, swap straight and curly quotes, and cut words out
with an ellipsis. None of that changes what was said, so none of it may stop two
appearances from matching. An ellipsis marks omitted words, so it splits the wording
into segments and no shingle spans it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

SHINGLE = 3  # words per shingle: rare enough per speaker to be a selective index key
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]|\(\s*\.\.\.\s*\)")
# An apostrophe between word characters. The class comes first and the letter before it
# is checked behind it: a pattern that opens with a class is searched by skipping to
# the class's characters, one that opens with a look-behind is tried at every place
# (a third of the time of wording() went to it).
_APOSTROPHE = re.compile(r"['’‘`](?<=\w.)(?=\w)")
_WORD = re.compile(r"\w+")
KEY_MASK = (1 << 63) - 1
_QUOTE_MARK = re.compile(r'["“”„«»]')


@dataclass(frozen=True, slots=True)
class Wording:
    """A quote's words in order, and the segments an ellipsis split them into."""

    segments: tuple[tuple[str, ...], ...]
    # all the words, in order: read for every comparison, so made once
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        segments = self.segments  # most quotes are one segment: its tuple as it is
        words = segments[0] if len(segments) == 1 else tuple(chain.from_iterable(segments))
        object.__setattr__(self, "words", words)

    def __reduce__(self):
        """Pickled as its two tuples and restored as they were: ``ingest --jobs`` sends
        each document's wordings from a worker to the parent, and the dataclass's own
        ``__setstate__`` (a Python loop over its fields) cost a quarter more to unpickle
        and half more to pickle."""
        return (_restore, (self.segments, self.words))

    def shingles(self, n: int = SHINGLE) -> set[tuple[str, ...]]:
        """Word n-grams inside each segment; a segment shorter than n is one shingle."""
        found: set[tuple[str, ...]] = set()
        for segment in self.segments:
            if len(segment) < n:
                if segment:
                    found.add(segment)
                continue
            found.update(segment[i : i + n] for i in range(len(segment) - n + 1))
        return found


def _restore(segments: tuple[tuple[str, ...], ...], words: tuple[str, ...]) -> Wording:
    restored = object.__new__(Wording)
    object.__setattr__(restored, "segments", segments)
    object.__setattr__(restored, "words", words)
    return restored


def wording(text: str) -> Wording:
    """``text`` normalised: NFKC, casefolded, apostrophes dropped inside words ("don't" →
    "dont"), every other mark a word break, ellipses segment breaks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _APOSTROPHE.sub("", folded)
    segments = []
    for part in _ELLIPSIS.split(folded):
        words = tuple(_WORD.findall(part.replace("_", " ")))
        if words:
            segments.append(words)
    return Wording(tuple(segments))


def spoken(text: str, kind: str) -> str:
    """The speaker's own words in an attribution: for a mixed or partial quote ("the
    government would 'not let this dam …'"), only the quoted parts, each its own segment,
    since the reporter's paraphrase around them differs from outlet to outlet."""
    if kind == "direct" or not _QUOTE_MARK.search(text):
        return text
    quoted = _QUOTE_MARK.split(text)[1::2]
    return " … ".join(q for q in quoted if q.strip()) or text


#: An empty blake2b of 8 bytes, never updated, only copied: a copy costs less than a new
#: one, whose keyword arguments are parsed each time (index_keys, copies._hashed).
EMPTY_BLAKE2B_8 = hashlib.blake2b(digest_size=8)


def stable_hash(*parts: object) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted), so
    it can be stored in a BIGINT column on either backend."""
    # (a copy of an empty blake2b costs less than a new one, whose keyword arguments are
    # parsed each time: a fifth of this function; called for each attribution stored)
    h = EMPTY_BLAKE2B_8.copy()
    h.update("\x1f".join(map(str, parts)).encode())
    return int.from_bytes(h.digest(), "big") & KEY_MASK


# A statement key: the speaker's id (mod 2^23) in the top bits, a hash of speaker and
# shingle in the low 40 (migration 0010). One speaker's keys are neighbours in the index,
# so a document's new keys land on a few pages per speaker (a new speaker's at the end)
# instead of one random page each: a commit writes about half the pages it did.
SPEAKER_BITS = 23
HASH_BITS = 40
SPEAKER_MASK = (1 << SPEAKER_BITS) - 1
HASH_MASK = (1 << HASH_BITS) - 1


def index_keys(speaker_id: int, w: Wording) -> set[int]:
    """The statement index keys of a wording said by ``speaker_id``: for each of its
    shingles, ``(speaker_id mod 2^23) << 40 | stable_hash(speaker_id, shingle) mod 2^40``,
    spelled out here since the parent of ``ingest --jobs`` computes a few hundred per
    article while it stores.

    The low bits still hash the speaker, so two speakers whose ids agree mod 2^23 share
    a key only by a 40-bit accident (and a candidate is then checked word by word); and
    a stored key can be rewritten from the one before it in SQL (migration 0010)."""
    # blake2b reads its input as a stream: the speaker's prefix is hashed once and each
    # shingle's hash continues a copy of that state (a new blake2b per key, its keyword
    # arguments parsed each time, cost a third more: 42 -> 27 us for a 25-word quote)
    speaker = EMPTY_BLAKE2B_8.copy()
    speaker.update(f"{speaker_id}\x1f".encode())
    high = (speaker_id & SPEAKER_MASK) << HASH_BITS
    copy, from_bytes = speaker.copy, int.from_bytes
    keys = set()
    for segment in w.segments:
        if len(segment) <= SHINGLE:
            runs: Iterable[tuple[str, ...]] = (segment,) if segment else ()
        else:
            runs = (segment[i : i + SHINGLE] for i in range(len(segment) - SHINGLE + 1))
        for run in runs:
            h = copy()
            h.update(" ".join(run).encode())
            keys.add(high | (from_bytes(h.digest(), "big") & HASH_MASK))
    return keys
