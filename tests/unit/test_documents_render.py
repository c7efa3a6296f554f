"""The minutes as a Word document and as Markdown: the sections a reviewer expects, in order."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from assistant.drafting.documents import (
    ACTION_COLUMNS,
    NO_NEXT_MEETING,
    SECTION_HEADINGS,
    render_minutes_docx,
    render_minutes_markdown,
)
from assistant.drafting.official_docx import TITLE_FONT
from assistant.drafting.schemas import ActionItem, MinutesDraft, Participant, SpeakerViews


@pytest.fixture
def draft() -> MinutesDraft:
    return MinutesDraft(
        title="关于锦江花园加装电梯的协商会议纪要",
        date="2024年11月28日下午",
        location="锦江社区会议室",
        host="王芳",
        participants=[
            Participant(name="王芳", role="社区党委书记"),
            Participant(name="李强", role="区住建局副局长"),
            Participant(name="刘某", role="居民代表"),
        ],
        summary="2024年11月28日下午，社区党委书记王芳主持召开协商会议。会议形成1项共识。",
        views=[
            SpeakerViews(speaker="李强", points=["每部电梯财政补助20万元", "两周内组织现场勘察。"]),
            SpeakerViews(speaker="刘某", points=["担心一楼采光受影响。"]),
        ],
        consensus=["大家一致同意5栋先行启动加装电梯。"],
        disagreements=["居民代表刘某：担心一楼采光受影响。"],
        actions=[
            ActionItem(owner="区住建局", task="出具初步设计方案", due="12月15日前"),
            ActionItem(owner="物业公司", task="测算维保费用", due=""),
        ],
        next_meeting="",
        publicity="在小区公示栏和社区微信公众号公示。",
    )


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_docx_title_is_centred_bold_in_the_official_title_font(draft):
    document = open_docx(render_minutes_docx(draft))
    title = document.paragraphs[0]
    assert title.text == draft.title
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.bold
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == TITLE_FONT


def test_docx_has_meeting_facts_and_all_sections_in_order(draft):
    texts = [p.text for p in open_docx(render_minutes_docx(draft)).paragraphs]
    assert "时间：2024年11月28日下午" in texts
    assert "地点：锦江社区会议室" in texts
    assert "主持人：王芳（社区党委书记）" in texts
    assert "参加人员：王芳（社区党委书记）、李强（区住建局副局长）、刘某（居民代表）" in texts
    positions = [texts.index(heading) for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "（一）李强（区住建局副局长）" in texts
    assert "1．每部电梯财政补助20万元。" in texts  # a closing 。 is added where missing
    assert "1．居民代表刘某：担心一楼采光受影响。" in texts
    assert NO_NEXT_MEETING in texts  # nothing said about the next meeting: say so, do not leave blank


def test_docx_action_table_has_the_four_columns_and_pending_due(draft):
    table = open_docx(render_minutes_docx(draft)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(ACTION_COLUMNS)
    assert rows[1:] == [["1", "出具初步设计方案", "区住建局", "12月15日前"], ["2", "测算维保费用", "物业公司", "待定"]]


@pytest.mark.parametrize("disagreements", [[], ["无"]])
def test_docx_without_dissent_still_shows_the_section_with_wu(draft, disagreements):
    # model_copy skips validation, so an empty list can reach the renderer: it must still say 无.
    draft = draft.model_copy(update={"disagreements": disagreements})
    texts = [p.text for p in open_docx(render_minutes_docx(draft)).paragraphs]
    assert texts[texts.index("三、分歧意见") + 1] == "无。"
    assert "## 三、分歧意见\n\n无。" in render_minutes_markdown(draft)


def test_schema_turns_an_empty_dissent_list_into_wu():
    assert MinutesDraft(title="协商会议纪要", disagreements=[]).disagreements == ["无"]


def test_docx_registers_fallback_fonts_for_machines_without_them(draft):
    document = open_docx(render_minutes_docx(draft))
    font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    xml = font_table.blob.decode("utf-8")
    assert re.search(rf'w:name="{TITLE_FONT}"><w:altName w:val="宋体"/>', xml)


def test_docx_without_actions_keeps_the_table_header_and_says_none(draft):
    draft = draft.model_copy(update={"actions": []})
    document = open_docx(render_minutes_docx(draft))
    assert [c.text for c in document.tables[0].rows[0].cells] == list(ACTION_COLUMNS)
    assert len(document.tables[0].rows) == 1
    assert "会上未明确具体工作任务。" in [p.text for p in document.paragraphs]


def test_markdown_has_the_same_sections_and_table(draft):
    markdown = render_minutes_markdown(draft)
    assert markdown.startswith(f"# {draft.title}\n")
    positions = [markdown.index(f"## {heading}") for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "**主持人**：王芳（社区党委书记）" in markdown
    assert "| 序号 | 工作任务 | 责任单位 | 时限 |" in markdown
    assert "| 2 | 测算维保费用 | 物业公司 | 待定 |" in markdown
    assert "1. 居民代表刘某：担心一楼采光受影响。" in markdown


def test_markdown_table_cells_cannot_break_the_table(draft):
    draft = draft.model_copy(update={"actions": [ActionItem(owner="街道办|社区", task="协调\n施工", due="月底前")]})
    row = next(line for line in render_minutes_markdown(draft).splitlines() if line.startswith("| 1 |"))
    assert row.count("|") == 5
