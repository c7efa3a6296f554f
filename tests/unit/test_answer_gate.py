"""The answer gate: a calibrated model over general retrieval signals decides between quoting
the first clause as the answer, offering it under "可能相关", and declining, under two fixed
honesty rules (nothing is offered when nothing is relevant; a quote lacking the asked kind of
fact is never the answer). Models here are invented, not the shipped one."""

import json

import pytest

from assistant.retrieval import gate_model
from assistant.retrieval.answer import TENTATIVE_HEADING, Candidate, compose_answer, gate_features
from assistant.retrieval.gate_model import ANSWER, DECLINE, TENTATIVE, GateModel, decide
from assistant.retrieval.hybrid import Concept
from assistant.retrieval.models import Chunk


class Always:
    """An invented model that takes one decision whatever the signals."""

    def __init__(self, decision: str):
        self.decision = decision
        self.seen: list[dict] = []

    def decide(self, values: dict) -> str:
        self.seen.append(values)
        return self.decision


def test_decide_declines_first_then_answers_when_confident_else_offers():
    assert decide({"right": 0.9, "wrong": 0.0, "out": 0.1}, answer_at=0.5, decline_at=0.1) == DECLINE
    assert decide({"right": 0.6, "wrong": 0.3, "out": 0.1}, answer_at=0.5, decline_at=0.2) == ANSWER
    assert decide({"right": 0.4, "wrong": 0.5, "out": 0.1}, answer_at=0.5, decline_at=0.2) == TENTATIVE


def test_the_model_is_a_softmax_over_standardised_signals():
    # One signal; "right" rises with it, "out" falls with it, "wrong" is flat.
    model = GateModel(("lead",), (1.0,), (2.0,), ((0.0, 3.0), (0.0, 0.0), (0.0, -3.0)), 0.5, 0.5)
    low, high = model.probabilities({"lead": -1.0}), model.probabilities({"lead": 3.0})
    assert abs(sum(high.values()) - 1.0) < 1e-9
    assert high["right"] > 0.9 > low["right"] and low["out"] > 0.9
    assert model.decide({"lead": 3.0}) == ANSWER and model.decide({"lead": -1.0}) == DECLINE
    assert GateModel.from_dict(json.loads(json.dumps(model.to_dict()))) == model


def test_a_model_file_whose_weights_do_not_match_its_features_is_refused():
    data = GateModel(("a", "b"), (0.0, 0.0), (1.0, 1.0), ((0, 1, 1), (0, 0, 0), (0, -1, -1)), 0.5, 0.5).to_dict()
    data["features"] = ["a"]
    with pytest.raises(ValueError):
        GateModel.from_dict(data)


def test_the_shipped_model_reads_exactly_the_signals_the_gate_computes():
    model = gate_model.shipped_model()
    values = gate_features(_plan("议事室几点开门"), [_clause("议事室每天8:30开放。", 0.8)], _NoTerms())
    assert set(model.features) == set(values)
    assert 0.0 < model.answer_at < 1.0 and 0.0 < model.decline_at < 1.0
    assert abs(sum(model.probabilities(values).values()) - 1.0) < 1e-9


def test_a_confident_model_gets_a_grounded_answer_with_its_citation():
    answer = compose_answer("议事室平时归谁管", _plan("议事室平时归谁管"),
                            [_clause("议事室由镇政协工作委员会负责管理。", 0.8)], _NoTerms(), Always(ANSWER))
    assert answer.grounded and answer.answer.startswith("根据《北河镇议事会议规则》第六条")
    assert answer.citations[0].section == "第六条"


def test_the_middle_tier_says_plainly_it_is_not_a_direct_answer_and_keeps_its_citations():
    first = _clause("议事室每天8:30开放。", 0.6)
    second = _clause("议事室由村委会管理，钥匙由值班人员保管。", 0.5)
    second.chunk.id, second.chunk.section = "other", "第七条"
    answer = compose_answer("议事室几点开门", _plan("议事室几点开门"), [first, second], _NoTerms(), Always(TENTATIVE))
    assert not answer.grounded
    assert answer.answer.startswith(TENTATIVE_HEADING) and "未必直接回答" in answer.answer
    assert [c.section for c in answer.citations] == ["第六条", "第七条"]


def test_a_likely_out_of_scope_question_is_declined_outright():
    answer = compose_answer("议事室几点开门", _plan("议事室几点开门"), [_clause("议事室每天8:30开放。", 0.8)],
                            _NoTerms(), Always(DECLINE))
    assert not answer.grounded and not answer.citations


@pytest.mark.parametrize(("specific", "thin"), [(False, False), (True, True)])
def test_nothing_is_offered_when_the_clause_matches_nothing_specific_or_only_thinly(specific, thin):
    clause = _clause("议事室每天8:30开放。", 0.9)
    clause.specific, clause.thin = specific, thin
    model = Always(ANSWER)
    answer = compose_answer("议事室几点开门", _plan("议事室几点开门"), [clause], _NoTerms(), model)
    assert not answer.grounded and not answer.citations
    assert model.seen == []  # decided before the model is asked


def test_a_question_mostly_in_words_the_documents_never_use_is_declined():
    # "护照" and "签证" are unknown to the documents and outweigh what the clause covers.
    concepts = [Concept("护照", frozenset({"护照"}), 3.0, unknown=True, foreign=True),
                Concept("签证", frozenset({"签证"}), 3.0, unknown=True, foreign=True),
                Concept("办理", frozenset({"办理"}), 1.0)]
    plan = _plan("护照签证怎么办理")
    plan.concepts = concepts
    answer = compose_answer(plan.text, plan, [_clause("相关事项由镇政府办理。", 0.15)], _NoTerms(), Always(ANSWER))
    assert not answer.grounded and not answer.citations


def test_a_quote_lacking_the_asked_fact_is_offered_not_answered_even_when_the_model_is_confident():
    question = "议事会成员任期几年"
    no_years = compose_answer(question, _plan(question), [_clause("议事会成员每届任期与村“两委”任期相同。", 0.9)],
                              _NoTerms(), Always(ANSWER))
    assert not no_years.grounded and no_years.answer.startswith(TENTATIVE_HEADING) and no_years.citations
    with_years = compose_answer(question, _plan(question), [_clause("议事会成员每届任期3年。", 0.9)], _NoTerms(),
                                Always(ANSWER))
    assert with_years.grounded


# --- the asked kind of fact must be stated in the quote ------------------------------------
from assistant.retrieval.answer import states_wanted, wanted_facts  # noqa: E402


def test_a_question_asking_for_an_amount_wants_a_number():
    assert "count" in wanted_facts("志愿者每次能领多少补贴")
    assert "time" in wanted_facts("申请表几天内要交")
    assert "share" in wanted_facts("女性成员要占多大比例")


def test_a_question_asking_for_a_list_does_not_want_a_numeral():
    assert "count" not in wanted_facts("报名要带哪几样证件")
    assert "count" not in wanted_facts("志愿者补贴分为几类")
    assert "count" not in wanted_facts("档案室存放哪些资料")
    assert "count" in wanted_facts("报名要带几个证件")


def test_a_quote_without_the_asked_number_does_not_answer():
    wanted = wanted_facts("志愿者每次能领多少补贴")
    assert not states_wanted("不得以补贴名义向志愿者发放现金。", wanted)
    assert states_wanted("志愿者每次补贴30元。", wanted)
    assert states_wanted("每次扣2分。", wanted)
    assert states_wanted("成员不少于总数的三分之一。", wanted)


def test_a_year_is_no_count_but_a_document_number_is():
    wanted = wanted_facts("去年一共办了多少场活动")
    assert not states_wanted("为总结2025年度活动经验，决定开展评选。", wanted)
    assert states_wanted("发文字号：某政协发〔2025〕3号。", wanted_facts("那份文件文号是多少"))


def test_a_question_asking_no_fact_type_is_not_constrained():
    assert states_wanted("议事室由镇政协工委负责管理。", wanted_facts("议事室平时归谁管"))
    assert states_wanted("任何内容", wanted_facts("为什么要开展协商"))


def test_a_telephone_number_answers_how_much_a_number_is():
    assert states_wanted("联系人：王某，电话：0838-5512345。", wanted_facts("找谁对接，电话多少"))


# --- the document a question names must be the quoted one ----------------------------------
from assistant.retrieval.answer import document_places, names_absent_title, names_other_document  # noqa: E402


def _doc_chunk(title: str, issuer: str) -> Chunk:
    return Chunk(id=title, text="第三条 申请材料应当在5个工作日内报送。", section="第三条", heading_path=[],
                 metadata={"title": title, "issuer": issuer})


def test_a_document_knows_the_places_in_its_title_and_issuer():
    chunk = _doc_chunk("北河镇议事经费管理细则", "中共南岭县北河镇委员会、南岭县北河镇人民政府")
    assert {"北河", "南岭"} <= document_places(chunk)


def test_a_question_naming_another_documents_place_is_not_answered_from_this_one():
    here = _doc_chunk("北河镇议事经费管理细则", "北河镇人民政府")
    there = _doc_chunk("西坪县政协委员考勤办法", "政协西坪县委员会")
    assert names_other_document("西坪那个考勤办法里请假要几天内报", here, [here, there])
    assert not names_other_document("西坪那个考勤办法里请假要几天内报", there, [here, there])
    assert not names_other_document("请假要几天内报", here, [here, there])


def test_a_quoted_title_the_knowledge_base_does_not_hold_is_not_answered():
    here = _doc_chunk("北河镇议事经费管理细则", "北河镇人民政府")
    assert names_other_document("《中华人民共和国预算法》第十条怎么规定", here, [here])
    assert not names_other_document("《北河镇议事经费管理细则》第三条怎么规定", here, [here])
    from assistant.retrieval.answer import names_absent_title

    assert names_absent_title("《中华人民共和国预算法》第十条怎么规定", [here])
    assert not names_absent_title("《北河镇议事经费管理细则》第三条怎么规定", [here])


# --- the asked unit must be stated ---------------------------------------------------------
from assistant.retrieval.answer import states_asked_unit  # noqa: E402


def test_a_number_in_another_unit_does_not_answer():
    assert not states_asked_unit("理事一届任期几年", "出缺的，应当在30日内补齐。")
    assert states_asked_unit("理事一届任期几年", "理事每届任期3年。")
    assert states_asked_unit("材料几天内要交", "应当在5个工作日内报送。")
    assert not states_asked_unit("一年开几次会", "会议记录保存不少于5年。")
    assert states_asked_unit("补助一次给多少钱", "每人每次补助50元。")


def test_a_year_is_not_a_number_of_years_and_no_unit_asks_nothing():
    assert not states_asked_unit("档案要留多少年", "本细则自2025年4月1日起施行。")
    assert states_asked_unit("多久开一次会", "任何内容")


def test_points_are_answered_by_points_not_by_a_share():
    assert states_asked_unit("缺席一次扣多少分", "无故缺席的，每次扣2分。")
    assert not states_asked_unit("缺席一次扣多少分", "缺席人数不得超过10%。")


def test_a_quoted_form_is_no_document_title():
    here = _doc_chunk("北河镇议事经费管理细则", "北河镇人民政府")
    assert not names_absent_title("《议事经费报销审批单》由谁签字", [here])
    assert not names_other_document("《议事经费报销审批单》由谁签字", here, [here])
    assert not names_absent_title("《村民代表联络手册》要写哪些内容", [here])


def test_a_quoted_title_the_clauses_mention_is_not_refused():
    here = Chunk(id="x", text="第五条 补助标准按照《南岭县基层协商补助办法》执行。", section="第五条",
                 heading_path=[], metadata={"title": "北河镇议事经费管理细则", "issuer": "北河镇人民政府"})
    assert not names_absent_title("《南岭县基层协商补助办法》怎么执行", [here])
    assert not names_other_document("《南岭县基层协商补助办法》怎么执行", here, [here])
    assert names_absent_title("《南岭县基层协商考核规定》怎么执行", [here])


def test_generic_titles_name_no_place():
    for title in ("关于推进乡镇协商议事工作的意见", "关于开展县域协商试点的通知", "关于落实区级协商计划的方案",
                  "关于规范镇村议事程序的办法", "城乡社区协商工作规则", "农村社区议事细则", "关于深化城区协商的意见"):
        assert document_places(_doc_chunk(title, "")) == set(), title
    assert document_places(_doc_chunk("关于推进乡镇协商议事工作的意见", "政协南岭县委员会")) == {"南岭"}
    assert document_places(_doc_chunk("中共西坪县委关于开展协商的通知", "")) == {"西坪"}


def test_a_generic_word_in_the_question_does_not_restrict_the_documents():
    generic = _doc_chunk("关于推进乡镇协商议事工作的意见", "政协南岭县委员会")
    here = _doc_chunk("北河镇议事经费管理细则", "北河镇人民政府")
    assert not names_other_document("推进议事要几天内报材料", here, [here, generic])
    assert not names_other_document("城乡社区议事要几天内报材料", here, [here, generic])


def test_ten_as_an_adverb_and_a_bare_one_state_no_number():
    wanted = wanted_facts("议事会要配多少名联络员")
    assert not states_wanted("配好联络员十分重要。", wanted)
    assert not states_wanted("各村建立一个联络员队伍。", wanted)
    assert states_wanted("每村配备两名联络员。", wanted)
    assert states_wanted("每村配备十一名联络员。", wanted)
    assert states_wanted("每村配备2名联络员，考核满分十分。", wanted)


def test_these_few_asks_no_number():
    assert "count" not in wanted_facts("这几个村的议事会由谁召集")
    assert "count" not in wanted_facts("近几次协商会由谁主持")
    assert "count" in wanted_facts("议事会要请几个群众代表")
    assert states_asked_unit("这几年议事会由谁召集", "议事会由村党组织召集。")
    assert not states_asked_unit("理事任期几年", "理事由村党组织提名。")


# --- grounding faults ----------------------------------------------------------------------
from assistant.retrieval.answer import grounding_fault  # noqa: E402
from assistant.retrieval.hybrid import QueryPlan  # noqa: E402


class _NoTerms:
    def term_set(self, text: str) -> set[str]:
        return set()

    def word_groups(self, text: str) -> list:
        return []


def _plan(question: str) -> QueryPlan:
    # No concepts: the quote is the clause whole, which is what these tests state facts in.
    return QueryPlan(text=question, concepts=[], weighted_terms={}, dense_text=question)


def _clause(text: str, coverage: float) -> Candidate:
    chunk = Chunk(id=text, text=text, section="第六条", heading_path=[], metadata={"title": "北河镇议事会议规则"})
    return Candidate(chunk, score=0.02, coverage=coverage, specific=True, typed=1.0, agreed=True)


def test_grounding_faults_name_the_missing_fact_or_unit():
    question = _plan("议事会成员任期几年")
    assert grounding_fault(_clause("议事会成员由村党组织提名。", 0.9), question, _NoTerms()) == "type"
    assert grounding_fault(_clause("成员出缺的，应当在30日内补齐。", 0.9), question, _NoTerms()) == "unit"
    assert grounding_fault(_clause("议事会成员每届任期3年。", 0.9), question, _NoTerms()) is None


def test_a_clock_time_is_answered_by_a_clock_time_only():
    assert not states_asked_unit("议事室每天几点开门", "使用议事室应当提前3个工作日预约。")
    assert states_asked_unit("议事室每天几点开门", "议事室每天8:30至17:30开放。")
    assert states_asked_unit("议事室每天几点开门", "每天上午九点开放。")
    assert not states_asked_unit("议事会几点开始", "议事会应当提前3日通知。")
    assert not states_asked_unit("议事室几点到几点开放？", "议事室由村委会管理。")
    assert not states_asked_unit("周末几点以后不能用", "议事室由村委会管理。")
    # "几点意见" asks for a few points, not for a time.
    assert states_asked_unit("会上提了几点意见", "与会人员提出意见。")


@pytest.mark.parametrize("question", ["委员履职要遵守几点纪律？", "协商要坚持几点原则", "会前有几点注意事项",
                                      "这项工作有几点做法"])
def test_how_many_points_before_a_noun_is_no_clock_time(question):
    assert states_asked_unit(question, "委员应当遵守下列纪律：（一）按时参加活动；（二）如实反映情况。")


def test_the_first_clause_leads_a_grounded_answer():
    first = _clause("宣传工作要用好报刊、广播电视和新媒体。", 0.6)
    first.score = 0.05
    wider = _clause("平台的主责主业是协商议事，渠道畅通。", 0.9)  # covers more words, ranked lower
    wider.score = 0.04
    wider.chunk.id = "wider"
    question = "宣传平台可以走哪些渠道"
    answer = compose_answer(question, _plan(question), [first, wider], _NoTerms(), Always(ANSWER))
    assert answer.grounded and answer.citations[0].text == first.chunk.text
