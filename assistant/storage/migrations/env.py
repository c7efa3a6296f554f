"""Alembic environment: runs on the connection handed over by assistant.storage.db."""

from __future__ import annotations

from alembic import context

from assistant.storage.models import Base
from assistant.storage.types import EnumText

target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    # Migrations must not import application types: an EnumText column is a plain VARCHAR(32).
    if type_ == "type" and isinstance(obj, EnumText):
        return "sa.String(length=32)"
    return False


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table; batch mode does that
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
