"""How a member's spoken question is weighed: question forms, spoken suffixes, lone
characters, and the thing a "多少X" question counts (invented documents and questions)."""

import pytest

from assistant.config import Settings
from assistant.retrieval import KnowledgeBase
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer import counted_noun, states_counted
from assistant.retrieval.question_types import is_question_form

RULES = """松坪镇协商议事规则

第一条 镇政协工作委员会每季度组织一次协商议事活动。
第二条 议题确定后，镇政协工作委员会应当在会议召开7日前通知参会委员。
第三条 参会委员每次发言一般不超过5分钟。
第四条 议事活动的台账由镇党政办公室保存，保存期限不少于3年。
第五条 议事活动产生的费用，凭票据在30日内到镇财政所报销。
第六条 我党的群众路线是协商议事的根本遵循。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "songping-rules.txt").write_text(RULES, encoding="utf-8")
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=folder,
                                embedding_provider="hash"))
    kb.ensure_built()
    yield kb
    kb.close()


@pytest.mark.parametrize("word", ["哪几种", "哪几个", "几趟", "几点", "纳不纳", "合不"])
def test_question_forms_are_recognised(word):
    assert is_question_form(word)


@pytest.mark.parametrize("word", ["委员", "不少于", "议事室", "不予受理"])
def test_content_words_are_not_question_forms(word):
    assert not is_question_form(word)


def test_a_place_said_with_a_spoken_locative_counts_as_the_place(kb):
    plan = kb._plan("镇里多久开一次协商会")
    labels = [c.label for c in plan.concepts]
    assert "镇" in labels and "镇里" not in labels
    # ...and so no longer weighs as a word the documents never use.
    assert not next(c for c in plan.concepts if c.label == "镇").foreign


def test_a_question_form_word_is_no_concept_the_clause_must_hold(kb):
    plan = kb._plan("议题确定后哪几个人要提前通知")
    assert all(c.label != "哪几个" for c in plan.concepts)


def test_the_right_clause_is_quoted_for_a_spoken_question(kb):
    answer = kb.ask("镇里定了议题 最晚提前几天通知委员")
    assert answer.grounded
    assert "7日前" in answer.answer


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.mark.parametrize(("question", "noun"), [
    ("委员每年培训要满多少学时", "学时"),
    ("社情民意信息一般写多少字合适", "字"),
    ("哪几家单位联合发的", None),  # a list, not a count
    ("群众代表得占多少", None),  # a share
    ("一年开几次", None),  # a unit the unit check reads
])
def test_the_counted_thing_of_a_question(analyzer, question, noun):
    assert counted_noun(question, analyzer) == noun


def test_a_quote_must_give_a_number_of_the_counted_thing(analyzer):
    question = "委员每年培训要满多少学时"
    assert not states_counted(question, "每年至少组织1次委员培训，每次不少于半天。", analyzer)
    assert states_counted(question, "委员每年参加培训不少于24学时。", analyzer)
    assert states_counted("说明材料要写多少字", "说明材料不少于300字。", analyzer)
    # The number must belong to the thing: 5000元 of funds is not an amount of 补贴.
    assert not states_counted("议事会成员每次能领多少补贴",
                              "每年安排工作经费不低于5000元，不得用于发放议事会成员补贴。", analyzer)


def test_a_homophone_slip_is_read_as_the_documents_word(kb):
    assert "台账" in kb._plan("议事活动的台帐要存几年").text
    assert "报销" in kb._plan("开会花的钱多久内去报消").text
    answer = kb.ask("议事活动的台帐要保存几年")
    assert answer.grounded and "不少于3年" in answer.answer


def test_a_real_word_or_a_function_word_is_not_corrected(kb):
    # "我当委员": 当 is a word of its own, not a slip for 党 (which the documents use).
    assert kb._plan("我当委员的多久发一次言").text == "我当委员的多久发一次言"
    # A word of jieba's dictionary stays as typed.
    assert "事件" in kb._plan("议事活动遇到突发事件怎么办").text


def test_long_topic_texts_are_not_corrected(kb):
    # Similar-session search reads a topic's whole text; only typed questions are corrected.
    assert kb._plan("台帐", typed_question=False).text == "台帐"


def test_a_measure_word_asks_a_number_in_that_measure(analyzer):
    question = "去年全县一共开展了多少场协商活动"
    assert counted_noun(question, analyzer) == "场"
    assert not states_counted(question, "本办法适用于全县12个镇（街道）的协商活动。", analyzer)
    assert states_counted(question, "全年共开展协商活动36场。", analyzer)


def test_an_amount_of_money_must_be_an_amount_of_the_thing_asked(analyzer):
    from assistant.retrieval.answer import states_amount_of

    question = "委员参加协商活动有没有误工补贴，一次给多少钱"
    funds = "镇财政每年为每个村安排工作经费不低于5000元，不得用于发放议事会成员补贴。"
    assert not states_amount_of(question, funds, analyzer)
    assert states_amount_of(question, "委员参加协商活动的误工补贴为每人每次80元。", analyzer)
    # A table row joins its fields with "；": the amount still belongs to the row's item.
    assert states_amount_of("律师咨询费最多能给多少", "项目：律师咨询费；标准：每人每次不超过500元。", analyzer)
    # No money asked: nothing to check.
    assert states_amount_of("补贴什么时候发", funds, analyzer)


@pytest.mark.parametrize(("question", "about"), [
    ("议事室管理制度是哪个部门发的，文号多少", True),
    ("这个办法从什么时候开始执行", True),
    ("以前那个考核办法还算数不", True),
    ("市里文件有啥要求", False),  # what the document says, not the document itself
    ("市里文件要求每个镇建个什么组织", False),
])
def test_a_question_about_the_document_itself(question, about):
    from assistant.retrieval.question_types import asks_about_document

    assert asks_about_document(question) is about


def test_a_word_jieba_made_up_from_speech_is_phrasing_not_a_foreign_topic(kb):
    plan = kb._plan("委员会上提的事多久转过去")
    made_up = [c for c in plan.concepts if not kb.analyzer.is_dictionary_word(c.label) and c.unknown]
    assert made_up and not any(c.foreign for c in made_up)
    # A dictionary noun the documents never use still marks the question as off-topic.
    assert any(c.foreign for c in kb._plan("办护照要带什么").concepts)


def test_a_made_up_word_of_content_characters_is_an_unknown_topic(kb):
    # jieba's HMM cuts "网约车券" into "网约" and "车券": no function word or light verb in
    # either, so they are not a spoken run but things the documents never mention.
    question = "议事活动费用能买网约车券吗？"
    assert {"网约", "车券"} <= {c.label for c in kb._plan(question).concepts if c.foreign}
    assert not kb.ask(question).grounded
    # The same question about what the documents do cover is answered.
    assert kb.ask("议事活动的费用能报销吗？").grounded
