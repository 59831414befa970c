"""Extraction throughput on one core: MB/s of article text through ``extract``.

Target (docs/BENCHMARKS.md): at least 2 MB/s, i.e. PolNeAR train (3.9 MB) in under 2 s.
Texts are read into memory first, so only extraction is timed; the first pass warms the
rule caches and compiled patterns and is not counted. ``--profile`` prints the cProfile
hot spots, which is what to look at before optimising anything.

    python benchmarks/extraction_speed.py
    python benchmarks/extraction_speed.py --runs 5 --profile
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import POLNEAR_TRAIN, median_time, print_machine  # noqa: E402

TARGET_MB_S = 2.0


def load(folder: Path) -> list[str]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {folder}")
    return [f.read_text(encoding="utf-8") for f in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--runs", type=int, default=5, help="timed passes (median is reported)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hot spots")
    parser.add_argument("--top", type=int, default=25, help="rows of the profile to show")
    args = parser.parse_args(argv)

    from quotetrack.extraction.pipeline import extract

    texts = load(args.folder)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print_machine()
    print(f"corpus: {args.folder} ({len(texts)} files, {size / 1e6:.2f} MB)")

    def one_pass() -> int:
        return sum(len(extract(t)) for t in texts)

    found = one_pass()  # warm-up: caches, compiled patterns, lazily loaded rules
    cpu: list[float] = []

    def timed_pass() -> None:
        c0 = time.process_time()
        one_pass()
        cpu.append(time.process_time() - c0)

    med, samples = median_time(timed_pass, args.runs)
    rate = size / med / 1e6
    cpu_rate = size / statistics.median(cpu) / 1e6
    print(f"attributions: {found}")
    print(f"runs: {', '.join(f'{s:.2f}s' for s in samples)}")
    print(
        f"extraction: median {med:.2f} s, {rate:.2f} MB/s "
        f"(target >= {TARGET_MB_S} MB/s: {'met' if rate >= TARGET_MB_S else 'SHORT'}); "
        f"spread {min(samples):.2f}-{max(samples):.2f} s, stdev {statistics.pstdev(samples):.3f}"
    )
    # CPU time is what one core does when it is not shared: on a busy machine the wall
    # figure includes waiting for a core, the CPU figure does not.
    print(
        f"extraction CPU time: median {statistics.median(cpu):.2f} s, {cpu_rate:.2f} MB/s per "
        f"CPU second (target >= {TARGET_MB_S}: {'met' if cpu_rate >= TARGET_MB_S else 'SHORT'})"
    )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(one_pass)
        stats = pstats.Stats(profiler).sort_stats("tottime")
        print(f"\nhot spots (tottime, top {args.top}):")
        stats.print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
