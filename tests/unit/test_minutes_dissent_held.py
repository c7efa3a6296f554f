"""Dissent held at the end of the meeting (issue 12), each rule with invented sentences.

None of these sentences comes from an evaluation transcript."""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.outcome_offline import dissenters

HEAD = "主持人：隗明\n时间：2026年5月6日\n参加人员：隗明、甘露（居民）、柯林（居民）、廖红（物业经理）\n\n"


def holders(body: str) -> list[str]:
    return [d.name for d in dissenters(draft_minutes(HEAD + body))]


def test_a_worry_still_held_at_the_end_is_dissent():
    body = (
        "甘露：充电桩离我家窗户太近，万一着火咋办？\n"
        "廖红：会装防火墙和烟感，请放心。\n"
        "隗明：好，我总结一下，会议同意建设充电棚。\n"
        "甘露：挪远一点是好些，但我还是不放心。\n"
    )
    assert holders(body) == ["甘露"]


def test_withholding_a_signature_is_an_objection():
    body = "甘露：楼道采光的问题不解决 我是不会签字的\n隗明：我们下来慢慢做工作，散会。\n"
    assert holders(body) == ["甘露"]


def test_an_objection_on_a_condition_that_is_answered_is_no_dissent():
    body = (
        "柯林：如果物业费要因为这个涨的话，我是不同意的。\n"
        "廖红：物业费不涨，建设费由运营公司出。\n"
        "隗明：好，会议同意建设充电棚，散会。\n"
    )
    assert holders(body) == []


def test_an_objection_on_a_condition_the_host_records_stands():
    body = (
        "隗明：我总结一下，会议同意建设充电棚。\n"
        "甘露：要是建好了还是吵，我保留意见。\n"
        "隗明：可以，甘露的意见我们记下来。\n"
    )
    assert holders(body) == ["甘露"]


def test_a_view_kept_after_understanding_the_answer():
    text = (
        "时间：2026年5月6日\n主持人：隗明\n参加人员：隗明、甘露（居民）、廖红（物业经理）\n\n"
        "1. 甘露（居民）发言：\n甘露认为送餐收费对失能老人不公平，表示保留意见。\n"
        "廖红解释说，收费是为了长期运转。甘露表示理解，但她的意见不变。\n"
        "2. 隗明总结：\n会议同意开办助餐点。\n"
    )
    assert [d.name for d in dissenters(draft_minutes(text))] == ["甘露"]


def test_the_host_naming_someone_who_never_objected_creates_no_dissenter():
    body = (
        "甘露：我同意建。\n"
        "隗明：我归纳一下，大家同意建充电棚，还有一户今天没来，甘露你抽时间去沟通一下。\n"
    )
    assert holders(body) == []


def test_a_rule_quoted_or_a_sign_in_is_no_refusal_to_sign():
    body = (
        "甘露：按规定，物业是不得签字的，要业委会签。\n"
        "柯林：我们不签合同的话，钱怎么退？\n"
        "廖红：我就不签到了，我先走。\n"
        "隗明：好，会议同意建设充电棚，散会。\n"
    )
    assert holders(body) == []


def test_refusing_ones_own_signature_is_still_an_objection():
    body = "柯林：这个方案不改，我坚决不签这个字。\n隗明：好，会议同意建设充电棚，散会。\n"
    assert holders(body) == ["柯林"]


def test_a_kept_view_is_dissent_only_after_an_objection():
    body = (
        "甘露：我们支持加装电梯，意见不变。\n"
        "柯林：电梯噪音太大，我反对。\n"
        "廖红：会装减震的。\n"
        "柯林：我的意见还是不变。\n"
        "隗明：好，会议同意加装电梯，散会。\n"
    )
    assert holders(body) == ["柯林"]


def test_a_continuation_line_naming_someone_stays_with_the_speaker():
    body = (
        "柯林：路灯坏了，我已经报修了。\n"
        "甘露：报修好几次了。\n"
        "柯林说，下周就能修好，我看不一定，我还是不放心。\n"
        "隗明：好，会议同意先修路灯，散会。\n"
    )
    assert holders(body) == ["甘露"]
