"""When and about what: the second pass over an article's attributions.

Extraction finds who said what; this pass adds the date each statement was made (from
its sentence when the text says so, else the publication date), the dates its sentence
mentions, its topics and the names it contains. It is separate because it needs the
publication date, which the first pass does not.
"""

from __future__ import annotations

import bisect
from datetime import date

from quotetrack.extraction.dates import find_dates
from quotetrack.extraction.model import Attribution, DateMention, replaced
from quotetrack.extraction.said_on import said_on
from quotetrack.extraction.topics import TopicRules, entities, load_topics, merge, topics_of


def enrich(
    text: str,
    attributions: list[Attribution],
    published: date | None,
    published_source: str = "published",
) -> list[Attribution]:
    """The attributions with said-on date, sentence dates, topics and keywords filled in.

    ``published_source`` is ``ingested`` when the publication date is only the day the
    document was ingested; a said-on date that falls back to it says so.
    """
    if not attributions:
        return []
    # Only the dates inside an attribution's sentence are read below: the others (half
    # an article's) are neither vetoed nor resolved. Sorted by start, as it promises.
    found = find_dates(
        text, published, within={(a.sentence_start, a.sentence_end) for a in attributions}
    )
    starts = [d.start for d in found]
    rules = load_topics()
    fallback = None  # the said-on fields of an attribution whose sentence gives no date
    if published is not None:
        fallback = {
            "said_on": published.isoformat(),
            "said_on_precision": "day",
            "said_on_source": "ingested" if published_source == "ingested" else "published",
        }
    sentence_topics: dict[tuple[int, int], frozenset[str]] = {}
    out = []
    for a in attributions:
        in_sentence = _within(found, starts, a.sentence_start, a.sentence_end) if found else ()
        when = None  # without a date in its sentence, said_on has none to choose
        if in_sentence:
            when = said_on(
                a.sentence_start,
                a.sentence_end,
                a.cue_start,
                a.cue_end,
                _outside_content(a, in_sentence),
                text=text,
            )
        fields = {
            "dates": in_sentence,
            "topics": _topics(text, a, rules, sentence_topics),
            "keywords": entities(a.text, rules),
        }
        if when is not None:
            fields |= {
                "said_on": when.value,
                "said_on_precision": when.precision,
                "said_on_source": "text",
                "said_on_start": when.start,
                "said_on_end": when.end,
            }
        elif fallback is not None:
            fields |= fallback
        out.append(replaced(a, fields))
    return out


def _outside_content(a: Attribution, dates: list[DateMention]) -> list[DateMention]:
    """The dates that may date the act of saying. A record with no source whose content
    holds its own cue (``The board is expected to vote on Monday``) has no act of saying
    in the sentence: a date inside it belongs to what is expected or asked. Every other
    record keeps all the dates of its sentence for ``said_on`` to choose from."""
    if a.mention_start is not None or a.cue_start is None or not a.start <= a.cue_start < a.end:
        return list(dates)
    return [d for d in dates if not a.start <= d.start < a.end]


def _topics(
    text: str, a: Attribution, rules: TopicRules, seen: dict[tuple[int, int], frozenset[str]]
) -> tuple[str, ...]:
    """topics.tag for one attribution, reading each sentence once however many statements
    it reports; content inside its sentence adds nothing the sentence does not have."""
    key = (a.sentence_start, a.sentence_end)
    if key not in seen:
        seen[key] = topics_of(text[a.sentence_start : a.sentence_end], rules)
    if a.sentence_start <= a.start and a.end <= a.sentence_end:
        return merge(seen[key], rules=rules)
    return merge(topics_of(a.text, rules), seen[key], rules=rules)


def _within(found: list, starts: list[int], lo: int, hi: int) -> tuple:
    """The dates (sorted by start) inside ``[lo, hi)``: a bisection, not a scan of every
    date in the article for every attribution, which made long documents quadratic."""
    first, last = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    return tuple(d for d in found[first:last] if d.end <= hi)


def analyse(
    text: str, published: date | None, published_source: str = "published"
) -> list[Attribution]:
    """Extraction and enrichment in one call: what ``quotetrack.extract`` returns."""
    from quotetrack.extraction.pipeline import extract

    return enrich(text, extract(text), published, published_source)
