"""Every record as one JSON document: for backups and for open-data publication."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from assistant.storage import models
from assistant.storage.types import office_timezone

FORMAT_VERSION = 1

# Section name → model, in the order a reader follows a consultation. Conversation state and
# invite codes are working data and secrets, not records: they are never exported.
SECTIONS: dict[str, type[models.Base]] = {
    "organisations": models.Organisation,
    "people": models.Person,
    "role_grants": models.RoleGrant,
    "role_requests": models.RoleRequest,
    "topics": models.Topic,
    "approvals": models.Approval,
    "research_tasks": models.ResearchTask,
    "consultations": models.Consultation,
    "participants": models.Participant,
    "agenda_items": models.AgendaItem,
    "minutes": models.Minutes,
    "outcomes": models.Outcome,
    "action_items": models.ActionItem,
    "dissent_explanations": models.DissentExplanation,
    "audit_log": models.AuditEntry,
}

# Personal contact data stays out of a publication (--public).
PRIVATE_PERSON_FIELDS = ("phone", "channel", "external_id", "display_name")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: models.Base) -> dict[str, Any]:
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs}


def export_records(session: Session, *, public: bool = False, schema_revision: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "schema_revision": schema_revision,
        "exported_at": datetime.now(office_timezone()).isoformat(timespec="seconds"),
        "timezone": str(office_timezone()),
        "public": public,
    }
    for section, model in SECTIONS.items():
        rows = [_row(obj) for obj in session.scalars(select(model).order_by(model.id))]
        if public:
            rows = [_redact(section, row) for row in rows]
        document[section] = rows
    return document


def _redact(section: str, row: dict[str, Any]) -> dict[str, Any]:
    if section == "people":
        return {k: v for k, v in row.items() if k not in PRIVATE_PERSON_FIELDS}
    if section == "audit_log" and row["entity"] == "person":
        for key in ("before", "after"):
            if row[key]:
                row[key] = {k: v for k, v in row[key].items() if k not in PRIVATE_PERSON_FIELDS}
    return row
