"""Pieces several flows share: who may start them, and picking a topic."""

from __future__ import annotations

from collections.abc import Callable

from assistant import texts
from assistant.domain.permissions import Act
from assistant.domain.rules import Action, RuleViolation, may
from assistant.domain.vocab import Role, TopicStatus
from assistant.flows.base import Choice, FlowContext, Invalid
from assistant.flows.inputs import is_number, parse_number
from assistant.services import people, topics
from assistant.storage.models import Person, Topic

# Answers that mean "nobody / nothing" where a list is asked for.
NONE_WORDS = frozenset({"无", "没有", "暂无", "无。", "否", "不邀请"})


def refuse_unless(action: Action) -> Callable[[FlowContext], str | None]:
    """A Flow.refuse that asks for a profile first, then for the role the action needs."""

    def refuse(ctx: FlowContext) -> str | None:
        if not ctx.person.name:
            return texts.NEEDS_PROFILE
        verdict = may(ctx.person.role_set, action)
        return None if verdict else verdict.message

    return refuse


def topic_choices(statuses: tuple[TopicStatus, ...], act: Act) -> Callable[[FlowContext], list[Choice]]:
    """The topics in these statuses that the person may do `act` to (the permission policy decides)."""

    def choices(ctx: FlowContext) -> list[Choice]:
        return [
            Choice(f"#{t.id} {t.title}（{t.status.label}）", str(t.id))
            for t in topics.topics_in(ctx.session, ctx.person, statuses, act)
        ]

    return choices


def topic_number(text: str, command: str) -> int:
    """The topic id in `/command 5` (or "#5"); a number no INTEGER column holds names no topic."""
    number = text.strip().lstrip("#")
    topic_id = parse_number(number, low=1)
    if topic_id is not None:
        return topic_id
    if is_number(number):
        shown = number if len(number) <= 20 else number[:20] + "…"
        raise RuleViolation(f"没有编号为 {shown} 的议题。发送 /topics 查看议题列表。")
    raise RuleViolation(f"请在 /{command} 后写议题编号，例如 /{command} 5。发送 /topics 查看编号。")


def topic_id_from_args(ctx: FlowContext, args: str, key: str = "topic") -> None:
    """Lets `/research 5` skip the topic question: a Flow.begin."""
    number = args.strip().lstrip("#")
    if not number:
        return
    try:
        topic_id = topic_number(number, key)
        topics.get_topic(ctx.session, ctx.person, topic_id)
    except RuleViolation as exc:
        raise Invalid(exc.message) from None
    ctx.answers[key] = str(topic_id)
    ctx.answers[f"_{key}_preset"] = True


def begin_with_topic(check: Callable[[str, FlowContext], str]) -> Callable[[FlowContext, str], None]:
    """A Flow.begin for `/command 5`: takes the topic from the arguments and checks it like the topic step would."""

    def begin(ctx: FlowContext, args: str) -> None:
        topic_id_from_args(ctx, args)
        if "topic" in ctx.answers:
            check(ctx.answers["topic"], ctx)

    return begin


def chosen_topic(ctx: FlowContext, key: str = "topic") -> Topic:
    return topics.get_topic(ctx.session, ctx.person, int(ctx.answers[key]))


def topic_allowed(value: str, ctx: FlowContext, act: Act) -> Topic:
    """The topic named by an answer, if the person may do `act` to it; raises Invalid with the reason."""
    try:
        return topics.get_topic(ctx.session, ctx.person, int(value), act)
    except RuleViolation as exc:
        raise Invalid(exc.message) from None


def no_topic_given(key: str = "topic") -> Callable[[FlowContext], bool]:
    """A Step.when: ask for the topic unless the command named it (`/research 5`)."""
    return lambda ctx: f"_{key}_preset" not in ctx.answers


def lines_of(text: str) -> list[str]:
    """Splits a multi-line answer into its non-empty lines (also on ；, which phone users type)."""
    return [line.strip(" 　-·•") for line in text.replace("；", "\n").replace(";", "\n").splitlines() if line.strip(" 　-·•")]


def submission_notice(told: list[Person]) -> str:
    """Says truthfully whom a submitted topic was sent to: approvers, administrators, or nobody."""
    approvers = [p for p in told if Role.APPROVER in p.role_set]
    others = [p for p in told if Role.APPROVER not in p.role_set]
    if approvers:
        return f"已通知审定人：{'、'.join(people.person_label(p) for p in approvers)}。"
    if others:
        names = "、".join(people.person_label(p) for p in others)
        return f"本单位尚无审定人，未能通知审定人；已提醒系统管理员 {names} 指定审定人（同级党组织）。"
    return "目前没有审定人，也没有可提醒的系统管理员，未通知任何人。请联系系统管理员指定审定人（同级党组织）后，由审定人发送 /approve 审定。"
