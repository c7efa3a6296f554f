"""The consultation agenda as an official-style Word document: notice facts, running order, discipline."""

from __future__ import annotations

from docx.shared import Mm

from assistant.domain.consultation import DISCIPLINE_REMINDER
from assistant.drafting.official_docx import (
    HEADING_FONT,
    labelled,
    new_document,
    paragraph,
    table,
    title,
    to_bytes,
)
from assistant.services.consultations import format_when
from assistant.storage.models import Consultation, Topic

ORDER_COLUMNS = ("序号", "议程", "时长（分钟）")


def render_agenda_docx(consultation: Consultation, topic: Topic) -> bytes:
    heading = f"“{topic.title}”协商会议议程"
    document = new_document(heading)
    title(document, heading)
    labelled(document, "时间", format_when(consultation.scheduled_at))
    labelled(document, "地点", consultation.venue or "另行通知")
    labelled(document, "形式", consultation.form.label)
    labelled(document, "主持人", consultation.host or "")
    by_kind: dict[str, list[str]] = {}
    for participant in consultation.participants:
        label = participant.name + (f"（{participant.affiliation}）" if participant.affiliation else "")
        by_kind.setdefault(participant.kind.label, []).append(label)
    labelled(document, "参加人员", "；".join(f"{kind}：{'、'.join(names)}" for kind, names in by_kind.items()) or "另行通知")

    paragraph(document, "一、会议议程", font=HEADING_FONT)
    rows = [(str(item.position), item.title, str(item.minutes)) for item in consultation.agenda_items]
    table(document, ORDER_COLUMNS, rows, (Mm(14), Mm(116), Mm(30)))
    paragraph(document, f"合计约 {sum(item.minutes for item in consultation.agenda_items)} 分钟。")

    paragraph(document, "二、协商程序和纪律", font=HEADING_FONT)
    for line in DISCIPLINE_REMINDER.splitlines()[1:]:
        paragraph(document, line)
    if topic.description:
        paragraph(document, "三、议题背景", font=HEADING_FONT)
        paragraph(document, topic.description)
    return to_bytes(document)
