"""How Chinese official documents mark their structure and header lines.

Shared by text repair (which must not glue a heading to the line before it), the header
parser and the chunker, so the three agree on what a heading or a date line is.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇"
CJK_OR_FULLWIDTH = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7]")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Levels follow GB/T 9704 practice: 一、 → （一） → 1. → （1）. Chapters and articles are
# for regulations (第一章 / 第一条); Markdown headings for notes typed by staff.
ARTICLE = re.compile(rf"^第[{CN_NUM}]+条")
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{CN_NUM}]+[章编]")),
    (1, re.compile(rf"^第[{CN_NUM}]+节")),
    (1, re.compile(rf"^[{CN_NUM}]+[、．.]")),
    (2, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (2, re.compile(rf"^第[{CN_NUM}]+条")),
    (3, re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
]
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")

_DATE = re.compile(
    r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$"
)
_DATE_CN = re.compile(r"^[（(]?([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[）)]?$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{0,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*[—\-－]*\s*\d{1,4}\s*号?$")
_ORG_NAME = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(办公室|办公厅|委员会|人民政府|政府|政协|党委|党组|工委|管委会|委|局|厅|部|院|会|组|中心|处|科)$"
)
_TITLE_SUFFIX = re.compile(
    r"(意见|通知|办法|规定|方案|决定|细则|条例|规则|制度|纲要|要点|指引|指南|规程|标准|的函|批复|报告|守则|公告|通告|决议|计划|清单)》?$"
)
_PUNCT = re.compile(r"[，。；：！？,;:!?]")


def heading_level(line: str) -> tuple[int, str] | None:
    """Returns (level, marker) when `line` starts with a structural marker."""
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(line)
        if match:
            return level, match.group(0)
    return None


def is_heading_line(line: str) -> bool:
    return heading_level(line) is not None or bool(MARKDOWN_HEADING.match(line))


def parse_date(line: str) -> str | None:
    """ISO date of a date line such as "2021年7月16日" or "二〇二一年七月十六日"."""
    line = line.strip()
    match = _DATE.match(line)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_CN.match(line)
        if not match:
            return None
        year = int("".join(str(_cn_digit(ch)) for ch in match.group(1)))
        month, day = _cn_number(match.group(2)), _cn_number(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_date_line(line: str) -> bool:
    return parse_date(line) is not None


def is_doc_number_line(line: str) -> bool:
    return bool(_DOC_NUMBER.match(line.strip()))


def is_org_line(line: str) -> bool:
    parts = line.split()
    return bool(parts) and all(_ORG_NAME.match(part) for part in parts)


def is_title_line(line: str) -> bool:
    line = line.strip()
    if not 6 <= len(line) <= 120 or "。" in line or is_heading_line(line):
        return False
    return bool(_TITLE_SUFFIX.search(line)) and not _PUNCT.search(line.replace("：", ""))


def _cn_digit(ch: str) -> int:
    return 0 if ch in "〇○零" else "一二三四五六七八九".index(ch) + 1


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _cn_digit(text[1])
    if text.endswith("十"):
        return _cn_digit(text[0]) * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _cn_digit(tens) * 10 + _cn_digit(ones)
    return _cn_digit(text)
