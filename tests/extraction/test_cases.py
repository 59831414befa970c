"""Table-driven behaviour of the extractor: one case per English pattern (cases.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quotetrack.extraction.model import Attribution
from quotetrack.extraction.pipeline import extract

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

CASES = tomllib.loads((Path(__file__).parent / "cases.toml").read_text(encoding="utf-8"))["case"]


def _covering(found: list[Attribution], text: str, content: str) -> list[Attribution]:
    start = text.index(content)
    end = start + len(content)
    return [a for a in found if a.start < end and start < a.end]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict) -> None:
    text = case["text"]
    found = extract(text)
    hits = _covering(found, text, case["content"])
    if case.get("absent"):
        assert hits == [], f"unexpected: {hits}"
        return
    assert hits, f"nothing found over {case['content']!r}; found {found}"
    a = hits[0]
    if "speaker" in case:
        assert a.speaker == (case["speaker"] or None)
    if "mention" in case:
        assert a.mention is not None and case["mention"] in a.mention
    for key in ("kind", "stance", "resolution", "anonymous"):
        if key in case:
            assert getattr(a, key) == case[key], f"{key}: {getattr(a, key)!r}"
