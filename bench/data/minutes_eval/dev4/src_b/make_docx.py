"""Build mb06 word-signin .docx from src/mb06_source.txt (python-docx)."""
import sys
from pathlib import Path
from docx import Document
from docx.shared import Pt

here = Path(__file__).resolve().parent
src = here / "mb06_source.txt"
out = here.parent / "mb06_waiqiang_tuoluo.docx"
doc = Document()
rows = []
def flush():
    global rows
    if rows:
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                t.cell(i, j).text = c
        rows = []
for line in src.read_text(encoding="utf-8").splitlines():
    tag, _, text = line.partition(" ")
    if tag != "#T":
        flush()
    if tag == "#TITLE":
        doc.add_heading(text, level=0)
    elif tag == "#HEADER":
        doc.sections[0].header.paragraphs[0].text = text
    elif tag == "#H":
        doc.add_heading(text, level=1)
    elif tag == "#T":
        rows.append(text.split("|"))
    elif tag == "#P":
        doc.add_paragraph(text)
flush()
doc.save(out)
print("wrote", out)
