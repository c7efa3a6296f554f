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

from dataclasses import replace

from assistant.drafting.minutes.actions import (
    confirmed_offers,
    extract_actions,
    ground_in_offer,
    merge_actions,
    resolve_due,
    settle_offers,
    split_by_owner,
    taken_matters,
    thanked_offers,
)
from assistant.drafting.minutes.dissent import find_disagreements
from assistant.drafting.minutes.reading import Transcript, parse_transcript
from assistant.drafting.minutes.sections import (
    build_consensus,
    build_next_meeting,
    build_participants,
    build_publicity,
    build_views,
    collect_sentences,
    disagreement_entry,
    source_of,
)
from assistant.drafting.minutes.summary import ACTIONS, CONSENSUS, has_task_part, tag_summary
from assistant.drafting.minutes.title import build_summary, build_title, infer_topic
from assistant.drafting.schemas import DUE_UNSPECIFIED, ActionItem, MinutesDraft, SourceRef
from assistant.drafting.sentences import substance


def draft_from_transcript(transcript: Transcript) -> MinutesDraft:
    sentences = collect_sentences(transcript)
    speakers = transcript.speakers_in_order()
    participants = build_participants(transcript)
    roles = {p.name: p.role for p in participants}
    known_names = [p.name for p in participants]
    known_names.sort(key=len, reverse=True)  # "欧阳娜娜" before "欧阳"
    summary = tag_summary(sentences)

    actions: list[ActionItem] = []
    action_sentences: dict[int, str] = {}  # sentence index -> its decision part before the owner
    listed = {item.index for item in summary if item.part == ACTIONS and item.headed}
    # "大家形成了这么几个意见：……，社区安排保洁员收尾": an undated charge inside a point the meeting
    # says it agreed is part of that point, not a task of its own.
    # Likewise under "共识：" when the summary hands out the work again under "分工：".
    task_part = has_task_part(summary)
    agreed_points = {item.index for item in summary if item.agreed or (task_part and item.headed and item.part == CONSENSUS)}
    for index, sentence in enumerate(sentences):
        found = [ground_in_offer(a, index, sentences, roles) for a in extract_actions(sentence, known_names, roles, listed=index in listed)]
        if index in agreed_points:
            found = [a for a in found if a.due != DUE_UNSPECIFIED]
        if found:
            leading = split_by_owner(sentence, known_names, roles).leading
            action_sentences[index] = "，".join(leading)
            actions.extend(a.model_copy(update={"sources": [source_of(sentence)]}) for a in found)

    # A spoken summary line holds several points ("一个是……再一个……那下来分个工……"): whether a
    # point hands out work, and what it decided before the owner, is read from the point itself.
    point_actions: dict[tuple[int, str], str | None] = {}  # (index, point) -> as action_sentences, or None
    for item in summary:
        if item.part == CONSENSUS and item.index in action_sentences and item.text != sentences[item.index].text:
            piece = replace(sentences[item.index], text=item.text)
            assigns = extract_actions(piece, known_names, roles)
            decided = "，".join(split_by_owner(piece, known_names, roles).leading)
            # "山边五百亩退出，由村里负责接续，防止撂荒": a charge without a time limit after the
            # decision is part of the point, whole.
            undated_charge = all(a.due == DUE_UNSPECIFIED for a in assigns) and len(substance(decided)) >= 6
            point_actions[(item.index, item.text)] = decided if assigns and not undated_charge else None

    taken_up = [*confirmed_offers(sentences, known_names, actions), *taken_matters(sentences, known_names, actions),
                *thanked_offers(sentences, known_names, actions)]
    for action, said in taken_up:
        actions.append(action.model_copy(update={"sources": [source_of(s) for s in said]}))
    meeting_day, basis = transcript.meeting_day_with_basis()
    disagreements = find_disagreements(sentences, known_names, summary)
    consensus = build_consensus(sentences, action_sentences, summary, point_actions)
    topic = infer_topic(transcript)
    draft = MinutesDraft(
        title=build_title(transcript, topic),
        date=transcript.header.date or transcript.dated_heading(),
        location=transcript.header.location,
        host=transcript.header.host,
        recorder=transcript.header.recorder,
        meeting_day=meeting_day.isoformat() if meeting_day else "",
        meeting_day_basis=basis,
        participants=participants,
        # The host's closing summary is already the consensus and the action table.
        views=build_views(sentences, speakers, skip={item.index for item in summary}),
        consensus=[text for text, _ in consensus],
        consensus_sources=[[source_of(sentence)] for _, sentence in consensus],
        disagreements=[disagreement_entry(d.holder, roles.get(d.holder, ""), d.text) for d in disagreements],
        disagreement_sources=[d.sources for d in disagreements],
        dissenters=[d.holder for d in disagreements],
        actions=[
            a.model_copy(update={"due_date": resolve_due(a.due, meeting_day)})
            for a in settle_offers(merge_actions(actions, roles), transcript.header.host, roles)
        ],
        next_meeting=build_next_meeting(sentences),
        publicity=build_publicity(sentences, bool(disagreements)),
    )
    draft.summary = build_summary(draft, topic, len(speakers))
    return with_quotes(draft, transcript)


def with_quotes(draft: MinutesDraft, transcript: Transcript) -> MinutesDraft:
    """Fills each source reference with the paragraph it points to, so the JSON stands on its own."""

    def filled(refs: list[SourceRef]) -> list[SourceRef]:
        unique = {(ref.line, ref.sentence): ref for ref in refs}.values()
        return [ref.model_copy(update={"text": transcript.quote(ref.line)}) for ref in unique]

    draft.actions = [a.model_copy(update={"sources": filled(a.sources)}) for a in draft.actions]
    draft.views = [v.model_copy(update={"sources": [filled(s) for s in v.sources]}) for v in draft.views]
    draft.consensus_sources = [filled(s) for s in draft.consensus_sources]
    draft.disagreement_sources = [filled(s) for s in draft.disagreement_sources]
    return draft


def draft_minutes(text: str, known_people: list[tuple[str, str]] | None = None) -> MinutesDraft:
    """Pure function: transcript text in, structured minutes out. Raises TranscriptError.

    `known_people` ((name, role) pairs, e.g. the linked consultation's participants) helps
    resolve speaker labels; it never adds anyone who did not take part."""
    return draft_from_transcript(parse_transcript(text, known_people))
