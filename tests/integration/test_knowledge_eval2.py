"""The independent development set (bench/data/qa_eval2/dev.json) over an office's knowledge
base: the shipped policy plus the two development documents, one .txt of articles and one .docx
of numbered parts, ingested as an office would. Levels are those the bench measured, with a
small margin; the held-out half is never read here (it is scored only by the bench)."""

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.evaluation import evaluate, load_eval_set

ROOT = Path(__file__).resolve().parents[2]
EVAL2 = ROOT / "bench" / "data" / "qa_eval2"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("eval2"), knowledge_dir=ROOT / "knowledge"))
    kb.ensure_built()
    report = kb.ingest([EVAL2 / "docs_dev"])
    assert report.ok and len(report.added) == 2
    data = load_eval_set(EVAL2 / "dev.json")
    assert len(data["questions"]) >= 30 and len(data["out_of_scope"]) >= 8
    outcome = evaluate(kb, data)
    kb.close()
    return outcome


def test_paraphrased_questions_find_the_clause_in_the_right_document(result):
    figures = result.figures()
    assert figures["hit@1"] >= 0.70, result.misses
    assert figures["hit@3"] >= 0.75, result.misses


def test_answers_hold_the_key_facts(result):
    figures = result.figures()
    assert figures["answers_with_key_facts"] >= 0.50, result.misses
    assert figures["key_facts_incl_tentative"] >= 0.55, result.misses


def test_out_of_scope_questions_are_declined_outright(result):
    assert result.declined == result.out_of_scope, [m for m in result.misses if m["want"] == "decline"]


def test_the_naive_peer_is_beaten_on_the_same_questions(result):
    from bench.naive_peer import NaivePeer

    peer = NaivePeer.from_folders([ROOT / "knowledge", EVAL2 / "docs_dev"]).evaluate(
        load_eval_set(EVAL2 / "dev.json"))
    figures = result.figures()
    assert figures["hit@1"] > peer["hit@1"] and figures["hit@3"] > peer["hit@3"]
