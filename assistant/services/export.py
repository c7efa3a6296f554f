"""Every record as one JSON document: for backups and for open-data publication."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from assistant.domain.redaction import redact
from assistant.drafting.outcome_offline import dissenters
from assistant.drafting.schemas import MinutesDraft
from assistant.storage import models
from assistant.storage.types import office_timezone

FORMAT_VERSION = 1

# Section name → model, in the order a reader follows a consultation. Conversation state,
# notifications and invite codes are working data and secrets, not records: never exported.
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

# Personal contact data and channel identities (Telegram ids and display names) stay out of a
# publication (--public).
PRIVATE_PERSON_FIELDS = ("phone", "channel", "external_id", "display_name")
# An invite code is a live secret: neither export carries it (the audit rows keep role and uses).
SECRET_FIELDS = {"invite_code": ("code",)}
UNNAMED = "（未登记姓名的用户）"


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
        rows = session.scalars(select(model).order_by(model.id))
        document[section] = [_without_secrets(section, _row(obj)) for obj in rows]
    if public:
        _make_public(document)
    return document


def _without_secrets(section: str, row: dict[str, Any]) -> dict[str, Any]:
    if section == "audit_log" and row["entity"] in SECRET_FIELDS:
        for key in ("before", "after"):
            if row[key]:
                row[key] = {k: v for k, v in row[key].items() if k not in SECRET_FIELDS[row["entity"]]}
    return row


def _make_public(document: dict[str, Any]) -> None:
    """Drops channel identities and contact fields, then redacts every free-text value in place."""
    names = {row["id"]: row["name"] for row in document["people"]}
    withheld = dissenter_names(document)
    document["people"] = [
        {k: v for k, v in row.items() if k not in PRIVATE_PERSON_FIELDS} for row in document["people"]
    ]
    for row in document["audit_log"]:
        # The actor label falls back to the Telegram display name; a publication names people by record only.
        row["actor"] = names.get(row["actor_id"]) or UNNAMED
        if row["entity"] == "person":
            for key in ("before", "after"):
                if row[key]:
                    row[key] = {k: v for k, v in row[key].items() if k not in PRIVATE_PERSON_FIELDS}
    for section in SECTIONS:
        document[section] = [_redacted(row, withheld) for row in document[section]]


def _redacted(value: Any, withheld: set[str]) -> Any:
    """Every string inside a row, however deep in its JSON columns, without personal data."""
    if isinstance(value, str):
        return redact(value, withheld)
    if isinstance(value, dict):
        return {k: _redacted(v, withheld) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, withheld) for v in value]
    return value


def dissenter_names(document: dict[str, Any]) -> set[str]:
    """Names of people who disagreed: from the explanation letters and the minutes' 分歧意见 (三（七）)."""
    found = {row["participant"] for row in document["dissent_explanations"] if row.get("participant")}
    for row in document["minutes"]:
        for content in (row.get("final"), row.get("draft")):
            if not content:
                continue
            try:
                draft = MinutesDraft.model_validate(content)
            except ValueError:
                continue  # not a minutes draft of this schema: the explanations above still name them
            found.update(d.name for d in dissenters(draft) if d.name)
    return found
