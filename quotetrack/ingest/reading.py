"""Turning the bytes people feed quotetrack into text, or a clear reason why not.

The policy: a byte-order mark decides the encoding (UTF-8, UTF-16, UTF-32); otherwise the
text must be valid in the chosen encoding (UTF-8 by default). Invalid bytes are an error
unless the user asks for ``replace``, which puts U+FFFD in their place. A file with NUL
bytes and no UTF-16/32 mark is binary, not an article; a NUL character anywhere in the
decoded text is invalid too (replaced by U+FFFD under ``replace``). An input larger than
the article limit (10 MB unless the user raises it) is refused before it is decoded: no
news article is that long, and a scraper's concatenated dump would cost minutes of CPU
and gigabytes of memory as one document.
"""

from __future__ import annotations

import codecs

from quotetrack.errors import InputError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
INVALID_POLICIES = ("error", "replace")
#: Largest input read as one article, in MB (MiB, as the fetch limit); 0 means no limit.
DEFAULT_MAX_MB = 10.0
ENV_MAX_MB = "QUOTETRACK_MAX_ARTICLE_MB"


def decode(
    data: bytes, encoding: str = "utf-8", invalid: str = "error", max_mb: float = DEFAULT_MAX_MB
) -> str:
    """The text of ``data``; raises InputError with a one-line reason when it is not text
    or is larger than ``max_mb`` (0: no limit)."""
    if max_mb and len(data) > max_mb * 1024 * 1024:
        raise InputError(
            f"{len(data) / 1024 / 1024:.1f} MB is more than the {max_mb:g} MB limit for one "
            "article; --max-article-mb raises it (0 for no limit)"
        )
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(f"unknown encoding {encoding!r}") from exc
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            encoding = bom_encoding
            break
    else:
        # NUL bytes are how UTF-16 and UTF-32 write ASCII: they mean binary only when the
        # user has not said the text is in one of those encodings.
        if b"\x00" in data[:8192] and not _wide(encoding):
            raise InputError("binary file (contains NUL bytes), not a text article")
    try:
        text = data.decode(encoding, errors="strict" if invalid == "error" else "replace")
    except LookupError as exc:
        raise InputError(f"unknown encoding {encoding!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {exc.encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "give --encoding, or --invalid replace to substitute U+FFFD"
        ) from exc
    if "\x00" in text:
        # Past the first 8 KiB, or decoded from UTF-16/32: PostgreSQL cannot store NUL
        # in text, so without this the same file is stored on SQLite and stops a whole
        # ingest with a database error on PostgreSQL.
        if invalid == "error":
            raise InputError(
                f"NUL character at offset {text.index(chr(0))}, not a text article; "
                "--invalid replace substitutes U+FFFD"
            )
        text = text.replace("\x00", "\ufffd")
    return text


def _wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16 or UTF-32, whose text is full of NUL bytes."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
