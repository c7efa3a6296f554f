#!/usr/bin/env python3
"""Build nb06_land_certificates.docx from nb06_source.txt (python-docx)."""
import os
import docx
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "nb06_source.txt")
OUT = os.path.join(HERE, "..", "nb06_land_certificates.docx")

d = docx.Document()
style = d.styles["Normal"]
style.font.size = Pt(11)
table = None
first_header = True
for line in open(SRC, encoding="utf-8").read().splitlines():
    if not line.strip():
        continue
    if line.startswith("#TITLE "):
        d.add_heading(line[7:], level=1)
    elif line.startswith("#PAGEHEADER "):
        text = line[12:]
        if first_header:
            d.sections[0].header.paragraphs[0].text = text
            first_header = False
        else:  # the page header text as it appears mid-document in a converted/pasted record
            p = d.add_paragraph(text)
            p.runs[0].font.size = Pt(9)
    elif line.startswith("#INFO "):
        d.add_paragraph(line[6:])
    elif line.startswith("#SIGNIN "):
        d.add_paragraph(line[8:]).runs[0].bold = True
        table = d.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for c, h in zip(table.rows[0].cells, ["序号", "姓名", "单位", "职务"]):
            c.text = h
    elif line.startswith("#ROW "):
        for c, v in zip(table.add_row().cells, line[5:].split("|")):
            c.text = v
    elif line.startswith("## "):
        d.add_heading(line[3:], level=2)
    else:
        d.add_paragraph(line)
d.save(OUT)
print("wrote", OUT)
