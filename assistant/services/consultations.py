"""Consultation sessions: scheduling behind the policy's gates, and the yearly count (三（八）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from assistant.domain import consultation as rules
from assistant.domain.dates import chinese_date
from assistant.domain.permissions import Act
from assistant.domain.rules import Action, RuleViolation
from assistant.domain.vocab import (
    ConsultationForm,
    MinutesStatus,
    ParticipantKind,
    SessionStatus,
    TopicStatus,
)
from assistant.services import scopes
from assistant.services.topics import require, research_state
from assistant.storage.models import (
    AgendaItem,
    Consultation,
    Minutes,
    Organisation,
    Participant,
    Person,
    Topic,
)


@dataclass(frozen=True)
class PlannedParticipant:
    name: str
    kind: ParticipantKind
    affiliation: str | None = None


@dataclass(frozen=True)
class SessionPlan:
    form: ConsultationForm
    venue: str
    scheduled_at: datetime
    host: str
    participants: list[PlannedParticipant]
    running_order: list[tuple[str, int]]


def scheduling_check(topic: Topic) -> None:
    """Raises with the clause when the topic may not be scheduled yet (三（四）, 三（五）, 四（一）)."""
    verdict = rules.scheduling_verdict(topic.status, research_state(topic))
    if not verdict:
        raise RuleViolation(verdict)


def schedule(session: Session, topic: Topic, by: Person, plan: SessionPlan, now: datetime) -> Consultation:
    """Creates the session with its participants and running order; the topic moves to 实施."""
    require(by, Action.PREPARE_SESSION)
    verdict = scopes.may(session, by, Act.PREPARE, topic)
    if not verdict:
        raise RuleViolation(verdict)
    scheduling_check(topic)
    if plan.scheduled_at <= now:
        raise RuleViolation("协商活动时间已过，请重新选择时间")
    consultation = Consultation(
        topic=topic,
        organisation_id=topic.organisation_id,
        title=f"关于“{topic.title}”的协商活动",
        form=plan.form,
        venue=plan.venue,
        scheduled_at=plan.scheduled_at,
        status=SessionStatus.SCHEDULED,
        host=plan.host,
        created_by_id=by.id,
    )
    consultation.participants = [Participant(name=p.name, kind=p.kind, affiliation=p.affiliation) for p in plan.participants]
    consultation.agenda_items = [
        AgendaItem(position=i, title=title, minutes=minutes) for i, (title, minutes) in enumerate(plan.running_order, 1)
    ]
    consultation.notice = notice_text(consultation, topic, issued=now.date())
    session.add(consultation)
    topic.status = TopicStatus.IN_PROGRESS
    session.flush()
    return consultation


def confirm_held(consultation: Consultation, now: datetime) -> bool:
    """Marks the session 已召开 once minutes confirm it — but only when its time has come.

    Minutes linked to a session scheduled for next week do not make it held today; it becomes
    held when that time passes (settle_held), and only then counts toward 三（八）.
    """
    if consultation.status is SessionStatus.HELD:
        return True
    if consultation.status is SessionStatus.CANCELLED or (
        consultation.scheduled_at is not None and consultation.scheduled_at > now
    ):
        return False
    consultation.status = SessionStatus.HELD
    consultation.held_at = consultation.held_at or consultation.scheduled_at or now
    return True


def settle_held(session: Session, organisation_id: int, now: datetime) -> None:
    """Marks held the sessions whose minutes were approved early and whose time has now passed."""
    confirmed = select(Minutes.consultation_id).where(Minutes.status == MinutesStatus.APPROVED)
    waiting = select(Consultation).where(
        Consultation.organisation_id == organisation_id,
        Consultation.status.in_((SessionStatus.PLANNED, SessionStatus.SCHEDULED)),
        Consultation.scheduled_at <= now,
        Consultation.id.in_(confirmed),
    )
    for consultation in session.scalars(waiting):
        confirm_held(consultation, now)
    session.flush()


def held_this_year(session: Session, organisation_id: int, year: int, now: datetime | None = None) -> int:
    """Sessions held in the year: confirmed by minutes and not in the future (三（八）)."""
    if now is not None:
        settle_held(session, organisation_id, now)
    return session.scalar(
        select(func.count())
        .select_from(Consultation)
        .where(
            Consultation.organisation_id == organisation_id,
            Consultation.status == SessionStatus.HELD,
            extract("year", func.coalesce(Consultation.held_at, Consultation.scheduled_at)) == year,
        )
    )


def frequency_line(session: Session, organisation: Organisation, year: int, now: datetime | None = None) -> str:
    count = held_this_year(session, organisation.id, year, now)
    return f"{organisation.name}：" + rules.frequency_text(organisation.level, count, year)


def format_when(moment: datetime) -> str:
    weekday = "一二三四五六日"[moment.weekday()]
    return f"{moment.year}年{moment.month}月{moment.day}日（星期{weekday}）{moment:%H:%M}"


def notice_text(consultation: Consultation, topic: Topic, issued: date | None = None) -> str:
    """A ready-to-send notice in the register of an office circular, signed by the organisation."""
    kinds = {}
    for participant in consultation.participants:
        kinds.setdefault(participant.kind, []).append(participant.name)
    attendees = "；".join(f"{kind.label}：{'、'.join(names)}" for kind, names in kinds.items()) or "另行通知"
    return (
        f"关于召开“{topic.title}”协商会议的通知\n\n"
        f"经研究，定于{format_when(consultation.scheduled_at)}在{consultation.venue}"
        f"以{consultation.form.label}形式，就“{topic.title}”开展协商。\n"
        f"主持人：{consultation.host}\n参加人员：{attendees}\n\n"
        "请各位参加人员提前了解议题情况、准备发言意见，准时参加。"
        "协商中请围绕议题发言，尊重不同意见，遵守协商程序和纪律。"
        + (f"\n\n{topic.organisation.name if topic.organisation else '政协办公室'}\n{chinese_date(issued)}" if issued else "")
    )


def consultation_text(consultation: Consultation) -> str:
    lines = [
        f"协商活动 #{consultation.id}：{consultation.title}",
        f"形式：{consultation.form.label}　状态：{consultation.status.label}",
        f"时间：{format_when(consultation.scheduled_at) if consultation.scheduled_at else '未定'}",
        f"地点：{consultation.venue or '未定'}　主持人：{consultation.host or '未定'}",
        "参加人员：" + ("、".join(f"{p.name}（{p.kind.label}）" for p in consultation.participants) or "未登记"),
        "议程：",
    ]
    lines += [f"  {item.position}. {item.title}（{item.minutes} 分钟）" for item in consultation.agenda_items]
    return "\n".join(lines)


def consultations_of(session: Session, topic: Topic) -> list[Consultation]:
    return list(session.scalars(select(Consultation).where(Consultation.topic_id == topic.id).order_by(Consultation.id)))
