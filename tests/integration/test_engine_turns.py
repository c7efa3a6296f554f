"""How a turn starts and ends, on SQLite and PostgreSQL: applied once, mail shown, writers queued."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import OperationalError

from assistant.flows.base import Command, FlowContext, Incoming, Reply, UserRef
from assistant.flows.engine import DialogueEngine
from assistant.flows.registry import all_commands, all_flows
from assistant.services import notifications, people
from assistant.storage import db as db_module
from tests.conftest import Chat

USER = UserRef("test", "501", "王芳")  # not Telegram: no invitation needed here


def test_a_redelivered_update_is_applied_once(app):
    engine = app.engine
    assert "姓名" in engine.handle(USER, Incoming(text="/profile", update_key="7001"))[0].text
    assert "层级" in engine.handle(USER, Incoming(text="王芳", update_key="7002"))[0].text

    assert engine.handle(USER, Incoming(text="王芳", update_key="7002")) == [], "a redelivery is answered by nothing"
    assert engine.state_of(USER)[1] == "level", "and does not move the user on"
    # Update numbers are per channel (Telegram numbers them per bot): this one is new.
    assert engine.handle(UserRef("test", "502"), Incoming(text="/help", update_key="7003"))


def test_mail_waiting_for_a_person_others_registered_comes_with_their_first_turn(app):
    with app.db.transaction() as session:
        approver = people.ensure_person(session, "telegram", "601")  # registered by an administrator
        notifications.notify(session, [approver], "新议题待审定：#3", action="/approve 3")

    reply = Chat(app, UserRef("telegram", "601")).say("/help")
    assert "🔔 新议题待审定：#3" in reply and "/approve 3" in reply
    assert "🔔" not in Chat(app, UserRef("telegram", "601")).say("/help"), "delivered once"


def test_mail_left_for_the_speaker_during_their_own_turn_is_shown_in_that_turn(app):
    def remind_me(ctx: FlowContext, args: str) -> list[Reply]:
        notifications.notify(ctx.session, [ctx.person], f"提醒：{args}")
        return [Reply("已设置。")]

    engine = DialogueEngine(app.db, app.services, all_flows(), [*all_commands(), Command("remindme", "测试提醒", remind_me)])
    Chat(app, USER).say("/start")  # a known user: the turn starts from the one-statement load

    replies = engine.handle(USER, Incoming(text="/remindme 明天上午开会"))
    assert [r.text for r in replies] == ["已设置。", "🔔 提醒：明天上午开会"]


def test_a_known_user_without_mail_gets_no_bell(app):
    chat = Chat(app, USER)
    chat.say("/start")
    assert "🔔" not in chat.say("/help")


def test_sqlite_writers_of_one_process_wait_their_turn_and_give_up_clearly(sqlite_app, monkeypatch):
    monkeypatch.setattr(db_module, "WRITER_WAIT_SECONDS", 0.2)
    holding, release = threading.Event(), threading.Event()

    def long_turn() -> None:
        with sqlite_app.db.transaction() as session:
            people.ensure_person(session, "test", "holder")
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=long_turn)
    holder.start()
    holding.wait(5)
    try:
        with pytest.raises(OperationalError, match="database is locked"), sqlite_app.db.transaction():
            pass
    finally:
        release.set()
        holder.join()
    with sqlite_app.db.transaction() as session:  # free again once the first one committed
        assert people.find_person(session, "test", "holder") is not None
