"""Generated Word files accept any text: python-docx refuses XML-incompatible characters itself."""

from __future__ import annotations

import io

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.drafting.documents import render_minutes_docx
from assistant.drafting.outcome_documents import render_letter_docx
from assistant.drafting.schemas import ActionItem, MinutesDraft, Participant

any_text = st.text(st.characters(blacklist_categories=()), min_size=1, max_size=60)


def _text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@settings(max_examples=60, deadline=None)
@given(any_text, any_text)
def test_minutes_with_any_characters_render_and_keep_the_readable_text(title, owner):
    draft = MinutesDraft(
        title="纪要\x00" + title, participants=[Participant(name="张三\x0b", role="居民\ud800代表")],
        summary="会议\x1b概况", actions=[ActionItem(owner=owner, task="勘察\ufffe现场", due="两周内")],
    )
    text = _text_of(render_minutes_docx(draft))
    assert "纪要" in text and "勘察现场" in text and "会议概况" in text


def test_a_letter_with_control_characters_renders():
    text = _text_of(render_letter_docx("尊敬的\x00居民：\n您好\x1b！\n特此说明。"))
    assert "尊敬的居民" in text and "您好！" in text


def test_a_title_over_255_characters_renders():
    """python-docx caps the file's metadata title at 255 characters; the visible title stays whole."""
    title = "关于" + "锦江花园小区加装电梯" * 30 + "的协商成果公示"
    draft = MinutesDraft(title=title)
    document = docx.Document(io.BytesIO(render_minutes_docx(draft)))
    assert title in "\n".join(p.text for p in document.paragraphs)
    assert len(document.core_properties.title) <= 255
