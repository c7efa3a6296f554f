#!/usr/bin/env python3
"""Build docs/shiqiao-2026-9-zhuchiren.docx from src/shiqiao-2026-9-zhuchiren.src.txt.

Markers in the source (one paragraph per line):
  "!C " centered Normal paragraph      "!R " right-aligned Normal paragraph
  "!T " document title (Title style)   "# "  Heading 1 (一、 parts)
  "## " Heading 2 ((一) items)          "- "  List Number paragraph (numbered list)
  "| a | b |" table row (first row = header)   anything else: Normal paragraph
"""
import os
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "shiqiao-2026-9-zhuchiren.src.txt")
OUT = os.path.join(HERE, "..", "docs", "shiqiao-2026-9-zhuchiren.docx")


def set_font(style, name, size=None):
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        style.font.size = Pt(size)


def main():
    doc = Document()
    set_font(doc.styles["Normal"], "仿宋_GB2312", 16)
    set_font(doc.styles["Heading 1"], "黑体", 16)
    set_font(doc.styles["Heading 2"], "楷体_GB2312", 16)
    set_font(doc.styles["Title"], "方正小标宋简体", 22)
    lines = [l.rstrip("\n") for l in open(SRC, encoding="utf-8")]
    i = 0
    while i < len(lines):
        l = lines[i]
        if not l.strip():
            i += 1
            continue
        if l.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
                    if r == 0:
                        for run in t.cell(r, c).paragraphs[0].runs:
                            run.bold = True
            continue
        if l.startswith("## "):
            doc.add_heading(l[3:], level=2)
        elif l.startswith("# "):
            doc.add_heading(l[2:], level=1)
        elif l.startswith("- "):
            doc.add_paragraph(l[2:], style="List Number")
        elif l.startswith("!T "):
            p = doc.add_paragraph(l[3:], style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif l.startswith("!C "):
            p = doc.add_paragraph(l[3:])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif l.startswith("!R "):
            p = doc.add_paragraph(l[3:])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            doc.add_paragraph(l)
        i += 1
    doc.core_properties.title = "石桥区关于加强“有事来协商”协商主持人队伍建设的实施意见"
    doc.core_properties.author = "政协石桥区委员会办公室"
    doc.save(OUT)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
