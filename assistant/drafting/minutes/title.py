"""Topic, title and the summary paragraph (会议概况)."""

from __future__ import annotations

import re

from assistant.drafting.minutes.reading import HOST_ROLE, Transcript
from assistant.drafting.minutes.sections import speaker_label
from assistant.drafting.minutes.stance import CONSENSUS_STRONG
from assistant.drafting.schemas import (
    MinutesDraft,
)
from assistant.drafting.sentences import (
    clip,
)

DEFAULT_TITLE = "协商会议纪要"


def _topic_core(topic: str) -> str:
    core = topic.strip().strip("“”\"《》")
    core = re.sub(r"^关于", "", core)
    core = re.sub(r"(?:的)?(?:协商议事会|协商会议|协商会|协商|议题|会议)$", "", core)
    core = re.sub(r"(?:的事情?|事宜|这件事)$", "", core)
    return core.rstrip("的")


_TOPIC_IN_SPEECH = re.compile(
    r"(?:就|围绕|关于|针对)[“\"]?([^，。；“”\"]{4,30}?)[”\"]?(?:这一|这个)?(?:议题|事项)?(?:进行|开展|展开|召开|来)?(?:协商|商议|讨论|议事)"
)


def infer_topic(transcript: Transcript) -> str:
    """议题 header, else what the host says the meeting is about ("今天就加装电梯进行协商")."""
    if transcript.header.topic:
        return _topic_core(transcript.header.topic)
    for utterance in transcript.utterances[:3]:
        match = _TOPIC_IN_SPEECH.search(utterance.text)
        if match:
            return _topic_core(match.group(1))
    return ""


def _meeting_name_from_preamble(preamble: list[str]) -> str:
    for line in preamble[:3]:
        if len(line) <= 40 and re.search(r"协商|会议|座谈|议事|纪要|记录", line):
            return line.strip("#* ")
    return ""


MAX_TITLE_CHARS = 80  # a heading line of the document, and a VARCHAR(200) column


def build_title(transcript: Transcript, topic: str) -> str:
    return clip(_title(transcript, topic), MAX_TITLE_CHARS)


def _title(transcript: Transcript, topic: str) -> str:
    name = transcript.header.meeting_name or _meeting_name_from_preamble(transcript.preamble)
    if name:
        name = re.sub(r"\s*(?:会议)?(?:录音)?(?:记录|实录|文字稿|整理稿|转写稿?|转录|录音整理|速记稿?)$", "", name).strip()
        if name.endswith("纪要"):
            return name
        return name + ("纪要" if name.endswith(("会", "会议")) else "会议纪要")
    if topic:
        return f"关于{topic}的协商会议纪要"
    return DEFAULT_TITLE


def build_summary(draft: MinutesDraft, topic: str, speaker_count: int) -> str:
    """Two or three sentences: who met about what, what was agreed, what remains to do."""
    when = f"{draft.date}，" if draft.date else ""
    host = speaker_label(draft.host, role_of(draft, draft.host)) if draft.host and draft.host != HOST_ROLE else ""
    subject = f"围绕“{topic}”" if topic else "就有关事项"
    first = f"{when}{host + '主持召开' if host else '召开'}协商会议，{subject}进行协商，共{len(draft.participants)}人参加，{speaker_count}人发言。"
    if draft.consensus:
        main = next((c for c in draft.consensus if CONSENSUS_STRONG.search(c)), draft.consensus[0])
        second = f"会议形成{len(draft.consensus)}项共识，主要是：{clip(main.rstrip('。'), 60)}。"
    else:
        second = "会议未形成明确共识，有关事项需进一步协商。"
    third_parts = []
    if draft.actions:
        third_parts.append(f"明确了{len(draft.actions)}项下一步工作")
    if draft.has_disagreements:
        third_parts.append(f"记录分歧意见{len(draft.disagreements)}条，需做好解释说明")
    third = ("会议" + "，".join(third_parts) + "。") if third_parts else ""
    return first + second + third


def role_of(draft: MinutesDraft, name: str) -> str:
    for person in draft.participants:
        if person.name == name:
            return person.role
    return ""
