"""/outcome and /actions: from approved minutes to adopted, tracked, fed back and published results."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from assistant.domain.vocab import ActionStatus, Adoption, OrgLevel, Role
from assistant.drafting import draft_minutes
from assistant.services import minutes as minutes_service
from assistant.services import outcomes, people
from assistant.storage.models import ActionItem, Outcome, Person
from assistant.storage.types import local_now
from tests.conftest import Chat, registered, verify_dialog

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "bench" / "data" / "transcripts"


def seed_minutes(app, transcript: str = "01_elevator_typed.txt", author: str = "u1") -> int:
    """Approved minutes written by the test user, through the same service the flow uses."""
    text = (TRANSCRIPTS / transcript).read_text(encoding="utf-8")
    draft = draft_minutes(text)
    with app.db.transaction() as session:
        person = people.ensure_person(session, "test", author)
        minutes = minutes_service.approve_minutes(
            session, person, original=draft, final=draft, source_text=text, source_filename=None,
            consultation_id=None, now=local_now(),
        )
        return minutes.id


@pytest.fixture
def staff(sqlite_app, user) -> Chat:
    """A registered 政协工作人员 of 锦江社区, who may record minutes."""
    return registered(sqlite_app, user, "孙丽", Role.STAFF)


WALK_TO_EXPLANATIONS = [
    ("/outcome", "请选择要登记成果落实情况的会议纪要"),
    ("1", "是否采用以上意见建议"),
    ("1", "采纳情况"),
    ("部分采纳", "哪些意见建议未被采纳"),
    ("低层住户补偿标准需区财政局进一步测算", "以下事项将作为落实事项跟踪"),
    ("1", "向参加协商各方反馈的草稿"),
    ("1", "公示稿"),
    ("1", "解释说明"),
]


def test_full_walk_records_outcome_actions_and_explanations(staff: Chat, sqlite_app):
    seed_minutes(sqlite_app)
    verify_dialog(staff, WALK_TO_EXPLANATIONS[:5])
    assert "两周内（推算为 2024-12-12）" in staff.last and "12月15日前（推算为 2024-12-15）" in staff.last
    verify_dialog(staff, WALK_TO_EXPLANATIONS[5:])
    assert "陈秀英同志" in staff.last and "三（七）" in staff.last
    verify_dialog(staff, [("全部采用", "请核对"), ("是", "成果落实情况已登记")])

    with sqlite_app.db.transaction() as session:
        outcome = session.scalar(select(Outcome))
        assert outcome.adoption is Adoption.PARTIAL
        assert outcome.adoption_reason == "低层住户补偿标准需区财政局进一步测算"
        assert "5栋先行启动加装电梯" in outcome.recommendations[0]
        dues = {a.owner: (a.due_text, a.due_date, a.status) for a in outcome.actions}
        assert dues["区住建局"] == ("两周内", date(2024, 12, 12), ActionStatus.OPEN)
        assert dues["社区居委会"] == ("12月15日前", date(2024, 12, 15), ActionStatus.OPEN)
        assert dues["物业公司"][1] == date(2024, 11, 30) and dues["张建国"][1] == date(2024, 12, 4)
        [explanation] = outcome.explanations
        assert explanation.participant == "陈秀英" and "采光" in explanation.position
        assert explanation.explanation.startswith("陈秀英同志：") and "采光" in explanation.explanation
        assert "部分意见建议已采纳" in outcome.feedback and outcome.feedback_sent_at is None
        notice = outcome.public_notice

    files = {a.filename: a for a in staff.replies[0].attachments}
    notice_md = next(a for name, a in files.items() if name.startswith("协商成果公示") and name.endswith(".md"))
    assert notice_md.data.decode("utf-8").startswith("# 关于“锦江花园小区老旧小区加装电梯”协商成果的公示")
    assert "陈秀英" not in notice  # published: explanations go to the person, not on the notice board
    notice_docx = next(a for name, a in files.items() if name.startswith("协商成果公示") and name.endswith(".docx"))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(notice_docx.data)).paragraphs]
    assert "公示栏" in "\n".join(paragraphs)
    assert any(name.startswith("解释说明") for name in files)
    # The dissenter's own letter, as a Word document addressed to her and signed by the office.
    [letter] = [a for name, a in files.items() if name.startswith("解释说明") and name.endswith(".docx")]
    assert "陈秀英" in letter.filename
    letter_doc = docx.Document(io.BytesIO(letter.data))
    lines = [p.text for p in letter_doc.paragraphs if p.text]
    assert lines[0].startswith("关于“") and lines[0].endswith("解释说明")
    assert lines[1] == "陈秀英同志：" and "采光" in "\n".join(lines)
    assert lines[-1].endswith("日") and letter_doc.paragraphs[-1].alignment == 2  # 落款 right-aligned
    assert "PAGE" in letter_doc.sections[0].footer._element.xml  # numbered pages


def test_typed_replacements_and_own_texts_are_kept(staff: Chat, sqlite_app):
    seed_minutes(sqlite_app)
    verify_dialog(
        staff,
        [
            ("/outcome", "会议纪要"),
            ("1", "是否采用"),
            ("1. 5栋先行启动加装电梯\n2. 3栋优先研究北侧入户方案", "采纳情况"),
            ("采纳", "以下事项将作为落实事项跟踪"),  # 采纳: no reason asked
            ("区住建局 两周内出方案", "第 1 行"),
            ("区住建局｜出具北侧入户设计方案｜两周内\n物业公司｜测算维保费用｜年底前", "反馈的草稿"),
            ("已向大家通报：5栋先行，3栋研究北侧方案。", "公示稿"),
            ("1", "解释说明"),
        ],
    )
    first = staff.last
    assert "换一种写法" in staff.say("2") and staff.last != first
    verify_dialog(staff, [("张三：不存在的人", "姓名须为：陈秀英"), ("陈秀英：陈秀英同志，您好！北侧方案正在设计中。", "北侧方案正在设计中")])
    verify_dialog(staff, [("1", "请核对"), ("是", "已登记")])
    with sqlite_app.db.transaction() as session:
        outcome = session.scalar(select(Outcome))
        assert outcome.recommendations == ["5栋先行启动加装电梯", "3栋优先研究北侧入户方案"]
        assert outcome.adoption is Adoption.ADOPTED and outcome.adoption_reason is None
        assert [(a.owner, a.due_date) for a in outcome.actions] == [
            ("区住建局", date(2024, 12, 12)),
            ("物业公司", date(2024, 12, 31)),
        ]
        assert outcome.feedback == "已向大家通报：5栋先行，3栋研究北侧方案。"
        assert outcome.explanations[0].explanation == "陈秀英同志，您好！北侧方案正在设计中。"


def test_answering_no_at_the_end_goes_back_without_saving(staff: Chat, sqlite_app):
    seed_minutes(sqlite_app)
    verify_dialog(staff, [*WALK_TO_EXPLANATIONS, ("1", "请核对"), ("否", "是否采用以上意见建议")])
    with sqlite_app.db.transaction() as session:
        assert session.scalar(select(Outcome)) is None


def test_refuses_politely_without_approved_minutes(staff: Chat):
    assert "目前没有待跟踪的已定稿会议纪要，请先通过 /minutes 形成会议纪要。" in staff.say("/outcome")
    assert staff.state()[0] is None


def test_minutes_with_an_outcome_are_not_offered_again(staff: Chat, sqlite_app):
    seed_minutes(sqlite_app)
    verify_dialog(staff, [*WALK_TO_EXPLANATIONS, ("1", "请核对"), ("是", "已登记")])
    assert "目前没有待跟踪" in staff.say("/outcome")


def test_minutes_of_another_organisation_are_not_listed(staff: Chat, sqlite_app):
    with sqlite_app.db.transaction() as session:
        other = people.ensure_person(session, "test", "someone-else")
        other.organisation_id = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP).id
    seed_minutes(sqlite_app, author="someone-else")
    assert "目前没有待跟踪" in staff.say("/outcome")


def test_a_member_may_not_track_outcomes(sqlite_app, user):
    with sqlite_app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        person.name = "赵敏"
        people.grant_role(session, person, Role.MEMBER)
    assert "跟踪协商成果需要" in Chat(sqlite_app, user).say("/outcome")


def _recorded(staff: Chat, sqlite_app) -> None:
    seed_minutes(sqlite_app)
    verify_dialog(staff, [*WALK_TO_EXPLANATIONS, ("1", "请核对"), ("是", "已登记")])


def test_action_progress_to_done_then_feedback_and_publication(staff: Chat, sqlite_app):
    _recorded(staff, sqlite_app)
    reply = staff.say("/actions")
    assert "物业公司" in reply and "已逾期" in reply  # the meeting was in 2024
    first_list = [c.label.split("（")[0] for c in staff.replies[-1].choices]
    verify_dialog(staff, [("1", "请选择要办理的事项"), ("更新落实进展", "落实进展"), ("已联系设计单位", "落实中")])
    with sqlite_app.db.transaction() as session:
        first = session.scalar(select(ActionItem).where(ActionItem.status == ActionStatus.IN_PROGRESS))
        assert first.progress == "已联系设计单位"

    # 已落实 needs the day and a line of evidence; numbers stay put as items are settled.
    for number in range(1, 5):
        staff.say("/actions")
        assert [c.label.split("（")[0] for c in staff.replies[-1].choices] == first_list  # stable numbering
        verify_dialog(staff, [(str(number), "请选择要办理的事项"), ("登记已落实", "哪一天落实完成")])
        assert "早于协商会议" in staff.say("2024-11-01")
        verify_dialog(staff, [("2024年12月10日", "落实依据")])
        assert "落实依据" in staff.say("好")  # too short to be evidence
        reply = staff.say(f"第{number}项已验收，验收单已存档")
        assert "已落实" in reply and ("还有" in reply if number < 4 else "全部落实事项均已办结" in reply)
    with sqlite_app.db.transaction() as session:
        outcome = session.scalar(select(Outcome))
        assert all(a.status is ActionStatus.DONE and a.done_on == date(2024, 12, 10) for a in outcome.actions)
        assert outcome.actions[0].evidence == "第1项已验收，验收单已存档"

    outcome_number = str(next(n for n, label in enumerate(first_list, 1) if label.startswith("登记反馈")))
    verify_dialog(staff, [("/actions", "登记反馈、公开情况"), (outcome_number, "请选择要登记的内容"), ("登记已向社会公开", "哪一天")])
    verify_dialog(staff, [("2024年12月12日", "方式"), ("公示栏张贴", "已登记公开")])
    assert "向参加协商的各方反馈" in staff.last
    verify_dialog(staff, [("/actions", "登记反馈"), (outcome_number, "内容"), ("登记已向参加协商各方反馈", "哪一天")])
    assert "晚于今天" in staff.say("2099年1月1日")
    # Fed back and public, but the dissenter's explanation is not delivered yet: not 办结 (三（七）).
    reply = staff.say("2024年12月13日")
    verify_dialog(staff, [("1", "已登记反馈")])
    assert "本次协商成果办结" not in staff.last and "解释说明尚未登记送达" in staff.last
    letter = next(n for n, c in enumerate(staff.replies[-1].choices, 1) if c.label.startswith("登记解释说明送达"))
    assert "下一项待办" in staff.last and staff.replies[-1].choices[letter - 1].label.endswith("尚未登记送达）")
    with sqlite_app.db.transaction() as session:
        assert not outcomes.concluded(session.scalar(select(Outcome)))
    assert "方式" in staff.say(str(letter)) or "送达" in staff.last
    assert "早于协商会议" in staff.say("2024-11-01")
    verify_dialog(staff, [("2024年12月14日；当面送达并说明", "本次协商成果办结")])
    with sqlite_app.db.transaction() as session:
        outcome = session.scalar(select(Outcome))
        assert outcome.feedback_sent_at.date() == date(2024, 12, 13) and outcome.feedback_channel == "书面反馈"
        assert outcome.published_at.date() == date(2024, 12, 12) and outcome.published_channel == "公示栏张贴"
        (explanation,) = outcome.explanations
        assert explanation.delivered_at.date() == date(2024, 12, 14)
        assert explanation.delivered_channel == "当面送达并说明"
    assert "目前没有待落实的事项" in staff.say("/actions")


def test_an_action_is_corrected_reassigned_or_withdrawn_with_a_reason(staff: Chat, sqlite_app):
    from assistant.storage.models import AuditEntry

    _recorded(staff, sqlite_app)
    verify_dialog(staff, [("/actions", "请选择要办理的事项"), ("1", "请选择要办理的事项"), ("更正", "责任单位｜工作任务｜时限")])
    verify_dialog(staff, [("｜｜2025年1月10日前", "原因"), ("会上商定延期", "已更正")])
    verify_dialog(staff, [("/actions", "请选择"), ("2", "请选择"), ("改由其他单位负责", "改由哪个单位"), ("区城管局", "原因")])
    verify_dialog(staff, [("职责调整", "已更正")])
    verify_dialog(staff, [("/actions", "请选择"), ("3", "请选择"), ("撤销", "原因"), ("与第1项重复", "已撤销")])
    with sqlite_app.db.transaction() as session:
        first, second, third, *_ = sorted(session.scalar(select(Outcome)).actions, key=lambda a: a.id)
        assert first.due_text == "2025年1月10日前" and first.due_date == date(2025, 1, 10)
        assert second.owner == "区城管局" and second.revision_note == "职责调整"
        assert third.status is ActionStatus.WITHDRAWN and third.revision_note == "与第1项重复"
        audited = session.scalars(select(AuditEntry).where(AuditEntry.entity == "action_item",
                                                           AuditEntry.action == "update")).all()
        assert any(e.after.get("revision_note") == "与第1项重复" and e.before.get("status") == "open" for e in audited)
    staff.say("/actions")
    assert "已撤销" in staff.replies[-1].choices[2].label  # still listed, under its number


def test_a_single_action_can_be_fed_back_while_others_are_open(staff: Chat, sqlite_app):
    _recorded(staff, sqlite_app)
    verify_dialog(staff, [("/actions", "请选择"), ("2", "请选择"), ("登记已向参加协商各方反馈本项进展", "哪一天")])
    verify_dialog(staff, [("今天", "方式"), ("电话告知", "已登记本项反馈")])
    assert "还有" in staff.last and "未办结" in staff.last
    with sqlite_app.db.transaction() as session:
        second = sorted(session.scalar(select(Outcome)).actions, key=lambda a: a.id)[1]
        assert second.feedback_channel == "电话告知" and second.feedback_at is not None


def test_actions_needs_something_to_update(staff: Chat):
    assert "目前没有待落实的事项" in staff.say("/actions")


def test_an_admin_sees_every_organisation(sqlite_app, user):
    seed_minutes(sqlite_app, author="someone-else")
    with sqlite_app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        person.name = "管理员"
        people.grant_role(session, person, Role.ADMIN)
        assert session.scalar(select(Person.organisation_id).where(Person.id == person.id)) is None
    assert "锦江花园小区" in Chat(sqlite_app, user).say("/outcome")


def test_the_day_and_the_evidence_or_channel_fit_in_one_message(staff: Chat, sqlite_app):
    _recorded(staff, sqlite_app)
    verify_dialog(staff, [("/actions", "请选择"), ("1", "请选择要办理的事项"), ("登记已落实", "哪一天落实完成")])
    assert "已落实" in staff.say("2024年12月10日；已通过验收，验收单已存档") and "还有 3 项" in staff.last
    verify_dialog(staff, [("/actions", "请选择"), ("5", "请选择要登记的内容"), ("登记已向社会公开", "哪一天")])
    assert "已登记公开：2024-12-11，公示栏张贴" in staff.say("2024年12月11日；公示栏张贴")
    with sqlite_app.db.transaction() as session:
        outcome = session.scalar(select(Outcome))
        first = min(outcome.actions, key=lambda a: a.id)
        assert (first.status, first.done_on, first.evidence) == (ActionStatus.DONE, date(2024, 12, 10), "已通过验收，验收单已存档")
        assert outcome.published_channel == "公示栏张贴" and not outcomes.concluded(outcome)  # partial: 3 open
