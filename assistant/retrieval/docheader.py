"""Reads title, issuer, document number and date from the head of a document.

Official documents put these in fixed places (letterhead, 发文字号, title, signature block
and date), but a text pasted from a PDF keeps them only as short unpunctuated lines. The
rules below recognise those lines, keep what they say as written, and take them out of the
body so they are not indexed as if they were clauses.

The document number is kept exactly as printed (the Deyang file prints "〔2021〕—19"): the
issuing office's prefix (e.g. "德委办") is not in the text, and inventing it would put a
number in citations that nobody can verify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .patterns import heading_level, is_date_line, is_doc_number_line, is_org_line, is_title_line, parse_date

PREAMBLE = "引言"
NOTICE = "印发通知"
SESSION_OVERVIEW = "基本情况"

_TRANSMITTAL = re.compile(r"(?:印发|转发|下发)\s*《(.+?)》")
_ISSUER_BEFORE_VERB = re.compile(r"^(.+?)(?:关于)?(?:印发|转发|下发)《")
_SESSION_FIELD = re.compile(
    r"^(议题|协商议题|协商主题|主题|组织单位|组织方|主办单位|承办单位|协商时间|时间|日期|协商地点|地点|协商形式|形式"
    r"|参加人员|参会人员|主持人)\s*[：:]\s*(.+)$"
)
_SESSION_KEYS = {
    "议题": "title", "协商议题": "title", "协商主题": "title", "主题": "title",
    "组织单位": "organisation", "组织方": "organisation", "主办单位": "organisation", "承办单位": "organisation",
    "协商时间": "date_text", "时间": "date_text", "日期": "date_text",
    "协商地点": "place", "地点": "place", "协商形式": "form", "形式": "form",
    "参加人员": "participants", "参会人员": "participants", "主持人": "host",
}
_SAMPLE_MARK = re.compile(r"样例|示例")
_DATE_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


@dataclass
class ParsedDocument:
    """Body paragraphs (header lines removed), each with the label used before the first heading."""

    info: dict[str, Any]
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, preamble label)


def parse_policy(paragraphs: list[str], fallback_title: str) -> ParsedDocument:
    first_heading = next((i for i, p in enumerate(paragraphs) if heading_level(p)), len(paragraphs))
    head = paragraphs[:first_heading]
    header_lines: set[int] = set()
    info: dict[str, Any] = {}

    for i, line in enumerate(head):
        if is_doc_number_line(line):
            header_lines.add(i)
            info.setdefault("doc_number", line.strip())
        elif is_date_line(line):
            header_lines.add(i)
            if "date" not in info:
                info["date"] = parse_date(line)
                info["date_text"] = line.strip()
        elif is_org_line(line) or is_title_line(line):
            header_lines.add(i)

    titles = [(i, head[i]) for i in sorted(header_lines) if is_title_line(head[i])]
    inner_title_at: int | None = None
    title = None
    for _, line in titles:
        match = _TRANSMITTAL.search(line)
        if match:
            title = match.group(1).strip()
            info["notice_title"] = line
            issuer = _ISSUER_BEFORE_VERB.match(line)
            if issuer:
                info["issuer"] = "、".join(issuer.group(1).split())
            inner_title_at = next((i for i, t in titles if t == title), None)
            break
    if title is None and titles:
        title = titles[0][1]
    info["title"] = title or fallback_title

    signature = _signature_block(head, header_lines)
    if signature:
        info["issuer"] = "、".join(signature)
    elif "issuer" not in info:
        letterhead = next((head[i] for i in sorted(header_lines) if is_org_line(head[i])), None)
        if letterhead:
            info["issuer"] = "、".join(letterhead.split())

    body = [p for p in paragraphs[first_heading:]]
    # Documents without a transmittal notice end with the signature block and date.
    while body and (is_org_line(body[-1]) or is_date_line(body[-1])) and len(body) > 1:
        line = body.pop()
        if is_date_line(line) and "date" not in info:
            info["date"], info["date_text"] = parse_date(line), line.strip()

    out: list[tuple[str, str]] = []
    for i, line in enumerate(head):
        if i in header_lines:
            continue
        label = NOTICE if inner_title_at is not None and i < inner_title_at else PREAMBLE
        out.extend([(line, label)])
    out.extend((p, PREAMBLE) for p in body)
    return ParsedDocument(info=info, paragraphs=out)


def _signature_block(head: list[str], header_lines: set[int]) -> list[str]:
    """Organisation lines right above the date line: the issuers who signed."""
    for i, line in enumerate(head):
        if is_date_line(line):
            names: list[str] = []
            j = i - 1
            while j >= 0 and is_org_line(head[j]):
                names = head[j].split() + names
                j -= 1
            if names and j >= 0 and j not in header_lines:  # above it must be body text, not the letterhead
                return names
    return []


def parse_session(paragraphs: list[str], fallback_title: str) -> ParsedDocument:
    """Past-session records: a marker line, "议题：…" style fields, then sections."""
    info: dict[str, Any] = {}
    out: list[tuple[str, str]] = []
    for index, line in enumerate(paragraphs):
        if index == 0 and _SAMPLE_MARK.search(line) and not _SESSION_FIELD.match(line):
            info["sample"] = True
            continue
        match = _SESSION_FIELD.match(line) if not heading_level(line) else None
        if match and _SESSION_KEYS[match.group(1)] not in info:
            info[_SESSION_KEYS[match.group(1)]] = match.group(2).strip()
        out.append((line, SESSION_OVERVIEW))
    if "date_text" in info:
        info["date"] = session_date(info["date_text"])
    info["title"] = info.get("title") or fallback_title
    return ParsedDocument(info=info, paragraphs=out)


def session_date(text: str | None) -> str | None:
    """ISO date (or year-month) from free text such as "2023年6月15日下午"."""
    if not text:
        return None
    match = _DATE_IN_TEXT.search(text)
    if not match:
        return text.strip() or None
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
