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


ROSTER_FORMS = """\
时间：2026年6月2日下午3:00
主持：郑国辉（村党支部书记）
参加：区政协委员冯丽（区农业农村局，高级农艺师）；种植户郑小军；村民郑德才（郑三娃）、马玉兰
记录：白雪

郑书记：今天商量灌溉的事。
郑老板：我那边的田先放水。
郑三娃：我同意先修渠。
马玉兰：要得。
郑书记：好，我来捋一下。
第一，渠道统一修，明年春耕前完工。
第二，放水按田亩轮流。
"""


def test_roster_separators_inside_brackets_belong_to_the_role():
    transcript = parse_transcript(ROSTER_FORMS)
    roster = dict(transcript.header.roster)
    assert "区农业农村局，高级农艺师" in roster["冯丽"]
    assert not any(name.endswith("）") for name in roster)


def test_household_category_before_a_name_and_forms_of_address():
    draft = draft_minutes(ROSTER_FORMS)
    names = {p.name for p in draft.participants}
    assert {"郑国辉", "冯丽", "郑小军", "郑德才", "马玉兰"} <= names
    # 郑书记 is the one 郑 whose listed role is 书记; 郑老板 is ambiguous (three 郑) and 郑三娃 is the alias.
    assert "郑书记" not in names and "郑三娃" not in names and "种植户郑小军" not in names


def test_spoken_summing_up_cue_opens_the_summary():
    draft = draft_minutes(ROSTER_FORMS)
    assert any("渠道统一修" in c for c in draft.consensus)
    assert any("按田亩轮流" in c for c in draft.consensus)


def test_roster_pointing_to_the_sign_in_table_is_not_a_name():
    text = "参加人员：见签到表\n签到表\n序号\t姓名\t单位\n1\t陶然\t社区居委会\n陶然：我先说。今天议一议停车。\n"
    names = [p.name for p in draft_minutes(text).participants]
    assert names == ["陶然"]


def test_closing_formula_and_a_question_to_the_room_are_not_consensus():
    text = """\
主持人：邓海
邓海：今天议一议垃圾清运。
罗琴：我建议每天清运两次。
邓海：我总结一下，大家听听行不行：
一是每天清运两次；二是垃圾桶加盖。
今天就到这里，谢谢大家。
"""
    consensus = draft_minutes(text).consensus
    assert any("清运两次" in c for c in consensus)
    assert not any("到这里" in c or "行不行" in c for c in consensus)


def test_host_reply_after_the_summary_is_not_part_of_it():
    text = """\
主持人：邓海
邓海：今天议一议垃圾清运。
罗琴：我建议每天清运两次。
邓海：我总结一下：一是每天清运两次；二是垃圾桶统一加盖并每周清洗。
罗琴：加盖的钱哪个出？
邓海：这个你放心，我们再想办法。
"""
    consensus = draft_minutes(text).consensus
    assert any("清运两次" in c for c in consensus) and any("加盖" in c for c in consensus)
    assert not any("放心" in c for c in consensus)
