"""`/topic N`: the whole life of one topic, all five stages, and its documents again on request.

The text follows the policy's order (议题 → 审定 → 调研 → 协商 → 纪要 → 采纳、落实、反馈、公开).
`/topic N 文件` regenerates every document the topic produced from the stored records, so a
lost attachment is never lost work.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.dates import chinese_date
from assistant.domain.vocab import MinutesStatus
from assistant.drafting.agenda_documents import render_agenda_docx
from assistant.drafting.documents import render_minutes_docx
from assistant.drafting.official_docx import DOCX_MIME
from assistant.drafting.outcome_documents import explanation_letter, render_letter_docx
from assistant.flows.base import Attachment
from assistant.services import consultations, topics
from assistant.services.minutes import final_draft
from assistant.storage.models import Consultation, Minutes, Outcome, Topic

DOCUMENT_WORDS = frozenset({"文件", "文书", "附件", "下载", "files", "docs"})


def _day(moment) -> str:
    return chinese_date(moment) if moment else ""


def _minutes_of(session: Session, consultation: Consultation) -> list[Minutes]:
    query = select(Minutes).where(Minutes.consultation_id == consultation.id).order_by(Minutes.id)
    return list(session.scalars(query))


def _outcomes_of(session: Session, minutes: Minutes) -> list[Outcome]:
    return list(session.scalars(select(Outcome).where(Outcome.minutes_id == minutes.id).order_by(Outcome.id)))


def _research_papers(topic: Topic) -> list[str]:
    lines = []
    if topic.risk_report:
        when = f"（{_day(topic.risk_reported_at)}）" if topic.risk_reported_at else ""
        lines.append(f"向同级党委政府报告情况{when}：{topic.risk_report}")
    if topic.contingency_plan:
        lines.append(f"预案：{topic.contingency_plan}")
    return lines


def _minutes_lines(minutes: Minutes) -> list[str]:
    draft = final_draft(minutes)
    state = f"{minutes.status.label}" + (f"（{_day(minutes.approved_at)}）" if minutes.approved_at else "")
    dissent = [d for d in draft.disagreements if d and d != "无"]
    return [
        f"会议纪要 #{minutes.id}：{draft.title}｜{state}",
        f"  参加人员 {len(draft.participants)} 人；共识 {len(draft.consensus)} 条；分歧意见 {len(dissent)} 条；"
        f"下一步工作 {len(draft.actions)} 项",
    ]


def _outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"协商成果 #{outcome.id}：{outcome.adoption.label}" + (f"（{outcome.adoption_reason}）" if outcome.adoption_reason else "")]
    for number, action in enumerate(outcome.actions, 1):
        due = action.due_text or "未定时限"
        progress = f"；进展：{action.progress}" if action.progress else ""
        lines.append(f"  {number}. {action.owner}：{action.task}（{due}）｜{action.status.label}{progress}")
    lines.append(f"  反馈：{'已反馈（' + _day(outcome.feedback_sent_at) + '）' if outcome.feedback_sent_at else '尚未反馈'}")
    lines.append(f"  公开：{'已公开（' + _day(outcome.published_at) + '）' if outcome.published_at else '尚未公开'}")
    for explanation in outcome.explanations:
        how = f"，{explanation.delivered_channel}" if explanation.delivered_channel else ""
        delivered = f"已送达（{_day(explanation.delivered_at)}{how}）" if explanation.delivered_at else "尚未登记送达"
        lines.append(f"  解释说明：致{explanation.participant or '持不同意见的群众'}｜{delivered}")
    return lines


def record_lines(session: Session, topic: Topic) -> list[str]:
    """The stages after screening and approval: research papers, sessions, minutes, outcomes."""
    lines = []
    if topic.research_tasks or topic.sensitive or topic.long_standing:
        lines += ["", "【调研】", topics.checklist_text(topic), *_research_papers(topic)]
    for consultation in consultations.consultations_of(session, topic):
        lines += ["", "【协商】", consultations.consultation_text(consultation)]
        for minutes in _minutes_of(session, consultation):
            lines += ["", "【纪要】", *_minutes_lines(minutes)]
            for outcome in _outcomes_of(session, minutes):
                lines += ["", "【成果】", *_outcome_lines(outcome)]
    return lines


def documents(session: Session, topic: Topic) -> list[Attachment]:
    """Every document the topic's records produced, rendered again from what is stored."""
    found: list[Attachment] = []
    for consultation in consultations.consultations_of(session, topic):
        if consultation.notice:
            found.append(Attachment(f"会议通知-{consultation.id}.docx", render_letter_docx(consultation.notice), DOCX_MIME))
        found.append(
            Attachment(f"协商会议议程-{consultation.id}.docx", render_agenda_docx(consultation, topic), DOCX_MIME)
        )
        for minutes in _minutes_of(session, consultation):
            approved = minutes.status is MinutesStatus.APPROVED
            signature = None
            if approved and minutes.approved_at:
                issuer = consultation.organisation.name if consultation.organisation else "政协办公室"
                signature = (issuer, _day(minutes.approved_at))
            rendered = render_minutes_docx(final_draft(minutes), final=approved, signature=signature)
            found.append(Attachment(f"会议纪要-{minutes.id}.docx", rendered, DOCX_MIME))
            for outcome in _outcomes_of(session, minutes):
                if outcome.public_notice:
                    found.append(
                        Attachment(f"协商成果公示-{outcome.id}.docx", render_letter_docx(outcome.public_notice), DOCX_MIME)
                    )
                if outcome.feedback:
                    found.append(
                        Attachment(f"协商成果反馈-{outcome.id}.docx", render_letter_docx(outcome.feedback), DOCX_MIME)
                    )
                for number, e in enumerate(outcome.explanations, 1):
                    filename, letter = explanation_letter(topic.title, e.participant, e.explanation,
                                                          outcome_id=outcome.id, number=number)
                    found.append(Attachment(filename, letter, DOCX_MIME))
    return found


def wants_documents(rest: str) -> bool:
    return rest.strip().lower() in DOCUMENT_WORDS
