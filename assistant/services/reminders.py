"""Daily reminders of overdue actions (落实), at most one a day for each action."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain.deadlines import is_start_date
from assistant.domain.vocab import SETTLED_ACTION_STATUSES
from assistant.services import notifications
from assistant.storage.models import ActionItem, Minutes, Outcome


def queue_overdue_reminders(session: Session, now: datetime) -> int:
    """Notifies each overdue action's owner (or whoever recorded the minutes); returns how many."""
    today = now.date()
    start_of_day = datetime.combine(today, datetime.min.time())
    queued = 0
    due = select(ActionItem).where(
        ActionItem.due_date < today,
        ActionItem.status.not_in(SETTLED_ACTION_STATUSES),
        or_(ActionItem.last_reminded_at.is_(None), ActionItem.last_reminded_at < start_of_day),
    ).with_for_update(skip_locked=True)  # every webhook process runs the daily job: remind once
    for action in session.scalars(due):
        recipient = action.owner_person_id or _recorder(session, action.outcome)
        if recipient is None or is_start_date(action.due_text):  # "…起" is a start, not a deadline
            continue
        days = (today - action.due_date).days
        notifications.notify(
            session,
            [recipient],
            f"落实提醒：“{action.task}”（责任单位：{action.owner}，时限：{action.due_text or action.due_date}）"
            f"已逾期 {days} 天，当前状态：{action.status.label}。请及时推进并登记进度。",
        )
        action.last_reminded_at = now
        queued += 1
    return queued


def _recorder(session: Session, outcome: Outcome) -> int | None:
    if outcome.minutes_id is None:
        return None
    return session.scalar(select(Minutes.created_by_id).where(Minutes.id == outcome.minutes_id))
