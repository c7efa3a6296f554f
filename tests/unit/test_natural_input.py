"""Dates, times, counts and option names as a facilitator types them (domain/dates, counts, choices)."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain.choices import label_index
from assistant.domain.counts import parse_count
from assistant.domain.dates import MissingTime, parse_date, parse_datetime, parse_time

# Wednesday 25 November 2026, 09:00.
NOW = datetime(2026, 11, 25, 9, 0)
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("后天", date(2026, 11, 27)),
        ("大后天", date(2026, 11, 28)),
        ("昨天", date(2026, 11, 24)),
        ("三天后", date(2026, 11, 28)),
        ("3天以后", date(2026, 11, 28)),
        ("两周后", date(2026, 12, 9)),
        ("一个月后", date(2026, 12, 25)),
        ("周五", date(2026, 11, 27)),
        ("周三", date(2026, 11, 25)),  # today is Wednesday
        ("周一", date(2026, 11, 30)),  # the coming Monday
        ("本周六", date(2026, 11, 28)),
        ("这周日", date(2026, 11, 29)),
        ("下周五", date(2026, 12, 4)),
        ("下周一", date(2026, 11, 30)),
        ("下个星期三", date(2026, 12, 2)),
        ("下下周一", date(2026, 12, 7)),
        ("月底", date(2026, 11, 30)),
        ("本月底", date(2026, 11, 30)),
        ("下月底", date(2026, 12, 31)),
        ("下个月10号", date(2026, 12, 10)),
        ("本月28日", date(2026, 11, 28)),
        ("28号", date(2026, 11, 28)),
        ("10号", date(2026, 12, 10)),  # the 10th of November is past: the next 10th
        ("十二月五日", date(2026, 12, 5)),
        ("年底", date(2026, 12, 31)),
        ("2027年1月16日", date(2027, 1, 16)),
        ("昨天下午", date(2026, 11, 24)),  # a time of day the caller does not need is allowed
    ],
)
def test_relative_and_spoken_dates(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["下周", "下个月", "过几天", "31号下午3点吃饭", "11月31日", "本月31号", "三个天后"])
def test_vague_or_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text, TODAY)


def test_the_end_of_a_short_month_and_the_turn_of_the_year():
    assert parse_date("月底", date(2027, 2, 3)) == date(2027, 2, 28)
    assert parse_date("下月底", date(2026, 12, 3)) == date(2027, 1, 31)
    assert parse_date("下个月10号", date(2026, 12, 20)) == date(2027, 1, 10)
    assert parse_date("下周五", date(2026, 12, 30)) == date(2027, 1, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天上午十点", datetime(2026, 11, 26, 10, 0)),
        ("本周六上午9点半", datetime(2026, 11, 28, 9, 30)),
        ("下周三下午", datetime(2026, 12, 2, 14, 30)),  # a bare half-day: its usual start
        ("下周五下午3点", datetime(2026, 12, 4, 15, 0)),
        ("三天后 14:30", datetime(2026, 11, 28, 14, 30)),
        ("后天晚上七点一刻", datetime(2026, 11, 27, 19, 15)),
        ("12月20日下午两点三十分", datetime(2026, 12, 20, 14, 30)),
        ("下个月10号上午9:00", datetime(2026, 12, 10, 9, 0)),
    ],
)
def test_dates_with_a_time_of_day(text, expected):
    assert parse_datetime(text, NOW) == expected


def test_a_date_without_a_time_asks_for_the_time():
    with pytest.raises(MissingTime):
        parse_datetime("下周五", NOW)


@pytest.mark.parametrize("text", ["下午25点", "10:75", "凌晨", "下周五吃饭"])
def test_impossible_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_datetime("明天" + text if not text.startswith("下周") else text, NOW)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=0, max_value=6))
def test_next_week_is_always_in_the_following_monday_to_sunday(today, weekday):
    day = parse_date("下周" + "一二三四五六日"[weekday], today)
    next_monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    assert day.weekday() == weekday and next_monday <= day < next_monday + timedelta(weeks=1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=0, max_value=6))
def test_a_bare_weekday_is_the_next_such_day_within_a_week(today, weekday):
    day = parse_date("星期" + "一二三四五六日"[weekday], today)
    assert day.weekday() == weekday and today <= day < today + timedelta(weeks=1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=0, max_value=400))
def test_n_days_later_in_digits_or_characters(today, days):
    assert parse_date(f"{days}天后", today) == today + timedelta(days=days)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_month_end_is_the_last_day_of_the_month(today):
    end = parse_date("月底", today)
    assert end.month == today.month and (end + timedelta(days=1)).day == 1


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_any_clock_time_reads_back(hour, minute):
    assert parse_time(f"{hour}:{minute:02d}") == time(hour, minute)


# --- counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("486", 486),
        ("约486户", 486),
        ("大约 486 户", 486),
        ("486户左右", 486),
        ("四百多户", 400),
        ("近500户", 500),
        ("1,200人", 1200),
        ("一千二百户", 1200),
        ("上百户", 100),
        ("十几户", 10),
        ("３０户", 30),
    ],
)
def test_counts_with_approximations(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "很多", "几十户", "4.5户", "486户和300人", "-3"])
def test_what_is_not_a_count_is_refused(text):
    with pytest.raises(ValueError):
        parse_count(text)


@given(st.integers(min_value=0, max_value=10**7))
def test_any_number_in_digits_with_a_measure_word(n):
    assert parse_count(f"约{n}户") == n


# --- choices -------------------------------------------------------------------------------------

LEVELS = ["区（市、县）政协", "乡镇（街道）", "村（社区）"]


def test_a_part_of_one_label_names_it():
    assert label_index("街道", LEVELS) == 1
    assert label_index("社区", LEVELS) == 2
    assert label_index("乡镇街道", LEVELS) == 1


def test_a_part_of_several_labels_or_a_single_character_names_none():
    assert label_index("（", LEVELS) is None
    assert label_index("区", LEVELS) is None
    assert label_index("协商", ["会议协商（现场）", "网络会议协商"]) is None


def test_free_text_only_matches_the_start_of_a_suggestion():
    assert label_index("党群服务中心", ["社区党群服务中心"], parts=False) is None
    assert label_index("社区党群", ["社区党群服务中心"], parts=False) == 0


# --- deadlines that are start dates --------------------------------------------------------------


@pytest.mark.parametrize("written", ["2027年1月10日起", "自2027年1月10日起实施", "从下月起", "1月10日开始", "下周一起"])
def test_a_start_date_is_not_a_deadline(written):
    """"…起" says when something starts: no one can be overdue on it, so no due date is set."""
    from assistant.domain.deadlines import parse_due

    assert parse_due(written, TODAY) is None


def test_a_deadline_next_to_a_start_date_still_reads():
    from assistant.domain.deadlines import parse_due

    assert parse_due("2027年1月10日前", TODAY) == date(2027, 1, 10)
    assert parse_due("下周三前", TODAY) == date(2026, 12, 2)


def test_linked_minutes_are_dated_by_their_session():
    from assistant.flows.minutes import session_date_note

    when, note = session_date_note("2025年12月1日下午3:00", date(2026, 12, 1), "2026年12月1日（星期二）15:00")
    assert when == "2026年12月1日（星期二）15:00" and "2025年12月1日" in note and "不一致" in note
    assert session_date_note("2026年12月1日下午3:00", date(2026, 12, 1), "x") == ("2026年12月1日下午3:00", None)
    assert session_date_note("", date(2026, 12, 1), "2026年12月1日（星期二）15:00") == ("2026年12月1日（星期二）15:00", None)
