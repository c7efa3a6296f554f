"""Outcomes of approved minutes: 采纳, 落实 (action items), 反馈 and 公开 (三（七）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.deadlines import find_date, is_start_date, parse_due
from assistant.domain.permissions import Act
from assistant.domain.rules import RuleViolation
from assistant.domain.vocab import SETTLED_ACTION_STATUSES, ActionStatus, Adoption, MinutesStatus, TopicStatus
from assistant.services import scopes
from assistant.storage.models import ActionItem, DissentExplanation, Minutes, Outcome, Person


def _tracked_minutes_ids(session: Session, person: Person) -> list[int]:
    """The minutes whose outcome the person may record and follow up (asked of the permission policy)."""
    return [m.id for m in scopes.minutes(session, person, Act.TRACK_OUTCOME, select(Minutes))]


def minutes_awaiting_outcome(session: Session, person: Person, limit: int = 8) -> list[Minutes]:
    """Approved minutes of the person's organisation that have no outcome record yet, newest first."""
    tracked = select(Outcome.minutes_id).where(Outcome.minutes_id.is_not(None))
    query = (
        select(Minutes)
        .where(Minutes.status == MinutesStatus.APPROVED, Minutes.id.not_in(tracked))
        .order_by(Minutes.approved_at.desc(), Minutes.id.desc())
    )
    return scopes.first(scopes.minutes(session, person, Act.TRACK_OUTCOME, query), limit)


def session_day(minutes: Minutes) -> date | None:
    """The day of the consultation the minutes are linked to (its record, not the transcript's text)."""
    consultation = minutes.consultation
    if consultation is None:
        return None
    moment = consultation.held_at or consultation.scheduled_at
    return moment.date() if moment is not None else None


def minutes_day(minutes: Minutes) -> date | None:
    """The meeting day of minutes: the linked session's day, else the day the record states.

    A transcript of last year linked to this week's session must not date the meeting (and every
    relative deadline, and "已逾期 N 天") from last year.
    """
    return session_day(minutes) or find_date((minutes.final or minutes.draft or {}).get("date", ""))


def base_date(minutes: Minutes, today: date) -> date:
    """The day relative deadlines (两周内, 月底前) count from: the meeting, else today."""
    return minutes_day(minutes) or today


def plan_actions(items: list[dict[str, str]], base: date) -> list[dict[str, Any]]:
    """Adds the parsed due date (ISO, or None) to each {owner, task, due}."""
    planned = []
    for item in items:
        due_date = parse_due(item.get("due", ""), base)
        planned.append({**item, "due_date": due_date.isoformat() if due_date else None})
    return planned


def record_outcome(
    session: Session,
    *,
    minutes_id: int,
    recommendations: list[str],
    adoption: Adoption,
    adoption_reason: str | None,
    actions: list[dict[str, Any]],
    feedback: str,
    public_notice: str,
    explanations: list[dict[str, str]],
) -> Outcome:
    """Creates the outcome of approved minutes with its open action items and explanations."""
    # Locked: the same minutes recorded twice at once would get two outcomes.
    minutes = session.get(Minutes, minutes_id, with_for_update=True)
    if minutes is None or minutes.status is not MinutesStatus.APPROVED:
        raise RuleViolation("所选会议纪要不存在或尚未定稿，请重新选择。")
    if session.scalar(select(Outcome.id).where(Outcome.minutes_id == minutes_id)) is not None:
        raise RuleViolation("该会议纪要的成果落实情况已经登记，可发送 /actions 更新落实进度。")
    outcome = Outcome(
        minutes_id=minutes.id,
        consultation_id=minutes.consultation_id,
        recommendations=list(recommendations),
        adoption=adoption,
        adoption_reason=adoption_reason or None,
        feedback=feedback,
        public_notice=public_notice,
    )
    outcome.actions = [
        ActionItem(
            owner=item["owner"],
            task=item["task"],
            due_text=item.get("due") or None,
            due_date=date.fromisoformat(item["due_date"]) if item.get("due_date") else None,
            status=ActionStatus.OPEN,
        )
        for item in actions
    ]
    outcome.explanations = [
        DissentExplanation(participant=item["participant"], position=item["position"], explanation=item["explanation"])
        for item in explanations
    ]
    session.add(outcome)
    session.flush()
    return outcome


# --- 落实: progress of action items ------------------------------------------------------------


def _visible_outcomes(session: Session, person: Person):
    return select(Outcome).where(Outcome.minutes_id.in_(_tracked_minutes_ids(session, person)))


def open_outcomes(session: Session, person: Person, limit: int = 8) -> list[Outcome]:
    """Outcomes still being followed up (not 办结), oldest first: their list keeps its order."""
    found = []
    for outcome in session.scalars(_visible_outcomes(session, person).order_by(Outcome.id)):
        if not concluded(outcome):
            found.append(outcome)
    return found[:limit]


def tracked_actions(session: Session, person: Person, limit: int = 30) -> list[ActionItem]:
    """Every action of the outcomes still followed up, in the order they were recorded.

    Settled ones stay in the list (marked), so an item keeps its number while its outcome is open.
    """
    actions = [action for outcome in open_outcomes(session, person) for action in sorted(outcome.actions, key=lambda a: a.id)]
    return actions[:limit]


def unfinished_actions(session: Session, person: Person, limit: int = 20) -> list[ActionItem]:
    """Actions not yet settled in the person's organisation, the most urgent first."""
    outcomes = _visible_outcomes(session, person).with_only_columns(Outcome.id)
    query = select(ActionItem).where(
        ActionItem.status.not_in(SETTLED_ACTION_STATUSES), ActionItem.outcome_id.in_(outcomes)
    )
    found = list(session.scalars(query))
    found.sort(key=lambda a: (a.due_date is None, a.due_date or date.max, a.id))
    return found[:limit]


def all_done(outcome: Outcome) -> bool:
    """Every action is settled: 已落实, or 已撤销 with a reason."""
    return all(action.status.settled for action in outcome.actions)


def _action(session: Session, action_id: int) -> ActionItem:
    action = session.get(ActionItem, action_id)
    if action is None:
        raise RuleViolation("所选落实事项不存在，请重新选择。")
    return action


def meeting_day(outcome: Outcome) -> date | None:
    """The day of the consultation the outcome came from, when known (nothing after it is earlier)."""
    return minutes_day(outcome.minutes) if outcome.minutes is not None else None


def check_day(outcome: Outcome, day: date, today: date, what: str) -> None:
    """Refuses a date in the future or before the meeting, with the reason."""
    if day > today:
        raise RuleViolation(f"{what}日期 {day:%Y-%m-%d} 晚于今天，请填写已经完成的日期。")
    held = meeting_day(outcome)
    if held is not None and day < held:
        raise RuleViolation(f"{what}日期 {day:%Y-%m-%d} 早于协商会议（{held:%Y-%m-%d}），请核对。")


def _moment(day: date, now: datetime) -> datetime:
    return now if day == now.date() else datetime.combine(day, time(0, 0))


def update_action(session: Session, action_id: int, status: ActionStatus, progress: str | None) -> ActionItem:
    """Records progress on an action (待落实 / 落实中); 已落实 goes through complete_action."""
    action = _action(session, action_id)
    if status is ActionStatus.DONE:
        raise RuleViolation("登记“已落实”须写明完成日期和落实依据。")
    action.status = status
    if progress:
        action.progress = progress
    session.flush()
    return action


def complete_action(session: Session, action_id: int, *, done_on: date, evidence: str, today: date) -> ActionItem:
    """已落实 with the day it was done and one line of evidence."""
    action = _action(session, action_id)
    check_day(action.outcome, done_on, today, "落实完成")
    if len(evidence.strip()) < 4:
        raise RuleViolation("请用一句话写明落实依据（如验收记录、文件编号、现场照片说明）。")
    action.status, action.done_on, action.evidence = ActionStatus.DONE, done_on, evidence.strip()
    session.flush()
    return action


def revise_action(
    session: Session,
    action_id: int,
    *,
    reason: str,
    owner: str | None = None,
    task: str | None = None,
    due: str | None = None,
    withdraw: bool = False,
    today: date,
) -> ActionItem:
    """Corrects, reassigns or withdraws an action with a reason (the audit log keeps the old values)."""
    action = _action(session, action_id)
    if not reason.strip():
        raise RuleViolation("请说明更正、改派或撤销的原因。")
    if owner:
        action.owner = owner
    if task:
        action.task = task
    if due:
        action.due_text = due
        parsed = parse_due(due, meeting_day(action.outcome) or today)
        action.due_date = parsed
    if withdraw:
        action.status, action.done_on = ActionStatus.WITHDRAWN, today
    action.revision_note = reason.strip()
    session.flush()
    return action


def record_action_feedback(session: Session, action_id: int, *, on: date, channel: str, now: datetime) -> ActionItem:
    """反馈 of one action's progress to the participants, before the whole outcome is settled."""
    action = _action(session, action_id)
    check_day(action.outcome, on, now.date(), "反馈")
    action.feedback_at, action.feedback_channel = _moment(on, now), channel
    session.flush()
    return action


def last_settled(outcome: Outcome) -> date | None:
    """The day the last action was settled (done on its day; withdrawn when recorded), once all are."""
    if not outcome.actions or not all_done(outcome):
        return None
    days = [a.done_on for a in outcome.actions if a.done_on is not None]
    return max(days) if days else None


def record_feedback(session: Session, outcome: Outcome, *, on: date, channel: str, now: datetime) -> bool:
    """Records that the results were fed back to the participants (三（七）); True when now 办结."""
    check_day(outcome, on, now.date(), "反馈")
    outcome.feedback_sent_at, outcome.feedback_channel = _moment(on, now), channel
    done = conclude_topic(outcome)
    session.flush()
    return done


def record_publication(session: Session, outcome: Outcome, *, on: date, channel: str, now: datetime) -> bool:
    """Records that the results were made public (三（七）); True when the outcome is now 办结."""
    check_day(outcome, on, now.date(), "公开")
    outcome.published_at, outcome.published_channel = _moment(on, now), channel
    done = conclude_topic(outcome)
    session.flush()
    return done


def undelivered_explanations(outcome: Outcome) -> list[DissentExplanation]:
    """Explanation letters to dissenters not yet recorded as delivered."""
    return [e for e in sorted(outcome.explanations, key=lambda e: e.id) if e.delivered_at is None]


def record_explanation_delivery(
    session: Session, explanation_id: int, *, on: date, channel: str, now: datetime
) -> DissentExplanation:
    """Records the day and the way an explanation reached its dissenter (三（七）); may close the topic."""
    explanation = session.get(DissentExplanation, explanation_id)
    if explanation is None:
        raise RuleViolation("所选解释说明不存在，请重新选择。")
    check_day(explanation.outcome, on, now.date(), "送达")
    explanation.delivered_at, explanation.delivered_channel = _moment(on, now), channel
    conclude_topic(explanation.outcome)
    session.flush()
    return explanation


def concluded(outcome: Outcome) -> bool:
    """办结: every action settled, then fed back and made public — on or after the last settlement —
    and every dissenter's explanation delivered (三（七）: 对持不同意见的群众，要及时做好解释说明工作)."""
    if not all_done(outcome) or undelivered_explanations(outcome):
        return False
    settled = last_settled(outcome)
    for moment in (outcome.feedback_sent_at, outcome.published_at):
        if moment is None or (settled is not None and moment.date() < settled):
            return False
    return True


def conclude_topic(outcome: Outcome) -> bool:
    """Closes the topic (办结) once the outcome is: 采纳、落实、反馈、公开 (三（七）)."""
    if not concluded(outcome):
        return False
    consultation = outcome.minutes.consultation if outcome.minutes else None
    if consultation is not None and consultation.topic is not None:
        consultation.topic.status = TopicStatus.CONCLUDED
    return True


# --- overdue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueAction:
    id: int
    owner: str
    task: str
    due_text: str
    due_date: date
    status: ActionStatus
    days_overdue: int
    outcome_id: int
    minutes_title: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner": self.owner,
            "task": self.task,
            "due_text": self.due_text,
            "due_date": self.due_date.isoformat(),
            "status": self.status.value,
            "status_label": self.status.label,
            "days_overdue": self.days_overdue,
            "outcome_id": self.outcome_id,
            "minutes_title": self.minutes_title,
        }


def overdue_actions(session: Session, on: date) -> list[OverdueAction]:
    """Actions due before `on` and not done, the longest overdue first."""
    query = (
        select(ActionItem, Minutes.title)
        .join(Outcome, ActionItem.outcome_id == Outcome.id)
        .outerjoin(Minutes, Outcome.minutes_id == Minutes.id)
        .where(
            ActionItem.status.not_in(SETTLED_ACTION_STATUSES),
            ActionItem.due_date.is_not(None),
            ActionItem.due_date < on,
        )
        .order_by(ActionItem.due_date, ActionItem.id)
    )
    return [
        OverdueAction(
            id=action.id,
            owner=action.owner,
            task=action.task,
            due_text=action.due_text or "",
            due_date=action.due_date,
            status=action.status,
            days_overdue=(on - action.due_date).days,
            outcome_id=action.outcome_id,
            minutes_title=title or "",
        )
        for action, title in session.execute(query)
        # Recorded before start dates were told apart from deadlines: still not overdue.
        if not is_start_date(action.due_text)
    ]
