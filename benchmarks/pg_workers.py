"""Two ingest processes against one PostgreSQL: throughput against one, and duplicates.

A newsroom runs several ingesters against one database. This benchmark ingests a folder
of synthetic articles three ways, each into a fresh database:

* one ``quotetrack ingest`` process over the whole folder;
* two processes at once, each over half of it (the throughput case; target >= 1.6x);
* two processes at once over the *same* whole folder (the race case: every document,
  speaker, alias and topic must still be stored exactly once).

Runs are interleaved and medians reported.

    python benchmarks/pg_workers.py --server postgresql://postgres@127.0.0.1:5432
    python benchmarks/pg_workers.py --articles 2000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_machine  # noqa: E402
from query_speed import quotetrack_argv  # noqa: E402
from synth import write_articles  # noqa: E402

TARGET_SPEEDUP = 1.6
DUPLICATE_CHECKS = {
    "documents with the same text": "SELECT count(*) - count(DISTINCT content_hash) FROM documents",
    "speakers with the same key": "SELECT count(*) - count(DISTINCT key) FROM speakers",
    "aliases twice for a speaker": (
        "SELECT count(*) FROM (SELECT speaker_id, key FROM speaker_aliases "
        "GROUP BY speaker_id, key HAVING count(*) > 1) d"
    ),
    "attribution spans twice": (
        'SELECT count(*) FROM (SELECT document_id, start, "end" FROM attributions '
        'GROUP BY document_id, start, "end" HAVING count(*) > 1) d'
    ),
}


class Databases:
    """Fresh databases on one server, dropped afterwards."""

    def __init__(self, server: str) -> None:
        import psycopg

        self.server = server.rstrip("/")
        self.admin = psycopg.connect(self.server + "/postgres", autocommit=True)
        self.made: list[str] = []

    def new(self) -> str:
        name = "qt_pgw_" + uuid.uuid4().hex[:10]
        self.admin.execute(f"CREATE DATABASE {name}")
        self.made.append(name)
        return f"{self.server}/{name}"

    def query(self, url: str, sql: str) -> int:
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute(sql).fetchone()[0]

    def close(self) -> None:
        for name in self.made:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name}")
        self.admin.close()


class Waits:
    """What the ingest backends of one database are doing, sampled from
    ``pg_stat_activity`` every ``every`` seconds: running, waiting on a lock (another
    writer's row or transaction), on WAL flushes at commit, or idle in a transaction
    while the client computes. Tells where two writers serialise."""

    def __init__(self, server: str, database: str, every: float = 0.05) -> None:
        import threading

        self.server, self.database, self.every = server, database, every
        self.counts: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        sql = (
            "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        with psycopg.connect(self.server + "/postgres", autocommit=True) as conn:
            while not self._stop.wait(self.every):
                for state, kind, event in conn.execute(sql, (self.database,)):
                    if state == "idle":
                        continue
                    what = "running" if kind is None else f"{kind}:{event}"
                    if state == "idle in transaction":
                        what = "idle in transaction (client working)"
                    self.counts[what] = self.counts.get(what, 0) + 1

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        return self.counts


def ingest_at_once(url: str, folders: list[Path], waits: dict | None = None) -> tuple[float, float]:
    """Start one ingest per folder at the same moment; the wall time until all are done
    and the CPU time (user + system) of the ingest processes. With ``waits``, what their
    server backends were doing is sampled and added to it."""
    argv = quotetrack_argv()
    # The schema is created first, so that the timed runs measure ingest, not migration.
    subprocess.run([*argv, "init", "--db", url], check=True, capture_output=True)
    sampler = Waits(url.rsplit("/", 1)[0], url.rsplit("/", 1)[1]) if waits is not None else None
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*argv, "ingest", str(f), "--db", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for f in folders
    ]
    errors = [p.stderr.read() for p in procs]
    cpu = 0.0
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
    wall = time.perf_counter() - t0
    if sampler is not None:
        for what, n in sampler.stop().items():
            waits[what] = waits.get(what, 0) + n
    for p, err in zip(procs, errors, strict=True):
        if p.returncode not in (0, 3):
            raise SystemExit(f"ingest failed: {err.decode()[-2000:]}")
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    print_machine()
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    dbs = Databases(args.server)
    one: list[tuple[float, float]] = []
    two: list[tuple[float, float]] = []
    race: list[tuple[float, float]] = []
    waits: dict[str, int] = {}
    problems: dict[str, int] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            whole = Path(tmp) / "all"
            write_articles(whole, args.articles, args.seed, 10)
            files = sorted(whole.rglob("*.txt"))
            halves = [Path(tmp) / "a", Path(tmp) / "b"]
            for i, f in enumerate(files):
                target = halves[i % 2] / f.name
                target.parent.mkdir(exist_ok=True)
                os.link(f, target)
            size = sum(f.stat().st_size for f in files)
            print(f"input: {len(files)} articles, {size / 1e6:.1f} MB")
            for _ in range(args.runs):
                url = dbs.new()
                one.append(ingest_at_once(url, [whole]))
                url = dbs.new()
                two.append(ingest_at_once(url, halves, waits))
                url = dbs.new()
                race.append(ingest_at_once(url, [whole, whole]))
                docs = dbs.query(url, "SELECT count(*) FROM documents")
                problems["documents stored (race)"] = docs
                for name, sql in DUPLICATE_CHECKS.items():
                    problems[name] = problems.get(name, 0) + dbs.query(url, sql)
    finally:
        dbs.close()
    m1, m2, mr = (statistics.median(w for w, _ in x) for x in (one, two, race))
    c1, c2, cr = (statistics.median(c for _, c in x) for x in (one, two, race))
    print(
        f"one process, whole folder:     median {m1:6.1f} s  {size / m1 / 1e6:5.2f} MB/s  "
        f"client CPU {c1:.1f} s"
    )
    print(
        f"two processes, half each:      median {m2:6.1f} s  {size / m2 / 1e6:5.2f} MB/s  "
        f"client CPU {c2:.1f} s  speed-up {m1 / m2:.2f}x (target >= {TARGET_SPEEDUP}x: "
        f"{'met' if m1 / m2 >= TARGET_SPEEDUP else 'SHORT'})"
    )
    print(f"two processes, same folder:    median {mr:6.1f} s  client CPU {cr:.1f} s")
    total = sum(waits.values()) or 1
    print("two processes, half each: their server backends, sampled every 50 ms:")
    for what, n in sorted(waits.items(), key=lambda kv: -kv[1]):
        print(f"  {n / total:6.1%}  {what}")
    stored = problems.pop("documents stored (race)")
    print(f"race: {stored} documents stored for {len(files)} articles")
    for name, n in problems.items():
        print(f"  duplicates, {name}: {n}")
    clean = stored == len(files) and not any(problems.values())
    print(f"zero duplicates: {'yes' if clean else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
