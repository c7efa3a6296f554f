"""Minutes: the consultations they may be linked to, and storing approved minutes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.deadlines import find_date
from assistant.domain.permissions import Act
from assistant.domain.rules import RuleViolation
from assistant.domain.vocab import MinutesStatus, SessionStatus
from assistant.drafting.documents import render_minutes_markdown
from assistant.drafting.schemas import MinutesDraft
from assistant.services import scopes
from assistant.services.consultations import confirm_held
from assistant.storage.models import Consultation, Minutes, Person

# A cancelled consultation produced no minutes; everything else may still get its record.
LINKABLE_STATUSES = (SessionStatus.PLANNED, SessionStatus.SCHEDULED, SessionStatus.HELD)


def linkable_consultations(session: Session, person: Person, limit: int = 8) -> list[Consultation]:
    """The consultations of the person's organisation that minutes can belong to, most recent first."""
    query = select(Consultation).where(Consultation.status.in_(LINKABLE_STATUSES))
    found = list(scopes.consultations(session, person, Act.RECORD_MINUTES, query))
    found.sort(key=lambda c: (c.held_at or c.scheduled_at or c.created_at or datetime.min, c.id), reverse=True)
    return found[:limit]


def consultation_moment(session: Session, consultation_id: int) -> datetime | None:
    """When a consultation was held (or is scheduled): the time linked minutes are dated by."""
    consultation = session.get(Consultation, consultation_id)
    return consultation and (consultation.held_at or consultation.scheduled_at) or None


def consultation_day(session: Session, consultation_id: int) -> date | None:
    """The day a consultation was held (or is scheduled), to date a record that gives no year."""
    when = consultation_moment(session, consultation_id)
    return when.date() if when else None


def known_people(session: Session, consultation_id: int) -> list[tuple[str, str]]:
    """(name, role) of the people on a consultation's participant list, to resolve speaker labels."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        return []
    return [(p.name, p.affiliation or p.kind.label) for p in consultation.participants if p.name]


def approve_minutes(
    session: Session,
    person: Person,
    *,
    original: MinutesDraft,
    final: MinutesDraft,
    source_text: str,
    source_filename: str | None,
    consultation_id: int | None,
    now: datetime,
    drafted_by: str = "offline",
) -> Minutes:
    """Stores reviewed minutes as approved and marks the linked consultation as held."""
    consultation = None
    if consultation_id is not None:
        consultation = session.get(Consultation, consultation_id)
        if consultation is None or consultation not in linkable_consultations(session, person, limit=1_000):
            raise RuleViolation("所选协商活动不存在、已取消或不属于您的单位，请重新选择。")
    minutes = Minutes(
        consultation_id=consultation.id if consultation else None,
        title=final.title,
        source_filename=(source_filename or "")[:200] or None,  # the column's size; names can be longer
        source_text=source_text,
        draft=original.model_dump(mode="json"),
        final=final.model_dump(mode="json"),
        drafted_by=drafted_by,
        status=MinutesStatus.APPROVED,
        created_by_id=person.id,
        approved_by_id=person.id,
        approved_at=now,
    )
    session.add(minutes)
    if consultation is not None:
        confirm_held(consultation, now)  # not when the session is still to come
    session.flush()
    return minutes


def final_draft(minutes: Minutes) -> MinutesDraft:
    """The approved text of the minutes (the reviewed version, else the original draft)."""
    return MinutesDraft.model_validate(minutes.final or minutes.draft)


def index_entry(minutes: Minutes, organisation: str | None) -> dict[str, str | None]:
    """What the knowledge base stores about approved minutes, as plain values (safe after commit)."""
    draft = final_draft(minutes)
    meeting_day = find_date(draft.date)
    return {
        "key": f"minutes-{minutes.id}",
        "title": draft.title,
        "text": render_minutes_markdown(draft, final=True),
        "organisation": organisation,
        "date": meeting_day.isoformat() if meeting_day else (draft.date or None),
    }
