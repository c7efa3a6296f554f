"""The profile flow as a user lives it, including the inputs users really send."""

from __future__ import annotations

from sqlalchemy import func, select

from assistant.domain.vocab import RequestStatus, Role
from assistant.flows.base import Incoming, Upload
from assistant.services import people
from assistant.storage.models import Organisation, Person, RoleRequest
from tests.conftest import Chat, verify_dialog

PROFILE_TO_CONFIRM = [
    ("/profile", "请输入您的姓名"),
    ("王芳", "层级"),
    ("3", "单位的名称"),
    ("珠江路社区", "身份"),
    ("1", "联系电话"),
    ("/skip", "请核对以下信息"),
]


def test_a_new_user_registers_and_requests_a_role(chat: Chat, sqlite_app):
    verify_dialog(chat, [*PROFILE_TO_CONFIRM, ("是", "个人信息已保存")])
    assert "已提交" in chat.last and "管理员审核" in chat.last
    with sqlite_app.db.transaction() as session:
        person = session.scalar(select(Person).where(Person.external_id == "u1"))
        assert person.name == "王芳" and person.organisation.name == "珠江路社区"
        assert person.role_set == set()  # a request is not a grant
        request = session.scalar(select(RoleRequest))
        assert request.role is Role.MEMBER and request.status is RequestStatus.PENDING


def test_the_summary_shows_every_answer_before_saving(chat: Chat):
    verify_dialog(chat, PROFILE_TO_CONFIRM)
    for expected in ("王芳", "珠江路社区", "村（社区）", "政协委员", "未填写"):
        assert expected in chat.last


def test_answering_no_at_the_summary_starts_over_without_saving(chat: Chat, sqlite_app):
    verify_dialog(chat, [*PROFILE_TO_CONFIRM, ("否", "请输入您的姓名")])
    with sqlite_app.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_an_administrator_gets_the_role_at_once(chat: Chat, sqlite_app, user):
    with sqlite_app.db.transaction() as session:
        people.grant_role(session, people.ensure_person(session, user.channel, user.external_id), Role.ADMIN)
    verify_dialog(chat, [*PROFILE_TO_CONFIRM, ("是", "已直接授予“政协委员”身份")])


def test_an_existing_organisation_can_be_picked_by_number(chat: Chat, sqlite_app):
    with sqlite_app.db.transaction() as session:
        from assistant.domain.vocab import OrgLevel

        people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
    verify_dialog(chat, [("/profile", "姓名"), ("王芳", "层级"), ("乡镇（街道）", "天元街道"), ("1", "身份")])
    assert chat.state()[2]["organisation"] == "天元街道"


class TestBadInput:
    def test_empty_line_reasks_and_keeps_earlier_answers(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:3])
        reply = chat.say("")
        assert "不能为空" in reply and "单位的名称" in reply
        assert chat.state()[2]["name"] == "王芳"

    def test_a_20000_character_line_is_refused_politely(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        reply = chat.say("长" * 20_000)
        assert "过长" in reply and "层级" in reply
        assert chat.state()[1] == "level"

    def test_a_line_longer_than_any_message_is_not_processed(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        reply = chat.say("长" * 20_001)
        assert "超过单条" in reply and chat.state()[1] == "level"

    def test_control_characters_are_stripped_from_answers(self, chat: Chat):
        chat.say("/profile")
        chat.say("王\x00芳\x1b")
        assert chat.state()[2]["name"] == "王芳"

    def test_unknown_command_names_it_and_repeats_the_question(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        reply = chat.say("/fly")
        assert "未识别的指令“/fly”" in reply and "层级" in reply

    def test_a_choice_out_of_range_says_how_to_answer(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        assert "请回复选项编号（1–3）" in chat.say("9")

    def test_a_file_where_text_is_expected(self, chat: Chat):
        chat.say("/profile")
        replies = chat.app.engine.handle(chat.user, Incoming(upload=Upload("a.txt", b"hello")))
        assert "不需要上传文件" in "\n".join(r.text for r in replies)

    def test_starting_another_flow_midway_is_refused_and_nothing_is_lost(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:3])
        reply = chat.say("/menu")
        assert "请先完成" in reply and chat.state()[2]["name"] == "王芳"

    def test_text_before_choosing_anything_shows_the_menu(self, chat: Chat):
        reply = chat.say("你好")
        assert "请选择要办理的事项" in reply
        assert "【个人信息" in chat.say("个人信息")


class TestButtons:
    def test_a_pressed_button_answers_the_question(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        scope = chat.replies[-1].choice_scope
        chat.say(button=f"{scope}|village")
        assert chat.state()[2]["level"] == "village"

    def test_a_stale_button_is_refused_politely(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        old_scope = chat.replies[-1].choice_scope
        chat.say("2")
        reply = chat.say(button=f"{old_scope}|village")
        assert "按钮已失效" in reply and chat.state()[2]["level"] == "township"

    def test_a_forged_button_value_is_treated_as_invalid_input(self, chat: Chat):
        verify_dialog(chat, PROFILE_TO_CONFIRM[:2])
        scope = chat.replies[-1].choice_scope
        assert "请回复选项编号" in chat.say(button=f"{scope}|<script>")


class TestInvites:
    def test_joining_with_an_invite_grants_its_role_once(self, chat: Chat, sqlite_app):
        with sqlite_app.db.transaction() as session:
            code = people.create_invite(session, Role.FACILITATOR).code
        assert "已获得“协商主持人”身份" in chat.say(f"/join {code.lower()}")
        other = Chat(sqlite_app, type(chat.user)("test", "u2"))
        assert "已被使用" in other.say(f"/join {code}")

    def test_wrong_code(self, chat: Chat):
        assert "邀请码不正确" in chat.say("/join NOPE1234")

    def test_join_without_code_explains_usage(self, chat: Chat):
        assert "/join ABCD2345" in chat.say("/join")


def test_an_internal_error_keeps_the_user_at_the_same_step(chat: Chat, monkeypatch):
    """A bug in one step must not lose the answers already given."""
    verify_dialog(chat, PROFILE_TO_CONFIRM)
    flow = chat.app.engine.flows["profile"]

    def broken_finish(ctx):
        ctx.person.name = "写了一半"
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(chat.app.engine.flows, "profile", type(flow)(**{**flow.__dict__, "finish": broken_finish}))
    reply = chat.say("是")
    assert "内部错误" in reply and "请核对以下信息" in reply
    assert chat.state()[1] == "confirm" and chat.state()[2]["name"] == "王芳"
    with chat.app.db.transaction() as session:
        assert session.scalar(select(Person.name).where(Person.external_id == "u1")) is None
    assert "Traceback" not in reply
    log_text = chat.app.settings.log_file.read_text(encoding="utf-8")
    assert "disk on fire" in log_text
