"""What the engine does to every input before a flow sees it: the trust boundary.

Typed text, button data (a client may forge it) and the text of an uploaded file are cleaned of
characters no record may hold: NUL (PostgreSQL refuses it in text), other C0/C1 control
characters, lone surrogates and the two non-characters XML forbids (python-docx refuses them
when a document is generated later). Line breaks and tabs stay: transcripts are multi-line.

Numbers typed by a user are parsed here too, once: only decimal digits (full-width folded),
within the range an INTEGER column holds on every engine, so `/topic 99999999999999999999`
or an exotic Unicode digit is an invalid answer and never reaches the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from assistant.domain.rules import clean_text
from assistant.flows.base import Incoming, Upload, UserRef
from assistant.readers import UnreadableDocument, read_document
from assistant.storage.models import Person

# Beyond what clean_text removes: surrogates (a broken UTF-16 pair) and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")

# The largest value a 32-bit INTEGER column holds (PostgreSQL's `integer`; SQLite's is 64-bit).
MAX_INT = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")
DISPLAY_NAME_CHARS = Person.__table__.c.display_name.type.length


def clean(text: str) -> str:
    """Text without control characters (except line breaks and tabs), surrogates or non-characters."""
    return clean_text(_NOT_XML.sub("", text))


def parse_number(text: str, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """The integer a user typed (１２ → 12), or None when it is no plain number within [low, high]."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not _ASCII_DIGITS.fullmatch(folded):
        return None
    value = int(folded)
    return value if low <= value <= high else None


def is_number(text: str) -> bool:
    """Plain decimal digits of any length (full-width folded): a number, if maybe out of range."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return folded.isascii() and folded.isdigit()


def clean_user(user: UserRef) -> UserRef:
    """The user with a clean display name (it is shown and written to the audit log), clipped to its column."""
    if user.display_name is None:
        return user
    name = clean(user.display_name)[:DISPLAY_NAME_CHARS] or None
    return user if name == user.display_name else replace(user, display_name=name)


def prepare(incoming: Incoming) -> Incoming:
    """The incoming turn with clean text and button data and its upload decoded.

    Runs before the turn's transaction opens: decoding a large or hostile file (bounded in size
    and time by `readers`) never holds the database's write lock.
    """
    text = clean(incoming.text)
    button = clean(incoming.button) if incoming.button is not None else None
    upload = decode_upload(incoming.upload) if incoming.upload is not None else None
    return replace(incoming, text=text, button=button, upload=upload)


def decode_upload(upload: Upload) -> Upload:
    if upload.text is not None or upload.problem is not None:
        return upload
    filename = clean(upload.filename)[:200]
    try:
        text = clean(read_document(filename, upload.data))
    except UnreadableDocument as exc:
        return Upload(filename, upload.data, problem=exc.message)
    if not text:
        return Upload(filename, upload.data, problem=f"文件“{filename or '文件'}”中没有可读取的文字。")
    return Upload(filename, upload.data, text=text)
