"""The notification outbox: messages for people that no turn of their own produced."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.storage.models import Notification, Person
from assistant.storage.types import local_now

_NOTIFIED = "notified_person_ids"  # session.info key: recipients of notify() in this transaction


def notify(session: Session, recipients: Iterable[Person | int], text: str, action: str | None = None) -> None:
    notified = session.info.setdefault(_NOTIFIED, set())
    for recipient in recipients:
        person_id = recipient if isinstance(recipient, int) else recipient.id
        session.add(Notification(person_id=person_id, text=text, action=action))
        notified.add(person_id)
    session.flush()


def notified_in(session: Session, person: Person) -> bool:
    """Whether this transaction left the person a notification (so the engine need not ask the database)."""
    return person.id in session.info.get(_NOTIFIED, ())


def take_undelivered(session: Session, person: Person, limit: int = 10) -> list[Notification]:
    """Returns the person's oldest undelivered notifications and marks them delivered."""
    pending = list(
        session.scalars(
            select(Notification)
            .where(Notification.person_id == person.id, Notification.delivered_at.is_(None))
            .order_by(Notification.id)
            .limit(limit)
        )
    )
    for notification in pending:
        notification.delivered_at = local_now()
    return pending


def take_pending_for_channel(session: Session, channel: str, limit: int = 50) -> list[Notification]:
    """Claims undelivered notifications of a channel's people for pushing; another process skips them."""
    query = (
        select(Notification)
        .join(Person, Person.id == Notification.person_id)
        .where(Person.channel == channel, Notification.delivered_at.is_(None))
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Notification)
    )
    claimed = list(session.scalars(query))
    for notification in claimed:
        notification.delivered_at = local_now()
    return claimed


def mark_undelivered(session: Session, notification_id: int) -> None:
    """Puts a notification back when pushing it failed: the person's next turn shows it."""
    notification = session.get(Notification, notification_id)
    if notification is not None:
        notification.delivered_at = None
