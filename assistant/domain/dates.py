"""Dates and times as office staff type them.

Absolute: 2026-12-05, 2026年12月5日, 12月5日, 十二月五日, 10号.
Relative to an injected "today": 今天、明天、后天、昨天、三天后、两周后、一个月后、周五、本周六、下周五、
下下周一、月底、下月底、本月20号、下个月10号、年底.
With a time of day: 明天上午十点, 下周三下午, 本周六上午9点半, 12月20日 14:30.

Pure functions: the caller passes "now", so tests (and the office clock) decide what 明天 means.
A bare period of the day (下周三下午) means the office's usual start of that half-day, written
in PERIOD_DEFAULTS; the flows show the resulting time back before anything is recorded.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from assistant.domain.deadlines import chinese_number

_NUM = r"(\d{1,2}|[零〇一二两三四五六七八九十]{1,3})"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE_DAYS = {
    "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
}  # fmt: skip

_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(rf"{_NUM}\s*(?:月|[-/.](?=\d))\s*{_NUM}\s*[日号]?")
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)))
_AFTER = re.compile(r"(\d{1,3}|[零〇一二两三四五六七八九十]{1,3})\s*(个)?\s*(天|日|周|星期|礼拜|月)\s*(?:后|以后|之后)")
_WEEKDAY = re.compile(r"(本|这|下下|下)?\s*(?:个)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天])")
_MONTH_END = re.compile(r"(本|这个?|当|下个?)?\s*月\s*(?:底|末)")
_DAY_OF_MONTH = re.compile(rf"(?:(本|这个?|当|下个?)\s*月\s*)?{_NUM}\s*[日号]")
_YEAR_END = re.compile(r"(今|本)?年\s*(?:底|末)")

_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})")
_SPOKEN = re.compile(r"(\d{1,2})\s*[点时](?:\s*(半|一刻|三刻|(\d{1,2})\s*分?))?")
_PERIODS = ("凌晨", "早上", "早晨", "上午", "中午", "下午", "傍晚", "晚上")
_AFTERNOON = {"下午", "傍晚", "晚上"}
# When only the half-day is given (下周三下午): the usual start of an office meeting then.
PERIOD_DEFAULTS = {
    "凌晨": None, "早上": time(8, 30), "早晨": time(8, 30), "上午": time(9, 0), "中午": time(12, 0),
    "下午": time(14, 30), "傍晚": time(17, 30), "晚上": time(19, 30),
}  # fmt: skip


class MissingTime(ValueError):
    """A date was given where a date with a time of day is needed."""


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_month(today: date, prefix: str | None) -> bool:
    return bool(prefix) and prefix.startswith("下")


# Each reader gets a match at the start of the text and today, and returns the date.
def _read_full(m: re.Match, today: date, past: bool) -> date:
    return date(int(m[1]), int(m[2]), int(m[3]))


def _read_month_day(m: re.Match, today: date, past: bool) -> date:
    candidate = date(today.year, chinese_number(m[1]), chinese_number(m[2]))
    # A month and day without a year: the next such day (in December, "1月10日" is next January),
    # or for something already done (past=True) the last such day (in January, "12月20日" was last year).
    if past:
        return candidate if candidate <= today else date(today.year - 1, candidate.month, candidate.day)
    return candidate if candidate >= today else date(today.year + 1, candidate.month, candidate.day)


def _read_relative(m: re.Match, today: date, past: bool) -> date:
    return today + timedelta(days=_RELATIVE_DAYS[m[0]])


def _read_after(m: re.Match, today: date, past: bool) -> date:
    count, unit = chinese_number(m[1]), m[3]
    if unit == "月":
        return _add_months(today, count)
    if unit in ("天", "日"):
        if m[2]:  # "三个天后" is not Chinese
            raise ValueError(m[0])
        return today + timedelta(days=count)
    return today + timedelta(weeks=count)


def _read_weekday(m: re.Match, today: date, past: bool) -> date:
    weekday, prefix = _WEEKDAYS[m[2]], m[1] or ""
    if not prefix:  # 周五: the coming Friday (today if it is Friday); the last one when past
        if past:
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - timedelta(days=today.weekday())
    weeks = {"本": 0, "这": 0, "下": 1, "下下": 2}[prefix]
    return monday + timedelta(weeks=weeks, days=weekday)


def _read_month_end(m: re.Match, today: date, past: bool) -> date:
    month = _add_months(today.replace(day=1), 1) if _next_month(today, m[1]) else today
    return _month_end(month.year, month.month)


def _read_day_of_month(m: re.Match, today: date, past: bool) -> date:
    day = chinese_number(m[2])
    if _next_month(today, m[1]):
        first = _add_months(today.replace(day=1), 1)
        return first.replace(day=day)
    candidate = today.replace(day=day)
    if m[1] or (candidate <= today if past else candidate >= today):  # 本月10号 is this month; 10号 the next 10th
        return candidate
    if past:
        return _add_months(today.replace(day=1), -1).replace(day=day)
    first = _add_months(today.replace(day=1), 1)
    return first.replace(day=day)


def _read_year_end(m: re.Match, today: date, past: bool) -> date:
    return date(today.year, 12, 31)


_READERS: tuple[tuple[re.Pattern, Callable[[re.Match, date, bool], date]], ...] = (
    (_FULL, _read_full),
    (_MONTH_DAY, _read_month_day),
    (_AFTER, _read_after),
    (_RELATIVE, _read_relative),
    (_WEEKDAY, _read_weekday),
    (_MONTH_END, _read_month_end),
    (_DAY_OF_MONTH, _read_day_of_month),
    (_YEAR_END, _read_year_end),
)


def _leading_date(value: str, today: date, past: bool = False) -> tuple[date, str]:
    """The date written at the start of `value` and the rest of the text; ValueError if none."""
    for pattern, read in _READERS:
        if match := pattern.match(value):
            return read(match, today, past), value[match.end() :]
    raise ValueError(value)


def parse_date(text: str, today: date, *, past: bool = False) -> date:
    """Parses a date, absolute or relative to `today`; raises ValueError for anything else.

    Without a year or a week, a date is the next such day — or, with `past` (the day something was
    done: research, feedback), the last such day.
    """
    value = _clean(text)
    day, rest = _leading_date(value, today, past)
    rest = rest.strip(" ,，。")
    if rest:
        parse_time(rest)  # "昨天下午" is a date with a time the caller does not need; anything else is not
    return day


def _small_numbers(text: str) -> str:
    """Turns hours and minutes typed in characters (十点、三十分、两点) into digits."""
    return re.sub(
        r"[零〇一二两三四五六七八九十]{1,3}(?=\s*[点时分:：])", lambda m: str(chinese_number(m[0])), text
    )


def parse_time(text: str) -> time:
    """Parses 14:30, 下午3点, 上午九点半, 晚上7点一刻, or a bare 下午 (its usual start)."""
    value = _small_numbers(_clean(text).replace(" ", ""))
    period = next((p for p in _PERIODS if value.startswith(p)), "")
    value = value[len(period) :]
    if not value:
        if PERIOD_DEFAULTS.get(period) is None:
            raise ValueError(text)
        return PERIOD_DEFAULTS[period]
    if match := _CLOCK.fullmatch(value):
        hour, minute = int(match[1]), int(match[2])
    elif match := _SPOKEN.fullmatch(value):
        hour = int(match[1])
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(match[2] or "", int(match[3] or 0))
    else:
        raise ValueError(text)
    if period in _AFTERNOON and hour < 12:
        hour += 12
    if period == "中午" and hour < 6:
        hour += 12
    return time(hour, minute)  # ValueError for 25点 or 10:75


def parse_datetime(text: str, now: datetime) -> datetime:
    """Parses 12月20日下午2点 / 2026-12-20 14:30 / 下周三下午; raises MissingTime without a time."""
    value = _clean(text)
    day, rest = _leading_date(value, now.date())
    rest = rest.strip(" ,，")
    if not rest:
        raise MissingTime(text)
    return datetime.combine(day, parse_time(rest))


def chinese_date(day: date) -> str:
    """2026年12月2日: how a 公文 writes a date (落款, notices, letters)."""
    return f"{day.year}年{day.month}月{day.day}日"
