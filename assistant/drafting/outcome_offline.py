"""Offline drafts for 成果采纳、落实、反馈 (三（七）): feedback, public notice, explanations to dissenters.

Deterministic and pure: the same facts always give the same text, so staff can review a
draft once and tests can pin it. Every draft is a starting point the user accepts or replaces
in the /outcome flow. The public notice names no dissenter: it is published, and 三（七）
asks for explanations to those people, not for exposing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.domain.dates import chinese_date
from assistant.domain.rules import POLICY_SHORT_NAME
from assistant.domain.vocab import Adoption
from assistant.drafting.minutes.final import holder_of
from assistant.drafting.schemas import DUE_UNSPECIFIED, MinutesDraft

CLAUSE = "三（七）"
DEFAULT_CHANNELS = ("公示栏", "微信公众号")
# Ways of making things public that minutes mention; the first ones found are used in the notice.
KNOWN_CHANNELS = (
    "村务公开栏",
    "居务公开栏",
    "公示栏",
    "公开栏",
    "宣传栏",
    "电子显示屏",
    "微信公众号",
    "微信群",
    "政务网站",
    "门户网站",
)
DEFAULT_ORGANISATION = "协商议事平台"
MAX_QUOTE_CHARS = 80
EXPLANATION_VARIANTS = 2


@dataclass(frozen=True)
class Dissent:
    """One person who disagreed, with what they said (from the minutes' 分歧意见)."""

    name: str
    role: str = ""
    positions: tuple[str, ...] = ()

    @property
    def position_text(self) -> str:
        return "；".join(self.positions)


@dataclass(frozen=True)
class PlannedAction:
    owner: str
    task: str
    due: str = DUE_UNSPECIFIED


@dataclass(frozen=True)
class OutcomeFacts:
    """Everything the drafts say, gathered by the flow from the minutes and the user's answers."""

    title: str
    meeting_date: str = ""
    location: str = ""
    participant_count: int = 0
    publicity: str = ""
    recommendations: tuple[str, ...] = ()
    adoption: Adoption = Adoption.PENDING
    adoption_reason: str = ""
    actions: tuple[PlannedAction, ...] = ()
    organisation: str = DEFAULT_ORGANISATION
    today: date = field(default_factory=date.today)


# --- reading the minutes --------------------------------------------------------------------


def subject_of(title: str) -> str:
    """'关于青龙村三组人居环境整治的院坝协商会纪要' -> '青龙村三组人居环境整治'."""
    subject = re.sub(r"^关于", "", title.strip())
    subject = re.sub(r"的?(院坝|专题|现场|线上|网络|民主)?(协商)?(议事)?(会议|会)?(纪要|记录)$", "", subject)
    return inside_quotes(subject) or inside_quotes(title)


def inside_quotes(text: str) -> str:
    """Text as it can sit inside “…” in a title: quotes wrapping all of it are dropped, and quotes
    inside it become ‘…’ as 公文 write nested quotations — never "关于“金沙社区“有事来协商”协商"."""
    text = text.strip()
    wrapped = re.fullmatch(r"[“\"](.*)[”\"]", text)
    if wrapped and not re.search(r"[“”\"]", wrapped.group(1)):
        text = wrapped.group(1).strip()
    text = re.sub(r"[“\"]([^“”\"]*)[”\"]", r"‘\1’", text)
    return text.replace("“", "‘").replace("”", "’")


def dissenters(draft: MinutesDraft) -> list[Dissent]:
    """The people the explanation letters go to, each with what they said, from the final 分歧意见.

    The holder of each entry is the clean name before its colon (a listed participant's name when
    one occurs there, else the text without its bracketed role), so a letter goes to "周秀英同志",
    never to "周秀英（社区居民代表同志"; an entry naming nobody goes to "持不同意见的群众"."""
    if not draft.has_disagreements:
        return []
    roles = {p.name: p.role for p in draft.participants}
    names = list(roles)
    grouped: dict[str, list[str]] = {}
    for item in draft.disagreements:
        name = holder_of(item, names)
        _, colon, rest = _partition(item.strip())
        position = rest.strip() if name and colon else item.strip()
        if position:
            grouped.setdefault(name, []).append(position)
    return [Dissent(name, roles.get(name, ""), tuple(positions)) for name, positions in grouped.items()]


def _partition(item: str) -> tuple[str, str, str]:
    match = re.search(r"[：:]", item)
    if not match:
        return item, "", ""
    return item[: match.start()], match.group(0), item[match.end() :]


def channels_of(publicity: str) -> tuple[str, ...]:
    """The ways of publication the minutes name (公示栏, 微信公众号 …), or the usual two."""
    found: list[str] = []
    for channel in KNOWN_CHANNELS:
        if channel in publicity and not any(channel in kept for kept in found):
            found.append(channel)
    if "公众号" in publicity and not any("公众号" in kept for kept in found):
        found.append("微信公众号")
    return tuple(found) or DEFAULT_CHANNELS


# --- wording helpers ------------------------------------------------------------------------



def _quote(text: str) -> str:
    """A position as it can sit inside “…”: inner quotes turned to ‘…’, long ones shortened."""
    text = text.strip().rstrip("。；;，,！!").replace("“", "‘").replace("”", "’")
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS] + "……"


def _period(text: str) -> str:
    text = text.strip()
    return text if not text or re.search(r"[。！？；）)]$", text) else text + "。"


def adoption_sentence(adoption: Adoption, reason: str = "") -> str:
    sentence = {
        Adoption.ADOPTED: "协商形成的意见建议已报送党委政府及有关部门，并已采纳。",
        Adoption.PARTIAL: "协商形成的意见建议已报送党委政府及有关部门，其中部分意见建议已采纳。",
        Adoption.NOT_ADOPTED: "协商形成的意见建议已报送党委政府及有关部门，经研究，暂未予采纳。",
        Adoption.PENDING: "协商形成的意见建议已报送党委政府及有关部门，目前正在研究办理，待答复后及时告知。",
    }[adoption]
    return sentence + (f"有关情况说明：{_period(reason)}" if reason.strip() else "")


def _action_lines(actions: tuple[PlannedAction, ...]) -> list[str]:
    return [
        f"{number}．{action.task.strip().rstrip('。；')}（责任单位：{action.owner}；时限：{action.due or DUE_UNSPECIFIED}）。"
        for number, action in enumerate(actions, start=1)
    ]


def _numbered(items: tuple[str, ...] | list[str]) -> list[str]:
    return [f"{number}．{_period(item)}" for number, item in enumerate(items, start=1)]


def _meeting_phrase(facts: OutcomeFacts) -> str:
    when = facts.meeting_date or "近期"
    where = f"在{facts.location}" if facts.location else ""
    return f"{when}，{where}就“{subject_of(facts.title)}”开展了协商议事"


def _signature(facts: OutcomeFacts) -> list[str]:
    return ["", facts.organisation or DEFAULT_ORGANISATION, chinese_date(facts.today)]


# --- the three drafts -----------------------------------------------------------------------


def feedback_draft(facts: OutcomeFacts) -> str:
    """Feedback to everyone who took part: what was proposed, adopted and will be done."""
    lines = [
        f"关于“{subject_of(facts.title)}”协商成果采纳落实情况的反馈",
        "",
        "各位参加协商的同志：",
        f"{_meeting_phrase(facts)}，感谢大家积极参与、坦诚建言。根据{POLICY_SHORT_NAME}{CLAUSE}"
        "“建立健全协商议事成果采纳、落实、反馈机制”的要求，现将协商成果采纳落实情况反馈如下：",
        "一、协商形成的意见建议",
        *(_numbered(facts.recommendations) or ["会上未形成明确的意见建议。"]),
        "二、采纳情况",
        adoption_sentence(facts.adoption, facts.adoption_reason),
        "三、落实安排",
        *(_action_lines(facts.actions) or ["暂无需要落实的具体事项。"]),
        f"落实进展将及时向大家反馈，并通过{'、'.join(channels_of(facts.publicity))}等方式向社会公开。"
        "如有意见建议，欢迎继续向我们反映。",
        *_signature(facts),
    ]
    return "\n".join(lines)


def public_notice_draft(facts: OutcomeFacts) -> str:
    """A notice for 公示栏 / 微信公众号: the results and the tasks, without naming dissenters."""
    channels = "、".join(channels_of(facts.publicity))
    attendance = f"，共 {facts.participant_count} 人参加" if facts.participant_count else ""
    lines = [
        f"关于“{subject_of(facts.title)}”协商成果的公示",
        "",
        f"根据{POLICY_SHORT_NAME}{CLAUSE}“对需要落实的事项，要积极组织实施，并以适当方式向社会公开”的要求，"
        "现将有关协商成果公示如下：",
        "一、协商基本情况",
        f"{_meeting_phrase(facts)}{attendance}。",
        "二、协商形成的意见建议",
        *(_numbered(facts.recommendations) or ["会上未形成明确的意见建议。"]),
        "三、采纳情况",
        adoption_sentence(facts.adoption, facts.adoption_reason),
        "四、落实事项",
        *(_action_lines(facts.actions) or ["暂无需要落实的具体事项。"]),
        f"本公示通过{channels}发布。公示期间，如有意见建议，请向{facts.organisation or DEFAULT_ORGANISATION}反映。",
        *_signature(facts),
    ]
    return "\n".join(lines)


def explanation_draft(dissent: Dissent, facts: OutcomeFacts, variant: int = 0) -> str:
    """An explanation to one dissenter that quotes their own recorded position (三（七）)."""
    quoted = "".join(f"“{_quote(position)}”" for position in dissent.positions) or "有关意见"
    addressee = f"{dissent.name}同志：" if dissent.name else "持不同意见的各位群众："
    you = "您" if dissent.name else "大家"
    subject = subject_of(facts.title)
    tasks = "；".join(f"{a.owner}负责{a.task.rstrip('。')}（{a.due or DUE_UNSPECIFIED}）" for a in facts.actions)
    arrangement = f"下一步工作安排是：{tasks}。" if tasks else "有关单位将结合各方意见研究具体落实办法。"
    if variant % EXPLANATION_VARIANTS == 0:
        body = [
            addressee,
            f"{you}好！关于{you}在“{subject}”协商中提出的{quoted}等意见，我们高度重视，已如实记入会议纪要。"
            f"根据{POLICY_SHORT_NAME}{CLAUSE}“对协商过程中持不同意见的群众，要及时做好解释说明工作”的要求，"
            "现将有关情况说明如下：",
            f"一是{adoption_sentence(facts.adoption, facts.adoption_reason)}",
            f"二是{arrangement}",
            f"三是{you}反映的问题，我们将在落实过程中认真研究、统筹考虑，尽可能兼顾各方利益，落实情况将及时向{you}反馈。",
            f"如{you}仍有意见和建议，欢迎随时向我们反映，我们将继续做好沟通解释工作。",
        ]
    else:
        body = [
            addressee,
            f"感谢{you}在“{subject}”协商中坦诚表达意见。{you}提出的{quoted}，"
            "代表了部分群众的真实关切，我们已逐条记录在案。",
            f"按照{POLICY_SHORT_NAME}{CLAUSE}的要求，现向{you}说明：{adoption_sentence(facts.adoption, facts.adoption_reason)}"
            f"{arrangement}",
            f"在具体实施中，我们会把{you}的意见作为重要参考，认真听取{you}和其他群众的想法，"
            "有新的进展将第一时间告知。",
            f"如有疑问，欢迎随时与我们联系，也欢迎{you}继续参加后续协商。",
        ]
    return "\n".join([*body, *_signature(facts)])
