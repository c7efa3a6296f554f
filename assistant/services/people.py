"""People, organisations, roles and invitations."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from math import ceil

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.permissions import level_above, parent_problem
from assistant.domain.rules import RuleViolation, invite_verdict
from assistant.domain.vocab import OrgLevel, RequestStatus, Role
from assistant.services import notifications
from assistant.storage.models import (
    FailedJoin,
    InviteCode,
    InviteRedemption,
    Organisation,
    Person,
    RoleGrant,
    RoleRequest,
)
from assistant.storage.types import local_now

log = logging.getLogger(__name__)

# Wrong invite codes a person may type within the window before further tries are refused.
JOIN_GUESS_LIMIT = 5
JOIN_GUESS_WINDOW = timedelta(minutes=10)

# No 0/O or 1/I/L: codes are read out over the phone and typed on phones.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def find_person(session: Session, channel: str, external_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.channel == channel, Person.external_id == external_id))


def ensure_person(session: Session, channel: str, external_id: str, display_name: str | None = None) -> Person:
    return find_person(session, channel, external_id) or add_person(session, channel, external_id, display_name)


def add_person(session: Session, channel: str, external_id: str, display_name: str | None = None) -> Person:
    # Telegram's full name can be 129 characters; it is only shown, so a clipped one will do.
    person = Person(channel=channel, external_id=external_id, display_name=(display_name or "")[:100] or None)
    session.add(person)
    session.flush()
    return person


def person_label(person: Person) -> str:
    return person.name or person.display_name or "（未登记姓名的用户）"


def ensure_organisation(
    session: Session, name: str, level: OrgLevel, *, registered_by: Organisation | None = None
) -> Organisation:
    """Finds or registers an organisation; a new one gets its parent where the answer is plain.

    The parent is the organisation of whoever registers it when that one is directly above
    (a township naming a new village of its own), else the only organisation of the level
    directly above, if there is exactly one (one county CPPCC per installation, as usual).
    Otherwise it has none until an administrator sets it (`assistant admin org-parent`).
    """
    org = session.scalar(select(Organisation).where(Organisation.name == name, Organisation.level == level))
    if org is None:
        org = Organisation(name=name, level=level, parent_id=_inferred_parent(session, level, registered_by))
        session.add(org)
        session.flush()
        log.info("organisation %s (%s) registered, parent %s", org.id, level.value, org.parent_id)
    return org


def _inferred_parent(session: Session, level: OrgLevel, registered_by: Organisation | None) -> int | None:
    above = level_above(level)
    if above is None:
        return None
    if registered_by is not None and registered_by.level == above:
        return registered_by.id
    candidates = list(session.scalars(select(Organisation.id).where(Organisation.level == above).limit(2)))
    return candidates[0] if len(candidates) == 1 else None


def set_parent(session: Session, organisation: Organisation, parent: Organisation | None) -> None:
    """Places an organisation under another one (or at the top, with None)."""
    if parent is not None and (problem := parent_problem(organisation.level, parent.level)):
        raise RuleViolation(problem)
    organisation.parent_id = parent.id if parent else None
    session.flush()


def organisation_named(session: Session, name: str) -> Organisation:
    org = find_organisation(session, name)
    if org is None:
        raise RuleViolation(f"没有名为“{name}”的单位，请先运行 assistant admin orgs 查看已登记的单位。")
    return org


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.level, Organisation.name)))


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name).order_by(Organisation.id).limit(1))


def organisations_at(session: Session, level: OrgLevel, limit: int = 8) -> list[Organisation]:
    return list(
        session.scalars(select(Organisation).where(Organisation.level == level).order_by(Organisation.name).limit(limit))
    )


def grant_role(session: Session, person: Person, role: Role, granted_by: Person | None = None) -> bool:
    """Grants a role; returns False when the person already had it."""
    if role in person.role_set:
        return False
    person.roles.append(RoleGrant(role=role, granted_by_id=granted_by.id if granted_by else None))
    session.flush()
    return True


def revoke_role(session: Session, person: Person, role: Role) -> bool:
    for grant in list(person.roles):
        if grant.role == role:
            person.roles.remove(grant)
            session.flush()
            return True
    return False


def request_role(session: Session, person: Person, role: Role) -> RoleRequest | None:
    """Files a role request unless the person has the role or already asked for it."""
    if role in person.role_set:
        return None
    pending = session.scalar(
        select(RoleRequest).where(
            RoleRequest.person_id == person.id,
            RoleRequest.role == role,
            RoleRequest.status == RequestStatus.PENDING,
        )
    )
    if pending:
        return pending
    request = RoleRequest(person_id=person.id, role=role)
    session.add(request)
    session.flush()
    return request


def request_organisation(session: Session, person: Person, organisation: Organisation) -> RoleRequest:
    """Files a request to move the person to another organisation (an administrator decides)."""
    pending = session.scalar(
        select(RoleRequest).where(
            RoleRequest.person_id == person.id,
            RoleRequest.organisation_id.is_not(None),
            RoleRequest.status == RequestStatus.PENDING,
        )
    )
    if pending is not None:  # the newest wish replaces an undecided older one
        pending.organisation_id = organisation.id
        pending.requested_at = local_now()
        session.flush()
        return pending
    request = RoleRequest(person_id=person.id, organisation_id=organisation.id)
    session.add(request)
    session.flush()
    return request


def request_text(request: RoleRequest) -> str:
    """What was asked for, as the administrator reads it."""
    if request.role is not None:
        return f"身份：{request.role.label}"
    current = request.person.organisation.name if request.person.organisation else "未登记"
    return f"变更单位：{current} → {request.organisation.name if request.organisation else '（单位已删除）'}"


def pending_role_requests(session: Session) -> list[RoleRequest]:
    return list(
        session.scalars(
            select(RoleRequest).where(RoleRequest.status == RequestStatus.PENDING).order_by(RoleRequest.id)
        )
    )


def decide_role_request(session: Session, request_id: int, grant: bool, decided_by: Person | None) -> RoleRequest:
    request = session.get(RoleRequest, request_id)
    if request is None:
        raise RuleViolation(f"没有编号为 {request_id} 的身份申请")
    if request.status != RequestStatus.PENDING:
        raise RuleViolation(f"编号为 {request_id} 的申请已处理（{request.status.label}）")
    request.status = RequestStatus.GRANTED if grant else RequestStatus.DECLINED
    request.decided_by_id = decided_by.id if decided_by else None
    request.decided_at = local_now()
    what = request_text(request)
    if grant and request.role is not None:
        grant_role(session, request.person, request.role, decided_by)
    elif grant:
        request.person.organisation_id = request.organisation_id
    session.flush()
    notifications.notify(session, [request.person], f"您的申请（{what}）{request.status.label}。")
    return request


def create_invite(
    session: Session,
    role: Role,
    *,
    organisation: Organisation | None = None,
    max_uses: int = 1,
    valid_days: int | None = 30,
    created_by: Person | None = None,
) -> InviteCode:
    if max_uses < 1:
        raise RuleViolation("邀请码可用次数至少为 1")
    invite = InviteCode(
        code="".join(secrets.choice(_CODE_ALPHABET) for _ in range(8)),
        role=role,
        organisation_id=organisation.id if organisation else None,
        max_uses=max_uses,
        expires_at=local_now() + timedelta(days=valid_days) if valid_days else None,
        created_by_id=created_by.id if created_by else None,
    )
    session.add(invite)
    session.flush()
    return invite


def redeem_invite(session: Session, person: Person, code: str) -> InviteCode:
    """Gives the person the invite's role (and organisation, if they have none yet).

    Raises RuleViolation before writing anything, except the record of a wrong code, which
    must survive the refusal: the caller must not roll the refusal back.
    """
    now = local_now()
    recent = list(
        session.scalars(
            select(FailedJoin.at)
            .where(FailedJoin.person_id == person.id, FailedJoin.at > now - JOIN_GUESS_WINDOW)
            .order_by(FailedJoin.at.desc())
            .limit(JOIN_GUESS_LIMIT)
        )
    )
    if len(recent) >= JOIN_GUESS_LIMIT:
        minutes = max(1, ceil((recent[-1] + JOIN_GUESS_WINDOW - now).total_seconds() / 60))
        log.warning("invite code refused for person %s: %d wrong codes within the window", person.id, len(recent))
        raise RuleViolation(f"邀请码输错次数过多，为保障安全已暂停验证，请 {minutes} 分钟后再试，或联系管理员核对邀请码。")
    # Locked: two people redeeming the last use of a code at once must not both get the role.
    query = select(InviteCode).where(InviteCode.code == code.strip().upper()[:32]).with_for_update()
    invite = session.scalar(query)
    if invite is None:
        session.add(FailedJoin(person_id=person.id, at=now))
        session.flush()
        # Neither the guess nor a display name goes to the log: a near-miss would give a real code away.
        log.warning("wrong invite code from person %s (%d within the window)", person.id, len(recent) + 1)
        raise RuleViolation("邀请码不正确，请核对后重新输入")
    used_before = session.scalar(
        select(InviteRedemption.id).where(InviteRedemption.invite_id == invite.id, InviteRedemption.person_id == person.id)
    )
    if used_before is not None:
        raise RuleViolation("您已使用过该邀请码，无需重复使用。发送 /me 可查看您的身份。")
    verdict = invite_verdict(uses=invite.uses, max_uses=invite.max_uses, expires_at=invite.expires_at, now=now)
    if not verdict:
        raise RuleViolation(verdict)
    invite.uses += 1
    session.add(InviteRedemption(invite_id=invite.id, person_id=person.id, redeemed_at=now))
    grant_role(session, person, invite.role)
    if person.organisation_id is None and invite.organisation_id is not None:
        person.organisation_id = invite.organisation_id
    session.flush()
    return invite


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.id)))
