"""The offline drafter against the hand-written expectations in bench/data/transcripts/.

The expected facts (participants, actions with owner + due + task words, consensus and dissent
keywords) were written by hand from each transcript, not copied from the drafter's output, so
a rule change that loses real content fails here. Same scoring and targets as
bench/minutes_bench.py; the timing figure is measured there, not here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "minutes_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("minutes_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("minutes_bench", module)
    spec.loader.exec_module(module)
    return module


def test_bench_has_enough_varied_transcripts(bench):
    cases = bench.load_cases()
    assert len(cases) >= 6
    layouts = {facts["layout"].split("-")[0] for _, _, facts in cases}
    assert {"typed", "asr", "mixed"} <= layouts


def test_recall_meets_the_offline_targets(bench):
    totals, _ = bench.run_recall()
    below = {
        key: f"{score.recall:.2f} < {bench.TARGETS[key]} ({'; '.join(score.misses)})"
        for key, score in totals.items()
        if score.recall < bench.TARGETS[key]
    }
    assert not below


def test_the_scorer_is_not_vacuous(bench):
    """A draft that found nothing must score zero, so passing above means something."""
    from assistant.drafting.schemas import MinutesDraft

    _, _, facts = bench.load_cases()[0]
    empty = MinutesDraft(title="协商会议纪要", disagreements=["无"])
    scores = bench.score_case(empty, facts)
    assert all(score.found == 0 for key, score in scores.items())
