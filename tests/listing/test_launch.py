"""The entry point (quotetrack/launch.py) answers a plain ``quotes`` listing without click,
and hands every other command line to click: either way a process prints the same bytes
and exits with the same status as ``quotetrack.cli.main``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import click
import pytest

from quotetrack.launch import QUOTES_OPTIONS, read_quotes_args

LAUNCH = "from quotetrack.launch import main; main()"
CLICK = "from quotetrack.cli import main; main()"
# Runs an entry point and records whether click was imported, after whatever it printed.
RECORDING = (
    "import sys\n"
    "marker = sys.argv.pop(1)\n"
    "try:\n"
    "    from quotetrack.launch import main; main()\n"
    "finally:\n"
    "    heavy = ('click', 'dataclasses', 'inspect')\n"
    "    open(marker, 'w').write(' '.join(m for m in heavy if m in sys.modules))\n"
)


def test_the_options_are_those_of_the_quotes_command():
    from quotetrack.cli import quotes

    params = {opt: p for p in quotes.params for opt in p.opts}
    assert set(params) == set(QUOTES_OPTIONS)
    for opt, (name, how) in QUOTES_OPTIONS.items():
        p = params[opt]
        assert p.name == name and len(p.opts) == 1 and not p.secondary_opts, opt
        assert not p.multiple and p.nargs == 1 and p.callback is None, opt
        assert p.envvar == ("QUOTETRACK_DB" if opt == "--db" else None), opt
        if how == "flag":
            assert p.is_flag, opt
        elif isinstance(how, tuple):
            assert isinstance(p.type, click.Choice) and tuple(p.type.choices) == how, opt
            assert p.type.case_sensitive, opt
        elif how == "limit":
            assert isinstance(p.type, click.IntRange) and (p.type.min, p.type.max) == (1, None)
        elif how in ("date", "end date"):
            assert p.type.end == (how == "end date"), opt
        else:
            assert p.type is click.STRING, opt


@pytest.mark.parametrize(
    "argv",
    [
        ["quotes"],
        ["quotes", "--speaker", "Roe", "--since=2025-03-01", "--until", "2025-03"],
        ["quotes", "--limit", "07", "--first-only", "--kind", "direct", "--format", "csv"],
        ["quotes", "--topic", "trade", "--search", "bread", "--status", "rejected"],
        ["quotes", "--speaker", "Roe", "--speaker", "Jane Roe", "--db", "x.db"],
        ["quotes", "--until", "March 2025", "--since", "2024"],
    ],
)
def test_a_listing_gets_the_values_click_would_pass(argv, monkeypatch):
    from quotetrack.cli import quotes

    monkeypatch.delenv("QUOTETRACK_DB", raising=False)
    passed = quotes.make_context("quotes", argv[1:]).params
    ours = read_quotes_args(argv)
    assert {**dict.fromkeys(passed), "first_only": False, **ours} == passed


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["quotes", "--help"],
        ["quotes", "-h"],
        ["speakers"],
        ["quotes", "extra"],
        ["quotes", "--"],
        ["quotes", "--speaker"],
        ["quotes", "--speaker", "-x"],
        ["quotes", "--spea", "Roe"],
        ["quotes", "--limit", "0"],
        ["quotes", "--limit", "five"],
        ["quotes", "--limit", " 5"],
        ["quotes", "--limit", "1_0"],
        ["quotes", "--kind", "Direct"],
        ["quotes", "--format", "xml"],
        ["quotes", "--since", "blorp"],
        ["quotes", "--first-only=yes"],
        ["quotes", "--db", ""],
    ],
)
def test_what_it_does_not_read_for_certain_goes_to_click(argv):
    assert read_quotes_args(argv) is None


def test_a_listing_is_read_as_click_reads_it(monkeypatch):
    monkeypatch.setenv("QUOTETRACK_DB", "/tmp/x.db")
    got = read_quotes_args(
        ["quotes", "--speaker", "Roe", "--since=2025-03-01", "--until", "March 2025"]
        + ["--limit", "07", "--first-only", "--kind", "direct", "--format", "csv"]
        + ["--speaker", "Jane Roe"]
    )
    assert got == {
        "speaker": "Jane Roe",
        "since": date(2025, 3, 1),
        "until": date(2025, 3, 31),
        "limit": 7,
        "first_only": True,
        "kind": "direct",
        "fmt": "csv",
        "db": "/tmp/x.db",
    }
    monkeypatch.setenv("QUOTETRACK_DB", "")
    assert read_quotes_args(["quotes"]) == {"db": None, "fmt": "table"}
    assert read_quotes_args(["quotes", "--db", "a.db"])["db"] == "a.db"


def _process(code: str, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


CASES = [
    ("quotes", "--format", "jsonl"),
    ("quotes",),
    ("quotes", "--speaker", "Costa"),
    ("quotes", "--speaker", "Marsh", "--since", "2025-04-01", "--until", "April 2025"),
    ("quotes", "--since", "May 2025", "--limit", "4", "--format", "csv"),
    ("quotes", "--search", "dam", "--limit", "2", "--format", "json"),
    ("quotes", "--first-only", "--kind", "direct"),
    ("quotes", "--status", "rejected"),
    ("quotes", "--speaker", "Nobody Here"),
    ("quotes", "--topic", "no such topic"),
    ("quotes", "--speaker", "Keller", "--since", "2030-01-01"),
    ("quotes", "--since", "blorp"),
    ("quotes", "--limit", "0"),
    ("quotes", "--help"),
    ("ask", "what did Costa say"),
]


@pytest.mark.usefixtures("stocked")
def test_the_process_prints_what_click_prints(db_url, tmp_path):
    """Byte for byte, exit status too, whether this module or click answers; and a plain
    listing imports neither click nor dataclasses (and inspect)."""
    env = dict(os.environ, QUOTETRACK_DB=db_url, COLUMNS="100")
    env.pop("QUOTETRACK_LEAN", None)
    marker = str(tmp_path / "click-imported")
    for case in CASES:
        ours = _process(RECORDING, marker, *case, env=env)
        theirs = _process(CLICK, *case, env=env)
        assert ours == theirs, case
        plain = read_quotes_args(list(case)) is not None
        with open(marker) as f:
            imported = f.read().split()
        assert ("click" in imported) != plain, case
        if plain:
            assert imported == [], (case, imported)
    missing = dict(env, QUOTETRACK_DB=str(tmp_path / "new" / "made.db"))
    assert _process(LAUNCH, "quotes", env=missing) == (0, "", "no matching statements\n")
    assert os.path.exists(tmp_path / "new" / "made.db"), "click's path creates it"


def test_a_query_is_a_value_as_its_dataclass_was():
    from quotetrack.query.spec import QuoteQuery

    q = QuoteQuery(speaker="Roe", limit=5)
    assert q == QuoteQuery(speaker="Roe", limit=5) and hash(q) == hash(QuoteQuery("Roe", limit=5))
    assert q != QuoteQuery(speaker="Roe") and q != ("Roe",)
    assert q.replace(limit=None) == QuoteQuery(speaker="Roe") and q.limit == 5
    assert (q.since, q.first_only, q.newest_first) == (None, False, False)
    assert repr(QuoteQuery(kind="direct")).startswith("QuoteQuery(speaker=None, since=None")
    with pytest.raises(AttributeError):
        q.limit = 6
    with pytest.raises(TypeError):
        QuoteQuery(speakr="Roe")
