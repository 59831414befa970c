"""Score quotetrack's date finder (or plain dateparser) on a TimeBank-style corpus.

    python benchmarks/dates_accuracy.py /work/shared/corpora/timebank
    python benchmarks/dates_accuracy.py /work/shared/corpora/timebank --baseline
    python benchmarks/dates_accuracy.py CORPUS --errors 40

CORPUS holds text/NAME.txt and gold/NAME.json (whose "published" is the anchor). The
predictions go to a JSON Lines file that the shared scorer reads, all in this process,
so the figure comes from the same code that judges everyone else's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

DEFAULT_SCORER = Path("/work/shared/eval/score_dates.py")
_PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def published(gold_file: Path) -> dt.date | None:
    raw = json.loads(gold_file.read_text(encoding="utf-8")).get("published") or ""
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def ours(text: str, anchor: dt.date | None) -> list[dict]:
    from quotetrack.extraction.dates import find_dates

    return [
        {"start": m.start, "end": m.end, "text": m.text, "value": m.value}
        for m in find_dates(text, anchor)
    ]


def baseline(text: str, anchor: dt.date | None) -> list[dict]:
    """Plain dateparser: search_dates finds the spans, its period gives the precision."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    from quotetrack.extraction.dates_values import value_for

    base = dt.datetime.combine(anchor or dt.date.today(), dt.time())
    settings = {"RELATIVE_BASE": base}
    found = search_dates(text, languages=["en"], settings=settings) or []
    parser = DateDataParser(languages=["en"], settings=settings)
    out, cursor = [], 0
    for substring, when in found:
        start = text.find(substring, cursor)
        if start < 0:
            continue
        cursor = start + len(substring)
        period = parser.get_date_data(substring).period or "day"
        value = value_for(when.date(), _PERIODS.get(period, "day"))
        out.append({"start": start, "end": cursor, "text": substring, "value": value})
    return out


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_dates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--baseline", action="store_true", help="plain dateparser.search instead")
    ap.add_argument("--errors", type=int, default=0, metavar="N")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--keep", type=Path, help="also write the predictions here")
    args = ap.parse_args(argv)
    finder = baseline if args.baseline else ours

    texts = sorted((args.corpus / "text").glob("*.txt"))
    lines, timings = [], []
    for path in texts:
        text = path.open(encoding="utf-8", newline="").read()
        anchor = published(args.corpus / "gold" / f"{path.stem}.json")
        t0 = time.perf_counter()
        found = finder(text, anchor)
        timings.append(1000 * (time.perf_counter() - t0))
        lines += [json.dumps({"doc": path.name, **item}) for item in found]

    out = args.keep or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scorer_args = [str(args.corpus), str(out)] + (
        ["--errors", str(args.errors)] * bool(args.errors)
    )
    status = load_scorer(args.scorer).main(scorer_args)
    rest = timings[1:] or timings
    print(
        f"{'baseline' if args.baseline else 'quotetrack'}: {len(texts)} documents, "
        f"first {timings[0] if timings else 0:.0f} ms (loading rules and dateparser), "
        f"then {statistics.mean(rest) if rest else 0:.1f} ms per document "
        f"(median {statistics.median(rest) if rest else 0:.1f})"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
