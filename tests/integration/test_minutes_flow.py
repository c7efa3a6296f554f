"""The /minutes flow as staff live it: paste or upload, review, edit, approve — and bad files."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from assistant.domain.vocab import MinutesStatus, Role, SessionStatus
from assistant.flows.base import Incoming, Upload
from assistant.services import people
from assistant.storage.models import Consultation, Minutes, Person
from tests.conftest import Chat, registered, verify_dialog

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "bench" / "data" / "transcripts"
ELEVATOR = (TRANSCRIPTS / "01_elevator_typed.txt").read_text(encoding="utf-8")
NEW_DISSENT = "陈秀英：不同意在3栋南面装电梯，担心一楼采光受影响\n陈秀英：担心施工噪音，希望给低层住户补偿"
NEW_ACTIONS = "区住建局｜组织设计单位现场勘察，拿出北侧入户方案｜两周内\n社区居委会｜完成3栋低层住户入户沟通｜12月15日前"


@pytest.fixture
def staff(sqlite_app, user) -> Chat:
    """A registered 政协工作人员 of 锦江社区, who may record minutes."""
    return registered(sqlite_app, user, "孙丽", Role.STAFF)


@pytest.fixture
def indexed(sqlite_app, monkeypatch) -> list[dict]:
    """Replaces the knowledge-base hook with a recorder (and records whether minutes were committed then)."""
    calls: list[dict] = []

    def fake_index(key, title, text, organisation, date):
        with sqlite_app.db.transaction() as session:
            committed = session.scalar(select(func.count()).select_from(Minutes))
        calls.append(dict(key=key, title=title, text=text, organisation=organisation, date=date, committed=committed))

    monkeypatch.setattr(sqlite_app.services, "index_past_session", fake_index, raising=False)
    return calls


def _minutes_count(app) -> int:
    with app.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Minutes))


def _upload(chat: Chat, name: str, data: bytes) -> str:
    chat.replies = chat.app.engine.handle(chat.user, Incoming(upload=Upload(name, data)))
    return chat.last


def test_paste_review_edit_and_approve(staff: Chat, sqlite_app, indexed):
    verify_dialog(
        staff,
        [
            ("/minutes", "请直接粘贴会议记录"),
            (ELEVATOR, "会议纪要初稿已生成"),
            ("修改某一部分", "请选择要修改的部分"),
            ("分歧意见", "「分歧意见」目前的内容"),
            (NEW_DISSENT, "已修改：分歧意见"),
            ("3", "请选择要修改的部分"),
            ("下一步工作", "责任单位｜工作任务｜时限"),
            ("区住建局组织现场勘察", "第 1 行“区住建局组织现场勘察”格式不正确"),
        ],
    )
    assert staff.state()[1] == "edit_content"  # the same question again
    verify_dialog(staff, [(NEW_ACTIONS, "已修改：分歧意见、下一步工作"), ("通过并保存", "会议纪要已定稿并保存")])

    with sqlite_app.db.transaction() as session:
        minutes = session.scalar(select(Minutes))
        assert minutes.status is MinutesStatus.APPROVED and minutes.drafted_by == "offline"
        assert minutes.approved_by_id == session.scalar(select(Person.id).where(Person.name == "孙丽"))
        assert minutes.approved_at is not None and minutes.source_text.startswith("锦江花园小区")
        assert minutes.final["disagreements"] == NEW_DISSENT.splitlines()
        assert [a["owner"] for a in minutes.final["actions"]] == ["区住建局", "社区居委会"]
        assert len(minutes.draft["actions"]) == 4  # the drafter's original is kept beside the edit
        minutes_id, title = minutes.id, minutes.title

    attachments = {a.filename.rsplit(".", 1)[1]: a for a in staff.replies[0].attachments}
    assert attachments["docx"].mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(attachments["docx"].data))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "担心一楼采光受影响" in body and "组织设计单位现场勘察，拿出北侧入户方案" in cells
    assert "担心一楼采光受影响" in attachments["md"].data.decode("utf-8")

    assert len(indexed) == 1
    call = indexed[0]
    assert call["key"] == f"minutes-{minutes_id}" and call["title"] == title
    assert "担心一楼采光受影响" in call["text"] and call["organisation"] == "锦江社区"
    assert call["date"] == "2024-11-28" and call["committed"] == 1  # ran after the commit


def test_cancel_saves_nothing_and_indexes_nothing(staff: Chat, sqlite_app, indexed):
    verify_dialog(staff, [("/minutes", "粘贴"), (ELEVATOR, "请审核"), ("/cancel", "已取消「会议纪要」")])
    assert _minutes_count(sqlite_app) == 0 and indexed == []


def test_works_without_a_knowledge_base_hook(staff: Chat, sqlite_app, monkeypatch):
    monkeypatch.delattr(type(sqlite_app.services), "index_past_session", raising=False)
    verify_dialog(staff, [("/minutes", "粘贴"), (ELEVATOR, "请审核"), ("1", "已定稿并保存")])
    assert _minutes_count(sqlite_app) == 1


def test_uploaded_docx_transcript_is_read(staff: Chat, indexed):
    document = docx.Document()
    for line in ELEVATOR.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    staff.say("/minutes")
    assert "会议纪要初稿已生成" in _upload(staff, "记录.docx", buffer.getvalue())
    assert staff.state()[2]["source"]["filename"] == "记录.docx"


def test_links_the_consultation_and_marks_it_held(staff: Chat, sqlite_app, indexed):
    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.name == "孙丽"))
        planned = datetime(2024, 11, 28, 14, 30)
        session.add(Consultation(title="锦江花园加装电梯协商会", organisation_id=org_id, status=SessionStatus.SCHEDULED,
                                 scheduled_at=planned))
        session.add(Consultation(title="外单位的协商会", status=SessionStatus.SCHEDULED))
    reply = staff.say("/minutes")
    reply = staff.say(ELEVATOR)
    assert "属于哪一次协商活动" in reply and "锦江花园加装电梯协商会" in reply
    assert "外单位" not in reply and "不关联" in reply
    verify_dialog(staff, [("1", "请审核"), ("1", "已关联协商活动：锦江花园加装电梯协商会")])
    with sqlite_app.db.transaction() as session:
        consultation = session.scalar(select(Consultation).where(Consultation.title == "锦江花园加装电梯协商会"))
        assert consultation.status is SessionStatus.HELD and consultation.held_at == planned
        assert session.scalar(select(Minutes.consultation_id)) == consultation.id


def test_full_text_is_paged_under_the_telegram_limit(staff: Chat, indexed):
    topics = ("停车", "采光", "噪音", "电梯维保", "费用分摊", "绿化", "消防通道", "垃圾分类")
    names = [surname + given for surname in "张李王刘陈" for given in "建国秀英志强"]
    speeches = "\n".join(
        f"{name}（{n}栋居民代表）："
        + "".join(f"关于{t}问题，我们{n}栋有{n * 3 + i}户居民反映强烈，建议在{i + 1}周内拿出第{i + 1}套方案。" for i, t in enumerate(topics))
        for n, name in enumerate(names, 1)
    )
    staff.say("/minutes")
    staff.say("主持人：王芳（社区党委书记）\n" + speeches)
    assert staff.state()[1] == "review", staff.last
    assert len(staff.last) < 4000
    pages = [staff.say("查看全文")]
    while "下一页" in [c.label for c in staff.replies[-1].choices]:
        pages.append(staff.say("下一页"))
    assert len(pages) > 1 and all(len(page) < 4000 for page in pages)
    assert f"第 {len(pages)}/{len(pages)} 页" in pages[-1] and "【公开方式】" in pages[-1]
    assert "请审核" in staff.say("返回审核")


class TestDissentIsNeverDropped:
    def _at_dissent_edit(self, staff: Chat):
        verify_dialog(staff, [("/minutes", "粘贴"), (ELEVATOR, "请审核"), ("3", "要修改的部分"), ("分歧意见", "目前的内容")])

    def test_numbering_alone_is_refused(self, staff: Chat):
        self._at_dissent_edit(staff)
        assert "没有读到「分歧意见」的内容" in staff.say("1.")
        assert staff.state()[1] == "edit_content"

    def test_an_explicit_none_is_kept_as_none(self, staff: Chat, sqlite_app, indexed):
        self._at_dissent_edit(staff)
        verify_dialog(staff, [("无", "已修改：分歧意见"), ("1", "已定稿并保存")])
        with sqlite_app.db.transaction() as session:
            assert session.scalar(select(Minutes)).final["disagreements"] == ["无"]


class TestPermissions:
    def test_needs_a_profile(self, chat: Chat):
        assert "请先发送 /profile" in chat.say("/minutes")
        assert chat.state()[0] is None

    def test_a_member_may_not_record_minutes(self, sqlite_app, user):
        with sqlite_app.db.transaction() as session:
            person = people.ensure_person(session, user.channel, user.external_id)
            person.name = "赵敏"
            people.grant_role(session, person, Role.MEMBER)
        reply = Chat(sqlite_app, user).say("/minutes")
        assert "整理会议纪要需要" in reply and "政协工作人员" in reply


def _zip_of_something_else() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/readme.txt", "not a word document")
    return buffer.getvalue()


BAD_UPLOADS = [
    ("empty", "记录.txt", b"", "是空的"),
    ("binary", "记录.txt", bytes(range(256)) * 40, "二进制"),
    ("garbled", "记录.txt", "会议记录王芳发言".encode().decode("latin-1").encode("utf-8") * 200, "无法识别为正常文字"),
    ("no speakers", "记录.txt", "今天开会讨论了加装电梯的事情，大家都觉得应该尽快推进。".encode(), "未能识别出发言人"),
    ("5 MB", "记录.txt", ("王芳（主持人）：同意。\n" * 400_000).encode()[: 5 * 1024 * 1024], "内容过长"),
    ("zip posing as docx", "记录.docx", _zip_of_something_else(), "不是有效的 Word"),
    ("unsupported", "记录.xlsx", b"PK\x03\x04", "暂不支持"),
]


@pytest.mark.parametrize(("name", "data", "expected"), [b[1:] for b in BAD_UPLOADS], ids=[b[0] for b in BAD_UPLOADS])
def test_bad_uploads_are_refused_with_the_same_question(staff: Chat, sqlite_app, name, data, expected):
    staff.say("/minutes")
    reply = _upload(staff, name, data)
    assert expected in reply, reply
    assert "请直接粘贴会议记录" in reply and staff.state()[1] == "source"
    assert "Traceback" not in reply and _minutes_count(sqlite_app) == 0


def test_pasted_text_without_speakers_is_refused(staff: Chat):
    staff.say("/minutes")
    reply = staff.say("会上大家同意加装电梯。")
    assert "未能识别出发言人" in reply and "姓名（身份）：发言内容" in reply
    assert staff.state()[1] == "source"


def test_reupload_starts_a_fresh_draft(staff: Chat):
    village = (TRANSCRIPTS / "04_village_yuanba.txt").read_text(encoding="utf-8")
    verify_dialog(staff, [("/minutes", "粘贴"), (ELEVATOR, "请审核"), ("3", "部分"), ("标题", "标题"), ("新标题纪要", "已修改：标题")])
    verify_dialog(staff, [("重新上传", "请直接粘贴会议记录"), (village, "会议纪要初稿已生成")])
    answers = staff.state()[2]
    assert "青龙村" in answers["draft"]["title"] and "edited" not in answers


# --- issue 12: a review staff can finish ---------------------------------------------------------


def _to_edit(staff: Chat, section: str) -> str:
    verify_dialog(staff, [("/minutes", "请直接粘贴会议记录"), (ELEVATOR, "会议纪要初稿已生成"),
                          ("修改某一部分", "请选择要修改的部分")])
    return staff.say(section)


def _working_copy(staff: Chat) -> dict:
    return staff.state()[2]["draft"]


def test_one_action_is_deleted_fixed_and_added_by_number(staff: Chat):
    shown = _to_edit(staff, "下一步工作")
    assert "1. 区住建局｜" in shown and "删除 3" in shown  # numbered, and says how to name one item
    before = _working_copy(staff)["actions"]
    assert "已修改：下一步工作" in staff.say("删除 3")
    after = _working_copy(staff)["actions"]
    assert [a["task"] for a in after] == [a["task"] for i, a in enumerate(before) if i != 2]

    verify_dialog(staff, [("修改某一部分", "请选择"), ("下一步工作", "目前的内容"),
                          ("改 1：区住建局｜组织现场勘察，拿出北侧入户方案｜两周内", "已修改")])
    fixed = _working_copy(staff)["actions"][0]
    assert fixed["task"] == "组织现场勘察，拿出北侧入户方案"
    assert fixed["sources"], "a corrected item keeps its 原文依据"

    verify_dialog(staff, [("修改某一部分", "请选择"), ("下一步工作", "目前的内容"),
                          ("增加：街道办｜协调电梯补助资金｜月底前", "已修改")])
    added = _working_copy(staff)["actions"][-1]
    assert (added["owner"], added["due"], added["sources"]) == ("街道办", "月底前", [])
    assert len(_working_copy(staff)["actions"]) == len(before)


def test_a_wrong_item_number_is_asked_again_with_the_count(staff: Chat):
    _to_edit(staff, "共识")
    count = len(_working_copy(staff)["consensus"])
    reply = staff.say("删除 9")
    assert f"没有第 9 条（目前共 {count} 条）" in reply
    assert staff.state()[1] == "edit_content"
    assert len(_working_copy(staff)["consensus"]) == count  # nothing lost


def test_a_pasted_block_replaces_the_whole_section(staff: Chat):
    _to_edit(staff, "下一步工作")
    six = "\n".join(f"单位{n}｜任务{n}｜两周内" for n in range(1, 7))
    assert "已修改：下一步工作" in staff.say(six)  # one message with six lines: six actions, not one
    assert [a["owner"] for a in _working_copy(staff)["actions"]] == [f"单位{n}" for n in range(1, 7)]


def test_an_edit_may_be_sent_as_a_file(staff: Chat):
    _to_edit(staff, "分歧意见")
    reply = _upload(staff, "分歧.txt", NEW_DISSENT.encode("utf-8"))
    assert "已修改：分歧意见" in reply
    assert _working_copy(staff)["disagreements"] == NEW_DISSENT.splitlines()


def test_evidence_shows_the_transcript_lines_of_each_item(staff: Chat):
    verify_dialog(staff, [("/minutes", "请直接粘贴会议记录"), (ELEVATOR, "会议纪要初稿已生成")])
    reply = staff.say("查看原文依据")
    assert "原文依据" in reply and "【下一步工作】" in reply
    line_of = {n: line for n, line in enumerate(ELEVATOR.splitlines(), start=1)}
    quoted = [int(n) for n in __import__("re").findall(r"原文第 (\d+) 行", reply)]
    assert quoted and all(line_of[n].strip() for n in quoted)  # every reference is a real line


def test_the_final_minutes_agree_with_their_content(staff: Chat, sqlite_app):
    verify_dialog(staff, [("/minutes", "请直接粘贴会议记录"), (ELEVATOR, "会议纪要初稿已生成"),
                          ("修改某一部分", "请选择"), ("共识", "目前的内容"), ("删除 2", "已修改"),
                          ("修改某一部分", "请选择"), ("分歧意见", "目前的内容"),
                          ("周秀英（社区居民代表）：不同意收取维保费", "已修改")])
    staff.say("通过并保存")
    assert "周秀英" in staff.last
    with sqlite_app.db.transaction() as session:
        final = session.scalar(select(Minutes)).final
    assert f"会议形成{len(final['consensus'])}项共识" in final["summary"]
    assert f"共{len(final['participants'])}人参加" in final["summary"]
    assert final["dissenters"] == ["周秀英"]
    document = docx.Document(io.BytesIO(staff.replies[0].attachments[0].data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "初稿" not in text  # the draft note is gone from the 定稿
    assert final["summary"] in text


def test_the_linked_consultations_participants_resolve_speaker_labels(staff: Chat, sqlite_app):
    """"老雒" in a 院坝 record is 雒德全 of the agenda's participant list; the draft says so."""
    from assistant.domain.vocab import ParticipantKind
    from assistant.storage.models import Participant

    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.name == "孙丽"))
        consultation = Consultation(title="堰塘整修院坝会", organisation_id=org_id, status=SessionStatus.SCHEDULED)
        consultation.participants = [Participant(name="雒德全", kind=list(ParticipantKind)[0], affiliation="三组组长")]
        session.add(consultation)
    record = "主持：村主任严志刚\n\n严志刚：今天说堰塘。\n老雒：堰塘漏水好几年了，我同意先修。\n严志刚：好，就这么定。\n"
    verify_dialog(staff, [("/minutes", "请直接粘贴"), (record, "属于哪一次协商活动"), ("1", "请审核")])
    people = {p["name"]: p["role"] for p in staff.state()[2]["draft"]["participants"]}
    assert people.get("雒德全") == "三组组长" and "老雒" not in people


def test_a_record_without_a_year_takes_the_linked_consultations_year(staff: Chat, sqlite_app):
    """"时间：11月18日" and no year anywhere: the linked consultation says which year, and the review says so."""
    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.name == "孙丽"))
        session.add(Consultation(title="背街路灯协商会", organisation_id=org_id, status=SessionStatus.SCHEDULED,
                                 scheduled_at=datetime(2025, 11, 18, 9, 30)))
    record = ("时间：11月18日上午\n主持人：严志刚\n\n严志刚：今天说路灯。\n"
              "甘露：我同意。\n严志刚：分工：社区负责两周内完成路灯摸排。\n")
    verify_dialog(staff, [("/minutes", "请直接粘贴"), (record, "属于哪一次协商活动"), ("1", "请审核")])
    reply = staff.last
    draft = staff.state()[2]["draft"]
    assert draft["meeting_day"] == "2025-11-18" and "关联协商活动" in draft["meeting_day_basis"]
    assert draft["actions"][0]["due_date"] == "2025-12-02"
    assert "关联协商活动" in reply


def test_linked_minutes_take_the_sessions_day_not_the_transcripts(staff: Chat, sqlite_app, indexed):
    """A record from another year linked to this week's session: the session decides the meeting day
    (with a warning), so deadlines count from it and nothing is "已逾期 700 天"."""
    from datetime import timedelta

    from assistant.services import outcomes
    from assistant.storage.types import local_now

    held = (local_now() - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.name == "孙丽"))
        session.add(Consultation(title="锦江花园加装电梯协商会", organisation_id=org_id,
                                 status=SessionStatus.SCHEDULED, scheduled_at=held))
    assert "2024年11月28日" in ELEVATOR.splitlines()[2]  # the transcript states another day
    staff.say("/minutes")
    staff.say(ELEVATOR)
    review = staff.say("1")
    assert "记录中写的会议日期是 2024年11月28日" in review and "与所关联协商活动的时间" in review
    assert f"{held.year}年{held.month}月{held.day}日" in review.split("【时间】", 1)[1].splitlines()[0]
    verify_dialog(staff, [("通过并保存", "已定稿并保存")])
    with sqlite_app.db.transaction() as session:
        minutes = session.scalar(select(Minutes))
        assert f"{held.year}年{held.month}月{held.day}日" in minutes.final["date"]
        assert outcomes.base_date(minutes, local_now().date()) == held.date()
        (planned,) = outcomes.plan_actions([{"owner": "区住建局", "task": "勘察", "due": "两周内"}], held.date())
        assert planned["due_date"] == (held.date() + timedelta(days=14)).isoformat()


def test_linked_minutes_of_the_same_day_get_no_warning(staff: Chat, sqlite_app, indexed):
    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Person.organisation_id).where(Person.name == "孙丽"))
        session.add(Consultation(title="锦江花园加装电梯协商会", organisation_id=org_id,
                                 status=SessionStatus.SCHEDULED, scheduled_at=datetime(2024, 11, 28, 14, 30)))
    staff.say("/minutes")
    staff.say(ELEVATOR)
    review = staff.say("1")
    assert "请审核" in review and "不一致" not in review
