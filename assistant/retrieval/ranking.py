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
    "level_match",  # the question names a level (市/县/区/镇…) and it is the document's
    "kind_match",  # the question names a kind of document (办法/通知/意见…) and it is this one's
    "header",  # the document's particulars or transmittal notice, for a question not about a document
    "particulars",  # the document's particulars (文件信息), for a question about the document itself
    "notice",  # its transmittal notice or preamble, for a question about the document itself
    "in_force",  # the question asks when the document applies (or whether an old one still does), the clause says
)

# The re-ranking of earlier rounds, in units of a first-place reciprocal-rank vote (1/RRF_K), each
# weight hand-set on some of the development sets: title 3.0 (4.0 lost on dev-v1), BM25's relative
# score 0.6 (1.0 and above lost on dev and dev-v1), bigram share 2.0 (1.5, 2.5, 3.0 did less
# well), document support 0.5 (1.0 lost hit@1 on dev-v1 and dev-v5). The fit starts from these
# and they are used when ranking_weights.json is missing.
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


# When a document applies, or whether an older one still does: "从哪天开始执行", "几号起施行",
# "以前那个暂行办法还管用不", "废止". A bare "算数" ("到多少人才算数") is no such question.
_ASKS_IN_FORCE = re.compile(
    r"(?:哪天|哪一天|几号|几月|什么时候|啥时候|何时|哪年)[^，。？?]{0,6}?(?:执行|施行|生效|实施|开始算|起算)"
    r"|(?:从|自)(?:哪天|哪一天|几号|什么时候|啥时候|何时)"
    rf"|(?:老|旧|以前|原来|之前|过去|先前)[^，。？?]{{0,12}}?{_DOCUMENT_WORD}[^，。？?]{{0,6}}?"
    r"(?:算数|管用|有效|用不用|能用|适用|执行)"
    r"|废止|作废|失效|repeal|take effect|come into force|in force|apply from|from what date"
)
# A clause that says so: "本办法自印发之日起施行", "原……同时废止".
_STATES_IN_FORCE = re.compile(r"施行|起执行|起生效|同时废止|废止|停止执行|有效期")


def asks_in_force(question: str) -> bool:
    """Whether a question asks from when a document applies, or whether an older one still does."""
    return bool(_ASKS_IN_FORCE.search(question.lower()))


def states_in_force(text: str) -> bool:
    return bool(_STATES_IN_FORCE.search(text))


@dataclass(frozen=True)
class DocumentSigns:
    """What identifies a document to someone who names it loosely."""

    places: frozenset[str]  # every place its title and issuers name ("德阳", "凯江", "白马")
    own_places: frozenset[str]  # the most local of them: the place it belongs to ("白马")
    level: int | None  # its level of government (LEVELS), the most local its issuers name
    kind: str | None  # what kind of document its title says it is


def document_signs(chunk: Chunk) -> DocumentSigns:
    return _signs(str(chunk.metadata.get("title") or chunk.source or ""), str(chunk.metadata.get("issuer") or ""))


@lru_cache(maxsize=4096)
def _signs(title: str, issuer: str) -> DocumentSigns:
    issuers = [p for p in re.split(r"[，,、；;\s]+", issuer) if p]
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


@dataclass(frozen=True)
class Naming:
    """What a question says about the document it means: places of the knowledge base it
    names, levels of government and kinds of document."""

    places: frozenset[str]
    levels: frozenset[int]
    kinds: frozenset[str]

    @classmethod
    def of(cls, question: str, known_places: set[str]) -> Naming:
        return cls(frozenset(p for p in known_places if p in question), frozenset(question_levels(question)),
                   frozenset(question_kinds(question)))

    def features(self, signs: DocumentSigns) -> dict[str, float]:
        """place_own, level_match and kind_match of one document."""
        return {
            "place_own": float(bool(self.places & signs.own_places)),
            "level_match": float(signs.level is not None and signs.level in self.levels),
            "kind_match": float(signs.kind is not None and signs.kind in self.kinds),
        }

