"""One-shot commands that answer at once and leave an open flow untouched."""

from __future__ import annotations

from assistant.domain.rules import Action, RuleViolation
from assistant.flows.base import Command, FlowContext, Reply
from assistant.flows.common import submission_notice
from assistant.services import consultations, people, topics


def _me(ctx: FlowContext, _args: str) -> list[Reply]:
    """Shows the user's own record and roles."""
    person = ctx.person
    roles = "、".join(sorted(role.label for role in person.role_set)) or "暂无（可发送 /join 邀请码 或等待管理员审核）"
    organisation = person.organisation.name if person.organisation else "未登记"
    return [
        Reply(
            f"姓名：{person.name or '未登记'}\n单位：{organisation}\n身份：{roles}\n"
            f"联系电话：{person.phone or '未登记'}\n如需修改，请发送 /profile。"
        )
    ]


def _topics(ctx: FlowContext, _args: str) -> list[Reply]:
    """Lists my and my organisation's topics, and this year's count of held sessions."""
    found = topics.topics_for(ctx.session, ctx.person)
    lines = ["我和本单位的议题："] if found else ["暂无议题。发送 /newtopic 提出议题。"]
    lines += [f"#{t.id} {t.title}｜{t.status.label}｜{t.source.label}" for t in found]
    if ctx.person.organisation:
        lines += ["", consultations.frequency_line(ctx.session, ctx.person.organisation, ctx.now.year, ctx.now)]
    lines.append("发送 /topic 编号 查看议题全部记录。")
    return [Reply("\n".join(lines))]


def _topic_number(args: str, command: str) -> int:
    number = args.strip().lstrip("#")
    if not number.isdigit():
        raise RuleViolation(f"请在 /{command} 后写议题编号，例如 /{command} 5。发送 /topics 查看编号。")
    return int(number)


def _topic(ctx: FlowContext, args: str) -> list[Reply]:
    """Shows a topic's whole record: screening, approvals, research, sessions."""
    topic = topics.get_topic(ctx.session, _topic_number(args, "topic"))
    lines = [
        f"议题 #{topic.id}：{topic.title}",
        f"状态：{topic.status.label}　来源：{topic.source.label}　类别：{topic.category.label if topic.category else '未填'}",
        f"提出人：{topic.proposer_name or '未填'}　单位：{topic.organisation.name if topic.organisation else '未填'}",
        f"情况：{topic.description}",
        "",
        topic.screening_opinion or "尚无筛选意见。",
    ]
    for approval in topic.approvals:
        who = people.person_label(approval.approver) if approval.approver else "审定人"
        lines.append(f"审定：{approval.decision.label}（{who}，{approval.decided_at:%Y-%m-%d}）{approval.opinion}")
    if topic.research_tasks or topic.sensitive or topic.long_standing:
        lines += ["", topics.checklist_text(topic)]
    for consultation in consultations.consultations_of(ctx.session, topic):
        lines += ["", consultations.consultation_text(consultation)]
    return [Reply("\n".join(lines))]


def _submit(ctx: FlowContext, args: str) -> list[Reply]:
    """Sends a collected topic for approval (报送)."""
    topic = topics.get_topic(ctx.session, _topic_number(args, "submit"))
    if topic.proposer_id != ctx.person.id:
        topics.require(ctx.person, Action.PREPARE_SESSION)
    told = topics.submit_topic(ctx.session, topic, ctx.person)
    return [Reply(f"议题 #{topic.id}“{topic.title}”已报送审定。{submission_notice(told)}")]


COMMANDS = (
    Command("topics", "查看我和本单位的议题及本年度协商次数", _topics),
    Command("topic", "查看某个议题的全部记录（/topic 编号）", _topic),
    Command("submit", "将已登记的议题报送审定（/submit 编号）", _submit),
    Command("me", "查看我的登记信息和身份", _me),
)
