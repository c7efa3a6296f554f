"""Build ma05 .docx (word-signin layout) from its plain-text source with python-docx.

Usage: /work/main/.venv/bin/python src/make_docx.py
Source markup: 'HEADER: x' page header; '# x' title; '## x' section heading;
'TABLE: a|b|c' header row, then rows until 'ENDTABLE'; 'PAGEBREAK' page break plus the
page-header text repeated as a body paragraph (as it appears when a record is pasted/converted).
"""
import pathlib
import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

HERE = pathlib.Path(__file__).resolve().parent
CASES = [("ma05_qingming_fanghuo.source.txt", "ma05_qingming_fanghuo.docx")]


def build(src, out):
    d = docx.Document()
    header_text = ""
    table = None
    for line in (HERE / src).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("HEADER:"):
            header_text = line[len("HEADER:"):].strip()
            hp = d.sections[0].header.paragraphs[0]
            hp.text = header_text
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("# "):
            p = d.add_paragraph()
            r = p.add_run(line[2:])
            r.bold = True
            r.font.size = Pt(16)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("## "):
            p = d.add_paragraph()
            p.add_run(line[3:]).bold = True
        elif line.startswith("TABLE:"):
            cols = line[len("TABLE:"):].strip().split("|")
            table = d.add_table(rows=1, cols=len(cols))
            table.style = "Table Grid"
            for c, t in zip(table.rows[0].cells, cols):
                c.text = t
        elif line.strip() == "ENDTABLE":
            table = None
        elif table is not None:
            for c, t in zip(table.add_row().cells, line.split("|")):
                c.text = t
        elif line.strip() == "PAGEBREAK":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            p = d.add_paragraph(header_text + "　　第2页")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            d.add_paragraph(line)
    d.save(str(HERE.parent / out))


if __name__ == "__main__":
    for s, o in CASES:
        build(s, o)
        print("wrote", o)
