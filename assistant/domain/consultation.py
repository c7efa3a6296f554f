"""The policy's rules for preparing a consultation, as pure functions over plain values.

Clause labels refer to the Deyang implementation opinion (2021): 一（二） the principles,
三（三） venues, 三（四） topics, 三（五） research, 三（六） procedure, 三（八） frequency,
四（一） the party organisation's approval.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.domain.rules import ALLOWED, Verdict
from assistant.domain.vocab import OrgLevel, ParticipantKind, TopicStatus

# --- screening a topic (三（四）, 一（二）) ----------------------------------------------------


class Scope(StrEnum):
    """How far the issue reaches; the policy asks for a small cut (切口小)."""

    NEIGHBOURHOOD = "neighbourhood"
    COMMUNITY = "community"
    TOWNSHIP = "township"
    COUNTY = "county"


SCOPE_LABELS = {
    Scope.NEIGHBOURHOOD: "一个小区、院落或村民小组",
    Scope.COMMUNITY: "一个社区或村",
    Scope.TOWNSHIP: "一个乡镇（街道）",
    Scope.COUNTY: "全区（市、县）或更大范围",
}

# Below this many households an issue rarely reaches beyond a neighbourly talk (关联广).
WIDE_RELEVANCE_HOUSEHOLDS = 30


class Suitability(StrEnum):
    SUITABLE = "suitable"
    NEEDS_WORK = "needs_work"
    UNSUITABLE = "unsuitable"


SUITABILITY_LABELS = {
    Suitability.SUITABLE: "符合协商议题要求，建议报送审定",
    Suitability.NEEDS_WORK: "基本可行，建议完善后报送审定",
    Suitability.UNSUITABLE: "不宜作为协商议题",
}


@dataclass(frozen=True)
class ScreeningAnswers:
    scope: Scope
    households: int
    affects_daily_life: bool  # 与群众切身利益密切相关
    public_matter: bool  # 公共事务、公众利益、公益事业 — not a private dispute or a court case
    sensitive: bool
    long_standing: bool


@dataclass(frozen=True)
class Screening:
    suitability: Suitability
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"筛选意见：{SUITABILITY_LABELS[self.suitability]}。"]
        lines += [f"· {reason}" for reason in self.reasons]
        if self.suggestions:
            lines.append("建议：")
            lines += [f"· {suggestion}" for suggestion in self.suggestions]
        if self.flags:
            lines.append("特别提示：")
            lines += [f"· {flag}" for flag in self.flags]
        return "\n".join(lines)


def screen_topic(answers: ScreeningAnswers) -> Screening:
    """Judges a topic against 切口小、关联广、与群众切身利益密切相关 and the platform's boundary."""
    reasons: list[str] = []
    suggestions: list[str] = []
    flags: list[str] = []
    blocking = False
    weak = 0

    if not answers.public_matter:
        blocking = True
        reasons.append(
            "议题不属于公共事务、公众利益或公益事业。平台应“把好政协协商与基层协商的边界，到位不越位、融合不替代”，"
            "个人纠纷、信访个案或应通过法律途径解决的事项宜转交相关部门办理（一、（二））"
        )
    if answers.scope is Scope.COUNTY:
        weak += 1
        reasons.append("涉及范围较大，切口不够小（三、（四））")
        suggestions.append("聚焦一个具体片区、一个具体问题，把议题切小、切实")
    else:
        reasons.append(f"涉及{SCOPE_LABELS[answers.scope]}，切口较小（三、（四））")
    if answers.households < WIDE_RELEVANCE_HOUSEHOLDS:
        weak += 1
        reasons.append(f"涉及约 {answers.households} 户，关联面较窄（三、（四）“关联广”）")
        suggestions.append("考虑能否与周边同类问题一并协商，或通过村（居）民议事会等基层渠道解决")
    else:
        reasons.append(f"涉及约 {answers.households} 户群众，关联较广（三、（四））")
    if answers.affects_daily_life:
        reasons.append("与群众切身利益密切相关（三、（四））")
    else:
        weak += 1
        reasons.append("与群众切身利益的关联不够直接（三、（四））")
        suggestions.append("说明议题与群众日常生活（出行、居住、环境、养老、就业、安全等）的具体关联")
    if answers.sensitive:
        flags.append("涉及敏感问题：调研中须及时向同级党委政府报告，并提前与相关部门研究切实可行的预案（三、（五））")
    if answers.long_standing:
        flags.append("属多年积累的难题：调研中须及时向同级党委政府报告，并提前与相关部门研究切实可行的预案（三、（五））")

    if blocking:
        suitability = Suitability.UNSUITABLE
    elif weak == 0:
        suitability = Suitability.SUITABLE
    elif weak == 1:
        suitability = Suitability.NEEDS_WORK
    else:
        suitability = Suitability.UNSUITABLE
        suggestions.append("建议重新梳理议题，或转为委员个人调研、社情民意信息等其他履职方式")
    return Screening(suitability, reasons, suggestions, flags)


# --- approval (三（四）, 四（一）) -----------------------------------------------------------


def approval_verdict(status: TopicStatus, approver_already_decided: bool) -> Verdict:
    if approver_already_decided:
        return Verdict(False, "您已审定过该议题，不能重复审定")
    if status is not TopicStatus.SUBMITTED:
        return Verdict(False, f"该议题当前状态为“{status.label}”，只有已报送待审定的议题才能审定", "三、（四）")
    return ALLOWED


def submission_verdict(status: TopicStatus) -> Verdict:
    if status is TopicStatus.COLLECTED or status is TopicStatus.REJECTED:
        return ALLOWED
    return Verdict(False, f"该议题当前状态为“{status.label}”，无需再次报送")


# --- research (三（五）) ---------------------------------------------------------------------

DEFAULT_RESEARCH_ITEMS = (
    "实地走访议题所在地和问题现场，掌握第一手情况",
    "听取利益相关群众的意见和诉求",
    "征求相关职能部门和单位的意见",
    "收集相关数据和基础资料",
    "梳理现行政策规定和外地经验做法",
    "开展风险评估，研判可能出现的矛盾和问题",
)
RISK_REPORT_ITEM = "向同级党委政府报告敏感问题或多年积累难题的情况"
CONTINGENCY_ITEM = "与相关部门研究制定切实可行的预案"


@dataclass(frozen=True)
class ResearchState:
    items_total: int
    items_done: int
    needs_risk_report: bool
    risk_reported: bool
    contingency_recorded: bool

    @property
    def open_items(self) -> int:
        return self.items_total - self.items_done


def research_verdict(state: ResearchState) -> Verdict:
    """不调研不协商: research counts as done only when every item and every required report is."""
    if state.items_total == 0:
        return Verdict(False, "该议题尚未开展调研（请先发送 /research 建立调研清单并完成调研）", "三、（五）")
    if state.open_items:
        # The report and the plan are boxes of the checklist too: count every unticked box shown.
        missing = state.needs_risk_report * ((not state.risk_reported) + (not state.contingency_recorded))
        return Verdict(False, f"调研清单还有 {state.open_items + missing} 项未完成，不调研不协商", "三、（五）")
    if state.needs_risk_report and not state.risk_reported:
        return Verdict(False, "该议题涉及敏感问题或多年积累的难题，须先向同级党委政府报告", "三、（五）")
    if state.needs_risk_report and not state.contingency_recorded:
        return Verdict(False, "该议题涉及敏感问题或多年积累的难题，须先与相关部门研究制定预案", "三、（五）")
    return ALLOWED


def scheduling_verdict(status: TopicStatus, research: ResearchState) -> Verdict:
    """No session is scheduled before approval (三（四）, 四（一）) and finished research (三（五）)."""
    if status in (TopicStatus.COLLECTED, TopicStatus.SUBMITTED):
        return Verdict(False, "议题尚未经同级党组织审定，不能安排协商活动", "三、（四）和四、（一）")
    if status is TopicStatus.REJECTED:
        return Verdict(False, "议题未通过审定，不能安排协商活动", "三、（四）和四、（一）")
    if status is TopicStatus.CONCLUDED:
        return Verdict(False, "该议题已办结")
    return research_verdict(research)


# --- the session (三（三）, 三（六）, 三（八）) -----------------------------------------------

STANDING_VENUES = ("党群服务中心", "社区服务中心", "乡镇（街道）原有办公场所")
ISSUE_VENUES = ("议题所在地", "问题现场", "院坝", "广场", "企业", "机关会议室")


def venue_suggestions(organisation_name: str | None, topic_place: str | None = None) -> list[str]:
    """Existing places first (一室多用), then the place the issue is about (就近、就地、就便)."""
    suggestions = []
    if organisation_name:
        suggestions += [f"{organisation_name}{venue}" for venue in STANDING_VENUES[:2]]
    else:
        suggestions += list(STANDING_VENUES[:2])
    if topic_place:
        suggestions.append(f"{topic_place}（议题所在地）")
    suggestions += ["问题现场", "院坝或小区广场"]
    return suggestions


REQUIRED_PARTICIPANT_KINDS = (
    ParticipantKind.MEMBER,
    ParticipantKind.DEPARTMENT,
    ParticipantKind.RESIDENT,
)


def missing_participant_kinds(kinds: Iterable[ParticipantKind]) -> list[ParticipantKind]:
    """Kinds a balanced consultation should hear but nobody was invited for."""
    present = set(kinds)
    return [kind for kind in REQUIRED_PARTICIPANT_KINDS if kind not in present]


def participant_warnings(kinds: Iterable[ParticipantKind]) -> list[str]:
    reasons = {
        ParticipantKind.MEMBER: "政协委员是平台建设的骨干，应参加、指导协商议事（三、（一），四、（三））",
        ParticipantKind.DEPARTMENT: "政府有关部门应主动配合、积极参与协商议事，宣传政策、回应关切（四、（二））",
        ParticipantKind.RESIDENT: "协商于民、协商为民，应邀请利益相关群众参加（一、（二））",
    }
    return [f"未邀请{kind.label}：{reasons[kind]}" for kind in missing_participant_kinds(kinds)]


DEFAULT_RUNNING_ORDER = (
    ("主持人介绍议题、参会人员和协商规则", 5),
    ("议题提出方或调研组通报调研情况", 10),
    ("相关部门介绍政策规定和工作打算", 10),
    ("群众代表、利益相关方发言", 25),
    ("政协委员、专家发言", 15),
    ("自由协商讨论", 20),
    ("主持人归纳协商意见，明确下一步工作", 10),
)

DISCIPLINE_REMINDER = (
    "协商程序和纪律（三、（六））：\n"
    "1. 围绕议题发言，摆事实、讲道理，每人发言一般不超过 5 分钟；\n"
    "2. 尊重不同意见，平等协商、理性表达，不搞人身攻击；\n"
    "3. 如实记录各方意见，分歧意见一并记录在案；\n"
    "4. 协商成果经审定后以适当方式向社会公开，对持不同意见的群众做好解释说明（三、（七））。"
)


def annual_minimum(level: OrgLevel) -> int | None:
    """区（市、县）政协: at least 4 a year; townships and villages decide for themselves (三（八）)."""
    return 4 if level is OrgLevel.COUNTY else None


def frequency_text(level: OrgLevel, held_this_year: int, year: int) -> str:
    minimum = annual_minimum(level)
    if minimum is None:
        return f"{year} 年已召开协商活动 {held_this_year} 次（乡镇（街道）、村（社区）的次数由各地根据实际确定，三、（八））。"
    if held_this_year >= minimum:
        return f"{year} 年已召开协商活动 {held_this_year} 次，已达到每年不少于 {minimum} 次的要求（三、（八））。"
    return (
        f"{year} 年已召开协商活动 {held_this_year} 次，距每年不少于 {minimum} 次的要求还差 "
        f"{minimum - held_this_year} 次（三、（八））。"
    )
