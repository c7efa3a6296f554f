"""Scores the knowledge base against a question set (used by the bench and the tests).

The set (bench/data/qa_eval.json) lists questions as members phrase them, the clause each
should find, facts the answer must contain, and questions the assistant must decline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import POLICY


@dataclass
class EvalResult:
    total: int = 0
    hit_at_1: int = 0
    hit_at_3: int = 0
    facts_ok: int = 0
    grounded: int = 0
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
            "answers_with_key_facts": round(self.rate(self.facts_ok), 3),
            "answered": round(self.rate(self.grounded), 3),
            "out_of_scope_questions": self.out_of_scope,
            "out_of_scope_declined": round(self.rate(self.declined, self.out_of_scope), 3),
        }


def load_eval_set(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(kb: Any, data: dict[str, Any]) -> EvalResult:
    result = EvalResult()
    for item in data["questions"]:
        accepted = {item["section"], *item.get("also", [])}
        hits = kb.search(item["q"], k=3, kind=POLICY)
        sections = [h.section for h in hits]
        answer = kb.ask(item["q"])
        result.total += 1
        first = bool(sections[:1]) and sections[0] in accepted
        top3 = any(s in accepted for s in sections[:3])
        facts = answer.grounded and all(f in answer.answer for f in item["facts"])
        result.hit_at_1 += first
        result.hit_at_3 += top3
        result.facts_ok += facts
        result.grounded += answer.grounded
        if not (first and facts):
            result.misses.append(
                {"q": item["q"], "want": item["section"], "got": sections, "grounded": answer.grounded,
                 "facts": facts, "answer": answer.answer[:160]}
            )
    for question in data["out_of_scope"]:
        result.out_of_scope += 1
        answer = kb.ask(question)
        if not answer.grounded:
            result.declined += 1
        else:
            result.misses.append({"q": question, "want": "decline", "answer": answer.answer[:160]})
    return result
