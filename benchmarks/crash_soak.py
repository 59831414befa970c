"""Kill ``quotetrack ingest`` with SIGKILL at random moments and check nothing is lost.

    python benchmarks/crash_soak.py                      # 20 kills over 1,000 articles, SQLite
    python benchmarks/crash_soak.py --db postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/crash_soak.py --articles 200 --kills 5 --seed 3
    python benchmarks/crash_soak.py --jobs 2                # ingest --jobs 2 (worker processes)

Generates the articles from templates (tests/reliability/reliability_corpus.py), then
runs the installed ``quotetrack ingest`` over them and kills it ``--kills`` times, each
time after a random number of documents plus a random delay (the first one 0-0.4 s
after start-up, while it imports and creates the schema), so kills land during start-up,
extraction, storing and between documents. After every kill
it checks the store (integrity check, no partial document, no duplicate, nothing that
was reported stored is missing, no process of the killed ingest still running a few
seconds later); at the end one uninterrupted run must complete the set.
Prints a table per kill and a summary; exits 1 when anything was lost or broken.

For PostgreSQL the run uses a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from reliability_corpus import write_articles  # noqa: E402
from reliability_soak import crash_soak, scratch_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1, help="ingest --jobs (default 1)")
    args = parser.parse_args()
    options = ("--jobs", str(args.jobs)) if args.jobs > 1 else ()
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.db, Path(tmp)) as url:
        paths = write_articles(Path(tmp) / "articles", args.articles)
        result = crash_soak(url, paths, args.kills, seed=args.seed, options=options)
    backend = "postgresql" if args.db else "sqlite"
    print(
        f"crash soak: {backend}, {args.articles} articles, {args.kills} kills, seed {args.seed}, "
        f"ingest --jobs {args.jobs}"
    )
    print()
    print(
        "| kill | waited for | + delay | reported new | documents after | schema after "
        "| left running | problems |"
    )
    print("|-----:|-----------:|--------:|-------------:|----------------:|---|-----:|----------|")
    for k in result.kills:
        problems = "; ".join(k.problems) or (
            "none (ingest had finished)" if k.finished_first else "none"
        )
        print(
            f"| {k.number} | {k.waited_for} docs | {k.delay_ms} ms | {k.reported_new} "
            f"| {k.documents_after} | {k.schema_after or 'none'} | {k.left_running} "
            f"| {problems} |"
        )
    print()
    print(f"final run: exit {result.final_exit}, {result.final_summary}")
    print(
        f"documents {result.final.documents}/{result.articles}, "
        f"attributions {result.final.attributions}, partial {result.final.partial}, "
        f"duplicates {result.final.duplicates}, missing {result.missing}, "
        f"reported-but-lost {result.lost_reported}, problems {result.final.problems or 'none'}"
    )
    print(f"took {result.seconds:.0f} s; {'OK' if result.ok else 'FAILED'}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
