"""The lean path's PostgreSQL client (quotetrack/query/pgwire.py) against a fake server.

The local test server trusts every connection, so the password methods are checked here
against a server written from the protocol's description, in a thread: it asks for a
cleartext, MD5 or SCRAM-SHA-256 password, checks the answer as PostgreSQL does, and then
answers one query. What the client does not do must raise ``Unsupported`` (the lean path
then opens psycopg) before anything is sent to the server as a statement.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import socket
import struct
import threading
from datetime import date

import pytest

from quotetrack.query import pgwire

USER, PASSWORD = "reader", "s3cret:pa ss"
SALT, ITERATIONS = b"invented-salt", 4096


class FakeServer(threading.Thread):
    """One connection: start-up, the authentication ``method``, then one query."""

    def __init__(self, method: str, password: str = PASSWORD, tls: bool = False) -> None:
        super().__init__(daemon=True)
        self.method, self.password, self.tls = method, password, tls
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.startup: dict[str, str] = {}
        self.query: tuple[str, list] | None = None
        self.failure: str | None = None

    def url(self, password: str | None = PASSWORD, host: str = "127.0.0.1") -> str:
        secret = "" if password is None else ":" + password.replace(" ", "%20")
        return f"postgresql+psycopg://{USER}{secret}@{host}:{self.port}/news?application_name=t"

    def run(self) -> None:
        conn, _ = self.listener.accept()
        with conn, self.listener:
            self.stream = conn.makefile("rb")
            try:
                self.serve(conn)
            except Exception as exc:  # noqa: BLE001 - the test reads it
                self.failure = repr(exc)

    def serve(self, conn: socket.socket) -> None:
        length, code = struct.unpack("!ii", self.stream.read(8))
        if code == pgwire.SSL_REQUEST:
            conn.sendall(b"S" if self.tls else b"N")
            if self.tls:
                return
            length, code = struct.unpack("!ii", self.stream.read(8))
        fields = self.stream.read(length - 8).split(b"\0")
        self.startup = {
            k.decode(): v.decode() for k, v in zip(fields[0:-2:2], fields[1:-2:2], strict=True)
        }
        if not getattr(self, "auth_" + self.method)(conn):
            send(conn, b"E", b"SFATAL\0C28P01\0Mpassword authentication failed\0\0")
            return
        send(conn, b"R", struct.pack("!i", 0))
        send(conn, b"S", b"server_version\x0015.0\0")
        send(conn, b"Z", b"I")
        self.answer_one_query(conn)

    def read(self) -> tuple[bytes, bytes]:
        kind = self.stream.read(1)
        (length,) = struct.unpack("!i", self.stream.read(4))
        return kind, self.stream.read(length - 4)

    def auth_trust(self, conn) -> bool:
        return True

    def auth_gss(self, conn) -> bool:
        send(conn, b"R", struct.pack("!i", 7))
        return self.read()[0] == b"p"  # not reached: the client gives up

    def auth_cleartext(self, conn) -> bool:
        send(conn, b"R", struct.pack("!i", 3))
        return self.read()[1] == self.password.encode() + b"\0"

    def auth_md5(self, conn) -> bool:
        salt = os.urandom(4)
        send(conn, b"R", struct.pack("!i", 5) + salt)
        inner = hashlib.md5((self.password + USER).encode()).hexdigest().encode()
        return self.read()[1] == b"md5" + hashlib.md5(inner + salt).hexdigest().encode() + b"\0"

    def auth_scram(self, conn, forge_signature: bool = False) -> bool:
        """RFC 5802 from the server's side, as PostgreSQL stores the verifier."""
        salted = hashlib.pbkdf2_hmac("sha256", self.password.encode(), SALT, ITERATIONS)
        client_key = hmac.digest(salted, b"Client Key", "sha256")
        stored_key = hashlib.sha256(client_key).digest()
        server_key = hmac.digest(salted, b"Server Key", "sha256")
        send(conn, b"R", struct.pack("!i", 10) + b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0")
        body = self.read()[1]
        mechanism, rest = body.split(b"\0", 1)
        assert mechanism == b"SCRAM-SHA-256"
        client_first = rest[4:].decode()
        assert client_first.startswith("n,,")  # no channel binding
        client_nonce = client_first.split("r=", 1)[1]
        server_first = (
            f"r={client_nonce}servernonce,s={base64.b64encode(SALT).decode()},i={ITERATIONS}"
        )
        send(conn, b"R", struct.pack("!i", 11) + server_first.encode())
        client_final = self.read()[1].decode()
        without_proof, proof = client_final.rsplit(",p=", 1)
        auth_message = f"{client_first[3:]},{server_first},{without_proof}".encode()
        signature = hmac.digest(stored_key, auth_message, "sha256")
        recovered = bytes(a ^ b for a, b in zip(base64.b64decode(proof), signature, strict=True))
        if hashlib.sha256(recovered).digest() != stored_key:
            return False
        key = b"forged" * 6 if forge_signature else server_key
        verifier = base64.b64encode(hmac.digest(key, auth_message, "sha256")).decode()
        send(conn, b"R", struct.pack("!i", 12) + f"v={verifier}".encode())
        return True

    def auth_scram_forged(self, conn) -> bool:
        return self.auth_scram(conn, forge_signature=True)

    def answer_one_query(self, conn) -> None:
        """Parse/Bind/Describe/Execute/Sync: one row of an int, a text and a date."""
        messages = {}
        while (message := self.read())[0] != b"S":
            messages[message[0]] = message[1]
        sql = messages[b"P"][1:].split(b"\0", 1)[0].decode()
        bind = messages[b"B"][2:]
        (count,) = struct.unpack_from("!h", bind, 2)
        params, at = [], 4
        for _ in range(count):
            (n,) = struct.unpack_from("!i", bind, at)
            params.append(bind[at + 4 : at + 4 + n].decode())
            at += 4 + n
        self.query = (sql, params)
        columns = [(b"n", 23), (b"t", 25), (b"d", 1082), (b"b", 16)]
        send(conn, b"1", b"")
        send(conn, b"2", b"")
        send(
            conn,
            b"T",
            struct.pack("!h", len(columns))
            + b"".join(
                name + b"\0" + struct.pack("!ihihih", 0, 0, oid, -1, -1, 0) for name, oid in columns
            ),
        )
        values = [b"7", params[0].encode(), b"2025-03-04", b"t"]
        send(
            conn,
            b"D",
            struct.pack("!h", len(values))
            + b"".join(struct.pack("!i", len(v)) + v for v in values),
        )
        send(conn, b"C", b"SELECT 1\0")
        send(conn, b"Z", b"I")


def send(conn: socket.socket, kind: bytes, body: bytes) -> None:
    conn.sendall(kind + struct.pack("!i", len(body) + 4) + body)


@pytest.fixture(autouse=True)
def _no_libpq_environment(monkeypatch):
    for name in [n for n in os.environ if n.startswith("PG")]:
        monkeypatch.delenv(name)


def served(method: str, **kwargs) -> FakeServer:
    server = FakeServer(method, **kwargs)
    server.start()
    return server


def ask(server: FakeServer, url: str) -> list[tuple]:
    con = pgwire.connect(url)
    try:
        cur = con.cursor()
        cur.execute("SELECT %(p0)s::VARCHAR AS t", {"p0": "it's 100% fine; DROP TABLE x"})
        return cur.fetchall()
    finally:
        con.close()
        server.join(5)


@pytest.mark.parametrize("method", ["trust", "cleartext", "md5", "scram"])
def test_each_authentication_method_reaches_the_query(method):
    server = served(method)
    rows = ask(server, server.url())
    assert server.failure is None
    assert rows == [(7, "it's 100% fine; DROP TABLE x", date(2025, 3, 4), True)]
    # the value travels as a parameter, never inside the statement
    assert server.query == ("SELECT $1::VARCHAR AS t", ["it's 100% fine; DROP TABLE x"])
    assert server.startup["user"] == USER and server.startup["database"] == "news"
    assert server.startup["client_encoding"] == "UTF8"
    assert server.startup["application_name"] == "t"


@pytest.mark.parametrize("method", ["cleartext", "md5", "scram"])
def test_a_wrong_password_is_the_servers_error(method):
    server = served(method, password="another one")
    with pytest.raises(pgwire.Error, match="password authentication failed"):
        pgwire.connect(server.url())
    server.join(5)


def test_a_server_that_cannot_prove_it_knows_the_password_is_refused():
    server = served("scram_forged")
    with pytest.raises(pgwire.Error, match="signature"):
        pgwire.connect(server.url())
    server.join(5)


@pytest.mark.parametrize("method", ["cleartext", "md5", "scram"])
def test_a_password_the_url_does_not_give_is_left_to_psycopg(method):
    """libpq would look in ~/.pgpass."""
    server = served(method)
    with pytest.raises(pgwire.Unsupported):
        pgwire.connect(server.url(password=None))
    server.join(5)


def test_another_authentication_method_is_left_to_psycopg():
    server = served("gss")
    with pytest.raises(pgwire.Unsupported):
        pgwire.connect(server.url())
    server.join(5)


def test_a_remote_server_offering_tls_is_left_to_psycopg(monkeypatch):
    monkeypatch.setattr(pgwire, "LOOPBACK", ())
    server = served("trust", tls=True)
    with pytest.raises(pgwire.Unsupported, match="TLS"):
        pgwire.connect(server.url())
    server.join(5)
    refused = served("trust", tls=False)  # a remote server without TLS: plain text
    assert ask(refused, refused.url())[0][0] == 7


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u@h/db?sslmode=require",
        "postgresql+psycopg://u@h/db?target_session_attrs=read-write",
        "postgresql+psycopg://u@h1,h2/db",
        "postgresql+psycopg:///db",
    ],
)
def test_urls_it_does_not_read_are_left_to_psycopg(url):
    with pytest.raises(pgwire.Unsupported):
        pgwire.parse_url(url)


def test_libpq_environment_variables_are_left_to_psycopg(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "x")
    with pytest.raises(pgwire.Unsupported):
        pgwire.parse_url("postgresql+psycopg://u@h/db")


def test_a_url_is_read_as_libpq_reads_it():
    got = pgwire.parse_url(
        "postgresql+psycopg://us%40er:p%40ss%2Fw@[::1]:6543/my%20db?options=-csearch_path%3Dq"
    )
    assert (got["user"], got["password"], got["host"], got["port"], got["database"]) == (
        "us@er",
        "p@ss/w",
        "::1",
        6543,
        "my db",
    )
    assert got["options"] == "-csearch_path=q" and got["sslmode"] == "prefer"
    plain = pgwire.parse_url("postgresql+psycopg://u@localhost")
    assert (plain["port"], plain["database"], plain["password"]) == (5432, "u", None)


def test_an_unreachable_server_is_one_line_from_the_cli(runner):
    """The lean client gives up, and the full path reports the failure as it always has."""
    from quotetrack.cli import cli

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    for db in (f"postgresql://u@127.0.0.1:{port}/news", "postgresql://u@127.0.0.1:port/news"):
        result = runner.invoke(cli, ["quotes", "--speaker", "Keller", "--db", db])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.output


def _test_server() -> pgwire.Connection:
    """A connection to the test server (QUOTETRACK_TEST_POSTGRES), else the test skips."""
    from quotetrack.config import resolve_db_url

    url = os.environ.get("QUOTETRACK_TEST_POSTGRES", "").strip()
    if not url:
        pytest.skip("QUOTETRACK_TEST_POSTGRES is not set")
    return pgwire.connect(resolve_db_url(url))


def test_errors_leave_the_connection_ready_for_the_next_statement():
    """On the test server: the server's error, raised from execute as psycopg raises it,
    and a column type the client does not convert; the next statement still runs."""
    con = _test_server()
    try:
        cur = con.cursor()
        with pytest.raises(pgwire.Error, match="division by zero"):
            cur.execute("SELECT 1 / %(p0)s::INTEGER", {"p0": 0})
        with pytest.raises(pgwire.Error, match="column type"):
            cur.execute("SELECT now()")
        cur.execute("SELECT %(p0)s::VARCHAR, %(p1)s::DATE", {"p0": "ok", "p1": date(2025, 3, 4)})
        assert cur.fetchall() == [("ok", date(2025, 3, 4))]
    finally:
        con.close()


def test_rows_are_read_with_nulls_empty_text_and_many_columns():
    """The row reader written out per column list: NULL in any place, empty text, a
    statement of no columns and one of many, a result of thousands of rows read in
    batches, and an error after rows (raised once the rows are read, as before)."""
    con = _test_server()
    try:
        cur = con.cursor()
        cur.execute(
            "SELECT NULL::INTEGER, ''::TEXT, NULL::TEXT, 'é'::VARCHAR, NULL::DATE, 2.5::FLOAT8"
        )
        assert cur.fetchall() == [(None, "", None, "é", None, 2.5)]
        cur.execute("SELECT " + ", ".join(f"{i}::INTEGER" for i in range(40)))
        assert cur.fetchall() == [tuple(range(40))]
        cur.execute("SELECT FROM generate_series(1, 3)")
        assert cur.fetchall() == [(), (), ()]
        cur.execute(
            "SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE repeat('x', i % 7) END "
            "FROM generate_series(1, 5000) AS i ORDER BY i"
        )
        got = []
        while batch := cur.fetchmany(1000):
            got += batch
        assert got == [(i, None if i % 3 == 0 else "x" * (i % 7)) for i in range(1, 5001)]
        cur.execute("SELECT 10 / (3 - i) FROM generate_series(1, 3) AS i ORDER BY i")
        with pytest.raises(pgwire.Error, match="division by zero"):
            cur.fetchall()
        cur.execute("SELECT %(p0)s::VARCHAR", {"p0": "next"})
        assert cur.fetchall() == [("next",)]
    finally:
        con.close()
