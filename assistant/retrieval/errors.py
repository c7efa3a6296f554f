"""Errors of the knowledge base; each carries a message a member can read as is."""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base class: `message_zh` is shown to the user unchanged."""

    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


class InvalidQuestion(KnowledgeError):
    """Empty, oversized or otherwise unusable question or search text."""


class DocumentRejected(KnowledgeError):
    """A file that cannot be read, or yields nothing to index."""


class EmbeddingUnavailable(KnowledgeError):
    """The configured embedding model cannot be loaded or reached."""


class IndexUnavailable(KnowledgeError):
    """The vector index (embedded or server) cannot be opened."""
