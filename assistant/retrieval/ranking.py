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
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

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
# A level named as the issuing side: "市里", "县上", "区政协", "镇党委", "街道办", "县级".
# Not inside a compound ("乡镇", "社区", "小区", "城市", "县乡"): those are content words.
_QUESTION_LEVEL = re.compile(
    r"(?<![乡社小城园片辖景县都])(市|县|区|镇|乡|街道)"
    r"(?=里|上(?![级面下])|级|政协|党委|党工委|委|政府|办(?!理|法|事)|那|这|的(?:文件|办法|意见|通知|制度|规定|规则|细则|流程))"
)
# Kinds of document, as a title ends ("…管理办法", "…的通知", "…实施意见").
DOCUMENT_KINDS = ("办法", "规则", "制度", "流程", "细则", "意见", "通知", "规定", "方案")
_KIND = "|".join(DOCUMENT_KINDS)
# A kind named as the document meant: after a demonstrative or "的", or before 里/中/上/说/规定/要求;
# "群众意见" or "形成协商意见" name no document.
_QUESTION_KIND = re.compile(
    rf"(?:(?:那|这|哪)(?:个|份|一份|项)?|份|的|实施|管理|工作)({_KIND})"
    rf"|({_KIND})(?=里|中|上|说|规定|要求|对|怎么|写|提)"
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
    return {m.group(1) or m.group(2) for m in _QUESTION_KIND.finditer(question)}


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
