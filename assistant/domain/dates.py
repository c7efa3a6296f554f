"""Dates as office staff type them: 2026-12-05, 2026年12月5日, 12月5日, 12.5, 明天."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")


def parse_date(text: str, today: date) -> date:
    """Parses a date; a month and day without a year means the next such day from today."""
    value = unicodedata.normalize("NFKC", text).strip()
    if value in _RELATIVE:
        return today + timedelta(days=_RELATIVE[value])
    if match := _FULL.match(value):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_DAY.match(value):
        candidate = date(today.year, int(match[1]), int(match[2]))
        return candidate if candidate >= today else date(today.year + 1, candidate.month, candidate.day)
    raise ValueError(text)
