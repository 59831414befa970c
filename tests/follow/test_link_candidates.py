"""The candidate ranking of statement linking against a plain reference: most shared
index keys first, the lowest statement id on a tie, CANDIDATES of them, over random key
maps shaped like a popular speaker's (a few keys leading to hundreds of statements, many
ties, statements started in the call with negative ids)."""

from __future__ import annotations

import random

from quotetrack.statements.link import CANDIDATES, _candidates


def _reference(keys: set[int], by_key: dict[int, set[int]]) -> list[int]:
    counts: dict[int, int] = {}
    for key in keys:
        for statement_id in by_key.get(key, ()):
            counts[statement_id] = counts.get(statement_id, 0) + 1
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    return ranked[:CANDIDATES]


def _random_map(rng: random.Random) -> tuple[set[int], dict[int, set[int]]]:
    statements = list(range(-5, rng.choice([3, 20, 300])))
    by_key = {}
    for key in range(rng.randint(0, 40)):
        fan_out = rng.choice([1, 2, 5, 50, 250])
        by_key[key] = set(rng.sample(statements, min(fan_out, len(statements))))
    keys = set(rng.sample(range(60), rng.randint(0, 30)))
    return keys, by_key


def test_candidates_match_the_reference_ranking():
    rng = random.Random(20261129)
    for _ in range(3000):
        keys, by_key = _random_map(rng)
        assert _candidates(keys, by_key) == _reference(keys, by_key)
