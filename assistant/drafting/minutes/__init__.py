"""The offline minutes drafter, one module per rule family.

    reading    transcript text -> header facts and speaker turns (all supported layouts)
    stance     sentence-level agreement / dissent / chairing remarks
    actions    explicit assignments: owner, task, time limit
    sections   participants, views, consensus, disagreements, next meeting, publicity
    title      topic, title and the summary paragraph
    drafter    puts the families together: `draft_minutes(text) -> MinutesDraft`
"""

from assistant.drafting.minutes.drafter import draft_from_transcript, draft_minutes
from assistant.drafting.minutes.reading import MAX_TRANSCRIPT_CHARS, TranscriptError, parse_transcript
from assistant.drafting.minutes.sections import DEFAULT_PUBLICITY

__all__ = [
    "DEFAULT_PUBLICITY",
    "MAX_TRANSCRIPT_CHARS",
    "TranscriptError",
    "draft_from_transcript",
    "draft_minutes",
    "parse_transcript",
]
