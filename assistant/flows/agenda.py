"""会议议程 (/agenda): plan the consultation session behind the policy's gates.

    topic (refused with the clause unless approved and researched) → form → venue → time → host
      → members → departments → residents → experts → use_default_order ─┬─ yes ─┐
                                                                         └─ no → custom_order
      → confirm (warns about missing participant kinds, shows the discipline reminder)
      → scheduled: notice text + agenda .docx
"""

from __future__ import annotations

import re
from datetime import datetime

from assistant.domain import consultation as rules
from assistant.domain.permissions import Act
from assistant.domain.rules import Action, RuleViolation
from assistant.domain.vocab import ConsultationForm, ParticipantKind, TopicStatus
from assistant.drafting.agenda_documents import render_agenda_docx
from assistant.drafting.official_docx import DOCX_MIME
from assistant.drafting.outcome_documents import render_letter_docx
from assistant.flows.base import Attachment, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import (
    NONE_WORDS,
    begin_with_topic,
    chosen_topic,
    lines_of,
    no_topic_given,
    refuse_unless,
    topic_allowed,
    topic_choices,
)
from assistant.flows.inputs import is_number, parse_number
from assistant.services import consultations, topics
from assistant.services.consultations import PlannedParticipant, SessionPlan

# Topics are listed even before approval, so that choosing one explains which rule still applies.
CANDIDATES = (TopicStatus.COLLECTED, TopicStatus.SUBMITTED, TopicStatus.APPROVED, TopicStatus.IN_PROGRESS)
# 、 and ， separate people unless they stand inside the parentheses of an affiliation.
_LIST_SEPARATOR = re.compile(r"[、，,](?![^（(]*[）)])")
_PERSON = re.compile(r"^(?P<name>[^（(]+?)\s*(?:[（(](?P<affiliation>[^）)]*)[）)])?$")

_refuse_role = refuse_unless(Action.PREPARE_SESSION)


def _refuse(ctx: FlowContext) -> str | None:
    if reason := _refuse_role(ctx):
        return reason
    if not topics.topics_in(ctx.session, ctx.person, CANDIDATES, Act.PREPARE):
        return "目前没有可安排协商的议题。请先发送 /newtopic 提出议题，经审定、调研后再安排议程。"
    return None


def _check_gates(value: str, ctx: FlowContext) -> str:
    topic = topic_allowed(value, ctx, Act.PREPARE)
    try:
        consultations.scheduling_check(topic)
    except RuleViolation as exc:
        raise Invalid(exc.message + _way_forward(topic), _actions_for(topic)) from None
    return value


def _way_forward(topic) -> str:
    """What is still open, so the refusal says what to do next instead of only "no"."""
    if topic.status is TopicStatus.COLLECTED:
        return f"\n可发送 /submit {topic.id} 将该议题报送同级党组织审定。"
    if topic.status is TopicStatus.SUBMITTED:
        return "\n该议题已报送，正等待审定人审定；审定后会通知您。"
    if topic.status not in (TopicStatus.APPROVED, TopicStatus.IN_PROGRESS):
        return ""
    open_items = [task for task in sorted(topic.research_tasks, key=lambda t: t.position) if not task.done]
    lines = [f"\n尚未完成的调研事项（议题 #{topic.id}）："] if open_items else []
    lines += [f"☐ {task.position}. {task.item}" for task in open_items[:10]]
    if len(open_items) > 10:
        lines.append(f"……另有 {len(open_items) - 10} 项")
    lines.append(f"可发送 /research {topic.id} 继续调研；完成后再发送 /agenda {topic.id} 安排议程。")
    return "\n".join(lines)


def _actions_for(topic) -> list[Choice]:
    if topic.status is TopicStatus.COLLECTED:
        return [Choice(f"报送审定（议题 #{topic.id}）", f"/submit {topic.id}")]
    if topic.status in (TopicStatus.APPROVED, TopicStatus.IN_PROGRESS):
        return [Choice(f"前往调研清单（议题 #{topic.id}）", f"/research {topic.id}")]
    return []


def _venue_choices(ctx: FlowContext) -> list[Choice]:
    organisation = chosen_topic(ctx).organisation
    return [Choice(v, v) for v in rules.venue_suggestions(organisation.name if organisation else None)]


def _check_future(value: str, ctx: FlowContext) -> str:
    if datetime.fromisoformat(value) <= ctx.now:
        raise Invalid("该时间已经过去，请填写今后的时间，例如“12月20日下午2点”。")
    return value


def _people(value: str, ctx: FlowContext) -> list[dict[str, str | None]]:
    """Parses one person per line as 姓名 or 姓名（单位/身份）; 无 means nobody."""
    if value.strip() in NONE_WORDS:
        return []
    parsed = []
    names = [part for line in lines_of(value) for part in _LIST_SEPARATOR.split(line) if part.strip()]
    for line in names:
        match = _PERSON.match(line)
        if not match or not 2 <= len(match["name"].strip()) <= 30:
            raise Invalid(f"无法识别“{line[:30]}”。请每行写一人，格式为“姓名（单位/身份）”，没有请回复“无”。")
        affiliation = (match["affiliation"] or "").strip()
        if len(affiliation) > 100:
            raise Invalid(f"“{match['name'].strip()}”的单位或身份过长（最多 100 字），请精简。")
        parsed.append({"name": match["name"].strip(), "affiliation": affiliation or None})
    return parsed


def _people_step(key: str, kind: ParticipantKind, question: str, example: str, effect=None) -> Step:
    return Step(key, question, validate=_people, max_chars=2000, example=example, hint=f"（{kind.label}）", effect=effect)


def _propose_order(ctx: FlowContext) -> None:
    """Proposes a running order once (Step.effect): fitted to the topic by a configured model, else the default."""
    topic = chosen_topic(ctx)
    drafted = ctx.services.drafter.running_order(topic.title, topic.description)
    ctx.answers["_order"] = [list(item) for item in drafted.value]
    ctx.answers["_order_note"] = drafted.note


def _order_question(ctx: FlowContext) -> str:
    order = ctx.answers["_order"]
    total = sum(minutes for _, minutes in order)
    items = "\n".join(f"{i}. {title}（{m} 分钟）" for i, (title, m) in enumerate(order, 1))
    note = f"{ctx.answers['_order_note']}\n" if ctx.answers.get("_order_note") else ""
    return f"{note}建议议程（共约 {total} 分钟）：\n{items}\n采用这一议程吗？（回复“否”可自行填写）"


def _custom_order(value: str, ctx: FlowContext) -> list[list]:
    order = []
    for line in lines_of(value):
        title, _, minutes = line.replace("|", "｜").rpartition("｜")
        minutes = minutes.strip().rstrip("分钟")
        if not title.strip() or not is_number(minutes):
            raise Invalid(f"无法识别“{line[:30]}”。请每行写一项，格式为“事项｜分钟”，例如“群众代表发言｜20”。")
        length = parse_number(minutes, low=1, high=480)
        if len(title.strip()) > 100 or length is None:
            raise Invalid(f"“{line[:30]}”：事项最多 100 字，时长应为 1–480 分钟。")
        order.append([title.strip(), length])
    if not order:
        raise Invalid("请至少填写一项议程。")
    return order


def _participants(ctx: FlowContext) -> list[PlannedParticipant]:
    kinds = {
        "members": ParticipantKind.MEMBER,
        "departments": ParticipantKind.DEPARTMENT,
        "residents": ParticipantKind.RESIDENT,
        "experts": ParticipantKind.EXPERT,
    }
    return [
        PlannedParticipant(p["name"], kind, p["affiliation"])
        for key, kind in kinds.items()
        for p in ctx.answers.get(key) or []
    ]


def _plan(ctx: FlowContext) -> SessionPlan:
    a = ctx.answers
    order = [tuple(item) for item in (a["_order"] if a["use_default_order"] else a["custom_order"])]
    return SessionPlan(
        form=ConsultationForm(a["form"]),
        venue=a["venue"],
        scheduled_at=datetime.fromisoformat(a["when"]),
        host=a["host"],
        participants=_participants(ctx),
        running_order=order,
    )


def _confirm_question(ctx: FlowContext) -> str:
    plan, topic = _plan(ctx), chosen_topic(ctx)
    lines = [
        f"议题：#{topic.id}“{topic.title}”",
        f"形式：{plan.form.label}",
        f"时间：{consultations.format_when(plan.scheduled_at)}",
        f"地点：{plan.venue}",
        f"主持人：{plan.host}",
        "参加人员：" + ("、".join(f"{p.name}（{p.kind.label}）" for p in plan.participants) or "未填写"),
        "议程：" + "；".join(f"{title}（{m}分钟）" for title, m in plan.running_order),
    ]
    warnings = rules.participant_warnings(p.kind for p in plan.participants)
    if warnings:
        lines += ["", "⚠️ 请注意："] + [f"· {w}" for w in warnings]
    lines += ["", rules.DISCIPLINE_REMINDER, "", "确认按此安排并生成会议通知吗？"]
    return "\n".join(lines)


def _schedule(ctx: FlowContext) -> list[Reply]:
    """Schedules the session and returns the notice and the agenda document."""
    topic = chosen_topic(ctx)
    consultation = consultations.schedule(ctx.session, topic, ctx.person, _plan(ctx), ctx.now)
    documents = [
        Attachment(f"会议通知-{consultation.id}.docx", render_letter_docx(consultation.notice or ""), DOCX_MIME),
        Attachment(f"协商会议议程-{consultation.id}.docx", render_agenda_docx(consultation, topic), DOCX_MIME),
    ]
    return [
        Reply(f"协商活动已安排（编号 {consultation.id}），议题状态：{topic.status.label}。会议通知如下，可直接转发："),
        Reply(consultation.notice or "", attachments=documents),
    ]


FLOW = Flow(
    name="agenda",
    command="agenda",
    title="会议议程",
    summary="确定协商形式、时间地点、参加人员和议程，生成会议通知",
    refuse=_refuse,
    begin=begin_with_topic(_check_gates),
    steps=(
        Step(
            "topic",
            "请选择要安排协商的议题（须已审定并完成调研）：",
            kind=InputKind.CHOICE,
            choices=topic_choices(CANDIDATES, Act.PREPARE),
            validate=_check_gates,
            when=no_topic_given(),
        ),
        Step(
            "form",
            "采用哪种协商形式？",
            kind=InputKind.CHOICE,
            choices=[Choice(f"{f.label}（{f.hint}）", f.value) for f in ConsultationForm],
        ),
        Step(
            "venue",
            "协商地点？建议优先利用党群服务中心等现有场所（一室多用），或就近选择议题所在地、问题现场（三、（三））。"
            "请输入地点或回复编号：",
            choices=_venue_choices,
            max_chars=100,
            example="1",
        ),
        Step(
            "when",
            "协商时间？（如“12月20日下午2点”）",
            kind=InputKind.DATETIME,
            validate=_check_future,
            example="明天下午3点",
        ),
        Step(
            "host",
            "主持人是？（本人主持请回复 1）",
            choices=lambda ctx: [Choice(f"本人（{ctx.person.name}）", ctx.person.name)],
            max_chars=60,
            example="1",
        ),
        _people_step("members", ParticipantKind.MEMBER, "参加的政协委员（每行一人，可写“姓名（单位）”；没有请回复“无”）：", "赵敏（区政协委员）"),
        _people_step("departments", ParticipantKind.DEPARTMENT, "参加的党政部门人员：", "李强（区住建局）"),
        _people_step("residents", ParticipantKind.RESIDENT, "参加的群众代表和利益相关方：", "刘德明（3栋居民代表）\n陈秀英（3栋住户）"),
        _people_step("experts", ParticipantKind.EXPERT, "参加的专家（没有请回复“无”）：", "无", effect=_propose_order),
        Step("use_default_order", _order_question, kind=InputKind.YES_NO, example="是"),
        Step(
            "custom_order",
            "请每行填写一项议程，格式为“事项｜分钟”，例如“群众代表发言｜20”：",
            validate=_custom_order,
            max_chars=2000,
            when=lambda ctx: not ctx.answers.get("use_default_order"),
            example="介绍议题｜5\n自由讨论｜30",
        ),
        Step("confirm", _confirm_question, kind=InputKind.YES_NO, example="是", next=lambda ctx: None if ctx.answers["confirm"] else "form"),
    ),
    finish=_schedule,
)
