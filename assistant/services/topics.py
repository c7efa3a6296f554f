"""Topics through the policy's workflow: 收集 → 报送 → 审定 → 实施 (三（四）), and their research (三（五）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import consultation as rules
from assistant.domain import permissions
from assistant.domain.permissions import Act, Subject
from assistant.domain.rules import Action, RuleViolation, may
from assistant.domain.vocab import ApprovalDecision, Role, TopicCategory, TopicSource, TopicStatus
from assistant.services import notifications, scopes
from assistant.services.people import person_label
from assistant.storage.models import Approval, Person, ResearchTask, RoleGrant, Topic
from assistant.storage.types import local_now


@dataclass(frozen=True)
class NewTopic:
    title: str
    description: str
    source: TopicSource
    category: TopicCategory
    proposer_name: str
    organisation_id: int | None
    screening: rules.ScreeningAnswers
    # The opinion as worded for the user (by a model, when configured); the rules' text otherwise.
    opinion: str | None = None


def require(person: Person, action: Action) -> None:
    verdict = may(person.role_set, action)
    if not verdict:
        raise RuleViolation(verdict)


def get_topic(session: Session, person: Person, topic_id: int, act: Act = Act.SEE) -> Topic:
    """The topic, if the person may do `act` to it (raises RuleViolation with the reason otherwise)."""
    return scopes.topic_for(session, person, topic_id, act)


def create_topic(session: Session, proposer: Person, new: NewTopic) -> Topic:
    """Records a collected topic with its screening (收集)."""
    require(proposer, Action.PROPOSE_TOPIC)
    verdict = permissions.decide(scopes.viewer_of(session, proposer), Act.PROPOSE, Subject(organisation_id=new.organisation_id))
    if not verdict:
        raise RuleViolation(verdict)
    screening = rules.screen_topic(new.screening)
    topic = Topic(
        title=new.title,
        description=new.description,
        source=new.source,
        category=new.category,
        organisation_id=new.organisation_id,
        proposer_id=proposer.id,
        proposer_name=new.proposer_name,
        screening={
            "scope": new.screening.scope.value,
            "households": new.screening.households,
            "affects_daily_life": new.screening.affects_daily_life,
            "public_matter": new.screening.public_matter,
            "suitability": screening.suitability.value,
        },
        screening_opinion=new.opinion or screening.text(),
        sensitive=new.screening.sensitive,
        long_standing=new.screening.long_standing,
    )
    session.add(topic)
    session.flush()
    return topic


def approvers_for(session: Session, topic: Topic) -> list[Person]:
    """Whoever may approve the topic: approvers of its own organisation, failing that the administrators.

    Approvers of other organisations are not told: they may not decide on it (三（四）, 四（一）).
    """

    def holders(role: Role) -> list[Person]:
        query = select(Person).join(RoleGrant, RoleGrant.person_id == Person.id).where(RoleGrant.role == role)
        return [p for p in session.scalars(query) if scopes.may(session, p, Act.APPROVE, topic)]

    return holders(Role.APPROVER) or holders(Role.ADMIN)


def submit_topic(session: Session, topic: Topic, by: Person) -> list[Person]:
    """Sends the topic for approval (报送) and tells the approvers; returns who was told."""
    verdict = scopes.may(session, by, Act.SUBMIT, topic)
    if not verdict:
        raise RuleViolation(verdict)
    verdict = rules.submission_verdict(topic.status)
    if not verdict:
        raise RuleViolation(verdict)
    topic.status = TopicStatus.SUBMITTED
    topic.submitted_by_id = by.id
    session.flush()
    approvers = approvers_for(session, topic)
    notifications.notify(
        session,
        approvers,
        f"新议题待审定：#{topic.id}“{topic.title}”（{topic.source.label}，提出人：{topic.proposer_name}）。",
        action=f"/approve {topic.id}",
    )
    return approvers


def pending_topics(session: Session, person: Person) -> list[Topic]:
    """Submitted topics this person may approve."""
    return scopes.topics(session, person, Act.APPROVE, (TopicStatus.SUBMITTED,), limit=8)


def approval_check(session: Session, topic: Topic, approver: Person) -> rules.Verdict:
    """Whether this approver may decide on this topic now (the topic step and the decision share it)."""
    verdict = scopes.may(session, approver, Act.APPROVE, topic)
    if not verdict:
        return verdict
    already = any(approval.approver_id == approver.id for approval in topic.approvals)
    return rules.approval_verdict(topic.status, already)


def decide(session: Session, topic: Topic, approver: Person, approve: bool, opinion: str) -> Approval:
    """Records the party organisation's decision (审定, 四（一）) and tells the proposer."""
    require(approver, Action.APPROVE_TOPIC)
    # Locked and re-read: two approvers deciding at the same moment must not both be recorded.
    session.refresh(topic, with_for_update=True)
    verdict = approval_check(session, topic, approver)
    if not verdict:
        raise RuleViolation(verdict)
    if not approve and not opinion.strip():
        raise RuleViolation("不同意时请写明理由，以便向提出人反馈")
    decision = ApprovalDecision.APPROVED if approve else ApprovalDecision.REJECTED
    approval = Approval(topic=topic, approver_id=approver.id, decision=decision, opinion=opinion.strip())
    session.add(approval)
    topic.status = TopicStatus.APPROVED if approve else TopicStatus.REJECTED
    session.flush()
    if topic.proposer_id and topic.proposer_id != approver.id:
        next_step = "请发送 /research 开展调研。" if approve else ""
        notifications.notify(
            session,
            [topic.proposer_id],
            f"您提出的议题 #{topic.id}“{topic.title}”已审定：{decision.label}。"
            f"审定人：{person_label(approver)}。意见：{opinion.strip() or '无'}。{next_step}",
        )
    return approval


def topics_for(session: Session, person: Person, limit: int = 20) -> list[Topic]:
    """The topics the person may see (own, their organisation's, and those overseen), newest first."""
    return scopes.topics(session, person, Act.SEE, limit=limit)


def topics_in(session: Session, person: Person, statuses: tuple[TopicStatus, ...], act: Act, limit: int = 8) -> list[Topic]:
    """Topics in these statuses the person may do `act` to, newest first."""
    return scopes.topics(session, person, act, statuses, limit=limit)


# --- research (三（五）) ---------------------------------------------------------------------


def research_state(topic: Topic) -> rules.ResearchState:
    return rules.ResearchState(
        items_total=len(topic.research_tasks),
        items_done=sum(1 for task in topic.research_tasks if task.done),
        needs_risk_report=topic.sensitive or topic.long_standing,
        risk_reported=bool(topic.risk_report),
        contingency_recorded=bool(topic.contingency_plan),
    )


def start_checklist(session: Session, topic: Topic, owner: str, due: date | None, extra_items: list[str]) -> None:
    """Creates the default checklist (plus topic-specific items) unless the topic has one."""
    if topic.research_tasks:
        return
    for position, item in enumerate([*rules.DEFAULT_RESEARCH_ITEMS, *extra_items], 1):
        topic.research_tasks.append(ResearchTask(position=position, item=item, owner=owner, due=due))
    session.flush()


def add_item(session: Session, topic: Topic, item: str, owner: str | None, due: date | None) -> ResearchTask:
    task = ResearchTask(position=len(topic.research_tasks) + 1, item=item, owner=owner, due=due)
    topic.research_tasks.append(task)
    session.flush()
    return task


def complete_item(
    session: Session, topic: Topic, task_id: int, findings: str, *, who: str | None = None, on: date | None = None
) -> ResearchTask:
    """Ticks an item with what was found; who did the research and the day it was done, when given."""
    task = next((t for t in topic.research_tasks if t.id == task_id), None)
    if task is None:
        raise RuleViolation("该调研事项不存在")
    if task.done:
        raise RuleViolation(f"“{task.item}”已完成，无需重复登记")
    now = local_now()
    if on is not None and on > now.date():
        raise RuleViolation("调研日期不能晚于今天")
    task.done = True
    task.findings = findings + (f"（调研人：{who}）" if who else "")
    # The day the research was done, as told; otherwise the moment it was recorded.
    task.done_at = datetime.combine(on, time(0, 0)) if on is not None and on != now.date() else now
    session.flush()
    return task


def record_risk_report(session: Session, topic: Topic, report: str) -> None:
    topic.risk_report, topic.risk_reported_at = report, local_now()
    session.flush()


def record_contingency_plan(session: Session, topic: Topic, plan: str) -> None:
    topic.contingency_plan = plan
    session.flush()


def research_progress_line(topic: Topic) -> str:
    """One line saying where the research stands, for when the full checklist was just shown."""
    verdict = rules.research_verdict(research_state(topic))
    return "调研已完成，可以安排协商活动。" if verdict else f"（调研清单未变）尚未完成：{verdict.reason}。"


def checklist_text(topic: Topic) -> str:
    lines = [f"议题 #{topic.id}“{topic.title}”调研清单："]
    # Numbered by place in the list, the same numbers the pick menu and typed entries use.
    for number, task in enumerate(topic.research_tasks, 1):
        mark = "☑" if task.done else "☐"
        owner = f"（{task.owner}" + (f"，{task.due.month}月{task.due.day}日前）" if task.due else "）") if task.owner else ""
        lines.append(f"{mark} {number}. {task.item}{owner}")
        if task.findings:
            day = f"（{task.done_at.month}月{task.done_at.day}日）" if task.done_at else ""
            lines.append(f"    调研发现{day}：{task.findings}")
    if topic.sensitive or topic.long_standing:
        lines.append(f"{'☑' if topic.risk_report else '☐'} {rules.RISK_REPORT_ITEM}（三、（五））")
        lines.append(f"{'☑' if topic.contingency_plan else '☐'} {rules.CONTINGENCY_ITEM}（三、（五））")
    verdict = rules.research_verdict(research_state(topic))
    lines.append("调研已完成，可以安排协商活动。" if verdict else f"尚未完成：{verdict.reason}。")
    return "\n".join(lines)
