"""Builds pa03_baiyi_fangzhi.docx from src/pa03_baiyi_fangzhi_source.txt (adapted from /work/prompts/make_docx.py).
Source markup: PAGE_HEADER:/TITLE:/HEADER:/SIGNIN: name|unit|duty/FOOTER: lines, '## ' headings, PAGEBREAK,
every other non-empty line is one paragraph.  Run: /usr/bin/python3 src/make_pa03_docx.py  (needs python-docx)"""
from pathlib import Path
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "pa03_baiyi_fangzhi_source.txt"
OUT = HERE.parent / "pa03_baiyi_fangzhi.docx"


def main():
    spec = {"header": [], "signin": [], "body": []}
    for line in SRC.read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if not line:
            continue
        for key in ("PAGE_HEADER", "TITLE", "FOOTER"):
            if line.startswith(key + ": "):
                spec[key] = line[len(key) + 2:]
                break
        else:
            if line.startswith("HEADER: "):
                spec["header"].append(line[8:])
            elif line.startswith("SIGNIN: "):
                spec["signin"].append(line[8:].split("|"))
            else:
                spec["body"].append(line)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    doc.sections[0].header.paragraphs[0].text = spec["PAGE_HEADER"]
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = t.add_run(spec["TITLE"])
    r.bold = True
    r.font.size = Pt(18)
    for line in spec["header"]:
        doc.add_paragraph(line)
    doc.add_paragraph("签到表")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "姓名", "单位", "职务")):
        cell.text = text
    for i, (name, unit, duty) in enumerate(spec["signin"], 1):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = str(i), name, unit, duty
    for line in spec["body"]:
        if line == "PAGEBREAK":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_paragraph(spec["PAGE_HEADER"] + "    第2页")
        elif line.startswith("## "):
            doc.add_paragraph().add_run(line[3:]).bold = True
        else:
            doc.add_paragraph(line)
    if spec.get("FOOTER"):
        doc.add_paragraph(spec["FOOTER"])
    doc.save(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
