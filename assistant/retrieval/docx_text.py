"""A Word document as the paragraphs a reader sees, in reading order, for the chunker.

`readers.read_document` gives the minutes drafter plain text (tables appended at the end).
The knowledge base needs more: a table belongs to the clause above it, an item of Word's
automatic numbering has its number only in the numbering definition, and a heading styled
"Heading 2" without a typed "（一）" is still a heading. So the body is walked in order:
  * headings without a typed marker become Markdown headings ("## 工作时限");
  * items of a numbered list get the number Word would show ("1." "2." …, restarting after
    any other paragraph);
  * each table row after the first becomes one sentence pairing the header cells with the
    row's cells ("事项：会议纪要；责任单位：记录人；时限：会后3个工作日内。").
"""

from __future__ import annotations

import io
import re

from .patterns import heading_level

_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.IGNORECASE)
_NUMBERED_STYLE = re.compile(r"List Number|列表编号", re.IGNORECASE)


def docx_paragraphs(data: bytes) -> list[str]:
    """Paragraph texts in body order; the caller has already checked the file opens."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    counter = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            if _NUMBERED_STYLE.search(style) or _has_numbering(block):
                counter += 1
                out.append(f"{counter}.{text}" if heading_level(text) is None else text)
                continue
            counter = 0
            heading = _HEADING_STYLE.match(style)
            if heading and heading_level(text) is None:
                out.append("#" * int(heading.group(1)) + " " + text)
            else:
                out.append(text)
        elif tag == "tbl":
            counter = 0
            out.extend(table_sentences(Table(block, document)))
    return out


def _has_numbering(block) -> bool:
    """Direct numbering (w:numPr) on a paragraph that is not a heading style."""
    ppr = block.pPr
    return ppr is not None and ppr.numPr is not None


def table_sentences(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or text != cells[-1]:  # merged cells repeat their text
                cells.append(text)
        rows.append(cells)
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    if not body:
        return ["；".join(c for c in header if c) + "。"]
    sentences = []
    for cells in body:
        if len(cells) == len(header):
            pairs = [f"{h}：{c}" for h, c in zip(header, cells, strict=True) if c]
        else:
            pairs = [c for c in cells if c]
        if pairs:
            sentences.append("；".join(pairs) + "。")
    return sentences
