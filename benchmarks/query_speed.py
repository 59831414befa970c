"""Whole-process query times on a large database, against Python's own start-up.

Each case runs ``quotetrack quotes …`` as a separate process, exactly as a user would,
so start-up (imports), opening the database, the query and printing are all counted.
The reference is ``python -c 'import sqlite3'`` measured in the same run, interleaved
with the cases, because these machines are noisy: targets are <= 0.35 s and <= 5x that
reference. Build the database first with ``benchmarks/synth.py load``.

    python benchmarks/query_speed.py --db /tmp/qt_1m.db
    python benchmarks/query_speed.py --db postgresql://postgres@127.0.0.1/qt_bench --runs 7
    python benchmarks/query_speed.py --db /tmp/qt_1m.db --breakdown --explain

``--baseline DIR`` runs every case a second time with an earlier source tree on
``PYTHONPATH`` (before/after in the same run); ``--full-path`` a third time with
``QUOTETRACK_LEAN=0``, through SQLAlchemy. Every process runs with a warm bytecode cache
of its own (``PYTHONPYCACHEPREFIX``), as after ``pip install``, unless
``--no-bytecode-cache``. ``--breakdown`` times the imports a query needs, one process
each (click, SQLAlchemy core and ORM, dateparser, psycopg, quotetrack's CLI, query,
PostgreSQL client and store modules), and the query alone in-process; ``--explain``
prints each case's query plan.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_machine, run_process  # noqa: E402

TARGET_S = 0.35
TARGET_RATIO = 5.0
IMPORTS = (
    "sqlite3",
    "click",
    "sqlalchemy",
    "sqlalchemy.orm",
    "dateparser",
    "quotetrack.cli",
    "quotetrack.store.models",
    "quotetrack.query.quotes",
    "quotetrack.query.lean",
    "quotetrack.query.pgwire",
    "psycopg",
)


def quotetrack_argv() -> list[str]:
    """The installed ``quotetrack`` script beside this Python, as a user runs it."""
    script = Path(sys.executable).parent / "quotetrack"
    if script.exists():
        return [sys.executable, str(script)]
    found = shutil.which("quotetrack")
    if found:
        return [found]
    return [sys.executable, "-c", "from quotetrack.cli import main; main()"]


def pick_cases(url: str) -> list[tuple[str, list[str]]]:
    """Realistic arguments chosen from the data: a typical and a prolific speaker, a week,
    a word of middling frequency, a topic."""
    from sqlalchemy import text

    from quotetrack.config import resolve_db_url
    from quotetrack.store.engine import make_engine

    engine = make_engine(resolve_db_url(url))
    with engine.connect() as conn:
        counts = conn.execute(
            text(
                "SELECT s.name, count(*) AS n FROM attributions a "
                "JOIN speakers s ON s.id = a.speaker_id GROUP BY s.name ORDER BY n DESC"
            )
        ).all()
        try:
            topic = conn.execute(
                text(
                    "SELECT t.name FROM topics t JOIN attribution_topics at "
                    "ON at.topic_id = t.id GROUP BY t.name ORDER BY count(*) LIMIT 1"
                )
            ).scalar()
        except Exception:  # noqa: BLE001 - a schema without topics yet
            topic = None
        last = conn.execute(text("SELECT max(published) FROM documents")).scalar()
    engine.dispose()
    typical, typical_n = counts[len(counts) // 2]
    prolific, prolific_n = counts[0]
    surname = prolific.split()[-1]
    year = str(last)[:4]
    cases = [
        (f"--speaker (typical, {typical_n} rows)", ["--speaker", typical]),
        (
            f"--speaker surname (prolific, {prolific_n} rows) --limit 50",
            ["--speaker", surname, "--limit", "50"],
        ),
        ("--since/--until one week", ["--since", f"{year}-03-01", "--until", f"{year}-03-07"]),
        (
            "--since/--until one year --limit 50",
            ["--since", f"{year}-01-01", "--until", f"{year}-12-31", "--limit", "50"],
        ),
        ("--search (a rare word)", ["--search", "betrayal"]),
        ("--search --limit 50", ["--search", "bread", "--limit", "50"]),
    ]
    help_text = subprocess.run(
        [*quotetrack_argv(), "quotes", "--help"], capture_output=True, text=True
    ).stdout
    if "--topic" in help_text and topic:
        cases.append((f"--topic {topic} --limit 50", ["--topic", topic, "--limit", "50"]))
    return cases


def measure(
    url: str, cases, runs: int, variants: dict[str, dict[str, str]], pycache: str | None = None
) -> tuple[list[float], dict, dict]:
    """Interleaved runs: the reference, then every case under every variant of the code
    (environment overrides: another source tree on PYTHONPATH, the lean path off),
    ``runs`` times over."""
    env = dict(os.environ, QUOTETRACK_DB=url, COLUMNS="120")
    env.pop("QUOTETRACK_LEAN", None)
    if pycache:
        # As installed by pip, which compiles every module: a process started with
        # PYTHONDONTWRITEBYTECODE (set on some shared machines) would compile
        # quotetrack's source on every run instead. One untimed run of each fills it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
        subprocess.run([sys.executable, "-c", "import sqlite3"], env=env, check=False)
        for _, args in cases:
            for extra in variants.values():
                subprocess.run(
                    [*quotetrack_argv(), "quotes", *args],
                    env={**env, **extra},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
    reference: list[float] = []
    keys = [(name, variant) for name, _ in cases for variant in variants]
    samples: dict = {key: [] for key in keys}
    cpu: dict = {key: [] for key in keys}
    cpu["reference"] = []
    info: dict = {}
    base = quotetrack_argv()
    for _ in range(runs):
        ref = run_process([sys.executable, "-c", "import sqlite3"], env=env)
        reference.append(ref["wall"])
        cpu["reference"].append(ref["cpu"])
        for name, args in cases:
            for variant, extra in variants.items():
                with open(os.devnull, "w") as sink:
                    result = run_process(
                        [*base, "quotes", *args], env={**env, **extra}, stdout=sink
                    )
                key = (name, variant)
                if result["rc"] != 0:
                    info[key] = {"error": result["stderr"].strip().splitlines()[-1:]}
                samples[key].append(result["wall"])
                cpu[key].append(result["cpu"])
                info.setdefault(key, {})["maxrss_mb"] = result["maxrss_mb"]
    for name, args in cases:
        rows = subprocess.run(
            [*base, "quotes", *args, "--format", "jsonl"], env=env, capture_output=True
        ).stdout.count(b"\n")
        for variant in variants:
            info[(name, variant)]["rows"] = rows
            info[(name, variant)]["cpu"] = statistics.median(cpu[(name, variant)])
    info["reference"] = {"cpu": statistics.median(cpu["reference"])}
    return reference, samples, info


def breakdown(runs: int) -> None:
    """Median time to import each module in a fresh process, less bare start-up."""
    bare = []
    times: dict[str, list[float]] = {m: [] for m in IMPORTS}
    for _ in range(runs):
        bare.append(run_process([sys.executable, "-c", "pass"])["wall"])
        for module in IMPORTS:
            times[module].append(run_process([sys.executable, "-c", f"import {module}"])["wall"])
    b = statistics.median(bare)
    print(f"\nimport costs (median of {runs}, fresh process each; bare python {b * 1000:.0f} ms):")
    for module in IMPORTS:
        m = statistics.median(times[module])
        print(f"  {module:28s} {m * 1000:6.0f} ms total   {(m - b) * 1000:6.0f} ms over bare")


def query_only(url: str, cases, explain: bool) -> None:
    """Each case's query in this process (imports and connection already paid)."""

    from quotetrack.cli import DateParam
    from quotetrack.config import resolve_db_url
    from quotetrack.query.quotes import QuoteQuery, quote_rows, quote_statement
    from quotetrack.store.engine import make_engine, session_factory

    engine = make_engine(resolve_db_url(url))
    sessions = session_factory(engine)
    print("\nquery alone (in-process, warm, median of 3):")
    for name, args in cases:
        opts = dict(zip(args[::2], args[1::2], strict=True))
        q = QuoteQuery(
            speaker=opts.get("--speaker"),
            since=DateParam().convert(opts["--since"], None, None) if "--since" in opts else None,
            until=DateParam(end=True).convert(opts["--until"], None, None)
            if "--until" in opts
            else None,
            search=opts.get("--search"),
            topic=opts.get("--topic"),
            limit=int(opts["--limit"]) if "--limit" in opts else None,
        )
        walls = []
        for _ in range(3):
            t0 = time.perf_counter()
            with sessions() as session:
                n = sum(1 for _ in quote_rows(session, q))
            walls.append(time.perf_counter() - t0)
        print(f"  {name:55s} {statistics.median(walls) * 1000:7.0f} ms  ({n} rows)")
        if explain:
            with sessions() as session:
                # Bound, not rendered as literals: PostgreSQL's REGCONFIG has no literal form.
                compiled = quote_statement(session, q).compile(
                    engine, compile_kwargs={"render_postcompile": True}
                )
                params = compiled.params
                if compiled.positional:
                    params = tuple(params[name] for name in compiled.positiontup)
                prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
                rows = session.connection().exec_driver_sql(prefix + str(compiled), params)
                for row in rows:
                    print("      " + " | ".join(str(c) for c in row))
    engine.dispose()


LEAN = r"""
import sqlite3, sys, click
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
con.execute("SELECT version_num FROM alembic_version").fetchone()
key = " ".join(sys.argv[2].split()).casefold()
ids = [r[0] for r in con.execute("SELECT id FROM speakers WHERE key = ?", (key,))]
rows = con.execute(
    "SELECT a.said_on_day, s.name, a.kind, a.text, a.cue FROM attributions a "
    "JOIN documents d ON d.id = a.document_id LEFT JOIN speakers s ON s.id = a.speaker_id "
    f"WHERE a.speaker_id IN ({','.join('?' * len(ids))}) "
    "ORDER BY a.said_on_day, a.document_id, a.start", ids).fetchall()
for r in rows:
    sys.stdout.write("  ".join("" if v is None else str(v) for v in r) + "\n")
"""


def lean_probe(path: str, speaker: str, runs: int) -> None:
    """What a process that skips SQLAlchemy pays for the same ``--speaker`` listing:
    click, sqlite3, the schema check, the SELECT and printing (SQLite only)."""
    argv = {
        "python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"],
        "lean: click + sqlite3 + the same SELECT": [sys.executable, "-c", LEAN, path, speaker],
        "quotetrack quotes --speaker": [*quotetrack_argv(), "quotes", "--speaker", speaker],
    }
    env = dict(os.environ, QUOTETRACK_DB=path)
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in argv}
    for _ in range(runs):
        for name, args in argv.items():
            with open(os.devnull, "w") as sink:
                r = run_process(args, env=env, stdout=sink)
            got[name].append((r["wall"], r["cpu"]))
    print(f"\nlean probe, --speaker {speaker!r} ({runs} interleaved runs):")
    for name, samples in got.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"  {name:45s} wall {wall * 1000:6.0f} ms   CPU {cpu * 1000:6.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite path or PostgreSQL URL")
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs per case")
    parser.add_argument("--breakdown", action="store_true", help="import and query costs")
    parser.add_argument("--explain", action="store_true", help="print each query plan")
    parser.add_argument("--only", metavar="WORD", help="only the cases whose name has WORD")
    parser.add_argument(
        "--lean-probe",
        metavar="SPEAKER",
        help="SQLite only: time the same --speaker listing from a process without SQLAlchemy",
    )
    parser.add_argument("--skip", metavar="WORD", help="leave out the cases whose name has WORD")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also run every case with this source tree first on PYTHONPATH (an earlier "
        "commit: git archive COMMIT | tar -x -C DIR), interleaved with this code",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run with the environment's bytecode setting as it is (by default every "
        "process, the reference too, gets a warm __pycache__ of its own, as after pip)",
    )
    parser.add_argument(
        "--full-path",
        action="store_true",
        help="also run every case with QUOTETRACK_LEAN=0 (through SQLAlchemy, as before)",
    )
    args = parser.parse_args(argv)

    print_machine()
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min)")
    if args.lean_probe:
        lean_probe(args.db, args.lean_probe, args.runs)
        return 0
    cases = [
        (name, argv)
        for name, argv in pick_cases(args.db)
        if (not args.only or args.only in name) and (not args.skip or args.skip not in name)
    ]
    variants: dict[str, dict[str, str]] = {"this code": {}}
    if args.baseline:
        variants["baseline"] = {"PYTHONPATH": str(Path(args.baseline).resolve())}
    if args.full_path:
        variants["full path"] = {"QUOTETRACK_LEAN": "0"}
    pycache = None
    if not args.no_bytecode_cache:
        import tempfile

        pycache = tempfile.mkdtemp(prefix="qt-pycache-")
    reference, samples, info = measure(args.db, cases, args.runs, variants, pycache)
    if pycache:
        shutil.rmtree(pycache, ignore_errors=True)
    ref = statistics.median(reference)
    print(
        f"\nreference: python -c 'import sqlite3' median {ref * 1000:.0f} ms "
        f"(5x = {ref * TARGET_RATIO * 1000:.0f} ms); {args.runs} interleaved runs"
    )
    print(f"CPU time of the reference: {info['reference']['cpu'] * 1000:.0f} ms (user+sys)")
    if len(variants) > 1:
        print("code: " + "; ".join(f"{v} ({e or 'as installed'})" for v, e in variants.items()))
    print(
        f"{'case':58s} {'code':10s} {'median':>8s} {'x ref':>6s} {'CPU':>7s} {'rows':>7s} "
        f"{'RSS':>6s}  verdict"
    )
    for name, _ in cases:
        for variant in variants:
            key = (name, variant)
            m = statistics.median(samples[key])
            ratio = m / ref
            ok = m <= TARGET_S and ratio <= TARGET_RATIO
            verdict = "met" if ok else f"SHORT ({'> 0.35 s' if m > TARGET_S else ''}"
            if not ok:
                verdict += (
                    (", " if m > TARGET_S and ratio > TARGET_RATIO else "")
                    + ("> 5x" if ratio > TARGET_RATIO else "")
                    + ")"
                )
            extra = f"  error: {info[key]['error']}" if "error" in info[key] else ""
            print(
                f"{name:58s} {variant:10s} {m * 1000:6.0f}ms {ratio:6.1f} "
                f"{info[key]['cpu'] * 1000:5.0f}ms {info[key]['rows']:7d} "
                f"{info[key]['maxrss_mb']:5.0f}M  {verdict}{extra}"
            )
    if args.breakdown or args.explain:
        if args.breakdown:
            breakdown(max(3, args.runs))
        query_only(args.db, cases, args.explain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
