"""English questions over the shipped policy, offline, with the real CC-CEDICT dictionary."""

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.evaluation import load_eval_set

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    knowledge = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("english"), knowledge_dir=ROOT / "knowledge"))
    knowledge.ensure_built()
    return knowledge


def test_an_english_question_is_answered_in_chinese_from_the_clause(kb):
    answer = kb.ask("Is the platform included in the annual performance assessment of counties?")
    assert answer.grounded
    assert answer.citations[0].section.startswith("四、（四）")
    first, rest = answer.answer.split("\n", 1)
    assert first.startswith("（您的问题为英文，已按中文检索词“") and "考核" in first
    assert rest.startswith("根据《") and "目标绩效考核" in rest
    hits = kb.search("Is the platform included in the annual performance assessment of counties?", k=3,
                     kind="policy")
    assert hits[0].section.startswith("四、（四）")


@pytest.mark.parametrize("question", [
    "How do I apply for a passport?",
    "What will the weather be like in Chengdu tomorrow?",
    "Which stocks should I buy this year?",
    # "retirement" has no reading that the documents use; the rest ("members") alone must not be
    # answered from a clause that happens to say 新时代 for "age".
    "What is the retirement age of CPPCC members?",
])
def test_an_english_question_outside_the_documents_is_declined(kb, question):
    answer = kb.ask(question)
    assert not answer.grounded and not answer.citations
    assert answer.answer.startswith("（您的问题为英文")


def test_chinese_questions_are_untouched_by_the_english_reading(kb, monkeypatch):
    data = load_eval_set(ROOT / "bench" / "data" / "qa_eval.json")
    questions = [item["q"] for item in data["questions"]] + list(data["out_of_scope"])
    before = [kb.ask(q) for q in questions]
    monkeypatch.setattr(type(kb), "_english_reading", lambda self, question: None)
    after = [kb.ask(q) for q in questions]
    assert [(a.answer, a.grounded, a.citations) for a in before] == [(a.answer, a.grounded, a.citations) for a in after]
