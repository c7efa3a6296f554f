"""会议纪要: from pasted notes or an uploaded transcript to approved minutes (.docx and .md).

    source ─> consultation (only when there is one to link) ─> review ─┬─ 通过并保存 → saved
      ↑                                                                ├─ 查看全文 → full ⟲ 下一页 → review
      └─────────────────────────── 重新上传 ───────────────────────────┤
                                                                       └─ 修改 → edit_section → edit_content → review

The working copy of the draft lives in answers["draft"]; the drafter's original stays in
answers["source"]["draft"], so the record keeps both (Minutes.draft and Minutes.final).
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.domain.dates import chinese_date
from assistant.domain.deadlines import find_date
from assistant.domain.rules import Action
from assistant.domain.vocab import SessionStatus
from assistant.drafting import (
    MinutesDraft,
    TranscriptError,
    render_minutes_docx,
    render_minutes_markdown,
)
from assistant.drafting.documents import meta_lines, person_label
from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes import final as minutes_final
from assistant.drafting.minutes.final import finalise, settle_meeting_day
from assistant.drafting.official_docx import DOCX_MIME, file_stem
from assistant.drafting.schemas import DUE_UNSPECIFIED, NO_DISAGREEMENT
from assistant.flows.base import END, Attachment, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import NONE_WORDS, refuse_unless
from assistant.services import consultations
from assistant.services import minutes as minutes_service

log = logging.getLogger(__name__)

# Far above a half-day meeting typed out (~60,000 characters) and far below what would make
# one turn slow; the upload limit in bytes is the reader's (20 MB).
MAX_TRANSCRIPT_CHARS = 200_000
# Telegram refuses messages over 4096 characters; leave room for the step header and hint.
MAX_MESSAGE_CHARS = 3_500
MAX_ITEM_CHARS = 100
MAX_ITEMS_SHOWN = 6
# One section typed, pasted or uploaded in an edit step.
MAX_EDIT_CHARS = 10_000

MARKDOWN_MIME = "text/markdown; charset=utf-8"

EXAMPLE_TRANSCRIPT = (
    "主持人：王芳（社区党委书记）\n"
    "王芳（社区党委书记）：今天就3栋加装电梯的事情进行协商。\n"
    "李强（区住建局副局长）：我局将在两周内组织现场勘察，拿出设计方案。\n"
    "陈秀英（3栋一楼住户）：我担心电梯影响一楼采光，不同意在南面安装。"
)


# --- the sections a user can read and edit ----------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str  # the MinutesDraft field
    label: str
    form: str  # text | lines | participants | views | actions
    how: str  # how to type the new content


SECTIONS = (
    Section("title", "标题", "text", "直接输入新的标题"),
    Section("date", "时间", "text", "如“2024年11月28日下午2:30”"),
    Section("location", "地点", "text", "直接输入会议地点"),
    Section("host", "主持人", "text", "输入主持人姓名"),
    Section("participants", "参加人员", "participants", "每行一人，格式“姓名（身份）”，身份可省略"),
    Section("summary", "会议概况", "text", "直接输入 2–3 句概况"),
    Section("views", "主要意见", "views", "每行一条，格式“发言人：意见”"),
    Section("consensus", "共识", "lines", "每行一条；会上没有形成共识请回复“无”"),
    Section(
        "disagreements",
        "分歧意见",
        "lines",
        "每行一条，格式“姓名：意见”，请保留持不同意见者的姓名，以便做好解释说明；确实没有分歧意见请回复“无”",
    ),
    Section("actions", "下一步工作", "actions", "每行一项，格式“责任单位｜工作任务｜时限”，时限未明确可写“待定”"),
    Section("next_meeting", "下次会议", "text", "没有安排请回复“无”"),
    Section("publicity", "公开方式", "text", "如“在小区公示栏和社区微信公众号公示”"),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.．、)）](?!\d)|（\d{1,2}）|\(\d{1,2}\)|[·•\-－*])\s*")
_PARTICIPANT = re.compile(r"^(.+?)\s*[（(](.*)[）)]$")
_SPEAKER_LINE = re.compile(r"^([^：:]{1,30})[：:](.*)$")


def item_lines(text: str) -> list[str]:
    """Non-empty lines without the numbering users copy from the displayed list."""
    return [_NUMBERING.sub("", line).strip() for line in text.splitlines() if _NUMBERING.sub("", line).strip()]


def _clip(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    text = text.replace("\n", " ").strip()
    return text if len(text) <= limit else text[:limit] + "……"


def parse_action_lines(text: str) -> list[dict[str, str]]:
    """Reads '责任单位｜工作任务｜时限' lines into {owner, task, due}; raises Invalid naming the bad line."""
    if text.strip() in NONE_WORDS:
        return []
    actions = []
    for number, line in enumerate(item_lines(text), start=1):
        parts = [part.strip() for part in re.split(r"[｜|]", line)]
        if len(parts) == 2:
            parts.append(DUE_UNSPECIFIED)
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise Invalid(
                f"第 {number} 行“{_clip(line, 40)}”格式不正确。请按“责任单位｜工作任务｜时限”填写，"
                "用竖线“｜”分隔，每行一项，例如：区住建局｜组织设计单位现场勘察｜两周内"
            )
        # Column sizes of ActionItem: PostgreSQL would refuse longer values at commit.
        if len(parts[0]) > 100 or len(parts[2]) > 50:
            raise Invalid(f"第 {number} 行的责任单位（最多 100 字）或时限（最多 50 字）过长，请精简。")
        actions.append({"owner": parts[0], "task": parts[1], "due": parts[2] or DUE_UNSPECIFIED})
    return actions


def _parse_views(text: str) -> list[dict[str, Any]]:
    grouped: dict[str, list[str]] = {}
    for number, line in enumerate(item_lines(text), start=1):
        match = _SPEAKER_LINE.match(line)
        if not match or not match[1].strip() or not match[2].strip():
            raise Invalid(f"第 {number} 行“{_clip(line, 40)}”缺少发言人。请按“发言人：意见”的格式每行填写一条。")
        grouped.setdefault(match[1].strip(), []).append(match[2].strip())
    return [{"speaker": speaker, "points": points} for speaker, points in grouped.items()]


def _parse_participants(text: str) -> list[dict[str, str]]:
    people = []
    for line in item_lines(text):
        for item in re.split(r"[、，,；;]", line):
            item = item.strip()
            if not item:
                continue
            match = _PARTICIPANT.match(item)
            name, role = (match[1].strip(), match[2].strip()) if match else (item, "")
            if len(name) > 30:
                raise Invalid(f"“{_clip(name, 30)}”不像是一个姓名。请每行填写一人，格式“姓名（身份）”。")
            people.append({"name": name, "role": role})
    return people


def parse_section(section: Section, text: str) -> Any:
    """Turns what the user typed for one section into the draft's value; raises Invalid."""
    text = text.strip()
    if section.form != "text" and text not in NONE_WORDS and not item_lines(text):
        # Only numbering or bullets: nothing would be left, and an emptied 分歧意见 must not
        # silently turn into "无".
        raise Invalid(f"没有读到「{section.label}」的内容。请{section.how}。")
    if section.form == "actions":
        return parse_action_lines(text)
    if section.form == "views":
        return _parse_views(text)
    if section.form == "participants":
        return _parse_participants(text)
    if section.form == "lines":
        if text in NONE_WORDS:
            # 分歧意见 keeps an explicit 无 (never an empty list, which would read as "not checked").
            return [NO_DISAGREEMENT] if section.key == "disagreements" else []
        return item_lines(text)
    if section.key == "title" and len(text) > 200:
        raise Invalid("标题过长（最多 200 字），请精简后重新输入。")
    if section.key == "next_meeting" and text in NONE_WORDS:
        return ""
    return text


# --- editing one item by number ("删除 3", "改 2：……", "增加：……") --------------------------------

ITEM_SECTIONS = ("participants", "consensus", "disagreements", "actions")
_NUMBER_LIST = r"(\d{1,3}(?:\s*[、,，和及\s]\s*\d{1,3})*)"
_DELETE = re.compile(rf"^(?:删除|删掉|删去|删|去掉)\s*(?:第\s*)?{_NUMBER_LIST}\s*(?:条|项|个|人)?\s*$")
_REPLACE = re.compile(
    r"^(?:(?:改|修改|更正)\s*(?:第\s*)?(\d{1,3})\s*(?:条|项|个|人)?\s*(?:为|成)?|第\s*(\d{1,3})\s*(?:条|项|个|人)\s*(?:改为|改成)?)\s*[：:]?\s*(.+)$",
    re.S,
)
_ADD = re.compile(r"^(?:增加|新增|添加|补充|加)\s*(?:一条|一项|一人)?\s*[：:]\s*(.+)$", re.S)
ITEM_HELP = "也可以只改一条：回复“删除 3”删去第 3 条，“改 2：新内容”改写第 2 条，“增加：新内容”补充一条。"


def parse_item_command(section: Section, text: str, draft: MinutesDraft) -> dict[str, Any] | None:
    """'删除 3' / '改 2：……' / '增加：……' for a list section, checked against the current items;
    None when the text is a whole new section."""
    if section.key not in ITEM_SECTIONS:
        return None
    text = text.strip()
    count = minutes_final.item_count(draft, section.key)
    if match := _DELETE.match(text):
        numbers = sorted({int(n) for n in re.findall(r"\d+", match.group(1))}, reverse=True)
        _check_numbers(numbers, count, section)
        return {"op": "delete", "numbers": numbers}
    if match := _REPLACE.match(text):
        number = int(match.group(1) or match.group(2))
        _check_numbers([number], count, section)
        return {"op": "replace", "number": number, "value": _one_item(section, match.group(3))}
    if match := _ADD.match(text):
        values = [_one_item(section, line) for line in item_lines(match.group(1))]
        if not values:
            raise Invalid(f"没有读到要增加的内容。请{section.how}。")
        return {"op": "add", "values": values}
    return None


def _check_numbers(numbers: list[int], count: int, section: Section) -> None:
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        have = f"目前共 {count} 条" if count else "目前没有条目"
        raise Invalid(f"「{section.label}」没有第 {'、'.join(map(str, sorted(wrong)))} 条（{have}），请核对序号后重新输入。")


def _one_item(section: Section, text: str) -> Any:
    parsed = parse_section(section, text.strip())
    if section.key == "disagreements" and parsed == [NO_DISAGREEMENT]:
        raise Invalid("单条修改时请写明分歧意见内容；如确实没有分歧意见，请直接回复“无”替换整个部分。")
    if not parsed:
        raise Invalid(f"没有读到新的内容。请{section.how}。")
    if len(parsed) != 1:
        raise Invalid("单条修改每次只能写一条。要整体替换，请直接输入完整内容（每行一条）。")
    return parsed[0]


def apply_item_command(draft: MinutesDraft, section: Section, command: dict[str, Any]) -> MinutesDraft:
    if command["op"] == "delete":
        for number in command["numbers"]:  # highest first, so the others keep their numbers
            draft = minutes_final.delete_item(draft, section.key, number)
        return draft
    if command["op"] == "replace":
        return minutes_final.replace_item(draft, section.key, command["number"], command["value"])
    for value in command["values"]:
        draft = minutes_final.add_item(draft, section.key, value)
    return draft


def editable_text(draft: MinutesDraft, section: Section) -> str:
    """A section in exactly the form the user types it back, so it can be copied and changed."""
    value = getattr(draft, section.key)
    if section.form == "actions":
        return "\n".join(f"{a.owner}｜{a.task}｜{a.due}" for a in value) or "无"
    if section.form == "views":
        return "\n".join(f"{v.speaker}：{point}" for v in value for point in v.points) or "无"
    if section.form == "participants":
        return "\n".join(f"{p.name}（{p.role}）" if p.role else p.name for p in value) or "无"
    if section.form == "lines":
        return "\n".join(value) or "无"
    return value or "（空）"


def numbered_text(draft: MinutesDraft, section: Section) -> str:
    """The section as shown for editing: list items numbered, so one can be named by its number."""
    text = editable_text(draft, section)
    if section.key not in ITEM_SECTIONS or text == "无":
        return text
    return "\n".join(f"{n}. {line}" for n, line in enumerate(text.split("\n"), start=1))


def evidence_pages(draft: MinutesDraft) -> list[str]:
    """原文依据: every consensus point, disagreement and action with the transcript lines it came from."""
    blocks = []
    for key in ("consensus", "disagreements", "actions"):
        section = SECTION_BY_KEY[key]
        lines = editable_text(draft, section).split("\n")
        sources = minutes_final.sources_of(draft, key)
        if not sources:
            blocks.append(f"【{section.label}】无")
            continue
        block = [f"【{section.label}】"]
        for number, (line, refs) in enumerate(zip(lines, sources, strict=False), start=1):
            block.append(f"{number}. {_clip(line)}")
            block += [
                f"    原文第 {ref.line} 行{f'（{ref.speaker}）' if ref.speaker else ''}：{_clip(ref.sentence or ref.text, 160)}"
                for ref in refs
            ] or ["    （人工填写，无原文依据）"]
        blocks.append("\n".join(block))
    return _paginate(blocks)


def _paginate(blocks: list[str]) -> list[str]:
    pages: list[str] = []
    for block in blocks:
        # A single block longer than a page (one very long speech) is cut into pieces.
        for start in range(0, len(block), MAX_MESSAGE_CHARS):
            piece = block[start : start + MAX_MESSAGE_CHARS]
            if pages and len(pages[-1]) + len(piece) + 2 <= MAX_MESSAGE_CHARS:
                pages[-1] += "\n\n" + piece
            else:
                pages.append(piece)
    return pages


# --- showing the draft ------------------------------------------------------------------------


def _current(ctx: FlowContext) -> MinutesDraft:
    return MinutesDraft.model_validate(ctx.answers["draft"])


def _listed(items: list[str]) -> list[str]:
    shown = [f"{n}. {_clip(item)}" for n, item in enumerate(items[:MAX_ITEMS_SHOWN], start=1)]
    if len(items) > MAX_ITEMS_SHOWN:
        shown.append(f"……另有 {len(items) - MAX_ITEMS_SHOWN} 条，可选择“查看全文”")
    return shown


def compact_summary(draft: MinutesDraft) -> str:
    """The whole draft at a glance, short enough for one chat message."""
    lines = [f"【标题】{draft.title}"]
    lines += [f"【{label}】{_clip(value, 200)}" for label, value in meta_lines(draft, review=True)]
    points = sum(len(v.points) for v in draft.views)
    lines.append(f"【主要意见】{len(draft.views)} 位发言人，共 {points} 条（可选择“查看全文”）")
    lines.append("【共识】")
    lines += _listed(draft.consensus) or ["会上未形成明确共识"]
    lines.append("【分歧意见】")
    lines += _listed(draft.disagreements) if draft.has_disagreements else ["无"]
    lines.append("【下一步工作】（责任单位｜工作任务｜时限）")
    lines += _listed([f"{a.owner}｜{a.task}｜{a.due}" for a in draft.actions]) or ["会上未明确具体工作任务"]
    lines.append(f"【下次会议】{_clip(draft.next_meeting) or '未明确'}")
    lines.append(f"【公开方式】{_clip(draft.publicity) or '未记录'}")
    text = "\n".join(lines)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "……"


def full_pages(draft: MinutesDraft) -> list[str]:
    """The full draft split at section boundaries into pages that each fit one chat message."""
    blocks = ["\n".join([f"【标题】{draft.title}"] + [f"【{label}】{value}" for label, value in meta_lines(draft, review=True)])]
    if draft.summary:
        blocks.append(f"【会议概况】{draft.summary}")
    blocks.append("【主要意见】")
    for view in draft.views:
        blocks.append("\n".join([person_label(draft, view.speaker)] + [f"  · {p}" for p in view.points]))
    for section in ("consensus", "disagreements", "actions"):
        label = SECTION_BY_KEY[section].label
        blocks.append(f"【{label}】\n" + editable_text(draft, SECTION_BY_KEY[section]))
    blocks.append(f"【下次会议】{draft.next_meeting or '未明确'}\n【公开方式】{draft.publicity or '未记录'}")
    return _paginate(blocks)


def _review_question(ctx: FlowContext) -> str:
    edited = ctx.answers.get("edited") or []
    head = f"已修改：{'、'.join(edited)}。以下是更新后的纪要，请审核：" if edited else "会议纪要初稿已生成，请审核："
    if note := ctx.answers["source"].get("note"):
        head = f"{note}\n{head}"
    if date_note := ctx.answers.get("date_note"):
        head = f"{date_note}\n{head}"
    return f"{head}\n{compact_summary(_current(ctx))}\n\n请选择："


REVIEW_CHOICES = (
    Choice("通过并保存", "approve"),
    Choice("查看全文", "full"),
    Choice("修改某一部分", "edit"),
    Choice("重新上传", "reupload"),
    Choice("查看原文依据", "evidence"),
)
REVIEW_NEXT = {"approve": END, "full": "full", "evidence": "full", "edit": "edit_section", "reupload": "source"}


def _pages(ctx: FlowContext) -> list[str]:
    draft = _current(ctx)
    return evidence_pages(draft) if ctx.answers.get("review") == "evidence" else full_pages(draft)


def _full_question(ctx: FlowContext) -> str:
    pages = _pages(ctx)
    page = min(ctx.answers.get("page", 0), len(pages) - 1)
    what = "原文依据" if ctx.answers.get("review") == "evidence" else "纪要全文"
    return f"{what}（第 {page + 1}/{len(pages)} 页）：\n{pages[page]}"


def _full_choices(ctx: FlowContext) -> list[Choice]:
    more = ctx.answers.get("page", 0) + 1 < len(_pages(ctx))
    return [Choice("下一页", "next"), Choice("返回审核", "review")] if more else [Choice("返回审核", "review")]


def _edit_question(ctx: FlowContext) -> str:
    section = SECTION_BY_KEY[ctx.answers["edit_section"]]
    current = numbered_text(_current(ctx), section)
    if len(current) > MAX_MESSAGE_CHARS - 700:
        current = current[: MAX_MESSAGE_CHARS - 700] + "\n……（内容较长，仅显示开头部分）"
    single = f"\n{ITEM_HELP}" if section.key in ITEM_SECTIONS else ""
    return (
        f"「{section.label}」目前的内容：\n{current}\n\n"
        f"请输入修改后的完整内容（{section.how}），将整体替换原内容；多行内容可一次粘贴，"
        f"也可以发送 .txt / .docx 文件。{single}"
    )


# --- step callbacks ---------------------------------------------------------------------------


def _draft_source(value: dict[str, str], ctx: FlowContext) -> dict[str, Any]:
    """Drafts the minutes from the text; an unusable transcript is asked for again."""
    try:
        drafted = ctx.services.drafter.minutes(value["text"])
    except TranscriptError as exc:
        raise Invalid(exc.message_zh) from None
    except Exception:  # a drafter bug on odd input must not leave the user stuck at this step
        log.exception("offline minutes drafter failed")
        raise Invalid("起草纪要时出现内部错误，已记录在日志中。请检查记录格式后重新提交，或联系管理员。") from None
    # A record dated "11月18日" without a year anywhere: the year of the drafting day, said as such
    # (the linked consultation's date replaces it at the next step).
    draft = settle_meeting_day(drafted.value, today=ctx.now.date())
    return {**value, "draft": draft.model_dump(mode="json"), "drafted_by": drafted.source, "note": drafted.note}


def _start_working_copy(ctx: FlowContext) -> None:
    """A new transcript starts a fresh working copy; earlier edits belonged to the old one."""
    for key in ("edit_section", "edit_content", "edited", "page"):
        ctx.answers.pop(key, None)
    ctx.answers["draft"] = ctx.answers["source"]["draft"]


def _open_first_page(ctx: FlowContext) -> None:
    ctx.answers["page"] = 0


def _turn_page(ctx: FlowContext) -> None:
    if ctx.answers["full"] == "next":
        ctx.answers["page"] = ctx.answers.get("page", 0) + 1


def _check_edit(value: dict[str, str] | str, ctx: FlowContext) -> Any:
    """Typed, pasted or uploaded text: one item by number, or the whole section."""
    text = value["text"] if isinstance(value, dict) else value
    if len(text) > MAX_EDIT_CHARS:
        raise Invalid(f"内容约 {len(text)} 字，超过单个部分 {MAX_EDIT_CHARS} 字的上限，请精简后重新输入。")
    section = SECTION_BY_KEY[ctx.answers["edit_section"]]
    command = parse_item_command(section, text, _current(ctx))
    if command is not None:
        return {"command": command}
    return {"whole": parse_section(section, text)}


def _apply_edit(ctx: FlowContext) -> None:
    """Writes the edited section (or one item of it) into the working copy, validated as a whole draft."""
    section = SECTION_BY_KEY[ctx.answers["edit_section"]]
    value = ctx.answers["edit_content"]
    if isinstance(value, dict) and "command" in value:
        draft = apply_item_command(_current(ctx), section, value["command"])
    else:
        whole = value["whole"] if isinstance(value, dict) and "whole" in value else value
        updated = {**ctx.answers["draft"], section.key: whole}
        if section.key in minutes_final.SOURCE_KEYS:  # typed by staff: no 原文依据
            updated[minutes_final.SOURCE_KEYS[section.key]] = []
        draft = MinutesDraft.model_validate(updated)
    ctx.answers["draft"] = draft.model_dump(mode="json")
    edited = [label for label in ctx.answers.get("edited") or [] if label != section.label]
    ctx.answers["edited"] = [*edited, section.label]


def _consultation_choices(ctx: FlowContext) -> list[Choice]:
    choices = []
    for consultation in minutes_service.linkable_consultations(ctx.session, ctx.person):
        when = consultation.held_at or consultation.scheduled_at
        day = f"，{when:%Y-%m-%d}" if when else ""
        choices.append(Choice(f"{consultation.title}（{consultation.status.label}{day}）", str(consultation.id)))
    return [*choices, Choice("不关联", "none")]


def _use_known_participants(ctx: FlowContext) -> None:
    """A linked consultation's participant list resolves speaker labels the record leaves
    unexplained ("老李", a bare name in a recognition export); the offline draft is redone with it."""
    linked = ctx.answers.get("consultation")
    source = ctx.answers["source"]
    if not linked or linked == "none":
        return
    held = minutes_service.consultation_day(ctx.session, int(linked))
    people = minutes_service.known_people(ctx.session, int(linked))
    draft = MinutesDraft.model_validate(source["draft"])
    if people and source.get("drafted_by", "offline") == "offline":
        with contextlib.suppress(TranscriptError):  # the first reading stays
            draft = draft_minutes(source["text"], known_people=people)
    # The linked consultation says which year "11月18日" was, better than the drafting day.
    draft = settle_meeting_day(draft, reference_day=held, today=ctx.now.date())
    source["draft"] = draft.model_dump(mode="json")
    ctx.answers["draft"] = source["draft"]


def session_date_note(written: str, session_day: date, session_text: str) -> tuple[str, str | None]:
    """The meeting time of linked minutes and a warning: the session's record decides the day.

    A transcript stating another day (last year's file, a typo) does not move the meeting, nor every
    deadline counted from it; the user is told, and may still correct 时间 in the review.
    """
    stated = find_date(written or "")
    if stated == session_day:
        return written, None
    if stated is None:
        return session_text, None
    return session_text, (
        f"⚠️ 记录中写的会议日期是 {stated.year}年{stated.month}月{stated.day}日，与所关联协商活动的时间（{session_text}）不一致，"
        "纪要按协商活动的时间记载，落实时限也据此推算；如协商活动的时间有误，请在“修改某一部分”中更正“时间”。"
    )


def _adopt_session(ctx: FlowContext) -> None:
    """Linking minutes to a session: its participants resolve speakers, and its day is the meeting's."""
    _use_known_participants(ctx)
    ctx.answers.pop("date_note", None)
    linked = ctx.answers.get("consultation")
    if not linked or linked == "none":
        return
    moment = minutes_service.consultation_moment(ctx.session, int(linked))
    if moment is None:
        return
    draft = ctx.answers["draft"]
    when, note = session_date_note(draft.get("date", ""), moment.date(), consultations.format_when(moment))
    ctx.answers["draft"] = {**draft, "date": when}
    if note:
        ctx.answers["date_note"] = note


def _has_consultations(ctx: FlowContext) -> bool:
    return bool(minutes_service.linkable_consultations(ctx.session, ctx.person, limit=1))


def _signature(ctx: FlowContext) -> tuple[str, str]:
    """落款 of the 定稿: the organisation of whoever approves it, and the day."""
    organisation = ctx.person.organisation.name if ctx.person.organisation else "政协办公室"
    return organisation, chinese_date(ctx.now)


def _save(ctx: FlowContext) -> list[Reply]:
    """Stores the approved minutes, returns the documents, and indexes them after commit."""
    a = ctx.answers
    # The 定稿: summary, counts and dissenters from what the minutes finally say. A summary staff
    # wrote, or a model's summary of content nobody changed, is kept as written.
    edited = a.get("edited") or []
    unchanged_model_draft = a["source"].get("drafted_by") == "llm" and not edited
    final = finalise(_current(ctx), keep_summary="会议概况" in edited or unchanged_model_draft)
    linked = a.get("consultation")
    minutes = minutes_service.approve_minutes(
        ctx.session,
        ctx.person,
        original=MinutesDraft.model_validate(a["source"]["draft"]),
        final=final,
        source_text=a["source"]["text"],
        source_filename=a["source"].get("filename"),
        consultation_id=int(linked) if linked and linked != "none" else None,
        now=ctx.now,
        drafted_by=a["source"].get("drafted_by", "offline"),
    )
    organisation = ctx.person.organisation.name if ctx.person.organisation else None
    index = getattr(ctx.services, "index_past_session", None)
    if index is not None:
        entry = minutes_service.index_entry(minutes, organisation)
        ctx.after_commit.append(lambda: index(**entry))

    lines = [f"会议纪要已定稿并保存（编号 {minutes.id}）：{final.title}"]
    if minutes.consultation is not None:
        held = minutes.consultation.status is SessionStatus.HELD
        state = "已标记为“已召开”" if held else "该活动时间未到，时间到后才计为“已召开”"
        lines.append(f"已关联协商活动：{minutes.consultation.title}（{state}）")
    if final.has_disagreements:
        who = f"（{'、'.join(final.dissenters)}）" if final.dissenters else ""
        lines.append(
            f"纪要记录了 {len(final.disagreements)} 条分歧意见{who}。按照实施意见三（七），"
            "对持不同意见的群众要及时做好解释说明工作。"
        )
    lines.append("Word 和 Markdown 文件见附件。下一步可发送 /outcome 登记成果采纳、落实和反馈情况。")
    name = f"会议纪要-{minutes.id}-{file_stem(final.title, 40, '会议纪要')}"
    attachments = [
        Attachment(f"{name}.docx", render_minutes_docx(final, final=True, signature=_signature(ctx)), DOCX_MIME),
        Attachment(f"{name}.md", render_minutes_markdown(final, final=True).encode("utf-8"), MARKDOWN_MIME),
    ]
    return [Reply("\n".join(lines), attachments=attachments)]


FLOW = Flow(
    name="minutes",
    command="minutes",
    title="会议纪要",
    summary="根据会议记录或转写稿起草、修改并定稿会议纪要",
    refuse=refuse_unless(Action.RECORD_MINUTES),
    steps=(
        Step(
            "source",
            "请直接粘贴会议记录，或上传会议记录文件（.txt、.docx，不超过 20 万字）。"
            "记录中每段发言请写明发言人，如“张三（居民代表）：……”。",
            kind=InputKind.DOCUMENT,
            max_chars=MAX_TRANSCRIPT_CHARS,
            validate=_draft_source,
            effect=_start_working_copy,
            hint="长篇记录请以文件形式上传（单条消息有字数上限）。",
            example=EXAMPLE_TRANSCRIPT,
        ),
        Step(
            "consultation",
            "本纪要属于哪一次协商活动？（关联后，活动时间已过的将标记为“已召开”）",
            kind=InputKind.CHOICE,
            choices=_consultation_choices,
            when=_has_consultations,
            effect=_adopt_session,
        ),
        Step(
            "review",
            _review_question,
            kind=InputKind.CHOICE,
            choices=REVIEW_CHOICES,
            effect=_open_first_page,
            next=lambda ctx: REVIEW_NEXT[ctx.answers["review"]],
        ),
        Step(
            "full",
            _full_question,
            kind=InputKind.CHOICE,
            choices=_full_choices,
            effect=_turn_page,
            next=lambda ctx: "full" if ctx.answers["full"] == "next" else "review",
            example="返回审核",
        ),
        Step(
            "edit_section",
            "请选择要修改的部分：",
            kind=InputKind.CHOICE,
            choices=[Choice(section.label, section.key) for section in SECTIONS],
            example="分歧意见",
        ),
        Step(
            "edit_content",
            _edit_question,
            # DOCUMENT: typed or pasted text, or a .txt/.docx file (also /file in the terminal).
            kind=InputKind.DOCUMENT,
            validate=_check_edit,
            effect=_apply_edit,
            max_chars=MAX_EDIT_CHARS,
            next="review",
            example="陈秀英：担心电梯影响一楼采光",
        ),
    ),
    finish=_save,
)
