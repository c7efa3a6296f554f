"""Applying a channel's update at most once (Telegram redelivers when an answer gets lost)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assistant.storage.models import ProcessedUpdate


def claim_update(session: Session, channel: str, update_key: str) -> bool:
    """Records the update as applied in this transaction; False when it already was.

    One INSERT … ON CONFLICT DO NOTHING instead of a look-up and an insert: a turn's cost is
    mostly its statements. Two processes claiming the same update at once queue on the unique
    key, and the second sees the first's row once that commits.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ProcessedUpdate)
        .values(channel=channel, update_key=update_key)
        .on_conflict_do_nothing(index_elements=[ProcessedUpdate.channel, ProcessedUpdate.update_key])
        .returning(ProcessedUpdate.id)
    )
    return session.execute(statement).first() is not None
