"""A Word document reaches the chunker as a reader sees it: in order, numbered, tables as text."""

import io

import docx

from assistant.retrieval.loaders import load_file


def _document(tmp_path):
    document = docx.Document()
    document.add_paragraph("某街道议事规则")
    document.add_heading("一、会议", level=1)
    document.add_heading("（一）议程", level=2)
    document.add_paragraph("会议按照下列议程进行：")
    document.add_paragraph("主持人宣布开始；", style="List Number")
    document.add_paragraph("参会人员发言。", style="List Number")
    document.add_heading("工作时限", level=2)  # a heading style without a typed marker
    document.add_paragraph("主要事项时限如下：")
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in enumerate([("事项", "时限"), ("会议纪要", "会后3个工作日内"), ("结果公开", "7日内")]):
        table.cell(row, 0).text, table.cell(row, 1).text = a, b
    document.add_heading("二、附则", level=1)
    document.add_paragraph("本规则自印发之日起施行。")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "规则.docx"
    path.write_bytes(buffer.getvalue())
    return path


def test_docx_headings_lists_and_tables_become_clauses(tmp_path):
    source = load_file(_document(tmp_path))
    by_section = {c.section: c.text for c in source.chunks}
    # Word's automatic numbers are written out, and the items stay in their clause.
    assert "1.主持人宣布开始；" in by_section["一、（一）议程"]
    assert "2.参会人员发言。" in by_section["一、（一）议程"]
    # The table sits in the clause above it (not at the end of the file), one sentence a row.
    timing = next(text for section, text in by_section.items() if "工作时限" in section)
    assert "事项：会议纪要；时限：会后3个工作日内。" in timing
    assert "事项：结果公开；时限：7日内。" in timing
    assert any(section.startswith("二、") for section in by_section)
