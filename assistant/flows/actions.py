"""落实进度 (/actions): follow up the actions of an outcome, and record 反馈 and 公开 (三（七）).

    item ─┬─ an action → op ─┬─ progress   → note                      (落实中)
          │                  ├─ done       → done_on → evidence        (已落实: the day and the evidence)
          │                  ├─ correct    → correction → reason       (owner｜task｜due, blanks kept)
          │                  ├─ reassign   → new_owner → reason
          │                  ├─ withdraw   → reason                    (已撤销)
          │                  └─ feedback   → on → channel              (反馈 of this item as it progresses)
          ├─ an outcome → outcome_op (反馈 / 公开) → on → channel
          ├─ a letter to a dissenter → on → channel                   (解释说明送达)
          └─ 结束本次登记
    ⟲ after each record the list comes back (the next open item named) until 结束 or nothing is left,
      so four actions need no four /actions commands.

Feedback and publication can be recorded at any time, partial while actions are open; the topic
is 办结 only when every action is settled, both follow the last one and every dissenter's
explanation is delivered (services/outcomes.py).
Every change is in the audit log; corrections, reassignments and withdrawals carry their reason.
The list keeps its order while the outcome is open, so an item keeps its number across updates.
"""

from __future__ import annotations

import re
from datetime import date

from assistant import texts
from assistant.domain.dates import parse_date
from assistant.domain.rules import Action, RuleViolation
from assistant.domain.vocab import ActionStatus
from assistant.flows.base import END, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import refuse_unless
from assistant.services import outcomes
from assistant.storage.models import ActionItem, DissentExplanation, Outcome

NOTHING_TO_UPDATE = "目前没有待落实的事项，也没有待登记反馈、公开情况的协商成果。"
MAX_LABEL_TASK_CHARS = 30
MIN_EVIDENCE_CHARS = 4

PROGRESS, DONE, CORRECT, REASSIGN, WITHDRAW, FEEDBACK, PUBLISH, DELIVER = (
    "progress", "done", "correct", "reassign", "withdraw", "feedback", "publish", "deliver",
)  # fmt: skip
END_CHOICE = "end"
ENDED = "落实进度登记结束。之后可随时发送 /actions 继续登记。"
OPERATIONS = {
    PROGRESS: "更新落实进展（落实中）",
    DONE: "登记已落实（填写完成日期和落实依据）",
    CORRECT: "更正事项内容、责任单位或时限",
    REASSIGN: "改由其他单位负责",
    WITHDRAW: "撤销该事项（须说明原因）",
    FEEDBACK: "登记已向参加协商各方反馈本项进展",
}
CHANNELS = ("书面反馈", "召开会议通报", "电话告知", "微信群通知", "公示栏张贴", "微信公众号发布")
DELIVERY_CHANNELS = ("当面送达并说明", "上门走访说明", "邮寄送达", "电话沟通后送达", "微信发送")


def _chosen(ctx: FlowContext) -> tuple[str, int]:
    kind, _, ident = ctx.answers["item"].partition(":")
    return kind, int(ident)


def _kind(ctx: FlowContext) -> str | None:
    item = ctx.answers.get("item")
    return None if item is None else item.partition(":")[0]


def _action(ctx: FlowContext) -> ActionItem | None:
    if _kind(ctx) != "action":
        return None
    return ctx.session.get(ActionItem, _chosen(ctx)[1])


def _letter(ctx: FlowContext) -> DissentExplanation | None:
    if _kind(ctx) != "letter":
        return None
    return ctx.session.get(DissentExplanation, _chosen(ctx)[1])


def _outcome(ctx: FlowContext) -> Outcome | None:
    kind = _kind(ctx)
    if kind == "outcome":
        return ctx.session.get(Outcome, _chosen(ctx)[1])
    record = _action(ctx) or _letter(ctx)
    return record.outcome if record else None


def _op(ctx: FlowContext) -> str | None:
    kind = _kind(ctx)
    if kind == "action":
        return ctx.answers.get("op")
    if kind == "letter":
        return DELIVER
    return ctx.answers.get("outcome_op") if kind == "outcome" else None


def _due_label(action: ActionItem, ctx: FlowContext) -> str:
    due = action.due_text or "待定"
    if action.due_date and action.due_date < ctx.now.date() and not action.status.settled:
        due += f"，已逾期 {(ctx.now.date() - action.due_date).days} 天"
    return due


def _action_label(action: ActionItem, ctx: FlowContext) -> str:
    task = action.task if len(action.task) <= MAX_LABEL_TASK_CHARS else action.task[:MAX_LABEL_TASK_CHARS] + "…"
    return f"{action.owner}：{task}（{_due_label(action, ctx)}；{action.status.label}）"


def _outcome_title(outcome: Outcome) -> str:
    return outcome.minutes.title if outcome.minutes else f"成果 {outcome.id}"


def _letter_label(letter: DissentExplanation) -> str:
    state = f"已送达 {letter.delivered_at:%Y-%m-%d}" if letter.delivered_at else "尚未登记送达"
    return f"登记解释说明送达：致{letter.participant or '持不同意见的群众'}（{state}）"


def _open_items(ctx: FlowContext) -> list[Choice]:
    """Actions, the outcomes' 反馈/公开 and letters to dissenters, in a fixed order while open."""
    choices = [
        Choice(_action_label(action, ctx), f"action:{action.id}")
        for action in outcomes.tracked_actions(ctx.session, ctx.person)
    ]
    opened = outcomes.open_outcomes(ctx.session, ctx.person)
    for outcome in opened:
        choices.append(Choice(f"登记反馈、公开情况：{_outcome_title(outcome)}", f"outcome:{outcome.id}"))
    for outcome in opened:
        choices += [Choice(_letter_label(e), f"letter:{e.id}") for e in sorted(outcome.explanations, key=lambda e: e.id)]
    return choices


def _item_choices(ctx: FlowContext) -> list[Choice]:
    items = _open_items(ctx)
    return [*items, Choice("结束本次登记", END_CHOICE)] if items else []


def _next_open(ctx: FlowContext) -> tuple[int, str] | None:
    """The first item that still needs something: an open action, an undelivered letter, or an
    outcome whose 反馈/公开 is missing or older than its last settled action."""
    for number, choice in enumerate(_open_items(ctx), 1):
        kind, _, ident = choice.value.partition(":")
        if kind == "action":
            action = ctx.session.get(ActionItem, int(ident))
            if action is not None and not action.status.settled:
                return number, choice.label
        elif kind == "letter":
            letter = ctx.session.get(DissentExplanation, int(ident))
            if letter is not None and letter.delivered_at is None:
                return number, choice.label
        else:
            outcome = ctx.session.get(Outcome, int(ident))
            settled = outcomes.last_settled(outcome) if outcome is not None else None
            for moment in (outcome.feedback_sent_at, outcome.published_at) if outcome is not None else ():
                if moment is None or (settled is not None and moment.date() < settled):
                    return number, choice.label
    return None


def _item_question(ctx: FlowContext) -> str:
    question = "请选择要办理的事项（编号在该成果办结前保持不变）："
    if (upcoming := _next_open(ctx)) is not None:
        number, label = upcoming
        question += f"\n下一项待办：{number}. {label}；回复编号继续，办完可回复“结束本次登记”。"
    return question


def _op_question(ctx: FlowContext) -> str:
    action = _action(ctx)
    lines = [f"事项：{action.owner}｜{action.task}｜{action.due_text or '待定'}", f"当前状态：{action.status.label}"]
    if action.progress:
        lines.append(f"上次进展：{action.progress}")
    if action.evidence:
        lines.append(f"落实依据：{action.evidence}（{action.done_on:%Y-%m-%d}）" if action.done_on else action.evidence)
    if action.feedback_at:
        lines.append(f"已反馈：{action.feedback_at:%Y-%m-%d}，{action.feedback_channel}")
    lines.append("请选择要办理的事项：")
    return "\n".join(lines)


def _op_choices(ctx: FlowContext) -> list[Choice]:
    action = _action(ctx)
    if action is None:
        return []
    keys = [CORRECT, FEEDBACK] if action.status.settled else list(OPERATIONS)
    return [Choice(OPERATIONS[key], key) for key in keys]


def _outcome_question(ctx: FlowContext) -> str:
    outcome = _outcome(ctx)
    settled = sum(1 for a in outcome.actions if a.status.settled)
    lines = [f"协商成果：{_outcome_title(outcome)}", f"落实事项 {len(outcome.actions)} 项，已办结 {settled} 项。"]
    for what, moment, channel in (
        ("反馈", outcome.feedback_sent_at, outcome.feedback_channel),
        ("公开", outcome.published_at, outcome.published_channel),
    ):
        lines.append(f"已{what}：{moment:%Y-%m-%d}，{channel or '方式未登记'}" if moment else f"尚未登记{what}。")
    if not outcomes.all_done(outcome):
        lines.append("落实事项尚未全部办结，现在登记的是阶段性反馈或公开情况（三（七））。")
    lines.append("请选择要登记的内容：")
    return "\n".join(lines)


def _dated(value: str, ctx: FlowContext, what: str) -> dict[str, str]:
    """Reads "日期" or "日期；说明" (the evidence or the channel in the same message)."""
    day_text, *rest = re.split(r"[；;，,]", value.strip(), maxsplit=1)
    rest = rest[0] if rest else ""
    try:
        day = parse_date(day_text, ctx.now.date(), past=True)
    except ValueError:
        raise Invalid(texts.DATE_EXPECTED) from None
    try:
        outcomes.check_day(_outcome(ctx), day, ctx.now.date(), what)
    except RuleViolation as exc:
        raise Invalid(exc.message) from None
    return {"on": day.isoformat(), "detail": rest.strip()}


def _check_evidence(value: str, ctx: FlowContext) -> str:
    if len(value.strip()) < MIN_EVIDENCE_CHARS:
        raise Invalid("请用一句话写明落实依据，如“12月5日已通过竣工验收，验收单已存档”。")
    return value.strip()


def _check_correction(value: str, ctx: FlowContext) -> dict[str, str]:
    parts = [p.strip() for p in value.replace("|", "｜").split("｜")]
    if len(parts) != 3 or not any(parts):
        raise Invalid("请按“责任单位｜工作任务｜时限”输入，不改的部分留空，例如“｜｜12月31日前”。")
    return dict(zip(("owner", "task", "due"), parts, strict=True))


def _on_question(ctx: FlowContext) -> str:
    if _op(ctx) == DELIVER:
        letter = _letter(ctx)
        return (
            f"致{letter.participant or '持不同意见的群众'}的解释说明是哪一天送达的？"
            "可在日期后用“；”接着写方式，如“今天；当面送达并说明”“12月5日；邮寄送达”："
        )
    what = {FEEDBACK: "反馈", PUBLISH: "向社会公开"}[_op(ctx)]
    return f"哪一天{what}的？可在日期后用“；”接着写方式，如“今天；书面反馈”“上周五；公示栏张贴”："


def _detail(ctx: FlowContext, key: str, min_chars: int) -> str:
    """What was written after the date in the same message, when it is long enough to count."""
    detail = (ctx.answers.get(key) or {}).get("detail", "")
    return detail if len(detail) >= min_chars else ""


def _channel_question(ctx: FlowContext) -> str:
    what = {FEEDBACK: "反馈", PUBLISH: "公开", DELIVER: "送达"}[_op(ctx)]
    return f"通过什么方式{what}？请选择或直接输入："


def _channel_choices(ctx: FlowContext) -> list[Choice]:
    names = DELIVERY_CHANNELS if _op(ctx) == DELIVER else CHANNELS
    return [Choice(name, name) for name in names]


def _refuse(ctx: FlowContext) -> str | None:
    if reason := refuse_unless(Action.TRACK_OUTCOME)(ctx):
        return reason
    return None if _item_choices(ctx) else NOTHING_TO_UPDATE


def _save_action(ctx: FlowContext, action: ActionItem) -> str:
    a, op, today = ctx.answers, ctx.answers["op"], ctx.now.date()
    if op == PROGRESS:
        outcomes.update_action(ctx.session, action.id, ActionStatus.IN_PROGRESS, a["progress"])
        return f"已更新：{action.owner}｜{action.task} —— 落实中（{a['progress']}）"
    if op == DONE:
        day, evidence = a["done_on"]["on"], a.get("evidence") or _detail(ctx, "done_on", MIN_EVIDENCE_CHARS)
        outcomes.complete_action(ctx.session, action.id, done_on=date.fromisoformat(day), evidence=evidence, today=today)
        return f"已登记：{action.owner}｜{action.task} —— 已落实（{day}；依据：{evidence}）"
    if op == FEEDBACK:
        day, channel = a["on"]["on"], _channel(ctx)
        outcomes.record_action_feedback(ctx.session, action.id, on=date.fromisoformat(day), channel=channel, now=ctx.now)
        return f"已登记本项反馈：{day}，{channel}。"
    before = f"{action.owner}｜{action.task}｜{action.due_text or '待定'}"
    change = a.get("correction") or {}
    outcomes.revise_action(
        ctx.session,
        action.id,
        reason=a["reason"],
        owner=a.get("new_owner") or change.get("owner"),
        task=change.get("task"),
        due=change.get("due"),
        withdraw=op == WITHDRAW,
        today=today,
    )
    if op == WITHDRAW:
        return f"已撤销：{before}（原因：{a['reason']}；修改记录已保存）"
    after = f"{action.owner}｜{action.task}｜{action.due_text or '待定'}"
    return f"已更正：{before} → {after}（原因：{a['reason']}；修改记录已保存）"


def _save(ctx: FlowContext) -> list[Reply]:
    a = ctx.answers
    if a.get("item") == END_CHOICE:
        return [Reply(ENDED)]
    action = _action(ctx)
    outcome = _outcome(ctx)
    if action is not None:
        lines = [_save_action(ctx, action)]
    elif (letter := _letter(ctx)) is not None:
        day, channel = a["on"]["on"], _channel(ctx)
        outcomes.record_explanation_delivery(
            ctx.session, letter.id, on=date.fromisoformat(day), channel=channel, now=ctx.now
        )
        lines = [f"已登记解释说明送达：致{letter.participant or '持不同意见的群众'}，{day}，{channel}。"]
    else:
        record = outcomes.record_feedback if a["outcome_op"] == FEEDBACK else outcomes.record_publication
        day, channel = a["on"]["on"], _channel(ctx)
        record(ctx.session, outcome, on=date.fromisoformat(day), channel=channel, now=ctx.now)
        what = "反馈" if a["outcome_op"] == FEEDBACK else "公开"
        lines = [f"已登记{what}：{day}，{channel}。"]
    lines.append(_outcome_state(outcome))
    if _open_items(ctx):
        # The list comes back with the next open item, instead of one /actions per update.
        ctx.follow_up = "actions"
    return [Reply("\n".join(lines))]


def _channel(ctx: FlowContext) -> str:
    return ctx.answers.get("channel") or _detail(ctx, "on", 2)


def _outcome_state(outcome: Outcome) -> str:
    if outcomes.concluded(outcome):
        return "全部落实事项均已办结，反馈、公开和解释说明送达情况均已登记，本次协商成果办结。"
    letters = outcomes.undelivered_explanations(outcome)
    waiting = (
        f"\n致{'、'.join(e.participant or '持不同意见的群众' for e in letters)}的解释说明尚未登记送达"
        "（三（七）：对持不同意见的群众，要及时做好解释说明工作），送达后请登记。"
        if letters
        else ""
    )
    if not outcomes.all_done(outcome):
        left = sum(1 for a in outcome.actions if not a.status.settled)
        # The letters are named once the actions are settled, not after every update.
        return f"该协商成果还有 {left} 项落实事项未办结；阶段性进展可随时登记反馈。"
    settled = outcomes.last_settled(outcome)
    missing = [
        what
        for what, moment in (("向参加协商的各方反馈", outcome.feedback_sent_at), ("向社会公开", outcome.published_at))
        if moment is None or (settled is not None and moment.date() < settled)
    ]
    if not missing:
        return "全部落实事项均已办结，反馈和公开情况均已登记。" + waiting + "登记送达后议题即告办结。"
    return (
        f"全部落实事项均已办结。请按照实施意见三（七）的要求尽快{'、'.join(missing)}最终落实情况"
        "（可使用 /outcome 生成的反馈稿和公示稿），完成后登记。" + waiting
    )


def _for_action(*ops: str):
    return lambda ctx: _action(ctx) is not None and ctx.answers.get("op") in ops


FLOW = Flow(
    name="actions",
    command="actions",
    title="落实进度",
    summary="更新落实事项的进展，更正、改派或撤销事项，登记反馈和公开情况",
    refuse=_refuse,
    steps=(
        Step(
            "item",
            _item_question,
            kind=InputKind.CHOICE,
            choices=_item_choices,
            next=lambda ctx: END if ctx.answers.get("item") == END_CHOICE else None,
        ),
        Step(
            "op",
            _op_question,
            kind=InputKind.CHOICE,
            choices=_op_choices,
            when=lambda ctx: _action(ctx) is not None,
            example="更新落实进展（落实中）",
        ),
        Step(
            "outcome_op",
            _outcome_question,
            kind=InputKind.CHOICE,
            choices=[Choice("登记已向参加协商各方反馈", FEEDBACK), Choice("登记已向社会公开", PUBLISH)],
            when=lambda ctx: _kind(ctx) == "outcome",
            example="1",
        ),
        Step(
            "progress",
            "请简要填写落实进展（已完成的工作、存在的困难等）：",
            when=_for_action(PROGRESS),
            max_chars=1_000,
            example="已完成现场勘察，初步设计方案已报社区",
        ),
        Step(
            "done_on",
            "哪一天落实完成的？可在日期后用“；”接着写落实依据，如“12月5日；已通过竣工验收，验收单已存档”：",
            validate=lambda value, ctx: _dated(value, ctx, "落实完成"),
            when=_for_action(DONE),
            max_chars=500,
            example="今天",
        ),
        Step(
            "evidence",
            "请用一句话写明落实依据（如验收记录、文件编号、现场照片说明）：",
            validate=_check_evidence,
            when=lambda ctx: _for_action(DONE)(ctx) and not _detail(ctx, "done_on", MIN_EVIDENCE_CHARS),
            max_chars=500,
            example="已通过竣工验收，验收单已存档",
        ),
        Step(
            "correction",
            "请按“责任单位｜工作任务｜时限”输入更正后的内容，不改的部分留空（如“｜｜12月31日前”）：",
            validate=_check_correction,
            when=_for_action(CORRECT),
            max_chars=500,
            example="｜｜12月31日前",
        ),
        Step("new_owner", "改由哪个单位（或谁）负责？", when=_for_action(REASSIGN), max_chars=100, example="区城管局"),
        Step(
            "reason",
            "请说明原因（将记入修改记录）：",
            when=_for_action(CORRECT, REASSIGN, WITHDRAW),
            max_chars=500,
            example="与第1项重复",
        ),
        Step(
            "on",
            _on_question,
            validate=lambda value, ctx: _dated(value, ctx, {FEEDBACK: "反馈", PUBLISH: "公开"}.get(_op(ctx), "送达")),
            when=lambda ctx: _op(ctx) in (FEEDBACK, PUBLISH, DELIVER),
            max_chars=200,
            example="今天",
        ),
        Step(
            "channel",
            _channel_question,
            choices=_channel_choices,
            when=lambda ctx: _op(ctx) in (FEEDBACK, PUBLISH, DELIVER) and not _detail(ctx, "on", 2),
            max_chars=100,
            example="书面反馈",
        ),
    ),
    finish=_save,
    loop_exit="结束本次登记",
)
