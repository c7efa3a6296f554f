"""落实进度: update an action item, and record 反馈 and 公开 once everything is done (三（七）).

    item ─┬─ an action  → status → progress (optional) ─┬─ all actions of the outcome done → feedback_sent → published
          │                                            └─ otherwise → saved
          └─ an outcome whose actions are all done → feedback_sent → published → saved

feedback_sent / published are asked only while not yet recorded.
"""

from __future__ import annotations

from assistant.domain.rules import Action
from assistant.domain.vocab import ActionStatus
from assistant.flows.base import Choice, Flow, FlowContext, InputKind, Reply, Step
from assistant.flows.common import refuse_unless
from assistant.services import outcomes
from assistant.storage.models import ActionItem, Outcome

NOTHING_TO_UPDATE = "目前没有待落实的事项，也没有待登记反馈、公开情况的协商成果。"
MAX_LABEL_TASK_CHARS = 30


def _chosen(ctx: FlowContext) -> tuple[str, int]:
    kind, _, ident = ctx.answers["item"].partition(":")
    return kind, int(ident)


def _action(ctx: FlowContext) -> ActionItem | None:
    if "item" not in ctx.answers or _chosen(ctx)[0] != "action":
        return None
    return ctx.session.get(ActionItem, _chosen(ctx)[1])


def _outcome(ctx: FlowContext) -> Outcome | None:
    if "item" not in ctx.answers:
        return None
    kind, ident = _chosen(ctx)
    if kind == "outcome":
        return ctx.session.get(Outcome, ident)
    action = ctx.session.get(ActionItem, ident)
    return action.outcome if action else None


def _completes_outcome(ctx: FlowContext) -> bool:
    """True when this answer leaves every action of the outcome done (or an outcome was chosen)."""
    if "item" not in ctx.answers:
        return False
    if _chosen(ctx)[0] == "outcome":
        return True
    action = _action(ctx)
    if action is None or ctx.answers.get("status") != ActionStatus.DONE.value:
        return False
    return all(other.status is ActionStatus.DONE for other in action.outcome.actions if other.id != action.id)


def _action_label(action: ActionItem, ctx: FlowContext) -> str:
    task = action.task if len(action.task) <= MAX_LABEL_TASK_CHARS else action.task[:MAX_LABEL_TASK_CHARS] + "…"
    due = action.due_text or "待定"
    if action.due_date and action.due_date < ctx.now.date():
        due += f"，已逾期 {(ctx.now.date() - action.due_date).days} 天"
    return f"{action.owner}：{task}（{due}；{action.status.label}）"


def _item_choices(ctx: FlowContext) -> list[Choice]:
    choices = [
        Choice(_action_label(action, ctx), f"action:{action.id}")
        for action in outcomes.unfinished_actions(ctx.session, ctx.person)
    ]
    for outcome in outcomes.outcomes_to_close(ctx.session, ctx.person):
        title = outcome.minutes.title if outcome.minutes else f"成果 {outcome.id}"
        choices.append(Choice(f"登记反馈、公开情况：{title}", f"outcome:{outcome.id}"))
    return choices


def _status_question(ctx: FlowContext) -> str:
    action = _action(ctx)
    lines = [f"事项：{action.owner}｜{action.task}｜{action.due_text or '待定'}", f"当前状态：{action.status.label}"]
    if action.progress:
        lines.append(f"上次进展：{action.progress}")
    lines.append("请选择最新状态：")
    return "\n".join(lines)


FEEDBACK_QUESTION = (
    "该协商成果的落实事项已全部完成。按照实施意见三（七）“建立健全协商议事成果采纳、落实、反馈机制”，"
    "应向参加协商的各方反馈落实情况。是否已经反馈？"
)


def _refuse(ctx: FlowContext) -> str | None:
    if reason := refuse_unless(Action.TRACK_OUTCOME)(ctx):
        return reason
    return None if _item_choices(ctx) else NOTHING_TO_UPDATE


def _save(ctx: FlowContext) -> list[Reply]:
    """Records the action's status and progress, and the feedback / publication when confirmed."""
    a, lines = ctx.answers, []
    action = _action(ctx)
    if action is not None:
        status = ActionStatus(a["status"])
        outcomes.update_action(ctx.session, action.id, status, a.get("progress"))
        lines.append(f"已更新：{action.owner}｜{action.task} —— {status.label}")
    outcome = _outcome(ctx)
    if outcome is not None and outcomes.all_done(outcome):
        outcomes.close_outcome(
            ctx.session, outcome, feedback_sent=bool(a.get("feedback_sent")), published=bool(a.get("published")), now=ctx.now
        )
        lines.append("该协商成果的全部落实事项均已完成。")
        missing = [
            what
            for what, done in (("向参加协商的各方反馈", outcome.feedback_sent_at), ("向社会公开", outcome.published_at))
            if done is None
        ]
        if missing:
            lines.append(
                f"请按照实施意见三（七）的要求尽快{'、'.join(missing)}落实情况（可使用 /outcome 生成的反馈稿和公示稿），"
                "完成后发送 /actions 登记。"
            )
        else:
            lines.append("反馈和公开情况均已登记，本次协商成果办结。")
    return [Reply("\n".join(lines))]


FLOW = Flow(
    name="actions",
    command="actions",
    title="落实进度",
    summary="更新协商成果落实事项的进展，登记反馈和公开情况",
    refuse=_refuse,
    steps=(
        Step("item", "请选择要更新的事项：", kind=InputKind.CHOICE, choices=_item_choices),
        Step(
            "status",
            _status_question,
            kind=InputKind.CHOICE,
            choices=[Choice(status.label, status.value) for status in ActionStatus],
            when=lambda ctx: _action(ctx) is not None,
            example="已落实",
        ),
        Step(
            "progress",
            "请简要填写落实进展（已完成的工作、存在的困难等）：",
            when=lambda ctx: _action(ctx) is not None,
            optional=True,
            max_chars=1_000,
            example="已完成现场勘察，初步设计方案已报社区",
        ),
        Step(
            "feedback_sent",
            FEEDBACK_QUESTION,
            kind=InputKind.YES_NO,
            when=lambda ctx: _completes_outcome(ctx) and _outcome(ctx).feedback_sent_at is None,
            example="是",
        ),
        Step(
            "published",
            "是否已以适当方式（公示栏、微信公众号等）将落实情况向社会公开？",
            kind=InputKind.YES_NO,
            when=lambda ctx: _completes_outcome(ctx) and _outcome(ctx).published_at is None,
            example="是",
        ),
    ),
    finish=_save,
)
