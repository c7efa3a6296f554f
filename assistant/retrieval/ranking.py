"""The policy ranking's scorer: per-candidate features and the linear weights over them.

Each candidate clause (the first RERANK_DEPTH of the fused ranking) gets one value per
feature (FEATURES), scaled so that a value of 1 is "as good as it gets for this question"
(coverage shares, scores relative to the query's best, ±1 agreements); its score is the dot
product with the weights. The weights are fitted on the development sets by
`bench/fit_ranking.py` (listwise, checked leave-one-set-out) and shipped in
`ranking_weights.json` beside this module; DEFAULT_WEIGHTS, the hand-set fusion of earlier
rounds, is used when that file is missing.

The document-reading features below say whether the question names the candidate's own
document: its place ("德阳那个文件"), its level of government ("市里那份意见", "镇上的制度")
or its kind ("那个办法", "通知里"). They read only the knowledge base's own titles and issuers,
never a list of words from questions.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .analyzer import char_bigrams, normalise
from .answer import leading_places
from .models import Chunk

WEIGHTS_FILE = Path(__file__).with_name("ranking_weights.json")

FEATURES = (
    "fusion",  # RRF_K / (RRF_K + fused rank + 1): the fused ranking's own vote, 1 → ~0.67 at rank 30
    "coverage",  # share of the question's concept weight the clause covers (0.5× for a header/notice)
    "typed",  # share of the asked answer types (time limit, count…) the clause states
    "title",  # question words the clause lacks but its document's title or issuer holds
    "lexical",  # BM25 score relative to its best (1) and its 50th (0)
    "bigram",  # share of the question's character bigrams in the clause
    "document",  # share of the question the clauses found in the same document cover together
    "lexical_rank",  # RRF_K / (RRF_K + BM25 rank), 0 when BM25 did not find it
    "dense_rank",  # the same for the dense vectors
    "dense",  # dense cosine relative to its best (1) and its 50th (0)
    "coverage_rel",  # coverage relative to the best candidate's
    "document_rel",  # document support relative to the best document's
    "place_own",  # the question names the place the document belongs to (its most local one)
    "place_other",  # the question names places of the knowledge base, none of this document's
    "level_match",  # the question names a level (市/县/区/镇…) and it is the document's
    "level_other",  # the question names a level, not the document's
    "kind_match",  # the question names a kind of document (办法/通知/意见…) and it is this one's
    "kind_other",  # the question names a kind of document, not this one's
    "header",  # the document's particulars or transmittal notice, for a question not about a document
    "particulars",  # the document's particulars (文件信息), for a question about the document itself
    "notice",  # its transmittal notice or preamble, for a question about the document itself
    "bigram_bm25",  # BM25 over character bigrams, relative to its best clause
    "document_words",  # the question's words the whole document holds, rare-across-documents first (relative)
    "document_vector",  # the question's vector against the document's mean clause vector (relative)
)

# The fusion of earlier rounds, in units of a first-place reciprocal-rank vote (1/RRF_K): every
# weight hand-set on some of the development sets (history in searching.py's comments).
DEFAULT_WEIGHTS = {"fusion": 1.0, "coverage": 1.0, "typed": 0.3, "title": 3.0, "lexical": 0.6,
                   "bigram": 2.0, "document": 0.5}


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    return np.array([float(weights.get(name, 0.0)) for name in FEATURES])


@lru_cache(maxsize=1)
def shipped_weights() -> np.ndarray:
    """The fitted weights if the data file is there, else the hand-set defaults."""
    try:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return weight_vector(DEFAULT_WEIGHTS)
    return weight_vector(data["weights"])


# --- what a question says about the document it means --------------------------------------

# Levels of government, most general first. 区 (a city's district) sits with 县; 街道 with 镇.
LEVELS = {"市": 0, "县": 1, "区": 1, "镇": 2, "乡": 2, "街道": 2}
_PLACE_UNIT = re.compile(r"([\u4e00-\u9fff]{2,3}?)(市|县|区|镇|乡|街道)(?![乡镇县区市社])")
_ORG_PREFIX = re.compile(r"^(?:中共|政协|中国人民政治协商会议)+")
# Kinds of document, as a title ends ("…管理办法", "…的通知", "…实施意见"). The first four are
# rarely anything but a document; the others are also everyday words ("群众意见", "会议通知",
# "报销的流程") and name a document only after a demonstrative ("那份意见", not "那个意见箱")
# or before a word that treats it as a text ("意见里", "通知上说").
DOCUMENT_KINDS = ("办法", "制度", "细则", "规则", "意见", "通知", "流程", "规定", "方案")
_PLAIN_KINDS = "办法|制度|细则|规则"
_EVERYDAY_KINDS = "意见|通知|流程|规定|方案"
_QUESTION_KIND = re.compile(
    rf"({_PLAIN_KINDS})"
    rf"|(?:(?:那|这|哪)(?:个|份|一份|项)({_EVERYDAY_KINDS})|实施(意见))(?![\u4e00-\u9fff])"
    rf"|(?:(?:那|这|哪)(?:个|份|一份|项)({_EVERYDAY_KINDS})|实施(意见))(?=是|的|对|有|从|要|怎么|哪|啥|什么|发|印)"
    rf"|({_EVERYDAY_KINDS})(?=里|中|上说|上写|说|规定|要求|怎么说|写)"
)
_DOCUMENT_WORD = rf"(?:文件|{_PLAIN_KINDS}|{_EVERYDAY_KINDS})"
# A level named as the side that issued the document meant: the level and, within a few
# characters of the same phrase, a word for a document ("市里那份意见", "县里新出的议事室管理办法",
# "镇上让老百姓打分那个办法"). A level alone is mostly who acts ("县政协一年搞几次协商"),
# not whose document it is. Not inside a compound ("乡镇", "社区", "小区", "城市").
_QUESTION_LEVEL = re.compile(
    rf"(?<![乡社小城园片辖景县都])(市|县|区|镇|乡|街道)(?![乡镇县区市]|道)"
    rf"(?=[^，。？?！!；;、\s]{{0,16}}?{_DOCUMENT_WORD})"
)


@dataclass(frozen=True)
class DocumentSigns:
    """What identifies a document to someone who names it loosely."""

    places: frozenset[str]  # every place its title and issuers name ("德阳", "凯江", "白马")
    own_places: frozenset[str]  # the most local of them: the place it belongs to ("白马")
    level: int | None  # its level of government (LEVELS), the most local its issuers name
    kind: str | None  # what kind of document its title says it is


def document_signs(chunk: Chunk) -> DocumentSigns:
    title = str(chunk.metadata.get("title") or chunk.source or "")
    issuers = [p for p in re.split(r"[，,、；;\s]+", str(chunk.metadata.get("issuer") or "")) if p]
    found: list[tuple[str, int]] = []
    for body in [title, *issuers]:
        found.extend(_place_chain(body))
    places = {p for p, _ in found} | leading_places(title)
    level = max((lv for _, lv in found), default=None)
    own = {p for p, lv in found if lv == level}
    kind = next((k for k in DOCUMENT_KINDS if re.search(rf"{k}(?:[（(](?:试行|暂行|修订)[）)])?$", title)), None)
    return DocumentSigns(frozenset(places), frozenset(own), level, kind)


def _place_chain(text: str) -> list[tuple[str, int]]:
    """The places a title or an issuing body begins with, each with its level:
    "政协德阳市凯江区委员会" → [("德阳", 0), ("凯江", 1)]."""
    names = leading_places(text)
    text = _ORG_PREFIX.sub("", text.strip())
    chain = []
    while (match := _PLACE_UNIT.match(text)) and match.group(1) in names:
        chain.append((match.group(1), LEVELS[match.group(2)]))
        text = text[match.end():]
    return chain


def question_levels(question: str) -> set[int]:
    """The levels of government a question names as the side whose document it means."""
    return {LEVELS[m.group(1)] for m in _QUESTION_LEVEL.finditer(question)}


def question_kinds(question: str) -> set[str]:
    """The kinds of document a question names as the document it means."""
    return {next(g for g in m.groups() if g) for m in _QUESTION_KIND.finditer(question)}


def naming_features(question: str, signs: DocumentSigns, named_places: set[str]) -> dict[str, float]:
    """place_own/place_other, level_match/level_other, kind_match/kind_other for one document;
    `named_places` are the knowledge base's places the question names."""
    out = {}
    out["place_own"] = float(bool(named_places & signs.own_places))
    out["place_other"] = float(bool(named_places) and not named_places & signs.places)
    levels = question_levels(question)
    out["level_match"] = float(signs.level in levels)
    out["level_other"] = float(bool(levels) and signs.level is not None and signs.level not in levels)
    kinds = question_kinds(question)
    out["kind_match"] = float(signs.kind in kinds)
    out["kind_other"] = float(bool(kinds) and signs.kind is not None and signs.kind not in kinds)
    return out


# --- the documents as wholes ---------------------------------------------------------------


@dataclass
class DocumentProfiles:
    """Each policy document's words (term ids of all its clauses) and mean clause vector."""

    terms: dict[str, frozenset[int]]  # document (chunk.source) → term ids
    document_frequency: dict[int, int]  # term id → how many documents use it
    vectors: dict[str, np.ndarray]  # document → unit mean vector of its clauses
    bigrams: BigramIndex  # every policy clause by its character bigrams

    @classmethod
    def build(cls, clause_terms: dict[str, list[np.ndarray]], clause_vectors: dict[str, list[np.ndarray]],
              clause_texts: dict[str, str]):
        terms = {doc: frozenset(int(t) for ids in rows for t in ids.tolist()) for doc, rows in clause_terms.items()}
        frequency: dict[int, int] = {}
        for ids in terms.values():
            for t in ids:
                frequency[t] = frequency.get(t, 0) + 1
        vectors = {}
        for doc, rows in clause_vectors.items():
            mean = np.mean(np.asarray(rows, dtype=np.float32), axis=0)
            norm = float(np.linalg.norm(mean))
            if norm > 0:
                vectors[doc] = mean / norm
        return cls(terms, frequency, vectors, BigramIndex(clause_texts))

    def word_scores(self, concepts: list[tuple[float, set[int]]], documents: set[str]) -> dict[str, float]:
        """Share of the question a document's words hold, each concept weighted by how few
        documents use it: a word found in one document only ("打分" in a rating rule) points
        at that document more than one every document uses ("协商"). `concepts` are
        (weight, term ids standing for it)."""
        n = max(1, len(self.terms))
        weighted = []
        for weight, ids in concepts:
            holders = {d for d, terms in self.terms.items() if ids & terms} if ids else set()
            if holders:
                weighted.append((weight * math.log(1.0 + n / len(holders)), holders))
        total = sum(w for w, _ in weighted)
        if total <= 0:
            return dict.fromkeys(documents, 0.0)
        return {d: sum(w for w, holders in weighted if d in holders) / total for d in documents}

    def vector_scores(self, query: np.ndarray | None, documents: set[str]) -> dict[str, float]:
        """Cosine of the question's vector with each document's mean clause vector."""
        if query is None:
            return dict.fromkeys(documents, 0.0)
        q = np.asarray(query, dtype=np.float32)
        norm = float(np.linalg.norm(q))
        if norm <= 0:
            return dict.fromkeys(documents, 0.0)
        q = q / norm
        return {d: float(self.vectors[d] @ q) if d in self.vectors else 0.0 for d in documents}


def relative_to_best(values: dict[str, float]) -> dict[str, float]:
    """Values rescaled to [0, 1] between the lowest and the best of them."""
    if not values:
        return {}
    top, low = max(values.values()), min(values.values())
    span = top - low
    return {k: (v - low) / span if span > 0 else 1.0 for k, v in values.items()}


class BigramIndex:
    """BM25 over the character bigrams of the policy clauses (their heading path included).

    jieba cuts a spoken question and a clause differently ("议事室" / "协商议事室", "打分" inside
    "评分打分"); bigrams match across that, and their idf says which matches matter: "纪要" is
    rare and telling, "协商" is everywhere. Policy clauses only (a few thousand at most), so it is
    rebuilt in memory whenever a document is added or removed.
    """

    K1 = 1.2
    B = 0.4  # as the word index (lexical.B): a long article is not less about its subject

    def __init__(self, texts: dict[str, str]):
        self.ids = list(texts)
        position = {cid: i for i, cid in enumerate(self.ids)}
        postings: dict[str, dict[int, int]] = {}
        lengths = np.zeros(len(self.ids), dtype=np.float32)
        for cid, text in texts.items():
            grams = char_bigrams(normalise(text))
            lengths[position[cid]] = len(grams)
            for g in grams:
                row = postings.setdefault(g, {})
                row[position[cid]] = row.get(position[cid], 0) + 1
        n = max(1, len(self.ids))
        average = float(lengths.mean()) if len(self.ids) else 1.0
        norm = self.K1 * (1.0 - self.B + self.B * lengths / max(average, 1e-9))
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for g, row in postings.items():
            docs = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
            tf = np.fromiter(row.values(), dtype=np.float32, count=len(row))
            idf = math.log(1.0 + (n - len(row) + 0.5) / (len(row) + 0.5))
            self._postings[g] = (docs, (idf * tf * (self.K1 + 1.0) / (tf + norm[docs])).astype(np.float32))

    def scores(self, question: str) -> dict[str, float]:
        """BM25 of every clause sharing a bigram with the question, relative to the best (1.0)."""
        total = np.zeros(len(self.ids), dtype=np.float32)
        for g in set(char_bigrams(normalise(question))):
            found = self._postings.get(g)
            if found is not None:
                total[found[0]] += found[1]
        best = float(total.max()) if len(total) else 0.0
        if best <= 0:
            return {}
        hit = np.flatnonzero(total > 0)
        return {self.ids[i]: float(total[i]) / best for i in hit.tolist()}
