"""People, organisations, roles and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.rules import RuleViolation, invite_verdict
from assistant.domain.vocab import OrgLevel, RequestStatus, Role
from assistant.storage.models import InviteCode, Organisation, Person, RoleGrant, RoleRequest
from assistant.storage.types import local_now

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


def ensure_organisation(session: Session, name: str, level: OrgLevel) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name, Organisation.level == level))
    if org is None:
        org = Organisation(name=name, level=level)
        session.add(org)
        session.flush()
    return org


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name).order_by(Organisation.id).limit(1))


def organisations_at_any(session: Session, limit: int = 8) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name).limit(limit)))


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
        raise RuleViolation(f"编号为 {request_id} 的身份申请已处理（{request.status.label}）")
    request.status = RequestStatus.GRANTED if grant else RequestStatus.DECLINED
    request.decided_by_id = decided_by.id if decided_by else None
    request.decided_at = local_now()
    if grant:
        grant_role(session, request.person, request.role, decided_by)
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
    """Gives the person the invite's role (and organisation, if they have none yet)."""
    # Locked: two people redeeming the last use of a code at once must not both get the role.
    query = select(InviteCode).where(InviteCode.code == code.strip().upper()).with_for_update()
    invite = session.scalar(query)
    if invite is None:
        raise RuleViolation("邀请码不正确，请核对后重新输入")
    verdict = invite_verdict(uses=invite.uses, max_uses=invite.max_uses, expires_at=invite.expires_at, now=local_now())
    if not verdict:
        raise RuleViolation(verdict)
    invite.uses += 1
    grant_role(session, person, invite.role)
    if person.organisation_id is None and invite.organisation_id is not None:
        person.organisation_id = invite.organisation_id
    session.flush()
    return invite


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.id)))
