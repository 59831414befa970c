"""Score the extractor on an annotated corpus split and time it.

    python benchmarks/accuracy.py ../shared/corpora/polnear/dev [--errors 30]
        [--scorer ../shared/eval/score_attributions.py] [--out preds.jsonl] [--buckets]

Runs ``extract`` over every ``text/*.txt`` of the split, writes the predictions as JSON
Lines (the fields ``quotetrack extract`` emits), runs the scorer and prints its table,
then the extraction speed and, with ``--buckets``, precision by confidence bucket.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from quotetrack.extract_files import attribution_rows  # noqa: E402
from quotetrack.extraction.pipeline import extract  # noqa: E402
from quotetrack.rules import load_rules  # noqa: E402

BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def run(split: Path, out: Path) -> tuple[int, float, int]:
    """Extract every text of the split into ``out``; returns (bytes, seconds, records)."""
    rules = load_rules()
    total_bytes, seconds, count = 0, 0.0, 0
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted((split / "text").glob("*.txt")):
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            total_bytes += len(text.encode("utf-8"))
            t0 = time.process_time()
            found = extract(text, rules=rules)
            seconds += time.process_time() - t0
            for row in attribution_rows(path.name, found):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return total_bytes, seconds, count


def precision_by_bucket(split: Path, preds: Path, scorer: Path) -> list[str]:
    """Claim precision per confidence bucket, by scoring each bucket's predictions alone."""
    with open(preds, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    lines = []
    for lo, hi in zip(BUCKETS, BUCKETS[1:], strict=False):
        part = [r for r in rows if lo <= r["confidence"] < hi]
        if not part:
            continue
        tmp = preds.with_suffix(f".{lo:.1f}.jsonl")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        res = subprocess.run(
            [sys.executable, str(scorer), str(split), str(tmp), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        tmp.unlink()
        claims = json.JSONDecoder().raw_decode(res.stdout)[0]["claims"]
        lines.append(
            f"confidence [{lo:.1f}, {min(hi, 1.0):.1f}): n={len(part):5d} "
            f"claim precision={claims['content']['p']:.3f} "
            f"attributed precision={claims['attributed']['p']:.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", type=Path, help="corpus split folder holding text/ and attributions/")
    ap.add_argument("--scorer", type=Path, default=ROOT / "../shared/eval/score_attributions.py")
    ap.add_argument("--out", type=Path, default=Path("preds.jsonl"))
    ap.add_argument("--errors", type=int, default=0, help="show N scorer error samples")
    ap.add_argument("--buckets", action="store_true", help="precision by confidence bucket")
    args = ap.parse_args(argv)
    size, seconds, count = run(args.split, args.out)
    cmd = [sys.executable, str(args.scorer), str(args.split), str(args.out)]
    if args.errors:
        cmd += ["--errors", str(args.errors)]
    subprocess.run(cmd, check=True)
    speed = size / seconds / 1e6 if seconds else float("inf")
    print(
        f"extracted {count} records from {size / 1e6:.2f} MB in {seconds:.2f} s ({speed:.1f} MB/s)"
    )
    if args.buckets:
        print("\n".join(precision_by_bucket(args.split, args.out, args.scorer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
