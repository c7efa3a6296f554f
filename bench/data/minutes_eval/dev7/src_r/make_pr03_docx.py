"""Builds pr03_loudao_zawu.docx from src/pr03_loudao_zawu_source.txt (adapted from /work/prompts/make_docx.py).
Markup: @PAGEHEADER, @TITLE, plain header lines, @SIGNIN rows name|unit|duty, @SECTION heading, @PAGEBREAK, @FOOTER."""
from pathlib import Path
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "pr03_loudao_zawu_source.txt"
OUT = HERE.parent / "pr03_loudao_zawu.docx"

doc = Document()
st = doc.styles["Normal"]; st.font.name = "宋体"; st.font.size = Pt(12)
page_header = ""
mode = "header"
table = None
for line in SRC.read_text(encoding="utf-8").splitlines():
    if not line.strip():
        continue
    if line.startswith("@PAGEHEADER "):
        page_header = line[len("@PAGEHEADER "):]
        doc.sections[0].header.paragraphs[0].text = page_header
    elif line.startswith("@TITLE "):
        t = doc.add_paragraph(); t.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = t.add_run(line[len("@TITLE "):]); r.bold = True; r.font.size = Pt(16)
    elif line == "@SIGNIN":
        doc.add_paragraph("签到表")
        table = doc.add_table(rows=1, cols=4); table.style = "Table Grid"
        for c, x in zip(table.rows[0].cells, ("序号", "姓名", "单位", "职务")):
            c.text = x
        mode = "signin"
    elif line.startswith("@SECTION "):
        mode = "body"
        h = doc.add_paragraph(); h.add_run(line[len("@SECTION "):]).bold = True
    elif line == "@PAGEBREAK":
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph(page_header + "    第2页")
    elif line.startswith("@FOOTER "):
        doc.add_paragraph(line[len("@FOOTER "):])
    elif mode == "signin":
        name, unit, duty = line.split("|")
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = str(len(table.rows) - 1), name, unit, duty
    else:
        doc.add_paragraph(line)
doc.save(OUT)
print("wrote", OUT)
