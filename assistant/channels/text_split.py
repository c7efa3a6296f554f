"""Splits long replies for channels with a message size limit (Telegram: 4,096 characters)."""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4000  # under 4,096 with room for nothing to be cut by entity parsing
# Break after a line end or a sentence end, keeping the mark with its sentence.
_BREAKS = re.compile(r"(?<=\n)|(?<=[。！？；!?;])")


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cuts text into pieces of at most `limit` characters, at line or sentence ends when possible."""
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for sentence in (part for part in _BREAKS.split(text) if part):
        while len(sentence) > limit:  # one sentence longer than a message: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return [piece.strip("\n") or piece for piece in pieces if piece.strip()]
