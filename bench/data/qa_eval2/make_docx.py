#!/usr/bin/env python3
"""Build the .docx evaluation documents from their plain-text sources.

Usage: python3 make_docx.py src/<name>.src out.docx

Source markup, one paragraph per line (blank lines ignored):
  T: text    title (centred, bold, 22pt)
  C: text    centred line (document number, issuer, date)
  R: text    right-aligned line (issuer / date block)
  H1: text   Heading 1  (一、 parts)
  H2: text   Heading 2  (（一） clauses)
  P: text    body paragraph
  L: text    item of a real Word numbered list (style "List Number");
             the number is Word's auto-numbering, not part of the text
  TR: a|b|c  table row (consecutive TR lines form one table, first row = header)
"""
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def set_font(doc, name="仿宋", size=16):
    st = doc.styles["Normal"]
    st.font.name = name
    st.font.size = Pt(size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), name)
    for hs, hn in (("Heading 1", "黑体"), ("Heading 2", "楷体")):
        h = doc.styles[hs]
        h.font.name = hn
        h.font.size = Pt(16)
        h.element.rPr.rFonts.set(qn("w:eastAsia"), hn)


def build(src, out):
    doc = Document()
    set_font(doc)
    rows = []

    def flush_table():
        if not rows:
            return
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, cell in enumerate(r):
                t.cell(i, j).text = cell
                if i == 0:
                    for run in t.cell(i, j).paragraphs[0].runs:
                        run.bold = True
        rows.clear()

    for line in open(src, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        tag, _, text = line.partition(": ")
        if tag != "TR":
            flush_table()
        if tag == "T":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(22)
        elif tag == "C":
            doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "R":
            doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif tag == "H1":
            doc.add_heading(text, level=1)
        elif tag == "H2":
            doc.add_heading(text, level=2)
        elif tag == "P":
            doc.add_paragraph(text)
        elif tag == "L":
            doc.add_paragraph(text, style="List Number")
        elif tag == "TR":
            rows.append([c.strip() for c in text.split("|")])
        else:
            raise SystemExit(f"bad line: {line!r}")
    flush_table()
    # fixed core properties so rebuilding gives the same content
    doc.core_properties.author = ""
    doc.save(out)


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
