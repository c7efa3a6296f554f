"""The offline drafter against the development halves of bench/data/minutes_eval/: dev/, dev2/, dev3/
dev4/, dev5/, dev6/ and dev7/ (held-out halves, spent after their runs). Never the new held-out half heldout7/.

The gold facts were written by hand by another engineer, independently of the rules. The floors
below are the levels the rules actually reach on each development half, a little under the measured
figures so a regression fails CI; the issue's targets and the held-out figures are reported by
bench/minutes_bench.py --heldout, not asserted here (asserting on held-out data would turn it into
tuning data).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "minutes_bench.py"

# Floors (recall, precision) a little under what the rules reach on the 15 dev transcripts.
# Measured 2026-12-02 after the dev2 round: participants 1.00/1.00, actions 0.99/1.00,
# consensus 0.97/0.95, disagreements 1.00/1.00, dissenters 1.00/1.00
# (before it: actions 0.94/1.00, consensus 0.93/0.96, the rest the same).
DEV_FLOORS = {
    "participants": (1.0, 1.0),
    "actions": (0.95, 0.97),
    "consensus": (0.93, 0.92),
    "disagreements": (0.95, 0.95),
    "dissenters": (0.95, 0.95),
}
# The same for the 15 dev2 transcripts (the first held-out half). Measured 2026-12-02 after the
# dev2 round: participants 1.00/1.00, actions 1.00/1.00, consensus 0.98/0.97, disagreements
# 1.00/1.00, dissenters 1.00/1.00 (at its one held-out run: 0.98/0.95, 0.69/0.86, 0.67/0.91,
# 0.90/0.72, 0.94/0.70). Rules were tuned on it, so these say nothing about new transcripts.
DEV2_FLOORS = {
    "participants": (1.0, 1.0),
    "actions": (0.95, 0.97),
    "consensus": (0.93, 0.93),
    "disagreements": (0.95, 0.95),
    "dissenters": (0.95, 0.95),
}
# The 14 dev3 transcripts (the second held-out half). After the 2026-12-03 reading round (m7):
# participants 1.00/0.99, actions 0.94/0.97, consensus 0.90/0.96, disagreements 1.00/1.00,
# dissenters 1.00/1.00 (before it 1.00/0.99, 0.93/0.94, 0.83/0.85, 0.94/1.00, 0.92/1.00; at its one
# held-out run 0.91/0.94, 0.49/0.71, 0.71/0.71, 0.69/0.79, 0.62/0.73). Recorders named only on the
# 记录 line are not participants in its gold (aligned with dev/dev2 and FORMAT.md). Tuned on.
DEV3_FLOORS = {
    "participants": (1.0, 0.99),
    "actions": (0.90, 0.93),
    "consensus": (0.87, 0.93),
    "disagreements": (0.95, 0.95),
    "dissenters": (0.95, 0.95),
}
# The 14 dev4 transcripts (heldout3, spent after its runs of 2026-12-02). After the m7 round:
# participants 1.00/1.00, actions 1.00/0.94, consensus 0.96/1.00, disagreements 1.00/1.00,
# dissenters 1.00/1.00 (before it, the figure its held-out run gave: 0.97/0.92, 0.60/0.65,
# 0.58/0.60, 0.60/0.50, 0.80/0.67). Rules were tuned on it, so these say nothing about new records.
DEV4_FLOORS = {
    "participants": (1.0, 1.0),
    "actions": (0.95, 0.90),
    "consensus": (0.92, 0.95),
    "disagreements": (0.95, 0.95),
    "dissenters": (0.95, 0.95),
}
# dev5 (heldout4) and dev6 (heldout5), spent after their runs of 2026-12-03. Their held-out runs on the
# final code of that round gave dev5: 0.97/0.95, 0.59/0.71, 0.49/0.51, 0.76/0.72, 0.88/0.83; dev6:
# 1.00/0.99, 0.54/0.68, 0.65/0.66, 0.86/0.67, 0.86/0.67. The 2026-12-04 round then tuned on them
# (branches speakers, actions, consensus): dev5 1.00/1.00, 0.98/0.96, 0.88/0.92, 0.94/0.94, 1.00/1.00;
# dev6 1.00/1.00, 0.98/0.98, 0.90/0.81, 1.00/1.00, 1.00/1.00. The floors sit a little under those.
DEV5_FLOORS = {
    "participants": (1.0, 1.0),
    "actions": (0.94, 0.92),
    "consensus": (0.84, 0.88),
    "disagreements": (0.90, 0.90),
    "dissenters": (0.95, 0.95),
}
DEV6_FLOORS = {
    "participants": (1.0, 1.0),
    "actions": (0.94, 0.94),
    "consensus": (0.86, 0.77),
    "disagreements": (0.95, 0.95),
    "dissenters": (0.95, 0.95),
}
# Participants, after the speakers round (2026-12-04: attendee lists keep people only and go on over
# a wrapped line; forms of address resolved by title or the label's role, kept when ambiguous):
# dev3 1.00/0.99 (ka02's gold leaves out a recorder its 参加人员 line lists, ka03's keeps one),
# dev4 1.00/1.00, dev5 0.97/0.95 → 1.00/1.00, dev6 1.00/0.99 → 1.00/1.00.
# dev7 (heldout6), spent after its runs of 2026-12-04 and not tuned on yet: the floors sit a little
# under what its held-out run gave on the final code of that round (1.00/0.99, 0.61/0.81, 0.70/0.65,
# 0.76/0.81, 0.94/1.00), far below the targets; they guard against falling further.
DEV7_FLOORS = {
    "participants": (0.98, 0.97),
    "actions": (0.58, 0.78),
    "consensus": (0.66, 0.61),
    "disagreements": (0.70, 0.75),
    "dissenters": (0.88, 0.94),
}
FLOORS = {"dev": DEV_FLOORS, "dev2": DEV2_FLOORS, "dev3": DEV3_FLOORS, "dev4": DEV4_FLOORS,
          "dev5": DEV5_FLOORS, "dev6": DEV6_FLOORS, "dev7": DEV7_FLOORS}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("minutes_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("minutes_bench", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(bench):
    return {which: bench.run_set(which) for which in FLOORS}


@pytest.mark.parametrize("which", list(FLOORS))
def test_each_development_half_has_varied_layouts(bench, which):
    cases = bench.load_cases(which)
    assert len(cases) >= 6
    assert len({case.facts["layout"] for case in cases}) >= 5


@pytest.mark.parametrize("which,field", [(which, field) for which in FLOORS for field in FLOORS[which]])
def test_development_recall_and_precision_hold(results, which, field):
    score = results[which].totals[field]
    floor_recall, floor_precision = FLOORS[which][field]
    assert score.recall >= floor_recall, f"{which} {field} recall {score.recall:.2f}: missed {score.misses}"
    assert score.precision >= floor_precision, f"{which} {field} precision {score.precision:.2f}: invented {score.spurious}"


def test_the_scorer_is_not_vacuous(bench):
    """A draft that found nothing scores zero recall; one that invents an item loses precision."""
    from assistant.drafting.schemas import ActionItem, MinutesDraft, Participant

    facts = bench.load_cases("dev")[0].facts
    empty = MinutesDraft(title="协商会议纪要", disagreements=["无"])
    scores = bench.score_case(empty, facts)
    assert scores["participants"].found == scores["actions"].found == scores["consensus"].found == 0
    invented = MinutesDraft(
        title="协商会议纪要",
        participants=[Participant(name="不存在的人")],
        actions=[ActionItem(owner="某单位", task="与会议无关的任务")],
    )
    scores = bench.score_case(invented, facts)
    assert scores["participants"].precision == 0 and scores["actions"].precision == 0


def test_a_wrong_due_date_does_not_count(bench):
    from assistant.drafting.schemas import ActionItem, MinutesDraft

    gold = {"owner": "街道办", "task_keywords": ["宣传"], "due": "两周内", "due_date": "2026-12-02"}
    right = ActionItem(owner="街道办", task="做好宣传", due="两周内", due_date="2026-12-02")
    wrong = right.model_copy(update={"due_date": "2026-12-09"})
    assert bench.action_matches(gold, right)
    assert not bench.action_matches(gold, wrong)
    assert bench.score_case(MinutesDraft(title="t", actions=[right, right]), {
        "participants": [], "actions": [gold], "consensus": [], "disagreements": [],
    })["actions"].precision == 0.5  # a duplicate counts against precision


def test_the_new_held_out_half_is_never_a_development_set(bench):
    """heldout7/ is scored only with --heldout, never with its misses, and is skipped when absent."""
    assert "heldout7" not in bench.DEVELOPMENT_SETS and "heldout7" in bench.HELDOUT_SETS
    assert "heldout7" not in FLOORS


def test_heldout_run_says_so_when_the_folder_is_absent(bench, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(bench.SETS, "heldout7", tmp_path / "heldout7")
    monkeypatch.setattr(bench, "LONG_TRANSCRIPT_CHARS", 2_000)
    monkeypatch.setattr(bench, "time_long_transcript", lambda chars=2_000: (0, 0.0, bench.MinutesDraft(title="t")))
    assert bench.main(["--heldout", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "== heldout7: skipped" in out and "== dev2: 15 transcripts ==" in out
