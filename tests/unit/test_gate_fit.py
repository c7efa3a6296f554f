"""The gate model's fitting (bench/gate_model.py) on invented questions: the regression separates
the three kinds, and the thresholds keep the out-of-scope declines above the floor."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.gate_model import Item, choose_thresholds, figures, fit, model_from, probabilities  # noqa: E402


def _item(label: int, signal: float) -> Item:
    # label 0: the first clause answers; 1: answerable, another clause does; 2: out of scope.
    answered = {"grounded": True, "facts": label == 0, "doc": label == 0, "cited": True}
    offered = {"grounded": False, "facts": False, "doc": label == 0, "cited": True}
    declined = {"grounded": False, "facts": False, "doc": False, "cited": False}
    return Item(f"q{label}-{signal}", label, {"signal": signal}, None,
                {"answer": answered, "tentative": offered, "decline": declined})


def _items() -> list[Item]:
    rng = np.random.default_rng(3)
    centres = {0: 2.0, 1: 0.0, 2: -2.0}
    return [_item(label, float(centres[label] + rng.normal(0, 0.6))) for label in (0, 1, 2) for _ in range(40)]


def test_the_regression_separates_the_three_kinds():
    items = _items()
    x = np.array([[it.features["signal"]] for it in items])
    y = np.array([it.label for it in items])
    model = model_from(*fit(x, y), ["signal"])
    assert model.probabilities({"signal": 2.5})["right"] > 0.7
    assert model.probabilities({"signal": -2.5})["out"] > 0.7


def test_the_thresholds_keep_out_of_scope_declines_above_the_floor():
    items = _items()
    x = np.array([[it.features["signal"]] for it in items])
    y = np.array([it.label for it in items])
    model = model_from(*fit(x, y), ["signal"])
    probs = probabilities(model, items)
    for floor in (0.8, 0.95):
        answer_at, decline_at = choose_thresholds(items, probs, floor=floor, wrong_cost=1.0)
        result = figures(items, probs, answer_at, decline_at)
        assert result["declined"] >= floor
        assert result["facts"] >= 0.4  # most of the first kind (half of the answerable) still answered
