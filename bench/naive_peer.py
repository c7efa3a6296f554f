"""The naive peer the knowledge base must beat: fixed 300-character chunks + jieba + rank_bm25.

What anyone would assemble in minutes. It has no notion of clauses, so a hit is scored by
content: a chunk of the right document that contains one of the gold facts (the facts are
verbatim substrings of the gold clause). Its "answer" is its best chunk, so it holds the key
facts when that chunk contains all of them. It never declines unless no word matches at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jieba
from rank_bm25 import BM25Okapi

from assistant.readers import read_document

CHUNK_CHARS = 300
SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
SKIP_DIRS = {"samples", "sessions", "样例", "往期协商"}


@dataclass
class PeerChunk:
    doc: str
    text: str


class NaivePeer:
    def __init__(self, chunks: list[PeerChunk]):
        self.chunks = chunks
        self.bm25 = BM25Okapi([self._tokens(c.text) for c in chunks])

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return [t for t in jieba.cut_for_search(text) if t.strip()]

    @classmethod
    def from_folders(cls, folders: list[Path]) -> NaivePeer:
        chunks = []
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.name.lower() == "readme.md":
                    continue
                if any(part in SKIP_DIRS for part in path.relative_to(folder).parts[:-1]):
                    continue
                text = "".join(read_document(path.name, path.read_bytes()).split())
                chunks.extend(PeerChunk(path.name, text[i : i + CHUNK_CHARS]) for i in range(0, len(text), CHUNK_CHARS))
        return cls(chunks)

    def search(self, question: str, k: int = 3) -> list[tuple[PeerChunk, float]]:
        scores = self.bm25.get_scores(self._tokens(question))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [(self.chunks[i], float(scores[i])) for i in order]

    def evaluate(self, data: dict[str, Any]) -> dict[str, float]:
        n = hit1 = hit3 = facts = doc_first = 0
        for item in data["questions"]:
            docs = {item.get("doc"), *(a.get("doc") for a in item.get("also", []) if isinstance(a, dict))} - {None}
            found = self.search(item["q"], 3)

            def is_hit(chunk: PeerChunk, item: dict = item, docs: set = docs) -> bool:
                return (not docs or chunk.doc in docs) and any(f in chunk.text for f in item["facts"])

            n += 1
            hit1 += bool(found) and is_hit(found[0][0])
            hit3 += any(is_hit(c) for c, _ in found)
            facts += bool(found) and all(f in found[0][0].text for f in item["facts"])
            doc_first += bool(found) and (not docs or found[0][0].doc in docs)
        declined = sum(1 for q in data["out_of_scope"] if not self.search(q, 1) or self.search(q, 1)[0][1] <= 0)
        oos = len(data["out_of_scope"])
        return {
            "questions": n,
            "hit@1": round(hit1 / n, 3) if n else 0.0,
            "hit@3": round(hit3 / n, 3) if n else 0.0,
            "answers_with_key_facts": round(facts / n, 3) if n else 0.0,
            "right_document_cited_first": round(doc_first / n, 3) if n else 0.0,
            "out_of_scope_declined": round(declined / oos, 3) if oos else 0.0,
        }
