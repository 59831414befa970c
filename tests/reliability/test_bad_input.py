"""Whatever scrapers produce, every command answers with a reason, never a traceback.

Each case runs the installed ``quotetrack`` in a subprocess, as cron would, and checks
what a user sees (the documented exit status, one line naming the problem) and what is
left behind (nothing from a rejected input, everything from the good ones beside it).
Cases already covered by tests/test_cli.py (a PNG, invalid UTF-8 and empty files given
to ``ingest`` next to a good file) are not repeated here. Several bad inputs share one
run where the command reports them one by one, to keep the suite quick.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from reliability_cli import assert_clean_failure, run_quotetrack
from reliability_corpus import articles
from reliability_soak import verify
from sqlalchemy import create_engine, text

GOOD = articles(1, seed=99)[0].text
LATIN1 = '"Nous refusons," a dit Hélène Marchetti.'.encode("latin-1")
BINARY = {
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<<>>",
}


def stored_texts(db_url: str) -> list[str]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT text FROM documents ORDER BY id"))]
    finally:
        engine.dispose()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def binaries(tmp_path: Path) -> list[Path]:
    paths = []
    for kind, data in sorted(BINARY.items()):
        path = tmp_path / f"scraped.{kind}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_binary_files_are_refused_one_by_one_by_ingest(qt, db_url, good, binaries):
    result = qt("ingest", *map(str, binaries), str(good), "-", stdin=BINARY["zip"])
    assert_clean_failure(result, 3)
    for origin in [*map(str, binaries), "<stdin>"]:
        assert f"{origin}: binary file" in result.stderr
    assert "1 new, 0 unchanged, 4 failed" in result.stderr
    assert stored_texts(db_url) == [GOOD.strip()]


@pytest.mark.parametrize("command", ["extract", "dates"])
def test_binary_files_are_refused_by_extract_and_dates(binaries, good, command):
    result = run_quotetrack(command, *map(str, binaries), str(good), "--format", "jsonl")
    assert_clean_failure(result, 3)
    assert [line.split()[1] for line in result.stderr.splitlines()] == [f"{p}:" for p in binaries]
    if command == "extract":
        assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {str(good)}


@pytest.mark.parametrize("command", ["extract", "dates"])
def test_invalid_utf8_is_a_one_line_error_for_extract_and_dates(tmp_path, command):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(LATIN1)
    result = run_quotetrack(command, str(bad))
    assert_clean_failure(result, 3)
    assert "not valid utf-8 (byte 0xe9 at offset 24)" in result.stderr


def test_invalid_utf8_policy_error_then_replace_then_encoding(qt, db_url, tmp_path):
    """The default refuses and stores nothing; ``--invalid replace`` stores U+FFFD where
    the bad bytes were; ``--encoding`` reads them as the user says they are."""
    bad = tmp_path / "mixed.txt"
    bad.write_bytes(b'"We will not pay a single \xff cent more," said Ana Mart\xednez.')
    refused = qt("ingest", str(bad))
    assert_clean_failure(refused, 3)
    assert "--invalid replace" in refused.stderr
    assert stored_texts(db_url) == []
    assert qt("ingest", str(bad), "--invalid", "replace").exit_code == 0
    assert qt("ingest", str(bad), "--encoding", "latin-1").exit_code == 0
    assert stored_texts(db_url) == [
        '"We will not pay a single \ufffd cent more," said Ana Mart\ufffdnez.',
        '"We will not pay a single \xff cent more," said Ana Mart\xednez.',
    ]


LATIN1_ARTICLE = (
    "SALTMARSH, March 3, 2025 - The ferry will not sail.\n\n"
    '"We will not move the ferry before Friday," said Hélène Marchetti, the harbour master.\n'
).encode("latin-1")


@pytest.mark.parametrize("command", ["extract", "dates"])
def test_the_advice_for_invalid_utf8_works_for_extract_and_dates(tmp_path, command):
    """The error says 'give --encoding, or --invalid replace'; both used to be unknown
    options of extract and dates. Offsets refer to the text as decoded."""
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(LATIN1_ARTICLE)
    assert "--invalid replace" in run_quotetrack(command, str(bad)).stderr
    runs = {
        LATIN1_ARTICLE.decode("latin-1"): ("--encoding", "latin-1"),
        LATIN1_ARTICLE.decode("utf-8", "replace"): ("--invalid", "replace"),
    }
    for text_, options in runs.items():
        result = run_quotetrack(command, str(bad), *options, "--format", "jsonl")
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows, options
        assert all(text_[r["start"] : r["end"]] == r["text"] for r in rows)
        if command == "extract" and options[0] == "--encoding":
            assert [r["mention"] for r in rows] == ["Hélène Marchetti"]


def test_a_nul_character_past_the_binary_sniff_is_refused_on_every_backend(qt, db_url, tmp_path):
    """Only the first 8 KiB are sniffed for NUL bytes; a NUL further on used to be stored
    by SQLite and to stop the whole run with a database error on PostgreSQL."""
    path = tmp_path / "late-nul.txt"
    path.write_text(GOOD * 15 + "\x00" + GOOD, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(articles(2, seed=99)[1].text, encoding="utf-8")
    result = qt("ingest", str(path), str(other))
    assert_clean_failure(result, 3)
    assert f"NUL character at offset {len(GOOD) * 15}" in result.stderr
    assert "1 new, 0 unchanged, 1 failed" in result.stderr
    replaced = qt("ingest", str(path), "--invalid", "replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "\ufffd" in stored_texts(db_url)[1]


def test_utf16_and_utf32_are_the_same_document_as_utf8(qt, db_url, tmp_path, good):
    """A BOM decides the encoding by itself; without one, --encoding says it (and the NUL
    bytes of UTF-16 must not be taken for a binary file)."""
    with_bom = []
    for codec in ("utf-8-sig", "utf-16", "utf-32"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(GOOD.encode(codec))
        with_bom.append(str(path))
    result = qt("ingest", *with_bom, str(good))
    assert result.exit_code == 0, result.stderr
    assert "1 new, 3 unchanged, 0 failed" in result.stderr
    big_endian = tmp_path / "be.txt"
    big_endian.write_bytes(GOOD.encode("utf-16-be"))
    assert "binary file" in qt("ingest", str(big_endian)).stderr
    told = qt("ingest", str(big_endian), "--encoding", "utf-16-be")
    assert (told.exit_code, "unchanged" in told.stdout) == (0, True)
    assert stored_texts(db_url) == [GOOD.strip()]


def test_utf16_offsets_from_extract_point_into_the_decoded_text(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(GOOD.encode("utf-16"))
    result = run_quotetrack("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    assert all(GOOD[r["start"] : r["end"]] == r["text"] for r in rows)


def test_unknown_encoding_names_the_encoding(tmp_path, good):
    result = run_quotetrack(
        "ingest", str(good), "--encoding", "klingon", "--db", str(tmp_path / "q")
    )
    assert "unknown encoding 'klingon'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["ingest", "extract", "dates"])
@pytest.mark.parametrize("encoding", ["klingon", "hex"])  # hex: a codec, not for text
def test_unknown_encoding_is_a_usage_error(tmp_path, good, command, encoding):
    """Said once, before anything is read or a database created (it used to be one
    'failed' line per file, exit 3)."""
    db = ("--db", str(tmp_path / "q.db")) if command == "ingest" else ()
    result = run_quotetrack(command, str(good), str(good), "--encoding", encoding, *db)
    assert_clean_failure(result, 2)
    assert f"unknown encoding '{encoding}'" in result.error_lines[0]
    assert not (tmp_path / "q.db").exists()


EMPTY = {"empty": b"", "blank": b" \n\t\r\n  \n", "bom-only": b"\xef\xbb\xbf\n\n"}


@pytest.fixture
def empties(tmp_path: Path) -> list[Path]:
    paths = []
    for name, data in EMPTY.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["extract", "dates"])
def test_empty_files_give_no_rows_and_success_to_extract_and_dates(empties, command):
    """Documented: there is nothing to find in an empty file, which is not an error for
    the read-only commands (``ingest`` refuses it: see tests/test_cli.py)."""
    result = run_quotetrack(command, *map(str, empties), "--format", "jsonl")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_bom_only_files_are_empty_for_ingest(qt, db_url, empties):
    result = qt("ingest", *map(str, empties))
    assert_clean_failure(result, 3)
    assert result.stderr.count("empty document") == 3
    assert stored_texts(db_url) == []


def _big_article(size: int) -> str:
    """Realistic article text repeated (with part numbers) to about ``size`` characters."""
    body = "\n\n".join(a.text for a in articles(40, seed=3))
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(f"Part {n}.\n\n{body}\n\n")
    return "".join(parts)[:size].rsplit("\n\n", 1)[0]


HUGE = os.environ.get("QUOTETRACK_TEST_HUGE") == "1"
SIZES = [1_500_000, *([50_000_000] if HUGE else [])]


@pytest.fixture(scope="module")
def fifty_megabytes(tmp_path_factory) -> Path:
    """A scraper's dump: 50 MB of article text in one file."""
    path = tmp_path_factory.mktemp("huge") / "dump.txt"
    chunk = (GOOD + "\n\n").encode("utf-8")
    with path.open("wb") as out:
        for _ in range(50_000_000 // len(chunk) + 1):
            out.write(chunk)
    return path


def test_a_fifty_megabyte_article_is_refused_by_ingest_and_the_rest_stored(
    qt, db_url, good, fifty_megabytes
):
    """Over the article limit (10 MB by default) the input is refused before it is read
    as text: one line naming the size, the limit and the option; nothing of it stored."""
    result = qt("ingest", str(fifty_megabytes), str(good))
    assert_clean_failure(result, 3)
    assert f"{fifty_megabytes}: 47.7 MB is more than the 10 MB limit" in result.stderr
    assert "--max-article-mb" in result.stderr
    assert "1 new, 0 unchanged, 1 failed" in result.stderr
    assert stored_texts(db_url) == [GOOD.strip()]


@pytest.mark.parametrize("command", ["extract", "dates"])
def test_a_fifty_megabyte_article_is_refused_by_extract_and_dates(fifty_megabytes, command):
    result = run_quotetrack(command, str(fifty_megabytes), "--format", "jsonl")
    assert_clean_failure(result, 3)
    assert "47.7 MB is more than the 10 MB limit" in result.stderr
    assert result.stdout == ""


def test_the_article_limit_is_the_users_to_set(qt, db_url, tmp_path):
    """--max-article-mb and QUOTETRACK_MAX_ARTICLE_MB move the limit; 0 removes it."""
    path = tmp_path / "long.txt"
    path.write_text(_big_article(1_500_000), encoding="utf-8")
    lowered = qt("ingest", str(path), "--max-article-mb", "1")
    assert_clean_failure(lowered, 3)
    assert "1.4 MB is more than the 1 MB limit" in lowered.stderr
    from_env = qt("ingest", str(path), env={"QUOTETRACK_MAX_ARTICLE_MB": "0.5"})
    assert "1.4 MB is more than the 0.5 MB limit" in from_env.stderr
    assert stored_texts(db_url) == []
    bad = qt("ingest", str(path), "--max-article-mb", "lots")
    assert_clean_failure(bad, 2)
    assert qt("ingest", str(path), "--max-article-mb", "0").exit_code == 0
    assert len(stored_texts(db_url)) == 1


def ingest_alone(tmp_path: Path, text_: str) -> tuple[int, list[str]]:
    """Ingest one file into a fresh SQLite database; return the attribution count the
    ingest reported and what is wrong with what it stored.

    Large inputs are checked without re-running the extractor (that would double the
    time): the stored count must equal the reported one and every span must point into
    the stored text.
    """
    path = tmp_path / "big.txt"
    path.write_text(text_, encoding="utf-8")
    db = "sqlite:///" + str(tmp_path / "big.db")
    result = run_quotetrack("ingest", str(path), "--db", db, "--max-article-mb", "0")
    assert result.exit_code == 0, result.stderr
    reported = int(result.stdout.split("(document 1, ")[1].split()[0])
    engine = create_engine(db)
    with engine.connect() as conn:
        (body,) = conn.execute(text("SELECT text FROM documents")).one()
        rows = conn.execute(text('SELECT start, "end", text FROM attributions')).all()
    engine.dispose()
    problems = [f"{s}:{e}" for s, e, t in rows if body[s:e] != t]
    if len(rows) != reported:
        problems.append(f"{len(rows)} stored, {reported} reported")
    if body != text_.strip():
        problems.append("stored text differs")
    return reported, problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s / 1_000_000:g}MB")
def test_a_very_large_article_is_stored_whole(tmp_path, size):
    """Scrapers concatenate pages. The whole text is one document whose attributions all
    point into it (QUOTETRACK_TEST_HUGE=1 adds the 50 MB size with the limit lifted:
    minutes, a few GB)."""
    reported, problems = ingest_alone(tmp_path, _big_article(size))
    assert problems == []
    assert reported > size // 1000


def test_a_single_one_megabyte_line(tmp_path):
    line = " ".join(_big_article(1_100_000).split())[:1_000_000]
    assert "\n" not in line
    reported, problems = ingest_alone(tmp_path, line)
    assert problems == []
    assert reported > 1000


QUOTE_MARKS = {
    "straight": '"' * 5000,
    "curly-mixed": "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201f'\"" * 500,
    "with-paragraphs": '"\n\n"\n"' * 800,
    "unbalanced": "'''''' \"\"\" \u201c \u201c \u201c\n" * 300,
}


def test_articles_of_nothing_but_quote_marks(qt, db_url, tmp_path):
    paths = []
    for name, marks in QUOTE_MARKS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(marks, encoding="utf-8")
        paths.append(str(path))
    result = qt("ingest", *paths)
    assert result.exit_code == 0, result.stderr
    assert "4 new" in result.stderr
    assert verify(db_url).problems == []
    for command in ("extract", "dates"):
        assert run_quotetrack(command, *paths).exit_code == 0


SQL_NAMES = ("Robert'); DROP TABLE speakers;--", 'Anna "Bobby" Tables OR 1=1')


def test_speaker_names_that_look_like_sql_are_just_names(qt, db_url, tmp_path):
    path = tmp_path / "sql.txt"
    path.write_text(
        "\n\n".join(f'"We will never sign this agreement," said {n} on Tuesday.' for n in SQL_NAMES)
        + "\n\n"
        + GOOD,
        encoding="utf-8",
    )
    assert qt("ingest", str(path)).exit_code == 0
    for name in SQL_NAMES:
        for args in (
            ("quotes", "--speaker", name),
            ("quotes", "--search", name),
            ("ask", f"what did {name} say"),
        ):
            result = qt(*args)
            assert result.exit_code in (0, 1), result.stderr
            assert "Traceback" not in result.stderr and "database error" not in result.stderr
    assert qt("speakers").exit_code == 0
    # every table is still there and the data too
    assert verify(db_url).problems == []
    assert len(stored_texts(db_url)) == 1


def test_wildcards_and_quotes_in_filters_match_literally(qt, good):
    """A ``%`` must not match every speaker, nor ``' OR '1'='1`` every statement."""
    assert qt("ingest", str(good)).exit_code == 0
    for pattern in ("%_", "nowhere' OR '1'='1"):
        speakers = qt("quotes", "--speaker", pattern)
        assert_clean_failure(speakers, 1)
        assert "no speaker matches" in speakers.stderr
        search = qt("quotes", "--search", pattern, "--format", "jsonl")
        assert (search.exit_code, search.stdout) == (0, ""), pattern


IMPOSSIBLE_DATES = ["31 February 2025", "2025-02-30", "February 31", "2025-13-01", "0000-01-01"]
UNKNOWN_ZONES = ["2025-03-01 12:00 Mars/Olympus", "2025-03-01T12:00:00+25:00", "March 3 10am XYZT"]
OPTIONS = (("ingest", "--published"), ("quotes", "--since"), ("quotes", "--until"))


@pytest.mark.parametrize(
    ("value", "option"),
    [(v, OPTIONS[i % 3]) for i, v in enumerate(IMPOSSIBLE_DATES + UNKNOWN_ZONES)],
)
def test_impossible_dates_and_unknown_zones_are_usage_errors(tmp_path, good, value, option):
    """Refused while reading the options, before any database is opened or file read."""
    command, flag = option
    args = [command, str(good)] if command == "ingest" else [command]
    result = run_quotetrack(*args, flag, value, "--db", str(tmp_path / "q.db"))
    assert_clean_failure(result, 2)
    assert "cannot read" in result.error_lines[0]
    assert not (tmp_path / "q.db").exists()


@pytest.mark.parametrize("value", IMPOSSIBLE_DATES[:3] + UNKNOWN_ZONES[:1])
def test_impossible_dates_in_a_question(tmp_path, value):
    result = run_quotetrack("ask", f"what did Dahl say since {value}", "--db", str(tmp_path / "q"))
    assert_clean_failure(result, 1)
    assert "cannot read the time in that question" in result.stderr


def test_impossible_dates_inside_articles_do_not_stop_them(qt, db_url, tmp_path):
    paths = []
    for i, value in enumerate(IMPOSSIBLE_DATES + UNKNOWN_ZONES):
        path = tmp_path / f"odd-date-{i}.txt"
        path.write_text(
            f"EASTPORT, {value} - The vote was moved again.\n\n"
            f'"The meeting on {value} will go ahead," said Piotr Nowak, the mayor.\n',
            encoding="utf-8",
        )
        paths.append(str(path))
    result = qt("ingest", *paths)
    assert result.exit_code == 0, result.stderr
    assert run_quotetrack("dates", *paths).exit_code == 0
    assert verify(db_url).problems == []


@pytest.mark.parametrize(
    "question",
    ["", "   ", "make me a sandwich", "???", "\"'\u201c\u201d", "what did", "x" * 100_000],
    ids=["empty", "blank", "nonsense", "punctuation", "quote-marks", "unfinished", "100k"],
)
def test_a_question_ask_cannot_read(tmp_path, question):
    result = run_quotetrack("ask", question, "--db", str(tmp_path / "q.db"))
    assert_clean_failure(result, 1)
    assert "ask it like one of" in result.error_lines[0]


def test_missing_and_empty_folders(tmp_path):
    db = str(tmp_path / "q.db")
    missing = run_quotetrack("ingest", str(tmp_path / "no-such-folder"), "--db", db)
    assert_clean_failure(missing, 3)
    assert "no such file" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run_quotetrack("ingest", str(tmp_path / "empty"), "--db", db)
    assert_clean_failure(empty, 2)
    assert "no files matching '*.txt'" in empty.stderr


@pytest.fixture
def stocked_sqlite(tmp_path: Path, good: Path) -> str:
    db = str(tmp_path / "q.db")
    assert run_quotetrack("ingest", str(good), "--db", db).exit_code == 0
    return db


def test_export_to_a_missing_folder_writes_nothing(stocked_sqlite, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    result = run_quotetrack("export", "timeline", "-o", str(target), "--db", stocked_sqlite)
    assert_clean_failure(result, 1)
    assert f"cannot write {target}" in result.stderr
    assert not (tmp_path / "no").exists()


def test_export_file_is_readable_like_any_new_file(stocked_sqlite, tmp_path):
    """The export is written beside its name and renamed; it must not stay private (0600)."""
    target = tmp_path / "out.csv"
    result = run_quotetrack("export", "timeline", "-o", str(target), "--db", stocked_sqlite)
    assert result.exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    before = path.read_bytes()
    for args in (("quotes",), ("ingest", "-"), ("speakers",)):
        result = run_quotetrack(*args, "--db", str(path), stdin=GOOD.encode())
        assert_clean_failure(result, 1)
    assert path.read_bytes() == before
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT 1 FROM sqlite_master").fetchall()


SAVED_PAGE = """<!DOCTYPE html>
<html><head><title>Ferry row</title></head><body>
<nav>Home | News | Sport | Weather</nav>
<article><h1>Ferry will not sail before Friday</h1>
<p>SALTMARSH, March 3, 2025 - The ferry stayed in port again on Monday as the dispute
over crew rotas dragged into its second week.</p>
<p>"We will not move the ferry before Friday," said Helene Marchetti, the harbour master,
speaking outside the terminal.</p>
<p>The operator said it expected talks with the union to resume on Wednesday.</p>
</article><footer>Cookie settings</footer></body></html>
"""
NO_BODY = {
    "head-only.html": "<html><head><title>Port news</title></head></html>",
    "empty-body.html": "<!doctype html><html><head></head><body></body></html>",
    "menu-only.html": "<html><body><nav>Home | News | Sport</nav></body></html>",
}


def test_saved_html_pages_give_their_article_or_a_reason(qt, db_url, tmp_path):
    """Scrapers save pages as .html. Given to ``ingest`` they used to be stored as markup
    (a page with no body became a document of tags). Now a page is read like one from
    ``jobs``: its article text, or 'no article text found in the page'."""
    paths = []
    for name, html in {"page.html": SAVED_PAGE, **NO_BODY}.items():
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        paths.append(str(path))
    result = qt("ingest", *paths)
    assert_clean_failure(result, 3)
    assert result.stderr.count("no article text found in the page") == len(NO_BODY)
    assert "1 new, 0 unchanged, 3 failed" in result.stderr
    (stored,) = stored_texts(db_url)
    assert "<" not in stored and "Home | News" not in stored
    assert '"We will not move the ferry before Friday," said Helene Marchetti' in stored
    assert verify(db_url).problems == []
