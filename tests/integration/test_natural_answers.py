"""Answers as a facilitator types them, through the flows: 约486户, 街道, 下周三下午, a past time refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from assistant.storage.models import Consultation, Organisation, Topic
from tests.conftest import verify_dialog
from tests.integration.test_preparation_flows import (  # noqa: F401
    AGENDA_AFTER_TOPIC,
    NEW_TOPIC,
    _approved,
    _research_all,
    office,
)


def test_a_new_office_a_partial_label_and_an_approximate_count(office):  # noqa: F811
    chat = office["member"]
    before_office = [pair for pair in NEW_TOPIC if pair[1] != "范围"][:6]  # up to the office question
    verify_dialog(chat, before_office)
    verify_dialog(chat, [("旌湖社区", "层级"), ("社区", "范围"), ("街道", "多少户")])
    assert "请输入一个数量" in chat.say("很多户")
    verify_dialog(chat, [("约486户", "切身利益")])
    answers = chat.state()[2]
    assert (answers["households"], answers["scope"], answers["level"]) == (486, "township", "village")
    with chat.app.db.transaction() as session:
        assert session.scalar(select(Organisation).where(Organisation.name == "旌湖社区")) is None  # not yet saved


def test_a_meeting_next_wednesday_afternoon_and_a_past_time_refused(office):  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    _research_all(chat, topic_id)
    verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), *AGENDA_AFTER_TOPIC[:2]])
    assert "已经过去" in chat.say("昨天下午3点")  # the clock says Wednesday 25 November 2026, 09:00
    assert "具体时间" in chat.say("下周三")
    verify_dialog(chat, [("下周三下午", "主持人"), *AGENDA_AFTER_TOPIC[3:], ("是", "协商活动已安排")])
    assert "2026年12月2日（星期三）14:30" in chat.last
    with chat.app.db.transaction() as session:
        consultation = session.scalar(select(Consultation).where(Consultation.topic_id == topic_id))
        assert consultation.scheduled_at == datetime(2026, 12, 2, 14, 30)
        assert session.get(Topic, topic_id) is not None


def test_the_step_counter_only_moves_forward_and_keeps_its_total(office):  # noqa: F811
    """A step that turns out not to be needed is jumped over (6/14 → 8/14), never 6/14 → 7/13."""
    import re

    chat = office["member"]
    seen = [re.search(r"【提出议题｜(\d+)/(\d+)】", chat.say("/newtopic"))]
    for said, _ in NEW_TOPIC[1:]:
        seen.append(re.search(r"｜(\d+)/(\d+)】", chat.say(said)))
    positions = [int(m[1]) for m in seen if m]
    totals = {int(m[2]) for m in seen if m}
    assert len(totals) == 1 and positions == sorted(set(positions)) and len(positions) >= 8
    assert any(b - a > 1 for a, b in zip(positions, positions[1:], strict=False))  # the office's level was not asked


def test_a_bare_number_beside_suggestions_is_not_taken_as_a_venue_or_a_host(office):  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    _research_all(chat, topic_id)
    verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), ("会议协商", "地点")])
    reply = chat.say("9")
    assert "没有第 9 项" in reply and "协商地点" in reply and chat.state()[1] == "venue"
    verify_dialog(chat, [("1", "协商时间"), ("下周三下午", "主持人")])
    assert "没有第 5 项" in chat.say("5") and chat.state()[1] == "host"
    verify_dialog(chat, [("1", "政协委员")])
    answers = chat.state()[2]
    assert answers["venue"] != "9" and answers["host"] != "5"
