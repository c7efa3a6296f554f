"""action evidence, revision note, per-action feedback; feedback and publication channels

Revision ID: 0006_action_evidence
Revises: 0005
Create Date: 2026-12-02 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_action_evidence"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("done_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("revision_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("feedback_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("feedback_channel", sa.String(length=100), nullable=True))
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_channel", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("published_channel", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_column("published_channel")
        batch_op.drop_column("feedback_channel")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_column("feedback_channel")
        batch_op.drop_column("feedback_at")
        batch_op.drop_column("revision_note")
        batch_op.drop_column("evidence")
        batch_op.drop_column("done_on")
