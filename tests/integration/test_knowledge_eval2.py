"""The independent development set (bench/data/qa_eval2/dev.json) over an office's knowledge
base: the shipped policy plus the two development documents, one .txt of articles and one .docx
of numbered parts, ingested as an office would. Levels are those the bench measured, with a
small margin. The first held-out set (heldout.json over docs_heldout/) was reported once and is
now development data ("dev-v1"), and so is qa_eval3 ("dev-v3", over its own two documents);
their levels are guarded here too, below the issue's targets, which they do not reach. The fresh
held-out set (bench/data/qa_eval8, once written) is never read here: it is scored only by the bench."""

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.evaluation import evaluate, load_eval_set

ROOT = Path(__file__).resolve().parents[2]
EVAL2 = ROOT / "bench" / "data" / "qa_eval2"
EVAL3 = ROOT / "bench" / "data" / "qa_eval3"
EVAL4 = ROOT / "bench" / "data" / "qa_eval4"


def _evaluate(tmp_path_factory, folder: str, questions: str, at_least: tuple[int, int], base: Path = EVAL2):
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("eval2"), knowledge_dir=ROOT / "knowledge"))
    kb.ensure_built()
    report = kb.ingest([base / folder])
    assert report.ok and len(report.added) == 2
    data = load_eval_set(base / questions)
    assert len(data["questions"]) >= at_least[0] and len(data["out_of_scope"]) >= at_least[1]
    outcome = evaluate(kb, data)
    kb.close()
    return outcome


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return _evaluate(tmp_path_factory, "docs_dev", "dev.json", (30, 8))


@pytest.fixture(scope="module")
def result_v1(tmp_path_factory):
    return _evaluate(tmp_path_factory, "docs_heldout", "heldout.json", (77, 15))


@pytest.fixture(scope="module")
def result_v3(tmp_path_factory):
    return _evaluate(tmp_path_factory, "docs", "heldout.json", (71, 15), base=EVAL3)


@pytest.fixture(scope="module")
def result_v4(tmp_path_factory):
    """qa_eval4 (two writers, parts a/ and b/, three documents) over the shipped policy."""
    from bench.retrieval_bench import merged_parts, present_parts

    parts = present_parts(EVAL4)
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("eval4"), knowledge_dir=ROOT / "knowledge"))
    kb.ensure_built()
    report = kb.ingest([part / "docs" for part in parts])
    assert report.ok and len(report.added) == 3
    data = merged_parts(parts)
    assert len(data["questions"]) >= 70 and len(data["out_of_scope"]) >= 15
    outcome = evaluate(kb, data)
    kb.close()
    return outcome


def test_paraphrased_questions_find_the_clause_in_the_right_document(result):
    figures = result.figures()
    assert figures["hit@1"] >= 0.76, result.misses  # measured 0.80 (0.77 before BM25 score, bigrams, title context)
    assert figures["hit@3"] >= 0.78, result.misses  # measured 0.80


def test_answers_hold_the_key_facts(result):
    figures = result.figures()
    # Measured 0.60 with the stated-fact rules of the answer gate (0.57 before them, with the
    # agreed-clause threshold at 0.45; 0.63 at 0.40, which quoted a clause that does not answer
    # the question: tests/integration/test_office_documents.py).
    assert figures["answers_with_key_facts"] >= 0.58, result.misses
    assert figures["key_facts_incl_tentative"] >= 0.58, result.misses


def test_first_held_out_set_now_development_keeps_its_levels(result_v1):
    figures = result_v1.figures()
    assert figures["hit@1"] >= 0.70, result_v1.misses  # measured 0.74 (0.65 before the re-rank signals; first reported run: 0.55)
    assert figures["hit@3"] >= 0.82, result_v1.misses  # measured 0.86
    assert figures["answers_with_key_facts"] >= 0.45, result_v1.misses  # measured 0.48 (0.49 before the agreement gate)
    # Measured 13 of 15 declined (10 before the stated-fact rules); the target (all) is not reached.
    assert result_v1.declined >= 12, [m for m in result_v1.misses if m["want"] == "decline"]


def test_second_held_out_set_now_development_keeps_its_levels(result_v3):
    figures = result_v3.figures()
    assert figures["hit@1"] >= 0.78, result_v3.misses  # measured 0.82 (0.69 before the re-rank signals; first reported run: 0.65, six documents)
    assert figures["hit@3"] >= 0.83, result_v3.misses  # measured 0.87
    # measured 0.535 (0.577 before review findings 3 and 4: the dev-fitted cues 几个方面 and 占多少分→a share were dropped, and a count now needs a numeral with a measure word; precision first; 0.535 before the stated-fact rules and re-rank signals)
    assert figures["answers_with_key_facts"] >= 0.52, result_v3.misses
    # Measured 10 of 15 declined (11 before the re-rank signals put another near-topic clause among the
    # first three the gate reads; 10 before the agreement gate; first reported run, six documents: 7).
    assert result_v3.declined >= 10, [m for m in result_v3.misses if m["want"] == "decline"]


def test_out_of_scope_questions_are_declined_outright(result):
    assert result.declined == result.out_of_scope, [m for m in result.misses if m["want"] == "decline"]


def test_the_naive_peer_is_beaten_on_the_same_questions(result):
    from bench.naive_peer import NaivePeer

    peer = NaivePeer.from_folders([ROOT / "knowledge", EVAL2 / "docs_dev"]).evaluate(
        load_eval_set(EVAL2 / "dev.json"))
    figures = result.figures()
    assert figures["hit@1"] > peer["hit@1"] and figures["hit@3"] > peer["hit@3"]


def test_third_held_out_set_now_development_keeps_its_levels(result_v4):
    figures = result_v4.figures()
    assert figures["hit@1"] >= 0.63, result_v4.misses  # measured 0.67 (0.64 before the re-rank signals)
    assert figures["hit@3"] >= 0.76, result_v4.misses  # measured 0.795 (0.75 before)
    assert figures["answers_with_key_facts"] >= 0.52, result_v4.misses  # measured 0.548
    # Measured 15 of 16 declined with the stated-fact rules (10 before them); the target (all) is not reached.
    assert result_v4.declined >= 13, [m for m in result_v4.misses if m["want"] == "decline"]
