"""Build docs/baihe-xieshang-yishihui-liucheng.docx from src/baihe-xieshang-yishihui-liucheng.txt.

Markup of the source: "# " Heading 1 (一、), "## " Heading 2 (（一）), "- " List Number item,
"| a | b | c" table row (first row is the header), "!" title line; other lines are plain paragraphs.
"""
from pathlib import Path
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent
NAME = "baihe-xieshang-yishihui-liucheng"


def build(src=HERE / "src" / f"{NAME}.txt", out=HERE / "docs" / f"{NAME}.docx"):
    lines = [l.rstrip("\n") for l in Path(src).read_text(encoding="utf-8").splitlines() if l.strip()]
    doc = Document()
    rows = []

    def flush_table():
        if not rows:
            return
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                t.cell(i, j).text = c
        rows.clear()

    for l in lines:
        if l.startswith("|"):
            rows.append([c.strip() for c in l.strip("|").split("|")])
            continue
        flush_table()
        if l.startswith("## "):
            doc.add_heading(l[3:], level=2)
        elif l.startswith("# "):
            doc.add_heading(l[2:], level=1)
        elif l.startswith("- "):
            doc.add_paragraph(l[2:], style="List Number")
        elif l.startswith("!"):
            doc.add_paragraph(l[1:], style="Title")
        else:
            p = doc.add_paragraph(l)
            if l.startswith(("中共旌川县白鹤镇委员会", "白鹤委发", "2025年")):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    flush_table()
    doc.core_properties.title = "白鹤镇村（社区）协商议事会工作流程"
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build())
