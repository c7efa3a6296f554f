"""Turns an uploaded or ingested file into plain text, or says in Chinese why it cannot.

One place for file decoding, so the knowledge base and the minutes drafter accept
exactly the same files and refuse bad ones with the same words.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import PurePath

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
SUPPORTED = "纯文本（.txt、.md）、Word 文档（.docx）和带文字层的 PDF（.pdf）"


class UnreadableDocument(Exception):
    """A file that cannot be turned into text; `message` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_document(filename: str, data: bytes) -> str:
    """Returns the text of a .txt/.md/.docx/.pdf file, or raises UnreadableDocument."""
    name = PurePath(filename or "").name or "文件"
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise UnreadableDocument(f"文件“{name}”是空的，请检查后重新提交。")
    if len(data) > MAX_DOCUMENT_BYTES:
        size_mb = len(data) / 1024 / 1024
        raise UnreadableDocument(
            f"文件“{name}”大小为 {size_mb:.1f} MB，超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB 的上限，请拆分后分别提交。"
        )
    if suffix == ".docx":
        text = _read_docx(name, data)
    elif suffix == ".pdf":
        text = _read_pdf(name, data)
    elif suffix in TEXT_SUFFIXES:
        text = _decode_text(name, data)
    elif suffix == ".doc":
        raise UnreadableDocument(f"暂不支持旧版 Word 格式（.doc）。请将“{name}”另存为 .docx 后重新提交。")
    else:
        raise UnreadableDocument(f"暂不支持“{suffix}”格式的文件“{name}”。目前支持{SUPPORTED}。")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").strip()
    if not text:
        raise UnreadableDocument(f"文件“{name}”中没有可读取的文字。")
    return text


def _decode_text(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A byte cut off at the end (an odd length) or a lone surrogate must not refuse the whole
        # file: such a slip becomes one replacement mark, and _checked refuses a file of many.
        return _checked(name, data.decode("utf-16", errors="replace"))
    if b"\x00" in data[:8192] and (encoding := _utf16_without_bom(data)):
        try:
            return _checked(name, data.decode(encoding))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(f"文件“{name}”看起来是二进制文件而不是文本。目前支持{SUPPORTED}。")
    # GB18030 is a superset of GBK/GB2312, which older office PCs in China still save by default.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _checked(name, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(f"无法识别文件“{name}”的文字编码，请另存为 UTF-8 编码的文本后重新提交。")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for a file that reads as plain text in one of them (记事本's "Unicode")."""
    best, best_score = None, 0.9  # below this share of ordinary characters it is no text file
    for encoding in ("utf-16-le", "utf-16-be"):
        sample = data[:8192].decode(encoding, errors="replace")  # a pair cut at the end is no reason to refuse
        if sample and (score := sum(map(_ordinary, sample)) / len(sample)) > best_score:
            best, best_score = encoding, score
    return best


def _ordinary(ch: str) -> bool:
    """A character plain Chinese office text is made of: CJK, ASCII, full-width forms, punctuation."""
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t"
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2010 <= code <= 0x2027
    )


def _checked(name: str, text: str) -> str:
    """Rejects text that decoded but is mostly control characters or replacement marks."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
        if bad / len(sample) > 0.05:
            raise UnreadableDocument(f"文件“{name}”内容无法识别为正常文字（可能是二进制或已损坏）。")
    return text


# A Word file is a zip: its XML may unpack to hundreds of times its size (a "zip bomb"), and
# python-docx builds a Python object per paragraph (a 0.1 MB file of tiny paragraphs took 16 s
# and 470 MB). The body is streamed with lxml instead, within these limits.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_PARAGRAPHS = 200_000
MAX_PARSE_SECONDS = 10.0
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_XML = "word/document.xml"


class _CappedReader:
    """A file-like reader that stops once more than `limit` bytes came out of the zip."""

    def __init__(self, raw, limit: int, name: str):
        self.raw, self.limit, self.name, self.count = raw, limit, name, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 1 << 16)
        self.count += len(chunk)
        if self.count > self.limit:
            raise UnreadableDocument(_too_big(self.name))
        return chunk


def _too_big(name: str) -> str:
    return (
        f"文件“{name}”解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB（可能是异常或被压缩过度的文档），"
        "无法处理。请另存为普通 Word 文档或纯文本后重新提交。"
    )


def _read_docx(name: str, data: bytes) -> str:
    from lxml import etree  # python-docx's own XML library; imported here so plain-text paths stay light

    broken = f"文件“{name}”不是有效的 Word（.docx）文档，可能已损坏或扩展名有误。"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo(_BODY_XML)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(broken) from exc
    # Only the body is unpacked (pictures never are), so only its size matters; first as declared.
    if info.file_size > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(_too_big(name))
    deadline = time.monotonic() + MAX_PARSE_SECONDS
    lines: list[str] = []
    try:
        with archive.open(info) as raw:  # the declared size may lie: the reader counts what comes out
            events = etree.iterparse(
                _CappedReader(raw, MAX_UNPACKED_BYTES, name),
                events=("end",),
                tag=(f"{_W}p", f"{_W}tr"),
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            )
            for _event, element in events:
                line = _body_line(element)
                if line is None:
                    continue
                lines.append(line)
                _forget(element)
                if len(lines) > MAX_PARAGRAPHS:
                    raise UnreadableDocument(
                        f"文件“{name}”的段落超过 {MAX_PARAGRAPHS:,} 个，无法处理。请删去空段落或拆分后重新提交。"
                    )
                if len(lines) % 1000 == 0 and time.monotonic() > deadline:
                    raise UnreadableDocument(f"文件“{name}”结构过于复杂，未能在规定时间内读取。请另存为纯文本后重新提交。")
    except UnreadableDocument:
        raise
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnreadableDocument(f"文件“{name}”无法打开，文档内容可能已损坏。") from exc
    return "\n".join(lines)


def _body_line(element) -> str | None:
    """The text of a body paragraph or a table row (cells joined by tabs); None for nested parts."""
    parent = element.getparent()
    if element.tag == f"{_W}p":
        # A paragraph inside a table cell or a text box is read with its row or paragraph.
        return _paragraph_text(element) if parent is not None and parent.tag == f"{_W}body" else None
    table_parent = parent.getparent() if parent is not None else None
    if table_parent is None or table_parent.tag != f"{_W}body":
        return None  # a row of a table nested in a cell: read with the outer row
    cells = [
        "\n".join(_paragraph_text(p) for p in cell.iterchildren(f"{_W}p"))
        for cell in element.iterchildren(f"{_W}tc")
    ]
    return "\t".join(cells)


def _paragraph_text(paragraph) -> str:
    """Like python-docx's Paragraph.text: runs' text, tabs and breaks, in order."""
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _forget(element) -> None:
    """Frees a handled body element and its predecessors, so memory stays flat on a long file."""
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _read_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument(f"PDF 文件“{name}”已加密，请提供未加密的版本。")
        deadline = time.monotonic() + MAX_PARSE_SECONDS
        pages = []
        for page in reader.pages:
            if time.monotonic() > deadline:  # checked between pages: one page cannot be interrupted
                raise UnreadableDocument(f"PDF 文件“{name}”页数过多或结构过于复杂，未能在规定时间内读取。请拆分后重新提交。")
            pages.append(page.extract_text() or "")
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UnreadableDocument(f"PDF 文件“{name}”无法解析，可能已损坏。") from exc
    except Exception as exc:  # pypdf surfaces many internal error types on broken files
        raise UnreadableDocument(f"PDF 文件“{name}”无法解析，可能已损坏。") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(
            f"PDF 文件“{name}”没有文字层（可能是扫描件）。请先进行文字识别（OCR），或提供 Word / 文本版本。"
        )
    return text
