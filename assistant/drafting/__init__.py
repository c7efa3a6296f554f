"""Drafting: offline (rule-based) drafters and document rendering.

Public API for minutes:
    draft_minutes(text) -> MinutesDraft          pure, offline, deterministic; raises TranscriptError
    render_minutes_docx(draft) -> bytes          official-style Word document
    render_minutes_markdown(draft) -> str        the same sections as Markdown
"""

from assistant.drafting.documents import render_minutes_docx, render_minutes_markdown
from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.reading import MAX_TRANSCRIPT_CHARS, TranscriptError
from assistant.drafting.schemas import ActionItem, MinutesDraft, Participant, SpeakerViews

__all__ = [
    "MAX_TRANSCRIPT_CHARS",
    "ActionItem",
    "MinutesDraft",
    "Participant",
    "SpeakerViews",
    "TranscriptError",
    "draft_minutes",
    "render_minutes_docx",
    "render_minutes_markdown",
]
