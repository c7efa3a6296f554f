"""Outcomes of approved minutes: 采纳, 落实 (action items), 反馈 and 公开 (三（七）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain.deadlines import find_date, parse_due
from assistant.domain.permissions import Act
from assistant.domain.rules import RuleViolation
from assistant.domain.vocab import ActionStatus, Adoption, MinutesStatus, TopicStatus
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


def base_date(minutes: Minutes, today: date) -> date:
    """The day relative deadlines (两周内, 月底前) count from: the meeting, else today."""
    written = find_date((minutes.final or minutes.draft or {}).get("date", ""))
    if written:
        return written
    if minutes.consultation is not None and minutes.consultation.held_at is not None:
        return minutes.consultation.held_at.date()
    return today


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


def unfinished_actions(session: Session, person: Person, limit: int = 20) -> list[ActionItem]:
    """Actions not yet done in the person's organisation, the most urgent first."""
    outcomes = _visible_outcomes(session, person).with_only_columns(Outcome.id)
    query = select(ActionItem).where(ActionItem.status != ActionStatus.DONE, ActionItem.outcome_id.in_(outcomes))
    found = list(session.scalars(query))
    found.sort(key=lambda a: (a.due_date is None, a.due_date or date.max, a.id))
    return found[:limit]


def outcomes_to_close(session: Session, person: Person, limit: int = 8) -> list[Outcome]:
    """Outcomes whose actions are all done but whose feedback or publication is not yet recorded."""
    query = _visible_outcomes(session, person).where(
        or_(Outcome.feedback_sent_at.is_(None), Outcome.published_at.is_(None))
    )
    return [o for o in session.scalars(query.order_by(Outcome.id.desc())) if all_done(o)][:limit]


def all_done(outcome: Outcome) -> bool:
    return all(action.status is ActionStatus.DONE for action in outcome.actions)


def update_action(session: Session, action_id: int, status: ActionStatus, progress: str | None) -> ActionItem:
    """Records an action's status and progress note."""
    action = session.get(ActionItem, action_id)
    if action is None:
        raise RuleViolation("所选落实事项不存在，请重新选择。")
    action.status = status
    if progress:
        action.progress = progress
    session.flush()
    return action


def close_outcome(session: Session, outcome: Outcome, *, feedback_sent: bool, published: bool, now: datetime) -> None:
    """Records that the results were fed back to the participants and / or made public (三（七）)."""
    if feedback_sent and outcome.feedback_sent_at is None:
        outcome.feedback_sent_at = now
    if published and outcome.published_at is None:
        outcome.published_at = now
    conclude_topic(outcome)
    session.flush()


def conclude_topic(outcome: Outcome) -> bool:
    """Closes the topic (办结) once every action is done, fed back and made public: 采纳、落实、反馈 (三（七）)."""
    consultation = outcome.minutes.consultation if outcome.minutes else None
    topic = consultation.topic if consultation else None
    if topic is None or not all_done(outcome) or not (outcome.feedback_sent_at and outcome.published_at):
        return False
    topic.status = TopicStatus.CONCLUDED
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
        .where(ActionItem.status != ActionStatus.DONE, ActionItem.due_date.is_not(None), ActionItem.due_date < on)
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
    ]
