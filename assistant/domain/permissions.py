"""Who may see and do what to which organisation's records: the one place that decides.

Pure: a decision takes a `Viewer` (the person, their roles, their organisation and the
organisations below it) and a `Subject` (the facts of one record that matter here) and answers
a `Verdict`. Services load the facts (`services/scopes.py`); flows and commands ask through them.

The organisations form a hierarchy: 区（市、县）政协 → 乡镇（街道） → 村（社区）.

- Work (报送, 调研, 议程, 纪要, 成果落实) is done by the organisation whose record it is.
- 审定 belongs to the party organisation of the same level (三（四）“经同级党组织审定”,
  四（一）): an approver of the topic's own organisation, never of another, and never on a
  topic they proposed or submitted themselves (收集、报送、审定 are separate steps, 三（四））.
- Staff and approvers of a higher organisation may read the records below it (oversight,
  四（一）“各级党组织……审核把关”), but not change them.
- Members (委员) see the approved topics of their organisation and its published outcomes,
  not its working papers (screening opinion, approval opinions, research findings, minutes);
  a sensitive or long-standing topic (三（五）) is not shown to them at all, unless they proposed it.
- The administrator (the office's operator) may see and do everything, except approve a topic
  they proposed or submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assistant.domain.rules import ALLOWED, Verdict
from assistant.domain.vocab import OrgLevel, Role, TopicStatus


class Act(StrEnum):
    PROPOSE = "propose"  # name an organisation as the place a new topic is consulted on
    SEE = "see"  # the record appears in lists and opens with /topic N
    SEE_WORKING_PAPERS = "see_working_papers"  # screening opinion, approvals, research, risk report
    SUBMIT = "submit"  # 报送
    PREPARE = "prepare"  # research checklist, agenda
    APPROVE = "approve"  # 审定
    RECORD_MINUTES = "record_minutes"  # link minutes to a consultation
    TRACK_OUTCOME = "track_outcome"  # outcome, action items, feedback and publication


@dataclass(frozen=True)
class Viewer:
    person_id: int
    roles: frozenset[Role]
    organisation_id: int | None
    # Every organisation below the viewer's (children, their children, ...).
    below: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Subject:
    """The facts of one record a decision needs (a topic, minutes, an outcome, an action)."""

    organisation_id: int | None
    status: TopicStatus | None = None  # topics only
    sensitive: bool = False  # sensitive or long-standing (三（五）)
    proposer_id: int | None = None
    submitted_by_id: int | None = None
    author_id: int | None = None  # who wrote the minutes an outcome belongs to
    published: bool = False  # an outcome made public (三（七）“以适当方式向社会公开”)


# Topics a member may read: decided on by the party organisation, or being worked on since.
PUBLISHED_STATUSES = frozenset({TopicStatus.APPROVED, TopicStatus.IN_PROGRESS, TopicStatus.CONCLUDED})
WORKING_ROLES = frozenset({Role.FACILITATOR, Role.STAFF, Role.APPROVER})
OVERSIGHT_ROLES = frozenset({Role.STAFF, Role.APPROVER})
PREPARING_ROLES = frozenset({Role.FACILITATOR, Role.STAFF})
TRACKING_ROLES = frozenset({Role.FACILITATOR, Role.STAFF, Role.APPROVER})
_ROLES_FOR = {
    Act.SUBMIT: PREPARING_ROLES,
    Act.PREPARE: PREPARING_ROLES,
    Act.APPROVE: frozenset({Role.APPROVER}),
    Act.RECORD_MINUTES: PREPARING_ROLES,
    Act.TRACK_OUTCOME: TRACKING_ROLES,
}

NOT_VISIBLE = Verdict(False, "没有找到该记录，或该记录不在您的办理范围内")
_OWN_ONLY = Verdict(False, "该事项属于其他单位，只能由该单位办理；上级单位可以查看，但不能代为办理")
_APPROVE_OWN_ORG = Verdict(
    False, "议题须经议题所在单位的同级党组织审定，您不是该单位的审定人", "三、（四）和四、（一）"
)
_APPROVE_OWN_TOPIC = Verdict(
    False,
    "您是该议题的{what}，不能审定自己{what2}的议题；请由同级党组织的其他审定人审定",
    "三、（四）",
)


def _relation(viewer: Viewer, subject: Subject) -> str:
    if subject.organisation_id is not None and subject.organisation_id == viewer.organisation_id:
        return "own"
    if subject.organisation_id is not None and subject.organisation_id in viewer.below:
        return "below"
    return "other"


def _own_work(viewer: Viewer, subject: Subject) -> bool:
    return viewer.person_id in (subject.proposer_id, subject.author_id)


def decide(viewer: Viewer, act: Act, subject: Subject) -> Verdict:
    """Whether `viewer` may do `act` to the record described by `subject`, and if not, why."""
    if act is Act.PROPOSE:
        return _proposal(viewer, subject)
    if not sees(viewer, subject):
        return NOT_VISIBLE
    if act is Act.SEE:
        return ALLOWED
    if act is Act.SEE_WORKING_PAPERS:
        return ALLOWED if _reads_working_papers(viewer, subject) else NOT_VISIBLE
    if act is Act.APPROVE:
        return _approval(viewer, subject)
    if Role.ADMIN in viewer.roles:
        return ALLOWED
    if act is Act.SUBMIT and viewer.person_id == subject.proposer_id:
        return ALLOWED  # 委员荐题: the proposer sends their own topic on
    if act in (Act.RECORD_MINUTES, Act.TRACK_OUTCOME) and viewer.person_id == subject.author_id:
        return ALLOWED  # whoever wrote the minutes follows them up (minutes linked to no session)
    if _relation(viewer, subject) != "own":
        return _OWN_ONLY
    if viewer.roles & _ROLES_FOR[act]:
        return ALLOWED
    needed = "、".join(role.label for role in Role if role in _ROLES_FOR[act])
    return Verdict(False, f"办理该事项需要“{needed}”身份，您目前没有该权限")


def sees(viewer: Viewer, subject: Subject) -> bool:
    if Role.ADMIN in viewer.roles or _own_work(viewer, subject):
        return True
    relation = _relation(viewer, subject)
    if relation == "below":
        return bool(viewer.roles & OVERSIGHT_ROLES)
    if relation != "own":
        return False
    if viewer.roles & WORKING_ROLES:
        return True
    if Role.MEMBER in viewer.roles:
        # Minutes and outcomes carry no status: members read an outcome once it is published, never minutes.
        return subject.published or (subject.status in PUBLISHED_STATUSES and not subject.sensitive)
    return False


def _reads_working_papers(viewer: Viewer, subject: Subject) -> bool:
    if Role.ADMIN in viewer.roles:
        return True
    relation = _relation(viewer, subject)
    return (relation == "own" and bool(viewer.roles & WORKING_ROLES)) or (
        relation == "below" and bool(viewer.roles & OVERSIGHT_ROLES)
    )


def _approval(viewer: Viewer, subject: Subject) -> Verdict:
    if viewer.person_id == subject.proposer_id:
        return _own_topic("提出人", "提出")
    if viewer.person_id == subject.submitted_by_id:
        return _own_topic("报送人", "报送")
    if Role.ADMIN in viewer.roles:
        return ALLOWED
    if Role.APPROVER not in viewer.roles:
        return Verdict(False, f"审定协商议题需要“{Role.APPROVER.label}”身份，您目前没有该权限", "四、（一）")
    if _relation(viewer, subject) != "own":
        return _APPROVE_OWN_ORG
    return ALLOWED


def _proposal(viewer: Viewer, subject: Subject) -> Verdict:
    # Someone of no organisation yet (a resident, a new member) may suggest a topic anywhere (各方征题).
    if Role.ADMIN in viewer.roles or viewer.organisation_id is None or _relation(viewer, subject) != "other":
        return ALLOWED
    return Verdict(False, "只能为本单位或下级单位的“有事来协商”平台提出议题；其他单位的议题请由该单位提出", "三、（四）")


def sets_organisation_directly(viewer: Viewer) -> bool:
    """Whether a change of the person's own organisation takes effect without an administrator.

    Only a first registration by someone who holds no role yet: they gain nothing by it (every
    role they ask for is decided by an administrator, who sees the organisation with the
    request). Anyone already in an organisation, or holding a role, would step out of their
    scope, so the move waits for an administrator. The administrator themselves moves freely.
    """
    return Role.ADMIN in viewer.roles or (viewer.organisation_id is None and not viewer.roles)


def _own_topic(what: str, verb: str) -> Verdict:
    return Verdict(False, _APPROVE_OWN_TOPIC.reason.format(what=what, what2=verb), _APPROVE_OWN_TOPIC.clause)


def reach(viewer: Viewer) -> frozenset[int] | None:
    """The organisations whose records the viewer may see at all (None: every one).

    Lets a query narrow its rows before `decide` judges each one; records of the viewer's own
    making (proposer, author) are found besides these.
    """
    if Role.ADMIN in viewer.roles:
        return None
    orgs = set()
    if viewer.organisation_id is not None:
        orgs.add(viewer.organisation_id)
        if viewer.roles & OVERSIGHT_ROLES:
            orgs |= viewer.below
    return frozenset(orgs)


# --- the hierarchy ------------------------------------------------------------------------------

_RANK = {OrgLevel.COUNTY: 0, OrgLevel.TOWNSHIP: 1, OrgLevel.VILLAGE: 2}


def parent_problem(child: OrgLevel, parent: OrgLevel) -> str | None:
    """Why `parent` cannot be the organisation directly above `child`, or None."""
    higher = [level.label for level in OrgLevel if _RANK[level] < _RANK[child]]
    if not higher:
        return f"{child.label}是最高一级，没有上级单位"
    if _RANK[parent] >= _RANK[child]:
        return f"上级单位的层级须高于本单位：{child.label}的上级应为{'或'.join(higher)}"
    return None


def level_above(level: OrgLevel) -> OrgLevel | None:
    above = [lv for lv in OrgLevel if _RANK[lv] == _RANK[level] - 1]
    return above[0] if above else None


def below_of(organisation_id: int | None, parents: dict[int, int | None]) -> frozenset[int]:
    """Every organisation under `organisation_id`, given each organisation's parent."""
    if organisation_id is None:
        return frozenset()
    children: dict[int, list[int]] = {}
    for org, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(org)
    found: set[int] = set()
    todo = [organisation_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found and child != organisation_id:  # a cycle in bad data must not loop
                found.add(child)
                todo.append(child)
    return frozenset(found)
