"""Turns an uploaded or ingested file into plain text, or says in Chinese why it cannot.

One place for file decoding, so the knowledge base and the minutes drafter accept
exactly the same files and refuse bad ones with the same words.
"""

from __future__ import annotations

import io
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
        return _checked(name, data.decode("utf-16"))
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(f"文件“{name}”看起来是二进制文件而不是文本。目前支持{SUPPORTED}。")
    # GB18030 is a superset of GBK/GB2312, which older office PCs in China still save by default.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _checked(name, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(f"无法识别文件“{name}”的文字编码，请另存为 UTF-8 编码的文本后重新提交。")


def _checked(name: str, text: str) -> str:
    """Rejects text that decoded but is mostly control characters or replacement marks."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
        if bad / len(sample) > 0.05:
            raise UnreadableDocument(f"文件“{name}”内容无法识别为正常文字（可能是二进制或已损坏）。")
    return text


def _read_docx(name: str, data: bytes) -> str:
    import docx  # python-docx; imported here so plain-text paths stay light
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableDocument(f"文件“{name}”不是有效的 Word（.docx）文档，可能已损坏或扩展名有误。")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(f"文件“{name}”不是有效的 Word（.docx）文档，可能已损坏或扩展名有误。") from exc
    except Exception as exc:  # python-docx raises assorted lxml errors on damaged XML
        raise UnreadableDocument(f"文件“{name}”无法打开，文档内容可能已损坏。") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text not in cells:  # merged cells repeat their text in python-docx
                    cells.append(cell.text)
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _read_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument(f"PDF 文件“{name}”已加密，请提供未加密的版本。")
        pages = [page.extract_text() or "" for page in reader.pages]
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
