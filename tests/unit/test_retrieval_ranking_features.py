"""The ranking's document-naming and in-force features, and the fitted weights file, on
invented questions and documents (parking, markets, waste: not the evaluation topics)."""

import json

import numpy as np
import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.models import Chunk
from assistant.retrieval.ranking import (
    FEATURES,
    WEIGHTS_FILE,
    Naming,
    asks_in_force,
    document_signs,
    question_kinds,
    question_levels,
    shipped_weights,
    states_in_force,
)
from bench.fit_ranking import Batch, Query, figures, ranks_of_gold


def _chunk(title: str, issuer: str) -> Chunk:
    return Chunk("x", "第三条 …", "第三条", [], {"title": title, "issuer": issuer})


def test_a_documents_signs_come_from_its_title_and_issuers():
    signs = document_signs(_chunk("柳河镇农贸市场管理细则", "中共平川县柳河镇委员会、平川县柳河镇人民政府"))
    assert signs.level == 2  # a town's
    assert signs.own_places == {"柳河"}
    assert {"平川", "柳河"} <= signs.places
    assert signs.kind == "细则"
    city = document_signs(_chunk("关于加强停车管理的实施意见", "平川市人民政府办公室"))
    assert (city.level, city.own_places, city.kind) == (0, {"平川"}, "意见")


@pytest.mark.parametrize("question, levels", [
    ("区里那份垃圾分类的办法怎么说？", {1}),
    ("市里的文件对停车收费有啥规定", {0}),
    ("镇上让商户交卫生费那个通知，几号截止？", {2}),
    ("县政协一年开几次会？", set()),  # a level that only says who acts names no document
    ("社区里那个通知是谁发的", set()),  # 社区 is no district
    ("城市里的停车位够不够", set()),
])
def test_a_level_counts_when_the_question_names_that_sides_document(question, levels):
    assert question_levels(question) == levels


@pytest.mark.parametrize("question, kinds", [
    ("那份意见里说的补贴标准是多少", {"意见"}),
    ("停车管理办法几号起施行", {"办法"}),
    ("那个通知是谁发的", {"通知"}),
    ("群众意见多久答复？", set()),  # everyday words, no document
    ("市场门口的意见箱多久打开一次", set()),
    ("会议通知提前几天发", set()),
])
def test_a_kind_of_document_counts_only_when_named_as_the_document(question, kinds):
    assert question_kinds(question) == kinds


def test_naming_features_say_which_document_the_question_means():
    town = document_signs(_chunk("柳河镇农贸市场管理细则", "柳河镇人民政府"))
    city = document_signs(_chunk("关于加强停车管理的实施意见", "平川市人民政府办公室"))
    naming = Naming.of("柳河那个细则里，摊位费怎么交？", {"柳河", "平川"})
    assert naming.features(town) == {"place_own": 1.0, "level_match": 0.0, "kind_match": 1.0}
    assert naming.features(city) == {"place_own": 0.0, "level_match": 0.0, "kind_match": 0.0}
    assert Naming.of("市里那份意见里说了啥", set()).features(city)["level_match"] == 1.0


@pytest.mark.parametrize("question", [
    "这个停车办法从哪天开始执行？",
    "原来那个收费规定还管用吗",
    "新细则几号起施行",
    "Which earlier rule does it repeal?",
])
def test_questions_about_when_a_document_applies(question):
    assert asks_in_force(question)


@pytest.mark.parametrize("question", ["到场多少人才算数？", "摊位费什么时候交", "执行中遇到问题找谁"])
def test_other_questions_are_not_about_when_a_document_applies(question):
    assert not asks_in_force(question)


def test_a_clause_saying_when_a_document_applies():
    assert states_in_force("第二十条 本细则自2025年1月1日起施行，原《摊位管理暂行办法》同时废止。")
    assert not states_in_force("第三条 摊位费按月缴纳。")


def test_the_shipped_weights_name_only_known_features():
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) <= set(FEATURES)
    assert shipped_weights().shape == (len(FEATURES),)


def test_the_fit_scores_the_gold_rank_as_a_stable_sort_would():
    one = np.zeros((3, len(FEATURES)))
    one[:, 0] = [1.0, 2.0, 2.0]  # the gold clause (index 2) ties with index 1, which comes first
    two = np.zeros((2, len(FEATURES)))
    two[:, 0] = [3.0, 1.0]
    batch = Batch([Query(one, np.array([False, False, True])), Query(two, np.array([True, False])),
                   Query(two, np.array([False, False]))])
    w = np.zeros(len(FEATURES))
    w[0] = 1.0
    assert ranks_of_gold(batch, w).tolist() == [2, 1, 0]
    assert figures(batch, w) == pytest.approx({"hit@1": 1 / 3, "hit@3": 2 / 3, "mrr": (0.5 + 1.0) / 3})


PARKING_CITY = """关于加强社区停车管理的实施意见

平川市人民政府办公室
2025年3月1日

一、收费标准
车辆在社区公共泊位停放超过2小时的，每小时收费5元。

二、施行日期
本意见自2025年4月1日起施行，原《社区停车收费暂行规定》同时废止。
"""

PARKING_TOWN = """柳河镇社区停车管理细则

柳河镇人民政府
2025年5月1日

一、收费标准
车辆在社区公共泊位停放超过2小时的，每小时收费3元。

二、泊位划定
社区公共泊位由镇综合执法办划定，每年调整一次。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "city-parking.txt").write_text(PARKING_CITY, encoding="utf-8")
    (folder / "town-parking.txt").write_text(PARKING_TOWN, encoding="utf-8")
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=folder,
                                embedding_provider="hash"))
    kb.ensure_built()
    yield kb
    kb.close()


def _first(kb, question):
    hit = kb.search(question, k=1, kind="policy")[0]
    return hit.metadata["file_name"], hit.section


def _feature_by_document(kb, question, feature):
    candidates, features = kb._ranking_features(kb._plan(question))
    column = FEATURES.index(feature)
    return {(c.chunk.metadata["file_name"], c.chunk.section): features[i, column] for i, c in enumerate(candidates)}


def test_the_level_named_marks_that_levels_clauses(kb):
    city = _feature_by_document(kb, "市里那份文件里，停车超过两小时每小时收多少钱？", "level_match")
    town = _feature_by_document(kb, "镇上那个文件里，停车超过两小时每小时收多少钱？", "level_match")
    assert city[("city-parking.txt", "一、收费标准")] == 1.0 and city[("town-parking.txt", "一、收费标准")] == 0.0
    assert town[("town-parking.txt", "一、收费标准")] == 1.0 and town[("city-parking.txt", "一、收费标准")] == 0.0
    assert _first(kb, "镇上那个文件里，停车超过两小时每小时收多少钱？")[0] == "town-parking.txt"


@pytest.mark.parametrize("question", ["以前那个收费规定还管用不？", "区里发的那份东西从哪天开始算数？"])
def test_a_question_on_when_it_applies_finds_the_in_force_clause(kb, monkeypatch, question):
    assert _first(kb, question) == ("city-parking.txt", "二、施行日期")
    # Without the in_force feature the fee clause or the particulars come first.
    weights = shipped_weights().copy()
    weights[FEATURES.index("in_force")] = 0.0
    monkeypatch.setattr(kb, "ranking_weights", weights)
    assert _first(kb, question) != ("city-parking.txt", "二、施行日期")


def test_a_question_about_the_document_itself_marks_its_particulars(kb):
    asked = _feature_by_document(kb, "停车那份意见是谁发的，哪天发的？", "particulars")
    assert asked[("city-parking.txt", "文件信息")] == 1.0 and asked[("city-parking.txt", "一、收费标准")] == 0.0
    other = _feature_by_document(kb, "停车超过两小时每小时收多少钱？", "particulars")
    assert not any(other.values())
