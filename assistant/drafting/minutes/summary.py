"""The host's closing summary: where a meeting states what it agreed, what remains disputed and who does what.

Chinese meeting records close with the host summing up, in one of a few shapes:

* headed parts — "一、共识 1. …；2. …" / "共识：… 分歧：… 分工：…" / "三、下一步工作：";
* enumerations — "大家基本同意这几条：一是…；二是…" / "第一…第二…" / numbered lines;
* a plain paragraph after "下面我归纳一下" whose clauses are the conclusions.

This module finds that part and tags each sentence with the part it belongs to, so consensus,
disagreements and actions can each read their own part (and fall back to the whole meeting
when there is no summary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.minutes.stance import Sentence, is_dissent, records_a_view

CONSENSUS = "consensus"
DISSENT = "dissent"
ACTIONS = "actions"
OTHER = "other"

# What a host says when starting to sum up ("下面我归纳一下", "我简单总结几点", "形成以下几点共识").
SUMMARY_CUE = re.compile(
    r"归纳|总结|小结|梳理一下|概括一下|"
    # Spoken forms of "let me sum up": "我来归一下", "我捋一下", "我归拢一下".
    r"我(?:来)?(?:归一下|归拢一下|捋一下|捋一捋|归一归)|把[^，。；]{0,12}(?:意见|情况|结果)(?:归一下|归拢一下|捋一下|捋一捋)|"
    # "我听下来，大家的意思差不多是这样——": the host restating where the meeting stands.
    r"(?:大家|各位)的?(?:意思|意见|想法)(?:差不多|基本上?|大概|大体)?(?:就)?是这样|"
    # "今天就先这样 基本上就是……": closing a spoken meeting by listing where it ended.
    r"(?:就先这样|就这样)[，,\s]*(?:基本上?|大概|大体上?)就是|"
    # "今天商量下来，……" / "今天说下来 ……": where the discussion came out; "我来收个口".
    r"(?:今天|刚才)(?:大家)?(?:商量|讨论|议|说|谈|协商)下来|收(?:个|一下)口|(?:结果|意见)整理一下|整理一下(?:今天|大家|协商)|综合大家|综上|"
    # "那今天说定：一是……" / "今天大家都同意的是：……" / "经协商，会议议定事项如下：" settle the meeting.
    r"(?:今天|那就|就这么|那)?(?:说定|定下来|商定|议定)(?:了)?[：:]|(?:都|一致|基本)同意的(?:是|有)[：:]?|"
    r"(?:议定|商定|形成|达成|明确)(?:的|了)?(?:以下|如下)?(?:事项|意见|共识|几点|几条)(?:如下|以下)?[：:]|(?:说|讲|强调|明确)(?:一下)?(?:以下|这)?(?:几|[两三四五])点|形成了?(?:以下|如下)|达成了?(?:以下|如下)|议定了?(?:以下|如下)|商定了?(?:以下|如下)|"
    r"(?:基本|一致)?同意(?:以下|这|如下)(?:几|[一二三四五六七八九十两])?(?:条|点|项)|"
    r"(?:说定|商定|议定|确定|定下|定|明确)(?:了)?(?:以下|这|如下)?(?:几|[一二三四五六七八九十两])(?:条|点|件)"
)
# A spoken summary lists its points as "一个是……再一个……还有就是……".
SPOKEN_ITEM = re.compile(
    r"(?:^|\s|[，,])(?:然后|那么?|另外)?(?:一个是|再一个(?:就是|是|呢)?|还有一个(?:就是|是)?|还有就是|另外一个(?:就是|是)?|"
    # "第一个 清运……" / "第二个是……", but not "第二个月".
    r"第[一二三四五六七八九十]个(?:(?:就是|是|呢)|(?=[，,\s]))[，,]?|最后一个(?:就是|是)?|长远(?:的话|来说|看)?)\s*(?=\S)"
)
# Work handed out inside a spoken line: "…… 那下来分个工 某某 你们……", "接下来几件事落实一下：……",
# "具体几件事：……". What follows is the task list, as under a heading "分工：".
_TASK_LEAD = re.compile(
    r"(?:^|[\s，,。；：:])(?:那|好|那么|然后|接下来|下面|下来|最后|[，,\s])*"
    r"(?:(?:就|再|来)?分(?:个|一下|下)工|(?<=然后|那么|下面)[，,\s]*分工(?:哈|啊|呢|吧)?(?=[\s，,。]|$)|(?:具体|接下来)的?(?:几|[两三四五六])件事(?:情)?[：:]|"
    r"(?:几|[两三四五六])件事(?:情)?(?:落实|安排|分|明确)一下[：:]?|(?:会议)?(?:议定|明确|落实)?的?(?:具体|任务|责任|工作)?分工(?:如下|是这样)?[：:])"
)
# Headings of the parts, written alone or at the start of a line: "一、共识" "分歧：" "三、下一步工作：".
_HEADING_NUMBER = r"(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）])?\s*"
_HEADINGS = (
    (CONSENSUS, r"(?:会议)?(?:达成的?|形成的?|主要)?(?:共识|一致意见|议定事项|商定事项)(?:事项)?(?:如下|有[两三四五六七八九十几]+[点条项])?"),
    (DISSENT, r"(?:存在的?|尚存的?|主要)?(?:分歧|不同意见|保留意见|分歧意见)(?:意见)?(?:如下)?"),
    (ACTIONS, r"(?:明确(?:一下)?|落实)?(?:下一步(?:工作)?(?:安排)?|(?:具体|任务|责任|工作)?分工|分一下工|分个工|分下工|工作安排|责任落实|任务安排|(?:具体的?(?:事情|工作|任务)?)?(?:就)?(?:这样|这么)(?:分|安排|落实))(?:如下|是这样)?"),
    (OTHER, r"(?:下次(?:会议|协商)(?:安排)?|公开方式|其他事项)"),
)
# A spoken heading may open with "那" / "好": "那分一下工……".
_SPOKEN_LEAD = r"(?:(?:那|好|那么|下面|最后|经协商|经过协商|经研究|经讨论)[，,\s]*)?"
_HEADING = [
    (part, re.compile(rf"^{_SPOKEN_LEAD}{_HEADING_NUMBER}{pattern}\s*(?:[：:，,\s]|$|[。；]$"
                      # "分工就按刚才说的：……": a few words of lead before the colon of a task list.
                      + (r"|[^，,。：:；]{1,10}[：:])" if part == ACTIONS else ")")))
    for part, pattern in _HEADINGS
]
# "大家基本同意这几条：" / "形成以下几点共识：" — a lead that introduces the list.
_LIST_LEAD = re.compile(r"^[^。；]{0,40}?(?:以下|如下|这几|这么几|几点|几条|几项|[两三四五六七八九十]+[点条项])[^。；：:]{0,10}[：:]")
# A lead that says the meeting reached the points that follow ("经过协商，大家形成了以下意见：",
# "会议达成如下共识："): what follows is agreed, whatever heading the record put above it.
_AGREED_LEAD = re.compile(r"(?:形成|达成|取得|统一)了?(?:以下|如下|这么|这)(?:[几两三四五六七八九十][点个条])?(?:意见|共识|认识)")
# Item markers to strip: "一是" "第一，" "1." "（二）".
ITEM_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+(?:点|条|项|个)?(?:是|呢)?[，,、：:]?|[一二三四五六七八九十]+[、.．]|"
    r"\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）])\s*"
)


# A clause that hands out work is its own item (下一步工作), even on a numbered line.
_ASSIGNING = re.compile(
    r"^(?:请|由|责成)|负责|牵头|要在|务必|[于在][^，。；]{0,10}前|麻烦你|请你|"
    # The host turning to someone: "老王，……" / "夏委员，……".
    r"^(?:[老小][\u4e00-\u9fff]|[\u4e00-\u9fff]{1,3}(?:委员|主任|书记|支书|局长|所长|站长|经理|组长|队长|老师|主席|科长))[，,]"
)


@dataclass(frozen=True)
class Tagged:
    index: int  # into the sentence list
    part: str
    text: str  # without the heading, lead or item marker
    headed: bool = False  # under a heading of its own ("三、会议议定事项"), not just after "我总结一下"
    agreed: bool = False  # after a lead saying the meeting formed these points ("形成了这么几个意见：")
    marked: bool = False  # opened by an item marker ("第一，" "1." "一是"): a point even when short


def has_task_part(summary: list[Tagged]) -> bool:
    """Whether the summary hands out the work in a part of its own ("分工：", "下一步工作")."""
    return any(item.part == ACTIONS for item in summary)


def summary_turn(sentences: list[Sentence]) -> int | None:
    """The utterance in which the host starts summing up: the last host turn with a summary cue,
    else the first host turn with a part heading ("分工："), else the host's closing enumeration.
    Later host turns belong to it too: in a chat export the summary arrives as several messages."""
    cued = [s.utterance_index for s in sentences if s.is_host and SUMMARY_CUE.search(s.text)]
    if cued:
        return cued[-1]
    headed = [s.utterance_index for s in sentences if s.is_host and heading_of(s.text)[0]]
    if headed:
        return headed[0]
    start = enumeration_start(sentences)
    return sentences[start].utterance_index if start is not None else None


# The start of a listed point: "第一，" "二是" "3." "（二）" opening a sentence (after a lead that ends
# in a colon), or "一个是" / "再一个" anywhere in a spoken line. Stricter than ITEM_MARKER: "第一批"
# opens no list.
_POINT_START = re.compile(
    r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十](?:点|条|个)?(?:是|呢)?[，,、：:\s]|[一二三四五六七八九十][、．.]|"
    r"\d{1,2}\s*[、．.](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）])"
)
_INLINE_POINT = re.compile(r"[，,；;：:\s][一二三四五六七八九十]是")
_REPORTED_OPENER = re.compile(r"^(?:他|她)(?:还|又|最后|接着|随后)?(?:说|表示|指出|强调|认为|提出)[，,：:]\s*")
_LEAD_TO_COLON = re.compile(r"^[^：:。]{0,30}[：:]\s*")


def _point_marks(text: str) -> list[int]:
    """Where the points listed in one sentence begin."""
    marks = [m.start() for m in SPOKEN_ITEM.finditer(text)] + [m.start() for m in _INLINE_POINT.finditer(text)]
    lead = _LEAD_TO_COLON.match(text)
    body_at = lead.end() if lead else 0
    if _POINT_START.match(text[body_at:]):
        marks.append(body_at)
    elif lead and _POINT_START.match(text):
        marks.append(0)
    return sorted(marks)


_REPLIES_AFTER_A_CLOSING_LIST = 4


def enumeration_start(sentences: list[Sentence]) -> int | None:
    """Without a cue or a heading, the host sums up by listing the points ("最后说一下今天的意见：
    第一，……第二，……", "今天商量下来 一个是……再一个……"): the sentence where the last such list of
    the second half of the meeting begins. A list the host gave earlier (answering one speaker) is
    superseded by the closing one."""
    if not sentences:
        return None
    half = sentences[-1].utterance_index / 2
    marks_in_turn: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        if sentence.is_host and sentence.utterance_index >= half:
            marks = _point_marks(sentence.text)
            marks_in_turn.setdefault(sentence.utterance_index, []).extend([index] * len(marks))
    listing = [turn for turn, marks in marks_in_turn.items() if len(marks) >= 2]
    if not listing:
        return None
    turn = max(listing)
    # A closing list is answered by a few replies at most ("要得", "没有了"); a list the discussion
    # goes on after is the host explaining something, not summing up.
    replies = {s.utterance_index for s in sentences if s.utterance_index > turn and not s.is_host}
    return min(marks_in_turn[turn]) if len(replies) <= _REPLIES_AFTER_A_CLOSING_LIST else None


def _uncued_list_start(sentences: list[Sentence], turn: int) -> int | None:
    """Without a cue in the summary's turn, the summary is the host's closing list of points: on its
    own, or before the first part heading of that turn ("一、……二、……下面分一下工：……" — the list
    is what was agreed, the heading opens the work)."""
    if any(s.utterance_index == turn and s.is_host and SUMMARY_CUE.search(s.text) for s in sentences):
        return None
    start = enumeration_start(sentences)
    first_heading = next((i for i, s in enumerate(sentences)
                          if s.utterance_index == turn and s.is_host and heading_of(s.text)[0]), None)
    if start is None or first_heading is None:
        return start
    return start if start < first_heading and sentences[start].utterance_index >= turn - 3 else None


def heading_of(text: str) -> tuple[str, str]:
    """('dissent', rest) for "二、存在的不同意见" or "分歧：罗师傅……"; ('', text) when no heading."""
    for part, pattern in _HEADING:
        match = pattern.match(text)
        if match:
            return part, text[match.end():].strip(" ：:。；")
    return "", text


def tag_summary(sentences: list[Sentence]) -> list[Tagged]:
    """The sentences of the host's summary, from the cue on, each tagged with its part.

    Without headings every sentence is in the consensus part; the caller still checks each one
    (an assignment inside it is an action, a named objection is a disagreement)."""
    turn = summary_turn(sentences)
    if turn is None:
        return []
    listed_from = _uncued_list_start(sentences, turn)
    if listed_from is not None:
        turn = min(turn, sentences[listed_from].utterance_index)
    tagged: list[Tagged] = []
    started = False
    part = CONSENSUS
    headed = False
    numbered_line = None  # the line of the last numbered item ("1." "一是"), whose clauses belong to it
    agreed = False
    interrupted = False
    for index, sentence in enumerate(sentences):
        if sentence.utterance_index < turn:
            continue
        if not sentence.is_host:
            interrupted = started
            continue
        text = sentence.text
        heading, rest = heading_of(text)
        if interrupted and not heading and not ITEM_MARKER.match(text) and not SPOKEN_ITEM.match(text):
            # After someone else spoke, a host turn that opens no part and no item answers them.
            continue
        interrupted = False
        if not started and listed_from is not None:
            if index < listed_from:
                continue
            started = True
            rest = text[_point_marks(text)[0]:]  # "今天商量下来 一个是……": the list, not its lead
        elif not started:
            cue = SUMMARY_CUE.search(text)
            if not cue and not heading:
                continue
            started = True
            if cue and not heading:
                # "下面我归纳一下今天的意见：大家一致认为……" -> "大家一致认为……"
                rest = text[cue.end():]
                if cue.group(0).endswith(("：", ":", "就是")) or re.match(r"^\s*[：:]", rest):
                    rest = rest.lstrip(" ：:")  # "说定：一是……": the list starts right after the colon
                elif not ITEM_MARKER.match(rest.lstrip(" ，,")):
                    lead_in = re.match(r"^[^，。：:；\s]{0,12}[：:，,。\s]", rest)  # ASR: a space for a comma
                    rest = rest[lead_in.end():] if lead_in else rest
        if not heading and ITEM_MARKER.match(rest):
            # "第五，分工就按刚才说的：……": the item opens a part of its own.
            heading, after_marker = heading_of(ITEM_MARKER.sub("", rest))
            rest = after_marker if heading else rest
        if heading:
            part = heading
            headed = True
        if heading:
            agreed = False
        # "他说，今天大家的意见归纳起来：一是……" in a record told in the third person.
        rest = _REPORTED_OPENER.sub("", rest)
        lead = _LIST_LEAD.match(rest)
        summing_up = _LEAD_TO_COLON.match(rest)
        if lead:
            if not heading and _AGREED_LEAD.search(lead.group(0)):
                part = CONSENSUS  # "大家形成了以下意见：" under a record's "三、下一步工作"
                agreed = True
            rest = rest[lead.end():]
        elif summing_up and SUMMARY_CUE.search(summing_up.group(0)) and not heading:
            rest = rest[summing_up.end():]  # "今天大家的意见归纳起来：一是……" after the cue's own line
        rest = rest.strip(" ，,：:")
        if not rest.strip("。；;，, "):
            continue  # only the lead was on this line
        marked = bool(ITEM_MARKER.match(rest))
        rest = ITEM_MARKER.sub("", rest).strip(" ，,：:")
        if not rest:
            continue
        if (not marked and not heading and numbered_line == sentence.line_no and tagged
                and tagged[-1].part == part and not _ASSIGNING.search(rest) and not is_dissent(rest)
                and not records_a_view(rest)):
            # "4.民宿以住宿为主……；首批民宿本地用工不低于70%；" — one numbered item, two clauses.
            previous = tagged[-1]
            tagged[-1] = Tagged(previous.index, part, previous.text.rstrip("。；;") + "；" + rest, previous.headed,
                                previous.agreed, previous.marked)
            continue
        spoken = bool(SPOKEN_ITEM.search(rest))
        if listed_from is not None and not (marked or spoken or heading) and sentence.line_no != numbered_line:
            # After a list the host gave without a cue, a line of its own is no listed point
            # ("计划4月中旬动工", "就这样，散了").
            tagged.append(Tagged(index, OTHER, rest, headed))
            continue
        if marked:
            numbered_line = sentence.line_no
        elif listed_from is None:
            numbered_line = None  # (in an uncued list, a point's later sentences on its line stay with it)
        task_lead = _TASK_LEAD.search(rest)
        stretches = [(part, rest)]
        if task_lead and part != ACTIONS:
            stretches = [(part, rest[:task_lead.start()]), (ACTIONS, rest[task_lead.end():])]
            part = ACTIONS
        for stretch_part, stretch in stretches:
            # "一个是……再一个……" and "……，二是……，三是……": each point its own item.
            for spoken in SPOKEN_ITEM.split(stretch):
                for piece in _INLINE_POINT.split(spoken):
                    piece = piece.strip(" ，,：:")
                    if piece:
                        tagged.append(Tagged(index, stretch_part, piece, headed, agreed and stretch_part == CONSENSUS,
                                             marked))
    return tagged
