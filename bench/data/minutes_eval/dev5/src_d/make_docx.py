"""Build a word-signin .docx from a plain-text source.

Source format (one directive per line):
  TITLE: text            -> title paragraph
  HEADER: text           -> page header text (section header) 
  META: text             -> header block line
  TABLE:                 -> starts the 签到表; following lines "a|b|c|d" until END
  H: text                -> section heading (一、二、三、)
  REPEAT_HEADER          -> repeats the page header text as a paragraph mid-document
  anything else          -> body paragraph (blank lines skipped)
Usage: python make_docx.py src.txt out.docx
"""
import sys
from docx import Document
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH


def build(src, out):
    doc = Document()
    header_text = ""
    lines = open(src, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line.strip():
            continue
        if line.startswith("HEADER:"):
            header_text = line[7:].strip()
            doc.sections[0].header.paragraphs[0].text = header_text
        elif line.startswith("TITLE:"):
            p = doc.add_paragraph()
            r = p.add_run(line[6:].strip())
            r.bold = True
            r.font.size = Pt(16)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("META:"):
            doc.add_paragraph(line[5:].strip())
        elif line.startswith("TABLE:"):
            doc.add_paragraph("签到表")
            rows = []
            while i < len(lines) and lines[i].strip() != "END":
                if lines[i].strip():
                    rows.append(lines[i].strip().split("|"))
                i += 1
            i += 1
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
        elif line.startswith("H:"):
            p = doc.add_paragraph()
            p.add_run(line[2:].strip()).bold = True
        elif line.strip() == "REPEAT_HEADER":
            p = doc.add_paragraph(header_text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            doc.add_paragraph(line.strip())
    doc.save(out)


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
