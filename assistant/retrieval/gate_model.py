"""The answer gate's calibrated model: a small multinomial logistic regression over general
retrieval signals of a question and its best clause (answer.gate_features), fitted on the
development sets by bench/gate_model.py and shipped as gate_model.json beside this file.

It gives three probabilities: the first clause is the answer ("right"), the question is
answerable but the first clause is not its answer ("wrong"), the question is outside the
knowledge base ("out"). The gate then answers, offers the clauses as "可能相关", or declines,
by two thresholds chosen on the same data (never on one question).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("gate_model.json")
CLASSES = ("right", "wrong", "out")

ANSWER = "answer"
TENTATIVE = "tentative"
DECLINE = "decline"


@dataclass(frozen=True)
class GateModel:
    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    # One row per class (CLASSES order): an intercept, then one weight per feature.
    weights: tuple[tuple[float, ...], ...]
    # Quoted as the answer when P(right) reaches answer_at; declined outright when P(out)
    # reaches decline_at; otherwise offered as "可能相关".
    answer_at: float
    decline_at: float

    def probabilities(self, values: dict[str, float]) -> dict[str, float]:
        x = [(float(values[name]) - m) / s for name, m, s in zip(self.features, self.means, self.scales, strict=True)]
        logits = [row[0] + sum(w * v for w, v in zip(row[1:], x, strict=True)) for row in self.weights]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return {name: e / total for name, e in zip(CLASSES, exps, strict=True)}

    def decide(self, values: dict[str, float]) -> str:
        return decide(self.probabilities(values), self.answer_at, self.decline_at)

    def to_dict(self) -> dict:
        return {"features": list(self.features), "means": list(self.means), "scales": list(self.scales),
                "weights": [list(row) for row in self.weights], "classes": list(CLASSES),
                "answer_at": self.answer_at, "decline_at": self.decline_at}

    @classmethod
    def from_dict(cls, data: dict) -> GateModel:
        if tuple(data.get("classes", CLASSES)) != CLASSES:
            raise ValueError("gate model classes differ from right/wrong/out")
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        features = tuple(data["features"])
        if len(weights) != len(CLASSES) or any(len(row) != len(features) + 1 for row in weights):
            raise ValueError("gate model weights do not match its features")
        return cls(features, tuple(float(m) for m in data["means"]), tuple(float(s) for s in data["scales"]),
                   weights, float(data["answer_at"]), float(data["decline_at"]))


def decide(probabilities: dict[str, float], answer_at: float, decline_at: float) -> str:
    """Out of scope first (declining an answerable question costs less than quoting a clause for
    one the documents do not cover), then a confident answer, else "可能相关"."""
    if probabilities["out"] >= decline_at:
        return DECLINE
    if probabilities["right"] >= answer_at:
        return ANSWER
    return TENTATIVE


@lru_cache(maxsize=1)
def shipped_model() -> GateModel:
    return GateModel.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
