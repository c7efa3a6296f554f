"""成果落实: what came of approved minutes — 采纳, 落实, 反馈, 公开, 解释说明 (三（七）).

    minutes → recommendations → adoption → adoption_reason (unless 采纳) → actions
            → feedback → notice → explanations (only when someone disagreed) ⟲ 重新生成 / 改写某人
            → confirm ─┬─ 是 → Outcome + ActionItems (待落实) + DissentExplanations, notice attached
                       └─ 否 → recommendations

Every draft shown is written offline from the minutes and the answers so far
(drafting/outcome_offline.py); the user accepts it or types their own text instead.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.domain.deadlines import find_date
from assistant.domain.rules import Action
from assistant.domain.vocab import Adoption
from assistant.drafting.official_docx import DOCX_MIME
from assistant.drafting.outcome_documents import (
    explanation_letter,
    render_explanations_markdown,
    render_letter_docx,
    render_letter_markdown,
)
from assistant.drafting.outcome_offline import (
    Dissent,
    OutcomeFacts,
    PlannedAction,
    dissenters,
    explanation_draft,
    feedback_draft,
    public_notice_draft,
    subject_of,
)
from assistant.drafting.schemas import MinutesDraft
from assistant.flows.base import END, Attachment, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import NONE_WORDS, refuse_unless
from assistant.flows.minutes import (
    MARKDOWN_MIME,
    MAX_MESSAGE_CHARS,
    item_lines,
    parse_action_lines,
)
from assistant.services import outcomes
from assistant.services.consultations import format_when
from assistant.services.minutes import final_draft
from assistant.storage.models import Minutes

NO_MINUTES = "目前没有待跟踪的已定稿会议纪要，请先通过 /minutes 形成会议纪要。"
ACCEPT_WORDS = {"accept", "是", "是的", "采用", "确认", "同意", "好", "好的", "可以"}
MIN_OWN_TEXT_CHARS = 10


# --- what the steps work from -------------------------------------------------------------------


def _minutes(ctx: FlowContext) -> Minutes:
    minutes = ctx.session.get(Minutes, int(ctx.answers["minutes"]))
    if minutes is None:  # deleted between two turns
        raise Invalid("所选会议纪要已不存在，请发送 /cancel 后重新办理。")
    return minutes


def _draft(ctx: FlowContext) -> MinutesDraft:
    return final_draft(_minutes(ctx))


def _dissenters(ctx: FlowContext) -> list[Dissent]:
    return dissenters(_draft(ctx))


def _has_dissent(ctx: FlowContext) -> bool:
    # Asked for every step (the engine counts visible steps), so also before a minutes is chosen.
    return "minutes" in ctx.answers and bool(_dissenters(ctx))


def _organisation(ctx: FlowContext) -> str:
    minutes = _minutes(ctx)
    if minutes.consultation is not None and minutes.consultation.organisation is not None:
        return minutes.consultation.organisation.name
    return ctx.person.organisation.name if ctx.person.organisation else ""


def _facts(ctx: FlowContext) -> OutcomeFacts:
    a, draft = ctx.answers, _draft(ctx)
    return OutcomeFacts(
        title=draft.title,
        meeting_date=draft.date,
        location=draft.location,
        participant_count=len(draft.participants),
        publicity=draft.publicity,
        recommendations=tuple(a.get("recommendations") or ()),
        adoption=Adoption(a.get("adoption") or Adoption.PENDING),
        adoption_reason=a.get("adoption_reason") or "",
        actions=tuple(PlannedAction(i["owner"], i["task"], i["due"]) for i in a.get("actions") or ()),
        organisation=_organisation(ctx) or "协商议事平台",
        today=ctx.now.date(),
    )


def _explanations(ctx: FlowContext) -> list[dict[str, str]]:
    """One explanation per dissenter: the user's own text where given, else the draft."""
    facts, variant = _facts(ctx), ctx.answers.get("variant", 0)
    overrides = ctx.answers.get("overrides") or {}
    return [
        {
            "participant": dissent.name or "持不同意见的群众",
            "role": dissent.role,
            "position": dissent.position_text,
            "explanation": overrides.get(dissent.name) or explanation_draft(dissent, facts, variant),
        }
        for dissent in _dissenters(ctx)
    ]


def _suggested_recommendations(ctx: FlowContext) -> list[str]:
    draft = _draft(ctx)
    return [*draft.consensus, *(f"{a.owner}：{a.task}（{a.due}）" for a in draft.actions)]


def _suggested_actions(ctx: FlowContext) -> list[dict[str, Any]]:
    items = [{"owner": a.owner, "task": a.task, "due": a.due} for a in _draft(ctx).actions]
    return outcomes.plan_actions(items, outcomes.base_date(_minutes(ctx), ctx.now.date()))


def _clipped(text: str) -> str:
    limit = MAX_MESSAGE_CHARS - 400
    return text if len(text) <= limit else text[:limit] + "\n……（全文较长，此处仅显示开头；采用后完整保存）"


def _is_accept(value: str) -> bool:
    return value.strip().rstrip("。.!！") in ACCEPT_WORDS


def _own_text(value: str) -> str:
    if len(value.strip()) < MIN_OWN_TEXT_CHARS:
        raise Invalid(f"回复“1”采用草稿；如需自行撰写，请输入完整内容（至少 {MIN_OWN_TEXT_CHARS} 字）。")
    return value.strip()


# --- questions ----------------------------------------------------------------------------------


def _minutes_choices(ctx: FlowContext) -> list[Choice]:
    return [
        Choice(f"{m.title}（{m.approved_at:%Y-%m-%d} 定稿）" if m.approved_at else m.title, str(m.id))
        for m in outcomes.minutes_awaiting_outcome(ctx.session, ctx.person)
    ]


def _recommendations_question(ctx: FlowContext) -> str:
    suggested = _suggested_recommendations(ctx)
    listed = "\n".join(f"{n}. {item}" for n, item in enumerate(suggested, 1)) or "（纪要中没有共识和下一步工作）"
    return _clipped(
        "根据会议纪要的共识和下一步工作，协商形成的意见建议整理如下：\n"
        f"{listed}\n\n是否采用以上意见建议？回复“1”采用；如需调整，请直接输入意见建议，每行一条。"
    )


def _reason_question(ctx: FlowContext) -> str:
    return {
        Adoption.PARTIAL: "请简要说明哪些意见建议未被采纳及原因（将用于反馈和解释说明）：",
        Adoption.NOT_ADOPTED: "请说明未予采纳的原因（将用于向参加协商的各方和持不同意见的群众解释说明）：",
        Adoption.PENDING: "请说明目前的办理情况，如已报送哪个部门、预计何时答复：",
    }.get(Adoption(ctx.answers["adoption"]), "请说明有关情况：")


def _due_label(item: dict[str, Any]) -> str:
    if item.get("due_date"):
        return f"{item['due']}（推算为 {item['due_date']}）"
    return f"{item['due']}（未能推算具体日期，不纳入逾期提醒）"


def _actions_question(ctx: FlowContext) -> str:
    suggested = _suggested_actions(ctx)
    listed = "\n".join(
        f"{n}. {i['owner']}｜{i['task']}｜{_due_label(i)}" for n, i in enumerate(suggested, 1)
    ) or "（纪要中没有明确的下一步工作）"
    return _clipped(
        "以下事项将作为落实事项跟踪（时限按会议日期推算，用于逾期提醒）：\n"
        f"{listed}\n\n回复“1”确认；如需调整，请按“责任单位｜工作任务｜时限”每行输入一项；没有需要跟踪的事项请回复“无”。"
    )


def _prepare_letters(ctx: FlowContext) -> None:
    """Drafts the feedback and the public notice once the actions are settled (Step.effect).

    Drafted once and kept with the answers, so the text the user accepts is the text shown,
    and a configured model is asked once, not on every redisplay.
    """
    facts, drafter = _facts(ctx), ctx.services.drafter
    feedback = drafter.outcome_summary(facts, offline=lambda: feedback_draft(facts))
    withheld = [d.name for d in _dissenters(ctx) if d.name]
    notice = drafter.public_notice(facts, withheld_names=withheld, offline=lambda: public_notice_draft(facts))
    ctx.answers["_letters"] = {"feedback": feedback.value, "notice": notice.value, "note": feedback.note or notice.note}


def _letter(ctx: FlowContext, key: str) -> str:
    return ctx.answers["_letters"][key]


def _feedback_question(ctx: FlowContext) -> str:
    note = ctx.answers["_letters"].get("note")
    return _clipped(
        (f"{note}\n" if note else "")
        + f"以下是向参加协商各方反馈的草稿：\n\n{_letter(ctx, 'feedback')}\n\n回复“1”采用此稿，或直接输入修改后的全文："
    )


def _notice_question(ctx: FlowContext) -> str:
    return _clipped(
        "对需要落实的事项应以适当方式向社会公开（三（七））。以下是公示稿（可在公示栏张贴、微信公众号发布）：\n\n"
        f"{_letter(ctx, 'notice')}\n\n回复“1”采用此稿，或直接输入修改后的全文："
    )


def _explanations_question(ctx: FlowContext) -> str:
    explanations = _explanations(ctx)
    parts, used = [], 0
    for number, item in enumerate(explanations, 1):
        role = f"（{item['role']}）" if item["role"] else ""
        block = f"【{number}】致{item['participant']}{role}：\n{item['explanation']}"
        if used + len(block) > MAX_MESSAGE_CHARS - 600:
            parts.append(f"……另有 {len(explanations) - number + 1} 份未在此显示，登记完成后见附件。")
            break
        parts.append(block)
        used += len(block)
    return (
        f"纪要记录了 {len(explanations)} 位同志的不同意见。按照三（七）“对协商过程中持不同意见的群众，"
        "要及时做好解释说明工作”，已根据各自的意见起草解释说明：\n\n" + "\n\n".join(parts) + "\n\n"
        "回复“1”全部采用，“2”换一种写法重新生成；如需改写某一份，请输入“姓名：解释说明全文”。"
    )


def _confirm_question(ctx: FlowContext) -> str:
    a = ctx.answers
    lines = [
        "请核对：",
        f"会议纪要：{_draft(ctx).title}",
        f"意见建议：{len(a['recommendations'])} 条",
        f"采纳情况：{Adoption(a['adoption']).label}" + (f"（{a['adoption_reason']}）" if a.get("adoption_reason") else ""),
        f"落实事项：{len(a['actions'])} 项，"
        f"其中 {sum(1 for i in a['actions'] if i.get('due_date'))} 项有明确日期（纳入逾期提醒）",
        f"反馈稿：{len(a['feedback'])} 字；公示稿：{len(a['notice'])} 字",
    ]
    if dissent := _dissenters(ctx):
        lines.append(f"解释说明：{len(dissent)} 份（{'、'.join(d.name or '未具名' for d in dissent)}）")
    lines.append("确认登记吗？")
    return "\n".join(lines)


# --- validators and effects ---------------------------------------------------------------------


def _check_recommendations(value: str, ctx: FlowContext) -> list[str]:
    if _is_accept(value):
        return _suggested_recommendations(ctx)
    if value.strip() in NONE_WORDS:
        return []
    items = item_lines(value)
    if not items:
        raise Invalid("没有读到意见建议。回复“1”采用上面的整理结果，或每行输入一条意见建议。")
    return items


def _check_actions(value: str, ctx: FlowContext) -> list[dict[str, Any]]:
    if _is_accept(value):
        return _suggested_actions(ctx)
    items = parse_action_lines(value)
    return outcomes.plan_actions(items, outcomes.base_date(_minutes(ctx), ctx.now.date()))


def _check_feedback(value: str, ctx: FlowContext) -> str:
    return _letter(ctx, "feedback") if _is_accept(value) else _own_text(value)


def _check_notice(value: str, ctx: FlowContext) -> str:
    return _letter(ctx, "notice") if _is_accept(value) else _own_text(value)


def _check_explanations(value: str, ctx: FlowContext) -> dict[str, str]:
    if value in ("accept", "regenerate"):
        return {"action": value}
    if _is_accept(value):
        return {"action": "accept"}
    match = re.match(r"^\s*([^：:\n]{1,30})[：:](.+)$", value, re.S)
    names = [d.name for d in _dissenters(ctx)]
    if not match or match[1].strip().removesuffix("同志") not in names:
        raise Invalid(
            "请回复“1”全部采用、“2”重新生成，或输入“姓名：解释说明全文”改写其中一份"
            f"（姓名须为：{'、'.join(n for n in names if n) or '无'}）。"
        )
    return {"action": "replace", "name": match[1].strip().removesuffix("同志"), "text": _own_text(match[2])}


def _revise_explanations(ctx: FlowContext) -> None:
    """Keeps the chosen wording variant and the user's own texts across the loop."""
    choice = ctx.answers["explanations"]
    if choice["action"] == "regenerate":
        ctx.answers["variant"] = ctx.answers.get("variant", 0) + 1
    elif choice["action"] == "replace":
        ctx.answers["overrides"] = {**(ctx.answers.get("overrides") or {}), choice["name"]: choice["text"]}


def _check_held(value: str, ctx: FlowContext) -> str:
    """No outcome for a meeting still to come: its feedback and notice would be dated before it."""
    minutes = ctx.session.get(Minutes, int(value))
    consultation = minutes.consultation if minutes else None
    written = find_date((minutes.final or minutes.draft or {}).get("date", "")) if minutes else None
    if consultation is not None and consultation.scheduled_at and consultation.scheduled_at > ctx.now:
        raise Invalid(
            f"该纪要关联的协商活动定于{format_when(consultation.scheduled_at)}举行，尚未召开。"
            "请在会后登记成果落实，反馈稿和公示稿的日期不能早于协商会议。"
        )
    if written is not None and written > ctx.now.date():
        raise Invalid(f"纪要记载的会议日期 {written:%Y-%m-%d} 还没有到，请在会后登记成果落实。")
    return value


def _refuse(ctx: FlowContext) -> str | None:
    if reason := refuse_unless(Action.TRACK_OUTCOME)(ctx):
        return reason
    return None if outcomes.minutes_awaiting_outcome(ctx.session, ctx.person, limit=1) else NO_MINUTES


# --- finish -------------------------------------------------------------------------------------


def _save(ctx: FlowContext) -> list[Reply]:
    """Records the outcome with its action items and explanations; attaches the public notice."""
    a = ctx.answers
    explanations = _explanations(ctx)
    outcome = outcomes.record_outcome(
        ctx.session,
        minutes_id=int(a["minutes"]),
        recommendations=a["recommendations"],
        adoption=Adoption(a["adoption"]),
        adoption_reason=a.get("adoption_reason"),
        actions=a["actions"],
        feedback=a["feedback"],
        public_notice=a["notice"],
        explanations=explanations,
    )
    draft = _draft(ctx)
    lines = [
        f"成果落实情况已登记（编号 {outcome.id}）：{draft.title}",
        f"采纳情况：{outcome.adoption.label}；落实事项 {len(outcome.actions)} 项，状态均为“待落实”。",
    ]
    lines += [
        f"  {n}. {item.owner}｜{item.task}｜{item.due_text or '待定'}"
        + (f"（{item.due_date:%Y-%m-%d}）" if item.due_date else "")
        for n, item in enumerate(outcome.actions, 1)
    ]
    if explanations:
        names = "、".join(e["participant"] for e in explanations)
        lines.append(
            f"已为 {names} 准备解释说明，请及时送达并做好沟通；送达后发送 /actions 登记送达日期和方式"
            "（解释说明全部送达前，议题不会标记为“已办结”）。"
        )
    lines.append(
        "公示稿见附件，请通过公示栏、微信公众号等方式向社会公开；反馈稿请发给参加协商的各方。"
        "落实进展和反馈、公开情况可发送 /actions 登记。"
    )
    name = f"协商成果公示-{outcome.id}"
    attachments = [
        Attachment(f"{name}.docx", render_letter_docx(a["notice"]), DOCX_MIME),
        Attachment(f"{name}.md", render_letter_markdown(a["notice"]).encode("utf-8"), MARKDOWN_MIME),
        Attachment(f"协商成果反馈-{outcome.id}.docx", render_letter_docx(a["feedback"]), DOCX_MIME),
    ]
    if explanations:
        rows = [(e["participant"], e["role"], e["explanation"]) for e in explanations]
        text = render_explanations_markdown(subject_of(draft.title), rows)
        attachments.append(Attachment(f"解释说明-{outcome.id}.md", text.encode("utf-8"), MARKDOWN_MIME))
        # One letter per dissenter, ready to print and hand over (三（七）"及时做好解释说明").
        for number, e in enumerate(explanations, 1):
            filename, letter = explanation_letter(subject_of(draft.title), e["participant"], e["explanation"],
                                                  outcome_id=outcome.id, number=number)
            attachments.append(Attachment(filename, letter, DOCX_MIME))
    return [Reply("\n".join(lines), attachments=attachments)]


FLOW = Flow(
    name="outcome",
    command="outcome",
    title="成果落实",
    summary="登记协商成果的采纳、落实、反馈和公开，对不同意见做好解释说明",
    refuse=_refuse,
    steps=(
        Step(
            "minutes",
            "请选择要登记成果落实情况的会议纪要：",
            kind=InputKind.CHOICE,
            choices=_minutes_choices,
            validate=_check_held,
        ),
        Step(
            "recommendations",
            _recommendations_question,
            choices=[Choice("采用以上意见建议", "accept")],
            validate=_check_recommendations,
            max_chars=5_000,
        ),
        Step(
            "adoption",
            "党委政府及有关部门对协商成果的采纳情况：",
            kind=InputKind.CHOICE,
            choices=[Choice(option.label, option.value) for option in Adoption],
        ),
        Step(
            "adoption_reason",
            _reason_question,
            when=lambda ctx: ctx.answers.get("adoption") != Adoption.ADOPTED.value,
            max_chars=1_000,
            example="补偿标准需进一步测算，待区财政局答复",
        ),
        Step(
            "actions",
            _actions_question,
            choices=[Choice("确认以上事项", "accept")],
            validate=_check_actions,
            effect=_prepare_letters,
            max_chars=5_000,
        ),
        Step(
            "feedback",
            _feedback_question,
            choices=[Choice("采用此稿", "accept")],
            validate=_check_feedback,
            max_chars=5_000,
        ),
        Step(
            "notice",
            _notice_question,
            choices=[Choice("采用此稿", "accept")],
            validate=_check_notice,
            max_chars=5_000,
        ),
        Step(
            "explanations",
            _explanations_question,
            choices=[Choice("全部采用", "accept"), Choice("换一种写法重新生成", "regenerate")],
            when=_has_dissent,
            validate=_check_explanations,
            effect=_revise_explanations,
            next=lambda ctx: "confirm" if ctx.answers["explanations"]["action"] == "accept" else "explanations",
            max_chars=5_000,
        ),
        Step(
            "confirm",
            _confirm_question,
            kind=InputKind.YES_NO,
            example="是",
            next=lambda ctx: END if ctx.answers["confirm"] else "recommendations",
        ),
    ),
    finish=_save,
)
