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


# --- actions: who is told to do what, by when ----------------------------------------------

HEAD = "主持人：隗明（街道办副主任）\n时间：2026年5月6日\n参加人员：{people}\n"


def actions_of(people: str, body: str) -> list[tuple[str, str, str, str]]:
    draft = draft_minutes(HEAD.format(people=people) + body)
    return [(a.owner, a.task, a.due, a.due_date) for a in draft.actions]


def test_the_host_asking_you_by_a_date_is_an_assignment():
    found = actions_of("郜平（区供电所所长）", "郜平：线路老化了。\n隗明：郜所长，北街那几根电杆能不能后天先派人来查一下？\n")
    assert [(o, d, dd) for o, _, d, dd in found] == [("郜平", "后天", "2026-05-08")]


def test_a_unit_named_by_its_kind_is_the_addressees_own():
    found = actions_of("滕刚（区消防救援大队参谋）", "滕刚：我们可以来看。\n隗明：滕参谋，那请你们大队下周三前来做一次现场检查。\n")
    assert found and found[0][0] == "区消防救援大队" and found[0][2] == "下周三前"


def test_your_company_without_a_named_unit_is_the_person_addressed():
    found = actions_of("阎军", "阎军：我们公司做充电桩。\n隗明：阎总，你们公司十天内出一个报价。\n")
    assert found and found[0][0] == "阎军" and found[0][3] == "2026-05-16"


def test_a_topic_or_time_before_you_stays_with_the_task():
    found = actions_of("荀芳（区政协委员）、冼强（组长）", (
        "荀芳：我同意。\n冼强：我也同意。\n"
        "隗明：荀委员，路灯的事麻烦你去问一下区住建局。冼组长，插秧之前你把放水的顺序排好。\n"
    ))
    by_owner = {o: (t, d) for o, t, d, _ in found}
    assert "路灯" in by_owner["荀芳"][0] and "区住建局" in by_owner["荀芳"][0]
    assert by_owner["冼强"][1] == "插秧之前"


def test_a_name_or_brand_right_before_fuzhe_is_the_owner():
    found = actions_of("甘露", "甘露：我同意。\n隗明：分工：青禾单车负责5月20日前清走坏车；甘露负责两周内回访商户。\n")
    assert ("青禾单车", "清走坏车", "5月20日前", "2026-05-20") in [(o, t, d, dd) for o, t, d, dd in found]


def test_owners_are_kept_as_said_and_a_negotiating_party_is_not_an_owner():
    found = actions_of("甘露", "甘露：好。\n隗明：分工：一、由镇政府与粮站协商场地。二、区卫健局和平所负责月底前完成验收。\n")
    owners = [o for o, *_ in found]
    assert "镇政府" in owners and not any("粮站" in o for o in owners)
    assert "区卫健局和平所" in owners


def test_the_topic_before_a_bare_charge_is_the_task():
    found = actions_of("巩亮（镇安办主任）", "巩亮：我们管。\n隗明：分一下工 货车夜间登记的事情 镇安办来管\n")
    assert found and found[0][0] == "镇安办" and "货车夜间登记" in found[0][1]


def test_an_offer_the_host_accepts_by_name_is_an_action():
    found = actions_of("晏雪（社区主任）", (
        "晏雪：社区这边可以印一份告居民书，下周二前发到各楼栋。\n"
        "隗明：好，晏主任就按这个来。\n"
    ))
    assert found == [("晏雪", found[0][1], "下周二前", "2026-05-12")] and "告居民书" in found[0][1]


def test_an_offer_nobody_accepts_stays_an_offer():
    assert actions_of("晏雪（社区主任）", "晏雪：社区这边可以印一份告居民书。\n隗明：大家还有意见吗？\n") == []


def test_new_time_limits_and_start_dates():
    found = actions_of("甘露", (
        "甘露：好。\n"
        "隗明：分工：区水务局负责汛期结束前加装水泵；街道办下个月10号之前报预算；社区从明天开始每天巡查。\n"
    ))
    by_owner = {o: (d, dd) for o, _, d, dd in found}
    assert by_owner["区水务局"] == ("汛期结束前", "")
    assert by_owner["街道办"] == ("下个月10号之前", "2026-06-10")
    assert by_owner.get("社区", ("待定", ""))[1] == ""  # a start date is not a deadline


def test_a_thing_judged_before_a_place_name_with_qian_is_a_unit():
    found = actions_of("甘露", "甘露：好。\n隗明：分工：站前社区负责一个月内组织志愿者劝导。\n")
    assert found and found[0][0] == "站前社区" and found[0][3] == "2026-06-06"


# --- consensus ----------------------------------------------------------------------------


def consensus_of(body: str) -> list[str]:
    return draft_minutes(HEAD.format(people="甘露、岑伟") + body).consensus


def test_settling_cues_start_the_summary_and_keep_the_first_point():
    items = consensus_of("甘露：好。\n岑伟：行。\n隗明：那今天说定：一是菜地收回统一绿化，二是晚上不准停车。\n")
    assert any("菜地" in c for c in items) and any("不准停车" in c for c in items)
    items = consensus_of("甘露：好。\n岑伟：行。\n隗明：今天大家都同意的是：路灯全换成LED；坏灯一周内修好。\n")
    assert any("LED" in c for c in items)


def test_a_listed_point_that_also_says_what_is_published_is_kept():
    items = consensus_of(
        "甘露：好。\n岑伟：行。\n隗明：我总结一下。一是设立便民服务点，每周三上午开放，时间地点公示；二是费用由街道承担。\n"
    )
    assert any("便民服务点" in c for c in items)


def test_a_speakers_own_building_agreeing_is_not_the_meetings_consensus():
    items = draft_minutes(
        "甘露 00:00:01\n我们栋的都同意装 越快越好\n\n岑伟 00:00:20\n我担心噪音\n\n甘露 00:00:40\n那再看看\n"
    ).consensus
    assert not any("都同意装" in c for c in items)


# --- issue 12 (a): nested quotation marks in letter titles --------------------------------


def test_a_quoted_name_inside_the_subject_becomes_single_quotes():
    from assistant.drafting.outcome_documents import explanation_letter, render_explanations_markdown
    from assistant.drafting.outcome_offline import subject_of
    from assistant.readers import read_document

    subject = subject_of("关于龙泉社区“有事好商量”协商会议纪要")
    assert subject == "龙泉社区‘有事好商量’"
    _, letter = explanation_letter("龙泉社区“有事好商量”", "某某", "某某同志：您好！", outcome_id=1, number=1)
    first_line = read_document("x.docx", letter).strip().splitlines()[0]
    assert first_line == "关于“龙泉社区‘有事好商量’”协商中有关意见的解释说明"
    assert render_explanations_markdown(subject, []).startswith("# 关于“龙泉社区‘有事好商量’”协商")
    assert subject_of("关于“老街路灯”的协商会议纪要") == "老街路灯"  # quotes around all of it go


# --- issue 12 (b): a meeting date without a year ------------------------------------------

NO_YEAR = (
    "时间：11月18日下午\n主持人：隗明\n参加人员：甘露（社区主任）\n"
    "甘露：我同意。\n"
    "隗明：分工：社区负责两周内完成摸排；街道办12月5日前报方案。\n"
)


def test_a_year_written_elsewhere_in_the_record_dates_the_meeting():
    draft = draft_minutes(NO_YEAR + "（记录整理：2026年11月19日）\n")
    assert draft.meeting_day == "2026-11-18"
    assert "2026年11月19日" in draft.meeting_day_basis
    assert {a.owner: a.due_date for a in draft.actions} == {"社区": "2026-12-02", "街道办": "2026-12-05"}


def test_without_any_year_nothing_is_guessed_silently():
    draft = draft_minutes(NO_YEAR)
    assert draft.meeting_day == "" and all(a.due_date == "" for a in draft.actions)


def test_the_linked_consultation_or_the_drafting_day_gives_the_year_and_says_so():
    from datetime import date

    from assistant.drafting.documents import meta_lines
    from assistant.drafting.minutes.final import finalise, settle_meeting_day

    guessed = settle_meeting_day(draft_minutes(NO_YEAR), today=date(2027, 1, 6))
    assert guessed.meeting_day == "2026-11-18" and "起草当日" in guessed.meeting_day_basis
    assert {a.owner: a.due_date for a in guessed.actions}["社区"] == "2026-12-02"
    assert "请核对" in dict(meta_lines(guessed, review=True))["时间"]
    assert dict(meta_lines(guessed))["时间"] == "11月18日下午"  # the document itself quotes the record

    linked = settle_meeting_day(guessed, reference_day=date(2025, 11, 18), today=date(2027, 1, 6))
    assert linked.meeting_day == "2025-11-18" and "关联协商活动" in linked.meeting_day_basis
    assert {a.owner: a.due_date for a in linked.actions}["街道办"] == "2025-12-05"
    # The 定稿 keeps counting from that day, also for a time limit staff edited.
    edited = linked.model_copy(update={"actions": [linked.actions[0].model_copy(update={"due": "一周内"})]})
    assert finalise(edited).actions[0].due_date == "2025-11-25"


def test_a_roster_nickname_with_the_full_name_in_brackets():
    text = "参加人员：居民代表晏大爷（晏长福）、社区主任訾红\n訾红：开会。\n晏大爷：我说两句，楼道灯要修。\n"
    assert "晏长福" in speakers(text) and "晏大爷" not in {p.name for p in draft_minutes(text).participants}


def test_a_heading_before_the_name_the_host_turns_to():
    found = actions_of("冉志（某某餐饮公司经理）", "冉志：我们可以做。\n隗明：具体分工：冉经理，你们公司5月20日前把菜单报给社区。\n")
    assert found and found[0][0] == "某某餐饮公司" and found[0][3] == "2026-05-20"


def test_a_standing_objection_after_a_numbered_point_is_neither_agreed_nor_a_task():
    draft = draft_minutes(HEAD.format(people="甘露、岑伟") + (
        "甘露：收费太高，我不同意。\n岑伟：我同意。\n"
        "隗明：我归纳一下。第一，先试运行三个月。第二，成立监督小组。甘露对收费仍有保留意见，会后社区再上门听取意见。\n"
    ))
    assert any(c.startswith("成立监督小组") for c in draft.consensus)
    assert not any("保留意见" in c for c in draft.consensus)
    assert not any("保留意见" in a.task for a in draft.actions)
    assert [d.name for d in dissenters(draft)] == ["甘露"]
