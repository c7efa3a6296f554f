"""The knowledge base's chunk store as tables of the main database (migration 0005).

Used when the database is PostgreSQL: then every process reads one knowledge base
(retrieval/pgchunkstore.py). Declared here so the migrations and the models stay one schema.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, LargeBinary, String, Table, Text, func

from assistant.storage.models import Base

kb_meta = Table(
    "kb_meta", Base.metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
kb_sources = Table(
    "kb_sources", Base.metadata,
    Column("key", Text, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("path", Text, nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("chunk_count", Integer, nullable=False),
    Column("info", Text, nullable=False),
    Column("updated_at", DateTime, server_default=func.now(), nullable=False),
)
kb_chunks = Table(
    "kb_chunks", Base.metadata,
    Column("id", String(64), primary_key=True),
    Column("source_key", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("section", Text, nullable=False),
    Column("heading_path", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("terms", LargeBinary, nullable=False),
    Index("ix_kb_chunks_source", "source_key", "seq"),
)
kb_vocab = Table(
    "kb_vocab", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("term", Text, nullable=False, unique=True),
)
# The version counter: one row per added ("a") or removed ("d") chunk, in commit order.
kb_changes = Table(
    "kb_changes", Base.metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("chunk_id", String(64), nullable=False),
    Column("op", String(1), nullable=False),
)
