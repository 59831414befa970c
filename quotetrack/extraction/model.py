"""The records the extraction pipeline hands to the rest of quotetrack.

They are frozen dataclasses with character offsets into the text that was given to the
extractor, so that every result can be shown in context and checked. The extractor knows
nothing of the database: these records are the whole contract between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from operator import attrgetter

from quotetrack.extraction.frozen import slot_init
from quotetrack.extraction.pieces import joined_pieces

#: How the reported content relates to the speaker's words.
KINDS = ("direct", "partial", "mixed", "indirect")
#: What the cue says about the speaker's attitude to the content.
STANCES = ("neutral", "assertive", "hedged", "denial", "evaluative")
#: Where the resolved speaker came from.
RESOLUTIONS = ("name", "surname", "title", "pronoun", "organisation", "anonymous", "none")
#: Where an attribution's said-on date came from: the sentence, the document's
#: publication date, or (when that is unknown) the day it was ingested.
SAID_ON_SOURCES = ("text", "published", "ingested")
#: The precision a normalised date value carries.
PRECISIONS = ("day", "week", "month", "quarter", "year")


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class Attribution:
    """One statement and who made it.

    ``start``/``end`` delimit the content: for a direct quote the text inside the marks,
    for reported speech the whole reported clause. ``mention_*`` is the speaker's mention
    in this sentence (``he``, ``the spokesman``, ``Steve Witkoff``); ``speaker`` is the
    canonical name it resolves to within the article, or ``None`` when unknown.
    """

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_kind: str | None  # person | organisation | group | None when unknown
    mention: str | None
    mention_start: int | None
    mention_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    stance: str
    confidence: float
    rule: str
    resolution: str  # one of RESOLUTIONS
    anonymous: bool = False
    role: str | None = None  # title or role seen with the mention ("US Defense Secretary")
    sentence_start: int = 0
    sentence_end: int = 0
    #: For a quotation in pieces ("...," she said, "...") the spans of the pieces; the
    #: record's start/end then cover all of them. Empty when the content is one piece.
    fragments: tuple[tuple[int, int], ...] = ()
    #: For quoted words inside a reported claim (rule ``…+quoted-words``): the claim's
    #: span. It is one act of saying reported once, with these words shown in it; the
    #: record exists so that the words are found as the speaker's own quotation.
    within: tuple[int, int] | None = None
    # Filled in by ``enrich`` once the publication date is known (see SAID_ON_SOURCES).
    said_on: str | None = None  # TimeML value: 2025-02-12, 2025-W12, 2025-02, …
    said_on_precision: str | None = None
    said_on_source: str | None = None
    said_on_start: int | None = None  # span of the date expression, when from the text
    said_on_end: int | None = None
    dates: tuple[DateMention, ...] = ()  # dates mentioned in the attribution's sentence
    topics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # names in the content: countries, organisations, people

    @property
    def words(self) -> str:
        """The speaker's words alone: a split quotation's pieces joined by " … "."""
        return joined_pieces(self.text, self.start, self.fragments)


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text and normalised against an anchor date.

    ``value`` is a TimeML calendar value: ``2025-02-12`` (day), ``2025-W12`` (ISO week),
    ``2025-02`` (month), ``2025-Q1`` (quarter) or ``2025`` (year).
    """

    start: int
    end: int
    text: str
    value: str
    precision: str  # one of PRECISIONS
    rule: str = field(default="")


#: Attribution's fields in the order its constructor takes them, and a getter of them all.
_FIELDS = {f.name: i for i, f in enumerate(dataclass_fields(Attribution))}
_VALUES = attrgetter(*_FIELDS)
_POSITIONAL = all(f.init and not f.kw_only for f in dataclass_fields(Attribution))


def replaced(a: Attribution, changes: dict) -> Attribution:
    """``dataclasses.replace(a, **changes)``, in half the time: every field read by one
    getter, the record built with positional arguments (records are copied per article:
    enriched, and each quoted word inside a claim)."""
    if not _POSITIONAL:  # a field the constructor does not take by position
        return replace(a, **changes)
    values = list(_VALUES(a))
    for name, value in changes.items():
        values[_FIELDS[name]] = value
    return Attribution(*values)
