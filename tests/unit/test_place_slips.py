"""A place named in a question is never "corrected" into a document's place of the same sound:
another place is another document, not a typing slip (invented documents and questions)."""

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase

DONGSHAN = """东山街道政协委员联系群众办法

第一条 东山社区的政协委员每季度联系群众不少于1次。
第二条 委员联系群众的情况记入台账，台账由社区居委会保存。
"""
QINGXI = """清溪县政协委员履职报告办法

第一条 清溪县政协委员每年向所在界别报告一次履职情况。
第二条 履职报告应当写明参加协商活动、联系群众和提出意见建议的情况。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "dongshan.txt").write_text(DONGSHAN, encoding="utf-8")
    (folder / "qingxi.txt").write_text(QINGXI, encoding="utf-8")
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=folder,
                                embedding_provider="hash"))
    kb.ensure_built()
    yield kb
    kb.close()


@pytest.mark.parametrize("question, place", [
    ("东衫社区委员联系群众要几次？", "东衫社区"),
    ("清西县委员履职报告怎么写", "清西县"),
    ("东衫社区的委员和东衫那边的群众多久联系一次", "东衫那边"),
])
def test_a_place_of_the_same_sound_is_not_rewritten(kb, question, place):
    assert place in kb._plan(question).text


def test_another_place_is_not_answered_from_the_documents_place(kb):
    answer = kb.ask("东衫社区委员联系群众要几次？")
    assert not any("东山" in c.to_dict().get("title", "") + c.to_dict().get("source", "")
                   for c in answer.citations)


def test_a_slip_next_to_a_place_name_is_still_corrected(kb):
    assert "台账" in kb._plan("东衫社区委员联系群众的台帐放哪").text


def test_no_slip_is_corrected_into_a_documents_place_name(kb):
    # "清西" without 县 still names a place; the documents' 清溪 is another one.
    assert "清西" in kb._plan("清西的委员履职报告怎么写").text
    assert "东衫" in kb._plan("东衫的委员联系群众要几次？").text
