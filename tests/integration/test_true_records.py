"""Records tell the truth: held only when held, notified only when someone was."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from assistant.domain.vocab import OrgLevel, Role, SessionStatus
from assistant.drafting import draft_minutes
from assistant.services import consultations, people
from assistant.services import minutes as minutes_service
from assistant.storage.models import Consultation, Organisation, Person
from tests.conftest import Chat, registered
from tests.integration.test_outcome_flow import TRANSCRIPTS

NOW = datetime(2026, 11, 25, 9, 0)


def _minutes_for_session(app, scheduled_at: datetime) -> int:
    """Approved minutes linked to a session of the staff member's office scheduled at `scheduled_at`."""
    text = (TRANSCRIPTS / "01_elevator_typed.txt").read_text(encoding="utf-8")
    draft = draft_minutes(text)
    with app.db.transaction() as session:
        person = session.scalar(select(Person).where(Person.name == "孙丽"))
        consultation = Consultation(title="加装电梯协商会", organisation_id=person.organisation_id,
                                    status=SessionStatus.SCHEDULED, scheduled_at=scheduled_at)
        session.add(consultation)
        session.flush()
        minutes_service.approve_minutes(session, person, original=draft, final=draft, source_text=text,
                                        source_filename=None, consultation_id=consultation.id, now=NOW)
        return consultation.id


def _held_count(app, now: datetime) -> tuple[SessionStatus, int]:
    with app.db.transaction() as session:
        consultation = session.scalar(select(Consultation))
        count = consultations.held_this_year(session, consultation.organisation_id, now.year, now)
        return consultation.status, count


def test_minutes_for_a_session_next_week_do_not_make_it_held_today(sqlite_app, user):
    registered(sqlite_app, user, "孙丽", Role.STAFF)
    _minutes_for_session(sqlite_app, datetime(2026, 12, 2, 14, 30))
    assert _held_count(sqlite_app, NOW) == (SessionStatus.SCHEDULED, 0)
    # Once the time has passed, the minutes confirm it: held on the day it was scheduled, counted.
    assert _held_count(sqlite_app, datetime(2026, 12, 3, 9, 0)) == (SessionStatus.HELD, 1)
    with sqlite_app.db.transaction() as session:
        assert session.scalar(select(Consultation.held_at)) == datetime(2026, 12, 2, 14, 30)


def test_minutes_for_a_past_session_mark_it_held_at_its_time(sqlite_app, user):
    registered(sqlite_app, user, "孙丽", Role.STAFF)
    _minutes_for_session(sqlite_app, datetime(2026, 11, 20, 14, 30))
    assert _held_count(sqlite_app, NOW) == (SessionStatus.HELD, 1)


def test_a_scheduled_session_without_minutes_is_not_counted_even_when_past(sqlite_app):
    with sqlite_app.db.transaction() as session:
        org = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
        session.add(Consultation(title="未形成纪要", organisation_id=org.id, status=SessionStatus.SCHEDULED,
                                 scheduled_at=datetime(2026, 11, 1, 9, 0)))
    with sqlite_app.db.transaction() as session:
        org_id = session.scalar(select(Organisation.id))
        assert consultations.held_this_year(session, org_id, 2026, NOW) == 0


def test_submitting_with_no_approver_says_nobody_was_notified(sqlite_app, user):
    chat: Chat = registered(sqlite_app, user, "王芳", Role.FACILITATOR)
    sqlite_app.engine.clock = lambda: NOW
    from tests.integration.test_preparation_flows import NEW_TOPIC

    for said, _ in NEW_TOPIC:
        chat.say(said)
    chat.say("否")
    chat.say("否")
    reply = chat.say("是")
    assert "议题已登记" in reply and "未通知任何人" in reply and "请联系系统管理员指定审定人" in reply
    assert "已通知审定人" not in reply


def test_submitting_with_only_an_administrator_says_the_administrator_was_told(sqlite_app, user):
    from assistant.flows.base import UserRef

    registered(sqlite_app, UserRef("test", "admin"), "李管理", Role.ADMIN)
    chat: Chat = registered(sqlite_app, user, "王芳", Role.FACILITATOR)
    from tests.integration.test_preparation_flows import NEW_TOPIC

    for said, _ in NEW_TOPIC:
        chat.say(said)
    chat.say("否")
    chat.say("否")
    reply = chat.say("是")
    assert "尚无审定人" in reply and "已提醒系统管理员 李管理" in reply and "已通知审定人" not in reply


def test_no_outcome_is_recorded_for_a_meeting_still_to_come(sqlite_app, user):
    """Its feedback letter and public notice would be dated before the meeting."""
    chat = registered(sqlite_app, user, "孙丽", Role.STAFF)
    sqlite_app.engine.clock = lambda: NOW
    _minutes_for_session(sqlite_app, datetime(2026, 12, 2, 14, 30))
    chat.say("/outcome")
    reply = chat.say("1")
    assert "尚未召开" in reply and "2026年12月2日" in reply and chat.state()[1] == "minutes"
    sqlite_app.engine.clock = lambda: datetime(2026, 12, 3, 9, 0)
    assert "是否采用以上意见建议" in chat.say("1")
