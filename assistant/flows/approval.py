"""议题审定 (/approve): the party organisation at the same level decides on a submitted topic (四（一）).

    topic (or /approve N) → decision (shows the topic and its screening) → opinion → recorded
"""

from __future__ import annotations

from assistant.domain.permissions import Act
from assistant.domain.rules import Action
from assistant.domain.vocab import TopicStatus
from assistant.flows.base import Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import (
    begin_with_topic,
    chosen_topic,
    no_topic_given,
    refuse_unless,
    topic_allowed,
    topic_choices,
)
from assistant.services import topics

APPROVE, REJECT = "approve", "reject"
_refuse_role = refuse_unless(Action.APPROVE_TOPIC)


def _refuse(ctx: FlowContext) -> str | None:
    if reason := _refuse_role(ctx):
        return reason
    if topics.pending_topics(ctx.session, ctx.person):
        return None
    # Submitted topics the person can see but may not decide on: say why, so nobody waits in vain.
    visible = topics.topics_in(ctx.session, ctx.person, (TopicStatus.SUBMITTED,), Act.SEE)
    if not visible:
        return "目前没有待审定的议题。"
    reasons = [f"#{t.id}“{t.title}”：{topics.approval_check(ctx.session, t, ctx.person).message}" for t in visible]
    return "目前没有您可以审定的议题。\n" + "\n".join(reasons)


def _check_pending(value: str, ctx: FlowContext) -> str:
    verdict = topics.approval_check(ctx.session, topic_allowed(value, ctx, Act.SEE), ctx.person)
    if not verdict:
        raise Invalid(verdict.message)
    return value


def _decision_question(ctx: FlowContext) -> str:
    topic = chosen_topic(ctx)
    return (
        f"议题 #{topic.id}“{topic.title}”\n来源：{topic.source.label}　类别：{topic.category.label if topic.category else '未填'}"
        f"　提出人：{topic.proposer_name}\n情况：{topic.description}\n\n{topic.screening_opinion or ''}\n\n请作出审定意见："
    )


def _opinion_question(ctx: FlowContext) -> str:
    if ctx.answers["decision"] == APPROVE:
        return "请填写审定意见（如对调研、协商的要求），可发送 /skip 跳过："
    return "请写明不同意的理由，将反馈给提出人（发送 /skip 将被要求补写）："


def _record(ctx: FlowContext) -> list[Reply]:
    """Records the decision and tells the proposer."""
    topic = chosen_topic(ctx)
    approve = ctx.answers["decision"] == APPROVE
    topics.decide(ctx.session, topic, ctx.person, approve, ctx.answers.get("opinion") or "")
    follow = "提出人已收到通知，可开展调研。" if approve else "已将理由反馈给提出人。"
    return [Reply(f"已审定议题 #{topic.id}“{topic.title}”：{'同意' if approve else '不同意'}。{follow}")]


FLOW = Flow(
    name="approve",
    command="approve",
    title="议题审定",
    summary="审定已报送的协商议题（同级党组织）",
    refuse=_refuse,
    begin=begin_with_topic(_check_pending),
    steps=(
        Step(
            "topic",
            "请选择要审定的议题：",
            kind=InputKind.CHOICE,
            choices=topic_choices((TopicStatus.SUBMITTED,), Act.APPROVE),
            validate=_check_pending,
            when=no_topic_given(),
        ),
        Step(
            "decision",
            _decision_question,
            kind=InputKind.CHOICE,
            choices=[Choice("同意", APPROVE), Choice("不同意", REJECT)],
        ),
        Step("opinion", _opinion_question, optional=True, max_chars=1000, example="同意，请做好调研。"),
    ),
    finish=_record,
)
