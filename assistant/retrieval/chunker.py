"""Splits a parsed document along its own clause structure (一、 → （一） → 1. → （1））.

One chunk per lowest-level clause, so an answer can cite exactly "三、（八）规范协商频次".
Each chunk keeps its heading path (prepended when indexing, because the body often does not
repeat the words of its heading) and the document metadata needed for citations and
filters. Clauses longer than `max_chars` are cut at sentence ends, keeping the same label.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .docheader import ParsedDocument
from .models import Chunk
from .patterns import ARTICLE, MARKDOWN_HEADING, heading_level

MAX_CHARS = 700
_INLINE_TITLE_MAX = 25
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+$")


@dataclass
class _Heading:
    level: int
    marker: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.marker}{self.title}"


def split_heading(paragraph: str) -> tuple[_Heading, str] | None:
    """(heading, body after the heading) if the paragraph starts a clause."""
    md = MARKDOWN_HEADING.match(paragraph)
    if md:
        return _Heading(len(md.group(1)), "", md.group(2).strip()), ""
    found = heading_level(paragraph)
    if not found:
        return None
    level, marker = found
    rest = paragraph[len(marker):].strip()
    if ARTICLE.match(marker):
        # "第五条 委员联系群众实行分片包干。每名委员……": articles have no titles; the first
        # sentence is already the rule.
        return _Heading(level, marker, ""), rest
    end = rest.find("。")
    if 0 < end <= _INLINE_TITLE_MAX:
        return _Heading(level, marker, rest[:end]), rest[end + 1 :].strip()
    if end < 0 and len(rest) <= 40:
        return _Heading(level, marker, rest), ""
    return _Heading(level, marker, ""), rest


def is_enumeration_item(paragraph: str, head: _Heading) -> bool:
    """"1.本人或者近亲属与议题有直接利害关系的；": an item of a list inside a clause, not a
    clause of its own: it ends like a list entry, or is one sentence without a title."""
    if head.level < 3 or not head.marker:
        return False
    text = paragraph.rstrip()
    return text.endswith(("；", ";", "，")) or (text.endswith("。") and text.count("。") == 1)


def clause_label(path: list[_Heading]) -> str:
    """"三、（八）规范协商频次": every marker on the path, then the last heading's title.

    Articles are cited on their own ("第十二条"): chapters group them but are not part of
    how a rule's article is named.
    """
    if not path:
        return ""
    articles = [i for i, h in enumerate(path) if ARTICLE.match(h.marker)]
    if articles:
        path = path[articles[-1]:]
    markers = "".join(h.marker for h in path[:-1])
    last = path[-1]
    if not markers and not last.marker:
        return " > ".join(h.title for h in path if h.title)
    return markers + last.marker + last.title


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def chunk_document(doc: ParsedDocument, source_key: str, base_metadata: dict[str, Any]) -> list[Chunk]:
    source_id = hashlib.sha1(source_key.encode("utf-8")).hexdigest()[:16]
    chunks: list[Chunk] = []
    path: list[_Heading] = []
    pending: list[str] = []
    pending_label = ""

    def flush() -> None:
        if not pending:
            return
        label = clause_label(path) or pending_label
        heading_path = [h.text for h in path] or [pending_label]
        for part, text in enumerate(_split_long("\n".join(pending))):
            metadata = dict(base_metadata)
            metadata.update(section=label, chunk_index=len(chunks), part=part)
            chunks.append(
                Chunk(
                    id=f"{source_id}-{len(chunks):04d}",
                    text=text,
                    section=label,
                    heading_path=heading_path,
                    metadata=metadata,
                )
            )
        pending.clear()

    for paragraph, preamble_label in doc.paragraphs:
        heading = split_heading(paragraph)
        if heading is not None and path and _inside_clause(path, heading[0], paragraph):
            heading = None  # an item or paragraph (款) of the current clause
        if heading is None:
            if not path:
                if preamble_label != pending_label:
                    flush()
                pending_label = preamble_label
            pending.append(paragraph)
            continue
        flush()
        head, body = heading
        while path and path[-1].level >= head.level:
            path.pop()
        path.append(head)
        if body:
            pending.append(paragraph)
    flush()
    return chunks


def _inside_clause(path: list[_Heading], head: _Heading, paragraph: str) -> bool:
    """Inside an article, numbered items ("（一）…；", "1.…") belong to the article: one rule,
    one chunk, so "哪些情形不得…" finds every item. Elsewhere list items stay in their clause."""
    in_article = any(ARTICLE.match(h.marker) for h in path)
    if in_article and head.marker and not ARTICLE.match(head.marker) and head.level > 1:
        return True
    return is_enumeration_item(paragraph, head)


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in sentences(text):
        if current and len(current) + len(sentence) > MAX_CHARS * 0.8:
            parts.append(current)
            current = ""
        current += sentence
    if current:
        parts.append(current)
    return parts


HEADER_SECTION = "文件信息"


def header_chunk(info: dict[str, Any], source_key: str, base_metadata: dict[str, Any]) -> Chunk | None:
    """The document's own particulars as one retrievable chunk: "这个文件是哪天发的、文号多少"."""
    lines = []
    if info.get("title"):
        lines.append(f"文件名称：《{info['title']}》。")
    if info.get("doc_number"):
        lines.append(f"发文字号（文号）：{info['doc_number']}。")
    if info.get("issuer"):
        lines.append(f"发文机关（印发单位）：{info['issuer']}。")
    if info.get("date_text"):
        lines.append(f"印发日期（成文日期）：{info['date_text']}。")
    if info.get("notice_title"):
        lines.append(f"印发通知：{info['notice_title']}。")
    if len(lines) < 2:  # a title alone says nothing the clauses do not
        return None
    source_id = hashlib.sha1(source_key.encode("utf-8")).hexdigest()[:16]
    metadata = dict(base_metadata)
    metadata.update(section=HEADER_SECTION, chunk_index=-1, part=0, header=True)
    return Chunk(id=f"{source_id}-head", text="\n".join(lines), section=HEADER_SECTION,
                 heading_path=[HEADER_SECTION], metadata=metadata)
