"""Asks the permission policy (domain/permissions.py) about stored records.

The policy decides; this module only loads the facts it needs (the organisation tree, a
record's organisation and people) and narrows queries to the organisations the person may see
at all before the policy judges each row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.domain.permissions import Act, Subject, Viewer, below_of, decide, reach
from assistant.domain.rules import RuleViolation, Verdict
from assistant.domain.vocab import TopicStatus
from assistant.storage.models import Consultation, Minutes, Organisation, Outcome, Person, Topic


def viewer_of(session: Session, person: Person) -> Viewer:
    below = frozenset()
    if person.organisation_id is not None:
        parents = {org_id: parent for org_id, parent in session.execute(select(Organisation.id, Organisation.parent_id))}
        below = below_of(person.organisation_id, parents)
    return Viewer(person.id, frozenset(person.role_set), person.organisation_id, below)


def topic_subject(topic: Topic) -> Subject:
    return Subject(
        organisation_id=topic.organisation_id,
        status=topic.status,
        sensitive=topic.sensitive or topic.long_standing,
        proposer_id=topic.proposer_id,
        submitted_by_id=topic.submitted_by_id,
    )


def minutes_subject(session: Session, minutes: Minutes) -> Subject:
    """Minutes belong to their consultation's organisation, else to their author's."""
    organisation_id = minutes.consultation.organisation_id if minutes.consultation else None
    if organisation_id is None and minutes.created_by_id is not None:
        organisation_id = session.scalar(select(Person.organisation_id).where(Person.id == minutes.created_by_id))
    return Subject(organisation_id=organisation_id, author_id=minutes.created_by_id)


def published_outcomes(session: Session, person: Person, topic: Topic) -> list[Outcome]:
    """The published outcomes of the topic's consultations that the person may read."""
    viewer = viewer_of(session, person)
    query = (
        select(Outcome)
        .join(Consultation, Outcome.consultation_id == Consultation.id)
        .where(Consultation.topic_id == topic.id, Outcome.published_at.is_not(None))
        .order_by(Outcome.published_at)
    )
    return [o for o in session.scalars(query) if decide(viewer, Act.SEE, _outcome_subject(session, o))]


def _outcome_subject(session: Session, outcome: Outcome) -> Subject:
    found = minutes_subject(session, outcome.minutes) if outcome.minutes else Subject(organisation_id=None)
    return Subject(organisation_id=found.organisation_id, author_id=found.author_id, published=outcome.published_at is not None)


def consultation_subject(consultation: Consultation) -> Subject:
    return Subject(organisation_id=consultation.organisation_id)


def may(session: Session, person: Person, act: Act, topic: Topic) -> Verdict:
    return decide(viewer_of(session, person), act, topic_subject(topic))


def proposable_organisations(session: Session, person: Person, limit: int = 8) -> list[Organisation]:
    """Organisations the person may propose a topic for: their own first, then those below it."""
    viewer = viewer_of(session, person)
    found = session.scalars(select(Organisation).order_by(Organisation.level, Organisation.name))
    allowed = [o for o in found if decide(viewer, Act.PROPOSE, Subject(organisation_id=o.id))]
    allowed.sort(key=lambda o: o.id != person.organisation_id)  # stable: the rest keep their order
    return allowed[:limit]


def may_propose_for(session: Session, person: Person, organisation: Organisation) -> Verdict:
    """Whether the person may name `organisation` as the place of a new topic (asked at that step)."""
    return decide(viewer_of(session, person), Act.PROPOSE, Subject(organisation_id=organisation.id))


def not_found(topic_id: int) -> RuleViolation:
    """The same answer whether the topic does not exist or is another organisation's: nothing leaks."""
    return RuleViolation(f"没有找到编号为 {topic_id} 的议题，或该议题不在您的办理范围内。发送 /topics 查看议题列表。")


def topic_for(session: Session, person: Person, topic_id: int, act: Act = Act.SEE) -> Topic:
    """The topic if the person may do `act` to it; raises RuleViolation with the reason otherwise."""
    topic = session.get(Topic, topic_id)
    viewer = viewer_of(session, person)
    if topic is None or not decide(viewer, Act.SEE, topic_subject(topic)):
        raise not_found(topic_id)
    verdict = decide(viewer, act, topic_subject(topic))
    if not verdict:
        raise RuleViolation(verdict)
    return topic


def _narrowed(query, viewer: Viewer, organisation_column, own_columns: Iterable):
    orgs = reach(viewer)
    if orgs is None:
        return query
    return query.where(or_(organisation_column.in_(orgs), *(column == viewer.person_id for column in own_columns)))


def topics(
    session: Session,
    person: Person,
    act: Act = Act.SEE,
    statuses: Iterable[TopicStatus] | None = None,
    limit: int = 20,
) -> list[Topic]:
    """The newest topics the person may do `act` to."""
    viewer = viewer_of(session, person)
    query = _narrowed(select(Topic), viewer, Topic.organisation_id, (Topic.proposer_id,))
    if statuses is not None:
        query = query.where(Topic.status.in_(tuple(statuses)))
    found = (t for t in session.scalars(query.order_by(Topic.id.desc())) if decide(viewer, act, topic_subject(t)))
    return first(found, limit)


def minutes(session: Session, person: Person, act: Act, query) -> Iterator[Minutes]:
    """The rows of a query of Minutes that the person may do `act` to (the query is narrowed first)."""
    viewer = viewer_of(session, person)
    orgs = reach(viewer)
    if orgs is not None:
        authors = select(Person.id).where(Person.organisation_id.in_(orgs))
        query = query.outerjoin(Consultation, Minutes.consultation_id == Consultation.id).where(
            or_(
                Minutes.created_by_id == person.id,
                Consultation.organisation_id.in_(orgs),
                Minutes.created_by_id.in_(authors),
            )
        )
    return (m for m in session.scalars(query) if decide(viewer, act, minutes_subject(session, m)))


def consultations(session: Session, person: Person, act: Act, query) -> Iterator[Consultation]:
    """The rows of a query of Consultations that the person may do `act` to."""
    viewer = viewer_of(session, person)
    query = _narrowed(query, viewer, Consultation.organisation_id, ())
    return (c for c in session.scalars(query) if decide(viewer, act, consultation_subject(c)))


# Approved minutes are indexed as "session:minutes-<id>" (services/minutes.index_entry).
_MINUTES_KEY = re.compile(r"^session:minutes-(\d+)$")


def readable_session_hits(session: Session, person: Person, hits: Iterable, limit: int) -> list:
    """The past-session hits the person may read, best first. Minutes written here are judged
    by the policy like any minutes (another organisation's, or a member's view, stay hidden);
    past sessions an administrator ingested as files are office reference documents."""
    viewer = viewer_of(session, person)
    readable = []
    for hit in hits:
        found = _MINUTES_KEY.match((hit.metadata or {}).get("source_key", ""))
        if found:
            minutes = session.get(Minutes, int(found.group(1)))
            if minutes is None or not decide(viewer, Act.SEE, minutes_subject(session, minutes)):
                continue
        readable.append(hit)
        if len(readable) >= limit:
            break
    return readable


def first(items: Iterable, limit: int) -> list:
    chosen = []
    for item in items:
        if len(chosen) >= limit:
            break
        chosen.append(item)
    return chosen
