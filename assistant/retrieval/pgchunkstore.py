"""The chunk store in PostgreSQL: one knowledge base for every process and host.

Same interface as chunkstore.ChunkStore (the SQLite file used with a SQLite database), plus
what sharing needs:
  * writers take an advisory lock, so term ids (the shared vocabulary) are handed out by one
    process at a time and changes are numbered in commit order;
  * every added or removed chunk is a row of kb_changes; `version()` is the newest row's
    number, one indexed lookup, cheap enough to ask before every query; a process replays
    `changes_since(its version)` into its in-memory lexical index.
Tables come from Alembic migration 0005 (the app migrates at start).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import psycopg

from .chunkstore import SourceRecord, pack_terms
from .models import Chunk

WRITE_LOCK_KEY = 0x6B620001  # advisory lock id of knowledge-base writers ("kb", 1)


def libpq_url(url: str) -> str:
    """"postgresql+psycopg://…" (SQLAlchemy's form) → "postgresql://…" (psycopg's)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgresql") else url


class PgChunkStore:
    def __init__(self, url: str):
        self.url = libpq_url(url)
        self._conn = psycopg.connect(self.url, autocommit=True)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _rows(self, sql: str, params: Any = None) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- sharing ------------------------------------------------------------------------
    @contextmanager
    def writer(self) -> Iterator[None]:
        """Held around every write: one writer at a time across all processes."""
        with self._lock:
            self._conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
            try:
                yield
            finally:
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))

    def version(self) -> int:
        row = self._rows("SELECT COALESCE(MAX(seq), 0) FROM kb_changes")[0]
        return int(row[0])

    def changes_since(self, version: int) -> tuple[int, list[tuple[str, str]]]:
        """(newest version, [(chunk id, "a" | "d")] in order) of changes after `version`."""
        rows = self._rows("SELECT seq, chunk_id, op FROM kb_changes WHERE seq > %s ORDER BY seq", (version,))
        latest = int(rows[-1][0]) if rows else version
        return latest, [(r[1], r[2]) for r in rows]

    def vocab_from(self, first_id: int) -> list[tuple[int, str]]:
        return [(int(i), t) for i, t in self._rows("SELECT id, term FROM kb_vocab WHERE id >= %s ORDER BY id", (first_id,))]

    def terms_of(self, ids: list[str]) -> list[tuple[str, str, bytes]]:
        if not ids:
            return []
        return [(r[0], r[1], bytes(r[2])) for r in self._rows(
            "SELECT id, kind, terms FROM kb_chunks WHERE id = ANY(%s)", (ids,))]

    # --- meta ---------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM kb_meta WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._rows("INSERT INTO kb_meta(key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
                   " RETURNING key", (key, value))

    # --- sources ------------------------------------------------------------------------
    _SOURCE = "SELECT key, kind, name, path, sha256, title, chunk_count, info FROM kb_sources"

    def source(self, key: str) -> SourceRecord | None:
        rows = self._rows(self._SOURCE + " WHERE key = %s", (key,))
        return _source(rows[0]) if rows else None

    def sources(self, kind: str | None = None) -> list[SourceRecord]:
        rows = (self._rows(self._SOURCE + " WHERE kind = %s ORDER BY key", (kind,)) if kind
                else self._rows(self._SOURCE + " ORDER BY key"))
        return [_source(r) for r in rows]

    def chunk_ids(self, source_key: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM kb_chunks WHERE source_key = %s ORDER BY seq", (source_key,))]

    def count(self, kind: str | None = None) -> int:
        if kind:
            return int(self._rows("SELECT COUNT(*) FROM kb_chunks WHERE kind = %s", (kind,))[0][0])
        return int(self._rows("SELECT COUNT(*) FROM kb_chunks")[0][0])

    # --- mutation -----------------------------------------------------------------------
    def replace_sources(
        self,
        items: list[tuple[SourceRecord, list[Chunk], list[tuple[np.ndarray, np.ndarray]]]],
        new_terms: list[tuple[int, str]],
    ) -> None:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            if new_terms:
                cur.executemany("INSERT INTO kb_vocab(id, term) VALUES (%s, %s) ON CONFLICT DO NOTHING", new_terms)
            for record, chunks, terms in items:
                cur.execute("DELETE FROM kb_chunks WHERE source_key = %s RETURNING id", (record.key,))
                removed = {r[0] for r in cur.fetchall()}
                cur.execute(
                    "INSERT INTO kb_sources(key, kind, name, path, sha256, title, chunk_count, info, updated_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now()) ON CONFLICT (key) DO UPDATE SET"
                    " kind = EXCLUDED.kind, name = EXCLUDED.name, path = EXCLUDED.path, sha256 = EXCLUDED.sha256,"
                    " title = EXCLUDED.title, chunk_count = EXCLUDED.chunk_count, info = EXCLUDED.info,"
                    " updated_at = now()",
                    (record.key, record.kind, record.name, record.path, record.sha256, record.title,
                     record.chunk_count, json.dumps(record.info, ensure_ascii=False)),
                )
                cur.executemany(
                    "INSERT INTO kb_chunks(id, source_key, seq, kind, section, heading_path, text, metadata, terms)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [
                        (c.id, record.key, seq, c.kind, c.section, json.dumps(c.heading_path, ensure_ascii=False),
                         c.text, json.dumps(c.metadata, ensure_ascii=False), pack_terms(*t))
                        for seq, (c, t) in enumerate(zip(chunks, terms, strict=True))
                    ],
                )
                added = [c.id for c in chunks]
                changes = [(cid, "d") for cid in sorted(removed - set(added))] + [(cid, "a") for cid in added]
                cur.executemany("INSERT INTO kb_changes(chunk_id, op) VALUES (%s, %s)", changes)

    def remove_source(self, key: str) -> None:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("DELETE FROM kb_chunks WHERE source_key = %s RETURNING id", (key,))
            removed = [r[0] for r in cur.fetchall()]
            cur.execute("DELETE FROM kb_sources WHERE key = %s", (key,))
            cur.executemany("INSERT INTO kb_changes(chunk_id, op) VALUES (%s, 'd')", [(cid,) for cid in removed])

    def rewrite_terms(self, rows: list[tuple[str, tuple[np.ndarray, np.ndarray]]], new_terms: list[tuple[int, str]]) -> None:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            if new_terms:
                cur.executemany("INSERT INTO kb_vocab(id, term) VALUES (%s, %s) ON CONFLICT DO NOTHING", new_terms)
            cur.executemany("UPDATE kb_chunks SET terms = %s WHERE id = %s", [(pack_terms(*t), cid) for cid, t in rows])
            cur.executemany("INSERT INTO kb_changes(chunk_id, op) VALUES (%s, 'a')", [(cid,) for cid, _ in rows])

    def clear_vocab(self) -> None:
        self._rows("DELETE FROM kb_vocab RETURNING id")

    # --- reading ------------------------------------------------------------------------
    def vocab(self) -> list[str]:
        rows = self._rows("SELECT id, term FROM kb_vocab ORDER BY id")
        terms = [""] * (int(rows[-1][0]) + 1 if rows else 0)
        for term_id, term in rows:
            terms[int(term_id)] = term
        return terms

    def iter_terms(self, batch: int = 20000) -> Iterator[list[tuple[str, str, bytes]]]:
        rows = self._rows("SELECT id, kind, terms FROM kb_chunks ORDER BY source_key, seq")
        for start in range(0, len(rows), batch):
            yield [(r[0], r[1], bytes(r[2])) for r in rows[start : start + batch]]

    def iter_chunks(self, batch: int = 2000) -> Iterator[list[Chunk]]:
        keys = [r[0] for r in self._rows("SELECT id FROM kb_chunks ORDER BY source_key, seq")]
        for start in range(0, len(keys), batch):
            yield self.chunks(keys[start : start + batch])

    def chunks(self, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        found = {
            r[0]: Chunk(id=r[0], section=r[1], heading_path=json.loads(r[2]), text=r[3], metadata=json.loads(r[4]))
            for r in self._rows("SELECT id, section, heading_path, text, metadata FROM kb_chunks WHERE id = ANY(%s)",
                                (list(ids),))
        }
        return [found[i] for i in ids if i in found]

    def all_ids(self, kind: str | None = None) -> set[str]:
        rows = (self._rows("SELECT id FROM kb_chunks WHERE kind = %s", (kind,)) if kind
                else self._rows("SELECT id FROM kb_chunks"))
        return {r[0] for r in rows}


def _source(row: tuple) -> SourceRecord:
    return SourceRecord(key=row[0], kind=row[1], name=row[2], path=row[3], sha256=row[4], title=row[5],
                        chunk_count=int(row[6]), info=json.loads(row[7]))
