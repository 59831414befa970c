"""How fast attributions are linked to statements as the store grows to a million.

    python benchmarks/statements_speed.py [--attributions 1000000] [--db URL]
        [--per-document 10] [--speakers 20000]

Builds a store of synthetic attributions (documents of ``--per-document`` each, said by
speakers drawn from a Zipf distribution, words from a Zipf vocabulary), a third of them
repeats of something the same speaker said before: re-punctuated, re-cased, cut to a
partial quote, with an ellipsis or one word changed. Each document's attributions are
linked the way ingest links them (``link_attributions``, one call per document), and
the time of the linking alone is reported: overall, and per attribution in the first and
the last tenth of the run, to show whether the cost grows with the store. It also checks
the joins against the known truth (a repeat joined to the statement it repeats; a fresh
quote joined to nothing).

The default database is a SQLite file in a temporary folder, deleted afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from sqlalchemy import func, select  # noqa: E402

from quotetrack.statements.link import link_attributions  # noqa: E402
from quotetrack.store.engine import make_engine, session_factory, writer  # noqa: E402
from quotetrack.store.follow_models import StatementAppearance, StatementKey  # noqa: E402
from quotetrack.store.migrate import ensure_current  # noqa: E402
from quotetrack.store.models import Attribution, Document, Speaker  # noqa: E402
from quotetrack.store.search_index import index_attributions  # noqa: E402

VOCABULARY = 8000
REPEAT_SHARE = 0.33
DOCS_PER_COMMIT = 200


class Synth:
    """Quotes with a known truth: ``origin[i]`` is the index of the quote i repeats."""

    def __init__(self, speakers: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        weights = [1 / (r + 1) for r in range(VOCABULARY)]
        self.words = [f"w{r}" for r in range(VOCABULARY)]
        self.cum = _cumulative(weights)
        self.speaker_cum = _cumulative([1 / (r + 1) ** 0.8 for r in range(speakers)])
        self.said: list[tuple[int, str]] = []  # (speaker index, text) of fresh quotes
        self.by_speaker: dict[int, list[int]] = {}

    def quote(self) -> tuple[int, str, int | None]:
        """(speaker index, text, index of the fresh quote it repeats or None)."""
        rng = self.rng
        if self.said and rng.random() < REPEAT_SHARE:
            origin = rng.randrange(len(self.said))
            speaker, text = self.said[origin]
            return speaker, self._vary(text), origin
        speaker = _draw(self.speaker_cum, rng.random())
        n = rng.randint(8, 30)
        text = " ".join(self.words[_draw(self.cum, rng.random())] for _ in range(n))
        text = text[0].upper() + text[1:] + "."
        self.said.append((speaker, text))
        return speaker, text, None

    def _vary(self, text: str) -> str:
        rng, words = self.rng, text.rstrip(".").split()
        change = rng.choice(("punctuation", "case", "partial", "ellipsis", "word"))
        if change == "punctuation":
            return "“" + ", ".join(words[:3]) + " " + " ".join(words[3:]) + ",”"
        if change == "case":
            return text.upper()
        if change == "partial" and len(words) >= 12:
            start = rng.randrange(0, len(words) - 8)
            return " ".join(words[start : start + rng.randint(8, len(words) - start)])
        if change == "ellipsis" and len(words) >= 12:
            cut = rng.randrange(4, len(words) - 6)
            return " ".join(words[:cut]) + " … " + " ".join(words[cut + 2 :])
        if len(words) >= 12:
            words[rng.randrange(len(words))] = "changed"
        return " ".join(words)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = sum(weights), []
    running = 0.0
    for w in weights:
        running += w / total
        out.append(running)
    return out


def _draw(cum: list[float], x: float) -> int:
    import bisect

    return min(bisect.bisect_left(cum, x), len(cum) - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attributions", type=int, default=1_000_000)
    parser.add_argument("--per-document", type=int, default=10)
    parser.add_argument("--speakers", type=int, default=20_000)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument(
        "--prefill",
        type=int,
        default=0,
        help="first load this many attributions with their statements and index keys in "
        "bulk (SQLite only), then link --attributions on top of that store",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        run(url, args.attributions, args.per_document, args.speakers, args.prefill)


def run(url: str, total: int, per_document: int, speakers: int, prefill: int = 0) -> None:
    engine = make_engine(url)
    ensure_current(engine)
    sessions = session_factory(writer(engine))
    with sessions.begin() as session:
        speaker_ids = _speakers(session, speakers)
    synth = Synth(speakers)
    truth: dict[int, int | None] = {}  # attribution id -> fresh quote index it repeats
    fresh_of: dict[int, int] = {}  # fresh quote index -> attribution id
    timings: list[float] = []  # seconds per document's linking (wall clock)
    cpu: list[float] = []  # the same in CPU time of this process (the machine may be shared)
    day0, now = date(2024, 1, 1), datetime.now(UTC)
    skip = 0
    if prefill:
        skip = _prefill(engine, synth, speaker_ids, prefill, per_document, day0, fresh_of)
    docs = (total + per_document - 1) // per_document
    linked = 0
    started = time.perf_counter()
    for first in range(skip, skip + docs, DOCS_PER_COMMIT):
        with sessions.begin() as session:
            for d in range(first, min(first + DOCS_PER_COMMIT, skip + docs)):
                doc_id = _document(session, d, day0 + timedelta(days=d // 300), now)
                quotes = [synth.quote() for _ in range(min(per_document, total - linked))]
                ids = session.scalars(
                    Attribution.__table__.insert().returning(
                        Attribution.id, sort_by_parameter_order=True
                    ),
                    [
                        _row(doc_id, speaker_ids[s], text, i)
                        for i, (s, text, _) in enumerate(quotes)
                    ],
                ).all()
                if ids:
                    index_attributions(session, ids[0], ids[-1])  # as ingest does
                for attribution_id, (_, _, origin) in zip(ids, quotes, strict=True):
                    truth[attribution_id] = origin
                    if origin is None:
                        fresh_of[len(fresh_of)] = attribution_id
                t, c = time.perf_counter(), time.process_time()
                link_attributions(session, list(ids))
                timings.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                linked += len(ids)
        if ((first - skip) // DOCS_PER_COMMIT) % 50 == 49:
            recent, recent_cpu = sum(timings[-10_000:]), sum(cpu[-10_000:])
            n = sum(1 for _ in timings[-10_000:]) * per_document
            print(
                f"  {linked:>9,} linked; last {n:,}: {recent / n * 1000:.3f} ms wall, "
                f"{recent_cpu / n * 1000:.3f} ms CPU per attribution",
                flush=True,
            )
    wall = time.perf_counter() - started
    with sessions() as session:
        _report(session, url, linked, timings, cpu, wall, truth, fresh_of)


def _prefill(engine, synth, speaker_ids, n, per_document, day0, fresh_of) -> int:
    """Load ``n`` attributions, their statements (by the known truth, as the linker would
    join them), appearances and index keys with raw bulk inserts; returns the number of
    documents written. Much faster than linking them one document at a time, so the
    linking that follows can be timed against a store of realistic size."""
    from quotetrack.statements.normalise import index_keys, spoken, wording

    t = time.perf_counter()
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("PRAGMA foreign_keys=OFF")
    cur.execute("BEGIN")
    statement_of_fresh: list[int] = []
    stats: dict[int, list] = {}  # statement -> [first attribution, first seen, count]
    docs = (n + per_document - 1) // per_document
    attribution_id = 0
    rows, appearances, keys = [], [], []
    for d in range(docs):
        published = (day0 + timedelta(days=d // 300)).isoformat()
        text = f"synthetic document {d}"
        cur.execute(
            "INSERT INTO documents (id, content_hash, text, published, published_source, "
            "ingested_at) VALUES (?, ?, ?, ?, 'given', '2026-01-01 00:00:00')",
            (d + 1, hashlib.sha256(text.encode()).hexdigest(), text, published),
        )
        for i in range(min(per_document, n - attribution_id)):
            speaker, quote, origin = synth.quote()
            attribution_id += 1
            if origin is None:
                sid = len(statement_of_fresh) + 1
                statement_of_fresh.append(sid)
                fresh_of[len(fresh_of)] = attribution_id
                stats[sid] = [attribution_id, published, 0, speaker_ids[speaker]]
            else:
                sid = statement_of_fresh[origin]
            stats[sid][2] += 1
            row = _row(d + 1, speaker_ids[speaker], quote, i)
            rows.append((attribution_id, *row.values()))
            appearances.append((attribution_id, sid))
            keys.extend(
                (k, sid) for k in index_keys(speaker_ids[speaker], wording(spoken(quote, "direct")))
            )
        if len(keys) > 200_000 or d == docs - 1:
            columns = ", ".join('"' + c + '"' for c in _row(0, 0, "", 0))
            cur.executemany(
                f"INSERT INTO attributions (id, {columns}) "
                f"VALUES ({', '.join('?' * len(rows[0]))})",
                rows,
            )
            cur.execute(
                "INSERT INTO attributions_fts (rowid, text) SELECT id, text FROM attributions "
                "WHERE id BETWEEN ? AND ?",
                (rows[0][0], rows[-1][0]),
            )
            cur.executemany(
                "INSERT INTO statement_appearances (attribution_id, statement_id, reason, "
                "score) VALUES (?, ?, 'prefill', 1.0)",
                appearances,
            )
            cur.executemany(
                "INSERT OR IGNORE INTO statement_keys (key, statement_id) VALUES (?, ?)", keys
            )
            rows, appearances, keys = [], [], []
            print(f"  prefill: {attribution_id:>9,} attributions", flush=True)
    cur.executemany(
        "INSERT INTO statements (id, speaker_id, created_at, first_attribution_id, first_seen, "
        "appearances, sources, independent_sources) "
        "VALUES (?, ?, '2026-01-01 00:00:00', ?, ?, ?, ?, ?)",
        [(sid, sp, first, seen, c, c, c) for sid, (first, seen, c, sp) in stats.items()],
    )
    raw.commit()
    cur.execute("PRAGMA foreign_keys=ON")
    raw.close()
    print(f"  prefill of {n:,} attributions: {time.perf_counter() - t:,.0f} s", flush=True)
    return docs


def _speakers(session, n: int) -> list[int]:
    rows = [{"name": f"Speaker {i}", "key": f"speaker {i}", "kind": "person"} for i in range(n)]
    session.execute(Speaker.__table__.insert(), rows)
    return list(session.scalars(select(Speaker.id).order_by(Speaker.id)))


def _document(session, n: int, published: date, now: datetime) -> int:
    text = f"synthetic document {n}"
    return session.execute(
        Document.__table__.insert()
        .values(
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            published=published,
            published_source="given",
            ingested_at=now,
        )
        .returning(Document.id)
    ).scalar_one()


def _row(doc_id: int, speaker_id: int, text: str, i: int) -> dict:
    return {
        "document_id": doc_id,
        "speaker_id": speaker_id,
        "start": i * 1000,
        "end": i * 1000 + len(text),
        "text": text,
        "kind": "direct",
        "stance": "neutral",
        "confidence": 0.8,
        "rule": "synthetic",
        "resolution": "named",
        "anonymous": False,
        "sentence_start": i * 1000,
        "sentence_end": i * 1000 + len(text),
    }


def _report(session, url, linked, timings, cpu, wall, truth, fresh_of) -> None:
    statement_of = {
        a: s
        for a, s in session.execute(
            select(StatementAppearance.attribution_id, StatementAppearance.statement_id)
        )
    }
    repeats = [a for a, origin in truth.items() if origin is not None]
    joined_right = sum(
        1 for a in repeats if statement_of.get(a) == statement_of.get(fresh_of[truth[a]])
    )
    fresh = [a for a, origin in truth.items() if origin is None]
    first_of: dict[int, int] = {}  # statement -> its earliest attribution
    for a, statement in sorted(statement_of.items()):
        first_of.setdefault(statement, a)
    wrongly_joined = sum(1 for a in fresh if first_of[statement_of[a]] != a)
    keys = session.scalar(select(func.count()).select_from(StatementKey))
    tenth = max(1, len(timings) // 10)
    per = linked / len(timings)
    early = sum(timings[:tenth]) / (tenth * per) * 1000
    late = sum(timings[-tenth:]) / (tenth * per) * 1000
    link_total = sum(timings)
    early_cpu = sum(cpu[:tenth]) / (tenth * per) * 1000
    late_cpu = sum(cpu[-tenth:]) / (tenth * per) * 1000
    print(f"\nbackend:                 {url.split(':', 1)[0]}")
    print(f"attributions linked:     {linked:,}")
    print(f"linking time:            {link_total:,.1f} s ({linked / link_total:,.0f} per second)")
    print(f"linking CPU time:        {sum(cpu):,.1f} s ({linked / sum(cpu):,.0f} per second)")
    print(f"per attribution, first 10%: {early:.3f} ms   last 10%: {late:.3f} ms (wall)")
    print(f"per attribution, first 10%: {early_cpu:.3f} ms   last 10%: {late_cpu:.3f} ms (CPU)")
    print(f"wall time incl. inserts: {wall:,.1f} s")
    stored = session.scalar(select(func.count()).select_from(Attribution))
    print(f"attributions in store:   {stored:,}")
    print(f"statement index rows:    {keys:,} ({keys / stored:.1f} per attribution)")
    print(
        f"repeats joined to their statement: {joined_right:,} of {len(repeats):,} "
        f"({joined_right / max(1, len(repeats)):.1%})"
    )
    print(
        f"fresh quotes wrongly joined to another: {wrongly_joined:,} of {len(fresh):,} "
        f"({wrongly_joined / max(1, len(fresh)):.2%})"
    )


if __name__ == "__main__":
    main()
