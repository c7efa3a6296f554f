"""knowledge base chunk store in the main database

Used when ASSISTANT_DATABASE_URL names PostgreSQL, so every process (and host) shares one
knowledge base; with SQLite the knowledge base keeps its own file under the data folder and
these tables stay empty. kb_changes is the version counter: every added or removed chunk is
one row, and a process replays the rows past the last one it saw into its lexical index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kb_meta")),
    )
    op.create_table(
        "kb_sources",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("info", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kb_sources")),
    )
    op.create_table(
        "kb_chunks",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("section", sa.Text(), nullable=False),
        sa.Column("heading_path", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("metadata", sa.Text(), nullable=False),
        sa.Column("terms", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_chunks")),
    )
    op.create_index("ix_kb_chunks_source", "kb_chunks", ["source_key", "seq"])
    op.create_table(
        "kb_vocab",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_vocab")),
        sa.UniqueConstraint("term", name=op.f("uq_kb_vocab_term")),
    )
    op.create_table(
        "kb_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("chunk_id", sa.String(64), nullable=False),
        sa.Column("op", sa.String(1), nullable=False),  # "a" added or replaced, "d" removed
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_kb_changes")),
    )


def downgrade() -> None:
    op.drop_table("kb_changes")
    op.drop_table("kb_vocab")
    op.drop_index("ix_kb_chunks_source", table_name="kb_chunks")
    op.drop_table("kb_chunks")
    op.drop_table("kb_sources")
    op.drop_table("kb_meta")
