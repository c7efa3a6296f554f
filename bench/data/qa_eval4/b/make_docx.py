#!/usr/bin/env python3
"""Build docs/*.docx from the plain-text sources in src/.

Source markup (one paragraph per line):
  @title X   -> Title style paragraph (title block)
  # X        -> Heading 1   (一、 parts)
  ## X       -> Heading 2   (（一） items)
  - X        -> List Number (Word auto-numbered list; the "1." is not typed)
  | a | b | c  -> consecutive lines form one table (first row = header row)
  other      -> Normal paragraph
Run with a python that has python-docx:  /tmp/dvqb/bin/python make_docx.py
"""
import os, sys
from docx import Document
from docx.shared import Pt
from docx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = {"yunxiuzhen-yishijingfei-xize.txt": "yunxiuzhen-yishijingfei-xize.docx"}


def set_font(doc):
    st = doc.styles["Normal"]
    st.font.name = "宋体"
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def build(src, dst):
    doc = Document()
    set_font(doc)
    lines = [l.rstrip("\n") for l in open(src, encoding="utf-8")]
    table_rows = []

    def flush_table():
        if not table_rows:
            return
        t = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        t.style = "Table Grid"
        for i, row in enumerate(table_rows):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
                if i == 0:
                    for r in t.cell(i, j).paragraphs[0].runs:
                        r.bold = True
        table_rows.clear()

    for l in lines:
        if not l.strip():
            continue
        if l.startswith("|"):
            table_rows.append([c.strip() for c in l.strip("|").split("|")])
            continue
        flush_table()
        if l.startswith("@title "):
            doc.add_paragraph(l[7:], style="Title")
        elif l.startswith("## "):
            doc.add_heading(l[3:], level=2)
        elif l.startswith("# "):
            doc.add_heading(l[2:], level=1)
        elif l.startswith("- "):
            doc.add_paragraph(l[2:], style="List Number")
        else:
            doc.add_paragraph(l)
    flush_table()
    doc.save(dst)
    print("wrote", dst)


if __name__ == "__main__":
    for s, d in SOURCES.items():
        build(os.path.join(HERE, "src", s), os.path.join(HERE, "docs", d))
