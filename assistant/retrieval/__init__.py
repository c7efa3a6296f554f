"""Knowledge base for policy questions and past sessions: offline, hybrid, with citations.

Public API (used by the CLI, the bot and the flows):

    kb = build_knowledge_base(settings)   # cheap; opens stores on first use (one shared
                                           # instance per process: bootstrap.shared_knowledge_base)
    kb.ensure_built()                      # ingests the shipped knowledge folder if empty
    kb.ingest(paths, progress=...)         # → IngestReport
    kb.search(query, k=5, kind=None)       # → list[Hit]
    kb.ask(question)                       # → Answer (extractive, cites the clause)
    kb.index_past_session(key, title, text, organisation, date, extra)
    kb.similar_sessions(text, k=3)         # → list[Hit], one per past session
"""

from typing import TYPE_CHECKING

from .errors import DocumentRejected, EmbeddingUnavailable, IndexUnavailable, InvalidQuestion, KnowledgeError
from .models import Answer, Citation, Hit, IngestReport

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase, SessionRecord, build_knowledge_base

_HEAVY = {"KnowledgeBase", "SessionRecord", "build_knowledge_base"}


def __getattr__(name: str):
    # Chroma and jieba take about a second to import: load them when the knowledge base is used,
    # not whenever a command (even `assistant --help`) imports this package for its error types.
    if name in _HEAVY:
        from . import knowledge_base

        return getattr(knowledge_base, name)
    raise AttributeError(name)

__all__ = [
    "Answer",
    "Citation",
    "DocumentRejected",
    "EmbeddingUnavailable",
    "Hit",
    "IndexUnavailable",
    "IngestReport",
    "InvalidQuestion",
    "KnowledgeBase",
    "KnowledgeError",
    "SessionRecord",
    "build_knowledge_base",
]
