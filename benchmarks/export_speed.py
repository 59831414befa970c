"""CSV export speed and memory: ``quotetrack export timeline`` as a whole process.

Targets: at least 50,000 rows/s and a peak RSS of at most 150 MB for 100,000 rows. The
rows/s figure is for the whole process (start-up included), so it is a floor on what
the export loop itself does. The peak RSS comes from ``wait4`` (``ru_maxrss``) of the
child process, the same figure ``/usr/bin/time -v`` prints.

    python benchmarks/export_speed.py --db /tmp/qt_1m.db
    python benchmarks/export_speed.py --db postgresql://postgres@127.0.0.1/qt_bench --rows 100000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_machine, run_process  # noqa: E402
from query_speed import quotetrack_argv  # noqa: E402

TARGET_ROWS_S = 50_000
TARGET_RSS_MB = 150


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite path or PostgreSQL URL")
    parser.add_argument("--rows", type=int, default=100_000, help="rows to export (--limit)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    print_machine()
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    env = dict(os.environ, QUOTETRACK_DB=args.db)
    walls, rss, cpu = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "timeline.csv"
        for _ in range(args.runs):
            result = run_process(
                [
                    *quotetrack_argv(),
                    "export",
                    "timeline",
                    "--limit",
                    str(args.rows),
                    "-o",
                    str(out),
                ],
                env=env,
            )
            if result["rc"] != 0:
                raise SystemExit(f"export failed: {result['stderr'].strip()}")
            walls.append(result["wall"])
            cpu.append(result["cpu"])
            rss.append(result["maxrss_mb"])
        with out.open("rb") as f:
            lines = sum(1 for _ in f) - 1  # the header
        size = out.stat().st_size
    med = statistics.median(walls)
    rate = lines / med
    peak = max(rss)
    print(
        f"CPU time (user+sys): median {statistics.median(cpu):.2f} s, "
        f"{lines / statistics.median(cpu):,.0f} rows per CPU second"
    )
    print(
        f"rows: {lines:,} ({size / 1e6:.1f} MB of CSV); runs: "
        + ", ".join(f"{w:.2f}s" for w in walls)
    )
    print(
        f"export: median {med:.2f} s, {rate:,.0f} rows/s "
        f"(target >= {TARGET_ROWS_S:,}: {'met' if rate >= TARGET_ROWS_S else 'SHORT'}); "
        f"peak RSS {peak:.0f} MB (target <= {TARGET_RSS_MB}: "
        f"{'met' if peak <= TARGET_RSS_MB else 'SHORT'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
