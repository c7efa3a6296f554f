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

import re
from dataclasses import dataclass

from assistant.drafting.names import ROLE_ENDINGS, is_speaker_id, looks_like_person
from assistant.drafting.schemas import (
    DUE_UNSPECIFIED,
    NO_DISAGREEMENT,
    ActionItem,
    MinutesDraft,
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
from assistant.drafting.transcript import HOST_ROLE, Transcript, parse_transcript

MAX_POINTS_PER_SPEAKER = 6
MAX_POINT_CHARS = 100
MAX_CONSENSUS_ITEMS = 12
# Enough to choose a speaker's main points from; bounds the work on a day-long verbatim record.
MAX_CANDIDATE_POINTS = 60
DEFAULT_TITLE = "协商会议纪要"
# Marked as a default so the reviewer knows the meeting did not decide it (三（七）: 以适当方式向社会公开).
DEFAULT_PUBLICITY = "（默认表述，请核定）协商成果经审定后，以公示栏、微信公众号等适当方式向社会公开。"
DEFAULT_EXPLANATION = "对协商过程中持不同意见的群众，及时做好解释说明工作。"


@dataclass
class _Sentence:
    """One cleaned sentence with where it came from."""

    text: str
    speaker: str
    role: str
    is_host: bool
    utterance_index: int
    position: int  # index within the utterance, to find "the sentence after"


# --- sentence classification --------------------------------------------------------------

# Strong markers: agreement stated as such.
_CONSENSUS_STRONG = re.compile(
    r"一致同意|达成共识|形成共识|取得共识|达成一致|意见一致|大家都同意|都同意|原则同意|原则上同意|一致认为|普遍认为|"
    r"一致赞成|都赞成|一致支持|都支持|无异议|没有异议|会议认为|会议决定|会议明确|会议议定|会议同意|经协商|经过协商|"
    r"共同认为|表示同意|表示支持|表示赞同|大家认为"
)
# Statistics about consent ("5栋同意率达到了百分之九十二") describe the situation, not agreement.
_INDIVIDUAL_STANCE = re.compile(r"我(?:非常|完全|也|很|个人)?(?:同意|赞同|赞成|支持)")
_CONSENT_STATISTIC = re.compile(r"同意率|同意书|同意票|签字同意|同意签字")
# Weak markers: "同意/赞同/赞成" as a stance; ignored in requirements ("需经三分之二业主同意").
_CONSENSUS_WEAK = re.compile(r"同意(?!率|书|票|签字)|赞同|赞成")
_REQUIREMENT_CONTEXT = re.compile(
    r"(?:征得|征求|取得|需要|需经|须经|必须|需|须|要经过?|经过?)[^，。；]{0,16}同意|分之[^，。；]{0,10}同意|如果|假如|要是|只要|若"
)
_DISSENT = re.compile(
    r"不同意(?!见)|反对|有顾虑|顾虑|担心|担忧|保留意见|不赞成|不认可|不支持|有异议|不太同意|不能接受|不接受|难以接受|"
    r"不愿意|不合理|不公平|不妥|我有意见|有不同意见|有不同看法|不同的看法|持不同意见|但是我认为|但我认为|我觉得不行|"
    r"这样不行|意见不一|存在分歧|有分歧|质疑|不放心|不划算"
)
# Reassurance and responses mention worries without holding them.
_NOT_DISSENT = re.compile(
    r"没有异议|无异议|没有反对|不反对|没有意见|无意见|不用担心|不必担心|别担心|放心|打消[^，。]{0,8}顾虑|消除[^，。]{0,8}顾虑|"
    r"回应[^，。]{0,8}(?:关切|顾虑|担心)|解释说明|做好解释|持不同意见的群众|不同意见的群众|反对意见吗|有没有反对|"
    r"有没有不同意见|还有没有"
)
# After these words the host states conclusions: what follows in that turn is the outcome.
_HOST_SUMMARY_CUE = re.compile(r"总结|归纳|小结|综合大家|梳理一下|概括一下|经过协商|经协商|综上|会议商定|会议议定|达成以下共识")
_PROCEDURAL = re.compile(
    r"^(?:好的?|那么?|行)?[，,]?\s*(?:下面请|下面由|接下来请|首先请|先请|再请|有请|请[^，。]{1,20}?(?:发言|介绍|说说|讲讲|讲一下|谈谈|说一下)|"
    r"现在开始|会议开始|欢迎|今天请大家来|今天我们召开|今天召开|还有没有|谁还有|大家还有|我宣布|散会|会议到此结束|"
    r"今天的会议就到这里|我们人到齐了|人到齐了|大家有啥说啥|大家畅所欲言|各位[^，。]{0,6}(?:早上|上午|下午|晚上)好|"
    r"(?:早上|上午|下午|晚上)好|[^，。]{0,8}(?:我|大家的意见我)(?:把大家的意见)?(?:简单|来)?(?:总结|归纳|梳理|小结)一下[。！]?$|"
    r"我是[^，。]{1,24}(?:[，,]我(?:说|讲)一下)?[。！]?$)"
)
_PRIORITY = re.compile(r"建议|希望|应该|应当|需要|要求|必须|问题|关键|同意|反对|担心|负责|完成|解决|方案|费用|资金")

# "与商户再协商" is a task for a department; only another meeting of this body counts.
_NEXT_MEETING = re.compile(r"下次会议|下一次会议|下次协商|下一次协商|再次协商|再开一次|再召开|下次再议|择期再议|下一轮协商|回头再议|再碰一次头|再议|下次议事|下一次议事")
# "公开透明" is a quality, not a channel: only ways of publishing count.
_PUBLICITY = re.compile(
    r"公示|公众号|张贴|宣传栏|公告栏|公开栏|(?:业主|居民|微信|家长|村民)群|告知全体|向社会公开|(?:予以|进行|及时|定期|每月|按月)公开|"
    r"公开(?:发布|通报)|账目公开|务公开"
)


# A reservation after a concession: "修路是好事，但是……不能让我们吃亏", "收费可以，但是不能太贵".
_CONTRASTIVE_CONCERN = re.compile(
    r"(?:但是|(?<![不非])但|可是|不过)[^。！？]*?(?:不能|不要|不应|不行|吃亏|太贵|太高|太长|太远|太大|不够|不方便|不安全|"
    r"怎么办|不现实|受影响|没法|承担不起|拿不出|不划算)"
)


_PUBLICITY_STRONG = re.compile(r"公示|公开|公众号|告知全体")


def is_dissent(sentence: str) -> bool:
    """A disagreement, worry or reservation — and not a reassurance or a question about one.

    Judged clause by clause: in "装隔油池我们不反对，但是费用全让我们出不合理" the first clause
    reassures and the second dissents, and the dissent must not be lost."""
    for clause in re.split(r"[，,；;]", sentence):
        if _DISSENT.search(clause) and not _NOT_DISSENT.search(clause):
            return True
    if _NOT_DISSENT.search(sentence) and not re.search(r"但是|可是|不过", sentence):
        return False
    return bool(_CONTRASTIVE_CONCERN.search(sentence))


def is_consensus(sentence: str) -> bool:
    """Agreement stated by the meeting; weak '同意' only when not a requirement or condition."""
    if is_question(sentence) or is_dissent(sentence):
        return False
    if _CONSENT_STATISTIC.search(sentence) and not _CONSENSUS_STRONG.search(sentence):
        return False
    if _CONSENSUS_STRONG.search(sentence):
        return True
    if _INDIVIDUAL_STANCE.search(sentence):
        return False  # "我赞成修宽一点" is one person's view: it belongs under 主要意见
    return bool(_CONSENSUS_WEAK.search(sentence)) and not _REQUIREMENT_CONTEXT.search(sentence)


def is_procedural(sentence: str) -> bool:
    """Chairing remarks ("下面请李局长介绍一下") run the meeting but are not views."""
    return bool(_PROCEDURAL.search(sentence))


# --- actions ------------------------------------------------------------------------------

_UNIT_SUFFIXES = (
    "住建局", "交通运输局", "交通局", "城管局", "综合执法局", "民政局", "教育局", "卫健局", "自然资源局",
    "生态环境局", "市场监管局", "应急管理局", "财政局", "农业农村局", "公安分局", "公安局", "交警大队",
    "交警中队", "交警队", "派出所", "街道办事处", "街道办", "办事处", "居委会", "村委会", "村民委员会",
    "居民委员会", "业委会", "业主委员会", "物业公司", "物业服务中心", "物业", "公司", "服务中心", "中心",
    "学校", "小学", "中学", "幼儿园", "卫生院", "医院", "社区", "街道", "镇政府", "乡政府", "人民政府",
    "政府", "工作组", "工作专班", "专班", "小组", "委员会", "政协", "党委", "党支部", "支部", "居民小组",
    "村民小组", "合作社", "供电所", "自来水公司", "燃气公司", "局", "办", "所", "站", "队", "院", "部",
    "处", "科", "镇", "乡", "村",
)
_UNIT_END = re.compile("|".join(sorted(_UNIT_SUFFIXES, key=len, reverse=True)))
# What may follow an owner: a verb, a deadline, a connector or the end of the clause.
_AFTER_OWNER = re.compile(
    r"^(?:负责|牵头|在|于|要(?!求)|将|会|把|对|做好|组织|协调|联系|抓紧|尽快|及时|立即|马上|按|根据|结合|配合|共同|同志|"
    r"[0-9一二两三四五六七八九十]+个?(?:周|天|日|月|星期|工作日)|本|下|这|月底|年底|近期|和|与|、|会同|联合|来|去|"
    r"先|再|进一步|继续|积极|主动|安排|落实|完成|开展|制定|拿出|出具|对接|调查|测算|征求|收集|公示|张贴|发布|召开|"
    r"施划|设置|增设|安装|清理|摸排|上报|申报|审核|核实|反馈|答复|沟通|研究|改造|修缮|配备|建立|启动|编制|督促|"
    r"$|[，,。；;])"
)
_OWNER_JOIN = re.compile(r"^(?:和|与|、|会同|联合|配合|及)")
_BAD_OWNER_START = re.compile(r"^(?:我|你|他|她|大家|这|那|如果|因为|但是|所以|就|也|都|还|不|没|有|是|在|对|咱)")
_CLAUSE_OPENERS = re.compile(
    r"^(?:会后|下一步|接下来|同时|另外|此外|最后|然后|首先|其次|再次|那么|所以|因此|好|对|"
    r"[一二三四五六七八九十]是|第[一二三四五六七八九十]+|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
    r"我建议|建议|我提议|提议|我们商定|会议商定|会议明确|会议决定|会议同意|大家商定|商定|决定|明确|同意|经研究|经协商|经过协商|"
    r"由于时间关系)[，,：:\s]*"
)
_ASSIGN = re.compile(r"^(?:建议由|拟由|交由|责成|委托|由|请)")
# "户厕改造请镇农业服务中心……": the subject comes first, the assignment after it.
_ASSIGN_INSIDE = re.compile(r"(?:建议由|拟由|交由|责成|(?<![申邀聘])请(?![示假教])|由(?!于|此))")
_FIRST_PERSON_UNIT = re.compile(
    r"^(?:我们(?:局|街道|社区|居委会|村委会|物业|公司|学校|单位|部门|中心|所|队)?|我局|我办|我所|我队|我校|我院|我中心|我单位|我部门)"
    r"(?=将|会|负责|牵头|争取|保证|承诺|一定|尽快|抓紧|马上|立即|[0-9一二两三四五六七八九十]+个?(?:周|天|日|月|工作日)|在|于|下周|本月|月底|年底)"
)
_FIRST_PERSON_SELF = re.compile(r"^我(?:来)?(?=负责|牵头|去|来联系|联系|收集|统计|对接|跟进)")
_ACTION_VERB = re.compile(
    r"负责|牵头|落实|完成|推进|跟进|组织|协调|办理|制定|联系|实施|开展|安排|整改|对接|出具|拿出|收集|征求|测算|公示|"
    r"张贴|发布|召开|施划|设置|增设|安装|清理|调查|摸排|上报|申报|审核|核实|反馈|答复|沟通|做好|研究|改造|修缮|配备|"
    r"建立|启动|编制|督促|设计|招标|维修|划定|开通|成立|统计|走访|入户|宣传|解释|整理|报送|报告|反映|提交|建设|"
    r"修建|搭建|平整|清淤|配送|值守|检查|评估|调整|确定|拿出"
)
_CONDITIONAL = re.compile(r"^(?:如果|假如|要是|万一|若|只要|即使|哪怕)")

_CN_NUM = "一二两三四五六七八九十"
_DUE = re.compile(
    rf"(?:(?:在|于|到|截至|截止到?)\s*)?(?P<due>"
    rf"\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}[日号])?(?:底|上旬|中旬|下旬)?(?:前|之前|以前|内)?"
    rf"|\d{{1,2}}月\d{{1,2}}[日号](?:前|之前|以前)?"
    rf"|\d{{1,2}}月(?:底|上旬|中旬|下旬|份)(?:前|之前|以前|内)?"
    rf"|[{_CN_NUM}\d]+个?(?:工作日|星期|周|月|天|日)(?:内|之内|以内)"
    rf"|(?:本|这个|下个?|当)月(?:底|内|中旬|下旬|上旬)(?:前|之前)?"
    rf"|月底(?:前|之前)?"
    rf"|(?:本|今)年(?:底|内)(?:前|之前)?|年底(?:前|之前)?"
    rf"|(?:本|这|下)(?:周|星期)[一二三四五六日天末]?(?:前|之前|内)?"
    rf"|\d{{1,2}}[日号](?:前|之前)"
    rf"|(?:春节|国庆|元旦|开学|汛期|雨季|入冬|供暖|中秋|五一|暑假|寒假|年前)(?:前|之前)"
    rf"|(?:开工|开业|施工|验收|竣工|投用|试运营|运营)前(?:[{_CN_NUM}\d]+个?(?:天|周|星期|月|工作日))?"
    rf")"
)
_TRAILING_DONE = re.compile(r"[，,]?\s*(?:完成|办结|落实到位|完成任务|完成此项工作)?$")


def find_due(text: str) -> str:
    """The deadline exactly as said ("12月15日前", "两周内", "下周三"); "" when none."""
    match = _DUE.search(text)
    return match.group("due") if match else ""


_POSITION_SUFFIX = re.compile(
    r"(?:项目经理|副?(?:局长|主任|书记|经理|科长|所长|站长|队长|校长|组长|处长|镇长|乡长|部长|院长|会长|社长|村长|大队长)|"
    r"负责人|工作人员|干部|网格员|专员|主管|代表|职工|民警|警官|委员)$"
)
_ENDS_WITH_UNIT = re.compile(f"(?:{_UNIT_END.pattern})$")


def unit_from_role(role: str) -> str:
    """'区住建局副局长' -> '区住建局'; '' for roles without an organisation (居民代表)."""
    if role.endswith(("政协委员", "人大代表")):
        return ""  # membership, not a post: a member speaks for themselves, not for the 政协
    head = role.split("的")[0]  # "城关派出所的社区民警" -> "城关派出所"
    unit = _POSITION_SUFFIX.sub("", head)
    return unit if len(unit) >= 2 and _ENDS_WITH_UNIT.search(unit) else ""


# Words that never occur inside an organisation's name: a candidate containing them is a
# clause ("下周三前交给社区"), not an owner.
_NOT_IN_UNIT_NAME = re.compile(
    r"把|给|在|对|向|从|到|前|后|将|会在|会把|要|由|请|报|需|负责|牵头|指导|协调|组织|完成|建议|同意|是|了|的|和|与|这|那|我|你|他|们"
)


def _unit_at(text: str) -> tuple[str, int]:
    """The organisation named at the start of text: "社区居委会两周内…" -> 社区居委会.

    The shortest name that is followed by a verb, a deadline or a connector wins, so that
    "民政局负责指导社区做好申报" yields 民政局 and not 民政局负责指导社区."""
    for match in _UNIT_END.finditer(text[:18]):
        end = match.end()
        candidate = text[:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,16}", candidate) or _BAD_OWNER_START.match(candidate):
            continue
        if _NOT_IN_UNIT_NAME.search(candidate) or find_due(candidate):
            continue
        if _AFTER_OWNER.match(text[end:]):
            return candidate, end
    return "", 0


def _person_at(text: str, known_names: list[str], assigned: bool) -> tuple[str, int]:
    """A person named as owner: "张建国负责…", or with a title first: "三组组长余大贵负责…"."""
    for name in known_names:  # sorted longest first by the caller
        at = text.find(name, 0, 14)
        if at < 0 or not _AFTER_OWNER.match(text[at + len(name):].removeprefix("同志")):
            continue
        if at == 0 or text[:at].endswith(ROLE_ENDINGS):
            return name, at + len(name)
    if not assigned:
        return "", 0  # "费用需要社区……" must not make 费用需 a person: unknown names only after 由/请
    for length in (3, 2):
        candidate = text[:length]
        if looks_like_person(candidate) and _AFTER_OWNER.match(text[length:]):
            return candidate, length
    return "", 0


def find_owner(clause: str, speaker: str, speaker_role: str, known_names: list[str]) -> tuple[str, str]:
    """Returns (owner, rest of clause) for "由区住建局负责…", "请街道办在月底前…", "社区居委会牵头…",
    "我们局两周内…" (the speaker's unit) or "我来负责…" (the speaker); ("", clause) otherwise."""
    text = _strip_openers(clause)
    assigned = _ASSIGN.match(text) or _ASSIGN_INSIDE.search(text[:14])
    lead = ""
    if assigned:
        lead, text = text[: assigned.start()], text[assigned.end():]
    if not assigned and text.startswith("我们"):
        named_unit, end = _unit_at(text[2:])  # "我们城管局会……": the unit is named
        if named_unit:
            return named_unit, text[2 + end:]
    first_unit = _FIRST_PERSON_UNIT.match(text)
    if first_unit and not assigned:
        # "我们局两周内……" commits the speaker's organisation; a resident's "我们会……" commits nobody.
        unit = unit_from_role(speaker_role)
        return (unit, text[first_unit.end():]) if unit else ("", clause)
    if _FIRST_PERSON_SELF.match(text) and not assigned:
        return speaker, text[1:]
    owners: list[str] = []
    while True:
        owner, end = _unit_at(text)
        if not owner:
            owner, end = _person_at(text, known_names, bool(assigned))
        if not owner:
            break
        owners.append(owner)
        text = text[end:].removeprefix("同志")
        joined = _OWNER_JOIN.match(text)
        if not joined:
            break
        text = text[joined.end():]
    if not owners:
        return "", clause
    if lead and len(lead) <= 10 and not _NOT_IN_UNIT_NAME.search(lead):
        text = f"{lead}：{text}"  # keeps the subject: "户厕改造：测算统一采购的成本"
    return "、".join(dict.fromkeys(owners)), text


def _strip_openers(text: str) -> str:
    previous = None
    text = text.strip(" ，,")
    while previous != text:
        previous = text
        text = _CLAUSE_OPENERS.sub("", text).strip(" ，,")
    return text


def clean_task(text: str, due: str) -> str:
    """Task wording without the deadline, the owner's "负责" and a trailing "完成"."""
    task = text
    if due:
        task = re.sub(rf"(?:在|于|到|截至|截止到?)?\s*{re.escape(due)}", "", task, count=1)
    task = task.strip(" ，,。；;")
    task = re.sub(r"^(?:负责|要|将|会|来|去|要在|抓紧|尽快)(?=.)", "", task)
    task = re.sub(r"^(?:牵头|负责|牵头负责)[，,]", "", task)  # "社区居委会牵头，12月15日前完成……"
    task = _TRAILING_DONE.sub("", task).strip(" ，,。；;")
    # "两周内完成" minus its deadline leaves a bare "完成" clause that says nothing.
    task = re.sub(r"[，,](?:完成|落实|办结)(?=[，,]|$)", "", task)
    task = re.sub(r"[，,]{2,}", "，", task)
    return task or text.strip(" ，,。；;")


def _clauses(sentence: str) -> list[str]:
    return [c for c in re.split(r"[，,；;。！!]", sentence) if c.strip()]


@dataclass
class _ActionSplit:
    leading: list[str]  # clauses before the first owner: context or a decision ("路面宽度按4.5米")
    groups: list[tuple[str, list[str]]]  # (owner, clauses that belong to that owner)


def split_by_owner(sentence: _Sentence, known_names: list[str]) -> _ActionSplit:
    """A clause that names an owner starts an action; the following ownerless clauses
    ("…，12月15日前完成") belong to it."""
    split = _ActionSplit([], [])
    if is_question(sentence.text) or is_dissent(sentence.text) or _CONDITIONAL.match(_strip_openers(sentence.text)):
        return split
    for clause in _clauses(sentence.text):
        owner, rest = find_owner(clause, sentence.speaker, sentence.role, known_names)
        if owner:
            split.groups.append((owner, [rest]))
        elif split.groups:
            split.groups[-1][1].append(clause)
        else:
            split.leading.append(clause)
    return split


def extract_actions(sentence: _Sentence, known_names: list[str]) -> list[ActionItem]:
    """Actions in one sentence: owner, task, and the deadline as said (待定 when none)."""
    split = split_by_owner(sentence, known_names)
    groups = split.groups
    subject = _AGREED_LEAD.sub("", _strip_openers(split.leading[-1])) if split.leading else ""
    shared_due = _shared_due(groups)
    actions = []
    for owner, parts in groups:
        body = "，".join(p for p in parts if p.strip())
        due = find_due(body)
        if not (due or _ACTION_VERB.search(body)):
            continue
        task = clean_task(body, due)
        if len(substance(task)) < 3:
            continue
        if subject and owner == groups[0][0] and (len(substance(task)) < 8 or _SUBJECT_PHRASE.search(subject)):
            # "同意新建两个充电棚，由物业公司负责建设" / "隔油池的费用分担问题，由街道办牵头……":
            # the object of the task is in the clause before the owner.
            task = f"{subject}：{task}" if _SUBJECT_PHRASE.search(subject) else f"{subject}，{task}"
        actions.append(ActionItem(owner=owner, task=task, due=due or shared_due or DUE_UNSPECIFIED))
    return actions


_SUBJECT_PHRASE = re.compile(r"(?:问题|事项|事宜|方面|工作)$")
# "关于对面空地做接送区的建议" / "这次协商的结果" name a subject; they decide nothing.
_MERE_SUBJECT = re.compile(r"^关于|(?:问题|事项|事宜|方面|工作|建议|结果|意见|情况)$")


_AGREED_LEAD = re.compile(r"^(?:大家|会议|与会人员)?(?:都|一致|原则)?(?:同意|认为|决定|商定|明确)")


def _shared_due(groups: list[tuple[str, list[str]]]) -> str:
    """In "区住建局负责方案设计，街道办负责资金申报，两周内完成" the closing deadline covers both
    owners. Only a deadline in a closing clause of its own is shared; one said inside an
    owner's clause belongs to that owner alone."""
    if len(groups) < 2 or len(groups[-1][1]) < 2:
        return ""
    closing = groups[-1][1][-1]
    due = find_due(closing)
    if due and len(substance(closing.replace(due, ""))) <= 4:
        return due
    return ""


def merge_actions(actions: list[ActionItem]) -> list[ActionItem]:
    """The same task is often said twice (the department commits, the host repeats it in the
    summary): keep one, with the deadline if either version has it."""
    merged: list[ActionItem] = []
    for action in actions:
        for index, kept in enumerate(merged):
            # "交通局" and "区交通运输局" are the same department named twice.
            same_owner = kept.owner == action.owner or bigram_similarity(kept.owner, action.owner) >= 0.5
            compatible_due = kept.due == action.due or DUE_UNSPECIFIED in (kept.due, action.due)
            if same_owner and compatible_due and bigram_similarity(kept.task, action.task) >= 0.5:
                due = kept.due if kept.due != DUE_UNSPECIFIED else action.due
                task = kept.task if len(kept.task) >= len(action.task) else action.task
                owner = max(kept.owner, action.owner, key=len)
                merged[index] = ActionItem(owner=owner, task=task, due=due)
                break
        else:
            merged.append(action)
    return merged


# --- the draft ----------------------------------------------------------------------------


def collect_sentences(transcript: Transcript) -> list[_Sentence]:
    host = transcript.header.host
    roles = {name: transcript.role_of(name) for name in transcript.speakers_in_order()}
    result = []
    for index, utterance in enumerate(transcript.utterances):
        role = roles[utterance.speaker]
        is_host = utterance.speaker == host or utterance.role == HOST_ROLE
        for position, raw in enumerate(split_sentences(utterance.text)):
            text = clean_sentence(raw)
            if text:
                result.append(_Sentence(text, utterance.speaker, role, is_host, index, position))
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


def build_views(sentences: list[_Sentence], speakers: list[str], skip: set[int] | None = None) -> list[SpeakerViews]:
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
            ranked = sorted(range(len(points)), key=lambda i: (not _PRIORITY.search(points[i]), i))
            keep = sorted(ranked[:MAX_POINTS_PER_SPEAKER])
            points = [points[i] for i in keep]
        if points:
            views.append(SpeakerViews(speaker=speaker, points=[clip(p, MAX_POINT_CHARS) for p in points]))
    return views


def _in_host_summary(sentences: list[_Sentence]) -> set[int]:
    """Indices of host sentences that follow "我总结一下" in the same turn: the meeting's conclusions."""
    marked: set[int] = set()
    summary_turn = None
    for index, sentence in enumerate(sentences):
        if not sentence.is_host:
            summary_turn = None
            continue
        if _HOST_SUMMARY_CUE.search(sentence.text):
            summary_turn = sentence.utterance_index
            if len(substance(_HOST_SUMMARY_CUE.split(sentence.text, maxsplit=1)[-1])) >= 8:
                marked.add(index)  # "总结一下，大家一致认为……" carries content itself
            continue
        if summary_turn == sentence.utterance_index:
            marked.add(index)
    return marked


def build_consensus(sentences: list[_Sentence], action_sentences: dict[int, str]) -> list[str]:
    summary = _in_host_summary(sentences)
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
            if len(substance(decision)) >= 6 and not _MERE_SUBJECT.search(decision):
                text, marked = decision.rstrip("，") + "。", True
        elif not marked and index in summary:
            # A host summary line is a conclusion unless it is only a date or a publicity note
            # — those have their own sections.
            marked = (
                not _NEXT_MEETING.search(text)
                and not _PUBLICITY.search(text)
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
    stripped = _strip_openers(stripped)
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


def build_disagreements(sentences: list[_Sentence]) -> list[str]:
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


def _last_matching(sentences: list[_Sentence], pattern: re.Pattern[str]) -> list[str]:
    found = [s.text for s in sentences if pattern.search(s.text) and not is_question(s.text)]
    return list(dict.fromkeys(found))


def build_next_meeting(sentences: list[_Sentence]) -> str:
    """The last mention wins: the host's closing words settle what was floated earlier."""
    found = _last_matching(sentences, _NEXT_MEETING)
    return _strip_openers(found[-1]) if found else ""


def build_publicity(sentences: list[_Sentence], has_dissent: bool) -> str:
    """What the meeting said about publishing the result — the host's words first, as they
    close the meeting — else a default marked as such. 三（七）: 以适当方式向社会公开."""
    host_sentences = [s for s in sentences if s.is_host]
    found = _last_matching(host_sentences, _PUBLICITY) or _last_matching(sentences, _PUBLICITY)
    # "张贴施工公告" is a task; "公示/公开/公众号" says how the result reaches the public.
    found = [f for f in found if _PUBLICITY_STRONG.search(f)] or found
    found = [_strip_openers(s) for s in found][-2:]
    text = "".join(found) if found else DEFAULT_PUBLICITY
    if has_dissent and "解释" not in text:
        text += DEFAULT_EXPLANATION
    return text


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
    host = speaker_label(draft.host, _role_of(draft, draft.host)) if draft.host and draft.host != HOST_ROLE else ""
    subject = f"围绕“{topic}”" if topic else "就有关事项"
    first = f"{when}{host + '主持召开' if host else '召开'}协商会议，{subject}进行协商，共{len(draft.participants)}人参加，{speaker_count}人发言。"
    if draft.consensus:
        main = next((c for c in draft.consensus if _CONSENSUS_STRONG.search(c)), draft.consensus[0])
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


def _role_of(draft: MinutesDraft, name: str) -> str:
    for person in draft.participants:
        if person.name == name:
            return person.role
    return ""


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

    topic = infer_topic(transcript)
    disagreements = build_disagreements(sentences)
    draft = MinutesDraft(
        title=build_title(transcript, topic),
        date=transcript.header.date,
        location=transcript.header.location,
        host=transcript.header.host,
        participants=build_participants(transcript),
        # The host's closing summary is already the consensus and the action table.
        views=build_views(sentences, speakers, skip=_in_host_summary(sentences)),
        consensus=build_consensus(sentences, action_sentences),
        disagreements=disagreements,
        actions=merge_actions(actions),
        next_meeting=build_next_meeting(sentences),
        publicity=build_publicity(sentences, disagreements != [NO_DISAGREEMENT]),
    )
    draft.summary = build_summary(draft, topic, len(speakers))
    return draft


def draft_minutes(text: str) -> MinutesDraft:
    """Pure function: transcript text in, structured minutes out. Raises TranscriptError."""
    return draft_from_transcript(parse_transcript(text))
