"""The knowledge base's own record of every chunk, in one SQLite file under data_dir.

Chroma holds vectors; this file holds what Chroma cannot answer cheaply: which files were
ingested with which checksum (idempotent ingest), the chunk text and citation metadata, and
each chunk's already-tokenised terms, so a restart rebuilds the lexical index from integers
instead of re-running jieba over 100k chunks. It is also the source for re-embedding when
the embedding model changes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .models import Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    path TEXT,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    info TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    source_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    heading_path TEXT NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    terms BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source_key, seq);
CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
"""


@dataclass
class SourceRecord:
    key: str
    kind: str
    name: str
    path: str | None
    sha256: str
    title: str
    chunk_count: int
    info: dict[str, Any]


def pack_terms(term_ids: np.ndarray, tfs: np.ndarray) -> bytes:
    return np.concatenate([term_ids.astype(np.int32), tfs.astype(np.int32)]).tobytes()


def unpack_terms(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    both = np.frombuffer(blob, dtype=np.int32)
    half = len(both) // 2
    return both[:half], both[half:]


class ChunkStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection guarded by a lock: callers may come from worker threads.
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # --- sharing (a file of one data folder: nothing to share; see pgchunkstore.py) -------
    @contextmanager
    def writer(self) -> Iterator[None]:
        yield

    def version(self) -> int:
        return 0

    def changes_since(self, version: int) -> tuple[int, list[tuple[str, str]]]:
        return version, []

    def vocab_from(self, first_id: int) -> list[tuple[int, str]]:
        return []

    def terms_of(self, ids: list[str]) -> list[tuple[str, str, bytes]]:
        return []

    # --- meta --------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    # --- sources -----------------------------------------------------------------------
    def source(self, key: str) -> SourceRecord | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT key, kind, name, path, sha256, title, chunk_count, info FROM sources WHERE key=?", (key,)
            ).fetchone()
        return _source(row) if row else None

    def sources(self, kind: str | None = None) -> list[SourceRecord]:
        sql = "SELECT key, kind, name, path, sha256, title, chunk_count, info FROM sources"
        with self._lock:
            rows = (
                self._conn.execute(sql + " WHERE kind=? ORDER BY key", (kind,)).fetchall()
                if kind
                else self._conn.execute(sql + " ORDER BY key").fetchall()
            )
        return [_source(row) for row in rows]

    def chunk_ids(self, source_key: str) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id FROM chunks WHERE source_key=? ORDER BY seq", (source_key,)
            ).fetchall()
        return [r[0] for r in rows]

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            if kind:
                return self._conn.execute("SELECT COUNT(*) FROM chunks WHERE kind=?", (kind,)).fetchone()[0]
            return self._conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    # --- mutation ----------------------------------------------------------------------
    def replace_sources(
        self,
        items: list[tuple[SourceRecord, list[Chunk], list[tuple[np.ndarray, np.ndarray]]]],
        new_terms: list[tuple[int, str]],
    ) -> None:
        """Atomically replaces each source's chunks (and adds vocabulary) in one transaction."""
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN")
            try:
                cur.executemany("INSERT OR IGNORE INTO vocab(id, term) VALUES(?, ?)", new_terms)
                for record, chunks, terms in items:
                    cur.execute("DELETE FROM chunks WHERE source_key=?", (record.key,))
                    cur.execute(
                        "INSERT OR REPLACE INTO sources(key, kind, name, path, sha256, title, chunk_count, info,"
                        " updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
                        (
                            record.key, record.kind, record.name, record.path, record.sha256, record.title,
                            record.chunk_count, json.dumps(record.info, ensure_ascii=False),
                        ),
                    )
                    cur.executemany(
                        "INSERT OR REPLACE INTO chunks(id, source_key, seq, kind, section, heading_path, text,"
                        " metadata, terms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            (
                                c.id, record.key, seq, c.kind, c.section,
                                json.dumps(c.heading_path, ensure_ascii=False), c.text,
                                json.dumps(c.metadata, ensure_ascii=False), pack_terms(*t),
                            )
                            for seq, (c, t) in enumerate(zip(chunks, terms, strict=True))
                        ],
                    )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def remove_source(self, key: str) -> None:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN")
            try:
                cur.execute("DELETE FROM chunks WHERE source_key=?", (key,))
                cur.execute("DELETE FROM sources WHERE key=?", (key,))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def rewrite_terms(self, rows: list[tuple[str, tuple[np.ndarray, np.ndarray]]], new_terms: list[tuple[int, str]]) -> None:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN")
            try:
                cur.executemany("INSERT OR IGNORE INTO vocab(id, term) VALUES(?, ?)", new_terms)
                cur.executemany("UPDATE chunks SET terms=? WHERE id=?", [(pack_terms(*t), cid) for cid, t in rows])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def clear_vocab(self) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM vocab")

    # --- reading -----------------------------------------------------------------------
    def vocab(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute("SELECT id, term FROM vocab ORDER BY id").fetchall()
        terms = [""] * (rows[-1][0] + 1 if rows else 0)
        for term_id, term in rows:
            terms[term_id] = term
        return terms

    def iter_terms(self, batch: int = 20000) -> Iterator[list[tuple[str, str, bytes]]]:
        """(id, kind, packed terms) of every chunk, in batches, without loading the text."""
        with self._lock:
            rows = self._conn.execute("SELECT id, kind, terms FROM chunks ORDER BY rowid").fetchall()
        for start in range(0, len(rows), batch):
            yield rows[start : start + batch]

    def iter_chunks(self, batch: int = 2000) -> Iterator[list[Chunk]]:
        with self._lock:
            keys = [r[0] for r in self._conn.execute("SELECT id FROM chunks ORDER BY rowid").fetchall()]
        for start in range(0, len(keys), batch):
            yield self.chunks(keys[start : start + batch])

    def chunks(self, ids: list[str]) -> list[Chunk]:
        """Chunks by id, in the order asked; unknown ids are left out."""
        if not ids:
            return []
        found: dict[str, Chunk] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                for row in self._conn.execute(
                    f"SELECT id, section, heading_path, text, metadata FROM chunks WHERE id IN ({marks})", part
                ):
                    found[row[0]] = Chunk(
                        id=row[0], section=row[1], heading_path=json.loads(row[2]), text=row[3],
                        metadata=json.loads(row[4]),
                    )
        return [found[i] for i in ids if i in found]

    def all_ids(self, kind: str | None = None) -> set[str]:
        with self._lock:
            if kind:
                rows = self._conn.execute("SELECT id FROM chunks WHERE kind=?", (kind,)).fetchall()
            else:
                rows = self._conn.execute("SELECT id FROM chunks").fetchall()
        return {r[0] for r in rows}


def _source(row: tuple) -> SourceRecord:
    return SourceRecord(
        key=row[0], kind=row[1], name=row[2], path=row[3], sha256=row[4], title=row[5],
        chunk_count=row[6], info=json.loads(row[7]),
    )
