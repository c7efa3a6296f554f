"""After the session: overdue reminders once a day, and a topic closed when 采纳、落实、反馈 are done."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from assistant.domain.vocab import ActionStatus, MinutesStatus, SessionStatus, TopicSource, TopicStatus
from assistant.services import outcomes, people
from assistant.services.reminders import queue_overdue_reminders
from assistant.storage.models import ActionItem, Consultation, Minutes, Notification, Outcome, Topic


def _outcome(session, *, due: date, recorder_id: int) -> Outcome:
    topic = Topic(title="加装电梯", source=TopicSource.MEMBER, status=TopicStatus.IN_PROGRESS)
    consultation = Consultation(title="协商会", topic=topic, status=SessionStatus.HELD)
    minutes = Minutes(title="纪要", consultation=consultation, status=MinutesStatus.APPROVED, created_by_id=recorder_id)
    outcome = Outcome(minutes=minutes)
    outcome.actions = [ActionItem(owner="区住建局", task="现场勘察", due_text="两周内", due_date=due)]
    session.add(outcome)
    session.flush()
    return outcome


def test_an_overdue_action_is_reminded_once_a_day(sqlite_app):
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "7")
        _outcome(session, due=date(2026, 11, 20), recorder_id=recorder.id)
        assert queue_overdue_reminders(session, datetime(2026, 11, 25, 9)) == 1
        assert queue_overdue_reminders(session, datetime(2026, 11, 25, 17)) == 0  # same day
        assert queue_overdue_reminders(session, datetime(2026, 11, 26, 9)) == 1
        text = session.scalar(select(Notification.text).where(Notification.person_id == recorder.id))
        assert "现场勘察" in text and "已逾期 5 天" in text and "区住建局" in text


def test_actions_not_yet_due_or_done_are_not_reminded(sqlite_app):
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "8")
        _outcome(session, due=date(2026, 12, 20), recorder_id=recorder.id)
        done = _outcome(session, due=date(2026, 11, 1), recorder_id=recorder.id)
        done.actions[0].status = ActionStatus.DONE
        assert queue_overdue_reminders(session, datetime(2026, 11, 25, 9)) == 0
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_topic_is_concluded_only_after_feedback_and_publication(sqlite_app):
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "9")
        outcome = _outcome(session, due=date(2026, 11, 20), recorder_id=recorder.id)
        topic = outcome.minutes.consultation.topic
        outcome.actions[0].status = ActionStatus.DONE
        outcomes.close_outcome(session, outcome, feedback_sent=True, published=False, now=datetime(2026, 11, 25))
        assert topic.status is TopicStatus.IN_PROGRESS
        outcomes.close_outcome(session, outcome, feedback_sent=False, published=True, now=datetime(2026, 11, 26))
        assert topic.status is TopicStatus.CONCLUDED
