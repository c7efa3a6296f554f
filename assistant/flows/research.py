"""调研 (/research): the research checklist of a topic — 不调研不协商 (三（五）).

    topic → [owner → due: the default checklist is created]
      → action ─┬─ "2. 发现；调研人；日期" (one line or a pasted list) ─┐  saved at once
                ├─ tick   → item → findings ─┤
                ├─ add    → new_item ────────┤
                ├─ report → risk_report ─────┤  (sensitive or long-standing topics only)
                ├─ plan   → contingency ─────┤
                │                            └─> action
                └─ done → summary

Every tick, new item, report and plan is saved the moment it is answered (Step.effect).
An item keeps its number for the life of the checklist: the pick menu lists every item in
checklist order (done ones marked), so typing "2" always means item 2. The checklist is shown
again only when it changed, not after an answer that was refused.
"""

from __future__ import annotations

from datetime import date

from assistant.domain.findings import Finding, UnreadableFinding, parse_finding, parse_numbered_findings
from assistant.domain.permissions import Act
from assistant.domain.rules import Action
from assistant.domain.vocab import TopicStatus
from assistant.flows.base import END, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import (
    begin_with_topic,
    chosen_topic,
    no_topic_given,
    refuse_unless,
    topic_allowed,
    topic_choices,
)
from assistant.services import topics

RESEARCHABLE = (TopicStatus.COLLECTED, TopicStatus.SUBMITTED, TopicStatus.APPROVED, TopicStatus.IN_PROGRESS)
TICK, ADD, REPORT, PLAN, DONE = "tick", "add", "report", "plan", "done"
DONE_LABEL = "结束本次登记"

_refuse_role = refuse_unless(Action.PREPARE_SESSION)


def _refuse(ctx: FlowContext) -> str | None:
    if reason := _refuse_role(ctx):
        return reason
    if not topics.topics_in(ctx.session, ctx.person, RESEARCHABLE, Act.PREPARE):
        return "目前没有需要调研的议题。请先发送 /newtopic 提出议题。"
    return None


def _check_topic(value: str, ctx: FlowContext) -> str:
    topic = topic_allowed(value, ctx, Act.PREPARE)
    if topic.status not in RESEARCHABLE:
        raise Invalid(f"议题 #{topic.id} 当前状态为“{topic.status.label}”，无需调研。")
    return value


def _has_checklist(ctx: FlowContext) -> bool:
    return bool(chosen_topic(ctx).research_tasks)


def _check_due(value: str, ctx: FlowContext) -> str:
    if date.fromisoformat(value) < ctx.now.date():
        raise Invalid("完成时限不能早于今天，请重新输入。")
    return value


def _create_checklist(ctx: FlowContext) -> None:
    """Creates the default checklist, plus topic-specific items when a model is configured."""
    topic = chosen_topic(ctx)
    drafted = ctx.services.drafter.research_items(topic.title, topic.description)
    ctx.answers["_items_note"] = drafted.note
    topics.start_checklist(ctx.session, topic, ctx.answers["owner"], date.fromisoformat(ctx.answers["due"]), drafted.value)


def _needs_report(ctx: FlowContext) -> bool:
    topic = chosen_topic(ctx)
    return topic.sensitive or topic.long_standing


def _action_choices(ctx: FlowContext) -> list[Choice]:
    topic = chosen_topic(ctx)
    choices = []
    if any(not task.done for task in topic.research_tasks):
        choices.append(Choice("登记完成一项调研，并填写调研发现", TICK))
    choices.append(Choice("增加一项调研事项", ADD))
    if _needs_report(ctx):
        choices.append(Choice("登记向同级党委政府报告的情况", REPORT))
        choices.append(Choice("登记与相关部门研究制定的预案", PLAN))
    choices.append(Choice(DONE_LABEL, DONE))
    return choices


DIRECT_ENTRY_HINT = (
    "也可直接输入“编号. 调研发现；调研人；调研日期”登记，例如“2. 走访3栋、5栋共48户，九成住户支持；张伟、李娜；11月20日”；"
    "粘贴多行可一次登记多项。"
)


def _action_question(ctx: FlowContext) -> str:
    topic = chosen_topic(ctx)
    if ctx.reasking:  # the answer was refused: the checklist has not changed, do not print it again
        return f"{topics.research_progress_line(topic)}\n请选择："
    note = ctx.answers.get("_items_note")  # shown with the new checklist until the next entry
    lines = [note] if note else []
    lines += [topics.checklist_text(topic), ""]
    if any(not task.done for task in topic.research_tasks):
        lines.append(DIRECT_ENTRY_HINT)
    lines.append("请选择：")
    return "\n".join(lines)


def _numbered_tasks(ctx: FlowContext):
    """The checklist in its displayed order: item n is at index n - 1."""
    return list(enumerate(chosen_topic(ctx).research_tasks, 1))


def _check_action(value: str, ctx: FlowContext) -> str | dict:
    if value in (TICK, ADD, REPORT, PLAN, DONE):
        return value
    try:
        findings = parse_numbered_findings(value, ctx.now.date())
    except UnreadableFinding as exc:
        raise Invalid(f"{exc.reason}或回复上面的选项编号。") from None
    tasks = dict(_numbered_tasks(ctx))
    for finding in findings:
        task = tasks.get(finding.number)
        if task is None:
            raise Invalid(f"调研清单中没有第 {finding.number} 项（共 {len(tasks)} 项），请核对编号。")
        if task.done:
            raise Invalid(f"第 {finding.number} 项“{task.item}”已登记完成，无需重复登记。")
    return {"findings": [finding.as_json() for finding in findings]}


def _after_action(ctx: FlowContext) -> str:
    action = ctx.answers["action"]
    if isinstance(action, dict):
        return "action"
    return {TICK: "item", ADD: "new_item", REPORT: "risk_report", PLAN: "contingency", DONE: END}[action]


def _record(ctx: FlowContext, task_id: int, finding: Finding) -> None:
    topics.complete_item(ctx.session, chosen_topic(ctx), task_id, finding.text, who=finding.who, on=finding.on)


def _record_listed(ctx: FlowContext) -> None:
    """Saves findings typed straight at the menu (one line or a pasted list), all or none."""
    action = ctx.answers["action"]
    if not isinstance(action, dict):
        return
    ctx.answers.pop("_items_note", None)
    tasks = dict(_numbered_tasks(ctx))
    for data in action["findings"]:
        finding = Finding.from_json(data)
        _record(ctx, tasks[finding.number].id, finding)


def _all_items(ctx: FlowContext) -> list[Choice]:
    """Every item, in checklist order, so the numbers are the checklist's numbers."""
    return [
        Choice(f"{task.item}（已完成）" if task.done else task.item, str(task.id)) for _, task in _numbered_tasks(ctx)
    ]


def _check_item(value: str, ctx: FlowContext) -> str:
    for number, task in _numbered_tasks(ctx):
        if str(task.id) == value and task.done:
            raise Invalid(f"第 {number} 项“{task.item}”已登记完成，请选择尚未完成的事项。")
    return value


def _check_findings(value: str, ctx: FlowContext) -> dict:
    try:
        return parse_finding(value, ctx.now.date()).as_json()
    except UnreadableFinding as exc:
        raise Invalid(exc.reason) from None


def _tick(ctx: FlowContext) -> None:
    ctx.answers.pop("_items_note", None)
    _record(ctx, int(ctx.answers["item"]), Finding.from_json(ctx.answers["findings"]))


def _add(ctx: FlowContext) -> None:
    ctx.answers.pop("_items_note", None)
    topic = chosen_topic(ctx)
    due = date.fromisoformat(ctx.answers["due"]) if ctx.answers.get("due") else None
    topics.add_item(ctx.session, topic, ctx.answers["new_item"], ctx.answers.get("owner"), due)


def _report(ctx: FlowContext) -> None:
    topics.record_risk_report(ctx.session, chosen_topic(ctx), ctx.answers["risk_report"])


def _plan(ctx: FlowContext) -> None:
    topics.record_contingency_plan(ctx.session, chosen_topic(ctx), ctx.answers["contingency"])


def _summary(ctx: FlowContext) -> list[Reply]:
    """Shows where the research stands; everything was saved step by step."""
    return [Reply(f"调研进展已保存。\n{topics.checklist_text(chosen_topic(ctx))}")]


FLOW = Flow(
    name="research",
    command="research",
    title="调研清单",
    summary="建立并逐项完成议题的调研清单（不调研不协商）",
    refuse=_refuse,
    begin=begin_with_topic(_check_topic),
    counted=False,  # a menu the user comes back to: no fixed number of steps
    steps=(
        Step(
            "topic",
            "请选择要开展调研的议题：",
            kind=InputKind.CHOICE,
            choices=topic_choices(RESEARCHABLE, Act.PREPARE),
            validate=_check_topic,
            when=no_topic_given(),
        ),
        Step(
            "owner",
            "请填写调研牵头人或牵头单位（将生成默认调研清单）：",
            when=lambda ctx: not _has_checklist(ctx),
            max_chars=60,
            example="街道政协工作委员会",
        ),
        Step(
            "due",
            "请填写调研完成时限（如“12月10日”）：",
            kind=InputKind.DATE,
            validate=_check_due,
            effect=_create_checklist,
            when=lambda ctx: not _has_checklist(ctx),
            example="明天",
        ),
        Step(
            "action",
            _action_question,
            choices=_action_choices,
            validate=_check_action,
            effect=_record_listed,
            next=_after_action,
            max_chars=10_000,
            example=DONE_LABEL,
        ),
        Step(
            "item",
            "请选择已完成的调研事项（编号与调研清单一致）：",
            kind=InputKind.CHOICE,
            choices=_all_items,
            validate=_check_item,
            next="findings",
        ),
        Step(
            "findings",
            "请在一条消息中填写该项的调研发现（主要情况、群众意见、数据等），可用“；”隔开写明调研人和调研日期，"
            "例如“走访3栋、5栋共48户，九成住户支持；张伟、李娜；11月20日”：",
            validate=_check_findings,
            max_chars=2000,
            effect=_tick,
            next="action",
            example="走访了3栋、5栋共48户，九成住户支持加装电梯。",
        ),
        Step("new_item", "请填写要增加的调研事项：", max_chars=300, effect=_add, next="action", example="查阅小区地下管网图纸"),
        Step(
            "risk_report",
            "请登记向同级党委政府报告的情况（报告对象、时间、主要内容）：",
            max_chars=2000,
            effect=_report,
            next="action",
            example="12月1日已向街道党工委书面报告。",
        ),
        Step(
            "contingency",
            "请登记与相关部门研究制定的预案（可能出现的情况及应对措施）：",
            max_chars=2000,
            effect=_plan,
            next="action",
            example="如低层住户反对，由社区组织专题沟通并研究补偿方案。",
        ),
    ),
    finish=_summary,
)
