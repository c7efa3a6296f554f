"""Rendering a `MinutesDraft` as an official-style Word document and as Markdown.

Layout follows the usual 党政机关公文 conventions (GB/T 9704) as far as a draft needs:
A4, title in 方正小标宋简体 二号 centred, body in 仿宋_GB2312 三号, first-level headings in
黑体 (一、二、…), second level in 楷体_GB2312 (（一）（二）…), action items as a table with
序号 / 工作任务 / 责任单位 / 时限. Both renderers show the same sections in the same order.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from assistant.drafting.schemas import MinutesDraft

# Fonts an office PC in China has; the fallback is written into the font table (w:altName) so
# Word substitutes a close face on machines without the 方正/GB2312 fonts.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
FONT_FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四: a four-column table does not fit in 三号
LINE_SPACING = Pt(28)  # fixed 28 pt: 22 lines a page, as in printed 公文

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


def meta_lines(draft: MinutesDraft) -> list[tuple[str, str]]:
    return [
        ("时间", draft.date or "（未记录）"),
        ("地点", draft.location or "（未记录）"),
        ("主持人", person_label(draft, draft.host) if draft.host else "（未记录）"),
        ("参加人员", participants_line(draft)),
    ]


def _ensure_period(text: str) -> str:
    text = text.strip()
    return text if re.search(r"[。！？；）)]$", text) else text + "。"


# --- Word ---------------------------------------------------------------------------------


def _set_run_font(run, east_asian: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """python-docx's font.name sets only the Latin slot; Chinese text uses w:eastAsia."""
    run.font.name = LATIN_FONT
    run_properties = run._element.get_or_add_rPr()
    fonts = run_properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _set_style_font(style, east_asian: str, size: Pt) -> None:
    style.font.name = LATIN_FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _register_font_fallbacks(document) -> None:
    """Adds <w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/></w:font> entries so Word
    substitutes the fallback face instead of a random one when the font is missing."""
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/fontTable"):
            continue
        part = rel.target_part
        xml = part.blob.decode("utf-8")
        entries = "".join(
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            for name, alt in FONT_FALLBACKS.items()
            if f'w:name="{name}"' not in xml
        )
        # The default template's font table is a plain Part whose bytes live in `_blob`.
        if entries and "</w:fonts>" in xml and hasattr(part, "_blob"):
            part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


def _paragraph(document, text: str = "", *, font: str = BODY_FONT, size: Pt = BODY_SIZE, bold: bool = False,
               align=None, indent: bool = True):
    paragraph = document.add_paragraph()
    format_ = paragraph.paragraph_format
    format_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    format_.line_spacing = LINE_SPACING
    format_.space_before = Pt(0)
    format_.space_after = Pt(0)
    if indent:
        format_.first_line_indent = Pt(size.pt * 2)  # 首行缩进两字
    if align is not None:
        paragraph.alignment = align
    if text:
        _set_run_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _labelled(document, label: str, value: str) -> None:
    """'时间：……' with the label in 黑体 so the eye finds the facts."""
    paragraph = _paragraph(document)
    _set_run_font(paragraph.add_run(f"{label}："), HEADING_FONT, BODY_SIZE)
    _set_run_font(paragraph.add_run(value), BODY_FONT, BODY_SIZE)


def _numbered(document, items: list[str]) -> None:
    for number, item in enumerate(items, start=1):
        _paragraph(document, f"{number}．{_ensure_period(item)}")


def _action_table(document, draft: MinutesDraft) -> None:
    table = document.add_table(rows=1, cols=len(ACTION_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(14), Mm(86), Mm(36), Mm(24))
    for cell, title, width in zip(table.rows[0].cells, ACTION_COLUMNS, widths, strict=True):
        cell.width = width
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        _set_run_font(run, HEADING_FONT, TABLE_SIZE)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, action in enumerate(draft.actions, start=1):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, (str(number), action.task, action.owner, action.due), widths, strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(value)
            _set_run_font(run, BODY_FONT, TABLE_SIZE)
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_minutes_docx(draft: MinutesDraft) -> bytes:
    """The minutes as a .docx file (bytes), ready to attach or save."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _set_style_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    _register_font_fallbacks(document)
    document.core_properties.title = draft.title
    document.core_properties.author = "协商助手"

    title = _paragraph(document, draft.title, font=TITLE_FONT, size=TITLE_SIZE, bold=True,
                       align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title.paragraph_format.space_after = Pt(16)
    for label, value in meta_lines(draft):
        _labelled(document, label, value)
    if draft.summary:
        _paragraph(document, draft.summary)

    headings = iter(SECTION_HEADINGS)
    _paragraph(document, next(headings), font=HEADING_FONT)
    for number, view in enumerate(draft.views, start=1):
        _paragraph(document, f"（{_ordinal(number)}）{person_label(draft, view.speaker)}", font=SUBHEADING_FONT)
        _numbered(document, view.points)
    if not draft.views:
        _paragraph(document, "（未记录）")

    _paragraph(document, next(headings), font=HEADING_FONT)
    _numbered(document, draft.consensus) if draft.consensus else _paragraph(document, "会上未形成明确共识。")

    _paragraph(document, next(headings), font=HEADING_FONT)
    if draft.has_disagreements:
        _numbered(document, draft.disagreements)
    else:
        _paragraph(document, "无。")

    _paragraph(document, next(headings), font=HEADING_FONT)
    _action_table(document, draft)
    if not draft.actions:
        _paragraph(document, NO_ACTIONS)

    _paragraph(document, next(headings), font=HEADING_FONT)
    _paragraph(document, _ensure_period(draft.next_meeting) if draft.next_meeting else NO_NEXT_MEETING)
    _paragraph(document, next(headings), font=HEADING_FONT)
    _paragraph(document, _ensure_period(draft.publicity) if draft.publicity else "（未记录）")

    _paragraph(document, DRAFT_NOTE, size=Pt(12), indent=False).paragraph_format.space_before = Pt(16)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Markdown -----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render_minutes_markdown(draft: MinutesDraft) -> str:
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
    lines += [f"*{DRAFT_NOTE}*", ""]
    return "\n".join(lines)
