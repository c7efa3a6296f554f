"""Column types shared by the models."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

# One deployment serves one region's offices, so every timestamp is stored, shown and compared as
# the office's wall-clock time (naive: SQLite drops time zones anyway). "明天下午3点" typed at
# 07:30 in Deyang must mean tomorrow there, whatever the server's clock zone.
_office_zone = ZoneInfo("Asia/Shanghai")


def set_office_timezone(name: str) -> None:
    global _office_zone
    _office_zone = ZoneInfo(name)


def office_timezone() -> ZoneInfo:
    return _office_zone


def local_now() -> datetime:
    """The office's wall-clock time now, without a time zone attached."""
    return datetime.now(_office_zone).replace(tzinfo=None)


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
