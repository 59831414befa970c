"""What turns raw text into a document: normalisation, identity and a title.

The stored text is the normalised text and every offset refers to it, so normalisation is
small and predictable: Unicode NFC, LF line ends, no surrounding blank space. Its SHA-256
is the document's identity, which is what makes re-ingesting the same article a no-op
even when the copy came with CRLF line ends or a byte-order mark.
"""

from __future__ import annotations

import hashlib
import unicodedata

from quotetrack.errors import InputError

MAX_TITLE = 300


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if not text:
        raise InputError("empty document (no text after removing blank space)")
    return text


def content_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def guess_title(normalised: str) -> str | None:
    """The first line, when it is short enough to be a headline."""
    first = normalised.split("\n", 1)[0].strip()
    if first and len(first) <= MAX_TITLE:
        return first
    return None
