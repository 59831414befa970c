"""The seed article, checked as its first reader would: every `must` item of
expected.json with the right canonical speaker, kind and content span, no `not_speakers`
as a speaker, and the issue's queries answered right through the installed command.

    python .ci/seed_check.py ../shared/seed
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def qt(*args: str) -> str:
    done = subprocess.run(["quotetrack", *args], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"quotetrack {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def with_quoted_words(found: list[dict]) -> list[dict]:
    """``extract`` lists the quoted words inside a claim in the claim's row (``quotes``);
    each is a direct quote of the claim's speaker."""
    words = [
        {**q, "kind": "direct", "speaker": r.get("speaker")}
        for r in found
        for q in r.get("quotes") or ()
    ]
    return found + words


def main(seed: Path) -> int:
    article = seed / "article.txt"
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    found = with_quoted_words(rows(qt("extract", str(article), "--format", "jsonl")))
    problems = []
    for item in expected["must"]:
        start = text.find(item["content"])
        end = start + len(item["content"])
        hits = [r for r in found if r["start"] < end and start < r["end"]]
        good = [
            r
            for r in hits
            if (r.get("speaker") or "").lower() == item["speaker"].lower()
            and r["kind"] == item["kind"]
        ]
        if not good:
            got = "; ".join(f"{r.get('speaker')} ({r['kind']})" for r in hits) or "nothing"
            problems.append(
                f"must: {item['content'][:50]!r} by {item['speaker']} ({item['kind']}): got {got}"
            )
    wrong = {r.get("speaker") for r in found} & set(expected["not_speakers"])
    if wrong:
        problems.append(f"not_speakers given as speakers: {sorted(wrong)}")

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seed.db")
        qt("ingest", str(article), "--published", expected["published"], "--db", db)
        witkoff = rows(qt("ask", "what did Witkoff say", "--format", "jsonl", "--db", db))
        if not witkoff or {r["speaker"] for r in witkoff} != {"Steve Witkoff"}:
            names = sorted({str(r["speaker"]) for r in witkoff})
            problems.append(f"ask 'what did Witkoff say': speakers {names}")
        for item in expected["must"]:
            if item["speaker"] == "Steve Witkoff" and not any(
                r["start"] < text.find(item["content"]) + len(item["content"])
                and text.find(item["content"]) < r["end"]
                for r in witkoff
            ):
                problems.append(f"ask 'what did Witkoff say' misses {item['content'][:50]!r}")
        trump = " ".join(
            r["text"]
            for r in rows(qt("quotes", "--speaker", "Trump", "--format", "jsonl", "--db", db))
        )
        if "lengthy and extremely productive" not in trump:
            problems.append("quotes --speaker Trump lacks 'lengthy and extremely productive'")
        hegseth = {
            r["text"]
            for r in rows(qt("quotes", "--speaker", "Hegseth", "--format", "jsonl", "--db", db))
        }
        if not {"unrealistic", "illusory"} <= hegseth:
            problems.append(f"quotes --speaker Hegseth gives {sorted(hegseth)}")

    for line in problems:
        print("  " + line)
    total = len(expected["must"])
    misses = sum(1 for p in problems if p.startswith("must:"))
    print(f"seed: {total - misses}/{total} must items; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
