"""BM25 over an in-memory inverted index that stays fast at 100k chunks.

Postings live in one compressed-sparse-row block (term → chunk positions, term frequencies)
scored with numpy, plus a small dict-based "delta" for chunks added since the last rebuild,
so indexing one set of minutes does not re-sort ten million postings. Removed chunks are
masked out and physically dropped at the next rebuild. Not thread-safe on its own: the
knowledge base serialises access.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

K1 = 1.2
# Length normalisation, below the textbook 0.75: a long article (with its items and heading
# path) is not less about its subject than a short one. Measured on dev + dev-v1 (hit@1 +0.04
# / +0.05), legacy +0.03.
B = 0.4
_DELTA_LIMIT_MIN = 2000
_KIND_CODES = {"policy": 0, "session": 1}


class Vocabulary:
    def __init__(self, terms: list[str] | None = None):
        self.terms: list[str] = list(terms or [])
        self.ids: dict[str, int] = {t: i for i, t in enumerate(self.terms) if t}
        self.persisted = len(self.terms)  # ids below this are already in the chunk store

    def lookup(self, term: str) -> int | None:
        return self.ids.get(term)

    def intern(self, term: str) -> int:
        term_id = self.ids.get(term)
        if term_id is None:
            term_id = len(self.terms)
            self.terms.append(term)
            self.ids[term] = term_id
        return term_id

    def unpersisted(self) -> list[tuple[int, str]]:
        return [(i, self.terms[i]) for i in range(self.persisted, len(self.terms))]

    def mark_persisted(self) -> None:
        self.persisted = len(self.terms)

    def encode(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and frequencies of one chunk, interning new terms."""
        counts = Counter(terms)
        ids = np.fromiter((self.intern(t) for t in counts), dtype=np.int32, count=len(counts))
        tfs = np.fromiter(counts.values(), dtype=np.int32, count=len(counts))
        return ids, tfs


def kind_code(kind: str | None) -> int:
    return _KIND_CODES.get(kind or "policy", 0)


class LexicalIndex:
    def __init__(self) -> None:
        self._ids: list[str] = []  # position → chunk id
        self._pos: dict[str, int] = {}
        self._doc_terms: list[np.ndarray | None] = []
        self._doc_tfs: list[np.ndarray | None] = []
        self._alive = np.zeros(0, dtype=bool)
        self._kind = np.zeros(0, dtype=np.int8)
        self._length = np.zeros(0, dtype=np.float32)
        self._df = np.zeros(0, dtype=np.int32)
        # Policy chunks only: whether the documents (not past minutes) use a word at all.
        self._policy_df = np.zeros(0, dtype=np.int32)
        self._n_alive = 0
        self._total_length = 0.0
        # CSR block covering positions < _main_upto
        self._main_upto = 0
        self._ptr = np.zeros(1, dtype=np.int64)
        self._post_doc = np.zeros(0, dtype=np.int32)
        self._post_tf = np.zeros(0, dtype=np.float32)
        self._delta: dict[int, list[tuple[int, int]]] = {}

    # --- size ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self._pos

    # --- mutation ------------------------------------------------------------------------
    def add(self, chunk_id: str, term_ids: np.ndarray, tfs: np.ndarray, kind: str) -> None:
        self.add_many([(chunk_id, term_ids, tfs, kind)])

    def add_many(self, rows: list[tuple[str, np.ndarray, np.ndarray, str]]) -> None:
        """Adds chunks to the delta; compacts once the delta outgrows a share of the index."""
        if not rows:
            return
        for chunk_id, *_ in rows:
            if chunk_id in self._pos:
                self.remove(chunk_id)
        max_term = max((int(t.max()) + 1 for _, t, _, _ in rows if len(t)), default=0)
        self._grow(len(self._ids) + len(rows), max_term)
        bulk = len(rows) > max(_DELTA_LIMIT_MIN, self._main_upto // 20)
        for chunk_id, term_ids, tfs, kind in rows:
            pos = len(self._ids)
            self._ids.append(chunk_id)
            self._pos[chunk_id] = pos
            self._doc_terms.append(term_ids)
            self._doc_tfs.append(tfs)
            self._alive[pos] = True
            self._kind[pos] = kind_code(kind)
            length = float(tfs.sum())
            self._length[pos] = length
            self._total_length += length
            self._n_alive += 1
            self._df[term_ids] += 1  # ids within one chunk are unique
            if kind_code(kind) == 0:
                self._policy_df[term_ids] += 1
            if not bulk:
                for term_id, tf in zip(term_ids.tolist(), tfs.tolist(), strict=True):
                    self._delta.setdefault(term_id, []).append((pos, tf))
        if bulk or len(self._ids) - self._main_upto > max(_DELTA_LIMIT_MIN, self._main_upto // 20):
            self.rebuild()

    def remove(self, chunk_id: str) -> None:
        pos = self._pos.pop(chunk_id, None)
        if pos is None:
            return
        self._alive[pos] = False
        self._n_alive -= 1
        self._total_length -= float(self._length[pos])
        terms = self._doc_terms[pos]
        if terms is not None:
            self._df[terms] -= 1
            if self._kind[pos] == 0:
                self._policy_df[terms] -= 1
        self._doc_terms[pos] = None
        self._doc_tfs[pos] = None

    def rebuild(self) -> None:
        """Compacts positions (dropping removed chunks) and rebuilds the CSR postings."""
        keep = [p for p in range(len(self._ids)) if self._alive[p]]
        self._ids = [self._ids[p] for p in keep]
        self._pos = {cid: i for i, cid in enumerate(self._ids)}
        self._doc_terms = [self._doc_terms[p] for p in keep]
        self._doc_tfs = [self._doc_tfs[p] for p in keep]
        keep_arr = np.asarray(keep, dtype=np.int64)
        self._alive = np.ones(len(keep), dtype=bool)
        self._kind = self._kind[keep_arr] if len(keep) else np.zeros(0, dtype=np.int8)
        self._length = self._length[keep_arr] if len(keep) else np.zeros(0, dtype=np.float32)
        n_terms = len(self._df)
        if keep:
            lengths = np.fromiter((len(t) for t in self._doc_terms), dtype=np.int64, count=len(keep))
            terms = np.concatenate(self._doc_terms)
            tfs = np.concatenate(self._doc_tfs).astype(np.float32)
            docs = np.repeat(np.arange(len(keep), dtype=np.int32), lengths)
            order = np.argsort(terms, kind="stable")
            self._post_doc = docs[order]
            self._post_tf = tfs[order]
            counts = np.bincount(terms, minlength=n_terms)
        else:
            self._post_doc = np.zeros(0, dtype=np.int32)
            self._post_tf = np.zeros(0, dtype=np.float32)
            counts = np.zeros(n_terms, dtype=np.int64)
        self._ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(counts, out=self._ptr[1:])
        self._main_upto = len(keep)
        self._delta = {}

    def _grow(self, n_docs: int, n_terms: int) -> None:
        if n_docs > len(self._alive):
            cap = max(n_docs, int(len(self._alive) * 1.5) + 16)
            self._alive = _resized(self._alive, cap)
            self._kind = _resized(self._kind, cap)
            self._length = _resized(self._length, cap)
        if n_terms > len(self._df):
            size = max(n_terms, int(len(self._df) * 1.5) + 16)
            self._df = _resized(self._df, size)
            self._policy_df = _resized(self._policy_df, size)

    # --- queries -------------------------------------------------------------------------
    def idf(self, term_id: int | None) -> float:
        """BM25 idf; an unknown term gets the highest possible value (it is maximally specific)."""
        n = max(self._n_alive, 1)
        df = int(self._df[term_id]) if term_id is not None and term_id < len(self._df) else 0
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def policy_df(self, term_id: int | None) -> int:
        """How many policy chunks contain the term."""
        return int(self._policy_df[term_id]) if term_id is not None and term_id < len(self._policy_df) else 0

    def in_policy(self, term_id: int | None) -> bool:
        """Whether any policy chunk contains the term."""
        return term_id is not None and term_id < len(self._policy_df) and self._policy_df[term_id] > 0

    def doc_term_ids(self, chunk_id: str) -> np.ndarray:
        pos = self._pos.get(chunk_id)
        terms = self._doc_terms[pos] if pos is not None else None
        return terms if terms is not None else np.zeros(0, dtype=np.int32)

    def search(self, weighted_terms: dict[int, float], k: int, kind: str | None = None) -> list[tuple[str, float]]:
        """Top-k (chunk id, BM25 score) for term ids weighted by query importance."""
        n_pos = len(self._ids)
        if not weighted_terms or self._n_alive == 0:
            return []
        scores = np.zeros(n_pos, dtype=np.float32)
        avg_len = self._total_length / self._n_alive
        norm = (K1 * (1.0 - B + B * self._length[:n_pos] / avg_len)).astype(np.float32)
        for term_id, weight in weighted_terms.items():
            if term_id >= len(self._df) or self._df[term_id] <= 0:
                continue
            idf = self.idf(term_id) * weight
            if term_id + 1 < len(self._ptr):
                lo, hi = self._ptr[term_id], self._ptr[term_id + 1]
                if hi > lo:
                    docs = self._post_doc[lo:hi]
                    tf = self._post_tf[lo:hi]
                    scores[docs] += idf * tf * (K1 + 1.0) / (tf + norm[docs])
            for pos, tf in self._delta.get(term_id, ()):
                scores[pos] += idf * tf * (K1 + 1.0) / (tf + norm[pos])
        mask = self._alive[:n_pos]
        if kind is not None:
            mask = mask & (self._kind[:n_pos] == kind_code(kind))
        scores[~mask] = 0.0
        k = min(k, n_pos)
        top = np.argpartition(-scores, k - 1)[:k] if k < n_pos else np.arange(n_pos)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._ids[p], float(scores[p])) for p in top if scores[p] > 0]


def _resized(arr: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=arr.dtype)
    out[: len(arr)] = arr
    return out
