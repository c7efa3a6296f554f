"""Issue 14: a file wherever long text is accepted — an uploaded .txt/.docx on Telegram, `/file PATH`
in the terminal (both arrive as an upload) answer a step as if the text were pasted."""

from __future__ import annotations

import io

import docx
from sqlalchemy import select

from assistant.flows.base import LONG_TEXT_CHARS, Incoming, InputKind, Upload
from assistant.flows.registry import all_flows
from assistant.storage.models import Approval, Consultation, Outcome, ResearchTask
from tests.conftest import Chat, verify_dialog
from tests.integration.test_outcome_flow import WALK_TO_EXPLANATIONS, seed_minutes, staff  # noqa: F401
from tests.integration.test_preparation_flows import AGENDA_AFTER_TOPIC, _approved, _propose, office  # noqa: F401


def _upload(chat: Chat, name: str, data: bytes) -> str:
    chat.replies = chat.app.engine.handle(chat.user, Incoming(upload=Upload(name, data)))
    return chat.last


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_long_text_step_takes_a_file():
    """Research findings, lists of people, agenda order, outcome texts, letters, minutes edits…"""
    long_steps = {
        f"{flow.name}.{step.key}"
        for flow in all_flows()
        for step in flow.steps
        if step.kind in (InputKind.TEXT, InputKind.DOCUMENT) and step.max_chars >= LONG_TEXT_CHARS
    }
    expected = {"research.action", "research.findings", "research.risk_report", "research.contingency",
                "agenda.members", "agenda.residents", "agenda.custom_order", "approve.opinion",
                "outcome.recommendations", "outcome.actions", "outcome.feedback", "outcome.notice",
                "outcome.explanations", "outcome.adoption_reason", "minutes.source", "minutes.edit_content",
                "newtopic.description", "actions.progress"}
    assert expected <= long_steps
    assert all(step.accepts_file is not False for flow in all_flows() for step in flow.steps
               if f"{flow.name}.{step.key}" in expected)


def test_research_findings_from_a_text_file_and_a_word_file(office):  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("街道政协工作委员会", "时限"), ("12月10日", "调研清单")])
    lines = [f"{n}. 第{n}项已完成，情况已掌握；王芳；11月20日" for n in range(1, 4)]
    reply = _upload(chat, "调研发现.txt", "\n".join(lines).encode("gb18030"))  # a Windows notepad file
    assert "还有 3 项未完成" in reply, reply
    reply = _upload(chat, "调研发现.docx", _docx(*[f"{n}. 第{n}项已完成，情况已掌握；赵敏；11月21日" for n in range(4, 7)]))
    assert "调研已完成" in reply, reply
    with chat.app.db.transaction() as session:
        tasks = session.scalars(select(ResearchTask).where(ResearchTask.topic_id == topic_id)).all()
        assert all(task.done and "情况已掌握" in task.findings for task in tasks)


def test_the_people_of_an_agenda_from_a_file(office):  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    from tests.integration.test_preparation_flows import _research_all

    _research_all(chat, topic_id)
    verify_dialog(chat, [(f"/agenda {topic_id}", "协商形式"), *AGENDA_AFTER_TOPIC[:4]])
    assert "政协委员" in chat.last
    reply = _upload(chat, "委员名单.docx", _docx("赵敏（区政协委员）", "孙伟（区政协委员）", "钱进（区政协委员）"))
    assert "党政部门" in reply, reply
    assert [p["name"] for p in chat.state()[2]["members"]] == ["赵敏", "孙伟", "钱进"]


def test_an_approval_opinion_and_an_explanation_letter_from_a_file(office, staff):  # noqa: F811
    topic_id = _propose(office["member"])
    approver = office["approver"]
    verify_dialog(approver, [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见")])
    assert "已审定" in _upload(approver, "审定意见.txt", "请充分听取低层住户意见，调研报告报街道党工委。".encode())
    with approver.app.db.transaction() as session:
        assert session.scalar(select(Approval.opinion)) == "请充分听取低层住户意见，调研报告报街道党工委。"

    seed_minutes(staff.app)
    verify_dialog(staff, WALK_TO_EXPLANATIONS)
    letter = "陈秀英：陈秀英同志：您好！关于您对采光的意见，我们已请设计单位优先研究北侧方案，并将上门说明。"
    reply = _upload(staff, "解释说明.txt", letter.encode())
    assert "陈秀英同志：您好！关于您对采光的意见" in reply  # the revised letter, shown for a last look
    verify_dialog(staff, [("全部采用", "请核对"), ("是", "已登记")])
    with staff.app.db.transaction() as session:
        (explanation,) = session.scalar(select(Outcome)).explanations
        assert "北侧方案" in explanation.explanation


def test_a_short_answer_step_still_says_a_file_is_not_needed(office):  # noqa: F811
    chat = office["member"]
    verify_dialog(chat, [("/newtopic", "议题名称")])
    reply = _upload(chat, "议题.txt", "锦江花园小区加装电梯".encode())
    assert "此处不需要上传文件" in reply and chat.state()[1] == "title"
    reply = _upload(chat, "照片.jpg", b"\xff\xd8\xff\xe0" + bytes(200))
    assert "不需要上传文件" in reply


def test_an_unreadable_file_at_a_long_text_step_is_refused_with_the_reason(office):  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    verify_dialog(chat, [(f"/research {topic_id}", "牵头"), ("街道政协工作委员会", "时限"), ("12月10日", "调研清单")])
    reply = _upload(chat, "现场照片.jpg", b"\xff\xd8\xff\xe0" + bytes(200))
    assert "暂不支持“.jpg”格式" in reply and chat.state()[1] == "action"
    with chat.app.db.transaction() as session:
        assert session.scalar(select(Consultation)) is None
