"""`/topic N` shows all five stages of a topic, and `/topic N 文件` gives back every document."""

from __future__ import annotations

import io
from datetime import datetime

import docx
from sqlalchemy import select

from assistant.domain.vocab import Adoption, ConsultationForm, Role, SessionStatus, TopicSource, TopicStatus
from assistant.drafting import draft_minutes
from assistant.flows.base import UserRef
from assistant.flows.minutes import EXAMPLE_TRANSCRIPT
from assistant.services import consultations, minutes, outcomes, people
from assistant.storage.models import Consultation, ResearchTask, Topic
from tests.conftest import registered

NOW = datetime(2026, 11, 25, 9, 0)


def _a_topic_through_all_stages(app) -> int:
    with app.db.transaction() as session:
        person = people.find_person(session, "test", "staff")
        topic = Topic(title="锦江花园小区加装电梯", description="老旧小区无电梯。", source=TopicSource.MEMBER,
                      status=TopicStatus.IN_PROGRESS, organisation_id=person.organisation_id, proposer_name="赵敏",
                      sensitive=True, risk_report="已向街道党工委报告", contingency_plan="低层住户补偿预案")
        topic.research_tasks = [ResearchTask(position=1, item="实地察看现场", done=True, findings="5栋具备条件")]
        consultation = Consultation(topic=topic, organisation_id=person.organisation_id, title=topic.title,
                                    form=ConsultationForm.MEETING, venue="锦江社区党群服务中心",
                                    scheduled_at=datetime(2026, 11, 20, 14, 0), status=SessionStatus.HELD,
                                    host="王芳")
        session.add(consultation)
        session.flush()
        consultation.notice = consultations.notice_text(consultation, topic, issued=NOW.date())
        transcript = "记录人：孙丽\n" + EXAMPLE_TRANSCRIPT
        draft = draft_minutes(transcript)
        record = minutes.approve_minutes(session, person, original=draft, final=draft, source_text=transcript,
                                         source_filename=None, consultation_id=consultation.id, now=NOW)
        outcomes.record_outcome(
            session, minutes_id=record.id, recommendations=["5栋先行启动加装电梯"], adoption=Adoption.ADOPTED,
            adoption_reason=None, feedback="关于加装电梯的反馈\n各位：\n已采纳。\n锦江社区\n2026年11月26日",
            public_notice="关于加装电梯的公示\n现公示如下。\n锦江社区\n2026年11月26日",
            actions=[{"owner": "区住建局", "task": "组织现场勘察", "due": "两周内", "due_date": None}],
            explanations=[{"participant": "陈秀英", "position": "担心采光", "explanation": "陈秀英同志：\n您好！\n锦江社区\n2026年11月26日"}],
        )
        return topic.id


def test_topic_shows_every_stage_and_its_documents_come_back(sqlite_app):
    sqlite_app.engine.clock = lambda: NOW
    staff = registered(sqlite_app, UserRef("test", "staff"), "王芳", Role.STAFF, "锦江社区")
    topic_id = _a_topic_through_all_stages(sqlite_app)

    reply = staff.say(f"/topic {topic_id}")
    for stage in ("【调研】", "【协商】", "【纪要】", "【成果】"):
        assert stage in reply
    assert "已向街道党工委报告" in reply and "低层住户补偿预案" in reply
    assert "区住建局：组织现场勘察（两周内）｜待落实" in reply
    assert "反馈：尚未反馈" in reply and "公开：尚未公开" in reply  # recorded drafts are not "sent"
    assert "解释说明：致陈秀英｜尚未登记送达" in reply
    assert f"/topic {topic_id} 文件" in reply

    staff.say(f"/topic {topic_id} 文件")
    files = {a.filename: a for a in staff.replies[0].attachments}
    kinds = sorted(name.split("-")[0] for name in files)
    assert kinds == ["会议纪要", "会议通知", "协商会议议程", "协商成果公示", "协商成果反馈", "解释说明"]
    minutes_doc = docx.Document(io.BytesIO(next(a for name, a in files.items() if name.startswith("会议纪要")).data))
    minutes_lines = [p.text for p in minutes_doc.paragraphs if p.text]
    assert "记录人：孙丽" in minutes_lines
    assert minutes_lines[-2:] == ["锦江社区", "2026年11月25日"]  # 落款: the organisation and the day approved
    assert not any("初稿" in line for line in minutes_lines)  # the approved text, without the draft note
    letter = next(a for name, a in files.items() if name.startswith("解释说明"))
    assert "陈秀英" in letter.filename
    assert "陈秀英同志：" in [p.text for p in docx.Document(io.BytesIO(letter.data)).paragraphs]
    with sqlite_app.db.transaction() as session:
        assert session.scalar(select(Topic.status).where(Topic.id == topic_id)) is TopicStatus.IN_PROGRESS


def test_a_topic_without_documents_says_so(sqlite_app):
    staff = registered(sqlite_app, UserRef("test", "staff"), "王芳", Role.STAFF, "锦江社区")
    with sqlite_app.db.transaction() as session:
        person = people.find_person(session, "test", "staff")
        topic = Topic(title="背街小巷路灯", description="路灯不亮。", source=TopicSource.MEMBER,
                      status=TopicStatus.COLLECTED, organisation_id=person.organisation_id, proposer_name="赵敏")
        session.add(topic)
        session.flush()
        topic_id = topic.id
    assert "尚未生成文书" in staff.say(f"/topic {topic_id} 文件")
    assert "【协商】" not in staff.say(f"/topic {topic_id}")
