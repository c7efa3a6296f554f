"""Offline minutes drafter: per-field recall AND precision against hand-made facts, and speed.

    .venv/bin/python bench/minutes_bench.py              # dev + dev2 + dev3 + dev4 + legacy, with misses
    .venv/bin/python bench/minutes_bench.py --heldout    # adds the new held-out half (figures only)

The sets, always reported separately:

    dev       bench/data/minutes_eval/dev/       independent transcripts; rules may be tuned on these
    dev2      bench/data/minutes_eval/dev2/      the first held-out half (folder heldout/ until it was
                                                 run once, see below); spent, now tuned on like dev
    dev3      bench/data/minutes_eval/dev3/      the second held-out half (ka*/kb*; folder heldout2/ until
                                                 it was run once, see below); spent, now tuned on like dev
    dev4      bench/data/minutes_eval/dev4/      the third held-out half (ma*/mb*; heldout3 until it was
                                                 run, see below); spent, now tuned on like dev
    dev5      bench/data/minutes_eval/dev5/      the fourth held-out half (na01, nb01, nc*, nd*; heldout4
                                                 until it was run, see below); spent, now tuned on like dev
    dev6      bench/data/minutes_eval/dev6/      the fifth held-out half (na02–07, nb02–07; heldout5 until
                                                 it was run, see below); spent, now tuned on like dev
    dev7      bench/data/minutes_eval/dev7/      the sixth held-out half (pa*, pq*, pr*; heldout6 until it
                                                 was run, see below); spent, now tuned on like dev
    heldout7  bench/data/minutes_eval/heldout7/  the next held-out half, to be written by someone else:
                                                 only with --heldout, only its totals are printed, never
                                                 its misses, so nobody tunes on them by accident; a clear
                                                 note when the folder is not there
    legacy    bench/data/transcripts/            the first nine transcripts, written together with
                                                 the rules (they flatter the drafter)

Each case is NAME.txt or NAME.docx plus NAME.json (format: bench/data/minutes_eval/FORMAT.md).
Fields and how an item counts:

    participants   a gold name is found when a draft participant has exactly that name;
                   a draft participant is correct when its name is a gold name
    actions        one-to-one: a draft action matches a gold action when the owner agrees (one
                   contains the other: "城管局" ~ "区城管局"), every task keyword occurs in the task,
                   the time limit is the one said (none said = 待定) and the resolved date is the
                   gold due_date (empty when the gold has none). A duplicate counts against precision.
    consensus      a gold point is found when one item contains all its keywords; an item is
                   correct when it contains all keywords of some gold point
    disagreements  an entry matches when it is attributed to the gold holder (the name before its
                   colon) and contains all keywords; a meeting without dissent must say "无"
    dissenters     the people the explanation letters go to (outcome_offline.dissenters), as a set

Targets (issue 12, on a held-out half): participants 1.0; actions recall and precision >= 0.9;
consensus >= 0.9; disagreements >= 0.9; a 50,000-character transcript drafted in under 1 s.
tests/unit/test_minutes_bench_targets.py asserts the development sets only, at the levels reached.

History. The first (and only) run of the first held-out half, 2026-12-02 05:34 UTC, after the last
rule change, recall / precision, dev 15 → held-out 15:
participants 1.00/1.00 → 0.98/0.95; actions 0.94/1.00 → 0.69/0.86; consensus 0.93/0.96 → 0.67/0.91;
disagreements 1.00/1.00 → 0.90/0.72; dissenters 1.00/1.00 → 0.94/0.70.
That half was below target on actions, consensus and dissent precision; no rule was changed before
it was reported. It was then declared spent and became dev2 (rules have been tuned on it since), and
heldout2 took its place as the figure to report.

The first (and only) run of heldout2 (14 records), 2026-12-02 10:01 UTC, the code of commit 8bbf842, after the
last rule change, recall / precision, dev 15 → heldout2 14: participants 1.00/1.00 → 0.91/0.94;
actions 0.99/1.00 → 0.49/0.71; consensus 0.97/0.95 → 0.71/0.71; disagreements 1.00/1.00 →
0.69/0.79; dissenters 1.00/1.00 → 0.62/0.73 (one third-person numbered record was refused: no
speaker recognised). The second round's rules, tuned on dev + dev2, did not carry over. heldout2 was
then declared spent and became dev3; heldout3 (written afresh, before any rule change) took its place.

heldout3 (14 records) was run twice, totals only: with the code before the third round (commit
87ecd6b): participants 0.86/0.84, actions 0.53/0.63, consensus 0.58/0.55, disagreements 0.60/0.53,
dissenters 0.73/0.65 (one third-person record refused); and once after the merged rule changes (commit
33bb268; the review fixes of 9ef6eb5 left every figure the same, the figure to report): participants 0.97/0.92, actions 0.60/0.65, consensus 0.58/0.60,
disagreements 0.60/0.50, dissenters 0.80/0.67 (dev3 with the same code: 1.00/0.99, 0.94/0.94,
0.83/0.85, 0.94/1.00, 0.92/1.00). Far below target; heldout3 was then declared spent and became dev4;
heldout4 (written afresh, before any rule change) took its place.

The sixth round (branch m7, 2026-12-03) tuned on dev4's misses with reading rules (header and list
forms, numbered and narrated turns, speaker ids that say their name, where the summary and its task
list begin and end, clause boundaries in speech-recognition lines, deadlines counted from an event):
dev4 0.97/0.92, 0.60/0.65, 0.58/0.60, 0.60/0.50, 0.80/0.67 → 1.00/1.00, 1.00/0.94, 0.96/1.00,
1.00/1.00, 1.00/1.00; dev3 → 1.00/0.99, 0.94/0.97, 0.90/0.96, 1.00/1.00, 1.00/1.00; dev, dev2 and
legacy unchanged. heldout4 was not run on the branch.

heldout4 (12 records, four writers) was run with the code before that round (commit 4f557e6):
participants 0.97/0.94, actions 0.55/0.64, consensus 0.51/0.45, disagreements 0.76/0.72, dissenters
0.88/0.83; after the merge (5cb77c5) and again after the review fixes (9fa6e2c, the figure to report),
both the same: 0.97/0.95, 0.59/0.71, 0.49/0.51, 0.76/0.72, 0.88/0.83. heldout5 (12 more records of
two of those writers, committed only after the round's changes) on 4f557e6: 1.00/0.99, 0.52/0.66,
0.65/0.63, 0.86/0.67, 0.86/0.67; on 9fa6e2c: 1.00/0.99, 0.54/0.68, 0.65/0.66, 0.86/0.67, 0.86/0.67.
For the fourth time the dev-tuned rules did not carry over. Both were then declared spent and became
dev5 and dev6; heldout6 is to be written afresh before the next round's changes.

The consensus/dissent round (branch consensus, 2026-12-04) tuned on dev5 and dev6 with reading rules
(a closing list of points without a cue is the summary; a spoken summary line split into its points
and its task part; who the host names as objecting read clause by clause; withdrawn and reported
worries; third-person turns "某某也表示/再次表示"). Consensus, disagreements, dissenters, recall /
precision: dev5 0.49/0.51, 0.76/0.72, 0.88/0.83 -> 0.88/0.92, 0.94/0.94, 1.00/1.00; dev6 0.65/0.66,
0.86/0.67, 0.86/0.67 -> 0.90/0.81, 1.00/1.00, 1.00/1.00; dev..dev4 and legacy unchanged or better
(dev consensus precision 55/58 -> 56/59 correct items, dev3 44/46 -> 46/48). These are development
figures: heldout6 says what carries over.

heldout6 (15 records, three writers, all nine layouts, written before any change of that round) was run
twice, totals only: with the code before the round (commit aa4e3d9): participants 0.97/0.94, actions
0.56/0.80, consensus 0.59/0.59, disagreements 0.82/0.74, dissenters 0.94/0.84; after the merged
speakers, actions and consensus rounds and again after the review fixes (the figure to report, both
the same): 1.00/0.99, 0.61/0.81, 0.70/0.65, 0.76/0.81, 0.94/1.00 (dev5 with the same code: 1.00/1.00,
0.98/0.96, 0.88/0.92, 0.94/0.94, 1.00/1.00; dev6 1.00/1.00, 0.98/0.98, 0.90/0.81, 1.00/1.00,
1.00/1.00). Participants and the letters' addressees carried over; actions and consensus, tuned from
about 0.55 to about 0.9 on dev5/dev6, gained only 0.05-0.1 on the new records - the fifth time. heldout6
was then declared spent and became dev7; heldout7 is to be written afresh before the next round's changes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.drafting.minutes import draft_minutes  # noqa: E402
from assistant.drafting.minutes.reading import TranscriptError  # noqa: E402
from assistant.drafting.outcome_offline import dissenters  # noqa: E402
from assistant.drafting.schemas import DUE_UNSPECIFIED, MinutesDraft  # noqa: E402
from assistant.readers import read_document  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETS = {
    "dev": DATA / "minutes_eval" / "dev",
    "dev2": DATA / "minutes_eval" / "dev2",
    "dev3": DATA / "minutes_eval" / "dev3",
    "dev4": DATA / "minutes_eval" / "dev4",
    "dev5": DATA / "minutes_eval" / "dev5",
    "dev6": DATA / "minutes_eval" / "dev6",
    "dev7": DATA / "minutes_eval" / "dev7",
    "heldout7": DATA / "minutes_eval" / "heldout7",
    "legacy": DATA / "transcripts",
}
FIELDS = ("participants", "actions", "consensus", "disagreements", "dissenters")
TARGETS = {"participants": 1.0, "actions": 0.9, "consensus": 0.9, "disagreements": 0.9, "dissenters": 0.9}
HELDOUT_SETS = ("heldout7",)  # figures only, never misses, only with --heldout
DEVELOPMENT_SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "legacy")
LONG_TRANSCRIPT_CHARS = 50_000
LONG_TRANSCRIPT_SECONDS = 1.0


@dataclass
class Score:
    """Recall over gold items, precision over drafted items, with what was missed / invented."""

    gold: int = 0
    found: int = 0
    drafted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: Score, prefix: str = "") -> None:
        self.gold += other.gold
        self.found += other.found
        self.drafted += other.drafted
        self.correct += other.correct
        self.misses += [prefix + m for m in other.misses]
        self.spurious += [prefix + s for s in other.spurious]

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.drafted if self.drafted else 1.0


@dataclass
class Case:
    name: str
    text: str
    facts: dict


def is_present(which: str) -> bool:
    """Whether a set's folder exists and holds at least one case (the new held-out half may not yet)."""
    folder = SETS[which]
    return folder.is_dir() and any(folder.glob("*.json"))


def load_cases(which: str) -> list[Case]:
    folder = SETS[which]
    cases = []
    for facts_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        for suffix in (".txt", ".docx"):
            source = facts_path.with_suffix(suffix)
            if source.exists():
                text = read_document(source.name, source.read_bytes())
                cases.append(Case(facts_path.stem, text, _normalise(json.loads(facts_path.read_text("utf-8")))))
                break
    return cases


def _normalise(facts: dict) -> dict:
    """The legacy set wrote `speaker` for the holder and 待定 for "no time limit said"."""
    for item in facts.get("disagreements", []):
        item.setdefault("holder", item.get("speaker"))
    for action in facts.get("actions", []):
        if action.get("due") == DUE_UNSPECIFIED:
            action["due"] = None
    return facts


def _same_owner(gold: str, drafted: str) -> bool:
    return bool(drafted) and (gold in drafted or drafted in gold)


def _due_key(due: str | None) -> str:
    due = (due or "").strip()
    due = due.removeprefix("在").removeprefix("于")
    return "" if due in ("", DUE_UNSPECIFIED) else due


def action_matches(gold: dict, action) -> bool:
    if not _same_owner(gold["owner"], action.owner):
        return False
    if not all(word in action.task for word in gold["task_keywords"]):
        return False
    said, drafted = _due_key(gold.get("due")), _due_key(action.due)
    if said != drafted and not (said and drafted and (said in drafted or drafted in said)):
        return False
    if "due_date" in gold:
        return (gold["due_date"] or "") == (action.due_date or "")
    return True


def holder_of(entry: str) -> str:
    head, colon, _ = entry.partition("：")
    return head if colon else ""


def score_case(draft: MinutesDraft, facts: dict) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}

    names = [p.name for p in draft.participants]
    gold_names = set(facts["participants"])
    score = scores["participants"]
    score.gold, score.drafted = len(gold_names), len(names)
    score.found = len(gold_names & set(names))
    score.correct = sum(name in gold_names for name in names)
    score.misses = sorted(gold_names - set(names))
    score.spurious = [name for name in names if name not in gold_names]

    score = scores["actions"]
    unmatched = list(facts["actions"])
    score.gold, score.drafted = len(unmatched), len(draft.actions)
    for action in draft.actions:
        hit = next((gold for gold in unmatched if action_matches(gold, action)), None)
        if hit is not None:
            unmatched.remove(hit)
            score.correct += 1
        else:
            score.spurious.append(f"{action.owner}｜{action.task}｜{action.due}｜{action.due_date or '-'}")
    score.found = score.gold - len(unmatched)
    score.misses = [f"{a['owner']}/{a.get('due')}/{a.get('due_date', '')}/{'+'.join(a['task_keywords'])}" for a in unmatched]

    score = scores["consensus"]
    gold_points = facts["consensus"]
    score.gold, score.drafted = len(gold_points), len(draft.consensus)
    for keywords in gold_points:
        if any(all(word in item for word in keywords) for item in draft.consensus):
            score.found += 1
        else:
            score.misses.append("+".join(keywords))
    for item in draft.consensus:
        if any(all(word in item for word in keywords) for keywords in gold_points):
            score.correct += 1
        else:
            score.spurious.append(item)

    score = scores["disagreements"]
    gold_dissent = facts["disagreements"]
    entries = draft.disagreements if draft.has_disagreements else []

    def entry_matches(gold: dict, entry: str) -> bool:
        return gold["holder"] in holder_of(entry) and all(word in entry for word in gold["keywords"])

    if gold_dissent:
        score.gold, score.drafted = len(gold_dissent), len(entries)
        for gold in gold_dissent:
            if any(entry_matches(gold, entry) for entry in entries):
                score.found += 1
            else:
                score.misses.append(f"{gold['holder']}:{'+'.join(gold['keywords'])}")
        for entry in entries:
            if any(entry_matches(gold, entry) for gold in gold_dissent):
                score.correct += 1
            else:
                score.spurious.append(entry)
    else:
        # A meeting without dissent must say so rather than invent some: one gold item "无".
        score.gold, score.drafted = 1, max(1, len(entries))
        score.found = score.correct = int(not entries)
        if entries:
            score.misses.append("应为“无”")
            score.spurious += entries

    score = scores["dissenters"]
    if "dissenters" in facts:
        gold_people = set(facts["dissenters"])
        letters = [d.name for d in dissenters(draft)]
        score.gold, score.drafted = len(gold_people), len(letters)
        score.found = len(gold_people & set(letters))
        score.correct = sum(name in gold_people for name in letters)
        score.misses = sorted(gold_people - set(letters))
        score.spurious = [name for name in letters if name not in gold_people]
    return scores


@dataclass
class SetResult:
    name: str
    totals: dict[str, Score]
    per_case: list[tuple[str, dict[str, Score], float]]


def run_set(which: str) -> SetResult:
    totals = {name: Score() for name in FIELDS}
    per_case = []
    unread: list[str] = []
    for case in load_cases(which):
        started = time.perf_counter()
        try:
            draft = draft_minutes(case.text)
        except TranscriptError:
            # The drafter refused the record (no speaker recognised): a user gets no draft at
            # all, so every gold fact counts as missed, as it would for an empty draft.
            draft = MinutesDraft(title="", disagreements=[])
            unread.append(case.name)
        elapsed = time.perf_counter() - started
        scores = score_case(draft, case.facts)
        for key, score in scores.items():
            totals[key].add(score, prefix=f"{case.name}: ")
        per_case.append((case.name, scores, elapsed))
    if unread:
        print(f"  ({which}: {len(unread)} record(s) refused by the drafter, scored as empty drafts: {', '.join(unread)})")
    return SetResult(which, totals, per_case)


def build_long_transcript(chars: int = LONG_TRANSCRIPT_CHARS) -> str:
    """The dev, dev2, dev3 and legacy transcripts one after another, each round varied, up to `chars`."""
    texts = [case.text for which in ("dev", "dev2", "dev3", "legacy") for case in load_cases(which)]
    parts: list[str] = []
    round_no = 0
    while sum(len(part) for part in parts) < chars:
        round_no += 1
        parts += [text.replace("今天", f"第{round_no}轮讨论中，今天") for text in texts]
    return "\n\n".join(parts)[:chars]


def time_long_transcript(chars: int = LONG_TRANSCRIPT_CHARS) -> tuple[int, float, MinutesDraft]:
    text = build_long_transcript(chars)
    started = time.perf_counter()
    draft = draft_minutes(text)
    return len(text), time.perf_counter() - started, draft


def _cell(score: Score) -> str:
    return f"{score.found}/{score.gold} {score.correct}/{score.drafted}"


def report(result: SetResult, show_cases: bool) -> None:
    print(f"\n== {result.name}: {len(result.per_case)} transcripts ==")
    if show_cases:
        print(f"{'transcript':30} " + " ".join(f"{key[:12]:>13}" for key in FIELDS) + f" {'ms':>6}")
        for name, scores, elapsed in result.per_case:
            print(f"{name[:30]:30} " + " ".join(f"{_cell(scores[k]):>13}" for k in FIELDS) + f" {elapsed * 1000:6.1f}")
    for key, score in result.totals.items():
        print(
            f"  {key:14} recall {score.recall:4.2f} ({score.found}/{score.gold})   "
            f"precision {score.precision:4.2f} ({score.correct}/{score.drafted})   target ≥ {TARGETS[key]:.2f}"
        )
    if show_cases:
        for key, score in result.totals.items():
            for miss in score.misses:
                print(f"    miss     [{key}] {miss}")
            for extra in score.spurious:
                print(f"    spurious [{key}] {extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--heldout", action="store_true", help="also score the new held-out half heldout7/ (totals only)"
    )
    parser.add_argument("--quiet", action="store_true", help="totals only, no per-case table or misses")
    args = parser.parse_args(argv)
    print("协商会议纪要离线起草 基准测试 / offline minutes bench  (cells: found/gold correct/drafted)")
    for which in DEVELOPMENT_SETS:
        report(run_set(which), show_cases=not args.quiet)
    if args.heldout:
        for which in HELDOUT_SETS:
            if not is_present(which):
                where = SETS[which].relative_to(REPO) if SETS[which].is_relative_to(REPO) else SETS[which]
                print(f"\n== {which}: skipped, {where}/ is not there (or holds no case) ==")
                continue
            report(run_set(which), show_cases=False)
    chars, seconds, draft = time_long_transcript()
    print(
        f"\nspeed: {chars} chars drafted in {seconds:.2f} s (target < {LONG_TRANSCRIPT_SECONDS:.0f} s) "
        f"{'OK' if seconds < LONG_TRANSCRIPT_SECONDS else 'TOO SLOW'}; {len(draft.participants)} participants, "
        f"{len(draft.actions)} actions"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
