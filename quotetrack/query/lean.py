"""The lean read path: ``quotes`` and ``ask`` through the DB-API, without SQLAlchemy.

Importing SQLAlchemy and the ORM models costs a read command 0.3-0.4 s before it sends a
query that itself takes milliseconds (docs/BENCHMARKS.md). This module answers the same
:class:`~quotetrack.query.spec.QuoteQuery` with the same SQL as
:func:`quotetrack.query.quotes.quote_statement` (the statement that module builds, written
out here once per dialect), over ``sqlite3`` or a PostgreSQL connection directly, and
yields the same dicts as :func:`~quotetrack.query.quotes.quote_rows`. PostgreSQL is spoken
to through :mod:`quotetrack.query.pgwire`, a small client of its wire protocol (importing
psycopg alone costs 0.3 s of CPU), and through psycopg for what that client does not do.
``tests/listing/test_lean_read.py`` runs both paths on the same data on SQLite and PostgreSQL and
checks every format prints the same bytes.

:func:`open_reader` gives ``None`` whenever the lean path is not sure it can answer as the
full one would: a database that does not exist yet, a schema that is missing, behind or
ahead of this version (the full path creates, upgrades or refuses it), a URL it does not
read itself, a connection that fails (the full path then reports it as it always has).
``QUOTETRACK_LEAN=0`` turns the lean path off.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Iterator, Sequence

from quotetrack.errors import DatabaseError, NotFound
from quotetrack.query.keys import KEYS
from quotetrack.query.spec import QuoteQuery

ENV_LEAN = "QUOTETRACK_LEAN"
SQLITE_BUSY_S = 30.0  # as store.engine.SQLITE_BUSY_MS
BATCH = 1000
_TOKEN = re.compile(r"\w+")

_WORDS_FROM = ("text", "start", "fragments")  # what ``words`` is computed from
_STATEMENT_KEYS = frozenset(
    ("statement_id", "first_seen", "appearances", "sources", "independent_sources")
)


def selected_keys(only: Sequence[str] | None) -> tuple[str, ...]:
    """The columns to select for a caller that reads the keys ``only`` of each row (and
    ``words``), in ``KEYS`` order; every column when ``only`` is None or names a key
    the listing does not have."""
    if only is None:
        return KEYS
    wanted = set(only)
    if "words" in wanted:
        wanted.discard("words")
        wanted.update(_WORDS_FROM)
    if not wanted <= set(KEYS):
        return KEYS
    return tuple(key for key in KEYS if key in wanted)


def open_reader(db: str | None) -> Reader | None:
    """A reader on the configured database when the lean path can serve it, else None."""
    if os.environ.get(ENV_LEAN, "").strip() == "0":
        return None
    from quotetrack.config import resolve_db_url

    try:
        url = resolve_db_url(db)
    except Exception:  # noqa: BLE001 - the full path reports a bad URL as it always has
        return None
    if url.startswith("sqlite:///"):
        return _open_sqlite(url[len("sqlite:///") :])
    if url.startswith("postgresql+psycopg://"):
        return _open_postgresql(url)
    return None


def _open_sqlite(path: str) -> Reader | None:
    # SQLAlchemy reads the rest of the URL as the file name; anything that would need its
    # URL parsing (query arguments, escapes) or that is not a file goes the full way.
    if not path or "?" in path or "%" in path or path == ":memory:":
        return None
    if not os.path.isfile(path):
        return None  # the full path creates it (and its schema)
    import sqlite3

    def connect():
        con = sqlite3.connect(path, timeout=SQLITE_BUSY_S, isolation_level=None)
        try:
            con.execute("BEGIN")  # one snapshot for the look-ups and the listing
        except BaseException:
            con.close()
            raise
        return con

    return _current(connect, "sqlite", sqlite3.Error)


def _open_postgresql(url: str) -> Reader | None:
    """Through :mod:`quotetrack.query.pgwire` (no psycopg to import: 0.3 s of CPU), or
    psycopg for what that client does not do (TLS, other authentication, URL options)."""
    from quotetrack.query import pgwire

    try:
        return _current(lambda: pgwire.connect(url), "postgresql", pgwire.Error, pgwire.Unsupported)
    except pgwire.Unsupported:
        pass
    try:
        import psycopg
    except ImportError:
        return None  # the full path says which driver to install
    conninfo = "postgresql://" + url.split("://", 1)[1]
    return _current(lambda: psycopg.connect(conninfo), "postgresql", psycopg.Error)


def _current(connect, dialect: str, errors: type[Exception], passthrough=()) -> Reader | None:
    """A reader on a new connection if its schema is at this version's head, else None
    (the full path creates, upgrades, refuses or reports, as it always has). Exceptions
    of the ``passthrough`` types are raised instead."""
    con = None
    try:
        con = connect()
        reader = Reader(con, dialect, errors)
        if reader.revision_is_current():
            return reader
    except passthrough:
        raise
    except Exception:  # noqa: BLE001 - the full path reports the failure as it always has
        pass
    if con is not None:
        con.close()
    return None


class Reader:
    """One read-only transaction on a DB-API connection."""

    def __init__(self, con, dialect: str, errors: type[Exception]) -> None:
        self.con = con
        self.dialect = dialect
        self.errors = errors
        self.pg = dialect == "postgresql"

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.rollback()
        finally:
            self.con.close()

    def revision_is_current(self) -> bool:
        from quotetrack.store.migrate import HEAD

        row = self._one("SELECT version_num FROM alembic_version", [])
        return row is not None and row[0] == HEAD

    # -- queries --------------------------------------------------------------------

    def _all(self, sql: str, params: list) -> list[tuple]:
        cur = self.con.cursor()
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            cur.close()

    def _one(self, sql: str, params: list) -> tuple | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def quote_rows(self, q: QuoteQuery, only: Sequence[str] | None = None) -> Iterator[dict]:
        """The rows of ``quotes.quote_rows(session, q)``, streamed; database errors end as
        the full path ends them ("database error: …").

        ``only``: the keys the caller will read (the table format shows five of the 35):
        each row then holds those, with the same values, and the statement computes no
        other column, nor joins a table only they need (a week's listing: half the time
        of its statement, and a sixth of the values to decode)."""
        keys = selected_keys(only)
        with self._database_errors():
            for batch in self._batches(q, keys):
                yield from self._dicts(batch, keys)

    def quote_columns(self, q: QuoteQuery, names: Sequence[str]) -> list[list]:
        """What ``quote_rows(q, names)`` gives, by column: for each of ``names``, every
        row's value of that key, in order (``None`` for a key rows do not have, as
        ``dict.get`` gives it). For the table format, which collects every row anyway
        to size its columns: no dict per row (a quarter of what a 29,000-row listing
        spent after its statement)."""
        keys = selected_keys(names)
        with self._database_errors():
            rows = [row for batch in self._batches(q, keys) for row in batch]
        if not rows:
            return [[] for _ in names]
        columns = [list(c) for c in zip(*rows, strict=True)]
        by_key = dict(zip(keys, columns, strict=True))
        fragments = by_key.get("fragments")
        split = [i for i, f in enumerate(fragments) if f] if fragments is not None else []
        pieces = {i: _pieces(fragments[i]) for i in split}
        out = []
        for name in names:
            if name == "words":
                words = list(by_key["text"])
                text, start = by_key["text"], by_key["start"]
                for i in split:
                    words[i] = _words(text[i], start[i], pieces[i])
                out.append(words)
            elif name == "fragments":
                column = list(fragments)
                for i in split:
                    column[i] = pieces[i]
                out.append(column)
            elif name == "anonymous" and not self.pg:
                out.append([None if v is None else bool(v) for v in by_key[name]])
            else:
                out.append(by_key.get(name) or [None] * len(rows))
        return out

    @contextlib.contextmanager
    def _database_errors(self) -> Iterator[None]:
        """The driver's errors as the full path ends them ("database error: …")."""
        try:
            yield
        except self.errors as exc:
            from quotetrack.config import redact

            detail = str(exc).strip().splitlines()
            raise DatabaseError(
                "database error: " + redact(detail[0] if detail else type(exc).__name__)
            ) from exc

    def _batches(self, q: QuoteQuery, keys: tuple[str, ...]) -> Iterator[list[tuple]]:
        """The statement's rows as the driver gives them, in batches."""
        if q.search and q.limit:
            # PostgreSQL: every match ranked when the first matches by id could not make
            # the page, or would be looked for among too many statements.
            walk = self.pg and q.limit * WALK <= MOST_WALKED
            for every in (False, True) if walk else (True,):
                narrow = self.statement(q, narrow=True, keys=keys, every=every)
                if narrow is None:
                    break
                rows = self._all(*narrow)
                if len(rows) == q.limit:
                    # The best-ranked ``limit`` matches all have their rows: no other
                    # match can come before them, so they are the full statement's page.
                    yield rows
                    return
        sql, params = self.statement(q, keys=keys)
        if self.pg:
            cur = self.con.cursor(name="quotetrack_quotes")
            cur.itersize = BATCH
        else:
            cur = self.con.cursor()
        try:
            cur.execute(sql, params)
            while True:
                batch = cur.fetchmany(BATCH)
                if not batch:
                    break
                yield batch
        finally:
            cur.close()

    def _dicts(self, rows: list[tuple], keys: tuple[str, ...] = KEYS) -> Iterator[dict]:
        """Rows as ``quotes.quote_rows`` gives them: SQLite's 0/1 as a bool, and
        ``words`` (whenever ``keys`` has ``text``, as :func:`selected_keys` makes sure
        when ``words`` is asked for)."""
        anonymous = keys.index("anonymous") if not self.pg and "anonymous" in keys else None
        fragments = keys.index("fragments") if "fragments" in keys else None
        if not all(key in keys for key in _WORDS_FROM):
            for row in rows:
                out = dict(zip(keys, row, strict=True))
                if anonymous is not None and row[anonymous] is not None:
                    out["anonymous"] = bool(row[anonymous])
                if fragments is not None and row[fragments]:
                    out["fragments"] = _pieces(row[fragments])
                yield out
            return
        text, start = keys.index("text"), keys.index("start")
        for row in rows:
            out = dict(zip(keys, row, strict=True))
            if anonymous is not None and row[anonymous] is not None:
                out["anonymous"] = bool(row[anonymous])
            if row[fragments]:
                pieces = out["fragments"] = _pieces(row[fragments])
                out["words"] = _words(row[text], row[start], pieces)
            else:
                out["words"] = row[text]
            yield out

    def statement(
        self,
        q: QuoteQuery,
        narrow: bool = False,
        keys: tuple[str, ...] = KEYS,
        every: bool = False,
    ) -> tuple[str, dict] | None:
        """The SQL of ``quotes.quote_statement`` for this query, and its parameters; runs
        the same look-ups first (rejected reviews, speakers, topics) in the same order.

        With a ``limit``, the matching ids are found, ordered and cut first, and the
        columns (three correlated subqueries, five joins) computed for those rows alone:
        the same rows in the same order, since the order ends with ``attributions.id``.
        On SQLite a broad filter then walks the listing order's index instead of its own
        (:meth:`_walk_in_order`).

        ``narrow``: for a search with a limit and no other condition, the page of the
        ``limit`` best-ranked matches alone, ranked without reading any row (SQLite), or
        on PostgreSQL from the first matches by id and those that repeat the word
        (:func:`_pg_ranked_page`), or with ``every`` from every match's tsvector; None
        when the query is not such a search. Its rows are the page whenever there are
        ``limit`` of them (:meth:`_quote_rows` checks).

        ``keys``: the columns to select (:func:`selected_keys`), in ``KEYS`` order; the
        tables only other columns need are not joined."""
        p = _Params(self.pg)
        f = self._filters(p, q)
        columns = _columns(p, self.pg, keys)
        if narrow:
            if f.rank is None or f.before_search or not q.limit:
                return None
            if self.pg and every:
                inner = (
                    f"SELECT attributions.id AS id{f.rank_column} FROM attributions "
                    f"WHERE {f.conditions[-1]} ORDER BY {f.rank}, attributions.id "
                    f"LIMIT {p.int(q.limit)}"
                )
            elif self.pg:
                inner = _pg_ranked_page(p, f.tsquery, q.limit)
            else:
                inner = (
                    f"SELECT fts.id AS id, fts.rank AS rank FROM ({f.fts} "
                    f"ORDER BY rank, rowid LIMIT {p.int(q.limit)}) AS fts"
                )
            page = f"({inner}) AS page JOIN attributions ON attributions.id = page.id JOIN"
            source = _source(keys, statements=False).replace("attributions JOIN", page, 1)
            order = f"page.rank{' DESC' if self.pg else ''}, attributions.id"
            return f"SELECT {columns} FROM {source} ORDER BY {order}", p.values
        if f.rank is not None:
            order = f"{f.rank}, attributions.id"
        elif q.newest_first:
            order = ", ".join(f"{key} DESC" for key in _ORDER)
        else:
            order = ", ".join(_ORDER)
        if not q.limit:
            # Without documents unless something reads it. Joining it for nothing cost a
            # 28,989-row search most of its time on PostgreSQL (the planner hashed all
            # 100,000 documents, 282 MB of text, to join them) and a third on SQLite.
            where = " WHERE " + " AND ".join(f.conditions) if f.conditions else ""
            source = _source(keys, q.first_only, documents=False)
            if "documents." in columns + source + f.joins + where:
                source = _source(keys, q.first_only)
            return f"SELECT {columns} FROM {source}{f.joins}{where} ORDER BY {order}", p.values
        conditions = f.conditions
        if not self.pg and f.rank is None and self._walk_in_order(q, f):
            conditions = f.walking
        inner = f"SELECT attributions.id AS id{f.rank_column} FROM {_FILTER_SOURCE}"
        if q.first_only:
            inner += _STATEMENTS
        inner += f.joins
        if conditions:
            inner += " WHERE " + " AND ".join(conditions)
        inner += f" ORDER BY {order} LIMIT {p.int(q.limit)}"
        page = f"({inner}) AS page JOIN attributions ON attributions.id = page.id JOIN"
        source = _source(keys, statements=False).replace("attributions JOIN", page, 1)
        if f.rank is not None:
            order = f"page.rank{' DESC' if self.pg else ''}, attributions.id"
        return f"SELECT {columns} FROM {source} ORDER BY {order}", p.values

    def _filters(self, p: _Params, q: QuoteQuery) -> _Filters:
        """The WHERE conditions of ``quote_statement`` in its order, the FTS5 join and the
        ranking of a search. ``walking`` holds the same conditions written so that SQLite
        cannot use the speaker, kind or topic indexes for them."""
        f = _Filters()
        # statements.columns.conditions first, as quote_statement
        if q.first_only:
            f.add(
                "(statement_appearances.statement_id IS NULL "
                "OR attributions.id = statements.first_attribution_id)"
            )
        if q.status is not None:
            f.add(f"{_review_status(p)} = {p.str(q.status)}")
        elif self._any_rejected():
            f.add(f"{_review_status(p)} != {p.str('rejected')}")
        if q.speaker:
            f.speakers = self.speaker_ids(q.speaker)
            ids = p.ints(f.speakers)
            f.add(f"attributions.speaker_id IN ({ids})", f"+attributions.speaker_id IN ({ids})")
        if q.since:
            f.add(f"attributions.said_on_day >= {p.date(q.since)}")
        if q.until:
            f.add(f"attributions.said_on_day <= {p.date(q.until)}")
        if q.kind:
            kind = p.str(q.kind)
            f.add(f"attributions.kind = {kind}", f"+attributions.kind = {kind}")
        if q.topic:
            f.topics = self.topic_ids(q.topic)
            if not f.topics:
                raise NotFound(
                    f"no topic or keyword {q.topic!r} (list them with: quotetrack topics)"
                )
            ids = p.ints(f.topics)
            f.add(
                _tagged(ids),
                "EXISTS (SELECT 1 FROM attribution_topics "
                "WHERE attribution_topics.attribution_id = attributions.id "
                f"AND attribution_topics.topic_id IN ({ids}))",
            )
        if q.about:
            f.add(self._about(p, q.about))
        f.before_search = len(f.conditions)
        if q.search:
            tokens = _TOKEN.findall(q.search)
            if not tokens:
                f.add(_contains(p, "attributions.text", q.search))
            elif self.pg:
                words = p.str(" ".join(tokens))
                query = f"plainto_tsquery({p.add('english', 'REGCONFIG')}, {words})"
                f.tsquery = query
                f.add(f"(attributions.text_tsv @@ {query})")
                f.rank = f"ts_rank(attributions.text_tsv, {query}) DESC"
                f.rank_column = f", ts_rank(attributions.text_tsv, {query}) AS rank"
            else:
                expression = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
                f.fts = (
                    "SELECT rowid AS id, rank AS rank FROM attributions_fts "
                    f"WHERE attributions_fts MATCH {p.str(expression)}"
                )
                f.joins = f" JOIN ({f.fts}) AS fts ON fts.id = attributions.id"
                f.rank = "fts.rank"
                f.rank_column = ", fts.rank AS rank"
        return f

    def _walk_in_order(self, q: QuoteQuery, f: _Filters) -> bool:
        """Whether a page of this listing is found faster by walking the listing order's
        index, testing each row (about limit x total / matches rows), than through the
        filter's own index (every match read, then sorted). SQLite plans without
        statistics and always takes the filter's index: the matches are counted here,
        each count stopping at the number that decides."""
        if not (f.speakers or f.topics or q.kind) or not q.limit:
            return False
        row = self._one("SELECT max(attributions.id) FROM attributions", {})
        total = row[0] if row and row[0] else 0
        if not total:
            return False
        enough = math.isqrt(q.limit * total) + 1
        counts = []
        if f.speakers:
            p = _Params(False)
            counts.append(
                (f"attributions WHERE attributions.speaker_id IN ({p.ints(f.speakers)})", p)
            )
        if f.topics:
            p = _Params(False)
            counts.append(
                (f"attribution_topics WHERE attribution_topics.topic_id IN ({p.ints(f.topics)})", p)
            )
        if q.kind:
            p = _Params(False)
            counts.append((f"attributions WHERE attributions.kind = {p.str(q.kind)}", p))
        expected = float(total)
        for source, p in counts:
            p.values["enough"] = enough
            (n,) = self._one(
                f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT :enough)", p.values
            )
            expected *= n / total
        return expected >= enough

    # -- look-ups, as in quotes.py and statements/columns.py ----------------------------

    def _any_rejected(self) -> bool:
        p = _Params(self.pg)
        row = self._one(
            f"SELECT reviews.id FROM reviews WHERE reviews.status = {p.str('rejected')} "
            f"LIMIT {p.int(1)}",
            p.values,
        )
        return bool(row and row[0])

    def speaker_ids(self, name: str) -> list[int]:
        """As ``quotes.speaker_ids``: canonical name, else an alias, else a last name."""
        from quotetrack.speakers.names import person_key, plain_key

        key = plain_key(name)
        keys = list({key, person_key(name)})
        for lookup in _SPEAKER_LOOKUPS:
            p = _Params(self.pg)
            wanted = {"keys": p.strs(keys)} if "{keys}" in lookup else {}
            if "{suffix}" in lookup:
                wanted["suffix"] = p.str("% " + _escape(key))
            found = self._all(lookup.format(**wanted), p.values)
            if found:
                return [r[0] for r in found]
        raise NotFound(f"no speaker matches {name!r} (list them with: quotetrack speakers)")

    def topic_ids(self, name: str, *, loose: bool = False) -> list[int]:
        """As ``quotes.topic_ids``."""
        from quotetrack.speakers.names import plain_key

        key = plain_key(name)
        p = _Params(self.pg)
        wanted = f"topics.key IN ({p.strs([f'topic:{key}', f'keyword:{key}'])})"
        if loose:
            wanted = (
                f"({wanted} OR topics.kind = {p.str('topic')} "
                f"AND lower(topics.name) LIKE {p.str(f'%{_escape(key)}%')} ESCAPE '\\')"
            )
        return [r[0] for r in self._all(f"SELECT topics.id FROM topics WHERE {wanted}", p.values)]

    def _about(self, p: _Params, about: str) -> str:
        """As ``quotes._about``: a topic by that name (or containing it), or all its words
        in the content or its sentence."""
        sentence = (
            f"substr(documents.text, attributions.sentence_start + {p.int(1)}, "
            "attributions.sentence_end - attributions.sentence_start)"
        )
        words = " AND ".join(
            f"({_contains(p, 'attributions.text', word)} OR {_contains(p, sentence, word)})"
            for word in about.split()
        )
        ids = self.topic_ids(about, loose=True)
        return f"({_tagged(p.ints(ids))} OR {words})" if ids else words


#: ``quotes.speaker_ids``'s look-ups, the first that finds anyone wins: the exact key,
#: an alias, a last name (a key ending in " " + the name's).
_SPEAKER_LOOKUPS = (
    "SELECT speakers.id FROM speakers WHERE speakers.key IN ({keys})",
    "SELECT DISTINCT speaker_aliases.speaker_id FROM speaker_aliases "
    "WHERE speaker_aliases.key IN ({keys})",
    "SELECT speakers.id FROM speakers WHERE speakers.key LIKE {suffix} ESCAPE '\\'",
)
_ORDER = (
    "attributions.said_on_day",
    "attributions.document_id",  # documents.id in quote_statement: equal through the join
    "attributions.start",
    "attributions.id",
)
_FILTER_SOURCE = "attributions JOIN documents ON attributions.document_id = documents.id"
_STATEMENTS = (
    " LEFT OUTER JOIN statement_appearances "
    "ON statement_appearances.attribution_id = attributions.id "
    "LEFT OUTER JOIN statements ON statements.id = statement_appearances.statement_id"
)


def _source(keys: tuple[str, ...], statements: bool, documents: bool = True) -> str:
    """``quote_statement``'s joins, less those that only columns outside ``keys`` need
    (each joins on a primary key, so leaving one out never changes which rows come).
    ``statements``: joined for the conditions of ``--first-only`` whatever the keys.
    ``documents``: False leaves out the inner join to ``documents`` too (every row has
    its document: ``attributions.document_id`` is NOT NULL, a foreign key with ON
    DELETE CASCADE, and quotetrack's SQLite connections enforce foreign keys), for a
    statement that reads nothing of it."""
    source = _FILTER_SOURCE if documents else "attributions"
    if "speaker" in keys:
        source += " LEFT OUTER JOIN speakers ON attributions.speaker_id = speakers.id"
    if "source" in keys:
        source += " LEFT OUTER JOIN sources ON documents.source_id = sources.id"
    if statements or not _STATEMENT_KEYS.isdisjoint(keys):
        source += _STATEMENTS
    return source


def _columns(p: _Params, pg: bool, keys: tuple[str, ...] = KEYS) -> str:
    """``quotes.COLUMNS`` named in ``keys``, in its order."""
    agg = "string_agg" if pg else "group_concat"
    plain = {
        "id": "attributions.id",
        "date": "attributions.said_on_day",
        "speaker": "speakers.name",
        "published": "documents.published",
        "document_id": "documents.id",
        "title": "documents.title",
        "source": "sources.name",
        "url": "documents.url",
        "end": 'attributions."end"',
        "speaker_start": "attributions.mention_start",
        "speaker_end": "attributions.mention_end",
        "statement_id": "statement_appearances.statement_id",
        "first_seen": "coalesce(statements.first_seen, documents.published)",
    }
    computed = {
        "mentioned_dates": lambda: (
            f"(SELECT {agg}(attribution_dates.value, ' ') FROM attribution_dates "
            "WHERE attribution_dates.attribution_id = attributions.id)"
        ),
        "topics": lambda: (
            f"(SELECT {agg}(topics.name, '; ') FROM topics "
            "JOIN attribution_topics ON attribution_topics.topic_id = topics.id "
            "WHERE attribution_topics.attribution_id = attributions.id "
            f"AND topics.kind = {p.str('topic')})"
        ),
        "appearances": lambda: f"coalesce(statements.appearances, {p.int(1)})",
        "sources": lambda: f"coalesce(statements.sources, {p.int(1)})",
        "independent_sources": lambda: f"coalesce(statements.independent_sources, {p.int(1)})",
        "review_status": lambda: _review_status(p),
    }
    return ", ".join(
        computed[key]() if key in computed else plain.get(key, f"attributions.{key}")
        for key in keys
    )


class _Filters:
    """What :meth:`Reader._filters` found."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.walking: list[str] = []
        self.joins = ""
        self.rank: str | None = None
        self.rank_column = ""
        self.speakers: list[int] = []
        self.topics: list[int] = []
        self.before_search = 0  # conditions other than the search's own
        self.fts = ""  # SQLite: the FTS5 matches and their rank
        self.tsquery = ""  # PostgreSQL: the search's tsquery

    def add(self, condition: str, walking: str | None = None) -> None:
        self.conditions.append(condition)
        self.walking.append(walking or condition)


class _Params:
    """Named parameters for sqlite3 (``:p1``) or PostgreSQL (``%(p1)s``, which
    :mod:`~quotetrack.query.pgwire` numbers ``$1``…, cast as SQLAlchemy's psycopg dialect
    casts them, so PostgreSQL plans the same statement)."""

    def __init__(self, pg: bool) -> None:
        self.pg = pg
        self.values: dict[str, object] = {}

    def add(self, value: object, cast: str) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"%({name})s::{cast}" if self.pg else f":{name}"

    def str(self, value: str) -> str:
        return self.add(value, "VARCHAR")

    def int(self, value: int) -> str:
        return self.add(value, "INTEGER")

    def date(self, value) -> str:
        return self.add(value if self.pg else value.isoformat(), "DATE")

    def ints(self, values: list[int]) -> str:
        return ", ".join(self.int(v) for v in values)

    def strs(self, values: list[str]) -> str:
        return ", ".join(self.str(v) for v in values)


#: How many statements, per row of a page, the ranked page of a one-word PostgreSQL
#: search reads in id order for the matches that say the word once
#: (:func:`_pg_ranked_page`): a word in more than about 1/WALK of the statements fills
#: its page from there (50 rows: from the first 5,000 statements, 1-3 ms); a rarer one
#: (or one whose matches all come later) has every match ranked after that walk, as
#: before it, and has fewer rows to rank.
WALK = 100
#: At most this many (a page of up to 1,000 rows): beyond, a walk would cost more than
#: such a page does anyway, and at a tenth of the table PostgreSQL may sort the whole
#: table by id for it rather than read the primary key in order.
MOST_WALKED = 100_000


def _pg_ranked_page(p: _Params, tsquery: str, limit: int) -> str:
    """The ids and ranks of a PostgreSQL search's page when the query is one word and
    the first ``WALK × limit`` statements by id hold ``limit`` matches, else no rows:
    the ``limit`` best-ranked matches of ``tsquery`` (``ts_rank``, descending, then id,
    as ``quote_statement`` orders them), found without ranking every match.

    ``ts_rank`` (normalization 0) of a one-word query depends only on how many times a
    statement's tsvector holds the word (``text_tsv`` gives every position the same
    weight): every match that says it once ranks the same, the lowest any match can, so
    among them the page takes the lowest ids. Those with more than one position are few
    and indexed (``ix_attributions_text_tsv_repeated``, migration 0009). So the page is
    the best of the repeated matches and of the first ``limit`` matches by id: any other
    match says the word once and comes after each of those ``limit`` (same rank or
    lower, lower id). Ranking every match instead read each one's row: 20-80 ms for a
    word in 2% of 1,000,000 statements (docs/BENCHMARKS.md). When this gives no rows the
    caller ranks every match; that statement is a separate one so that its cost, which
    the planner counts whether it runs or not, does not make it compile this one (JIT)."""
    k = p.int(limit)
    window = p.add(limit * WALK, "BIGINT")
    first = (
        "SELECT walk.id AS id, walk.text_tsv AS text_tsv FROM (SELECT attributions.id AS id, "
        f"attributions.text_tsv AS text_tsv FROM attributions ORDER BY attributions.id "
        f"LIMIT {window}) AS walk WHERE walk.text_tsv @@ {tsquery} ORDER BY walk.id LIMIT {k}"
    )
    sure = f"(SELECT count(*) = {k} AND numnode({tsquery}) = 1 FROM first_matches)"
    repeated = "quotetrack_repeated_lexemes(attributions.text_tsv)"  # as the index says
    return (
        f"WITH first_matches AS MATERIALIZED ({first}) "
        "SELECT candidates.id AS id, candidates.rank AS rank FROM ("
        f"SELECT first_matches.id AS id, ts_rank(first_matches.text_tsv, {tsquery}) AS rank "
        f"FROM first_matches WHERE {sure} UNION "
        f"SELECT attributions.id, ts_rank(attributions.text_tsv, {tsquery}) FROM attributions "
        f"WHERE {repeated} <> ''::tsvector AND {repeated} @@ {tsquery} AND {sure}"
        f") AS candidates ORDER BY candidates.rank DESC, candidates.id LIMIT {k}"
    )


def _review_status(p: _Params) -> str:
    """``statements.columns.review_status``: a person's verdict, else "unreviewed"."""
    return (
        "coalesce((SELECT reviews.status FROM reviews "
        "WHERE reviews.content_hash = documents.content_hash "
        "AND reviews.start = attributions.start "
        'AND reviews."end" = attributions."end" '
        "AND reviews.text = attributions.text "
        f"LIMIT {p.int(1)}), {p.str('unreviewed')})"
    )


def _tagged(ids: str) -> str:
    return (
        "attributions.id IN (SELECT attribution_topics.attribution_id FROM attribution_topics "
        f"WHERE attribution_topics.topic_id IN ({ids}))"
    )


def _contains(p: _Params, column: str, words: str) -> str:
    return f"lower({column}) LIKE {p.str(f'%{_escape(words.lower())}%')} ESCAPE '\\'"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pieces(stored: str) -> list[list[int]]:
    """A split quotation's pieces as ``extract`` gives them: a list of [start, end]."""
    import json

    return json.loads(stored)


def _words(text: str, start: int, pieces: list[list[int]]) -> str:
    """``words`` as ``quotes.quote_rows`` makes it, for a split quotation."""
    from quotetrack.extraction.pieces import joined_pieces

    return joined_pieces(text, start, pieces)
