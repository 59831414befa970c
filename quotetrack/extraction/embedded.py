"""Quoted words inside a reported claim are quotes in their own right.

"Hegseth said that joining NATO is "unrealistic"" reports a claim (mixed: partly quoted)
and also quotes one word. A reader looking for what Hegseth *said, in his words* expects
"unrealistic" as a direct quote of its own, with the same speaker and cue. This pass adds
those records; the claim itself stays, since it is what was reported.
"""

from __future__ import annotations

import bisect
from operator import attrgetter

from quotetrack.extraction.model import Attribution, replaced
from quotetrack.extraction.quotes import Quote

#: Claims whose content holds quoted words of the speaker.
QUOTING_KINDS = ("mixed", "partial")


def with_embedded_quotes(
    text: str, attributions: list[Attribution], quotes: list[Quote]
) -> list[Attribution]:
    """The attributions plus one direct quote for each of the document's ``quotes``
    (sorted by start) that lies inside a mixed or partial claim, sorted by start; spans
    already reported are not repeated."""
    taken = {(a.start, a.end) for a in attributions}
    starts = [q.start for q in quotes]
    added: list[Attribution] = []
    for a in attributions:
        if a.kind not in QUOTING_KINDS:
            continue
        for q in quotes[bisect.bisect_left(starts, a.start) :]:
            if q.start >= a.end:
                break
            span = (q.start, q.end)
            if span in taken or q.end > a.end:
                continue
            taken.add(span)
            added.append(
                replaced(
                    a,
                    {
                        "start": q.start,
                        "end": q.end,
                        "text": text[q.start : q.end],
                        "kind": "direct",
                        "rule": f"{a.rule}+quoted-words",
                        "fragments": (),
                        "within": (a.start, a.end),
                    },
                )
            )
    if not added:
        return attributions
    return sorted([*attributions, *added], key=attrgetter("start", "end"))
