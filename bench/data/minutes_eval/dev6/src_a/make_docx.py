#!/usr/bin/env python3
"""Build a word-signin .docx from a plain-text source (python-docx).
Source markup: '#PH ' page header text (first one -> section header; later ones repeated in the body),
'#T ' title, '#H ' header-block line, '#TITLE2 ' small heading, '#TABLE a|b|c' table columns,
'#ROW a|b|c' table row, '#S ' section heading; other non-empty lines are paragraphs.
Usage: make_docx.py SOURCE.txt OUT.docx"""
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

src, out = sys.argv[1], sys.argv[2]
doc = Document()
table = None
header_set = False
for line in open(src, encoding="utf-8").read().splitlines():
    if not line.strip():
        continue
    tag, _, rest = line.partition(" ")
    if tag == "#PH":
        if not header_set:
            doc.sections[0].header.paragraphs[0].text = rest
            header_set = True
        else:
            p = doc.add_paragraph(rest)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.runs[0].font.size = Pt(9)
    elif tag == "#T":
        h = doc.add_heading(rest, level=1)
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif tag == "#H":
        doc.add_paragraph(rest)
    elif tag == "#TITLE2":
        doc.add_paragraph(rest).runs[0].bold = True
    elif tag == "#TABLE":
        cols = rest.split("|")
        table = doc.add_table(rows=1, cols=len(cols))
        table.style = "Table Grid"
        for c, t in zip(table.rows[0].cells, cols):
            c.text = t
    elif tag == "#ROW":
        cells = table.add_row().cells
        for c, t in zip(cells, rest.split("|")):
            c.text = t
    elif tag == "#S":
        doc.add_heading(rest, level=2)
    else:
        doc.add_paragraph(line)
doc.save(out)
print("wrote", out)
