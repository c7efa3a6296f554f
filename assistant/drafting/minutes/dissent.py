"""分歧意见 and the dissenters: who still disagrees at the end of the meeting, in their own words.

三（七）requires an explanation to each person who disagreed, so the list is what the letters use.
A person holds a disagreement when they said so plainly (不同意、反对、保留意见、有顾虑 …) and did
not withdraw it later ("那我没意见了", "那我赞成"), or when the host's summary names them as still
disagreeing ("罗德胜师傅对采光仍有反对意见", "覃老板的意见我们会后再专门听一下"). The host's
restatement is filed under the person it names, never under the host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.drafting.minutes.stance import Sentence, is_dissent, refuses_signature
from assistant.drafting.minutes.summary import DISSENT, Tagged
from assistant.drafting.names import is_speaker_id
from assistant.drafting.schemas import SourceRef
from assistant.drafting.sentences import clip, is_question, substance

# Said plainly: an objection, a reservation or a worry the speaker holds.
_HELD = re.compile(
    r"不同意(?!见)|反对|保留意见|保留(?:我的|我们的|个人的?|自己的)(?:这个)?意见|意见(?:我)?(?:还是|就)?保留|有顾虑|顾虑|有意见|不赞成|不赞同|不认同|不能接受|不接受|难以接受|不认可|有异议|不太同意|"
    # "不行" refuses ("这样不行", "不行，我不同意") only when it judges a proposal, not a thing's quality
    # ("灯的质量不行" reports a fact).
    r"觉得不行|还是不行|那也不行|(?:^|这样|那样|这个|那个|肯定|绝对|坚决|就是|我看|我说)不行|还是要求|坚持|"
    # A worry still held ("我还是不放心"). A signature withheld is judged by refuses_signature, a
    # view kept after an answer ("但她的意见不变") by _KEPT, only after an objection of the speaker's.
    r"不放心|"
    # A worry kept after the answer ("加了罩子我还是担心"), a view of one's own that differs.
    r"(?:还是|仍然|依然|始终)(?:有点|有些)?担心|(?:有|持)(?:不同|不一样)的?(?:看法|意见)"
)
# Withdrawn: the speaker's later words settle it.
_WITHDRAWN = re.compile(
    r"没(?:有|得)?意见了|没啥意见|没什么意见|那我(?:也|就)*没(?:有|得|啥|什么)?意见|那我(?:也)?(?:就)?(?:同意|赞成|支持|认可|接受)|"
    r"(?:可以|能够)接受|表示理解|可以理解|那就行|那就好|"
    r"没问题了|我同意了|不反对了|放心了|那好|那可以|这样可以|这样就行|我赞成|"
    # "那我这边就没有顾虑了" / "那我就没什么顾虑了": the worry is settled.
    r"没(?:有|得)?(?:啥|什么|啥子)?(?:顾虑|担心|异议)了|不担心了|不再坚持|不再反对|我(?:就|也)?不坚持了"
)
# The host names someone's standing objection, or promises to hear it again.
_HOST_NAMES_DISSENT = re.compile(
    # "仍有顾虑", "还是有意见" — but "还有一户……" only says "there is also".
    r"(?:仍|还|依然|仍然|目前)[^，。；]{0,6}(?:有[^，。；]{0,4}(?:意见|顾虑|异议|看法|担心|想法)|持|保留|坚持|不同意|反对)|不同意见|保留意见|反对意见|有顾虑|"
    r"意见我们(?:也)?(?:会后|记下|记到|记上|记住|记录|再)|(?:会后|下来|散会后|之后|回头)[^，。；]{0,4}(?:单独|专门|再)[^，。；]{0,8}(?:沟通|听|谈|商量|做工作|摆|了解|找)|"
    r"不同意|反对"
)
_TITLE = r"(?:同志|委员|代表|师傅|老板|经理|主任|书记|局长|队长|所长|老师|大爷|大妈|阿姨|大姐|大哥|叔|姐)"
MAX_ENTRY_CHARS = 220
# "某某听后表示，……" / "某某随后说，……": a named person's words reported inside someone else's turn.
_REPORTED_WORDS = re.compile(r"^(?P<who>[\u4e00-\u9fff]{2,4}?)(?:同志)?(?:听后|听了|随后|最后|当场|也)?(?:表示|说|认为)")
# The host records a view or promises to take it up again: "您这个意见我们记下来了", "会后再专门听一下".
_RECORDS_THE_VIEW = re.compile(r"意见[^，。；]{0,6}(?:记下|记录|记住|记起|如实)|(?:会后|下来|回头)[^，。；]{0,6}(?:再|专门|单独)")
# "某某提的……问题", "某某反映的……": what a person raised, named by the host.
_RAISED_BY = re.compile(r"(?:提的|提出的|说的|反映的|讲的|关心的)[^，。；]{0,16}(?:问题|事|意见|诉求|要求)")
# A reply that opens with a bare form of address speaks to the one who just spoke.
_ADDRESSES_LAST = re.compile(r"^(?:好|嗯|那)?[，,\s]*(?:大爷|大妈|大娘|阿姨|师傅|大姐|大哥|老人家|婆婆|嬢嬢|您|你)")


@dataclass
class _Holder:
    name: str
    own: list[Sentence] = field(default_factory=list)
    host: list[Sentence] = field(default_factory=list)
    withdrawn: bool = False
    # Objections said on a condition ("如果物业费要涨，我是不同意的"): they stand only when the host
    # later records the person's objection; a condition answered ("不涨物业费") leaves nothing.
    conditional: list[Sentence] = field(default_factory=list)


@dataclass(frozen=True)
class Disagreement:
    holder: str
    text: str
    sources: list[SourceRef]


# Somebody else's view reported by the speaker ("有家长反对单向通行", "其他业主不持反对意见").
_REPORTED = re.compile(
    r"(?<![我们也还])(?:有|其他|个别|部分|少数|一些|很多|不少|好多|有的)[^，。；！？我]{1,14}?(?:反对|担心|担忧|顾虑|不同意|有意见)|"
    r"(?:顾虑|反对|意见|担心)的(?:人)?(?:也|还)?(?:不少|很多|挺多|有)|(?:顾虑|意见|担心)多|听说|据说|反映|提到|不持反对|不反对|"
    r"(?:村民|居民|群众|业主|家长|老人|商户|他们|她们|大家)[^，。；！？我]{0,10}(?:有意见|反对|有顾虑|不同意|不放心|担心|担忧)|"
    # A worry described as a thing ("主要顾虑是……", "最大的担心就是……"), not held as the speaker's own.
    r"(?<!我)(?<!我的)(?<!我们的)(?:主要|最大|一个)的?(?:顾虑|担心|担忧)(?:就)?(?:是|在于)|"
    # Somebody else's worry answered: "物业的顾虑可以理解", "这位先生这个顾虑我们考虑了".
    r"(?<!我)(?:的|这个|那个|这些|提的|说的)(?:顾虑|担心|担忧|反对意见|不同意见|意见)|(?:顾虑|担心|担忧)[^，。；]{0,4}(?:可以|能够?|完全)?理解|"
    # A count of people is a report, whoever is counted: "还有几户也反对", "十几个老人联名……反对".
    r"(?:几|[0-9一二两三四五六七八九十百]+)(?:多|来|余)?(?:户|个人|个|位|名|人|家)[^，。；！？我]{0,12}(?:反对|不同意|有意见|有顾虑|担心)|"
    # Counting the vote: "同意多少户、不同意多少户" / "反对的有几票" counts people, holds nothing.
    r"(?:反对|不同意)(?:的)?(?:有|是)?(?:多少|几|[0-9一二两三四五六七八九十百]+)(?:户|人|票|个|家|位|名)"
)
# "弄啥子都可以，就是不能租出去": a concession, then the one thing refused.
_PLAIN_REFUSAL = re.compile(
    r"觉得不行|还是不行|那也不行|还是要求|坚持要求|我不同意|我反对|我是不同意|我是反对"
)
# The concession and the refusal sit in two clauses, so the whole sentence is checked. What is
# refused is an action ("就是不能租出去"); a degree ("哪天都可以，就是不能太晚") states a preference
# within what was conceded, and nobody is owed an explanation for it.
_CONCESSIVE_REFUSAL = re.compile(
    r"(?:都|也)(?:可以|行|好说|没问题|同意)[^。！？]{0,4}[，,\s]+(?:就是|只是|但是|但)不(?:能|准|许)"
    r"(?!说|讲|太|过于|过分|超过|多于|少于|低于|高于|那么|这么|比|再晚|再早|晚于|早于)"
)


# Who else a clause is about: "有十几个老人联名写了信，反对搬迁" — the objection that follows is theirs.
_THIRD_PARTY = re.compile(
    r"^[^我]*(?:(?:有|其他|个别|部分|少数|一些|很多|不少|好多)[^，。；我]{0,10}(?:人|户|老人|居民|村民|群众|业主|家长|商户)|"
    r"(?:几|[0-9一二两三四五六七八九十百]+)(?:多|来|余)?(?:户|个|位|名|人|家))"
)
# "这个意见我保留", "我还是保留我的看法": the speaker keeps their own view, whatever "这个意见" says.
_KEEPS_OWN = re.compile(r"(?:意见|看法)(?:我|我们)(?:还是|就|要|先)?保留|我(?:们)?(?:还是|就|要|先)?保留(?:我的|我们的|个人的?|这个)?(?:意见|看法)")
# The one a clause is about, before what they think: "某某同志对……", "某师傅还是……".
_SUBJECT_BEFORE_STANCE = re.compile(
    rf"^(?:但是?|其实|另外)?(?P<who>[\u4e00-\u9fff]{{1,4}}?{_TITLE}?)(?:对|关于|也|还是|仍然?|一直|始终)"
)
# A clause whose subject is other people: "大家……", "群众……", "他们……".
_OTHERS_AS_SUBJECT = re.compile(
    r"^(?:其实|但是|可是|不过|主要是|现在)?(?:大家|群众|村民|居民|老百姓|业主|老人|家长|商户|租户|他们|她们|有的人|好多人|很多人|不少人)"
)
_SUBJECTLESS_OBJECTION = re.compile(r"^(?:都|也|还|就|一起|联名)?(?:反对|不同意|有意见|有顾虑|担心)")


# "如果…的话" / "要是…" / "万一…" opens a condition: what follows in the sentence depends on it.
_CONDITION = re.compile(r"(?:^|[，,\s])(?:如果|假如|要是|万一|若是|倘若|只要)")


# "但她的意见不变" (a record in the third person) / "我的看法还是不变": a view kept after an answer.
_KEPT = re.compile(
    r"^(?:但|但是|可是|不过)?(?:[^，。；我她他]{1,10}?(?=我|她|他))?(?P<who>我|她|他)?(?:的)?(?:意见|看法|态度|立场)(?:还是|仍然|依然|始终)?不变"
)


# "我对收费一直有意见，不过今天先说停车": the speaker sets the objection aside as another matter.
_SET_ASIDE = re.compile(r"^(?:不过|但是?|可是)?(?:今天|这次|这回|今天这个会)(?:先|就)?(?:不说|不谈|不提|不议|说|谈|议)(?!清楚|明白|一下|两句|几句)")


def _holds(sentence: Sentence, conditional: bool = False, objected: bool = False, people: list[str] = ()) -> bool:
    """The speaker states their own objection in a clause that is not a question.

    With `conditional`, only objections said after a condition ("如果…，我不同意") count; without
    it, only those said without one. A view kept ("我的意见不变") is an objection only when the
    speaker has `objected` before: "我们支持加装电梯，意见不变" keeps a support."""
    previous = ""
    others_speak = False  # the clause's subject, carried over from the last clause that named one
    under_condition = False
    if any(_SET_ASIDE.match(c) for c in re.split(r"[，,；;]", sentence.text)[1:]):
        return False
    for clause in re.split(r"[，,；;]|\s+", sentence.text):
        reported_on = _SUBJECTLESS_OBJECTION.match(clause) and _THIRD_PARTY.search(previous)
        previous = clause or previous
        if "我" in clause or re.match(r"(?:但是?|可是|不过)", clause):
            others_speak = bool(_OTHERS_AS_SUBJECT.match(re.sub(r"^(?:但是?|可是|不过)", "", clause)))
        elif _OTHERS_AS_SUBJECT.match(clause):
            others_speak = True
        # "大家对钱的去向分歧不大，主要是对公开透明不放心": the worry is the group's, told by the speaker.
        reported_on = reported_on or others_speak
        under_condition = under_condition or bool(_CONDITION.search(clause))
        if under_condition != conditional:
            continue
        if not clause or is_question(clause):
            continue
        if objected and (kept := _KEPT.match(clause)) and (
            kept.group("who") not in ("她", "他") or sentence.text.startswith(sentence.speaker)
        ):
            return True  # "她" is the speaker only in a record that names them first: "某某表示……，但她的意见不变"
        if (_REPORTED.search(clause) or reported_on) and not _KEEPS_OWN.search(clause):
            continue
        subject = _SUBJECT_BEFORE_STANCE.match(clause)
        if people and "我" not in clause and subject and named_in(subject.group("who"), people, exclude=sentence.speaker):
            continue  # "某某同志对电费标准有保留意见": another participant's view, told by the speaker
        if refuses_signature(clause) and refuses_signature(sentence.text):  # no rule quoted in the sentence
            return True
        if _PLAIN_REFUSAL.search(clause) or (_HELD.search(clause) and is_dissent(clause)):
            return True
        if clause.startswith(("就是不", "只是不", "但是不", "但不")) and _CONCESSIVE_REFUSAL.search(sentence.text):
            return True
    return False


def _with_reason(sentences: list[Sentence], index: int) -> Sentence:
    """The objection with what it is about: the sentence before it in the same turn ("那个地锁是
    我装的……现在说要拆，我不同意"), and after a bare "我不同意。" the sentence that says why."""
    sentence = sentences[index]
    before = sentences[index - 1] if index else None
    if before is not None and before.utterance_index == sentence.utterance_index and not _holds(before):
        sentence = replace(sentence, text=before.text.rstrip("。") + "，" + sentence.text)
    last_clause = re.split(r"[，,；;]", sentence.text.rstrip("。！？"))[-1]
    if len(substance(last_clause)) > 12 or index + 1 >= len(sentences):
        return sentence
    following = sentences[index + 1]
    if following.utterance_index != sentence.utterance_index:
        return sentence
    return replace(sentence, text=sentence.text.rstrip("。") + "，" + following.text)


def named_in(text: str, people: list[str], exclude: str = "") -> str:
    """The participant a sentence is about: a full name, or a surname + title ("覃老板") that fits one person."""
    for name in people:  # longest first
        if name != exclude and name in text:
            return name
    for match in re.finditer(rf"([\u4e00-\u9fff]){_TITLE}", text):
        same = [n for n in people if n != exclude and n.startswith(match.group(1)) and not is_speaker_id(n)]
        if len(same) == 1:
            return same[0]
    return ""


def _named_dissent(sentence: Sentence, people: list[str], in_dissent_part: bool) -> list[tuple[str, Sentence]]:
    """The people a host's closing sentence names as still disagreeing, each with their own clause:
    "甲对涨价仍然反对，乙对扣减有保留意见" names two holders, and each letter cites its own point."""
    # A speech-recognition line separates its clauses by spaces.
    clauses = [c for c in re.split(r"[，,；;]|\s+", sentence.text.rstrip("。！")) if c.strip()]
    found: dict[str, str] = {}
    for clause in clauses:
        about = named_in(clause, people, exclude=sentence.speaker)
        if about and about not in found and _HOST_NAMES_DISSENT.search(clause):
            found[about] = clause
    if len(found) >= 2:
        return [(name, replace(sentence, text=clause + "。")) for name, clause in found.items()]
    if in_dissent_part:
        about = named_in(sentence.text, people, exclude=sentence.speaker)
        return [(about, sentence)] if about else []
    # The person and the objection are said together: in the clause that records it or the two
    # before ("某某提出的考核问题，不在本次范围，作为保留意见记录"). A name after it ("……有同志有不同
    # 意见 …… 那下来分个工 某某 你们……") is someone given work, not the one who objects.
    for at, clause in enumerate(clauses):
        if _HOST_NAMES_DISSENT.search(clause):
            about = next((name for near in reversed(clauses[max(0, at - 2):at + 1])
                          if (name := named_in(near, people, exclude=sentence.speaker))
                          and not _credits_proposal(near, name)), "")
            if about:
                return [(about, sentence)]
    return []


# "按某某的建议，……" / "采纳某某提出的方案": the person named is the author of what was adopted, not
# one who objects to it, even when the host goes on to record others' reservations.
_CREDIT_LEAD = r"(?:按|按照|根据|依照|采纳|采用|同意|赞成|支持)"
_CREDIT_TAIL = r"(?:同志|委员|代表)?(?:的|提出的|提的)(?:建议|意见|方案|提议|想法|办法)"


def _credits_proposal(clause: str, name: str) -> bool:
    return bool(re.search(_CREDIT_LEAD + re.escape(name) + _CREDIT_TAIL, clause))


def _still_objects(text: str) -> bool:
    """A reported view that keeps an objection in one of its clauses: "她同意划车位，但收费她还是
    不同意" agrees to one part and not to the other."""
    return any(
        _HELD.search(clause) and is_dissent(clause) and not _REPORTED.search(clause)
        for clause in re.split(r"[，,；;。]", text)
    )


def _last_turn_objects(sentences: list[Sentence], last: int, holders: dict[str, _Holder]) -> bool:
    """The turn the host answers holds an objection or a worry, or its speaker still holds one:
    "阿姨，您这个意见我们记下来了" after a suggestion ("能不能放几张长椅") records a suggestion,
    and a suggestion is no dissent (no explanation letter is owed for it)."""
    speaker, turn = sentences[last].speaker, sentences[last].utterance_index
    holder = holders.get(speaker)
    if holder is not None and not holder.withdrawn and (holder.own or holder.host):
        return True
    return any(
        s.utterance_index == turn and (is_dissent(s.text) or _INSISTS.search(s.text))
        for s in sentences[max(0, last - 12):last + 1]
    )


# A view kept after the answer: "我还是觉得要……", "我还是要说，……" — the speaker insists.
_INSISTS = re.compile(r"我(?:还是|仍然|依然|始终)(?:觉得|认为|坚持|要说|希望|要求)")


def _without_repeats(said: list[Sentence]) -> list[Sentence]:
    """An objection quoted with the sentence before it already holds that sentence: said once."""
    kept: list[Sentence] = []
    for sentence in said:
        if not any(sentence.text.rstrip("。") in other.text for other in kept):
            kept.append(sentence)
    return kept


def find_disagreements(sentences: list[Sentence], people: list[str], summary: list[Tagged]) -> list[Disagreement]:
    """One entry per person still disagreeing at the end, in the order they first objected."""
    people = sorted(people, key=len, reverse=True)
    holders: dict[str, _Holder] = {}
    in_dissent_part = {item.index for item in summary if item.part == DISSENT}
    # The host's word on someone's objection counts from the summary on (or the last third of a
    # meeting without one): mid-meeting the host is still asking, not recording.
    closing_from = min((item.index for item in summary), default=len(sentences) * 2 // 3)
    # The host records an objection; it does not create one: only someone who voiced a worry or
    # an objection themselves can be named as still holding it.
    voiced = {s.speaker for s in sentences if not s.is_host and is_dissent(s.text)}
    for index, sentence in enumerate(sentences):
        reported = _REPORTED_WORDS.match(sentence.text)
        if reported and reported.group("who") in holders and reported.group("who") != sentence.speaker:
            # "冉某听后表示，……她同意试点" in another's turn: the recorder reports the holder's own words.
            holder = holders[reported.group("who")]
            if _still_objects(sentence.text):
                # "某某说，她同意划车位，但收费她还是不同意": one part agreed, the objection kept.
                holder.own.append(sentence)
                holder.withdrawn = False
                continue
            if _WITHDRAWN.search(sentence.text) or re.search(r"(?:她|他)(?:也|就)?(?:同意|赞成|支持|接受)", sentence.text):
                if not holder.host:
                    holder.withdrawn = True
                continue
        if sentence.is_host:
            if index < closing_from:
                continue
            named = _named_dissent(sentence, people, index in in_dissent_part)
            if not named and index and not sentences[index - 1].is_host and _ADDRESSES_LAST.match(sentence.text) and (
                _RECORDS_THE_VIEW.search(sentence.text) and not _WITHDRAWN.search(sentences[index - 1].text)
                and _last_turn_objects(sentences, index - 1, holders)
            ):
                # "大爷您这个意见我们记下来了": the host answers whoever just spoke, by a form of address.
                named = [(sentences[index - 1].speaker, sentence)]
                last = holders.setdefault(sentences[index - 1].speaker, _Holder(sentences[index - 1].speaker))
                if not last.own:
                    last.own.append(_with_reason(sentences, index - 1))  # what was just said is the view recorded
            for about, said in named:
                if about not in voiced and not _HOST_NAMES_DISSENT.search(said.text):
                    continue
                holder = holders.setdefault(about, _Holder(about))
                holder.host.append(said)
                holder.withdrawn = False
            if not named:
                # "某某提的停业补偿问题，由区住建局一个月内答复": the host's closing word on what a
                # person still objecting raised says what the letter answers; it creates no holder.
                about = named_in(sentence.text, people, exclude=sentence.speaker)
                raised = holders.get(about)
                if raised and raised.own and not raised.withdrawn and _RAISED_BY.search(sentence.text):
                    raised.host.append(sentence)
            continue
        holder = holders.get(sentence.speaker)
        if _holds(sentence, objected=holder is not None, people=people):
            holder = holders.setdefault(sentence.speaker, _Holder(sentence.speaker))
            holder.own.append(_with_reason(sentences, index))
            holder.withdrawn = False
        elif _holds(sentence, conditional=True, people=people):
            holder = holders.setdefault(sentence.speaker, _Holder(sentence.speaker))
            holder.conditional.append(sentence)
        elif holder is not None and _WITHDRAWN.search(sentence.text) and not holder.host:
            holder.withdrawn = True
    result = []
    for holder in holders.values():
        if holder.withdrawn or not (holder.own or holder.host):
            continue
        own = holder.own or holder.conditional  # a conditional objection the host recorded
        said = _without_repeats([*own[:1], *own[1:][-2:], *holder.host[-1:]])
        text = "；".join(s.text.rstrip("。") for s in said) + "。"
        while len(text) > MAX_ENTRY_CHARS and len(said) > 1:
            # Too long for one entry: what is held at the end matters more than how it began.
            said = said[1:]
            text = "；".join(s.text.rstrip("。") for s in said) + "。"
        sources = [SourceRef(line=s.line_no, speaker=s.speaker, sentence=s.text) for s in said]
        result.append(Disagreement(holder.name, clip(text, MAX_ENTRY_CHARS), sources))
    return result
