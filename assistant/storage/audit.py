"""Writes an audit row for every insert, update and delete of a business record.

It hooks the ORM flush, so no service can change a record and forget to log it. The actor
comes from the unit of work (Database.transaction).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.models import AUDITED_MODELS, AuditEntry
from assistant.storage.types import local_now

_SKIPPED_COLUMNS = {"created_at", "updated_at"}


def install(factory: sessionmaker) -> None:
    event.listen(factory, "after_flush", _record_changes)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        attr.key: _jsonable(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIPPED_COLUMNS
    }


def _changes(obj) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before[attr.key] = _jsonable(history.deleted[0]) if history.deleted else None
            after[attr.key] = _jsonable(history.added[0]) if history.added else None
    return before, after


def _record_changes(session: Session, _flush_context) -> None:
    rows = []
    actor_id = session.info.get("actor_id")
    actor = session.info.get("actor", "系统")

    def row(obj, action: str, before, after) -> None:
        rows.append(
            {
                "at": local_now(),
                "actor_id": actor_id,
                "actor": actor,
                "entity": type(obj).__tablename__,
                "entity_id": getattr(obj, "id", None),
                "action": action,
                "before": before,
                "after": after,
            }
        )

    for obj in session.new:
        if isinstance(obj, AUDITED_MODELS):
            row(obj, "create", None, _columns(obj))
    for obj in session.dirty:
        if isinstance(obj, AUDITED_MODELS) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                row(obj, "update", before, after)
    for obj in session.deleted:
        if isinstance(obj, AUDITED_MODELS):
            row(obj, "delete", _columns(obj), None)
    if rows:
        # Core insert: adding ORM objects while a flush is executing is not supported.
        session.connection().execute(insert(AuditEntry), rows)
