"""Build docs/*.docx from the plain-text source in src/.

Source syntax: '# ' Heading 1, '## ' Heading 2, '- ' List Number item,
'| a | b | c' table row (first row is the header), other lines plain paragraphs.
The first line is the title (style Title)."""
import sys
from pathlib import Path
from docx import Document

here = Path(__file__).resolve().parent
src = here / "dongshan-2026-7-weiyuan-lianxi-shequ.src.txt"
out = here.parent / "docs" / "dongshan-2026-7-weiyuan-lianxi-shequ.docx"

lines = [l.rstrip("\n") for l in src.read_text(encoding="utf-8").splitlines() if l.strip()]
doc = Document()
doc.add_paragraph(lines[0], style="Title")
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

for l in lines[1:]:
    if l.startswith("|"):
        rows.append([c.strip() for c in l.strip("|").split("|")])
        continue
    flush()
    if l.startswith("## "):
        doc.add_paragraph(l[3:], style="Heading 2")
    elif l.startswith("# "):
        doc.add_paragraph(l[2:], style="Heading 1")
    elif l.startswith("- "):
        doc.add_paragraph(l[2:], style="List Number")
    else:
        doc.add_paragraph(l)
flush()
doc.save(out)
print("wrote", out)
