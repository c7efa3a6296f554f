"""Rules of the policy and of the office, as pure functions.

Each rule answers with a Verdict that says why, in Chinese, and which clause of the
implementation opinion (德阳 2021) it enforces, so the user is told the rule, not just "no".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from assistant.domain.vocab import Role

POLICY_SHORT_NAME = "《关于进一步推动“有事来协商”平台建设促进政协协商同基层治理相结合的实施意见》"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""
    clause: str | None = None

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def message(self) -> str:
        if not self.clause:
            return self.reason
        return f"{self.reason}（依据：{POLICY_SHORT_NAME}{self.clause}）"


ALLOWED = Verdict(True)


class RuleViolation(Exception):
    """Raised by services when a Verdict says no; the message is shown to the user as is."""

    def __init__(self, verdict_or_message: Verdict | str):
        verdict = verdict_or_message if isinstance(verdict_or_message, Verdict) else Verdict(False, verdict_or_message)
        super().__init__(verdict.message)
        self.verdict = verdict
        self.message = verdict.message


# --- who may do what ------------------------------------------------------------------------


class Action(StrEnum):
    PROPOSE_TOPIC = "propose_topic"
    APPROVE_TOPIC = "approve_topic"
    PREPARE_SESSION = "prepare_session"  # research checklist, agenda, scheduling
    RECORD_MINUTES = "record_minutes"
    TRACK_OUTCOME = "track_outcome"
    ADMINISTER = "administer"


# Members may propose (委员荐题); approvers stand for the party organisation that 审定s (四（一）);
# facilitators and staff do the preparation work. Admin may do everything: the local terminal
# user of a small office is often the only operator.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.PROPOSE_TOPIC: frozenset({Role.MEMBER, Role.FACILITATOR, Role.STAFF, Role.APPROVER}),
    Action.APPROVE_TOPIC: frozenset({Role.APPROVER}),
    Action.PREPARE_SESSION: frozenset({Role.FACILITATOR, Role.STAFF}),
    Action.RECORD_MINUTES: frozenset({Role.FACILITATOR, Role.STAFF}),
    Action.TRACK_OUTCOME: frozenset({Role.FACILITATOR, Role.STAFF, Role.APPROVER}),
    Action.ADMINISTER: frozenset(),
}

_ACTION_NAMES = {
    Action.PROPOSE_TOPIC: "提出协商议题",
    Action.APPROVE_TOPIC: "审定协商议题",
    Action.PREPARE_SESSION: "筹备协商活动",
    Action.RECORD_MINUTES: "整理会议纪要",
    Action.TRACK_OUTCOME: "跟踪协商成果",
    Action.ADMINISTER: "管理用户和权限",
}


def may(roles: Iterable[Role], action: Action) -> Verdict:
    roles = set(roles)
    if Role.ADMIN in roles or roles & PERMISSIONS[action]:
        return ALLOWED
    needed = "、".join(r.label for r in Role if r in PERMISSIONS[action]) or Role.ADMIN.label
    clause = "四、（一）" if action is Action.APPROVE_TOPIC else None
    return Verdict(False, f"{_ACTION_NAMES[action]}需要“{needed}”身份，您目前没有该权限", clause)


REQUESTABLE_ROLES = (Role.MEMBER, Role.FACILITATOR, Role.STAFF, Role.APPROVER)


# --- invitations ----------------------------------------------------------------------------


def invite_verdict(*, uses: int, max_uses: int, expires_at: datetime | None, now: datetime) -> Verdict:
    if expires_at is not None and now >= expires_at:
        return Verdict(False, "该邀请码已过期，请联系管理员重新获取")
    if uses >= max_uses:
        return Verdict(False, "该邀请码已被使用，请联系管理员重新获取")
    return ALLOWED


# --- input ----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """Removes control and bidi-override characters; keeps line breaks and tabs."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def normalise_for_matching(text: str) -> str:
    """Folds full-width digits and letters (１２、Ａ) so replies typed on a Chinese IME still match."""
    return unicodedata.normalize("NFKC", text).strip().lower()


_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z·•.\s]{2,30}$")


def person_name_problem(name: str) -> str | None:
    """Returns why a personal name is not acceptable, or None."""
    if not _NAME.fullmatch(name):
        return "姓名应为 2–30 个汉字或字母（少数民族姓名可使用间隔号“·”），请重新输入"
    return None


_PHONE = re.compile(r"^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def phone_problem(phone: str) -> str | None:
    if not _PHONE.fullmatch(phone.replace(" ", "")):
        return "电话号码格式不正确，请输入 11 位手机号或带区号的固定电话（如 0838-1234567）"
    return None
