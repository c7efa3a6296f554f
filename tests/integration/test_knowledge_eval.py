"""The evaluation set against the real shipped document: fails if retrieval or answering breaks."""

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.evaluation import evaluate, load_eval_set

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("eval-data"), knowledge_dir=ROOT / "knowledge")
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    data = load_eval_set(ROOT / "bench" / "data" / "qa_eval.json")
    assert len(data["questions"]) >= 30 and len(data["out_of_scope"]) >= 6
    return evaluate(kb, data)


def test_members_questions_find_the_right_clause(result):
    figures = result.figures()
    assert figures["hit@3"] >= 0.98, result.misses
    assert figures["hit@1"] >= 0.90, result.misses


def test_answers_contain_the_key_facts(result):
    assert result.figures()["answers_with_key_facts"] >= 0.90, result.misses


def test_every_out_of_scope_question_is_declined(result):
    assert result.declined == result.out_of_scope, [m for m in result.misses if m["want"] == "decline"]
