from datetime import date, datetime, timedelta

import pytest

from assistant.domain.dates import parse_date
from assistant.domain.rules import (
    Action,
    clean_text,
    invite_verdict,
    may,
    normalise_for_matching,
    person_name_problem,
    phone_problem,
)
from assistant.domain.vocab import OrgLevel, Role


class TestPermissions:
    def test_members_may_propose_but_not_approve(self):
        assert may({Role.MEMBER}, Action.PROPOSE_TOPIC)
        refusal = may({Role.MEMBER}, Action.APPROVE_TOPIC)
        assert not refusal
        assert "审定人" in refusal.message and "四、（一）" in refusal.message

    def test_only_facilitators_and_staff_prepare_sessions(self):
        assert may({Role.FACILITATOR}, Action.PREPARE_SESSION)
        assert may({Role.STAFF}, Action.PREPARE_SESSION)
        assert not may({Role.MEMBER, Role.APPROVER}, Action.PREPARE_SESSION)

    def test_admin_may_do_everything(self):
        assert all(may({Role.ADMIN}, action) for action in Action)

    def test_nobody_without_roles(self):
        assert not any(may(set(), action) for action in Action)


class TestInvites:
    now = datetime(2026, 11, 25, 8, 0)

    def test_fresh_invite_is_valid(self):
        assert invite_verdict(uses=0, max_uses=1, expires_at=self.now + timedelta(days=1), now=self.now)

    def test_used_up_invite_is_refused(self):
        verdict = invite_verdict(uses=1, max_uses=1, expires_at=None, now=self.now)
        assert not verdict and "已被使用" in verdict.message

    def test_expired_invite_is_refused(self):
        verdict = invite_verdict(uses=0, max_uses=5, expires_at=self.now, now=self.now)
        assert not verdict and "已过期" in verdict.message


class TestInput:
    def test_clean_text_removes_control_and_bidi_characters_but_keeps_lines(self):
        assert clean_text("\x00张\x07三\u202e\r\n第二行\x1b[31m ") == "张三\n第二行[31m"

    def test_full_width_digits_match(self):
        assert normalise_for_matching("１２") == "12"

    @pytest.mark.parametrize("name", ["张三", "欧阳娜娜", "阿依古丽·买买提", "John Smith"])
    def test_acceptable_names(self, name):
        assert person_name_problem(name) is None

    @pytest.mark.parametrize("name", ["张", "张三123", "<script>", "x" * 31])
    def test_unacceptable_names_say_why(self, name):
        assert "姓名" in person_name_problem(name)

    @pytest.mark.parametrize("phone", ["13800001234", "+86 13800001234", "0838-1234567"])
    def test_acceptable_phones(self, phone):
        assert phone_problem(phone) is None

    def test_bad_phone_says_the_expected_format(self):
        assert "11 位手机号" in phone_problem("12345")


class TestDates:
    today = date(2026, 11, 25)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-12-05", date(2026, 12, 5)),
            ("2026年12月5日", date(2026, 12, 5)),
            ("２０２６／１２／０５", date(2026, 12, 5)),
            ("12月5日", date(2026, 12, 5)),
            ("1月10日", date(2027, 1, 10)),  # already past this year: next January
            ("明天", date(2026, 11, 26)),
        ],
    )
    def test_common_forms(self, text, expected):
        assert parse_date(text, self.today) == expected

    @pytest.mark.parametrize("text", ["2月30日", "下周", "2026-13-01", ""])
    def test_impossible_or_vague_dates_are_refused(self, text):
        with pytest.raises(ValueError):
            parse_date(text, self.today)


def test_labels_resolve_by_value_label_or_unique_part():
    assert Role.from_label("member") is Role.MEMBER
    assert Role.from_label("协商主持人") is Role.FACILITATOR
    assert Role.from_label("委员") is Role.MEMBER
    assert OrgLevel.from_label("乡镇（街道）") is OrgLevel.TOWNSHIP
    with pytest.raises(ValueError):
        Role.from_label("人")  # in several labels: ambiguous


def test_the_clock_is_the_offices_wall_clock_not_utc():
    """At 23:30 UTC it is already 07:30 the next morning in Deyang: "明天" must mean the day after that."""
    from datetime import UTC, timedelta

    from assistant.storage.types import local_now, set_office_timezone

    set_office_timezone("Asia/Shanghai")
    expected = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=8)
    assert abs((local_now() - expected).total_seconds()) < 5


class TestSchedulingGates:
    """No session before approval (三（四）, 四（一）) and finished research (三（五）)."""

    from assistant.domain.consultation import ResearchState

    done = ResearchState(items_total=6, items_done=6, needs_risk_report=False, risk_reported=False,
                         contingency_recorded=False)

    def test_an_approved_and_researched_topic_may_be_scheduled(self):
        from assistant.domain.consultation import scheduling_verdict
        from assistant.domain.vocab import TopicStatus

        assert scheduling_verdict(TopicStatus.APPROVED, self.done)

    @pytest.mark.parametrize("status", ["collected", "submitted", "rejected"])
    def test_not_approved_is_refused_with_the_approval_clauses(self, status):
        from assistant.domain.consultation import scheduling_verdict
        from assistant.domain.vocab import TopicStatus

        verdict = scheduling_verdict(TopicStatus(status), self.done)
        assert not verdict and "三、（四）和四、（一）" in verdict.message

    def test_open_research_items_are_refused_with_their_count(self):
        from dataclasses import replace

        from assistant.domain.consultation import scheduling_verdict
        from assistant.domain.vocab import TopicStatus

        verdict = scheduling_verdict(TopicStatus.APPROVED, replace(self.done, items_done=4))
        assert not verdict and "还有 2 项未完成" in verdict.message and "三、（五）" in verdict.message

    @pytest.mark.parametrize(
        ("reported", "planned", "missing"), [(False, True, "报告"), (True, False, "预案"), (False, False, "报告")]
    )
    def test_sensitive_issues_need_both_report_and_plan(self, reported, planned, missing):
        from dataclasses import replace

        from assistant.domain.consultation import scheduling_verdict
        from assistant.domain.vocab import TopicStatus

        state = replace(self.done, needs_risk_report=True, risk_reported=reported, contingency_recorded=planned)
        verdict = scheduling_verdict(TopicStatus.APPROVED, state)
        assert not verdict and missing in verdict.message
        assert scheduling_verdict(TopicStatus.APPROVED, replace(state, risk_reported=True, contingency_recorded=True))
