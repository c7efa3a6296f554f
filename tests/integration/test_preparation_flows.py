"""Topic screening → approval → research → agenda, as facilitators, members and approvers live it."""

from __future__ import annotations

import io
from datetime import datetime

import docx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assistant.domain.vocab import OrgLevel, Role, SessionStatus, TopicSource, TopicStatus
from assistant.flows.base import UserRef
from assistant.services import people
from assistant.storage.models import Consultation, Notification, ResearchTask, Topic
from tests.conftest import Chat, registered, verify_dialog

NOW = datetime(2026, 11, 25, 9, 0)


@pytest.fixture
def office(sqlite_app):
    """A township office: a member, a facilitator and an approver (party organisation)."""
    sqlite_app.engine.clock = lambda: NOW
    people_of_the_office = (("member", "赵敏", Role.MEMBER), ("facilitator", "王芳", Role.FACILITATOR),
                            ("approver", "陈书记", Role.APPROVER))
    return {
        key: registered(sqlite_app, UserRef("test", key), name, role, "天元街道", "township")
        for key, name, role in people_of_the_office
    }


NEW_TOPIC = [
    ("/newtopic", "议题名称"),
    ("锦江花园小区加装电梯", "背景"),
    ("小区建于1995年，六层住宅没有电梯，老年住户上下楼困难，居民多次反映。", "来源"),
    ("委员荐题", "提出人"),
    ("1", "哪一类"),
    ("民生改善实事", "单位"),
    ("1", "范围"),
    ("1", "多少户"),
    ("120", "切身利益"),
    ("是", "公共事务"),
    ("是", "敏感"),
]


def _propose(chat: Chat, *, sensitive: str = "否", submit: str = "是") -> int:
    verify_dialog(chat, [*NEW_TOPIC, (sensitive, "多年积累"), ("否", "筛选意见"), (submit, "议题已登记")])
    with chat.app.db.transaction() as session:
        return session.scalar(select(Topic.id).order_by(Topic.id.desc()))


def _topic(chat: Chat, topic_id: int) -> Topic:
    with chat.app.db.transaction() as session:
        query = select(Topic).where(Topic.id == topic_id)
        return session.scalar(query.options(selectinload(Topic.research_tasks), selectinload(Topic.approvals)))


class TestScreening:
    def test_a_member_proposes_and_sees_a_reasoned_opinion(self, office):
        chat = office["member"]
        verify_dialog(chat, [*NEW_TOPIC, ("否", "多年积累")])
        opinion = chat.say("否")
        assert "符合协商议题要求" in opinion
        assert "切口较小" in opinion and "关联较广" in opinion and "三、（四）" in opinion

    def test_submitting_tells_the_approver_at_their_next_turn(self, office):
        topic_id = _propose(office["member"])
        assert "已报送审定" in office["member"].last and "陈书记" in office["member"].last
        assert _topic(office["member"], topic_id).status is TopicStatus.SUBMITTED
        reply = office["approver"].say("/me")
        assert f"新议题待审定：#{topic_id}" in reply and f"/approve {topic_id}" in reply
        assert "新议题待审定" not in office["approver"].say("/me"), "a notification is delivered once"

    def test_a_private_dispute_is_not_a_consultation_topic(self, office):
        chat = office["member"]
        verify_dialog(chat, [*NEW_TOPIC[:-2], ("是", "公共事务"), ("否", "敏感"), ("否", "多年积累")])
        opinion = chat.say("否")
        assert "不宜作为协商议题" in opinion and "一、（二）" in opinion

    def test_a_sensitive_topic_is_flagged_with_the_rule(self, office):
        chat = office["member"]
        verify_dialog(chat, [*NEW_TOPIC, ("是", "多年积累")])
        opinion = chat.say("否")
        assert "涉及敏感问题" in opinion and "预案" in opinion and "三、（五）" in opinion

    def test_saving_without_submitting_keeps_it_collected(self, office):
        topic_id = _propose(office["member"], submit="否")
        assert _topic(office["member"], topic_id).status is TopicStatus.COLLECTED
        assert f"/submit {topic_id}" in office["member"].last
        assert "已报送审定" in office["member"].say(f"/submit {topic_id}")
        assert "无需再次报送" in office["member"].say(f"/submit {topic_id}")

    def test_an_empty_or_too_short_title_is_asked_again(self, office):
        chat = office["member"]
        chat.say("/newtopic")
        assert "不能为空" in chat.say("")
        assert "4–60 字" in chat.say("电梯")
        assert chat.state()[1] == "title"

    def test_a_new_organisation_asks_for_its_level(self, office):
        chat = office["member"]
        verify_dialog(chat, [*NEW_TOPIC[:6], ("珠江路社区", "层级"), ("村（社区）", "范围")])

    def test_someone_without_a_role_is_told_what_is_needed(self, sqlite_app):
        chat = Chat(sqlite_app, UserRef("test", "nobody"))
        assert "/profile" in chat.say("/newtopic")


class TestApproval:
    def test_the_approver_approves_and_the_proposer_is_told(self, office):
        topic_id = _propose(office["member"])
        verify_dialog(office["approver"], [(f"/approve {topic_id}", "请作出审定意见"), ("同意", "审定意见"), ("同意，请抓紧调研。", "已审定")])
        assert _topic(office["member"], topic_id).status is TopicStatus.APPROVED
        told = office["member"].say("/me")
        assert "已审定：同意" in told and "/research" in told

    def test_a_member_cannot_approve_and_is_told_the_clause(self, office):
        _propose(office["member"])
        reply = office["member"].say("/approve")
        assert "审定人" in reply and "四、（一）" in reply

    def test_approving_twice_is_refused(self, office):
        topic_id = _propose(office["member"])
        verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见"), ("/skip", "已审定")])
        assert "没有待审定的议题" in office["approver"].say(f"/approve {topic_id}")

    def test_rejecting_needs_a_reason(self, office):
        topic_id = _propose(office["member"])
        verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("不同意", "理由")])
        assert "写明理由" in office["approver"].say("/skip")
        assert "不同意" in office["approver"].say("涉及面过大，建议先在一个楼栋试点。")
        assert _topic(office["member"], topic_id).status is TopicStatus.REJECTED
        assert "涉及面过大" in office["member"].say("/me")

    def test_choosing_an_option_that_does_not_exist(self, office):
        topic_id = _propose(office["member"])
        office["approver"].say(f"/approve {topic_id}")
        assert "请回复选项编号（1–2）" in office["approver"].say("3")


def _approved(office) -> int:
    topic_id = _propose(office["member"])
    verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见"), ("/skip", "已审定")])
    return topic_id


def _research_all(chat: Chat, topic_id: int, *, finish: bool = True) -> None:
    verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("街道政协工作委员会", "时限"), ("12月10日", "调研清单")])
    number = 1  # items keep their numbers: the next open one is the next number
    while "登记完成一项调研" in chat.last:
        verify_dialog(chat, [("登记完成一项调研，并填写调研发现", "已完成的调研事项"), (str(number), "调研发现"), ("已完成，情况已掌握。", "调研清单")])
        number += 1
    if finish:
        verify_dialog(chat, [("结束本次登记", "调研进展已保存")])


class TestResearch:
    def test_the_default_checklist_follows_the_policy(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("街道政协工作委员会", "时限"), ("12月10日", "实地走访")])
        for item in ("听取利益相关群众", "征求相关职能部门", "风险评估"):
            assert item in chat.last
        assert "还有 6 项未完成" in chat.last

    def test_each_tick_is_saved_at_once(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("调研组", "时限"), ("12月10日", "请选择")])
        verify_dialog(chat, [("1", "已完成的调研事项"), ("1", "调研发现"), ("走访48户，九成支持。", "☑ 1.")])
        assert _topic(chat, topic_id).research_tasks[0].findings == "走访48户，九成支持。"
        chat.say("/cancel")  # ticks stay: they were saved when answered
        assert _topic(chat, topic_id).research_tasks[0].done

    def test_a_due_date_in_the_past_is_refused(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("调研组", "时限")])
        assert "不能早于今天" in chat.say("2026-11-01")
        assert "日期格式不正确" in chat.say("下个月吧")

    def test_a_sensitive_topic_needs_a_report_and_a_plan(self, office):
        topic_id = _propose(office["member"], sensitive="是")
        verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见"), ("/skip", "已审定")])
        chat = office["facilitator"]
        _research_all(chat, topic_id, finish=False)
        assert "须先向同级党委政府报告" in chat.last
        verify_dialog(
            chat,
            [
                ("登记向同级党委政府报告的情况", "报告对象"),
                ("12月1日已向街道党工委书面报告。", "须先与相关部门研究制定预案"),
                ("登记与相关部门研究制定的预案", "应对措施"),
                ("如低层住户反对，由社区组织专题沟通。", "调研已完成，可以安排协商活动"),
            ],
        )


AGENDA_AFTER_TOPIC = [
    ("会议协商", "地点"),
    ("1", "协商时间"),
    ("12月20日下午2点", "主持人"),
    ("1", "政协委员"),
    ("赵敏（区政协委员）", "党政部门"),
    ("李强（区住建局）", "群众代表"),
    ("刘德明（3栋居民代表）、陈秀英（3栋住户）", "专家"),
    ("无", "建议议程"),
    ("是", "确认按此安排"),
]


class TestAgendaGates:
    def test_a_topic_not_yet_approved_cannot_be_scheduled(self, office):
        topic_id = _propose(office["member"])
        reply = office["facilitator"].say(f"/agenda {topic_id}")
        assert "尚未经同级党组织审定" in reply and "三、（四）" in reply

    def test_no_research_no_consultation(self, office):
        topic_id = _approved(office)
        reply = office["facilitator"].say(f"/agenda {topic_id}")
        assert "尚未开展调研" in reply and "三、（五）" in reply

    def test_choosing_an_unready_topic_from_the_list_explains_the_rule(self, office):
        _approved(office)
        chat = office["facilitator"]
        chat.say("/agenda")
        reply = chat.say("1")
        assert "三、（五）" in reply and chat.state()[1] == "topic"

    def test_members_cannot_schedule(self, office):
        assert "筹备协商活动需要" in office["member"].say("/agenda")


class TestAgenda:
    def test_a_ready_topic_gets_a_session_a_notice_and_a_document(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        _research_all(chat, topic_id)
        chat.say("/agenda")
        verify_dialog(chat, [("1", "协商形式"), *AGENDA_AFTER_TOPIC])
        assert "确认按此安排" in chat.last and "协商程序和纪律" in chat.last
        reply = chat.say("是")
        assert "协商活动已安排" in reply and "关于召开“锦江花园小区加装电梯”协商会议的通知" in reply
        assert "2026年12月20日（星期日）14:00" in reply
        notice, attachment = chat.replies[-1].attachments
        assert notice.filename.startswith("会议通知") and attachment.filename.endswith(".docx")
        notice_doc = docx.Document(io.BytesIO(notice.data))
        notice_lines = [p.text for p in notice_doc.paragraphs if p.text]
        assert notice_lines[0] == "关于召开“锦江花园小区加装电梯”协商会议的通知"
        assert notice_lines[-2:] == ["天元街道", "2026年11月25日"]  # 落款: the organisation and the date issued
        assert "PAGE" in notice_doc.sections[0].footer._element.xml
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(attachment.data)).paragraphs)
        table = docx.Document(io.BytesIO(attachment.data)).tables[0]
        assert "协商会议议程" in text and "刘德明（3栋居民代表）" in text and "协商程序和纪律" in text
        assert "群众代表、利益相关方发言" in [cell.text for row in table.rows for cell in row.cells]
        with chat.app.db.transaction() as session:
            consultation = session.scalar(select(Consultation))
            assert consultation.status is SessionStatus.SCHEDULED and len(consultation.participants) == 4
            assert session.get(Topic, topic_id).status is TopicStatus.IN_PROGRESS

    def test_missing_participant_kinds_are_warned_about(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        _research_all(chat, topic_id)
        verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), *AGENDA_AFTER_TOPIC[:4], ("无", "党政部门"), ("无", "群众代表"), ("无", "专家"), ("无", "建议议程")])
        reply = chat.say("是")
        assert "未邀请政协委员" in reply and "未邀请群众代表" in reply and "未邀请党政部门" in reply

    def test_dates_in_the_past_or_unreadable_are_asked_again(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        _research_all(chat, topic_id)
        verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), ("1", "地点"), ("党群服务中心", "协商时间")])
        assert "已经过去" in chat.say("2026-11-01 14:00")
        assert "请写明具体时间" in chat.say("12月20日")
        assert "日期时间格式不正确" in chat.say("过几天")
        assert "主持人" in chat.say("12月20日下午2点")

    def test_a_custom_running_order(self, office):
        topic_id = _approved(office)
        chat = office["facilitator"]
        _research_all(chat, topic_id)
        verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), *AGENDA_AFTER_TOPIC[:-1], ("否", "事项｜分钟")])
        assert "无法识别" in chat.say("讨论很久")
        assert "讨论（30分钟）" in chat.say("介绍｜5\n讨论｜30")


class TestOverview:
    def test_topics_lists_status_and_the_yearly_minimum_for_a_county(self, sqlite_app):
        sqlite_app.engine.clock = lambda: NOW
        with sqlite_app.db.transaction() as session:
            org = people.ensure_organisation(session, "旌阳区政协", OrgLevel.COUNTY)
            person = people.ensure_person(session, "test", "county")
            person.name, person.organisation_id = "孙主席", org.id
            people.grant_role(session, person, Role.FACILITATOR)
            session.add(Topic(title="城区停车难", source=TopicSource.CPPCC, organisation_id=org.id, status=TopicStatus.APPROVED))
            session.add(Consultation(title="往期", organisation_id=org.id, status=SessionStatus.HELD, held_at=datetime(2026, 3, 1)))
        reply = Chat(sqlite_app, UserRef("test", "county")).say("/topics")
        assert "城区停车难｜已审定" in reply
        assert "2026 年已召开协商活动 1 次" in reply and "还差 3 次" in reply and "三、（八）" in reply

    def test_topic_shows_the_whole_record(self, office):
        topic_id = _approved(office)
        reply = office["facilitator"].say(f"/topic {topic_id}")
        for expected in ("锦江花园小区加装电梯", "已审定", "委员荐题", "筛选意见", "审定：同意"):
            assert expected in reply

    def test_a_member_sees_the_approved_topic_but_not_its_working_papers(self, office):
        topic_id = _approved(office)
        office["member"].say("/me")  # takes the decision notice, which names the decision anyway
        reply = office["member"].say(f"/topic {topic_id}")
        assert "锦江花园小区加装电梯" in reply and "已审定" in reply
        assert "筛选意见" not in reply and "审定：同意" not in reply

    def test_topic_with_a_bad_number(self, office):
        assert "请在 /topic 后写议题编号" in office["member"].say("/topic abc")
        assert "没有找到编号为 99 的议题" in office["member"].say("/topic 99")


def test_notifications_are_stored_in_the_outbox(office):
    _propose(office["member"])
    with office["member"].app.db.transaction() as session:
        assert session.scalar(select(Notification.text)).startswith("新议题待审定")


def test_agenda_is_refused_while_a_sensitive_topic_lacks_its_contingency_plan(office):
    topic_id = _propose(office["member"], sensitive="是")
    verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见"), ("/skip", "已审定")])
    chat = office["facilitator"]
    _research_all(chat, topic_id, finish=False)
    verify_dialog(chat, [("登记向同级党委政府报告的情况", "报告对象"), ("已书面报告街道党工委。", "预案"), ("结束本次登记", "已保存")])
    reply = chat.say(f"/agenda {topic_id}")
    assert "须先与相关部门研究制定预案" in reply and "三、（五）" in reply


def test_long_names_and_affiliations_on_each_engine(app):
    """Inputs at the edge of the columns: clipped or refused, never an internal error (PostgreSQL checks lengths)."""
    app.engine.clock = lambda: NOW
    telegram_user = UserRef("telegram", "99", "很" * 129)  # Telegram full names reach 129 characters
    chat = Chat(app, telegram_user)
    assert "内部错误" not in chat.say("/help")
    with app.db.transaction() as session:
        org = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
        person = people.ensure_person(session, "telegram", "99")
        person.name, person.organisation_id = "王芳", org.id
        people.grant_role(session, person, Role.FACILITATOR)
        topic = Topic(title="加装电梯", description="老旧小区", source=TopicSource.MEMBER, status=TopicStatus.APPROVED,
                      organisation_id=org.id)
        topic.research_tasks = [ResearchTask(position=1, item="走访", done=True)]
        session.add(topic)
    verify_dialog(chat, [("/agenda 1", "协商形式"), ("1", "地点"), ("1", "协商时间"), ("12月20日下午2点", "主持人"), ("1", "政协委员")])
    assert "最多 100 字" in chat.say("赵敏（" + "区" * 150 + "）")
    verify_dialog(chat, [("赵敏（区政协委员）", "党政部门"), ("无", "群众代表"), ("无", "专家"), ("无", "建议议程"), ("否", "事项｜分钟")])
    assert "事项最多 100 字" in chat.say("讨" * 150 + "｜20")
    assert "1–480 分钟" in chat.say("讨论｜99999999999")
