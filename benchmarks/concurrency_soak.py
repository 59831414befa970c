"""Run several ``quotetrack ingest`` processes on one database at once; check the result.

    python benchmarks/concurrency_soak.py                     # 4 processes, 1,000 articles, SQLite
    python benchmarks/concurrency_soak.py --db postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/concurrency_soak.py --rounds 5 --fresh  # racing on a new database too

Every process ingests all the articles, each in its own shuffled order, so they collide
on the same documents and speakers all the time. Each round checks: every process exits
0 with no error and no "database is locked", every article is reported "new" by exactly
one process, and the store holds each document once with all its attributions. With
``--fresh`` the database is not created beforehand, so the processes also race to create
the schema. Prints one table row per round; exits 1 when any round failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from reliability_corpus import write_articles  # noqa: E402
from reliability_soak import concurrency_soak, scratch_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: a new SQLite file per round)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="do not create the schema first")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    backend = "postgresql" if args.db else "sqlite"
    print(
        f"concurrency soak: {backend}, {args.processes} processes x {args.articles} articles, "
        f"{'fresh database' if args.fresh else 'schema created first'}"
    )
    print()
    print(
        "| round | exit codes | new per process | locked | documents | attributions "
        "| partial | duplicates | seconds | result |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---|")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_articles(Path(tmp) / "articles", args.articles)
        for n in range(1, args.rounds + 1):
            with scratch_database(args.db, Path(tmp) / f"round{n}") as url:
                r = concurrency_soak(
                    url, paths, args.processes, seed=args.seed + n, init_first=not args.fresh
                )
            failed += not r.ok
            errors = [w.stderr.strip().splitlines()[0] for w in r.workers if w.exit_code]
            print(
                f"| {n} | {' '.join(str(w.exit_code) for w in r.workers)} "
                f"| {' '.join(str(w.new) for w in r.workers)} | {r.locked_messages} "
                f"| {r.check.documents} | {r.check.attributions} | {r.check.partial} "
                f"| {r.check.duplicates} | {r.seconds:.0f} "
                f"| {'OK' if r.ok else 'FAILED: ' + '; '.join(errors + r.check.problems)[:300]} |"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
