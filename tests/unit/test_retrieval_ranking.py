"""Re-ranking signals of searching.py, on invented values and documents."""

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.analyzer import bigram_share as _bigram_share
from assistant.retrieval.question_types import asks_about_purpose, is_purpose_clause
from assistant.retrieval.ranking import FEATURES, shipped_weights
from assistant.retrieval.searching import _relative

FUNDS = """青松镇议事经费使用管理细则

第一条 为规范青松镇议事经费的使用，制定本细则。
第二条 议事经费由镇财政所统一管理，专款专用。
第三条 活动结束后，承办村应当在10个工作日内提交报销材料，由镇财政所审核。
第四条 本细则自印发之日起施行。
"""

ROOM = """红叶街道协商议事室管理制度

第一条 为规范红叶街道协商议事室的管理，制定本制度。
第二条 议事室由街道党工委统一管理，对群众开放。
第三条 活动结束后，使用单位应当在3个工作日内提交活动记录，由街道党政办公室归档。
第四条 本制度自印发之日起施行。
"""


def test_relative_scores_run_from_the_last_to_the_best():
    assert _relative([("a", 9.0), ("b", 5.0), ("c", 1.0)]) == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert _relative([("a", 2.0), ("b", 2.0)]) == {"a": 1.0, "b": 1.0}  # a tie is no gap
    assert _relative([]) == {}


def test_bigram_share_counts_the_question_bigrams_a_text_holds():
    grams = {"议事", "事室", "开放"}
    assert _bigram_share(grams, "协商议事室每天开放") == pytest.approx(1.0)
    assert _bigram_share(grams, "议事会") == pytest.approx(1 / 3)
    assert _bigram_share(set(), "任何文字") == 0.0


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "qingsong-funds.txt").write_text(FUNDS, encoding="utf-8")
    (folder / "hongye-room.txt").write_text(ROOM, encoding="utf-8")
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=folder,
                                embedding_provider="hash"))
    kb.ensure_built()
    yield kb
    kb.close()


QUESTIONS = {
    "qingsong-funds.txt": "青松镇那个经费细则里，活动完了几天内要交材料？",
    "hongye-room.txt": "红叶街道那个制度里，活动完了几天内要交材料？",
}


def _third_articles(kb, question):
    """The documents of the two third articles, in ranked order."""
    return [h.metadata["file_name"] for h in kb.search(question, k=6, kind="policy") if h.section == "第三条"]


def test_a_document_named_loosely_ranks_its_own_clause_above_the_same_clause_elsewhere(kb):
    # Both third articles say "活动结束后…个工作日内提交…"; only the titles say which document
    # the member means ("青松镇…经费细则", "红叶街道…制度").
    for document, question in QUESTIONS.items():
        assert _third_articles(kb, question)[0] == document, question


def _without(*features):
    weights = shipped_weights().copy()
    for name in features:
        weights[FEATURES.index(name)] = 0.0
    return weights


NAMING = ("place_own", "level_match", "kind_match")


def test_without_the_document_context_one_of_them_goes_to_the_other_document(kb, monkeypatch):
    monkeypatch.setattr(kb, "ranking_weights", _without("title", *NAMING))
    assert any(_third_articles(kb, q)[0] != d for d, q in QUESTIONS.items())


def test_the_place_and_kind_named_find_the_document_without_the_title_words(kb, monkeypatch):
    # "青松镇那个经费细则": the place 青松 and the kind 细则 are this document's, not the other's.
    monkeypatch.setattr(kb, "ranking_weights", _without("title"))
    for document, question in QUESTIONS.items():
        assert _third_articles(kb, question)[0] == document, question


@pytest.mark.parametrize("text", [
    "第一条为推动委员常态化联系群众，根据有关规定，结合本县实际，制定本办法。",
    "为规范议事室的使用和管理，特制定本制度。",
])
def test_a_purpose_clause_is_recognised(text):
    assert is_purpose_clause(text)


@pytest.mark.parametrize("text", [
    "第三条 委员应当在活动结束后5个工作日内提交材料。",
    "为方便群众，议事室周末开放。",  # "为" without "制定本…"
])
def test_a_rule_is_not_a_purpose_clause(text):
    assert not is_purpose_clause(text)


def test_only_a_question_about_purpose_or_basis_wants_the_purpose_clause():
    assert asks_about_purpose("这个办法是根据什么定的？") and asks_about_purpose("出台这个制度的目的是啥")
    assert not asks_about_purpose("委员在平台建设里是个什么定位")


def test_the_purpose_clause_does_not_win_a_question_that_names_the_document(kb):
    # "第一条 为规范青松镇议事经费的使用，制定本细则" shares "青松镇…经费…细则" with the question.
    hits = kb.search(QUESTIONS["qingsong-funds.txt"], k=2, kind="policy")
    assert hits[0].section == "第三条"
