"""Reading the knowledge base: search, the extractive answer, similar past sessions.

A question becomes a query plan (hybrid.py); BM25 and the dense vectors are fused by
reciprocal rank; policy clauses are then re-ranked by how much of the question they cover and
whether they state the kind of answer asked for (a time limit, a count…), and the answer is
composed from the best of them (answer.py), or declined.
"""

from __future__ import annotations

import numpy as np

from . import english
from .analyzer import bigram_share, char_bigrams, normalise
from .answer import MIN_SPECIFIC_IDF, Candidate, compose_answer, leading_places
from .docheader import NOTICE, PREAMBLE
from .embeddings import OfflineHashEmbedding, WordLlamaEmbedding
from .errors import InvalidQuestion
from .hybrid import RRF_K, QueryPlan, plan_query, reciprocal_rank_fusion
from .models import KINDS, POLICY, SESSION, Answer, Chunk, Hit
from .question_types import (
    answers_type,
    asks_about_document,
    asks_about_purpose,
    is_purpose_clause,
    question_types,
)
from .ranking import (
    FEATURES,
    Naming,
    asks_in_force,
    document_signs,
    shipped_weights,
    states_in_force,
)
from .typos import char_readings

MAX_QUESTION_CHARS = 500
MAX_SESSION_QUERY_CHARS = 4000
CANDIDATES = 50
ASK_CANDIDATES = 6
# How many fused clauses are re-ranked: at 20 the right clause was often ranked 21st–30th by
# fusion and never reached; 30 gained hit@1 +0.01…+0.06 per dev set. 50 with the fitted weights
# (bench/fit_ranking.py): the gold clause is among the candidates for 93 % of the dev questions
# instead of 89 %; leave-one-set-out hit@1 -0.002, hit@3 +0.010, MRR +0.007 against 30 (each
# depth with its own fit). Search p95 stays within a few ms (README).
RERANK_DEPTH = 50
# The fusion's vote of BM25 (the dense vectors' in _dense_weight).
LEXICAL_WEIGHT = 1.0
# "Agreement" (a signal of the answer gate, answer.gate_features): among BM25's first two clauses and the vectors' first ten.
AGREE_LEXICAL_DEPTH = 2
AGREE_DENSE_DEPTH = 10
# Document context. A clause rarely repeats its document's title ("议事经费使用细则"), yet a
# member names the document loosely ("镇里那个经费细则里…"): a question word the clause lacks but
# its document's title or issuer holds earns TITLE_CREDIT of its weight (the "title" feature;
# ranking only: the gate's coverage stays the clause's own).
TITLE_CREDIT = 0.5
PURPOSE_SHARE = 0.3
# The re-ranking's weights over its features live in ranking.py (fitted: ranking_weights.json).

class Searching:
    """The reading half of KnowledgeBase (its stores, lock and analyzer live there)."""

    # The ranking's weights over ranking.FEATURES; None: the shipped ones (bench/fit_ranking.py sets its own).
    ranking_weights: np.ndarray | None = None

    def search(self, query: str, k: int = 5, kind: str | None = None) -> list[Hit]:
        query = _checked_question(query)
        if kind not in (None, *KINDS):
            raise InvalidQuestion(f"不支持的类型“{kind}”，可选：policy（政策文件）或 session（往期协商）。")
        k = max(1, min(int(k), 50))
        self._open()
        with self._lock:
            self._catch_up()
            reading = self._english_reading(query)
            plan = self._plan(reading.chinese if reading else query)
            if kind == POLICY:
                return [self._hit(c) for c in self._candidates(plan)[:k]]
            fused = self._fused(plan, kind, max(CANDIDATES, k))
            return self._hits(plan, fused[:k])

    def ask(self, question: str) -> Answer:
        question = _checked_question(question)
        self._open()
        with self._lock:
            self._catch_up()
            # An English question is searched by its Chinese reading and answered in Chinese.
            reading = self._english_reading(question)
            query = reading.chinese if reading else question
            plan = self._plan(query)
            candidates = self._candidates(plan)[:ASK_CANDIDATES]
        answer = compose_answer(query, plan, candidates, self.analyzer)
        return english.answered_in_chinese(reading, answer) if reading else answer

    def _candidates(self, plan: QueryPlan) -> list[Candidate]:
        """Policy clauses for a question, the fused ranking re-ordered by the linear scorer
        (ranking.py) over each clause's features: how much of the question it covers, whether
        it states the kind of answer asked for, what its document says about it."""
        candidates, features = self._ranking_features(plan)
        if candidates:
            weights = shipped_weights() if self.ranking_weights is None else self.ranking_weights
            scores = features @ weights
            for candidate, score in zip(candidates, scores.tolist(), strict=True):
                candidate.score = score
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _ranking_features(self, plan: QueryPlan) -> tuple[list[Candidate], np.ndarray]:
        """The first RERANK_DEPTH fused policy clauses, in fused order, and their feature matrix
        (one row per clause, one column per ranking.FEATURES name)."""
        rankings: dict[str, list[str]] = {}
        relative: dict[str, dict[str, float]] = {}
        fused = self._fused(plan, POLICY, CANDIDATES, rankings, relative)[:RERANK_DEPTH]
        lexical_top = rankings.get("lexical", [])[:AGREE_LEXICAL_DEPTH]
        dense_top = rankings.get("dense")
        dense_top = None if dense_top is None else set(dense_top[:AGREE_DENSE_DEPTH])
        rank_of = {name: {cid: i for i, cid in enumerate(ids)} for name, ids in rankings.items()}
        chunks = {c.id: c for c in self.store.chunks([cid for cid, _ in fused])}
        types = question_types(plan.text)
        about_document = asks_about_document(plan.text)
        about_purpose = asks_about_purpose(plan.text)
        about_force = asks_in_force(plan.text)
        question_grams = set(char_bigrams(normalise(plan.text)))
        signs = {c.source: document_signs(c) for c in chunks.values()}
        naming = Naming.of(plan.text, {p for s in signs.values() for p in s.places} | self._document_places())
        candidates, rows = [], []
        for rank, (chunk_id, _score) in enumerate(fused):
            chunk = chunks.get(chunk_id)
            if chunk is None:
                continue
            terms, text = self._chunk_terms(chunk_id), self._normalised(chunk)
            coverage = plan.coverage(terms, text)
            header = bool(chunk.metadata.get("header") or chunk.section == NOTICE) and not about_document
            if header:
                # A document's particulars and its transmittal notice answer questions about
                # the document, not every question that happens to name its city or "部门".
                coverage *= 0.5
            elif PURPOSE_SHARE < 1.0 and not about_purpose and is_purpose_clause(chunk.text):
                # Likewise a document's purpose clause ("为规范……制定本办法") echoes its title.
                coverage *= PURPOSE_SHARE
            typed = answers_type(chunk.text, types)
            row = {
                "fusion": RRF_K / (RRF_K + rank + 1),
                "coverage": coverage,
                "typed": typed,
                "title": self._title_coverage(plan, chunk, terms, text),
                "lexical": relative.get("lexical", {}).get(chunk_id, 0.0),
                "dense": relative.get("dense", {}).get(chunk_id, 0.0),
                "bigram": bigram_share(question_grams, text),
                "lexical_rank": _rank_vote(rank_of.get("lexical", {}).get(chunk_id)),
                "dense_rank": _rank_vote(rank_of.get("dense", {}).get(chunk_id)),
                "header": float(header),
                "particulars": float(about_document and bool(chunk.metadata.get("header"))),
                "notice": float(about_document and chunk.section in (NOTICE, PREAMBLE)),
                "in_force": float(about_force and states_in_force(chunk.text)),
                **naming.features(signs[chunk.source]),
            }
            # Both retrievers point at it: the words (BM25's first two) and the vectors (their first ten).
            agreed = chunk_id in lexical_top and (dense_top is None or chunk_id in dense_top)
            candidates.append(Candidate(chunk, 0.0, coverage, self._is_specific(plan, terms, text), typed,
                                        plan.thinly_covered(terms, text), agreed, bigrams=row["bigram"]))
            rows.append(row)
        if candidates:
            self._add_document_support(plan, candidates, rows)
            best = max(c.coverage for c in candidates)
            for row in rows:
                row["coverage_rel"] = row["coverage"] / best if best > 0 else 0.0
        features = np.array([[row.get(name, 0.0) for name in FEATURES] for row in rows], dtype=float)
        return candidates, features.reshape(len(rows), len(FEATURES))

    def _add_document_support(self, plan: QueryPlan, candidates: list[Candidate], rows: list[dict]) -> None:
        """Each clause's document support: how much of the question its document covers across
        the clauses found (the union of their words). A question's words spread over one
        document's clauses ("12月下旬" in one, "报销" in another) point at that document."""
        by_doc: dict[str, tuple[set[str], list[str]]] = {}
        for c in candidates:
            terms, texts = by_doc.setdefault(c.chunk.source, (set(), []))
            terms |= self._chunk_terms(c.chunk.id)
            texts.append(self._normalised(c.chunk))
        support = {doc: plan.coverage(terms, "\n".join(texts)) for doc, (terms, texts) in by_doc.items()}
        best = max(support.values())
        for c, row in zip(candidates, rows, strict=True):
            c.doc_support = support[c.chunk.source]
            row["document"] = support[c.chunk.source]
            row["document_rel"] = support[c.chunk.source] / best if best > 0 else 0.0

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
            self._catch_up()
            plan = self._plan(text, typed_question=False)
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
    def _english_reading(self, question: str) -> english.EnglishReading | None:
        """The Chinese search terms of an English question (None for any other question, or
        when the dictionary is not installed or reads none of its words)."""
        if not english.is_english(question):
            return None
        book = english.default_dictionary()
        if book is None:
            return None
        documents = english.Documents(
            frequency=lambda w: self.lexical.policy_df(self.vocab.lookup(w)),
            general_frequency=self.analyzer.word_frequency,
            is_noun=self.analyzer.is_noun,
            is_word=lambda w: [t for t, _, _ in self.analyzer.tokens(w)] == [w],
            places=self._places_by_sound,
            together=self._clauses_together,
        )
        return english.read_question(question, book, documents)

    def _clauses_together(self, first: str, second: str) -> int:
        """How many policy clauses hold both words (read again whenever the store changed)."""
        version = self.store.version()
        cached = self._word_clauses
        if cached is None or cached[0] != version:
            by_word: dict[str, set[str]] = {}
            for chunk_id in self.store.all_ids(POLICY):
                for term in self._chunk_terms(chunk_id):
                    by_word.setdefault(term, set()).add(chunk_id)
            cached = self._word_clauses = (version, by_word)
        by_word = cached[1]
        return len(by_word.get(first, set()) & by_word.get(second, set()))

    def _places_by_sound(self) -> dict[str, str]:
        """The documents' place names by how English writes them ("清溪" → "qingxi")."""
        places = self._document_places()
        cached = self._place_sounds
        if cached is None or cached[0] is not places:
            readings = char_readings()
            sounds = {"".join(readings.get(ch, ch) for ch in p): p for p in sorted(places)}
            cached = self._place_sounds = (places, sounds)
        return cached[1]

    def _plan(self, text: str, typed_question: bool = True) -> QueryPlan:
        """The query plan; a typed question (not a topic's long text) has its homophone slips
        corrected first ("台帐" → 台账)."""
        homophones = None
        places: frozenset[str] = frozenset()
        if typed_question:
            homophones = self._homophones
            places = self._document_places()
        return plan_query(text, self.analyzer, self.glossary, self.vocab, self.lexical, self.thesaurus, homophones,
                          places)

    def _document_places(self) -> frozenset[str]:
        """The place names the policy documents' titles begin with ("清溪县…办法" → 清溪), read
        again whenever the vocabulary has grown (a document was added)."""
        size = len(self.vocab.terms)
        cached = self._places_cache
        if cached is None or cached[0] != size:
            places = frozenset(p for record in self.store.sources(POLICY) for p in leading_places(record.title or ""))
            cached = self._places_cache = (size, places)
        return cached[1]

    def _fused(self, plan: QueryPlan, kind: str | None, depth: int,
               by_retriever: dict[str, list[str]] | None = None,
               scores: dict[str, dict[str, float]] | None = None) -> list[tuple[str, float]]:
        """The fused ranking; `by_retriever` receives each retriever's own ranking by name,
        `scores` each retriever's scores relative to its best (1.0) by name."""
        lexical_weight, dense_weight = self.fusion or (LEXICAL_WEIGHT, self._dense_weight())
        rankings = []
        if lexical_weight > 0:
            found = self.lexical.search(plan.weighted_terms, depth, kind)
            lexical = [cid for cid, _ in found]
            rankings.append((lexical, lexical_weight))
            if scores is not None:
                scores["lexical"] = _relative(found)
            if by_retriever is not None:
                by_retriever["lexical"] = lexical
        if dense_weight > 0:
            query_vector = self.embedding.embed([plan.dense_text])[0]
            found = self.vectors.query(query_vector, depth, kind)
            dense = [cid for cid, _ in found]
            rankings.append((dense, dense_weight))
            if scores is not None:
                scores["dense"] = _relative(found)
            if by_retriever is not None:
                by_retriever["dense"] = dense
        return reciprocal_rank_fusion(rankings)

    def _dense_weight(self) -> float:
        # Hash vectors and WordLlama's static token vectors are fuzzy echoes of the words; a
        # real model (an embedding endpoint) adds meaning and gets a full vote.
        return 0.5 if isinstance(self.embedding, OfflineHashEmbedding | WordLlamaEmbedding) else 1.0

    def _title_coverage(self, plan: QueryPlan, chunk: Chunk, terms: set[str], text: str) -> float:
        """Share of the question's weight that the chunk's document title and issuer add to
        what the clause itself covers (each such concept at TITLE_CREDIT)."""
        total = plan.total_weight
        if total <= 0:
            return 0.0
        title = " ".join(str(chunk.metadata.get(f) or "") for f in TITLE_FIELDS)
        cache = self._title_terms
        if title not in cache:
            # Segmenting every candidate's title anew cost ~1 ms a question; titles are few.
            if len(cache) > TEXT_CACHE_LIMIT:
                cache.clear()
            cache[title] = set(self.analyzer.terms(title)), normalise(title)
        doc_terms, doc_text = cache[title]
        gained = sum(c.credit(doc_terms, doc_text) for c in plan.concepts if c.credit(terms, text) <= 0)
        return TITLE_CREDIT * gained / total

    def _normalised(self, chunk: Chunk) -> str:
        """A clause's indexed text, normalised once: NFKC of 50 candidates was ~3 ms a question."""
        key = (chunk.id, chunk.indexed_text)
        text = self._normalised_texts.get(key)
        if text is None:
            if len(self._normalised_texts) > TEXT_CACHE_LIMIT:
                self._normalised_texts.clear()
            text = self._normalised_texts[key] = normalise(chunk.indexed_text)
        return text

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



TITLE_FIELDS = ("title", "issuer")
# Entries kept of the per-process text caches (normalised clauses, segmented titles) before they
# are emptied: policy clauses are at most a few thousand.
TEXT_CACHE_LIMIT = 20000


def _rank_vote(rank: int | None) -> float:
    """A retriever's reciprocal-rank vote for a clause, 1 at its first place (0 if not found)."""
    return 0.0 if rank is None else RRF_K / (RRF_K + rank + 1)


def _relative(found: list[tuple[str, float]]) -> dict[str, float]:
    """Scores of one retriever's ranking rescaled to [0, 1] between its last and its best."""
    if not found:
        return {}
    top, low = found[0][1], found[-1][1]
    span = top - low
    return {cid: (score - low) / span if span > 0 else 1.0 for cid, score in found}


def _checked_question(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidQuestion("问题不能为空，请输入要查询的内容。")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(
            f"问题过长（共 {len(text)} 字），请精简到 {MAX_QUESTION_CHARS} 字以内，或分成几个问题分别提问。"
        )
    return text


