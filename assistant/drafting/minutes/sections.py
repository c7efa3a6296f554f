"""The body sections of the minutes: participants, views, consensus, disagreements, next meeting, publicity."""

from __future__ import annotations

import re

from assistant.drafting.minutes.actions import MERE_SUBJECT, strip_openers
from assistant.drafting.minutes.reading import HOST_ROLE, Transcript
from assistant.drafting.minutes.stance import (
    HOST_SUMMARY_CUE,
    NEXT_MEETING,
    PRIORITY,
    PUBLICITY,
    PUBLICITY_STRONG,
    Sentence,
    is_consensus,
    is_dissent,
    is_procedural,
)
from assistant.drafting.names import is_speaker_id
from assistant.drafting.schemas import (
    NO_DISAGREEMENT,
    Participant,
    SpeakerViews,
)
from assistant.drafting.sentences import (
    bigram_similarity,
    clean_sentence,
    clip,
    is_question,
    is_substantive,
    split_sentences,
    substance,
)

MAX_POINTS_PER_SPEAKER = 6
MAX_POINT_CHARS = 100
MAX_CONSENSUS_ITEMS = 12
# Enough to choose a speaker's main points from; bounds the work on a day-long verbatim record.
MAX_CANDIDATE_POINTS = 60
# Marked as a default so the reviewer knows the meeting did not decide it (三（七）: 以适当方式向社会公开).
DEFAULT_PUBLICITY = "（默认表述，请核定）协商成果经审定后，以公示栏、微信公众号等适当方式向社会公开。"
DEFAULT_EXPLANATION = "对协商过程中持不同意见的群众，及时做好解释说明工作。"



def collect_sentences(transcript: Transcript) -> list[Sentence]:
    host = transcript.header.host
    roles = {name: transcript.role_of(name) for name in transcript.speakers_in_order()}
    result = []
    for index, utterance in enumerate(transcript.utterances):
        role = roles[utterance.speaker]
        is_host = utterance.speaker == host or utterance.role == HOST_ROLE
        for position, raw in enumerate(split_sentences(utterance.text)):
            text = clean_sentence(raw)
            if text:
                result.append(Sentence(text, utterance.speaker, role, is_host, index, position))
    return result


def build_participants(transcript: Transcript) -> list[Participant]:
    """Host first, then the 参加人员 list, then anyone else who spoke — each name once."""
    header = transcript.header
    names: list[str] = []
    if header.host:
        names.append(header.host)
    names += [name for name, _ in header.roster]
    names += transcript.speakers_in_order()
    people = []
    for name in dict.fromkeys(n for n in names if n):
        people.append(Participant(name=name, role=transcript.role_of(name)))
    return people


def build_views(sentences: list[Sentence], speakers: list[str], skip: set[int] | None = None) -> list[SpeakerViews]:
    """Each speaker's substantive sentences, in speaking order, at most MAX_POINTS_PER_SPEAKER.

    When a speaker said more, the sentences carrying a proposal, a concern or a commitment are
    kept first, then shown in their original order so the minutes still follow the discussion.
    """
    by_speaker: dict[str, list[str]] = {speaker: [] for speaker in speakers}
    for index, sentence in enumerate(sentences):
        points = by_speaker.get(sentence.speaker)
        if points is None or len(points) >= MAX_CANDIDATE_POINTS or (skip and index in skip):
            continue
        if is_procedural(sentence.text) or not is_substantive(sentence.text):
            continue
        if any(bigram_similarity(sentence.text, p) > 0.8 for p in points):
            continue
        points.append(sentence.text)
    views = []
    for speaker in speakers:
        points = by_speaker[speaker]
        if len(points) > MAX_POINTS_PER_SPEAKER:
            ranked = sorted(range(len(points)), key=lambda i: (not PRIORITY.search(points[i]), i))
            keep = sorted(ranked[:MAX_POINTS_PER_SPEAKER])
            points = [points[i] for i in keep]
        if points:
            views.append(SpeakerViews(speaker=speaker, points=[clip(p, MAX_POINT_CHARS) for p in points]))
    return views


def in_host_summary(sentences: list[Sentence]) -> set[int]:
    """Indices of host sentences that follow "我总结一下" in the same turn: the meeting's conclusions."""
    marked: set[int] = set()
    summary_turn = None
    for index, sentence in enumerate(sentences):
        if not sentence.is_host:
            summary_turn = None
            continue
        if HOST_SUMMARY_CUE.search(sentence.text):
            summary_turn = sentence.utterance_index
            if len(substance(HOST_SUMMARY_CUE.split(sentence.text, maxsplit=1)[-1])) >= 8:
                marked.add(index)  # "总结一下，大家一致认为……" carries content itself
            continue
        if summary_turn == sentence.utterance_index:
            marked.add(index)
    return marked


def build_consensus(sentences: list[Sentence], action_sentences: dict[int, str]) -> list[str]:
    summary = in_host_summary(sentences)
    items: list[str] = []
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if is_dissent(text) or is_question(text):
            continue
        marked = is_consensus(text)
        if not marked and index in summary and index in action_sentences:
            # "路面宽度原则上按4.5米，水田段由镇交通办……": the decision before the assignment is a
            # conclusion; the assignment itself goes to 下一步工作.
            decision = action_sentences[index]
            if len(substance(decision)) >= 6 and not MERE_SUBJECT.search(decision):
                text, marked = decision.rstrip("，") + "。", True
        elif not marked and index in summary:
            # A host summary line is a conclusion unless it is only a date or a publicity note
            # — those have their own sections.
            marked = (
                not NEXT_MEETING.search(text)
                and not PUBLICITY.search(text)
                and not is_procedural(text)
                and is_substantive(text)
            )
        if not marked:
            continue
        item = _strip_summary_lead(text)
        if any(bigram_similarity(item, kept) > 0.7 for kept in items):
            continue
        items.append(clip(item, 150))
        if len(items) >= MAX_CONSENSUS_ITEMS:
            break
    return items


def _strip_summary_lead(text: str) -> str:
    """'我简单总结一下，大家一致同意……' -> '大家一致同意……'."""
    stripped = re.sub(r"^[^，。]{0,12}(?:总结|归纳|小结|概括)(?:一下|如下)?[，,：:]\s*", "", text)
    stripped = strip_openers(stripped)
    return stripped if len(substance(stripped)) >= 4 else text


def speaker_label(name: str, role: str) -> str:
    """'居民代表刘某' — role before name, as minutes write it."""
    if role == HOST_ROLE:
        return name if name == HOST_ROLE else f"主持人{name}"
    if not role or role in name:
        return name
    if is_speaker_id(name):  # "发言人2（三年级的家长）" reads better than "三年级的家长发言人2"
        return f"{name}（{role}）"
    return f"{role}{name}"


def build_disagreements(sentences: list[Sentence]) -> list[str]:
    """Every dissenting sentence, attributed. Never capped: 三（七） requires explaining to each
    person who disagreed, so none may be lost. A short "我有顾虑。" takes the next sentence,
    which says what the worry is."""
    items: list[str] = []
    for index, sentence in enumerate(sentences):
        if not is_dissent(sentence.text):
            continue
        text = sentence.text
        last_clause = re.split(r"[，,；;]", text.rstrip("。！？"))[-1]
        if len(substance(last_clause)) <= 12:
            # "……但是我有保留意见。" names no reason: the next sentences of the same turn do.
            for following in sentences[index + 1 : index + 3]:
                if following.utterance_index != sentence.utterance_index or is_dissent(following.text):
                    break
                text = (text if text.endswith(("？", "！")) else text.rstrip("。") + "，") + following.text
                if len(text) > 60:
                    break
        label = speaker_label(sentence.speaker, sentence.role)
        if sentence.is_host:
            # The host usually restates others' worries; say so rather than make them the host's.
            label = f"{label}（会上归纳）"
        entry = f"{label}：{text}"
        if entry not in items:
            items.append(entry)
    return items or [NO_DISAGREEMENT]


def _last_matching(sentences: list[Sentence], pattern: re.Pattern[str]) -> list[str]:
    found = [s.text for s in sentences if pattern.search(s.text) and not is_question(s.text)]
    return list(dict.fromkeys(found))


def build_next_meeting(sentences: list[Sentence]) -> str:
    """The last mention wins: the host's closing words settle what was floated earlier."""
    found = _last_matching(sentences, NEXT_MEETING)
    return strip_openers(found[-1]) if found else ""


def build_publicity(sentences: list[Sentence], has_dissent: bool) -> str:
    """What the meeting said about publishing the result — the host's words first, as they
    close the meeting — else a default marked as such. 三（七）: 以适当方式向社会公开."""
    host_sentences = [s for s in sentences if s.is_host]
    found = _last_matching(host_sentences, PUBLICITY) or _last_matching(sentences, PUBLICITY)
    # "张贴施工公告" is a task; "公示/公开/公众号" says how the result reaches the public.
    found = [f for f in found if PUBLICITY_STRONG.search(f)] or found
    found = [strip_openers(s) for s in found][-2:]
    text = "".join(found) if found else DEFAULT_PUBLICITY
    if has_dissent and "解释" not in text:
        text += DEFAULT_EXPLANATION
    return text
