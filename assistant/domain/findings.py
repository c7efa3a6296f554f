"""Research findings as a facilitator types them, one message per item or a pasted list.

    走访3栋、5栋共48户，九成住户支持；张伟、李娜；11月20日      (what；who；when)
    2. 征求了区住建局意见，同意给予补贴；调研人：王芳；时间：昨天  (numbered, labelled parts)

The item number (for a list), what was found, who found it and when are read from one line.
"who" and "when" are optional: a line with no "；" is all finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.domain.dates import parse_date

_NUMBERED = re.compile(r"^\s*第?\s*(\d{1,2})\s*项?\s*(?:[.、．:：)）]\s*|\s+)(?=\S)")
_SEPARATOR = re.compile(r"\s*[；;|｜]\s*")
_WHO_LABEL = re.compile(r"^(调研人员?|走访人员?|调研组|参加人员?|人员|调研者)\s*[:：]\s*(.+)$")
_WHEN_LABEL = re.compile(r"^(调研时间|调研日期|时间|日期)\s*[:：]\s*(.+)$")
MAX_WHO_CHARS = 40


class UnreadableFinding(ValueError):
    """The text is not a finding in a form we can read; `reason` says why, in Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Finding:
    text: str
    who: str | None = None
    on: date | None = None
    number: int | None = None

    def as_json(self) -> dict:
        return {"number": self.number, "text": self.text, "who": self.who, "on": self.on.isoformat() if self.on else None}

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        on = date.fromisoformat(data["on"]) if data.get("on") else None
        return cls(text=data["text"], who=data.get("who"), on=on, number=data.get("number"))


def _date_or_none(text: str, today: date) -> date | None:
    try:
        return parse_date(text, today, past=True)
    except ValueError:
        return None


def parse_finding(text: str, today: date, number: int | None = None) -> Finding:
    """Reads "what；who；when" (who and when optional, or labelled 调研人：/时间：)."""
    parts = [p for p in _SEPARATOR.split(text.strip()) if p]
    who = on = None
    rest = []
    for part in parts:
        if match := _WHO_LABEL.match(part):
            who = match[2].strip()
        elif match := _WHEN_LABEL.match(part):
            on = _date_or_none(match[2], today)
            if on is None:
                raise UnreadableFinding(f"调研时间“{match[2]}”无法识别，请写成“11月20日”“昨天”等形式。")
        else:
            rest.append(part)
    # Unlabelled: a date as the last part, and with three parts or more the one before it is who.
    if on is None and len(rest) >= 2 and (day := _date_or_none(rest[-1], today)) is not None:
        on, rest = day, rest[:-1]
        if who is None and len(rest) >= 2 and len(rest[-1]) <= MAX_WHO_CHARS and not re.search(r"\d", rest[-1]):
            who, rest = rest[-1], rest[:-1]
    if not rest:
        raise UnreadableFinding("没有读到调研发现的内容，请写明主要情况、群众意见或数据。")
    if on is not None and on > today:
        raise UnreadableFinding(f"调研时间 {on.month}月{on.day}日 晚于今天，请填写已经开展调研的日期。")
    if who is not None and len(who) > MAX_WHO_CHARS:
        raise UnreadableFinding(f"调研人不超过 {MAX_WHO_CHARS} 字，请精简。")
    return Finding(text="；".join(rest), who=who, on=on, number=number)


def parse_numbered_findings(text: str, today: date) -> list[Finding]:
    """Reads one finding per line, each starting with its checklist number ("2. …" or "第3项：…")."""
    findings = []
    for line in (line for line in text.splitlines() if line.strip()):
        match = _NUMBERED.match(line)
        if not match:
            raise UnreadableFinding(f"“{line[:20]}”没有以调研事项的编号开头，请按“编号. 调研发现；调研人；日期”每行填写一项。")
        findings.append(parse_finding(line[match.end() :], today, number=int(match[1])))
    if not findings:
        raise UnreadableFinding("没有读到调研发现。")
    numbers = [f.number for f in findings]
    if len(set(numbers)) != len(numbers):
        raise UnreadableFinding("同一调研事项写了不止一行，请每项只写一行。")
    return findings
