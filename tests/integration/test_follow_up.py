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
        outcome.actions[0].status, outcome.actions[0].done_on = ActionStatus.DONE, date(2026, 11, 24)
        now = datetime(2026, 11, 26, 9)
        assert not outcomes.record_feedback(session, outcome, on=date(2026, 11, 25), channel="书面反馈", now=now)
        assert topic.status is TopicStatus.IN_PROGRESS
        assert outcomes.record_publication(session, outcome, on=date(2026, 11, 26), channel="公示栏", now=now)
        assert topic.status is TopicStatus.CONCLUDED
        assert (outcome.feedback_channel, outcome.published_channel) == ("书面反馈", "公示栏")


def test_feedback_given_before_the_last_action_was_done_does_not_close_the_topic(sqlite_app):
    """A partial feedback (三（七）) is recorded, but 办结 needs one that follows the last settled action."""
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "10")
        outcome = _outcome(session, due=date(2026, 11, 20), recorder_id=recorder.id)
        outcome.actions.append(ActionItem(owner="物业公司", task="清理楼道", status=ActionStatus.OPEN))
        topic = outcome.minutes.consultation.topic
        now = datetime(2026, 11, 30, 9)
        outcomes.record_feedback(session, outcome, on=date(2026, 11, 20), channel="会议通报", now=now)
        outcomes.record_publication(session, outcome, on=date(2026, 11, 20), channel="公示栏", now=now)
        assert topic.status is TopicStatus.IN_PROGRESS  # actions still open: partial
        outcomes.complete_action(session, outcome.actions[0].id, done_on=date(2026, 11, 28), evidence="勘察报告已归档",
                                 today=now.date())
        outcomes.revise_action(session, outcome.actions[1].id, reason="与第1项重复", withdraw=True, today=now.date())
        assert outcomes.all_done(outcome) and not outcomes.concluded(outcome)  # fed back before the 28th
        assert outcomes.record_feedback(session, outcome, on=date(2026, 11, 30), channel="书面反馈", now=now) is False
        assert outcomes.record_publication(session, outcome, on=date(2026, 11, 30), channel="公示栏", now=now)
        assert topic.status is TopicStatus.CONCLUDED


def test_feedback_cannot_be_dated_before_the_meeting_or_in_the_future(sqlite_app):
    import pytest

    from assistant.domain.rules import RuleViolation

    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "11")
        outcome = _outcome(session, due=date(2026, 11, 20), recorder_id=recorder.id)
        outcome.minutes.consultation.held_at = datetime(2026, 11, 10, 14, 30)
        now = datetime(2026, 11, 26, 9)
        with pytest.raises(RuleViolation, match="早于协商会议"):
            outcomes.record_feedback(session, outcome, on=date(2026, 11, 9), channel="书面反馈", now=now)
        with pytest.raises(RuleViolation, match="晚于今天"):
            outcomes.record_publication(session, outcome, on=date(2026, 11, 27), channel="公示栏", now=now)


def test_a_withdrawn_action_is_not_reminded(sqlite_app):
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "12")
        outcome = _outcome(session, due=date(2026, 11, 1), recorder_id=recorder.id)
        outcomes.revise_action(session, outcome.actions[0].id, reason="已并入区级项目", withdraw=True, today=date(2026, 11, 25))
        assert queue_overdue_reminders(session, datetime(2026, 11, 25, 9)) == 0


def test_an_action_dated_from_a_start_date_is_neither_overdue_nor_reminded(sqlite_app):
    """A record written before "…起" was read as a start date still carries a due date: ignored."""
    with sqlite_app.db.transaction() as session:
        recorder = people.ensure_person(session, "telegram", "13")
        outcome = _outcome(session, due=date(2027, 1, 10), recorder_id=recorder.id)
        outcome.actions[0].due_text = "2027年1月10日起"
        session.flush()
        assert outcomes.overdue_actions(session, date(2027, 1, 16)) == []
        assert queue_overdue_reminders(session, datetime(2027, 1, 16, 9)) == 0
        outcome.actions[0].due_text = "2027年1月10日前"
        assert [a.id for a in outcomes.overdue_actions(session, date(2027, 1, 16))] == [outcome.actions[0].id]
