"""A synthetic news corpus: article files to ingest, or a database loaded directly.

Every name and sentence here is invented and generated from templates, so the corpus can
be made at any size, on any machine, without copying anyone's text. The articles have the
shape of real ones: a headline, a dateline ("HARBOURTON, March 4, 2019 —"), paragraphs of
one to three sentences, and statements in several styles:

    "…," Senator Mara Quill said.          Mara Quill, the senator, said, "…"
    "…," said Quill.                       Quill said that … (reported speech)
    According to Quill, …                  Quill called the plan "a partial quote".
    "…," she added.

Speakers are people (full name, surname, title + surname) and organisations, quoted with
a Zipf-like skew (a few speakers are everywhere, most are rare, as in real news), and
publication dates are spread over ten years.

Two uses:

    # .txt files for the ingest benchmarks (the real extractor reads them)
    python benchmarks/synth.py articles /tmp/synth --count 10000

    # a database of 1,000,000 attributions for the query and export benchmarks, loaded
    # through the real schema (Alembic migrations) with bulk inserts, not the extractor
    python benchmarks/synth.py load --db /tmp/qt_1m.db --attributions 1000000
    python benchmarks/synth.py load --db postgresql://postgres@127.0.0.1/qt_bench

The generator knows where it put every quote, speaker mention and cue, so the rows it
loads carry true offsets into the stored text, like rows the extractor would have written.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path


def _words(line: str) -> tuple[str, ...]:
    """A word list kept readable in the source: one string, split on spaces."""
    return tuple(line.split())


FIRST = _words(
    "Mara Tobias Lena Oskar Ines Rafael Greta Milan Alba Jonas Petra Caspar Nadia Emil "
    "Selma Anton Livia Hugo Freya Dario Ilse Bruno Yara Felix Cora Matteo Edda Lucian "
    "Rosa Viktor Amara Konrad Elin Teodor Saskia Levin Maren Nikolai Talia Arvid Delia "
    "Jorin Vesna Paulo Irma Benedikt Zora Kasimir Ottilie Ruben Sanna Leopold Mirela "
    "Tarek"
)
SURNAMES = _words(
    "Quill Harrow Venn Castell Morrow Ashgrove Pellin Dravik Lunde Okafor Brannigan "
    "Sefton Vidal Korhonen Albescu Marlow Thistle Renwick Oduya Falkner Strand Ibarra "
    "Calloway Wexley Dunmore Halvorsen Kestrel Amadi Rourke Lindqvist Tamsin Orsini Vayne "
    "Ellery Kovacs Brightwater Nakamura Osei Fairbairn Mendel Achterberg Quarles Soto "
    "Hawthorne Pryce Devane Lachance Iyer Rasmussen Abernethy Kilbride Moravec Sandoval "
    "Thorne Ulloa Voss Whitlock Yilmaz Zeller Arkwright Beaumont Carrow Delacroix "
    "Esterhazy Fenwick Gallardo Holm Ingram Jessup Kaminski Larkspur Mbeki Northcott "
    "Oyelaran Penhaligon"
)
TITLES = (
    ("Senator", "a senator"),
    ("Governor", "the governor"),
    ("Mayor", "the mayor"),
    ("Minister", "the minister"),
    ("Councillor", "a city councillor"),
    ("Judge", "a judge"),
    ("General", "the army chief"),
    ("Dr.", "a public health official"),
    ("Professor", "an economist"),
    ("Chancellor", "the chancellor"),
)
ROLES = (
    "a spokeswoman for the ministry",
    "a spokesman for the union",
    "chief executive of the port authority",
    "head of the regional council",
    "a senior analyst at a Harbourton bank",
    "the opposition leader",
    "president of the teachers' federation",
    "director of the water board",
)
ORGS = (
    "the Harbour Authority",
    "the Ministry of Transport",
    "the National Rail Union",
    "the Central Bank",
    "the Regional Health Board",
    "the Farmers' Federation",
    "the Electoral Commission",
    "the Chamber of Commerce",
    "the Coastal Defence Agency",
    "the Teachers' Federation",
)
CITIES = (
    "HARBOURTON",
    "NEW ASHFORD",
    "PORT VELLA",
    "KESTREL BAY",
    "MIDDENHALL",
    "SOUTH LORNE",
    "BRIGHTWATER",
    "CASTELLO",
)
MONTHS = _words(
    "January February March April May June July August September October November December"
)
TOPICS = {
    "ceasefire": ("the ceasefire", "the truce talks", "the border monitors", "the prisoner swap"),
    "inflation": ("inflation", "interest rates", "the price of bread", "household budgets"),
    "housing": ("the housing plan", "rents", "the zoning reform", "social housing"),
    "transport": ("the rail strike", "the new bridge", "bus fares", "the harbour tunnel"),
    "health": ("hospital waiting lists", "the nurses' pay deal", "the vaccine rollout"),
    "climate": ("the flood barrier", "the coal phase-out", "the emissions target"),
    "elections": ("the early election", "postal voting", "the coalition deal"),
    "schools": ("the school budget", "teacher shortages", "the exam reform"),
    "trade": ("the tariff dispute", "the port expansion", "export quotas"),
    "farming": ("the drought relief fund", "milk prices", "the fishing quota"),
}
#: How the topics above are named when statements are tagged with them.
TOPIC_NAMES = {
    "ceasefire": "ceasefire",
    "inflation": "economy",
    "housing": "housing and infrastructure",
    "transport": "transport",
    "health": "health",
    "climate": "climate and energy",
    "elections": "elections",
    "schools": "education",
    "trade": "trade",
    "farming": "farming",
}
SUBJECTS = ("We", "Ministers", "Our members", "The unions", "Families", "Local businesses")
VERBS = (
    "will not accept",
    "are committed to",
    "cannot afford to ignore",
    "must deliver on",
    "have always supported",
    "will keep pushing for changes to",
    "need answers about",
    "are deeply worried about",
    "expect real progress on",
    "will fight any delay to",
)
TAILS = (
    "this year",
    "before the summer",
    "whatever the cost",
    "and we will say so in parliament",
    "for the families who depend on it",
    "in the coming weeks",
    "without more money",
    "",
)
REPORTED = (
    "{o} would be reviewed before the end of the year",
    "the government had underestimated the cost of {o}",
    "talks on {o} were making slow but steady progress",
    "there was no plan to change course on {o}",
    "the figures on {o} had been misread by critics",
    "{o} would dominate the next session of parliament",
)
PARTIALS = ("a step in the right direction", "deeply flawed", "long overdue", "a betrayal")
HEADLINES = ("vows to press on with", "warns over", "defends", "criticises", "backs", "questions")
BACKGROUND = (
    "The debate over {o} has run for months.",
    "Officials did not give a timetable.",
    "A vote is expected later in the session.",
    "The figures were published on the ministry's website.",
    "Critics have called for an independent review of {o}.",
    "Similar measures were tried in neighbouring regions.",
    "The proposal on {o} was first put forward by a cross-party committee two years ago.",
    "Turnout at the public hearings on {o} was higher than in previous years.",
    "Opposition parties have pledged to reverse course on {o} if they win power.",
    "The last comparable package, agreed in the spring, cost roughly twice as much.",
    "Business groups said they had not been consulted on {o} before the announcement.",
    "Several hundred people gathered outside the parliament building on the morning of the vote.",
    "Analysts expect the issue of {o} to feature prominently in the coming campaign.",
    "An earlier version of the plan was withdrawn after legal advice.",
    "Local newspapers have run a series of reports on {o} since the winter.",
    "The regional assembly is due to publish its own assessment next month.",
    "Figures released last quarter showed little change from the year before.",
    "Talks between the two sides broke down briefly in the autumn before resuming.",
)
START = date(2016, 1, 1)
DAYS = 3653  # ten years of publication dates


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    name: str
    kind: str  # person | organisation
    surname: str | None
    title: str | None
    role: str | None
    pronoun: str | None

    def aliases(self) -> list[str]:
        """What the news calls them besides their full name."""
        if self.kind != "person":
            return []
        out = [self.surname]
        if self.title:
            out.append(f"{self.title} {self.surname}")
        return out


@dataclass(slots=True)
class Article:
    """An article's text and, for each statement, the row an extractor would store."""

    published: date
    title: str
    topic: str
    text: str = ""
    rows: list[dict] = field(default_factory=list)


def make_speakers(n_people: int, rng: random.Random) -> list[Speaker]:
    """Invented people with unique full names, titles and roles, then organisations."""
    names = [(f, s) for s in SURNAMES for f in FIRST]
    rng.shuffle(names)
    if n_people > len(names):
        raise SystemExit(f"at most {len(names)} invented people")
    speakers = []
    for i, (first, surname) in enumerate(names[:n_people]):
        titled = rng.random() < 0.5
        title, role = rng.choice(TITLES) if titled else (None, rng.choice(ROLES))
        speakers.append(
            Speaker(
                i + 1,
                f"{first} {surname}",
                "person",
                surname,
                title,
                role,
                rng.choice(("he", "she")),
            )
        )
    for org in ORGS:
        speakers.append(Speaker(len(speakers) + 1, org[4:], "organisation", None, None, None, None))
    return speakers


class Writer:
    """Builds an article's text and records the offsets of what it writes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    """Articles from templates, with a Zipf-like choice of speakers (seeded, repeatable)."""

    def __init__(self, seed: int = 1, people: int = 3000) -> None:
        self.rng = random.Random(seed)
        self.speakers = make_speakers(people, self.rng)
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.speakers))]
        order = list(range(len(self.speakers)))
        self.rng.shuffle(order)  # organisations are not all at the tail
        self._weights = [0.0] * len(self.speakers)
        for rank, i in enumerate(order):
            self._weights[i] = weights[rank]
        self._topics = list(TOPICS)

    def quote(self, obj: str) -> str:
        r = self.rng
        tail = r.choice(TAILS)
        return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {obj}{' ' + tail if tail else ''}"

    def article(self, statements: int) -> Article:
        r = self.rng
        published = START + timedelta(days=r.randrange(DAYS))
        topic = r.choice(self._topics)
        objects = TOPICS[topic]
        cast = r.choices(self.speakers, weights=self._weights, k=max(2, statements // 3))
        lead = next((s for s in cast if s.kind == "person"), cast[0])
        headline = f"{lead.surname or lead.name} {r.choice(HEADLINES)} {r.choice(objects)}"
        art = Article(published, headline, TOPIC_NAMES[topic])
        w = Writer()
        w.add(headline + "\n\n")
        w.add(
            f"{r.choice(CITIES)}, {MONTHS[published.month - 1]} {published.day}, "
            f"{published.year} — "
        )
        w.add(r.choice(BACKGROUND).format(o=r.choice(objects)) + "\n\n")
        introduced: set[int] = set()
        last: Speaker | None = None
        for k in range(statements):
            s = r.choice(cast)
            sent_start = w.pos
            row = self._statement(w, s, s.id in introduced, last is s, r.choice(objects))
            row["sentence_start"], row["sentence_end"] = sent_start, w.pos
            row["speaker_id"] = s.id
            art.rows.append(row)
            introduced.add(s.id)
            last = s
            # Real articles carry far more context than quotes (3-5 KB for about ten
            # statements): background sentences follow, and whole paragraphs of them.
            for _ in range(r.choice((0, 1, 1, 2))):
                w.add(" " + r.choice(BACKGROUND).format(o=r.choice(objects)))
            w.add("\n\n" if k % 2 or r.random() < 0.5 else " ")
            if r.random() < 0.5:
                para = r.sample(BACKGROUND, r.randint(2, 4))
                w.add(" ".join(b.format(o=r.choice(objects)) for b in para) + "\n\n")
        art.text = w.text().rstrip()
        return art

    def _statement(self, w: Writer, s: Speaker, known: bool, again: bool, obj: str) -> dict:
        """One sentence with one statement; the attribution row for it (offsets filled)."""
        r = self.rng
        q = self.quote(obj)
        style = r.randrange(7)
        if s.kind != "person":
            style = r.choice((0, 3, 4))
        if s.kind == "person" and again and r.random() < 0.6:
            style = 6
        if s.kind == "person":
            full = f"{s.title} {s.name}" if s.title else s.name
            short = s.surname if known else full
        else:
            full = short = s.name
        if style == 0:  # "…," X said.
            w.add('"')
            c = w.add(q)
            w.add('," ')
            m = w.add(short)
            w.add(" ")
            cue = w.add("said")
            w.add(".")
            return _row(c, q, "direct", m, short, cue, "said", s, "quote_said")
        if style == 1:  # X, role, said, "…"
            m = w.add(s.name)
            w.add(f", {s.role or 'the ' + (s.title or 'official').lower()}, ")
            cue = w.add("said")
            w.add(', "')
            c = w.add(q)
            w.add('."')
            return _row(c, q, "direct", m, s.name, cue, "said", s, "said_quote")
        if style == 2:  # "…," said X.
            w.add('"')
            c = w.add(q)
            w.add('," ')
            cue = w.add("said")
            w.add(" ")
            m = w.add(short)
            w.add(".")
            return _row(c, q, "direct", m, short, cue, "said", s, "quote_said_inverted")
        reported = r.choice(REPORTED).format(o=obj)
        if style == 3:  # X said that … (reported speech)
            m = w.add(short)
            w.add(" ")
            verb = r.choice(("said", "argued", "insisted", "warned"))
            cue = w.add(verb)
            w.add(" that ")
            c = w.add(reported)
            w.add(".")
            return _row(c, reported, "indirect", m, short, cue, verb, s, "reported_that")
        if style == 4:  # According to X, …
            cue = w.add("According to")
            w.add(" ")
            m = w.add(short)
            w.add(", ")
            c = w.add(reported)
            w.add(".")
            return _row(c, reported, "indirect", m, short, cue, "according to", s, "according")
        if style == 5:  # X called the … "partial"
            partial = r.choice(PARTIALS)
            m = w.add(short)
            w.add(" ")
            cue = w.add("called")
            w.add(f' {obj} "')
            c = w.add(partial)
            w.add('".')
            return _row(c, partial, "partial", m, short, cue, "called", s, "called_partial")
        w.add('"')  # "…," she added.
        c = w.add(q)
        w.add('," ')
        m = w.add(s.pronoun or "it")
        w.add(" ")
        cue = w.add("added")
        w.add(".")
        return _row(c, q, "direct", m, s.pronoun or "it", cue, "added", s, "quote_pronoun")


def _row(content, text, kind, mention, mention_text, cue, cue_text, s: Speaker, rule) -> dict:
    resolution = (
        "organisation"
        if s.kind != "person"
        else "pronoun"
        if mention_text in ("he", "she")
        else "name"
        if " " in mention_text
        else "surname"
    )
    return {
        "start": content[0],
        "end": content[1],
        "text": text,
        "kind": kind,
        "mention": mention_text,
        "mention_start": mention[0],
        "mention_end": mention[1],
        "cue": cue_text,
        "cue_start": cue[0],
        "cue_end": cue[1],
        "stance": "neutral" if cue_text in ("said", "added", "according to") else "assertive",
        "confidence": 0.9,
        "rule": rule,
        "resolution": resolution,
        "anonymous": False,
        "role": s.title or s.role,
    }


# -- article files -------------------------------------------------------------------------


def write_articles(out: Path, count: int, seed: int, statements: int) -> tuple[int, int]:
    """``count`` article files under ``out``/YEAR/; returns (files, bytes)."""
    gen = Generator(seed)
    total = 0
    for i in range(count):
        art = gen.article(max(2, statements + gen.rng.randint(-3, 3)))
        folder = out / str(art.published.year)
        folder.mkdir(parents=True, exist_ok=True)
        data = (art.text + "\n").encode("utf-8")
        (folder / f"synth-{i:07d}.txt").write_bytes(data)
        total += len(data)
    return count, total


# -- loading a database directly -----------------------------------------------------------


def documents_for(target: int, seed: int, statements: int) -> Iterator[Article]:
    """Articles until ``target`` statements have been generated."""
    gen = Generator(seed)
    made = 0
    while made < target:
        n = min(target - made, max(2, statements + gen.rng.randint(-3, 3)))
        art = gen.article(n)
        made += len(art.rows)
        yield art


def name_key(name: str) -> str:
    """A speaker's lookup key as the store makes it: case- and space-folded."""
    return " ".join(name.split()).casefold()


def load(url: str, target: int, seed: int, statements: int, batch: int = 20_000) -> dict:
    """Fill an empty database, migrated by the real migrations, with ``target`` rows.

    The tables are reflected from the migrated database rather than taken from the
    models, so the loader follows the schema as it evolves: columns it knows are filled,
    later nullable columns are left NULL (said-on dates default to the publication date,
    as the migration that added them does for older rows).
    """
    from sqlalchemy import MetaData, func, select, text

    from quotetrack.config import resolve_db_url
    from quotetrack.store.engine import make_engine
    from quotetrack.store.migrate import ensure_current

    engine = make_engine(resolve_db_url(url))
    ensure_current(engine)
    meta = MetaData()
    meta.reflect(engine)
    tables = meta.tables
    tagged = "topics" in tables and "attribution_topics" in tables
    with engine.connect() as conn:
        if conn.scalar(select(func.count()).select_from(tables["documents"])):
            raise SystemExit("the database already has documents: load into an empty one")
    gen_speakers = Generator(seed).speakers
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    postgres = engine.dialect.name == "postgresql"
    sources = [{"id": i + 1, "name": n, "created_at": now} for i, n in enumerate(_SOURCES)]
    speakers = [
        {"id": s.id, "name": s.name, "key": name_key(s.name), "kind": s.kind} for s in gen_speakers
    ]
    aliases = [
        {
            "speaker_id": s.id,
            "alias": a,
            "key": name_key(a),
            "reason": f"{'surname' if a == s.surname else 'title'} of {s.name}",
            "origin": "ingest",
        }
        for s in gen_speakers
        for a in s.aliases()
    ]
    names = {s.id: s.name for s in gen_speakers}
    topics = [
        {"id": i + 1, "name": name, "key": f"topic:{name_key(name)}", "kind": "topic"}
        for i, name in enumerate(TOPIC_NAMES.values())
    ]
    topic_id = {t["name"]: t["id"] for t in topics}
    with engine.begin() as conn:
        if tagged:
            conn.execute(tables["topics"].insert(), topics)
        for name, rows_ in (
            ("sources", sources),
            ("speakers", speakers),
            ("speaker_aliases", aliases),
        ):
            conn.execute(tables[name].insert(), _fit(rows_, tables[name]))
    docs: list[dict] = []
    rows: list[dict] = []
    tags: list[dict] = []
    n_docs = n_rows = size = 0
    rng = random.Random(seed + 1)
    write = _copy_writer(engine) if postgres else _core_writer(engine)
    for art in documents_for(target, seed, statements):
        n_docs += 1
        size += len(art.text)
        docs.append(
            {
                "id": n_docs,
                "source_id": rng.randrange(len(_SOURCES)) + 1,
                "content_hash": f"{n_docs:064x}",
                "text": art.text,
                "title": art.title,
                "url": f"https://news.example/{art.published:%Y/%m}/{n_docs}",
                "origin": None,
                "published": art.published,
                "published_source": "dateline",
                "ingested_at": now,
            }
        )
        day = art.published.isoformat()
        for row in art.rows:
            n_rows += 1
            row["id"] = n_rows
            if tagged:
                tags.append({"attribution_id": n_rows, "topic_id": topic_id[art.topic]})
            row["document_id"] = n_docs
            row["speaker_name"] = names[row["speaker_id"]]
            row["said_on"] = day
            row["said_on_day"] = art.published
            row["said_on_precision"] = "day"
            row["said_on_source"] = "published"
            rows.append(row)
        if len(rows) >= batch:
            write(tables["documents"], docs)
            write(tables["attributions"], rows)
            if tagged:
                write(tables["attribution_topics"], tags)
            docs, rows, tags = [], [], []
            print(f"\r{n_rows:,} attributions", end="", file=sys.stderr, flush=True)
    write(tables["documents"], docs)
    write(tables["attributions"], rows)
    if tagged:
        write(tables["attribution_topics"], tags)
    write(None, None)  # commit and close
    with engine.begin() as conn:
        if postgres:
            for table in ("documents", "speakers", "speaker_aliases", "sources", "attributions") + (
                ("topics",) if tagged else ()
            ):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    print(file=sys.stderr)
    return {
        "documents": n_docs,
        "attributions": n_rows,
        "speakers": len(speakers),
        "aliases": len(aliases),
        "text_mb": size / 1e6,
        "seconds": time.perf_counter() - t0,
    }


def _fit(rows: list[dict], table) -> list[dict]:
    """The rows with only the columns this schema has."""
    if not rows:
        return rows
    keep = [k for k in rows[0] if k in table.c]
    if len(keep) == len(rows[0]):
        return rows
    return [{k: r[k] for k in keep} for r in rows]


_SOURCES = ("Morning Wire", "Harbourton Herald", "Coastal Times", "The Ledger", "Evening Post")


def _core_writer(engine):
    """SQLite: SQLAlchemy Core executemany in one transaction per batch. Attributions
    enter the full-text index as the ingest path adds them (migration 0011), or by the
    older schemas' trigger."""
    conn = engine.connect()
    triggered = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'attributions_fts_insert'"
    ).first()
    conn.rollback()  # the check began a transaction: each batch begins its own
    if triggered is None:
        from quotetrack.store.search_index import index_attributions

    def write(table, rows):
        if table is None:
            conn.close()
            return
        if rows:
            with conn.begin():
                conn.execute(table.insert(), _fit(rows, table))
                if table.name == "attributions" and triggered is None:
                    index_attributions(conn, rows[0]["id"], rows[-1]["id"])

    return write


def _copy_writer(engine):
    """PostgreSQL: COPY … FROM STDIN through psycopg 3, the fastest bulk path."""
    raw = engine.raw_connection()
    dbapi = raw.driver_connection

    def write(table, rows):
        if table is None:
            dbapi.commit()
            raw.close()
            return
        if not rows:
            return
        cols = [c for c in rows[0] if c in table.c]
        quoted = ", ".join(f'"{c}"' for c in cols)
        with dbapi.cursor() as cur, cur.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row([row[c] for c in cols])

    return write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("articles", help="write article .txt files for ingest benchmarks")
    a.add_argument("out", type=Path)
    a.add_argument("--count", type=int, default=1000)
    l_ = sub.add_parser("load", help="bulk-load a database through the real schema")
    l_.add_argument("--db", required=True, help="SQLite path or PostgreSQL URL (empty)")
    l_.add_argument("--attributions", type=int, default=1_000_000)
    for p in (a, l_):
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--statements", type=int, default=10, help="per article, on average")
    args = parser.parse_args(argv)
    if args.command == "articles":
        t0 = time.perf_counter()
        n, size = write_articles(args.out, args.count, args.seed, args.statements)
        print(f"{n} articles, {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
        return 0
    stats = load(args.db, args.attributions, args.seed, args.statements)
    print(
        f"{stats['attributions']:,} attributions in {stats['documents']:,} documents "
        f"({stats['text_mb']:.0f} MB of text), {stats['speakers']} speakers, "
        f"{stats['aliases']} aliases: {stats['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
