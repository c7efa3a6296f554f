"""how an explanation letter reached its dissenter

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 08:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dissent_explanation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_channel", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dissent_explanation", schema=None) as batch_op:
        batch_op.drop_column("delivered_channel")
