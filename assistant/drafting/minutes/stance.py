"""Sentence-level stance: agreement, dissent, chairing remarks, and what a host summary is.

Each rule is a small named function so staff-visible behaviour can be tested one rule at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.sentences import (
    is_question,
)


@dataclass
class Sentence:
    """One cleaned sentence with where it came from."""

    text: str
    speaker: str
    role: str
    is_host: bool
    utterance_index: int
    position: int  # index within the utterance, to find "the sentence after"
    line_no: int = 0  # the transcript line it was said on (原文依据)


# --- sentence classification --------------------------------------------------------------

# Strong markers: agreement stated as such.
CONSENSUS_STRONG = re.compile(
    r"一致同意|达成共识|形成共识|取得共识|达成一致|意见一致|大家都同意|都同意|原则同意|原则上同意|一致认为|普遍认为|"
    r"一致赞成|都赞成|一致支持|都支持|无异议|没有异议|会议认为|会议决定|会议明确|会议议定|会议同意|经协商|经过协商|"
    r"共同认为|表示同意|表示支持|表示赞同|大家认为|(?:大家|都)没(?:得|有|啥)?(?:意见|异议)"
)
# Statistics about consent ("5栋同意率达到了百分之九十二") describe the situation, not agreement.
_INDIVIDUAL_STANCE = re.compile(r"我(?:非常|完全|也|很|个人)?(?:同意|赞同|赞成|支持)")
# "我们楼的都同意建" speaks for the speaker's own building or group, not for the meeting.
_GROUP_STANCE = re.compile(
    r"我们(?:楼|栋|组|家|院|单元|这边|那边|村|队|小区)[^，。；\s]{0,4}(?:都|也)?(?:同意|赞同|赞成|支持)"
)
_CONSENT_STATISTIC = re.compile(r"同意率|同意书|同意票|签字同意|同意签字")
# Weak markers: "同意/赞同/赞成" as a stance; ignored in requirements ("需经三分之二业主同意").
_CONSENSUS_WEAK = re.compile(r"同意(?!率|书|票|签字)|赞同|赞成")
_REQUIREMENT_CONTEXT = re.compile(
    r"(?:征得|征求|取得|需要|需经|须经|必须|需|须|要经过?|经过?)[^，。；]{0,16}同意|(?:要|得)[^，。；我们大家都]{1,8}同意|"
    r"分之[^，。；]{0,10}同意|如果|假如|要是|只要|若"
)
_DISSENT = re.compile(
    r"不同意(?!见)|不得同意|反对|有顾虑|顾虑|担心|担忧|保留意见|保留(?:我的|我们的|个人的?|自己的)(?:这个)?意见|意见(?:我)?(?:还是|就)?保留|不赞成|不认可|不支持|有异议|不太同意|不能接受|不接受|难以接受|"
    r"不愿意|不合理|不公平|不妥|不认同|不赞同|我有意见|有不同意见|有不同看法|不同的看法|持不同意见|但是我认为|但我认为|我觉得不行|"
    r"这样不行|意见不一|存在分歧|有分歧|质疑|不放心|不划算|"
    # "某某对补偿标准仍有意见": an objection still held, as a summary records it.
    r"(?:仍|还是|依然|仍然)(?:有|持)[^，。；]{0,4}(?:意见|顾虑|异议)|"
    # "某某对维修进度有意见": somebody's objection to something, as a summary records it. Not the
    # topic of a decision: "针对居民对停车难有意见的问题，会议同意……" names what was addressed.
    r"(?<!针)对[^，。；]{1,14}有(?:些|点|一些)?(?:意见|看法|顾虑)(?!的)"
)
# Consent withheld in the first person ("我是不会签字的", "我坚决不签这个字"). A rule quoted
# ("按规定，物业是不得签字的"), a contract not signed yet ("我们不签合同的话") and a sign-in skipped
# ("我就不签到了") refuse nothing.
_SIGN_REFUSAL = re.compile(r"我(?:是|就|坚决|肯定|还是)?不(?:得|会|肯)?签(?:这个)?字")
_RULE_QUOTED = re.compile(r"规定|规章|制度|依规|按规")


def refuses_signature(text: str) -> bool:
    """The speaker refuses their own signature, and is not quoting a rule about who may sign."""
    return bool(_SIGN_REFUSAL.search(text)) and not _RULE_QUOTED.search(text)
# Reassurance and responses mention worries without holding them.
_NOT_DISSENT = re.compile(
    r"没有异议|无异议|没有反对|不反对|没有意见|无意见|不用担心|不必担心|别担心|(?<!不)放心|打消[^，。]{0,8}顾虑|消除[^，。]{0,8}顾虑|"
    r"回应[^，。]{0,8}(?:关切|顾虑|担心)|解释说明|做好解释|持不同意见的群众|不同意见的群众|反对意见吗|有没有反对|"
    r"有没有不同意见|还有没有|"
    # "那我这边就没有顾虑了", "这个我没什么担心的": the worry is denied, not held.
    r"没(?:有|得)?(?:啥|什么|啥子)?(?:顾虑|担心|异议)|"
    # "不再反对" / "不再坚持": an objection given up.
    r"不再(?:反对|坚持|有意见)"
)
_PROCEDURAL = re.compile(
    r"^(?:好的?|那么?|行)?[，,]?\s*(?:下面请|下面由|接下来请|首先请|先请|再请|有请|请[^，。]{1,20}?(?:发言|介绍|说说|讲讲|讲一下|谈谈|说一下)|"
    r"现在开始|会议开始|欢迎|今天请大家来|今天我们召开|今天召开|还有没有|谁还有|大家还有|我宣布|散会|会议到此结束|"
    r"今天的会议就到这里|我们人到齐了|人到齐了|大家有啥说啥|大家畅所欲言|各位[^，。]{0,6}(?:早上|上午|下午|晚上)好|"
    r"(?:早上|上午|下午|晚上)好|[^，。]{0,8}(?:我|大家的意见我)(?:把大家的意见)?(?:简单|来)?(?:总结|归纳|梳理|小结)一下[。！]?$|"
    r"我是[^，。]{1,24}(?:[，,]我(?:说|讲)一下)?[。！]?$)"
)
PRIORITY = re.compile(r"建议|希望|应该|应当|需要|要求|必须|问题|关键|同意|反对|担心|负责|完成|解决|方案|费用|资金")

# "与商户再协商" is a task for a department; only another meeting of this body counts.
NEXT_MEETING = re.compile(r"下次会议|下一次会议|下次协商|下一次协商|再次协商|再开一次|再召开|下次再议|择期再议|下一轮协商|回头再议|再碰一次头|再议|下次议事|下一次议事")
# "公开透明" is a quality, not a channel: only ways of publishing count.
PUBLICITY = re.compile(
    r"公示|公众号|张贴|宣传栏|公告栏|公开栏|(?:业主|居民|微信|家长|村民)群|告知全体|向社会公开|(?:予以|进行|及时|定期|每月|按月)公开|"
    r"公开(?:发布|通报)|账目公开|务公开"
)


# A reservation after a concession: "修路是好事，但是……不能让我们吃亏", "收费可以，但是不能太贵".
_CONTRASTIVE_CONCERN = re.compile(
    r"(?:但是|(?<![不非])但|可是|不过)[^。！？]*?(?:不能|不要|不应|不行|吃亏|太贵|太高|太长|太远|太大|不够|不方便|不安全|"
    r"怎么办|不现实|受影响|没法|承担不起|拿不出|不划算)"
)


PUBLICITY_STRONG = re.compile(r"公示|公开|公众号|告知全体")


def is_dissent(sentence: str) -> bool:
    """A disagreement, worry or reservation — and not a reassurance or a question about one.

    Judged clause by clause: in "装隔油池我们不反对，但是费用全让我们出不合理" the first clause
    reassures and the second dissents, and the dissent must not be lost."""
    if refuses_signature(sentence):
        return True
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
    if _CONSENT_STATISTIC.search(sentence) and not CONSENSUS_STRONG.search(sentence):
        return False
    if _GROUP_STANCE.search(sentence) and not re.search(r"大家|会议|一致|与会", sentence):
        return False
    if CONSENSUS_STRONG.search(sentence):
        return True
    if _INDIVIDUAL_STANCE.search(sentence):
        return False  # "我赞成修宽一点" is one person's view: it belongs under 主要意见
    return bool(_CONSENSUS_WEAK.search(sentence)) and not _REQUIREMENT_CONTEXT.search(sentence)


# The host records a person's view for later ("吴师傅的意见我们记下了", "某某同志对收费的意见，由……报
# 区里"): that view is dissent kept on file, not a point agreed.
_VIEW_ON_FILE = re.compile(
    r"(?:意见|看法|顾虑|想法)[^，。；]{0,8}(?:记下|记录|记住|记到|记上|如实|写进|在案)|"
    r"(?:同志|委员|代表|师傅|先生|女士|阿姨|大爷|大妈|老板|书记|主任|经理)(?:对|关于)[^，。；]{1,20}的(?:保留|不同)?(?:意见|看法|顾虑)[，,]"
)


def records_a_view(sentence: str) -> bool:
    """The sentence puts someone's view on file; it settles nothing."""
    return bool(_VIEW_ON_FILE.search(sentence))


def is_procedural(sentence: str) -> bool:
    """Chairing remarks ("下面请李局长介绍一下") run the meeting but are not views."""
    return bool(_PROCEDURAL.search(sentence))
