"""Deadlines as minutes write them (12月15日前, 两周内, 月底前, 下周三前), turned into dates.

Pure functions: the caller passes the date the deadline counts from (the meeting date when the
minutes record one, otherwise today). Anything we cannot read with confidence gives None —
a wrong due date would raise false alarms in `assistant outcomes due`, a missing one only
leaves the item for a person to date.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 6}
_NUMBER = r"(\d{1,3}|[零〇一二两三四五六七八九十]{1,3})"

_FULL_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_MONTH_DAY = re.compile(rf"^{_NUMBER}\s*月\s*{_NUMBER}\s*[日号]")
_MONTH_PART = re.compile(rf"^{_NUMBER}\s*月\s*(底|末|上旬|中旬|下旬|份|内)")
_SPAN = re.compile(rf"^{_NUMBER}\s*(个)?\s*(天|日|工作日|个工作日|周|星期|礼拜|月)\s*(内|之内|以内)")
_HALF_MONTH = re.compile(r"^半\s*(个)?\s*月\s*(内|之内|以内)")
_WEEKDAY = re.compile(r"^(本|这|下)\s*(周|星期|礼拜)\s*([一二三四五六日天末])")
# "2027年1月10日起", "自下月起开始实施": the day something starts, which no one can be late for.
_START = re.compile(r"^(自|从)|(起|开始|以后|之后)(实施|执行|施行|启动)?$|[日号月周]\s*(起|开始)")


def chinese_number(text: str) -> int:
    """Reads 12 / 十二 / 二十 / 两 as an integer (up to 99); raises ValueError otherwise."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    raise ValueError(text)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_working_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _on_or_after(base: date, month: int, day_of_month: int | None) -> date:
    """The given month (and day) in the base year, or next year when that is already past.

    A meeting in December that sets "1月10日前" means the coming January.
    """
    for year in (base.year, base.year + 1):
        candidate = date(year, month, day_of_month) if day_of_month else _month_end(year, month)
        if candidate >= base:
            return candidate
    return candidate


def find_date(text: str) -> date | None:
    """The first full date (2024年11月28日, 2024-11-28) written in a text, or None."""
    match = _FULL_DATE.search(unicodedata.normalize("NFKC", text or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def is_start_date(text: str | None) -> bool:
    """True for "2027年1月10日起" and the like: when something starts, which no one can be late for."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return bool(value) and bool(_START.search(value))


def parse_due(text: str, base: date) -> date | None:
    """The date a written deadline falls on, counted from `base`; None when it cannot be read."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    value = re.sub(r"^(在|于|须|需|要|务必)", "", value)
    if not value or _START.search(value):
        return None
    try:
        return _parse(value, base)
    except ValueError:  # 2月30日, 十十: written, but not a date
        return None


def _parse(value: str, base: date) -> date | None:
    if (full := find_date(value)) and _FULL_DATE.match(value):
        return full
    if match := _MONTH_DAY.match(value):
        return _on_or_after(base, chinese_number(match[1]), chinese_number(match[2]))
    if match := _MONTH_PART.match(value):
        month, part = chinese_number(match[1]), match[2]
        end = _on_or_after(base, month, None)
        return {"上旬": end.replace(day=10), "中旬": end.replace(day=20)}.get(part, end)
    if match := _SPAN.match(value):
        count, unit = chinese_number(match[1]), match[3]
        if unit in ("天", "日"):
            return base + timedelta(days=count)
        if unit.endswith("工作日"):
            return _add_working_days(base, count)
        if unit == "月":
            return _add_months(base, count)
        return base + timedelta(weeks=count)
    if _HALF_MONTH.match(value):
        return base + timedelta(days=15)
    if match := _WEEKDAY.match(value):
        monday = base - timedelta(days=base.weekday())
        if match[1] == "下":
            monday += timedelta(weeks=1)
        return monday + timedelta(days=_WEEKDAYS[match[3]])
    if value.startswith(("本月", "这个月", "当月", "月底", "月末")):
        return _month_end(base.year, base.month)
    if value.startswith(("下月", "下个月")):
        following = _add_months(base.replace(day=1), 1)
        return _month_end(following.year, following.month)
    if value.startswith(("年底", "年末", "年内", "今年", "本年")):
        return date(base.year, 12, 31)
    if value.startswith(("本季度", "季度末", "季末")):
        quarter_end_month = (base.month - 1) // 3 * 3 + 3
        return _month_end(base.year, quarter_end_month)
    return None
