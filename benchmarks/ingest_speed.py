"""End-to-end ingest of a folder into SQLite: throughput, --jobs scaling, memory.

Each run is ``quotetrack ingest FOLDER --db NEW.db --jobs J`` as a whole process into a
fresh database, so reading, extraction, the dateline and storing are all counted. Job
counts are interleaved run by run (these machines are noisy) and medians reported.
Targets: >= 1 MB/s of text; --jobs N faster on more cores with the same rows and no
duplicates; peak RSS <= 200 MB over 10,000 articles (ru_maxrss from wait4: the largest
process of the ingest's tree, the parent that stores or one of its workers).

    python benchmarks/ingest_speed.py                       # 10,000 synthetic articles
    python benchmarks/ingest_speed.py --articles 2000 --jobs 1 2 --runs 3
    python benchmarks/ingest_speed.py --folder /work/shared/corpora/polnear/train/text
    python benchmarks/ingest_speed.py --folder DIR --jobs 2 --baseline /tmp/start

Every process runs with a warm bytecode cache of its own (``PYTHONPYCACHEPREFIX``), as
after ``pip install``, which compiles every module: on a machine that sets
``PYTHONDONTWRITEBYTECODE`` an editable install would otherwise compile quotetrack's
source in every run (about 0.4 s), which no installed copy does. ``--no-bytecode-cache``
keeps the environment's setting. ``--baseline DIR`` runs every job count a second time
with an earlier source tree first on ``PYTHONPATH`` (``git archive COMMIT | tar -x -C
DIR``), interleaved run by run with this code.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_machine, run_process  # noqa: E402
from query_speed import quotetrack_argv  # noqa: E402
from synth import write_articles  # noqa: E402

TARGET_MB_S = 1.0
TARGET_RSS_MB = 200


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*.txt") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def counts(db: Path) -> dict:
    """What the run stored, and whether anything is there twice."""
    con = sqlite3.connect(db)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "distinct_texts": one("SELECT count(DISTINCT content_hash) FROM documents"),
            "attributions": one("SELECT count(*) FROM attributions"),
            "duplicate_spans": one(
                'SELECT count(*) FROM (SELECT document_id, start, "end" FROM attributions '
                'GROUP BY document_id, start, "end" HAVING count(*) > 1)'
            ),
        }
    finally:
        con.close()


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [
            int(c)
            for t in Path(f"/proc/{pid}/task").iterdir()
            for c in (t / "children").read_text().split()
        ]
    except OSError:
        return []


def traced(argv: list[str], every: float, env: dict[str, str]) -> dict:
    """Run an ingest like ``run_process``, and every ``every`` seconds print how many
    documents it has reported and the resident memory of the parent and of each worker
    (Linux /proc): whether memory stays flat as the archive grows, not only its peak."""
    import subprocess
    import threading

    reported = [0]

    def count(stream) -> None:
        for _ in stream:
            reported[0] += 1

    t0 = time.perf_counter()
    # unbuffered: each document's line arrives as it is stored
    env = {**env, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    threading.Thread(target=count, args=(proc.stdout,), daemon=True).start()
    err: list[bytes] = []
    threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True).start()
    peak = {"parent": 0, "worker": 0}
    while True:
        try:
            _, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if _:
            break
        parent, workers = _rss_kb(proc.pid), [_rss_kb(c) for c in _children(proc.pid)]
        peak["parent"] = max(peak["parent"], parent)
        peak["worker"] = max([peak["worker"], *workers])
        print(
            f"  {time.perf_counter() - t0:7.0f} s  {reported[0]:6d} documents  parent "
            f"{parent / 1024:6.1f} MB  workers {' '.join(f'{w / 1024:.1f}' for w in workers)} MB",
            flush=True,
        )
        time.sleep(every)
    wall = time.perf_counter() - t0
    print(
        f"  peak sampled: parent {peak['parent'] / 1024:.1f} MB, "
        f"a worker {peak['worker'] / 1024:.1f} MB"
    )
    return {
        "wall": wall,
        "rc": os.waitstatus_to_exitcode(status),
        "maxrss_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "stderr": b"".join(err).decode("utf-8", "replace"),
    }


def steps(folder: Path, db: Path, limit: int) -> None:
    """Where one document's time goes: the runner's three steps, timed in this process,
    and how many SQL statements storing it takes."""
    from sqlalchemy import event

    from quotetrack.ingest import runner
    from quotetrack.ingest.sources import items_from_paths
    from quotetrack.store.engine import make_engine
    from quotetrack.store.migrate import ensure_current

    engine = make_engine("sqlite:///" + str(db))
    ensure_current(engine)
    statements = [0]
    event.listen(
        engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
    )
    target = runner.Target(engine)
    meta = runner.Meta()
    items = list(items_from_paths([str(folder)]))[:limit]
    runner.analyse(items[0].read().decode("utf-8"), None)  # warm-up: rules, lexicons
    spent = {"prepare": 0.0, "analyse": 0.0, "store": 0.0}
    for item in items:
        t0 = time.process_time()
        ready = runner._prepare(target, item, meta)
        t1 = time.process_time()
        if isinstance(ready, runner.Outcome):
            continue
        text, digest = ready
        publication, extracted, prepared = runner.analyse(text, item.published)
        t2 = time.process_time()
        before = statements[0]
        runner._store(target, item, meta, text, digest, publication, extracted, prepared)
        spent["store_statements"] = spent.get("store_statements", 0) + statements[0] - before
        t3 = time.process_time()
        spent["prepare"] += t1 - t0
        spent["analyse"] += t2 - t1
        spent["store"] += t3 - t2
    n = len(items)
    print(f"per document, CPU time in this process ({n} documents):")
    for name in ("prepare", "analyse", "store"):
        print(f"  {name:8s} {spent[name] / n * 1000:7.1f} ms")
    print(f"  SQL statements to store one document: {spent['store_statements'] / n:.0f}")
    target.close()
    engine.dispose()


def ingest_env(pycache: str | None, baseline: Path | None) -> dict[str, str]:
    """The environment of one variant's ingest processes: the bytecode cache as after
    pip (one per variant, so two source trees never share compiled files) and, for the
    baseline, its source tree ahead of the installed one."""
    env = dict(os.environ)
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    if baseline is not None:
        env["PYTHONPATH"] = str(baseline.resolve())
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, help="ingest this folder instead of synth")
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--steps", type=int, metavar="N", help="also time the runner's steps on N documents"
    )
    parser.add_argument(
        "--trace",
        type=float,
        metavar="SECONDS",
        help="print documents stored and parent/worker RSS every SECONDS during each run",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="also run every job count with this source tree first on PYTHONPATH (an "
        "earlier commit: git archive COMMIT | tar -x -C DIR), interleaved with this code",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the environment's bytecode setting (by default every process gets a "
        "warm __pycache__ of its own, as after pip)",
    )
    args = parser.parse_args(argv)

    print_machine()
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "articles"
            write_articles(folder, args.articles, args.seed, 10)
        n_files, size = folder_size(folder)
        print(f"input: {folder} ({n_files:,} files, {size / 1e6:.1f} MB)")
        if args.steps:
            steps(folder, Path(tmp) / "steps.db", args.steps)
        variants = {"this code": None, **({"baseline": args.baseline} if args.baseline else {})}
        envs = {
            name: ingest_env(
                None if args.no_bytecode_cache else tempfile.mkdtemp(dir=tmp, prefix="pyc-"),
                tree,
            )
            for name, tree in variants.items()
        }
        keys = [(name, jobs) for jobs in args.jobs for name in variants]
        walls: dict[tuple, list[float]] = {k: [] for k in keys}
        rss: dict[tuple, list[float]] = {k: [] for k in keys}
        cpu: dict[tuple, list[float]] = {k: [] for k in keys}
        stored: dict[tuple, dict] = {}
        warm = Path(tmp) / "warm"  # one article, ingested untimed by each variant: it
        warm.mkdir()  # fills the variant's bytecode cache with every module ingest imports
        first = min(p for p in folder.rglob("*.txt") if p.is_file())
        (warm / first.name).write_bytes(first.read_bytes())
        for env in envs.values():
            db = Path(tmp) / "warm.db"
            run_process([*quotetrack_argv(), "ingest", str(warm), "--db", str(db)], env=env)
            db.unlink(missing_ok=True)
        for run in range(args.runs):
            for name, jobs in keys:
                db = Path(tmp) / f"ingest-{jobs}-{run}.db"
                argv = [*quotetrack_argv(), "ingest", str(folder), "--db", str(db)]
                argv += ["--jobs", str(jobs)]
                if args.trace:
                    print(f"{name}, --jobs {jobs}, run {run + 1}:")
                    result = traced(argv, args.trace, envs[name])
                else:
                    result = run_process(argv, env=envs[name])
                if result["rc"] not in (0, 3):
                    raise SystemExit(f"ingest failed: {result['stderr'][-2000:]}")
                walls[name, jobs].append(result["wall"])
                rss[name, jobs].append(result["maxrss_mb"])
                cpu[name, jobs].append(result["cpu"])
                stored[name, jobs] = counts(db)
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
    base = statistics.median(walls["this code", args.jobs[0]])
    print(
        f"{'code':>9s} {'jobs':>4s} {'median':>8s} {'MB/s':>6s} {'speed-up':>8s} {'CPU':>7s} "
        f"{'peak RSS':>9s}  stored"
    )
    for name, jobs in keys:
        med = statistics.median(walls[name, jobs])
        rate = size / med / 1e6
        c = stored[name, jobs]
        print(
            f"{name:>9s} {jobs:4d} {med:7.1f}s {rate:6.2f} {base / med:7.2f}x "
            f"{statistics.median(cpu[name, jobs]):6.1f}s {max(rss[name, jobs]):7.0f}MB  "
            f"{c['documents']} documents ({c['distinct_texts']} distinct), "
            f"{c['attributions']} attributions, {c['duplicate_spans']} duplicate spans"
        )
    same = len({(c["documents"], c["attributions"]) for c in stored.values()}) == 1
    print(f"same rows for every --jobs: {'yes' if same else 'NO'}")
    peak = max(max(rss["this code", j]) for j in args.jobs)
    best = max(size / statistics.median(walls["this code", j]) / 1e6 for j in args.jobs)
    print(
        f"throughput: best {best:.2f} MB/s (target >= {TARGET_MB_S}: "
        f"{'met' if best >= TARGET_MB_S else 'SHORT'}); serial "
        f"{size / base / 1e6:.2f} MB/s; peak RSS {peak:.0f} MB "
        f"(target <= {TARGET_RSS_MB}: "
        f"{'met' if peak <= TARGET_RSS_MB else 'SHORT'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
