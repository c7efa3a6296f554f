"""The vocabulary of the policy, as enums whose values are stored and whose labels are shown.

Stored values are short English words so that the database stays readable to any engineer;
labels are the policy's own Chinese terms (德阳市委办〔2021〕19号 实施意见).
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label and an optional one-line explanation."""

    label: str
    hint: str

    def __new__(cls, value: str, label: str, hint: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.hint = hint
        return member

    @classmethod
    def from_label(cls, text: str):
        """Finds a member by value, by label, or by a part of the label that fits only one member."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        partial = [member for member in cls if text and text in member.label]
        if len(partial) == 1:
            return partial[0]
        raise ValueError(text)


class OrgLevel(LabelledEnum):
    COUNTY = "county", "区（市、县）政协", "区（市、县）政协及其机关"
    TOWNSHIP = "township", "乡镇（街道）", "乡镇（街道）政协工作委员会或委员履职小组"
    VILLAGE = "village", "村（社区）", "村（社区）协商议事平台"


class Role(LabelledEnum):
    FACILITATOR = "facilitator", "协商主持人", "组织和主持协商活动"
    MEMBER = "member", "政协委员", "参加协商、荐题、咨询政策"
    STAFF = "staff", "政协工作人员", "筹备会议、整理纪要、跟踪落实"
    APPROVER = "approver", "审定人（同级党组织）", "审定协商议题和成果运用"
    ADMIN = "admin", "系统管理员", "管理用户、角色和邀请码"


class TopicSource(LabelledEnum):
    PARTY_GOVERNMENT = "party_government", "党政交题", "党委政府交办的议题"
    MEMBER = "member", "委员荐题", "政协委员推荐的议题"
    PUBLIC = "public", "各方征题", "面向群众和社会各方征集的议题"
    CPPCC = "cppcc", "政协选题", "政协自主选定的议题"


class TopicCategory(LabelledEnum):
    CENTRAL = "central", "党委政府中心大事"
    REFORM = "reform", "改革发展要事"
    LIVELIHOOD = "livelihood", "民生改善实事"
    GOVERNANCE = "governance", "社会治理难事"


class TopicStatus(LabelledEnum):
    """The policy's own workflow: 收集 → 报送 → 审定 → 实施 (三（四）)."""

    COLLECTED = "collected", "已收集"
    SUBMITTED = "submitted", "已报送待审定"
    APPROVED = "approved", "已审定"
    REJECTED = "rejected", "未通过审定"
    IN_PROGRESS = "in_progress", "实施中"
    CONCLUDED = "concluded", "已办结"


class ApprovalDecision(LabelledEnum):
    APPROVED = "approved", "同意"
    REJECTED = "rejected", "不同意"


class ConsultationForm(LabelledEnum):
    MEETING = "meeting", "会议协商", "面对面召开协商会议"
    ONLINE = "online", "网络协商", "通过网络平台开展协商"
    HYBRID = "hybrid", "线上线下结合", "场内场外、线上线下互动协商"


class SessionStatus(LabelledEnum):
    PLANNED = "planned", "筹备中"
    SCHEDULED = "scheduled", "已确定议程"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class ParticipantKind(LabelledEnum):
    MEMBER = "member", "政协委员"
    DEPARTMENT = "department", "党政部门"
    RESIDENT = "resident", "群众代表 / 利益相关方"
    EXPERT = "expert", "专家"
    OTHER = "other", "其他"


class MinutesStatus(LabelledEnum):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已定稿"  # 审定 is the party organisation's word (四（一）); staff finalise minutes


class Adoption(LabelledEnum):
    ADOPTED = "adopted", "采纳"
    PARTIAL = "partial", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    PENDING = "pending", "待答复"


class ActionStatus(LabelledEnum):
    OPEN = "open", "待落实"
    IN_PROGRESS = "in_progress", "落实中"
    DONE = "done", "已落实"
    WITHDRAWN = "withdrawn", "已撤销"  # with a reason: a duplicate, or one that no longer applies

    @property
    def settled(self) -> bool:
        """Nothing more is owed on it: done, or withdrawn with a reason."""
        return self in (ActionStatus.DONE, ActionStatus.WITHDRAWN)


SETTLED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.WITHDRAWN)


class RequestStatus(LabelledEnum):
    PENDING = "pending", "待审核"
    GRANTED = "granted", "已同意"
    DECLINED = "declined", "未同意"
