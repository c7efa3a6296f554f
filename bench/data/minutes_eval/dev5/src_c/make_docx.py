#!/usr/bin/env python3
"""Build nc05_liuzhuan_zujin.docx from its plain-text source (python-docx)."""
import pathlib, sys
from docx import Document
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "nc05_liuzhuan_zujin.src.txt"
OUT = HERE.parent / "nc05_liuzhuan_zujin.docx"


def main():
    doc = Document()
    header_text = ""
    table = None
    for raw in SRC.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        tag, _, rest = raw.partition(" ")
        if tag == "@PAGEHEADER":
            header_text = rest
            doc.sections[0].header.paragraphs[0].text = rest
        elif tag == "@TITLE":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(rest)
            r.bold = True
            r.font.size = Pt(16)
        elif tag == "@H":
            doc.add_paragraph(rest)
        elif tag == "@SIGNIN":
            doc.add_paragraph("签到表")
            cols = rest.split("|")
            table = doc.add_table(rows=1, cols=len(cols))
            table.style = "Table Grid"
            for c, t in zip(table.rows[0].cells, cols):
                c.text = t
        elif tag == "@ROW":
            cells = table.add_row().cells
            for c, t in zip(cells, rest.split("|")):
                c.text = t
        elif tag == "@SECTION":
            p = doc.add_paragraph()
            p.add_run(rest).bold = True
        elif tag == "@PAGEHEADER_REPEAT":
            # header text as pasted into the body at a page break by the recorder
            doc.add_page_break()
            p = doc.add_paragraph(header_text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "@P":
            doc.add_paragraph(rest)
        else:
            sys.exit(f"unknown line: {raw}")
    doc.save(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
