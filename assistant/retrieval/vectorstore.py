"""Chroma as the dense half of the index: embedded by default, a server by setting.

One client per process and location: PersistentClient is not safe to open twice on the
same folder. Policy and past-session chunks live in separate collections, because a
metadata `where` filter makes HNSW queries ~30x slower at 100k chunks, and "similar past
sessions" must stay fast. Collection names carry the embedding identity, so a different
model writes to a different collection instead of mixing vector spaces.
"""

from __future__ import annotations

import threading
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from .embeddings import KnowledgeEmbedding
from .errors import IndexUnavailable
from .models import KINDS

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()
COLLECTION_PREFIX = "kb"


def chroma_client(settings: Any) -> Any:
    """The process-wide Chroma client for these settings (server if chroma_host is set)."""
    host = getattr(settings, "chroma_host", None)
    key = f"http://{host}:{settings.chroma_port}" if host else str(settings.chroma_dir.resolve())
    with _clients_lock:
        client = _clients.get(key)
        if client is not None:
            return client
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if host:
                client = chromadb.HttpClient(host=host, port=int(settings.chroma_port), settings=chroma_settings)
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        except Exception as exc:
            where = f"Chroma 服务器 {host}:{settings.chroma_port}" if host else f"向量索引目录 {settings.chroma_dir}"
            raise IndexUnavailable(f"无法连接{where}：{exc}") from exc
        _clients[key] = client
        return client


def forget_client(settings: Any) -> None:
    """Drops the cached client (tests that delete the folder underneath it)."""
    host = getattr(settings, "chroma_host", None)
    key = f"http://{host}:{settings.chroma_port}" if host else str(settings.chroma_dir.resolve())
    with _clients_lock:
        _clients.pop(key, None)


class VectorStore:
    def __init__(self, client: Any, embedding: KnowledgeEmbedding):
        self._client = client
        self.embedding = embedding
        self._collections: dict[str, Any] = {}
        self._counts: dict[str, int] = {}

    def name_for(self, kind: str) -> str:
        return f"{COLLECTION_PREFIX}-{kind}-{self.embedding.identity}"

    def collection(self, kind: str) -> Any:
        col = self._collections.get(kind)
        if col is None:
            try:
                # The embedding function is always passed: Chroma must never fall back to its
                # own default (an English ONNX model it would try to download).
                col = self._client.get_or_create_collection(
                    name=self.name_for(kind),
                    embedding_function=self.embedding,
                    metadata={"embedding": self.embedding.identity, "kind": kind},
                    configuration={"hnsw": {"space": "cosine"}},
                )
            except Exception as exc:
                raise IndexUnavailable(f"无法打开向量索引集合 {self.name_for(kind)}：{exc}") from exc
            self._collections[kind] = col
            self._counts[kind] = col.count()
        return col

    def count(self, kind: str) -> int:
        self.collection(kind)
        return self._counts[kind]

    def ids(self, kind: str) -> set[str]:
        col = self.collection(kind)
        out: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = col.get(include=[], limit=page, offset=offset)["ids"]
            out.update(got)
            if len(got) < page:
                return out
            offset += page

    def upsert(self, kind: str, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]) -> None:
        col = self.collection(kind)
        batch = 2000
        for start in range(0, len(ids), batch):
            end = start + batch
            col.upsert(
                ids=ids[start:end],
                embeddings=vectors[start:end],
                documents=documents[start:end],
                metadatas=[_scalar_metadata(m) for m in metadatas[start:end]],
            )
        self._counts[kind] = col.count()

    def delete(self, kind: str, ids: list[str]) -> None:
        if not ids:
            return
        col = self.collection(kind)
        for start in range(0, len(ids), 5000):
            col.delete(ids=ids[start : start + 5000])
        self._counts[kind] = col.count()

    def query(self, vector: np.ndarray, k: int, kind: str | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first, across the kinds asked for."""
        found: list[tuple[str, float]] = []
        for each in [kind] if kind else list(KINDS):
            n = min(k, self.count(each))
            if n <= 0:
                continue
            result = self.collection(each).query(query_embeddings=[vector], n_results=n, include=["distances"])
            found.extend((cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True))
        found.sort(key=lambda item: -item[1])
        return found[:k]

    def drop_other_embeddings(self) -> list[str]:
        """Deletes collections built with another embedding; they are rebuilt if switched back."""
        current = {self.name_for(kind) for kind in KINDS}
        dropped = []
        for col in self._client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(COLLECTION_PREFIX + "-") and name not in current:
                self._client.delete_collection(name)
                dropped.append(name)
        return dropped


def _scalar_metadata(metadata: dict) -> dict:
    return {k: v for k, v in metadata.items() if isinstance(v, str | int | float | bool) and v != ""}
