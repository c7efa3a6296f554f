"""One-shot commands that answer at once and leave an open flow untouched."""

from __future__ import annotations

from assistant.domain.permissions import Act
from assistant.flows import topic_record
from assistant.flows.base import Command, FlowContext, Reply
from assistant.flows.common import submission_notice, topic_number
from assistant.services import consultations, people, scopes, topics


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
    """Lists the topics I may see (mine, my organisation's, those overseen), and this year's count of held sessions."""
    found = topics.topics_for(ctx.session, ctx.person)
    lines = ["我可以查看的议题："] if found else ["暂无议题。发送 /newtopic 提出议题。"]
    lines += [f"#{t.id} {t.title}｜{t.status.label}｜{t.source.label}" for t in found]
    if ctx.person.organisation:
        lines += ["", consultations.frequency_line(ctx.session, ctx.person.organisation, ctx.now.year, ctx.now)]
    lines.append("发送 /topic 编号 查看议题全部记录。")
    return [Reply("\n".join(lines))]


def _topic(ctx: FlowContext, args: str) -> list[Reply]:
    """Shows a topic's whole record, all five stages; `/topic N 文件` sends its documents again."""
    number, _, rest = args.strip().partition(" ")
    topic = topics.get_topic(ctx.session, ctx.person, topic_number(number, "topic"))
    papers = scopes.may(ctx.session, ctx.person, Act.SEE_WORKING_PAPERS, topic)
    if topic_record.wants_documents(rest):
        return _topic_documents(ctx, topic, papers)
    lines = [
        f"议题 #{topic.id}：{topic.title}",
        f"状态：{topic.status.label}　来源：{topic.source.label}　类别：{topic.category.label if topic.category else '未填'}",
        f"提出人：{topic.proposer_name or '未填'}　单位：{topic.organisation.name if topic.organisation else '未填'}",
        f"情况：{topic.description}",
    ]
    published = [
        f"\n成果公示（{o.published_at:%Y-%m-%d} 公开）：\n{o.public_notice or '（未留存公示稿）'}"
        for o in scopes.published_outcomes(ctx.session, ctx.person, topic)
    ]
    if not papers:
        # Members see the approved topic and its published outcomes, not its working papers.
        lines += ["\n" + consultations.consultation_text(c) for c in consultations.consultations_of(ctx.session, topic)]
        return [Reply("\n".join(lines + published))]
    lines += ["", topic.screening_opinion or "尚无筛选意见。"]
    for approval in topic.approvals:
        who = people.person_label(approval.approver) if approval.approver else "审定人"
        lines.append(f"审定：{approval.decision.label}（{who}，{approval.decided_at:%Y-%m-%d}）{approval.opinion}")
    lines += topic_record.record_lines(ctx.session, topic)
    if consultations.consultations_of(ctx.session, topic):
        lines += ["", f"发送 /topic {topic.id} 文件 可重新获取本议题的全部文书。"]
    return [Reply("\n".join(lines + published))]


def _topic_documents(ctx: FlowContext, topic, papers: bool) -> list[Reply]:
    """Every document of the topic, rendered again; without working papers, only what was published."""
    if not papers:
        return [Reply("会议纪要、解释说明等工作文书仅供本单位工作人员查阅；已公开的成果公示可发送 /topic 编号 查看。")]
    found = topic_record.documents(ctx.session, topic)
    if not found:
        return [Reply(f"议题 #{topic.id} 尚未生成文书（会议通知、议程、纪要、公示、反馈和解释说明在相应环节生成）。")]
    return [Reply(f"议题 #{topic.id}“{topic.title}”的文书共 {len(found)} 份，已按现有记录重新生成：", attachments=found)]


def _submit(ctx: FlowContext, args: str) -> list[Reply]:
    """Sends a collected topic for approval (报送)."""
    topic = topics.get_topic(ctx.session, ctx.person, topic_number(args, "submit"), Act.SUBMIT)
    told = topics.submit_topic(ctx.session, topic, ctx.person)
    return [Reply(f"议题 #{topic.id}“{topic.title}”已报送审定。{submission_notice(told)}")]


COMMANDS = (
    Command("topics", "查看我和本单位的议题及本年度协商次数", _topics),
    Command("topic", "查看某个议题的全部记录（/topic 编号）", _topic),
    Command("submit", "将已登记的议题报送审定（/submit 编号）", _submit),
    Command("me", "查看我的登记信息和身份", _me),
)
