"""The body sections of the minutes: participants, views, consensus, disagreements, next meeting, publicity."""

from __future__ import annotations

import re

from assistant.drafting.minutes.actions import MERE_SUBJECT, find_due, strip_openers
from assistant.drafting.minutes.reading import HOST_ROLE, Transcript
from assistant.drafting.minutes.stance import (
    NEXT_MEETING,
    PRIORITY,
    PUBLICITY,
    PUBLICITY_STRONG,
    Sentence,
    is_consensus,
    is_dissent,
    is_procedural,
    records_a_view,
)
from assistant.drafting.minutes.summary import (
    ACTIONS,
    CONSENSUS,
    Tagged,
    has_task_part,
    heading_of,
    tag_summary,
)
from assistant.drafting.names import is_speaker_id
from assistant.drafting.schemas import (
    Participant,
    SourceRef,
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
# The 过 aspect after a verb of reporting or asking: a report of the past, not a point agreed.
_DONE_BEFORE = re.compile(r"(?:反映|提|报|找|申请|联系|沟通|协调|汇报|上报|打报告|写信|问)过(?!来|去|程|渡|问|滤|年|节|期)")
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
        position = 0
        for line_no, line in utterance.numbered_lines():
            line = _field_row(line) or line
            for raw in split_sentences(line):
                text = clean_sentence(raw)
                if text:
                    result.append(Sentence(text, utterance.speaker, role, is_host, index, position, line_no))
                    position += 1
    return result


_FIELD = re.compile(r"(?P<key>事项|任务|工作内容|内容|工作|责任单位|责任部门|责任人|牵头单位|完成时限|时限|完成时间|办结时限)\s*[：:]\s*(?P<value>[^；;，,。]+)")


def _field_row(line: str) -> str:
    """"1. 事项：修复坏灯；责任单位：供电所；完成时限：5月20日前" — a task table written as a line of
    fields — read as the sentence it stands for: "供电所负责修复坏灯，5月20日前完成。"."""
    fields = {m.group("key"): m.group("value").strip() for m in _FIELD.finditer(line)}
    owner = next((fields[k] for k in ("责任单位", "责任部门", "牵头单位", "责任人") if k in fields), "")
    task = next((fields[k] for k in ("事项", "任务", "工作内容", "内容", "工作") if k in fields), "")
    if not owner or not task:
        return ""
    due = next((fields[k] for k in ("完成时限", "时限", "完成时间", "办结时限") if k in fields), "")
    due = "" if re.fullmatch(r"长期|常态化|持续|长期坚持|长期执行|待定|—+|-+|无", due) else due
    return f"{owner}负责{task}" + (f"，{due}完成。" if due else "。")


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
    by_speaker: dict[str, list[Sentence]] = {speaker: [] for speaker in speakers}
    for index, sentence in enumerate(sentences):
        points = by_speaker.get(sentence.speaker)
        if points is None or len(points) >= MAX_CANDIDATE_POINTS or (skip and index in skip):
            continue
        if is_procedural(sentence.text) or not is_substantive(sentence.text):
            continue
        if any(bigram_similarity(sentence.text, p.text) > 0.8 for p in points):
            continue
        points.append(sentence)
    views = []
    for speaker in speakers:
        points = by_speaker[speaker]
        if len(points) > MAX_POINTS_PER_SPEAKER:
            ranked = sorted(range(len(points)), key=lambda i: (not PRIORITY.search(points[i].text), i))
            keep = sorted(ranked[:MAX_POINTS_PER_SPEAKER])
            points = [points[i] for i in keep]
        if points:
            views.append(SpeakerViews(
                speaker=speaker,
                points=[clip(p.text, MAX_POINT_CHARS) for p in points],
                sources=[[source_of(p)] for p in points],
            ))
    return views


def source_of(sentence: Sentence) -> SourceRef:
    """The line a sentence was said on; the drafter fills in the paragraph's text."""
    return SourceRef(line=sentence.line_no, speaker=sentence.speaker, sentence=sentence.text)


# "按照区里的安排，3月16日起……" reports an arrangement made elsewhere, not an agreement of this meeting.
# A leading clause of its own: "按规定比例配备保育人员" is this meeting's decision to comply.
_EXTERNAL_ARRANGEMENT = re.compile(
    r"(?:^|[，,])(?:按照|按|根据|依照)(?:区|市|县|镇|街道|上级|省)?[^，。]{0,4}(?:的)?(?:统一)?(?:安排|部署|要求|规定|通知)(?:[，,]|$)"
)


def _only_publicity(text: str) -> bool:
    """"方案将在公示栏公示" says how results are published; "设立巡诊点，每周二坐诊，地址和时间公示"
    is a decision that also says what is made public, and stays a point of agreement."""
    if not PUBLICITY.search(text):
        return False
    clauses = [c for c in re.split(r"[，,；;。]", text) if c.strip()]
    return not any(len(substance(c)) >= 6 and not PUBLICITY.search(c) for c in clauses)


_LEADING_VOCATIVE = re.compile(r"^(?:好|那|那就|那这样)?[，,\s]*(?:@?[\u4e00-\u9fff]{1,3}(?:经理|主任|书记|局长|队长|队|所长|站长|校长|老师|委员|科长|组长|厂长|总|师傅))[，,\s]+")


def _without_vocative(text: str) -> str:
    """'邵经理，物业要在4月30日前……' -> '物业要在4月30日前……'."""
    return _LEADING_VOCATIVE.sub("", text)


# An A-not-A question closing the sentence asks the room, even when the recorder wrote no "？":
# "大家看有没有意见：", "大家听一下对不对头。"
_ASKING_THE_ROOM = re.compile(
    r"(?:有没有|对不对|行不行|同不同意|可不可以|好不好|要不要|是不是)[\u4e00-\u9fff]{0,3}[。：:！!]*$"
)


# Words that only announce what follows: "今天大家的意见，基本是一致的。", "然后把分工明确一下。".
_ANNOUNCEMENT = re.compile(
    r"^(?:今天|刚才|总的来看|总体上)?[，,]?(?:大家|各位|与会同志|与会人员)?(?:的)?(?:意见|看法|想法)[，,]?"
    r"(?:基本|比较|总体|高度|还是|都)?(?:上)?(?:是)?(?:一致|集中|统一)(?:的)?[。！]?$"
    r"|^(?:然后|再|接着|下面)?(?:把|来)?(?:分工|任务)(?:明确|分|落实|说)一下[。！]?$"
    # "时间差不多了，我把今天议定的几件事念一下": what follows is read out; this line decides nothing.
    r"|^(?:[^，。]{0,10}[，,])?(?:下面|现在)?(?:我)?(?:来)?把[^，。]{0,14}(?:几件事|几点|几条|意见|结果|事项)(?:情)?(?:再)?"
    r"(?:念|读|说|讲|过|梳理|归纳|总结)一下[。！]?$"
    # The meeting praised, not a point of it: "今天这次协商，各位委员深入调研，……体现了……的要求".
    r"|^(?:今天|本次|这次)(?:这次|的)?(?:协商|会议|会)(?:开得|[，,])(?=.*(?:体现了|很好|很成功|很有成效|很充分|坦诚|实事求是|深入调研))"
)


# "收费的事情，今天不定": the meeting says it did not decide the point.
_NOT_DECIDED = re.compile(r"(?:今天|暂时?|先|会上|这次)(?:不定(?!死)|不作决定|不做决定|定不下来|定不了)|(?:今天|会上)(?:不|没有?)(?:决定|定下来)")
# The minutes themselves ("会后纪要再补充", "会议纪要经与会人员审阅后印发") are no point of the meeting.
_ABOUT_THE_RECORD = re.compile(r"纪要")


def _is_conclusion(text: str, listed: bool = False, marked: bool = False) -> bool:
    """A summary line is a conclusion unless it is only a date, a publicity note or chairing.

    "驿站是否搬到门面，待与开发商谈后再议" is a point the meeting settled to defer: kept."""
    deferred_point = len(substance(text)) >= 14 and not re.match(r"^(?:下次|下一次|再次|择期)", text)
    return (
        not _EXTERNAL_ARRANGEMENT.search(text)
        and (deferred_point or not NEXT_MEETING.search(text))
        and (listed or not _only_publicity(text))  # under "共识：" the recorder listed it as agreed
        and not is_procedural(text)
        and not re.search(r"(?:会议|今天)[^，。]{0,10}(?:结束|到此|到这里|到这儿)|散会|休会", text)
        and not text.endswith("？")
        and not _ASKING_THE_ROOM.search(text)
        and not _ANNOUNCEMENT.match(text)
        and not re.search(r"(?:——|—|……|…)[。]?$", text)  # broken off mid-sentence: nothing settled
        and not is_dissent(text)
        and not records_a_view(text)
        and not _NOT_DECIDED.search(text)
        and not _ABOUT_THE_RECORD.search(text)
        # "第一，坏灯先修": a numbered point may be short.
        and (is_substantive(text) or (marked and len(substance(text)) >= 4))
    )


def build_consensus(
    sentences: list[Sentence], action_sentences: dict[int, str], summary: list[Tagged] | None = None,
    point_actions: dict[tuple[int, str], str | None] | None = None,
) -> list[tuple[str, Sentence]]:
    """共识: the consensus part of the host's summary when there is one, else agreement said as such.

    In a summary an assignment ("街道办负责……") goes to 下一步工作 and a named objection to
    分歧意见; the decision before an assignment ("路面宽度按4.5米，由镇交通办……") is kept."""
    summary = tag_summary(sentences) if summary is None else summary
    # After "我总结一下" an assignment is 下一步工作. Under a heading of its own it is also a decision:
    # under "共识：" when the record has a separate "分工：" part, and under "会议议定事项" when the
    # record states its conclusions only that way. A summary that lists what was agreed on its own
    # ("形成以下共识：……", "一是……二是……") leaves a following list of assignments to the actions.
    has_actions_part = has_task_part(summary)
    # Each summary item's work, if it hands out any: a point of a spoken line is read on its own
    # ("一个是……再一个……" in one sentence), a whole sentence by what the actions found in it.
    item_actions = {
        id(item): (point_actions or {}).get((item.index, item.text), action_sentences.get(item.index))
        for item in summary
    }
    found = _summary_conclusions(sentences, item_actions, summary, has_actions_part,
                                 assignments_decide=has_actions_part)
    position = {id(sentence): index for index, sentence in enumerate(sentences)}
    if not has_actions_part and sum(not assigns for _, _, assigns in found) < 2:
        found = _summary_conclusions(sentences, item_actions, summary, has_actions_part, assignments_decide=True)
    found = [(text, sentence) for text, sentence, _ in found]
    if not found:
        # No summary: what was agreed as such, and what the host settled by assigning it
        # ("地锁的问题，请城管中队会同物业两周内拆除") — the host speaks for the meeting.
        agreed = [
            (s.text, s) for i, s in enumerate(sentences)
            if i not in action_sentences and not is_dissent(s.text) and not is_question(s.text) and is_consensus(s.text)
        ]
        # Work listed under the summary's own "分工：" part is 下一步工作 and never a point agreed.
        task_part = {item.index for item in summary if item.part == ACTIONS}
        settled = [
            (_without_vocative(s.text), s) for i, s in enumerate(sentences)
            if s.is_host and i in action_sentences and i not in task_part
            and not is_dissent(s.text) and not is_question(s.text)
        ]
        found = sorted(agreed + _accepted(sentences, action_sentences), key=lambda pair: position[id(pair[1])]) or settled
    items: list[tuple[str, Sentence]] = []
    for text, sentence in found:
        item = _strip_summary_lead(text).rstrip("；;，, ")
        item = item if item.endswith(("。", "！", "？")) else item + "。"
        if len(substance(item)) < 4 or any(bigram_similarity(item, kept) > 0.7 for kept, _ in items):
            continue
        items.append((clip(item, 150), sentence))
        if len(items) >= MAX_CONSENSUS_ITEMS:
            break
    return items


_RUN_ON_CLOSING = re.compile(r"(?:[\s，,]+(?:好|嗯|那|行))*[\s，,]+(?:散会|今天就到这里|今天的会就到这里|会议结束)[。！]?$")


# "那可以" / "要得" / "没问题" answering what was just said: the one it answers accepts it.
_ACCEPTS = re.compile(r"^(?:那|好|嗯|哦)?[，,\s]*(?:那)?(?:可以|要得|行|没问题|没有问题|同意|那就好|那就行|我接受|接受)(?:了|的)?[。！!，,\s]*$")
# "收到，挪到靠围墙一侧没有问题": the acceptance carries what is accepted.
# The point never begins with the answer word itself: "可以 两周没问题" accepts a time limit, "两周".
_ACCEPTED_CLAUSE = re.compile(
    r"^(?:收到|好的?|行|可以)?[，,\s]*(?P<point>(?!收到|好|行|可以)[^，,。；]{4,30}?)(?:我们|我)?(?:没有问题|没问题|可以接受|接受)[。！!]?$"
)
# "…坚决不接受" / "…没法接受" / "…难以接受": the word of acceptance is negated, nothing is accepted.
_NEGATED_ACCEPTANCE = re.compile(r"(?:不|没|没法|没办法|难以|无法|不能|不可|不太|绝不)$")


# A participant's own leave or schedule ("我下午还要去区里开个会", "我家里有事得先走一步"): a "行"
# after it grants leave. ("有事来协商" is the platform's name, not an errand.)
_OWN_AFFAIRS = re.compile(
    r"^我(?!们)[^。]*?(?:先走|走一步|先撤|先离开|提前走|请个?假|赶时间)"
    r"|^我(?!们)[^。]{0,6}有(?:点)?事(?=要|得|先|走|离开|[，,。]|$)"
    r"|^我(?:[今明后]天|下午|上午|中午|晚上|等会儿?|一会儿?|待会儿?)(?:还|就)?(?:要|得)(?:去|走|赶)"
)


def _restates_an_earlier_turn(point: str, sentence: Sentence, sentences: list[Sentence]) -> bool:
    """The accepted point shares a two-character word with what another speaker said in the two
    turns before: an acceptance carries what was proposed, not a remark of its own."""
    earlier = [
        s.text for s in sentences
        if s.speaker != sentence.speaker and 0 < sentence.utterance_index - s.utterance_index <= 2
    ]
    words = {point[i:i + 2] for i in range(len(point) - 1)} - {"我们", "这个", "那个", "一下", "没有", "可以"}
    return any(word in text for word in words for text in earlier if re.fullmatch(r"[\u4e00-\u9fff]{2}", word))


def _accepted(sentences: list[Sentence], action_sentences: dict[int, str]) -> list[tuple[str, Sentence]]:
    """Without a summary, a point answered at once by another participant's plain acceptance is
    agreed between them: the answer (a proposal, a figure, a condition) and the "那可以" after it."""
    found: list[tuple[str, Sentence]] = []
    for index, sentence in enumerate(sentences[:-1]):
        following = sentences[index + 1]
        if following.utterance_index != sentence.utterance_index + 1 or following.speaker == sentence.speaker:
            continue
        if not _ACCEPTS.match(following.text) or following.is_host:
            continue  # the host's "好的" thanks the speaker; it settles nothing
        if re.match(r"^(?:好的?|收到|要得|行|没问题|可以|明白)(?:[，,\s]|$)", sentence.text):
            continue  # itself an answer to the host ("好的 名单我们一周内报过来"), not a proposal
        if (index in action_sentences or is_question(sentence.text) or is_dissent(sentence.text)
                or is_procedural(sentence.text) or len(substance(sentence.text)) < 8):
            continue
        if _OWN_AFFAIRS.search(sentence.text):
            continue  # "我下午还要去开个会，得先走一步" — "行。": leave is granted, nothing is agreed
        found.append((sentence.text, sentence))
    for at, sentence in enumerate(sentences):
        point = _ACCEPTED_CLAUSE.match(sentence.text)
        if not point or is_question(sentence.text) or is_dissent(sentence.text):
            continue
        if at and sentences[at - 1].speaker != sentence.speaker and at - 1 in action_sentences:
            continue  # "好 两周内把图纸交过来没问题" takes on the work just handed out: a task, not a point
        if _NEGATED_ACCEPTANCE.search(point.group("point")):
            continue  # "收费这个方案我们坚决不接受" refuses: the acceptance word is negated
        if point.group("point").startswith("我") and not point.group("point").startswith("我们"):
            continue  # "我家里老人身体都没问题" says how the speaker is, not what they accept
        answers = re.match(r"^(?:收到|好的?|行|可以)[，,\s]", sentence.text)
        if not answers and not _restates_an_earlier_turn(point.group("point"), sentence, sentences):
            continue  # an answer says so ("收到，……没有问题") or takes up what was just put to the speaker
        if len(substance(point.group("point"))) >= 4:
            found.append((point.group("point") + "。", sentence))
    found += _put_to_the_room(sentences, action_sentences)
    return found


# The host puts a point to the room ("那这个占地按比例分摊 大家有没有意见") and the next speaker
# answers that there is none ("没意见", "同意", "可以").
_PUT_TO_THE_ROOM = re.compile(
    r"[，,\s]*(?:大家|各位)(?:看)?(?:还)?(?:有没有(?:意见|不同意见|异议)|同不同意|同意不同意|行不行|可不可以|认不认可)(?:啊|嘛|呢)?[？?。！!]*$"
)
_NO_OBJECTION = re.compile(r"^(?:那|好|嗯)?[，,\s]*(?:我们?|大家)?(?:都)?(?:没(?:有|得|啥)?(?:意见|异议)|没问题|同意|赞成|可以|要得|行)")


def _put_to_the_room(sentences: list[Sentence], action_sentences: dict[int, str]) -> list[tuple[str, Sentence]]:
    """Without a summary, a point the host asked the room about and the next speaker accepted."""
    found: list[tuple[str, Sentence]] = []
    for index, sentence in enumerate(sentences[:-1]):
        asked = _PUT_TO_THE_ROOM.search(sentence.text)
        following = sentences[index + 1]
        if not sentence.is_host or not asked or index in action_sentences:
            continue
        if following.is_host or following.utterance_index != sentence.utterance_index + 1:
            continue
        if not _NO_OBJECTION.match(following.text) or is_dissent(following.text):
            continue
        point = strip_openers(sentence.text[:asked.start()]).strip(" ，,")
        if len(substance(point)) >= 6 and not is_dissent(point):
            found.append((point + "。", sentence))
    return found


def _summary_conclusions(
    sentences: list[Sentence], item_actions: dict[int, str | None], summary: list[Tagged], has_actions_part: bool,
    assignments_decide: bool,
) -> list[tuple[str, Sentence, bool]]:
    """The consensus items of the summary, each with whether it hands out work."""
    # With a "分工：" part of its own, the points before it are the agreement, whole: "三是成立一个
    # 监督小组，村委会牵头，……，每个月去看一回" — the work is handed out again under 分工.
    found: list[tuple[str, Sentence, bool]] = []
    names = {s.speaker for s in sentences}
    for item in summary:
        if item.part != CONSENSUS:
            continue
        # "……避开春节 好 散会": the closing words run on in a speech-recognition line.
        text = _RUN_ON_CLOSING.sub("", item.text) or item.text
        leading = item_actions.get(id(item))
        if leading is None and not assignments_decide and _assignment_shaped(text, names):
            leading = ""  # "由某局牵头……于12月31日前拟出方案": work handed out, whatever the actions read
        if leading is not None and not ((item.headed or has_actions_part) and assignments_decide):
            text = _before_vocative(leading, names)  # the decision before the owner, if any
            if len(substance(text)) < 6 or MERE_SUBJECT.search(text):
                continue
        if not item.headed and _DONE_BEFORE.search(text):
            continue  # "村里向上级反映过多次了" recalls what was done; nothing is agreed by it
        text = _agreed_before_dissent(text, names)
        text = _without_room_question(text)
        if _is_conclusion(text, listed=item.headed, marked=item.marked) and not heading_of(text)[0]:
            found.append((text, sentences[item.index], leading is not None))
    return found


# A clause that only calls someone: "@某某", "某师傅", "老周", a speaker's name.
_VOCATIVE_CLAUSE = re.compile(
    r"^(?:那|好|那么)?\s*(?:@\S+|[\u4e00-\u9fff]{1,3}(?:经理|主任|书记|支书|局长|队长|所长|站长|校长|老师|委员|科长|股长|组长|"
    r"厂长|镇长|县长|区长|村长|会长|主席|行长|律师|医生|老板|同志|阿姨|大爷|大姐|大哥|师傅|总)|[老小][\u4e00-\u9fff])$"
)


def _assignment_shaped(text: str, names: set[str]) -> bool:
    """A line that hands work to someone with a time limit: "由X牵头，……于12月31日前……",
    "请X两周内……", "某某按其承诺，本月底前先支付……"."""
    return bool(find_due(text)) and (
        bool(re.match(r"^(?:由|请|责成)", text)) or any(len(n) >= 2 and text.startswith(n) for n in names)
    )


def _before_vocative(leading: str, names: set[str]) -> str:
    """The decision before an assignment ends where the host turns to someone: in "检测，方科长，检测
    这个就麻烦你" or "@某某，某师傅" nothing was decided before the work was handed out."""
    clauses = [c for c in re.split(r"[，,\s]+", leading) if c]
    for at, clause in enumerate(clauses):
        if _VOCATIVE_CLAUSE.match(clause) or clause.lstrip("@") in names or clause.lstrip("那好") in names:
            return "，".join(clauses[:at])
    return leading


_ROOM_ASKED_AT_END = re.compile(
    r"[，,\s]+(?:(?:就|大概就)?这(?:么)?(?:几)?(?:条|点|些)[，,\s]*)?(?:大家)?(?:看)?(?:还)?"
    r"(?:行不行|好不好|对不对|有没有(?:补充|意见|不同意见)?|同不同意|可不可以|是不是这样)(?:啊|嘛|呢)?[？?。！!]*$"
)
def _without_room_question(text: str) -> str:
    """"……先不走维修基金 钱的来源我们再想办法 大家看行不行": the host puts the point to the room at
    its end; the point stands without the question."""
    point = _ROOM_ASKED_AT_END.sub("", text)
    return point + "。" if point != text and len(substance(point)) >= 6 else text


# A clause that only names what the next clause is about: "鉴定费的事情", "收费这块".
_TOPIC_CLAUSE = re.compile(r"(?:事情|问题|的事|这块|方面|这个|那个)$")
_ABOUT = re.compile(r"^\s*(?:关于|对于|至于|针对)")


def _agreed_before_dissent(text: str, names: set[str]) -> str:
    """"不是一律拆 分情况处理 …… 鉴定费的事情 有同志有不同意见 我们再向县里反映": a spoken point
    runs on into the objection the host records; what was agreed is the part before it (and
    before the clause naming the objection's topic). Unchanged when the point opens with the
    objection or holds none, or when a person named is its subject ("某某坚持十一点收摊，对十二点收摊
    有保留意见" is that person's position)."""
    if any(text.startswith(name) for name in names):
        return text
    clauses = re.split(r"(?<=[，,；;\s])", text)
    for at, clause in enumerate(clauses):
        on_file = records_a_view(clause)
        if is_dissent(clause) or on_file:
            kept = clauses[:at]
            topic = bool(kept) and bool(_TOPIC_CLAUSE.search(kept[-1].strip(" ，,；;")) or _ABOUT.match(kept[-1]))
            if on_file and not topic:
                return text  # "开放时间暂定……，某某的意见我们记下了": the view is on this very point
            agreed = "".join(kept[:-1] if topic else kept).strip(" ，,；;")
            return agreed if len(substance(agreed)) >= 4 else text
    return text


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


def disagreement_entry(name: str, role: str, text: str) -> str:
    """'罗德胜（1单元1楼住户）：……' — the holder's clean name first, so letters find the addressee."""
    return f"{name}（{role}）：{text}" if role and role != HOST_ROLE else f"{name}：{text}"


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
