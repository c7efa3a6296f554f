"""Rendering a `MinutesDraft` as an official-style Word document and as Markdown.

Layout follows the usual 党政机关公文 conventions (GB/T 9704) as far as a draft needs:
A4, title in 方正小标宋简体 二号 centred, body in 仿宋_GB2312 三号, first-level headings in
黑体 (一、二、…), second level in 楷体_GB2312 (（一）（二）…), action items as a table with
序号 / 工作任务 / 责任单位 / 时限. Both renderers show the same sections in the same order.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from assistant.drafting.official_docx import (
    HEADING_FONT,
    SUBHEADING_FONT,
    labelled,
    new_document,
    paragraph,
    table,
    title,
    to_bytes,
)
from assistant.drafting.schemas import MinutesDraft

SECTION_HEADINGS = ("一、主要意见", "二、达成的共识", "三、分歧意见", "四、下一步工作", "五、下次会议", "六、公开方式")
ACTION_COLUMNS = ("序号", "工作任务", "责任单位", "时限")
NO_NEXT_MEETING = "会上未明确，视工作推进情况另行商定。"
NO_ACTIONS = "会上未明确具体工作任务。"
DRAFT_NOTE = "（本纪要为协商助手离线起草的初稿，请经办人员核对后按程序审定、印发。）"
CHINESE_ORDINALS = "一二三四五六七八九十"


def _ordinal(number: int) -> str:
    """1 -> 一, 12 -> 十二, 25 -> 二十五 (enough for 99 speakers)."""
    if number <= 10:
        return CHINESE_ORDINALS[number - 1]
    tens, ones = divmod(number, 10)
    prefix = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return prefix + "十" + (CHINESE_ORDINALS[ones - 1] if ones else "")


def person_label(draft: MinutesDraft, name: str) -> str:
    """'刘德明（3栋居民代表）' — the name first, as a participant list reads."""
    for person in draft.participants:
        if person.name == name and person.role:
            return f"{name}（{person.role}）"
    return name


def participants_line(draft: MinutesDraft) -> str:
    return "、".join(person_label(draft, p.name) for p in draft.participants) or "（未记录）"


def meta_lines(draft: MinutesDraft, review: bool = False) -> list[tuple[str, str]]:
    """The header facts; in review the 时间 also says where a year the record left out came from."""
    when = draft.date or "（未记录）"
    if review and draft.meeting_day_basis:
        when += f"（{draft.meeting_day_basis}）"
    return [
        ("时间", when),
        ("地点", draft.location or "（未记录）"),
        ("主持人", person_label(draft, draft.host) if draft.host else "（未记录）"),
        ("参加人员", participants_line(draft)),
        *([("记录人", draft.recorder)] if draft.recorder else []),
    ]


def _ensure_period(text: str) -> str:
    text = text.strip()
    return text if re.search(r"[。！？；）)]$", text) else text + "。"


# --- Word ---------------------------------------------------------------------------------


def _numbered(document, items: list[str]) -> None:
    for number, item in enumerate(items, start=1):
        paragraph(document, f"{number}．{_ensure_period(item)}")


def _action_table(document, draft: MinutesDraft) -> None:
    rows = [(str(n), action.task, action.owner, action.due) for n, action in enumerate(draft.actions, start=1)]
    table(document, ACTION_COLUMNS, rows, (Mm(14), Mm(86), Mm(36), Mm(24)))


def render_minutes_docx(draft: MinutesDraft, final: bool = False, signature: tuple[str, str] | None = None) -> bytes:
    """The minutes as a .docx file (bytes), ready to attach or save.

    `final` is the approved 定稿: it no longer says it is an unchecked draft. `signature` is its
    落款 (the organisation and the day it was approved), right-aligned at the end."""
    document = new_document(draft.title)
    title(document, draft.title)
    for label, value in meta_lines(draft):
        labelled(document, label, value)
    if draft.summary:
        paragraph(document, draft.summary)

    headings = iter(SECTION_HEADINGS)
    paragraph(document, next(headings), font=HEADING_FONT)
    for number, view in enumerate(draft.views, start=1):
        paragraph(document, f"（{_ordinal(number)}）{person_label(draft, view.speaker)}", font=SUBHEADING_FONT)
        _numbered(document, view.points)
    if not draft.views:
        paragraph(document, "（未记录）")

    paragraph(document, next(headings), font=HEADING_FONT)
    _numbered(document, draft.consensus) if draft.consensus else paragraph(document, "会上未形成明确共识。")

    paragraph(document, next(headings), font=HEADING_FONT)
    if draft.has_disagreements:
        _numbered(document, draft.disagreements)
    else:
        paragraph(document, "无。")

    paragraph(document, next(headings), font=HEADING_FONT)
    _action_table(document, draft)
    if not draft.actions:
        paragraph(document, NO_ACTIONS)

    paragraph(document, next(headings), font=HEADING_FONT)
    paragraph(document, _ensure_period(draft.next_meeting) if draft.next_meeting else NO_NEXT_MEETING)
    paragraph(document, next(headings), font=HEADING_FONT)
    paragraph(document, _ensure_period(draft.publicity) if draft.publicity else "（未记录）")

    if not final:
        paragraph(document, DRAFT_NOTE, size=Pt(12), indent=False).paragraph_format.space_before = Pt(16)
    if signature:
        paragraph(document, "")
        for line in signature:
            paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    return to_bytes(document)


# --- Markdown -----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render_minutes_markdown(draft: MinutesDraft, final: bool = False) -> str:
    """The same sections as the Word document, for chat channels and previews."""
    lines = [f"# {draft.title}", ""]
    lines += [f"**{label}**：{value}  " for label, value in meta_lines(draft)]
    lines.append("")
    if draft.summary:
        lines += [draft.summary, ""]
    headings = iter(SECTION_HEADINGS)

    lines += [f"## {next(headings)}", ""]
    for number, view in enumerate(draft.views, start=1):
        lines += [f"### （{_ordinal(number)}）{person_label(draft, view.speaker)}", ""]
        lines += [f"{i}. {_ensure_period(point)}" for i, point in enumerate(view.points, start=1)]
        lines.append("")
    if not draft.views:
        lines += ["（未记录）", ""]

    lines += [f"## {next(headings)}", ""]
    lines += [f"{i}. {_ensure_period(c)}" for i, c in enumerate(draft.consensus, start=1)] or ["会上未形成明确共识。"]
    lines.append("")

    lines += [f"## {next(headings)}", ""]
    if draft.has_disagreements:
        lines += [f"{i}. {_ensure_period(d)}" for i, d in enumerate(draft.disagreements, start=1)]
    else:
        lines.append("无。")
    lines.append("")

    lines += [f"## {next(headings)}", ""]
    lines += ["| " + " | ".join(ACTION_COLUMNS) + " |", "| --- | --- | --- | --- |"]
    for number, action in enumerate(draft.actions, start=1):
        lines.append(f"| {number} | {_md_cell(action.task)} | {_md_cell(action.owner)} | {_md_cell(action.due)} |")
    if not draft.actions:
        lines += ["", NO_ACTIONS]
    lines.append("")

    lines += [f"## {next(headings)}", "", _ensure_period(draft.next_meeting) if draft.next_meeting else NO_NEXT_MEETING, ""]
    lines += [f"## {next(headings)}", "", _ensure_period(draft.publicity) if draft.publicity else "（未记录）", ""]
    if not final:
        lines += [f"*{DRAFT_NOTE}*", ""]
    return "\n".join(lines)
