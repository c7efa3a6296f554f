"""Reading families checked on invented sentences (not taken from any evaluation transcript)."""

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.reading import parse_transcript

NUMBERED_THIRD_PERSON = """\
关于小区停车难问题的协商纪实
时间：2026年5月6日上午9:00
主持：周明（镇政协工作联络组组长）
参加人员：钱立新（区政协委员）、孙晓梅（区城管局执法中队副队长）、吴海（居民代表）

一、协商发言

1. 钱立新委员发言。他认为，车位不足是主要原因，建议利用闲置地块建设临时停车场。

2. 孙晓梅副队长发言。她介绍，目前路边违停较多，执法力量有限。

3. 吴海发言，他说居民愿意配合，但担心停车收费过高。

4. 钱立新再次发言。他表示同意先行试点。

二、会议意见

周明组长在总结时指出，经过协商，大家形成了以下意见：

（一）利用闲置地块建设临时停车场，先行试点。

（二）停车收费标准须征求居民意见后再定。
"""


def test_numbered_third_person_record_names_each_speaker():
    transcript = parse_transcript(NUMBERED_THIRD_PERSON)
    speakers = [u.speaker for u in transcript.utterances]
    assert speakers[:4] == ["钱立新", "孙晓梅", "吴海", "钱立新"]
    assert transcript.utterances[0].text.startswith("他认为")


def test_listed_name_with_any_title_is_that_person_and_keeps_the_listed_role():
    draft = draft_minutes(NUMBERED_THIRD_PERSON)
    names = [p.name for p in draft.participants]
    assert names == ["周明", "钱立新", "孙晓梅", "吴海"]
    roles = {p.name: p.role for p in draft.participants}
    assert roles["孙晓梅"] == "区城管局执法中队副队长"  # not the bare "副队长" said in the record


def test_a_lead_saying_points_were_formed_introduces_consensus():
    draft = draft_minutes(NUMBERED_THIRD_PERSON)
    assert any("临时停车场" in c for c in draft.consensus)
    assert any("收费标准" in c for c in draft.consensus)
    assert not any("形成了以下意见" in c or c.strip("。") == "" for c in draft.consensus)


def test_unlisted_name_with_title_is_not_invented():
    # "某某副队长" not on any list and not a recognisable full name stays unrecognised.
    text = "议题：路灯维修\n1. 路灯维修情况发言。今年已修复十处。\n王芳：我同意。\n"
    speakers = [u.speaker for u in parse_transcript(text).utterances]
    assert speakers == ["王芳"]
