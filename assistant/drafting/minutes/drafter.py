"""The offline minutes drafter: deterministic rules from transcript to `MinutesDraft`.

No model, no network: the same transcript always yields the same draft, in milliseconds.
Each rule is a small named function so staff-visible behaviour can be tested one rule at a time.
The later LLM layer fills the same schema and falls back to `draft_minutes` on failure.

Policy anchor — 德阳“有事来协商”实施意见 三（七）积极转化协商成果: results are adopted, carried
out and reported back; items to be carried out are made public in a suitable way; people who
disagreed get an explanation. Hence: actions always carry owner and deadline, dissent is never
dropped, and the draft always says how the result will be made public.
"""

from __future__ import annotations

from assistant.drafting.minutes.actions import extract_actions, merge_actions, resolve_due, split_by_owner
from assistant.drafting.minutes.reading import Transcript, parse_transcript
from assistant.drafting.minutes.sections import (
    build_consensus,
    build_disagreements,
    build_next_meeting,
    build_participants,
    build_publicity,
    build_views,
    collect_sentences,
    in_host_summary,
)
from assistant.drafting.minutes.title import build_summary, build_title, infer_topic
from assistant.drafting.schemas import (
    NO_DISAGREEMENT,
    ActionItem,
    MinutesDraft,
)


def draft_from_transcript(transcript: Transcript) -> MinutesDraft:
    sentences = collect_sentences(transcript)
    speakers = transcript.speakers_in_order()
    known_names = [p for p in dict.fromkeys([*speakers, *(n for n, _ in transcript.header.roster)]) if p]
    known_names.sort(key=len, reverse=True)  # "欧阳娜娜" before "欧阳"

    actions: list[ActionItem] = []
    action_sentences: dict[int, str] = {}  # sentence index -> its decision part before the owner
    for index, sentence in enumerate(sentences):
        found = extract_actions(sentence, known_names)
        if found:
            leading = split_by_owner(sentence, known_names).leading
            action_sentences[index] = "，".join(leading)
            actions.extend(found)

    meeting_day = transcript.meeting_day()
    topic = infer_topic(transcript)
    disagreements = build_disagreements(sentences)
    draft = MinutesDraft(
        title=build_title(transcript, topic),
        date=transcript.header.date,
        location=transcript.header.location,
        host=transcript.header.host,
        participants=build_participants(transcript),
        # The host's closing summary is already the consensus and the action table.
        views=build_views(sentences, speakers, skip=in_host_summary(sentences)),
        consensus=build_consensus(sentences, action_sentences),
        disagreements=disagreements,
        actions=[a.model_copy(update={"due_date": resolve_due(a.due, meeting_day)}) for a in merge_actions(actions)],
        next_meeting=build_next_meeting(sentences),
        publicity=build_publicity(sentences, disagreements != [NO_DISAGREEMENT]),
    )
    draft.summary = build_summary(draft, topic, len(speakers))
    return draft


def draft_minutes(text: str) -> MinutesDraft:
    """Pure function: transcript text in, structured minutes out. Raises TranscriptError."""
    return draft_from_transcript(parse_transcript(text))
