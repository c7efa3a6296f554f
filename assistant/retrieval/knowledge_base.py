"""The knowledge base: ingest files and past sessions, search them, answer questions.

`KnowledgeBase` owns the stores and the lock; what it does is split in two modules:
indexing.py writes (files, past sessions) and searching.py reads (search, answers, similar
sessions). The one instance per process and data folder is kept by the composition root
(`bootstrap.shared_knowledge_base`), not here.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analyzer import Analyzer, default_analyzer
from .chunkstore import ChunkStore
from .embeddings import KnowledgeEmbedding, build_embedding
from .glossary import Glossary
from .indexing import Indexing, ProgressCallback, SessionRecord
from .lexical import LexicalIndex, Vocabulary
from .models import POLICY, SESSION, IngestReport
from .searching import Searching
from .thesaurus import default_thesaurus
from .typos import HomophoneIndex
from .vectorstore import VectorStore, chroma_client

if TYPE_CHECKING:
    from .pgchunkstore import PgChunkStore

__all__ = ["KnowledgeBase", "SessionRecord", "build_knowledge_base"]

WARM_UP_QUESTION = "县级政协一年开展几次协商？"


class KnowledgeBase(Indexing, Searching):
    def __init__(self, settings: Any, embedding: KnowledgeEmbedding | None = None, glossary_path: Path | None = None):
        self.settings = settings
        self._embedding = embedding
        self._glossary_path = glossary_path
        self._lock = threading.RLock()
        self._opened = False
        # (lexical weight, dense weight) of the fusion; None = the defaults. The bench sets it
        # to compare BM25 alone, vectors alone and both.
        self.fusion: tuple[float, float] | None = None
        # Searching's question-side state: the policy words by sound (grown with the vocabulary)
        # and the place names the documents' titles begin with (vocabulary size, names).
        self._homophones = HomophoneIndex()
        self._places_cache: tuple[int, frozenset[str]] | None = None
        # Those place names by sound, for English questions ("Qingxi"): (names, sound → name).
        self._place_sounds: tuple[frozenset[str], dict[str, str]] | None = None
        # The policy clauses holding each word (store version, word → clause ids), for English questions.
        self._word_clauses: tuple[int, dict[str, set[str]]] | None = None
        # The ranking's text caches: (chunk id, indexed text) → normalised text; a document's
        # title and issuer → their terms and normalised text.
        self._normalised_texts: dict[tuple[str, str], str] = {}
        self._title_terms: dict[str, tuple[set[str], str]] = {}

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
            self.store = open_chunk_store(self.settings)
            self.vocab = Vocabulary(self.store.vocab())
            self.lexical = LexicalIndex()
            self._load_lexical()
            self.vectors = VectorStore(chroma_client(self.settings), self.embedding)
            self._reconcile_vectors()
            self._opened = True

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


def open_chunk_store(settings: Any) -> ChunkStore | PgChunkStore:
    """In PostgreSQL when the database is PostgreSQL (shared by every process), else a SQLite
    file in the data folder."""
    url = settings.resolved_database_url
    if url.startswith("postgresql"):
        from .pgchunkstore import PgChunkStore

        return PgChunkStore(url)
    return ChunkStore(Path(settings.data_dir) / "retrieval" / "chunks.sqlite3")


def build_knowledge_base(settings: Any) -> KnowledgeBase:
    """A knowledge base for these settings. Cheap: nothing is opened until first use.

    Each call makes a new instance; a process that wants one shared instance (the bot, the
    CLI) asks the composition root, `assistant.bootstrap.shared_knowledge_base`.
    """
    return KnowledgeBase(settings)
