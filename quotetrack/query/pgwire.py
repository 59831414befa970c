"""Just enough of PostgreSQL's wire protocol (version 3) for the lean read path.

``import psycopg`` costs a fresh process about 0.3 s of CPU (185 modules, ``ssl``,
``logging``, over a thousand classes), ten times the whole start-up budget of a
``quotes`` listing; this module needs ``socket`` and ``struct`` (and ``hashlib``/``hmac``
when the server asks for a password). It opens one connection, authenticates (trust,
cleartext password, MD5, SCRAM-SHA-256), and runs statements through the extended query
protocol: Parse, Bind with every parameter sent as text and apart from the SQL (nothing
is ever interpolated into a statement), Execute, with rows streamed from the socket as
they are read and converted from text for the column types the read path selects.

Whatever it does not do raises :class:`Unsupported` before a statement is sent, and the
caller opens psycopg instead: a URL with several hosts or options other than
``options``, ``application_name``, ``connect_timeout`` and an ``sslmode`` that allows
plain text, ``PG*``
environment variables (libpq reads them), a server that offers TLS to a remote client
(libpq's default ``sslmode=prefer`` would take it), a password the URL does not give
(libpq may find it in ``~/.pgpass``), another authentication method, a column type
it does not convert. A loopback host or a Unix socket is spoken to in plain text, as
libpq does for a socket: the traffic never leaves the machine.
"""

from __future__ import annotations

import os
import re
import socket
import struct
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache

PROTOCOL = 196608  # 3.0
SSL_REQUEST = 80877103
CONNECT_TIMEOUT_S = 10.0
READ_BUFFER = 65536  # bytes read from the socket at a time: a listing arrives in bulk
LOOPBACK = ("localhost", "127.0.0.1", "::1")
_URL = re.compile(
    r"postgresql\+psycopg://"
    r"(?:(?P<user>[^:@/?#]*)(?::(?P<password>[^@/?#]*))?@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:/?#,\[\]]*)(?::(?P<port>\d{1,5}))?"
    r"(?:/(?P<database>[^?#]*))?"
    r"(?:\?(?P<query>[^#]*))?"
)
_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_HEADER = struct.Struct("!cI")
_INT16 = struct.Struct("!h")
_INT32 = struct.Struct("!i")


class Unsupported(Exception):
    """Something this client does not do (psycopg will)."""


class Error(Exception):
    """An error the server reported, or a connection that broke."""


_text = bytes.decode  # UTF-8, strict: a method call in C, not a function of ours


def _bool(value: bytes) -> bool:
    return value == b"t"


@lru_cache(maxsize=4096)
def _date(value: bytes) -> date:
    """A listing's dates repeat (a week's 1,917 rows have 7): each is parsed once."""
    return date.fromisoformat(value.decode("ascii"))


#: Type OIDs (pg_type) of the columns the read path selects, and their text decoders:
#: the Python values psycopg gives for them.
DECODERS = {
    16: _bool,  # bool
    18: _text,  # "char"
    19: _text,  # name
    20: int,  # int8
    21: int,  # int2
    23: int,  # int4
    25: _text,  # text
    26: int,  # oid
    700: float,  # float4
    701: float,  # float8
    1042: _text,  # bpchar
    1043: _text,  # varchar
    1082: _date,  # date
}


def connect(url: str) -> Connection:
    """A connection for a ``postgresql+psycopg://`` URL, as :func:`config.resolve_db_url`
    writes them; :class:`Unsupported` for what psycopg should open instead, OSError or
    :class:`Error` when the server cannot be reached or refuses."""
    params = parse_url(url)
    sock = _open_socket(params)
    con = Connection(sock)
    try:
        con.start(params)
    except BaseException:
        con.close()
        raise
    return con


#: URL options this client honours (libpq's names); any other goes to psycopg.
OPTIONS = ("options", "application_name", "connect_timeout", "sslmode")
PLAIN_SSLMODES = ("disable", "allow", "prefer")


def parse_url(url: str) -> dict:
    """User, password, host, port, database and options of a URL, percent-decoded, with
    libpq's defaults (the login name, port 5432, the database named as the user)."""
    if any(name.startswith("PG") for name in os.environ):
        raise Unsupported("libpq environment variables")
    match = _URL.fullmatch(url)
    if match is None or not match["host"]:
        raise Unsupported("a URL with several hosts or no host")
    params = {"sslmode": "prefer", "connect_timeout": str(CONNECT_TIMEOUT_S)}
    for pair in (match["query"] or "").split("&"):
        name, _, value = pair.partition("=")
        if name not in OPTIONS:
            if pair:
                raise Unsupported(f"the URL option {name!r}")
            continue
        params[name] = _unquote(value)
    if params["sslmode"] not in PLAIN_SSLMODES:
        raise Unsupported(f"sslmode={params['sslmode']}")
    host = _unquote(match["host"])
    if host.startswith("["):
        host = host[1:-1]
    user = _unquote(match["user"] or "")
    if not user:
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
    port = int(match["port"] or 5432)
    if not 0 < port < 65536:
        raise Unsupported("port out of range")
    try:
        timeout = float(params["connect_timeout"]) or None
    except ValueError:
        raise Unsupported("connect_timeout") from None
    return {
        **params,
        "user": user,
        "password": None if match["password"] is None else _unquote(match["password"]),
        "host": host,
        "port": port,
        "database": _unquote(match["database"] or "") or user,
        "connect_timeout": timeout,
    }


def _unquote(value: str) -> str:
    raw = _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), value.encode("utf-8"))
    return raw.decode("utf-8")


def _open_socket(params: dict) -> socket.socket:
    """A connected socket; a remote server that would speak TLS is left to psycopg."""
    host, port, timeout = params["host"], params["port"], params["connect_timeout"]
    unix = host.startswith("/")
    if unix:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    else:
        # An ASCII name as bytes: getaddrinfo encodes a str with the "idna" codec, whose
        # import (stringprep, unicodedata) costs more than the connection.
        name = host.encode("ascii") if host.isascii() else host
        sock = socket.create_connection((name, port), timeout=timeout)
    try:
        if unix:
            sock.settimeout(timeout)
            sock.connect(f"{host}/.s.PGSQL.{port}")
        else:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if params["sslmode"] == "prefer" and host.lower() not in LOOPBACK:
                sock.sendall(_INT32.pack(8) + _INT32.pack(SSL_REQUEST))
                if _recv_exactly(sock, 1) != b"N":
                    raise Unsupported("the server offers TLS")
        sock.settimeout(None)
    except BaseException:
        sock.close()
        raise
    return sock


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise Error("the server closed the connection")
        data += chunk
    return data


class Connection:
    """One session: the few DB-API calls :class:`~quotetrack.query.lean.Reader` makes."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.stream = sock.makefile("rb", READ_BUFFER)
        self.busy: Cursor | None = None  # a cursor whose rows are still arriving

    # -- messages -----------------------------------------------------------------

    def send(self, *messages: tuple[bytes, bytes]) -> None:
        self.sock.sendall(
            b"".join(kind + _INT32.pack(len(body) + 4) + body for kind, body in messages)
        )

    def receive(self) -> tuple[bytes, bytes]:
        header = self.stream.read(5)
        if len(header) < 5:
            raise Error("the server closed the connection")
        kind, length = _HEADER.unpack(header)
        body = self.stream.read(length - 4)
        if len(body) < length - 4:
            raise Error("the server closed the connection")
        return kind, body

    # -- start-up and authentication ---------------------------------------------

    def start(self, params: dict) -> None:
        """The start-up message, authentication, then wait until the server is ready."""
        user, password = params["user"], params["password"]
        settings = {
            "user": user,
            "database": params["database"],
            "client_encoding": "UTF8",
            "DateStyle": "ISO",
        }
        for name in ("options", "application_name"):
            if params.get(name):
                settings[name] = params[name]
        body = _INT32.pack(PROTOCOL) + b"".join(_cstr(k) + _cstr(v) for k, v in settings.items())
        body += b"\0"
        self.sock.sendall(_INT32.pack(len(body) + 4) + body)
        scram = None
        while True:
            kind, body = self.receive()
            if kind == b"R":
                scram = self._authenticate(body, user, password, scram)
            elif kind == b"E":
                raise Error(_error_message(body))
            elif kind == b"Z":
                return
            # ParameterStatus, BackendKeyData, NoticeResponse: nothing to do

    def _authenticate(self, body: bytes, user: str, password: str | None, scram):
        """Answer one authentication request; the SCRAM exchange's state between them."""
        (code,) = _INT32.unpack_from(body)
        if code == 0:  # AuthenticationOk
            return None
        if code not in (3, 5, 10, 11, 12):
            raise Unsupported(f"authentication method {code}")
        if password is None:
            raise Unsupported("a password the URL does not give")
        if code == 3:  # cleartext
            self.send((b"p", _cstr(password)))
        elif code == 5:  # MD5, salted
            self.send((b"p", _cstr(md5_password(user, password, body[4:8]))))
        elif code == 10:  # SASL: the mechanisms the server offers
            mechanisms = body[4:].split(b"\0")
            if b"SCRAM-SHA-256" not in mechanisms:
                raise Unsupported("SASL without SCRAM-SHA-256")
            scram = Scram(password)
            first = scram.client_first()
            self.send((b"p", _cstr("SCRAM-SHA-256") + _INT32.pack(len(first)) + first))
        elif code == 11 and scram is not None:  # SASLContinue
            self.send((b"p", scram.client_final(body[4:])))
        elif code == 12 and scram is not None:  # SASLFinal
            scram.verify_server(body[4:])
        else:
            raise Error("unexpected authentication message")
        return scram

    # -- DB-API ------------------------------------------------------------------

    def cursor(self, name: str | None = None) -> Cursor:
        """A cursor; ``name`` is ignored: every result is streamed from the socket."""
        return Cursor(self)

    def rollback(self) -> None:
        """Nothing to undo: every statement runs in its own implicit transaction."""

    def close(self) -> None:
        try:
            if self.busy is None:
                self.send((b"X", b""))  # Terminate
        except OSError:
            pass
        finally:
            self.stream.close()
            self.sock.close()


class Cursor:
    """The result of one statement, read message by message as rows are fetched."""

    itersize = 0  # psycopg's named cursors have it; the socket streams anyway

    def __init__(self, con: Connection) -> None:
        self.con = con
        self.rows: Iterator[tuple] = iter(())

    def execute(self, sql: str, params: dict | list | None = None) -> None:
        """Parse, Bind, Describe, Execute and Sync in one write: ``%(name)s``
        placeholders become ``$1``, ``$2``…, their values sent as text."""
        if self.con.busy is not None:
            self.con.busy.close()
        names: dict[str, int] = {}

        def number(match: re.Match) -> str:
            return f"${names.setdefault(match[1], len(names) + 1)}"

        sql = _PLACEHOLDER.sub(number, sql)
        values = params if isinstance(params, dict) else {}
        bind = _INT16.pack(0) + _INT16.pack(len(names))
        for name in names:
            bind += _param(values[name])
        self.con.send(
            (b"P", b"\0" + _cstr(sql) + _INT16.pack(0)),
            (b"B", b"\0\0" + bind + _INT16.pack(0)),
            (b"D", b"P\0"),
            (b"E", b"\0" + _INT32.pack(0)),
            (b"S", b""),
        )
        self.con.busy = self
        self.rows = self._read(self._described())

    def _described(self) -> list:
        """The columns' decoders, once the statement is parsed, bound and described; the
        server's error if it refused it (as psycopg raises it from ``execute``), or a
        column this client cannot convert, with the connection ready for the next."""
        while True:
            kind, body = self.con.receive()
            try:
                if kind == b"T":
                    return _decoders(body)
                if kind == b"n":  # NoData
                    return []
                if kind == b"E":
                    raise Error(_error_message(body))
            except Error:
                while self.con.receive()[0] != b"Z":
                    pass
                self.con.busy = None
                raise

    def _read(self, decoders: list) -> Iterator[tuple]:
        """The rows as they arrive; the server's error, once it is ready again. The
        messages are read here rather than through :meth:`Connection.receive`: a
        listing's time after its statement is mostly this loop, once per row."""
        error = None
        read = self.con.stream.read
        header = _HEADER.unpack
        row = _row_reader(tuple(decoders))
        while True:
            head = read(5)
            if len(head) < 5:
                raise Error("the server closed the connection")
            kind, length = header(head)
            body = read(length - 4)
            if len(body) < length - 4:
                raise Error("the server closed the connection")
            if kind == b"D":
                if error is None:
                    yield row(body)
            elif kind == b"E":
                error = error or _error_message(body)
            elif kind == b"Z":
                self.con.busy = None
                if error is not None:
                    raise Error(error)
                return

    def fetchall(self) -> list[tuple]:
        return list(self.rows)

    def fetchmany(self, size: int) -> list[tuple]:
        return [row for _, row in zip(range(size), self.rows, strict=False)]

    def close(self) -> None:
        """Read what is left of the result, so the connection can take the next one."""
        if self.con.busy is self:
            for _ in self.rows:
                pass


def _cstr(value: str) -> bytes:
    return value.encode("utf-8") + b"\0"


def _param(value: object) -> bytes:
    if value is None:
        return _INT32.pack(-1)
    if isinstance(value, bool):
        data = b"true" if value else b"false"
    elif isinstance(value, date):
        data = value.isoformat().encode("ascii")
    else:
        data = str(value).encode("utf-8")
    return _INT32.pack(len(data)) + data


def _decoders(body: bytes) -> list:
    """One text decoder per column of a RowDescription."""
    (count,) = _INT16.unpack_from(body)
    decoders = []
    at = 2
    for _ in range(count):
        at = body.index(b"\0", at) + 1  # the column's name
        oid = _INT32.unpack_from(body, at + 6)[0]
        decoder = DECODERS.get(oid)
        if decoder is None:
            raise Error(f"column type {oid} is not read by the lean path")
        decoders.append(decoder)
        at += 18
    return decoders


@lru_cache(maxsize=64)
def _row_reader(decoders: tuple) -> Callable[[bytes], tuple]:
    """A function that reads a DataRow of these columns, written out column by column
    (as ``collections.namedtuple`` writes its class): a loop over the columns cost a
    29,000-row listing a quarter more (1.39 against 1.10 µs a row for 7 columns)."""
    lines = ["def row(body):", " at = 2"]
    for i in range(len(decoders)):
        lines += [
            " (n,) = unpack(body, at)",
            " at += 4",
            " if n < 0:",
            f"  v{i} = None",
            " else:",
            f"  v{i} = d{i}(body[at : at + n])",
            "  at += n",
        ]
    lines.append(" return (" + "".join(f"v{i}, " for i in range(len(decoders))) + ")")
    namespace = {"unpack": _INT32.unpack_from}
    namespace.update((f"d{i}", decode) for i, decode in enumerate(decoders))
    exec("\n".join(lines), namespace)  # our own text: names and indexes, no value
    return namespace["row"]


def _error_message(body: bytes) -> str:
    """The primary message ("M") of an ErrorResponse: the first line of psycopg's."""
    for field in body.split(b"\0"):
        if field[:1] == b"M":
            return field[1:].decode("utf-8", "replace")
    return "unknown error"


def md5_password(user: str, password: str, salt: bytes) -> str:
    """``md5`` + md5(md5(password + user) + salt), as the server checks it."""
    from hashlib import md5

    inner = md5((password + user).encode("utf-8")).hexdigest()
    return "md5" + md5(inner.encode("ascii") + salt).hexdigest()


class Scram:
    """The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding,
    as libpq speaks it to a server without TLS; the server's signature is checked."""

    def __init__(self, password: str, nonce: str | None = None) -> None:
        if not password.isascii():
            raise Unsupported("SASLprep of a non-ASCII password")
        self.password = password.encode("ascii")
        self.nonce = nonce or _b64(os.urandom(18))
        self.first_bare = f"n=,r={self.nonce}"
        self.server_key = b""
        self.auth_message = b""

    def client_first(self) -> bytes:
        return ("n,," + self.first_bare).encode("ascii")

    def client_final(self, server_first: bytes) -> bytes:
        import hashlib
        import hmac
        from binascii import a2b_base64

        fields = _scram_fields(server_first)
        if not fields.get("r", "").startswith(self.nonce):
            raise Error("SCRAM: the server's nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac(
            "sha256", self.password, a2b_base64(fields["s"]), int(fields["i"])
        )
        client_key = hmac.digest(salted, b"Client Key", "sha256")
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = f"c=biws,r={fields['r']}"
        self.auth_message = ",".join(
            (self.first_bare, server_first.decode("ascii"), without_proof)
        ).encode("ascii")
        signature = hmac.digest(stored_key, self.auth_message, "sha256")
        proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
        self.server_key = hmac.digest(salted, b"Server Key", "sha256")
        return f"{without_proof},p={_b64(proof)}".encode("ascii")

    def verify_server(self, server_final: bytes) -> None:
        import hmac

        expected = _b64(hmac.digest(self.server_key, self.auth_message, "sha256"))
        got = _scram_fields(server_final).get("v", "")
        if not self.server_key or not hmac.compare_digest(got, expected):
            raise Error("SCRAM: the server's signature does not match")


def _scram_fields(message: bytes) -> dict[str, str]:
    return dict(part.split("=", 1) for part in message.decode("ascii").split(",") if "=" in part)


def _b64(data: bytes) -> str:
    from binascii import b2a_base64

    return b2a_base64(data, newline=False).decode("ascii")
