"""Dates and times as office staff type them: 2026-12-05, 2026年12月5日, 12月5日, 明天, 12月20日下午2点."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_DATE_PART = re.compile(
    r"^(今天|今日|明天|明日|后天|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?|\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?)"
)
_CLOCK = re.compile(r"^(\d{1,2})\s*[:：]\s*(\d{2})$")
_SPOKEN = re.compile(r"^(\d{1,2})\s*[点时](半|(\d{1,2})分?)?$")
_PERIODS = ("上午", "早上", "中午", "下午", "晚上", "傍晚")
_AFTERNOON = {"下午", "晚上", "傍晚"}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


class MissingTime(ValueError):
    """A date was given where a date with a time of day is needed."""


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


def _small_number(text: str) -> str:
    """Turns 二/十/十二/两 (hours typed in characters) into digits; leaves other text alone."""

    def convert(match: re.Match) -> str:
        word = match.group(0)
        if len(word) == 1:
            return str(_CN_DIGITS[word])
        if word.startswith("十"):
            return str(10 + _CN_DIGITS[word[1]])
        if word.endswith("十"):
            return str(_CN_DIGITS[word[0]] * 10)
        return str(_CN_DIGITS[word[0]] * 10 + _CN_DIGITS[word[2]]) if len(word) == 3 else word

    return re.sub(r"[零一二两三四五六七八九十]{1,3}(?=[点时分:：])", convert, text)


def parse_time(text: str) -> time:
    value = _small_number(unicodedata.normalize("NFKC", text).replace(" ", ""))
    period = next((p for p in _PERIODS if value.startswith(p)), "")
    value = value[len(period) :]
    if match := _CLOCK.match(value):
        hour, minute = int(match[1]), int(match[2])
    elif match := _SPOKEN.match(value):
        hour = int(match[1])
        minute = 30 if match[2] == "半" else int(match[3] or 0)
    else:
        raise ValueError(text)
    if period in _AFTERNOON and hour < 12:
        hour += 12
    if period == "中午" and hour < 6:
        hour += 12
    return time(hour, minute)


def parse_datetime(text: str, now: datetime) -> datetime:
    """Parses 12月20日下午2点 / 2026-12-20 14:30 / 明天上午9点半; raises MissingTime without a time."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = _DATE_PART.match(value)
    if not match:
        raise ValueError(text)
    day = parse_date(match.group(0), now.date())
    rest = value[match.end() :].strip(" ,，")
    if not rest:
        raise MissingTime(text)
    return datetime.combine(day, parse_time(rest))
