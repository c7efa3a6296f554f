"""Records of a consultation's whole lifecycle, from a raw topic to published feedback.

Read top to bottom, the tables follow the policy's order: who (organisations, people, roles),
what (topics, approvals, research), the session itself (agenda, participants), what was said
(minutes), and what came of it (outcomes, actions, explanations to dissenters). The audit log
and the per-user conversation state close the file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from assistant.domain.vocab import (
    ActionStatus,
    Adoption,
    ApprovalDecision,
    ConsultationForm,
    MinutesStatus,
    OrgLevel,
    ParticipantKind,
    RequestStatus,
    Role,
    SessionStatus,
    TopicCategory,
    TopicSource,
    TopicStatus,
)
from assistant.storage.types import EnumText, local_now

# Named constraints let Alembic's batch mode on SQLite find and alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=local_now, onupdate=local_now)


# --- who --------------------------------------------------------------------------------------


class Organisation(Timestamped, Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("name", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[OrgLevel] = mapped_column(EnumText(OrgLevel))
    # The organisation directly above (区县政协 → 乡镇（街道） → 村（社区）); its staff oversee this one.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])


class Person(Timestamped, Base):
    """Anyone who talks to the assistant; one row per channel identity (telegram:123, console:local)."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[Organisation | None] = relationship()
    roles: Mapped[list[RoleGrant]] = relationship(
        back_populates="person", cascade="all, delete-orphan", foreign_keys="RoleGrant.person_id"
    )

    @property
    def role_set(self) -> set[Role]:
        return {grant.role for grant in self.roles}


class RoleGrant(Base):
    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)

    person: Mapped[Person] = relationship(back_populates="roles", foreign_keys=[person_id])


class RoleRequest(Base):
    """A role, or a move to another organisation, a person asked for in their profile, waiting for an administrator.

    Exactly one of `role` and `organisation_id` is set.
    """

    __tablename__ = "role_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[Role | None] = mapped_column(EnumText(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[RequestStatus] = mapped_column(EnumText(RequestStatus), default=RequestStatus.PENDING)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    organisation: Mapped[Organisation | None] = relationship()


class InviteCode(Base):
    """A one-time (or few-times) code an administrator hands out to let a person join with a role."""

    __tablename__ = "invite_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(EnumText(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)

    organisation: Mapped[Organisation | None] = relationship()


class InviteRedemption(Base):
    """One person's use of an invite code: a person redeems a given code once."""

    __tablename__ = "invite_redemption"
    __table_args__ = (UniqueConstraint("invite_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invite_id: Mapped[int] = mapped_column(ForeignKey("invite_code.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    redeemed_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)


class FailedJoin(Base):
    """A wrong invite code someone typed; recent ones throttle further guesses (the code itself is not kept)."""

    __tablename__ = "failed_join"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=local_now)


# --- what -------------------------------------------------------------------------------------


class Topic(Timestamped, Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[TopicSource] = mapped_column(EnumText(TopicSource))
    category: Mapped[TopicCategory | None] = mapped_column(EnumText(TopicCategory))
    status: Mapped[TopicStatus] = mapped_column(EnumText(TopicStatus), default=TopicStatus.COLLECTED)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    proposer_name: Mapped[str | None] = mapped_column(String(100))
    # Who sent it for approval (报送): they may not approve it themselves (三（四）).
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Screening against 切口小、关联广、与群众切身利益密切相关 (三（四）): answers and opinion.
    screening: Mapped[dict[str, Any]] = mapped_column(default=dict)
    screening_opinion: Mapped[str | None] = mapped_column(Text)
    # Sensitive or long-standing issues must be reported, with a contingency plan (三（五）).
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    long_standing: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_report: Mapped[str | None] = mapped_column(Text)
    risk_reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    contingency_plan: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation | None] = relationship()
    proposer: Mapped[Person | None] = relationship(foreign_keys=[proposer_id])
    approvals: Mapped[list[Approval]] = relationship(back_populates="topic", cascade="all, delete-orphan")
    research_tasks: Mapped[list[ResearchTask]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", order_by="ResearchTask.position"
    )


class Approval(Base):
    """审定 by the party organisation at the same level (三（四）, 四（一）)."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decision: Mapped[ApprovalDecision] = mapped_column(EnumText(ApprovalDecision))
    opinion: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)

    topic: Mapped[Topic] = relationship(back_populates="approvals")
    approver: Mapped[Person | None] = relationship()


class ResearchTask(Base):
    """One item of the research checklist: 不调研不协商 (三（五）)."""

    __tablename__ = "research_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(100))
    due: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    findings: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    topic: Mapped[Topic] = relationship(back_populates="research_tasks")


# --- the session ------------------------------------------------------------------------------


class Consultation(Timestamped, Base):
    """One consultation activity (会议协商 / 网络协商); named so it never clashes with a DB session."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[ConsultationForm] = mapped_column(EnumText(ConsultationForm), default=ConsultationForm.MEETING)
    venue: Mapped[str | None] = mapped_column(String(200))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[SessionStatus] = mapped_column(EnumText(SessionStatus), default=SessionStatus.PLANNED)
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    host: Mapped[str | None] = mapped_column(String(100))
    notice: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    topic: Mapped[Topic | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )


class Participant(Base):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[ParticipantKind] = mapped_column(EnumText(ParticipantKind))
    affiliation: Mapped[str | None] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="participants")


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(Integer, default=10)
    speaker: Mapped[str | None] = mapped_column(String(100))

    consultation: Mapped[Consultation] = relationship(back_populates="agenda_items")


# --- what was said ----------------------------------------------------------------------------


class Minutes(Timestamped, Base):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    title: Mapped[str] = mapped_column(String(200))
    source_filename: Mapped[str | None] = mapped_column(String(200))
    source_text: Mapped[str] = mapped_column(Text, default="")
    draft: Mapped[dict[str, Any]] = mapped_column(default=dict)
    final: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    drafted_by: Mapped[str] = mapped_column(String(50), default="offline")
    status: Mapped[MinutesStatus] = mapped_column(EnumText(MinutesStatus), default=MinutesStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    consultation: Mapped[Consultation | None] = relationship()


# --- what came of it: 采纳、落实、反馈 (三（七）) ----------------------------------------------


class Outcome(Timestamped, Base):
    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    recommendations: Mapped[list[Any]] = mapped_column(default=list)
    adoption: Mapped[Adoption] = mapped_column(EnumText(Adoption), default=Adoption.PENDING)
    adoption_reason: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str | None] = mapped_column(Text)
    # The day it was fed back / made public and how (书面反馈、公示栏…): 三（七）. Recorded again as
    # the actions progress; the topic is 办结 only when both follow the last action settled.
    feedback_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    feedback_channel: Mapped[str | None] = mapped_column(String(100))
    public_notice: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_channel: Mapped[str | None] = mapped_column(String(100))

    minutes: Mapped[Minutes | None] = relationship()
    actions: Mapped[list[ActionItem]] = relationship(back_populates="outcome", cascade="all, delete-orphan")
    explanations: Mapped[list[DissentExplanation]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan"
    )


class ActionItem(Timestamped, Base):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"))
    owner: Mapped[str] = mapped_column(String(100))
    task: Mapped[str] = mapped_column(Text)
    due_text: Mapped[str | None] = mapped_column(String(50))
    due_date: Mapped[date | None] = mapped_column(Date)
    progress: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(EnumText(ActionStatus), default=ActionStatus.OPEN)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    last_reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The day it was settled (已落实, or 已撤销) and, when done, one line of evidence (验收记录、文件编号…).
    done_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(Text)
    # Why it was last corrected, reassigned or withdrawn; the audit log keeps every version.
    revision_note: Mapped[str | None] = mapped_column(Text)
    # 反馈 of this one item to the participants, as it progresses (三（七）).
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime)
    feedback_channel: Mapped[str | None] = mapped_column(String(100))

    outcome: Mapped[Outcome] = relationship(back_populates="actions")


class DissentExplanation(Base):
    """对持不同意见的群众，及时做好解释说明工作 (三（七）)."""

    __tablename__ = "dissent_explanation"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(100))
    position: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    # The day and the way (当面送达、邮寄…) it reached the dissenter: the topic is 办结 only after.
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_channel: Mapped[str | None] = mapped_column(String(100))

    outcome: Mapped[Outcome] = relationship(back_populates="explanations")


# --- bookkeeping ------------------------------------------------------------------------------


class AuditEntry(Base):
    """Who changed what, when, with the values before and after (written by storage.audit)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=local_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Notification(Base):
    """A message for a person that no turn of theirs produced (an approval request, a decision).

    An outbox: the engine shows undelivered ones at the person's next turn on any channel;
    a channel that can push (Telegram) delivers them at once.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # A command the recipient can run in reply (e.g. "/approve 5"); channels may render it as a button.
    action: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=local_now)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)

    person: Mapped[Person] = relationship()


class ProcessedUpdate(Base):
    """A channel update already applied (Telegram update_id): webhooks may deliver one twice."""

    __tablename__ = "processed_update"
    __table_args__ = (UniqueConstraint("channel", "update_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    update_key: Mapped[str] = mapped_column(String(64))
    processed_at: Mapped[datetime] = mapped_column(DateTime, default=local_now, index=True)


class Conversation(Base):
    """Where one user is in a dialogue; saved in the same transaction as the records a step writes.

    `version` makes two processes that race on the same user fail loudly instead of losing a step.
    """

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    flow: Mapped[str | None] = mapped_column(String(50))
    step: Mapped[str | None] = mapped_column(String(50))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    history: Mapped[list[Any]] = mapped_column(default=list)
    # Flows put aside by a command for another flow, newest last: [{flow, step, answers, history}].
    # Finishing or cancelling the other flow brings the newest one back (nothing typed is lost).
    suspended: Mapped[list[Any]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=local_now, onupdate=local_now)

    __mapper_args__ = {"version_id_col": version}


AUDITED_MODELS: tuple[type[Base], ...] = (
    Organisation,
    Person,
    RoleGrant,
    RoleRequest,
    InviteCode,
    InviteRedemption,
    Topic,
    Approval,
    ResearchTask,
    Consultation,
    Participant,
    AgendaItem,
    Minutes,
    Outcome,
    ActionItem,
    DissentExplanation,
)

# The knowledge base's tables (used on PostgreSQL); imported so Base.metadata holds the whole schema.
from assistant.storage import knowledge_tables  # noqa: E402, F401
