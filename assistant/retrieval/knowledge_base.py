"""The knowledge base: ingest files and past sessions, search them, answer questions.

Three stores kept in step: the chunk store (SQLite: text, citations, tokenised terms,
file checksums), the lexical index (in memory, rebuilt from the chunk store at start) and
Chroma (dense vectors). Every write is prepared completely (read, chunk, tokenise, embed)
before any store changes, and all mutation happens under one lock, so worker threads can
call in and a bad file never leaves half an entry behind.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import analyzer as analyzer_module
from .analyzer import Analyzer, default_analyzer, normalise
from .answer import MIN_SPECIFIC_IDF, Candidate, compose_answer
from .chunkstore import ChunkStore, SourceRecord, unpack_terms
from .embeddings import KnowledgeEmbedding, OfflineHashEmbedding, WordLlamaEmbedding, build_embedding
from .errors import InvalidQuestion, KnowledgeError
from .glossary import Glossary
from .hybrid import RRF_K, QueryPlan, plan_query, reciprocal_rank_fusion
from .lexical import LexicalIndex, Vocabulary
from .loaders import LoadedSource, discover, file_sha256, load_file, load_session_text, source_key_for
from .models import KINDS, POLICY, SESSION, Answer, Chunk, Hit, IngestReport
from .question_types import answers_type, asks_about_document, question_types
from .thesaurus import default_thesaurus
from .vectorstore import VectorStore, chroma_client

MAX_QUESTION_CHARS = 500
MAX_SESSION_QUERY_CHARS = 4000
CANDIDATES = 50
ASK_CANDIDATES = 6
RERANK_DEPTH = 20
# Re-ranking weights, in units of a first-place reciprocal-rank vote (1/RRF_K).
COVERAGE_WEIGHT = 1.0
TYPE_WEIGHT = 0.3
LEXICAL_WEIGHT = 1.0

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


WARM_UP_QUESTION = "县级政协一年开展几次协商？"


def analyzer_fingerprint() -> str:
    """Changes whenever segmentation would change, so stored terms are redone."""
    import jieba

    material = "|".join(
        [jieba.__version__, *sorted(analyzer_module.STOPWORDS), *analyzer_module.DOMAIN_WORDS]
    )
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


class KnowledgeBase:
    def __init__(self, settings: Any, embedding: KnowledgeEmbedding | None = None, glossary_path: Path | None = None):
        self.settings = settings
        self._embedding = embedding
        self._glossary_path = glossary_path
        self._lock = threading.RLock()
        self._opened = False
        # (lexical weight, dense weight) of the fusion; None = the defaults. The bench sets it
        # to compare BM25 alone, vectors alone and both.
        self.fusion: tuple[float, float] | None = None

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def embedding(self) -> KnowledgeEmbedding:
        if self._embedding is None:
            self._embedding = build_embedding(self.settings)
        return self._embedding

    def _open(self) -> None:
        if self._opened:
            return
        with self._lock:
            if self._opened:
                return
            self.analyzer: Analyzer = default_analyzer()
            glossary_path = self._glossary_path or Path(self.settings.knowledge_dir) / "glossary.tsv"
            self.glossary = Glossary.load(glossary_path)
            self.thesaurus = default_thesaurus()
            self.store = ChunkStore(Path(self.settings.data_dir) / "retrieval" / "chunks.sqlite3")
            self.vocab = Vocabulary(self.store.vocab())
            self.lexical = LexicalIndex()
            self._load_lexical()
            self.vectors = VectorStore(chroma_client(self.settings), self.embedding)
            self._reconcile_vectors()
            self._opened = True

    def _load_lexical(self) -> None:
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

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self.store.close()
                self._opened = False

    def is_empty(self) -> bool:
        self._open()
        return not self.store.sources()

    def ensure_built(self, progress: ProgressCallback | None = None) -> IngestReport | None:
        """Indexes the shipped knowledge folder if nothing has been ingested yet."""
        self._open()
        with self._lock:
            if self.store.sources(POLICY):
                return None
            return self.ingest(None, progress=progress)

    def warm_up(self) -> None:
        """Loads what a first question would (the index, jieba's dictionary and tagger), so the
        first member to ask does not wait a second for it inside their turn."""
        self.ensure_built()
        self.ask(WARM_UP_QUESTION)
        self.similar_sessions(WARM_UP_QUESTION, k=1)

    def stats(self) -> dict[str, Any]:
        self._open()
        with self._lock:
            return {
                "embedding": self.embedding.identity,
                "sources": len(self.store.sources()),
                "policy_chunks": self.store.count(POLICY),
                "session_chunks": self.store.count(SESSION),
                "glossary_entries": len(self.glossary),
            }

    # --- ingest ----------------------------------------------------------------------------
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
        old_ids = self.store.chunk_ids(record.key)
        self.vectors.delete(record.kind, old_ids)
        self.store.remove_source(record.key)
        for chunk_id in old_ids:
            self.lexical.remove(chunk_id)

    # --- retrieval -------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, kind: str | None = None) -> list[Hit]:
        query = _checked_question(query)
        if kind not in (None, *KINDS):
            raise InvalidQuestion(f"不支持的类型“{kind}”，可选：policy（政策文件）或 session（往期协商）。")
        k = max(1, min(int(k), 50))
        self._open()
        with self._lock:
            plan = self._plan(query)
            if kind == POLICY:
                return [self._hit(c) for c in self._candidates(plan)[:k]]
            fused = self._fused(plan, kind, max(CANDIDATES, k))
            return self._hits(plan, fused[:k])

    def ask(self, question: str) -> Answer:
        question = _checked_question(question)
        self._open()
        with self._lock:
            plan = self._plan(question)
            candidates = self._candidates(plan)[:ASK_CANDIDATES]
        return compose_answer(question, plan, candidates, self.analyzer)

    def _candidates(self, plan: QueryPlan) -> list[Candidate]:
        """Policy clauses for a question, the fused ranking re-ordered by how much of the
        question each covers and whether it states the kind of answer asked for."""
        fused = self._fused(plan, POLICY, CANDIDATES)[:RERANK_DEPTH]
        chunks = {c.id: c for c in self.store.chunks([cid for cid, _ in fused])}
        types = question_types(plan.text)
        about_document = asks_about_document(plan.text)
        candidates = []
        for rank, (chunk_id, _score) in enumerate(fused):
            chunk = chunks.get(chunk_id)
            if chunk is None:
                continue
            terms, text = self._chunk_terms(chunk_id), normalise(chunk.indexed_text)
            coverage = plan.coverage(terms, text)
            if chunk.metadata.get("header") and not about_document:
                # A document's particulars answer questions about the document, not every
                # question that happens to name its city.
                coverage *= 0.5
            typed = answers_type(chunk.text, types)
            final = 1.0 / (RRF_K + rank + 1) + (COVERAGE_WEIGHT * coverage + TYPE_WEIGHT * typed) / RRF_K
            candidates.append(Candidate(chunk, final, coverage, self._is_specific(plan, terms, text), typed,
                                        plan.thinly_covered(terms, text)))
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _hit(self, candidate: Candidate) -> Hit:
        chunk = candidate.chunk
        metadata = {**chunk.metadata, "coverage": round(candidate.coverage, 3)}
        return Hit(chunk.text, chunk.source, chunk.section, chunk.kind, candidate.score, metadata)

    def similar_sessions(self, text: str, k: int = 3) -> list[Hit]:
        """Past sessions most like a topic, one hit per session, with what came of it."""
        text = (text or "").strip()
        if not text:
            raise InvalidQuestion("请先描述协商议题，再查找相似的往期协商。")
        text = text[:MAX_SESSION_QUERY_CHARS]
        self._open()
        with self._lock:
            plan = self._plan(text)
            fused = self._fused(plan, SESSION, CANDIDATES)
            lexical_ids = {cid for cid, _ in self.lexical.search(plan.weighted_terms, CANDIDATES, SESSION)}
            chunks = {c.id: c for c in self.store.chunks([cid for cid, _ in fused])}
            best: dict[str, tuple[Chunk, float]] = {}
            for chunk_id, score in fused:
                chunk = chunks.get(chunk_id)
                # Dense similarity alone always finds "something": require shared words too.
                if chunk is None or chunk_id not in lexical_ids:
                    continue
                if plan.coverage(self._chunk_terms(chunk_id), normalise(chunk.indexed_text)) < 0.25:
                    continue
                key = chunk.metadata.get("source_key", chunk_id)
                if key not in best:
                    best[key] = (chunk, score)
            hits = []
            for key, (chunk, score) in sorted(best.items(), key=lambda item: -item[1][1])[:k]:
                record = self.store.source(key)
                info = record.info if record else {}
                metadata = {**chunk.metadata, "outcome": info.get("outcome", ""), "matched_text": chunk.text}
                hits.append(
                    Hit(text=info.get("outcome") or chunk.text, source=chunk.source, section=chunk.section,
                        kind=SESSION, score=score, metadata=metadata)
                )
            return hits

    # --- internals -------------------------------------------------------------------------
    def _plan(self, text: str) -> QueryPlan:
        return plan_query(text, self.analyzer, self.glossary, self.vocab, self.lexical, self.thesaurus)

    def _fused(self, plan: QueryPlan, kind: str | None, depth: int) -> list[tuple[str, float]]:
        lexical_weight, dense_weight = self.fusion or (LEXICAL_WEIGHT, self._dense_weight())
        rankings = []
        if lexical_weight > 0:
            lexical = self.lexical.search(plan.weighted_terms, depth, kind)
            rankings.append(([cid for cid, _ in lexical], lexical_weight))
        if dense_weight > 0:
            query_vector = self.embedding.embed([plan.dense_text])[0]
            dense = self.vectors.query(query_vector, depth, kind)
            rankings.append(([cid for cid, _ in dense], dense_weight))
        return reciprocal_rank_fusion(rankings)

    def _dense_weight(self) -> float:
        # Hash vectors and WordLlama's static token vectors are fuzzy echoes of the words; a
        # real model (an embedding endpoint) adds meaning and gets a full vote.
        return 0.5 if isinstance(self.embedding, OfflineHashEmbedding | WordLlamaEmbedding) else 1.0

    def _chunk_terms(self, chunk_id: str) -> set[str]:
        terms = self.vocab.terms
        return {terms[i] for i in self.lexical.doc_term_ids(chunk_id).tolist()}

    def _is_specific(self, plan: QueryPlan, terms: set[str], text: str) -> bool:
        return any(c.weight >= MIN_SPECIFIC_IDF for c in plan.matched(terms, text))

    def _hits(self, plan: QueryPlan, fused: list[tuple[str, float]]) -> list[Hit]:
        chunks = {c.id: c for c in self.store.chunks([cid for cid, _ in fused])}
        hits = []
        for chunk_id, score in fused:
            chunk = chunks.get(chunk_id)
            if chunk is None:
                continue
            coverage = plan.coverage(self._chunk_terms(chunk_id), normalise(chunk.indexed_text))
            metadata = {**chunk.metadata, "coverage": round(coverage, 3)}
            hits.append(Hit(chunk.text, chunk.source, chunk.section, chunk.kind, score, metadata))
        return hits


def _checked_question(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidQuestion("问题不能为空，请输入要查询的内容。")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"问题过长（共 {len(text)} 字），请精简到 {MAX_QUESTION_CHARS} 字以内，或分成几个问题分别提问。"
        )
    return text


_instances: dict[tuple, KnowledgeBase] = {}
_instances_lock = threading.Lock()


def build_knowledge_base(settings: Any) -> KnowledgeBase:
    """The knowledge base for these settings; one per process and data folder.

    Cheap: nothing is opened until first use. The CLI and the bot both call this, so they
    share one Chroma client and one in-memory lexical index per process.
    """
    key = (
        str(Path(settings.data_dir).resolve()),
        str(Path(settings.knowledge_dir).resolve()),
        settings.chroma_host,
        settings.chroma_port,
        settings.embedding_provider,
        settings.embedding_model,
        settings.embedding_base_url,
    )
    with _instances_lock:
        kb = _instances.get(key)
        if kb is None:
            kb = KnowledgeBase(settings)
            _instances[key] = kb
        return kb
