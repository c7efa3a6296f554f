"""Records a flow needs before it can start, for the shared flow contract test.

A flow that works on existing records (approve a topic, record an outcome for approved
minutes) registers here a function that creates them for the given person.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from assistant.storage.models import Person

PREREQUISITES: dict[str, Callable[[Session, Person], None]] = {}


def _topic(session: Session, person: Person, status, *, researched: bool = False):
    from assistant.domain import consultation as rules
    from assistant.domain.vocab import TopicSource
    from assistant.storage.models import ResearchTask, Topic

    topic = Topic(title="锦江花园小区加装电梯", description="老旧小区无电梯，老人上下楼难。", source=TopicSource.MEMBER,
                  status=status, organisation_id=person.organisation_id, proposer_name="委员")
    if researched:
        topic.research_tasks = [ResearchTask(position=1, item=rules.DEFAULT_RESEARCH_ITEMS[0], done=True, findings="已走访")]
    session.add(topic)
    session.flush()
    return topic


def _submitted_topic(session: Session, person: Person) -> None:
    from assistant.domain.vocab import TopicStatus

    _topic(session, person, TopicStatus.SUBMITTED)


def _approved_topic(session: Session, person: Person) -> None:
    from assistant.domain.vocab import TopicStatus

    _topic(session, person, TopicStatus.APPROVED)


def _ready_topic(session: Session, person: Person) -> None:
    from assistant.domain.vocab import TopicStatus

    _topic(session, person, TopicStatus.APPROVED, researched=True)


PREREQUISITES.update({"approve": _submitted_topic, "research": _approved_topic, "agenda": _ready_topic})


def _approved_minutes(session: Session, person: Person) -> None:
    from assistant.drafting import draft_minutes
    from assistant.flows.minutes import EXAMPLE_TRANSCRIPT
    from assistant.services import minutes
    from assistant.storage.types import local_now

    draft = draft_minutes(EXAMPLE_TRANSCRIPT)
    minutes.approve_minutes(session, person, original=draft, final=draft, source_text=EXAMPLE_TRANSCRIPT,
                            source_filename=None, consultation_id=None, now=local_now())


def _open_action(session: Session, person: Person) -> None:
    from sqlalchemy import select

    from assistant.domain.vocab import Adoption
    from assistant.services import outcomes
    from assistant.storage.models import Minutes

    _approved_minutes(session, person)
    minutes_id = session.scalar(select(Minutes.id).order_by(Minutes.id.desc()))
    outcomes.record_outcome(session, minutes_id=minutes_id, recommendations=["5栋先行启动加装电梯"],
                            adoption=Adoption.ADOPTED, adoption_reason=None, feedback="反馈稿", public_notice="公示稿",
                            actions=[{"owner": "区住建局", "task": "组织现场勘察", "due": "两周内", "due_date": None}],
                            explanations=[])


PREREQUISITES.update({"outcome": _approved_minutes, "actions": _open_action})
