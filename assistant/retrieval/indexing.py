"""Writing to the knowledge base: files and past sessions into the three stores.

The chunk store (text, citations, tokenised terms, checksums), the lexical index (in memory,
rebuilt from the chunk store at start) and Chroma (vectors) are kept in step. Every write is
prepared completely (read, chunk, tokenise, embed) before any store changes, and all mutation
happens under the knowledge base's lock, so a bad file never leaves half an entry behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import analyzer as analyzer_module
from .chunkstore import SourceRecord, unpack_terms
from .embeddings import OfflineHashEmbedding
from .errors import KnowledgeError
from .lexical import Vocabulary
from .loaders import LoadedSource, discover, file_sha256, load_file, load_session_text, source_key_for
from .models import KINDS, Chunk, IngestReport

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current file name)


@dataclass
class SessionRecord:
    """A finalised session to index: minutes or outcome text plus where and when."""

    key: str
    title: str
    text: str
    organisation: str | None = None
    date: str | None = None
    extra: dict[str, Any] | None = None


def analyzer_fingerprint() -> str:
    """Changes whenever segmentation would change, so stored terms are redone."""
    import jieba

    material = "|".join(
        [jieba.__version__, *sorted(analyzer_module.STOPWORDS), *analyzer_module.DOMAIN_WORDS]
    )
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


class Indexing:
    """The writing half of KnowledgeBase (its stores, lock and analyzer live there)."""

    def _load_lexical(self) -> None:
        # Taken first: whatever other processes write from now on is replayed by _catch_up.
        self._seen_version = self.store.version()
        fingerprint = analyzer_fingerprint()
        if self.store.get_meta("analyzer") not in (None, fingerprint):
            self._retokenise()
        self.store.set_meta("analyzer", fingerprint)
        rows = []
        for batch in self.store.iter_terms():
            for chunk_id, kind, blob in batch:
                term_ids, tfs = unpack_terms(blob)
                rows.append((chunk_id, term_ids, tfs, kind))
        if rows:
            self.lexical.add_many(rows)

    def _retokenise(self) -> None:
        """Segmentation changed (new jieba or word lists): redo every chunk's terms once."""
        self.store.clear_vocab()
        self.vocab = Vocabulary()
        for chunks in self.store.iter_chunks():
            rows = [(c.id, self.vocab.encode(self.analyzer.terms(c.indexed_text))) for c in chunks]
            self.store.rewrite_terms(rows, self.vocab.unpersisted())
            self.vocab.mark_persisted()

    def _reconcile_vectors(self) -> None:
        """Makes Chroma hold exactly the chunk store's chunks (new model, crash mid-write)."""
        for kind in KINDS:
            if self.vectors.count(kind) == self.store.count(kind):
                continue
            wanted = self.store.all_ids(kind)
            present = self.vectors.ids(kind)
            self.vectors.delete(kind, sorted(present - wanted))
            missing = sorted(wanted - present)
            for start in range(0, len(missing), 1000):
                chunks = self.store.chunks(missing[start : start + 1000])
                self.vectors.upsert(
                    kind, [c.id for c in chunks], self._embed_chunks(chunks, None),
                    [c.indexed_text for c in chunks], [c.metadata for c in chunks],
                )
        self.vectors.drop_other_embeddings()


    def ingest(self, paths: list[Path] | None = None, progress: ProgressCallback | None = None) -> IngestReport:
        """Adds new files, replaces changed ones, skips unchanged ones, drops deleted ones.

        A failing file is reported and left as it was; the others go on.
        """
        self._open()
        roots = [Path(p) for p in paths] if paths else [Path(self.settings.knowledge_dir)]
        files, missing, folders = discover(roots)
        report = IngestReport(failed=list(missing))
        total = len(files)
        for done, file in enumerate(files):
            if progress:
                progress(done, total, file.name)
            try:
                data = file.read_bytes()
            except OSError as exc:
                report.failed.append((file.name, f"无法读取文件“{file.name}”：{exc.strerror or exc}"))
                continue
            existing = self.store.source(source_key_for(file))
            if existing is not None and existing.sha256 == file_sha256(data):
                report.skipped.append(file.name)
                continue
            try:
                loaded = load_file(file, data)
                prepared = self._prepare(loaded)
            except KnowledgeError as exc:
                report.failed.append((file.name, exc.message_zh))
                continue
            with self._lock:
                self._write([prepared])
            (report.updated if existing else report.added).append(file.name)
            report.chunks_written += len(loaded.chunks)
        if progress:
            progress(total, total, "")
        self._drop_deleted(folders, {f.resolve() for f in files}, report)
        return report

    def _catch_up(self) -> None:
        """Replays into the lexical index what other processes wrote to a shared (PostgreSQL)
        chunk store since this one last looked: one cheap version lookup when nothing changed."""
        version = self.store.version()
        if version == self._seen_version:
            return
        for term_id, term in self.store.vocab_from(len(self.vocab.terms)):
            while len(self.vocab.terms) < term_id:
                self.vocab.terms.append("")  # an id another process reserved and never used
            self.vocab.terms.append(term)
            self.vocab.ids[term] = term_id
        self.vocab.mark_persisted()
        latest, changes = self.store.changes_since(self._seen_version)
        final: dict[str, str] = {}
        for chunk_id, op in changes:
            final[chunk_id] = op
        for chunk_id, op in final.items():
            if op == "d":
                self.lexical.remove(chunk_id)
        rows = []
        for chunk_id, kind, blob in self.store.terms_of([c for c, op in final.items() if op == "a"]):
            term_ids, tfs = unpack_terms(blob)
            rows.append((chunk_id, term_ids, tfs, kind))
        self.lexical.add_many(rows)
        self._seen_version = latest

    def _drop_deleted(self, folders: list[Path], present: set[Path], report: IngestReport) -> None:
        if not folders:
            return
        with self._lock:
            for record in self.store.sources():
                if not record.path or not record.key.startswith("file:"):
                    continue
                path = Path(record.path)
                if path in present or not any(path.is_relative_to(folder) for folder in folders):
                    continue
                self._remove(record)
                report.removed.append(record.name)

    def index_past_session(
        self,
        key: str,
        title: str,
        text: str,
        organisation: str | None = None,
        date: str | None = None,
        extra: dict | None = None,
    ) -> None:
        """Indexes (or re-indexes) one finalised session; calling again with the same key replaces it."""
        self.index_past_sessions([SessionRecord(key, title, text, organisation, date, extra)])

    def index_past_sessions(self, records: list[SessionRecord], batch: int = 500) -> int:
        """Bulk form of index_past_session (back-fills); returns the number of chunks written."""
        self._open()
        written = 0
        for start in range(0, len(records), batch):
            prepared = []
            for record in records[start : start + batch]:
                loaded = load_session_text(
                    record.key, record.title, record.text, record.organisation, record.date, record.extra
                )
                existing = self.store.source(loaded.key)
                if existing is not None and existing.sha256 == loaded.sha256:
                    continue
                prepared.append(self._prepare(loaded))
            if prepared:
                with self._lock:
                    self._write(prepared)
                written += sum(len(p[0].chunks) for p in prepared)
        return written

    def remove_past_session(self, key: str) -> bool:
        self._open()
        with self._lock:
            record = self.store.source("session:" + key)
            if record is None:
                return False
            self._remove(record)
            return True

    def _prepare(self, loaded: LoadedSource) -> tuple[LoadedSource, list[list[str]], np.ndarray]:
        """Tokenises and embeds outside the lock; nothing is written yet."""
        words = [self.analyzer.terms(c.indexed_text) for c in loaded.chunks]
        vectors = self._embed_chunks(loaded.chunks, words)
        return loaded, words, vectors

    def _embed_chunks(self, chunks: list[Chunk], words: list[list[str]] | None) -> np.ndarray:
        embedding = self.embedding
        if isinstance(embedding, OfflineHashEmbedding):
            # Reuse the segmentation already done for the lexical index.
            rows = [
                embedding.vector(c.indexed_text, words[i] if words is not None else None)
                for i, c in enumerate(chunks)
            ]
            return np.vstack(rows) if rows else np.zeros((0, embedding.dim), dtype=np.float32)
        return embedding.embed([c.indexed_text for c in chunks])

    def _write(self, prepared: list[tuple[LoadedSource, list[list[str]], np.ndarray]]) -> None:
        with self.store.writer():
            self._catch_up()  # term ids must continue the shared vocabulary
            self._write_locked(prepared)
            self._seen_version = self.store.version()

    def _write_locked(self, prepared: list[tuple[LoadedSource, list[list[str]], np.ndarray]]) -> None:
        """Replaces each source's chunks in Chroma, the chunk store and the lexical index.

        Chroma calls are batched per kind: each call costs tens of milliseconds whatever
        its size, which dominates back-fills of thousands of sessions.
        """
        items = []
        lexical_rows = []
        stale: dict[str, list[str]] = {}
        fresh: dict[str, tuple[list[Chunk], list[np.ndarray]]] = {}
        for loaded, words, vectors in prepared:
            existing = self.store.source(loaded.key)
            old_ids = self.store.chunk_ids(loaded.key)
            if existing is not None:
                stale.setdefault(existing.kind, []).extend(old_ids)
            chunks, rows = fresh.setdefault(loaded.kind, ([], []))
            chunks.extend(loaded.chunks)
            rows.append(vectors)
            terms = [self.vocab.encode(w) for w in words]
            record = SourceRecord(
                key=loaded.key, kind=loaded.kind, name=loaded.name, path=loaded.path, sha256=loaded.sha256,
                title=loaded.info.get("title") or loaded.name, chunk_count=len(loaded.chunks), info=loaded.info,
            )
            items.append((record, loaded.chunks, terms))
            for chunk_id in old_ids:
                self.lexical.remove(chunk_id)
            lexical_rows.extend((c.id, t[0], t[1], c.kind) for c, t in zip(loaded.chunks, terms, strict=True))
        for kind, ids in stale.items():
            self.vectors.delete(kind, ids)
        for kind, (chunks, rows) in fresh.items():
            self.vectors.upsert(
                kind, [c.id for c in chunks], np.vstack(rows),
                [c.indexed_text for c in chunks], [c.metadata for c in chunks],
            )
        self.store.replace_sources(items, self.vocab.unpersisted())
        self.vocab.mark_persisted()
        self.lexical.add_many(lexical_rows)

    def _remove(self, record: SourceRecord) -> None:
        with self.store.writer():
            self._catch_up()
            self._remove_locked(record)
            self._seen_version = self.store.version()

    def _remove_locked(self, record: SourceRecord) -> None:
        old_ids = self.store.chunk_ids(record.key)
        self.vectors.delete(record.kind, old_ids)
        self.store.remove_source(record.key)
        for chunk_id in old_ids:
            self.lexical.remove(chunk_id)

