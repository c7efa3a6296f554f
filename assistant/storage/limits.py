"""Keeps every value a flush writes within what its column holds, on every engine.

SQLite stores a 300-character title in a VARCHAR(200) and an integer of any size; PostgreSQL
refuses both, and NUL in any text. Rather than a database error at the end of a dialogue (the
user stuck at "通过并保存"), the flush is refused with a RuleViolation the engine shows as a
clear message, before any SQL is sent. The engine cleans inputs first (flows/inputs.py); this is
the net under values computed from them (a generated title, a model's draft).
"""

from __future__ import annotations

import logging

from sqlalchemy import Integer, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from assistant.domain.rules import RuleViolation

log = logging.getLogger(__name__)

MAX_INT = 2**31 - 1  # PostgreSQL's `integer`
TOO_LONG = "有一项内容过长（共 {n} 字，最多可保存 {limit} 字），未能保存。请精简后重试。"
OUT_OF_RANGE = "有一个数值超出了可保存的范围（{value}），未能保存。请检查后重试。"


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _check_values)


def _checked_columns(mapper) -> list[tuple[str, int | None, bool]]:
    """(attribute, VARCHAR length or None, is an integer column) of one mapped class, computed once."""
    found = _COLUMNS.get(mapper)
    if found is None:
        found = []
        for attr in mapper.column_attrs:
            kind = attr.columns[0].type
            if isinstance(kind, Integer):
                found.append((attr.key, None, True))
            elif isinstance(kind, String):  # Text is a String without a length
                found.append((attr.key, kind.length, False))
        _COLUMNS[mapper] = found
    return found


_COLUMNS: dict = {}


def _check_values(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for key, limit, integer in _checked_columns(mapper):
            value = obj.__dict__.get(key)  # only loaded or assigned values; never a lazy load
            if isinstance(value, str) and not integer:
                if "\x00" in value:  # PostgreSQL refuses NUL in text; it never means anything
                    value = value.replace("\x00", "")
                    setattr(obj, key, value)
                if limit and len(value) > limit:
                    log.warning("refused %s.%s of %d characters (limit %d)", mapper.class_.__name__, key, len(value), limit)
                    raise RuleViolation(TOO_LONG.format(n=len(value), limit=limit))
            elif integer and type(value) is int and not -MAX_INT - 1 <= value <= MAX_INT:
                log.warning("refused %s.%s = %d (out of range)", mapper.class_.__name__, key, value)
                raise RuleViolation(OUT_OF_RANGE.format(value=str(value)[:20]))
