"""Scores the knowledge base against a question set (used by the bench and the tests).

Two formats are read. The legacy set (bench/data/qa_eval.json) names a full clause label
("三、（八）规范协商频次") in one document. The independent sets (bench/data/qa_eval2/) name
the answering document's file name and the clause as written ("第十二条", "三、（二）", or
"header" for the document's own title/number/issuer/date), plus `also` alternatives.

A hit counts when it comes from the named document (where one is named) and its clause
label starts with the gold label: "三、（八）规范协商频次" answers "三、（八）", and a
sub-item "二、（三）1." still lies inside "二、（三）".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analyzer import normalise
from .models import POLICY

HEADER = "header"


@dataclass(frozen=True)
class Gold:
    doc: str | None
    clause: str


@dataclass
class EvalResult:
    total: int = 0
    hit_at_1: int = 0
    hit_at_3: int = 0
    facts_ok: int = 0
    facts_tentative: int = 0
    doc_first: int = 0
    grounded: int = 0
    tentative: int = 0
    declined: int = 0
    out_of_scope: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, value: int, of: int | None = None) -> float:
        of = self.total if of is None else of
        return value / of if of else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "questions": self.total,
            "hit@1": round(self.rate(self.hit_at_1), 3),
            "hit@3": round(self.rate(self.hit_at_3), 3),
            # A grounded answer that contains every key fact of the gold clause.
            "answers_with_key_facts": round(self.rate(self.facts_ok), 3),
            # The same, counting "未找到直接规定，以下条文可能相关" replies that quote the facts.
            "key_facts_incl_tentative": round(self.rate(self.facts_ok + self.facts_tentative), 3),
            "right_document_cited_first": round(self.rate(self.doc_first), 3),
            "answered": round(self.rate(self.grounded), 3),
            "tentative": round(self.rate(self.tentative), 3),
            "out_of_scope_questions": self.out_of_scope,
            "out_of_scope_declined": round(self.rate(self.declined, self.out_of_scope), 3),
        }


def load_eval_set(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def golds(item: dict[str, Any]) -> list[Gold]:
    """Accepted (document, clause) pairs of one question, in either format."""
    if "clause" in item:
        out = [Gold(item.get("doc"), item["clause"])]
        for also in item.get("also", []):
            # Another acceptable clause: {"doc", "clause"}, or just its label in the same document.
            if isinstance(also, str):
                out.append(Gold(item.get("doc"), also))
            else:
                out.append(Gold(also.get("doc", item.get("doc")), also["clause"]))
        return out
    return [Gold(None, item["section"]), *(Gold(None, s) for s in item.get("also", []))]


def clause_matches(section: str, metadata: dict[str, Any], gold: Gold) -> bool:
    if gold.doc is not None and metadata.get("file_name") != gold.doc:
        return False
    if gold.clause == HEADER:
        return bool(metadata.get("header"))
    return normalise(section).startswith(normalise(gold.clause))


def evaluate(kb: Any, data: dict[str, Any]) -> EvalResult:
    result = EvalResult()
    for item in data["questions"]:
        accepted = golds(item)
        hits = kb.search(item["q"], k=3, kind=POLICY)
        found = [any(clause_matches(h.section, h.metadata, g) for g in accepted) for h in hits]
        answer = kb.ask(item["q"])
        result.total += 1
        first = bool(found[:1]) and found[0]
        top3 = any(found[:3])
        has_facts = all(f in answer.answer for f in item["facts"])
        facts = answer.grounded and has_facts
        wanted_docs = {g.doc for g in accepted}
        cited = answer.citations[0].file_name if answer.citations else None
        doc_ok = bool(answer.citations) and (None in wanted_docs or cited in wanted_docs)
        result.hit_at_1 += first
        result.hit_at_3 += top3
        result.facts_ok += facts
        result.facts_tentative += (not answer.grounded) and bool(answer.citations) and has_facts
        result.doc_first += doc_ok
        result.grounded += answer.grounded
        result.tentative += (not answer.grounded) and bool(answer.citations)
        if not (first and facts):
            result.misses.append(
                {"q": item["q"], "want": [f"{g.doc or ''} {g.clause}".strip() for g in accepted],
                 "got": [f"{h.metadata.get('file_name', '')} {h.section}" for h in hits],
                 "grounded": answer.grounded, "facts": facts, "answer": answer.answer[:160]}
            )
    for question in data["out_of_scope"]:
        result.out_of_scope += 1
        answer = kb.ask(question)
        # Out of scope must be declined outright: neither an answer nor "may be related" clauses.
        if not answer.grounded and not answer.citations:
            result.declined += 1
        else:
            result.misses.append({"q": question, "want": "decline", "answer": answer.answer[:160]})
    return result
