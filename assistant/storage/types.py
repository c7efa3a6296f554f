"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Naive UTC: SQLite drops time zones, so every timestamp is stored as naive UTC on both engines."""
    return datetime.now(UTC).replace(tzinfo=None)


class EnumText(TypeDecorator):
    """Stores a StrEnum as its short value in a plain VARCHAR.

    A plain string column (not a native PostgreSQL ENUM) means adding a member never needs a
    migration, and the same schema runs on SQLite.
    """

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[StrEnum]):
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_cls(value)
