"""Repairs text pasted or extracted from PDFs before it is chunked.

Policy files reach us copied out of PDFs: a page break or a line wrap leaves a sentence
split over two paragraphs ("委员荐\\n\\n题") or a stray space inside a phrase
("协商同 基层治理"). Left alone, the chunker would cut clauses in two and the lexical
index would never see the words "委员荐题" or "协商同基层治理". Repair is conservative:
headings, titles, dates and signature lines are never glued to what follows.
"""

from __future__ import annotations

import re

from .patterns import (
    CJK_OR_FULLWIDTH,
    is_date_line,
    is_doc_number_line,
    is_heading_line,
    is_org_line,
    is_title_line,
)

# A paragraph ending in one of these is complete; anything else was cut off.
_SENTENCE_END = "。！？；：!?;:…"
_CLOSERS = "”’」』）)》】"
# Paragraph endings that can only be mid-sentence.
_CONTINUES = "，、（(“‘《【—-"
_PAGE_NUMBER = re.compile(r"^[\s\-—–－_·•]*(第\s*)?\d{1,4}(\s*页)?[\s\-—–－_·•]*$|^\d+\s*/\s*\d+$")
# Organisation names in a joint issuer list are separated by spaces; keep those.
_ORG_SUFFIX = re.compile(r"(办公室|办公厅|委员会|人民政府|政府|政协|党委|党组|工委|管委会|委|局|厅|部|院|会|组|中心|处|科)$")
_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000]+")
# "议题：……", "组织单位：……": one field per line in record headers.
_FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]\S")


def repair_text(text: str) -> str:
    """Returns `text` with page-break damage undone and whitespace normalised."""
    lines = [_fix_inline_spaces(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line) or not line]
    paragraphs = _join_broken_paragraphs(lines)
    return "\n\n".join(paragraphs)


def _fix_inline_spaces(line: str) -> str:
    line = _SPACE_RUN.sub(" ", line).strip()
    if " " not in line:
        return line
    parts = line.split(" ")
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        left, right = out[-1], part[0]
        if _is_cjk_side(left) and _is_cjk_side(right) and not _ORG_SUFFIX.search(out):
            out += part
        else:
            out += " " + part
    return out


def _is_cjk_side(ch: str) -> bool:
    return bool(CJK_OR_FULLWIDTH.match(ch))


def _join_broken_paragraphs(lines: list[str]) -> list[str]:
    """Glues a paragraph to the next non-blank line when it was evidently cut off."""
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = _glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    if is_heading_line(line) or _is_standalone(previous) or _is_standalone(line):
        return False
    last = previous[-1]
    if last in _SENTENCE_END:
        return False
    if last in _CLOSERS:
        # "……落实。”" is complete; "“有事来协商”" mid-sentence is not.
        return len(previous) >= 2 and previous[-2] not in _SENTENCE_END and len(previous) >= 15
    if last in _CONTINUES or line[0] in "，。、；：）)”’》】":
        return True
    # A long unpunctuated ending is a line cut by the page; a short one is a title or a name.
    return len(previous) >= 15


def _is_standalone(line: str) -> bool:
    """Header and signature lines, and headings, stand alone even without punctuation."""
    if is_heading_line(line) and len(line) <= 40 and not re.search(r"[，。；,;]", line):
        return True  # a bare heading such as "一、总体要求"
    if len(line) <= 80 and _FIELD_LINE.match(line):
        return True
    return is_date_line(line) or is_doc_number_line(line) or is_org_line(line) or is_title_line(line)


def _glue(left: str, right: str) -> str:
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        return left[:-1] + right  # "infor-" + "mation"
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right
