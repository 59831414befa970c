"""Accuracy floors on the shared corpora, so a change that loses accuracy does not land.

    python .ci/floors.py ../shared

Runs the project's own accuracy harnesses (benchmarks/accuracy.py on the PolNeAR dev
split, benchmarks/dates_accuracy.py on TimeBank), reads the scorers' summary lines and
fails when a figure falls below its floor. The floors sit a little under the figures
measured when they were last raised (docs/EXTRACTION.md, docs/DATES.md): they catch
regressions, they are not the targets.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {
    "quotes_attributed_f1": 0.92,
    "claims_attributed_f1": 0.645,
    "dates_value_f1": 0.90,
}


def summary(command: list[str]) -> dict[str, float]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    summaries = [line for line in done.stdout.splitlines() if "_f1=" in line]
    if not summaries:
        sys.exit(f"{' '.join(command)} printed no summary line")
    print(summaries[-1])
    return {k: float(v) for k, v in re.findall(r"(\w+_f1)=([0-9.]+)", summaries[-1])}


def main(shared: Path) -> int:
    scorer = shared / "eval"
    figures = summary(
        [
            sys.executable,
            "benchmarks/accuracy.py",
            str(shared / "corpora/polnear/dev"),
            "--scorer",
            str(scorer / "score_attributions.py"),
            "--out",
            str(Path(tempfile.mkdtemp()) / "predictions.jsonl"),
        ]
    )
    figures |= summary(
        [
            sys.executable,
            "benchmarks/dates_accuracy.py",
            str(shared / "corpora/timebank"),
            "--scorer",
            str(scorer / "score_dates.py"),
        ]
    )
    failed = [
        f"{name} {figures.get(name)} < {floor}"
        for name, floor in FLOORS.items()
        if figures.get(name, -1.0) < floor
    ]
    for line in failed:
        print("below floor: " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
