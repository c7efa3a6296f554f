"""Official-style Word documents (党政机关公文 conventions, GB/T 9704, as far as a draft needs).

A4; title in 方正小标宋简体 二号 centred; body in 仿宋_GB2312 三号 with a fixed 28 pt line;
headings in 黑体 and 楷体_GB2312. Minutes, agendas and notices are all built from these pieces.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Fonts an office PC in China has; the fallback is written into the font table (w:altName) so
# Word substitutes a close face on machines without the 方正/GB2312 fonts.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
FONT_FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四: a four-column table does not fit in 三号
LINE_SPACING = Pt(28)  # fixed 28 pt: 22 lines a page, as in printed 公文

def set_run_font(run, east_asian: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """python-docx's font.name sets only the Latin slot; Chinese text uses w:eastAsia."""
    run.font.name = LATIN_FONT
    run_properties = run._element.get_or_add_rPr()
    fonts = run_properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _set_style_font(style, east_asian: str, size: Pt) -> None:
    style.font.name = LATIN_FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _register_font_fallbacks(document) -> None:
    """Adds <w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/></w:font> entries so Word
    substitutes the fallback face instead of a random one when the font is missing."""
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/fontTable"):
            continue
        part = rel.target_part
        xml = part.blob.decode("utf-8")
        entries = "".join(
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            for name, alt in FONT_FALLBACKS.items()
            if f'w:name="{name}"' not in xml
        )
        # The default template's font table is a plain Part whose bytes live in `_blob`.
        if entries and "</w:fonts>" in xml and hasattr(part, "_blob"):
            part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


# XML 1.0 allows no C0 control character but tab and line ends, no surrogate and not U+FFFE/U+FFFF;
# python-docx raises on them. Inputs are cleaned at the engine, but a document may also be built
# from older records or a model's draft.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


CORE_TITLE_CHARS = 255


def xml_safe(text: str) -> str:
    return _NOT_IN_XML.sub("", text or "")


def paragraph(document, text: str = "", *, font: str = BODY_FONT, size: Pt = BODY_SIZE, bold: bool = False,
               align=None, indent: bool = True):
    paragraph = document.add_paragraph()
    format_ = paragraph.paragraph_format
    format_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    format_.line_spacing = LINE_SPACING
    format_.space_before = Pt(0)
    format_.space_after = Pt(0)
    if indent:
        format_.first_line_indent = Pt(size.pt * 2)  # 首行缩进两字
    if align is not None:
        paragraph.alignment = align
    if text:
        set_run_font(paragraph.add_run(xml_safe(text)), font, size, bold)
    return paragraph


def labelled(document, label: str, value: str) -> None:
    """'时间：……' with the label in 黑体 so the eye finds the facts."""
    line = paragraph(document)
    set_run_font(line.add_run(xml_safe(f"{label}：")), HEADING_FONT, BODY_SIZE)
    set_run_font(line.add_run(xml_safe(value)), BODY_FONT, BODY_SIZE)




PAGE_NUMBER_SIZE = Pt(14)  # 四号


def _field(run, instruction: str) -> None:
    """A Word field (PAGE) that Word and LibreOffice fill in when the page is laid out."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._element.append(element)


def add_page_numbers(document) -> None:
    """"— 1 —" centred in the footer of every page, as 公文 number their pages (GB/T 9704)."""
    footer = document.sections[0].footer
    line = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(line.add_run("— "), "宋体", PAGE_NUMBER_SIZE)
    number = line.add_run()
    set_run_font(number, "宋体", PAGE_NUMBER_SIZE)
    _field(number, "PAGE")
    set_run_font(line.add_run(" —"), "宋体", PAGE_NUMBER_SIZE)


def new_document(title: str):
    """An empty A4 document with the official page margins, fonts and fallbacks."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _set_style_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    _register_font_fallbacks(document)
    add_page_numbers(document)
    # The file's metadata title: python-docx refuses one over 255 characters (a long notice title).
    document.core_properties.title = xml_safe(title)[:CORE_TITLE_CHARS]
    document.core_properties.author = "协商助手"
    return document


def title(document, text: str) -> None:
    heading = paragraph(document, text, font=TITLE_FONT, size=TITLE_SIZE, bold=True,
                        align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    heading.paragraph_format.space_after = Pt(16)


def table(document, columns: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple) -> None:
    """A bordered table with a 黑体 header row; the first column (序号) centred."""
    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading, width in zip(grid.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        cell.text = ""
        set_run_font(cell.paragraphs[0].add_run(xml_safe(heading)), HEADING_FONT, TABLE_SIZE)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = grid.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            set_run_font(cell.paragraphs[0].add_run(xml_safe(value)), BODY_FONT, TABLE_SIZE)
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def file_stem(text: str | None, limit: int, fallback: str) -> str:
    """A name fit for a file on Windows, macOS and Telegram: no path or reserved characters, no spaces."""
    return re.sub(r"[\\/:*?\"<>|\s]+", "", text or "")[:limit] or fallback


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
