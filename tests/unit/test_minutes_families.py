"""Rule families added after the first held-out run (issue 12), each with invented sentences.

None of these sentences comes from an evaluation transcript: each test writes the family of
phrasing a recorder uses (a label, an assignment, an objection) in words of its own.
"""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes, parse_transcript
from assistant.drafting.outcome_offline import dissenters


def speakers(text: str) -> list[str]:
    return [u.speaker for u in parse_transcript(text).utterances]


# --- reading: who speaks -------------------------------------------------------------------


def test_full_name_followed_by_a_post_is_a_speaker_label():
    text = (
        "参加人员：邝文涛（某街道办副主任）、柏海燕（业委会主任）\n"
        "邝文涛主任：今天议一议楼顶漏水的问题。\n"
        "柏海燕主任：业委会已经收集了十二户的报修单。\n"
        "邝文涛主任：好，请物业公司下周三前拿出维修报价。\n"
    )
    assert speakers(text) == ["邝文涛", "柏海燕", "邝文涛"]
    draft = draft_minutes(text)
    roles = {p.name: p.role for p in draft.participants}
    assert roles["柏海燕"] == "业委会主任"  # the roster's fuller role, not the bare 主任


def test_name_post_before_brackets():
    assert speakers("苟建新委员（区政协委员）：我先说调研情况。\n闵红：我同意。\n")[0] == "苟建新"


def test_unit_then_name_with_a_space_in_square_brackets():
    text = "参加：庹立（镇水务站）、冉秀（社区主任）\n【镇水务站 庹立】管子明天就能换。\n【社区 冉秀】我们来通知住户。\n"
    assert speakers(text) == ["庹立", "冉秀"]


def test_kinship_nickname_and_bracketed_alias_resolve_to_the_listed_person():
    text = (
        "到会人员：村民苟德明（老苟）、苟文、蔺秀芝、支书谭建\n"
        "谭建：今天说说堰塘的事。\n"
        "老苟：堰塘淤了好几年了。\n"
        "蔺婶：我家田就在下面，水放不下来。\n"
    )
    draft = draft_minutes(text)
    assert sorted(p.name for p in draft.participants) == sorted(["谭建", "苟德明", "苟文", "蔺秀芝"])
    assert "老苟" not in speakers(text) and "苟德明" in speakers(text) and "蔺秀芝" in speakers(text)


def test_colloquial_attendance_line_lists_people():
    text = "来的人：组长龚平，村民伍德才、阎小芳\n龚平：开会了。\n伍德才：我说两句。\n"
    assert {p.name for p in draft_minutes(text).participants} == {"龚平", "伍德才", "阎小芳"}


def test_recording_length_is_not_a_speaker():
    text = "2026年3月2日 09:00 | 35分钟\n\n甄明 00:00:05\n今天说路灯。\n\n寇丽 00:00:40\n我同意。\n"
    assert speakers(text) == ["甄明", "寇丽"]


def test_a_list_line_inside_a_chat_message_is_not_a_new_speaker():
    text = (
        "邬兰（社区书记） 09:01\n大家好，说一下楼道堆物。\n\n"
        "芮强（物业） 09:02\n我们配合。\n\n"
        "邬兰（社区书记） 09:30\n我把结果整理一下：\n【分工】\n物业公司：负责三天内清理楼道堆物；\n芮强经理：一周内张贴告示。\n"
    )
    assert speakers(text) == ["邬兰", "芮强", "邬兰"]
    draft = draft_minutes(text)
    assert {a.owner for a in draft.actions} >= {"物业公司"}


# --- dissent: who gets a letter -----------------------------------------------------------


def test_host_naming_two_dissenters_in_one_sentence_gives_each_their_own_point():
    text = (
        "主持人：卜红\n参加人员：晁亮、习文、阚军\n"
        "晁亮：停车收费我反对，本来车位就不够。\n"
        "习文：收费可以，但夜间禁停这条我有保留意见。\n"
        "阚军：我同意方案。\n"
        "卜红：我总结一下。大家同意先划线。晁亮对收费仍然反对，习文对夜间禁停有保留意见，会后再沟通。\n"
    )
    draft = draft_minutes(text)
    entries = {e.split("：")[0]: e for e in draft.disagreements}
    assert set(entries) == {"晁亮", "习文"}
    assert "收费" in entries["晁亮"] and "禁停" in entries["习文"]
    assert {d.name for d in dissenters(draft)} == {"晁亮", "习文"}


def test_answering_someone_elses_worry_is_not_dissent():
    text = (
        "主持人：卜红\n参加人员：邸强（区住建局）、仉梅（居民）\n"
        "仉梅：施工噪音太大，我有顾虑。\n"
        "邸强：居民的这个顾虑可以理解，我们会限定施工时间。\n"
        "卜红：好，就这样。\n"
    )
    assert {d.name for d in dissenters(draft_minutes(text))} == {"仉梅"}


def test_a_counted_group_objecting_is_reported_not_held_by_the_speaker():
    text = (
        "主持人：卜红\n参加人员：殳芳（社区主任）、鄂立（居民）\n"
        "殳芳：我们走访了两个小区，有二十多户老人联名写信，反对拆除花坛。还有几户也反对收费。\n"
        "鄂立：我同意先试点。\n"
        "卜红：好，先试点。\n"
    )
    draft = draft_minutes(text)
    assert dissenters(draft) == [] and draft.disagreements == ["无"]


def test_a_thing_judged_poor_is_not_an_objection():
    text = (
        "主持人：卜红\n参加人员：訾兰（社区书记）\n"
        "訾兰：前几年装过一批太阳能灯，但是质量不行，一个冬天就坏了。\n"
        "卜红：那这次选好一点的灯。\n"
    )
    assert dissenters(draft_minutes(text)) == []
