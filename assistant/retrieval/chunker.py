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
from .patterns import MARKDOWN_HEADING, heading_level

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
    end = rest.find("。")
    if 0 < end <= _INLINE_TITLE_MAX:
        return _Heading(level, marker, rest[:end]), rest[end + 1 :].strip()
    if end < 0 and len(rest) <= 40:
        return _Heading(level, marker, rest), ""
    return _Heading(level, marker, ""), rest


def clause_label(path: list[_Heading]) -> str:
    """"三、（八）规范协商频次": every marker on the path, then the last heading's title."""
    if not path:
        return ""
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
