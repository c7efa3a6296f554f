"""Reading assignments the way people say them: the meeting day, whom the host turns to, what an
accepted offer was, and what span a task keeps. Small invented examples (a library, a bus stop, a
riverside path), not taken from any evaluation transcript."""

from assistant.drafting.minutes import draft_minutes


def _actions(text):
    return [(a.owner, a.task, a.due, a.due_date) for a in draft_minutes(text).actions]


HEADER = (
    "时间：2026年5月6日\n主持人：甘立平\n"
    "参加：滕秀云（村民）、符家明（县政协委员）、欧阳松（县水利局）、卜晓梅（社区社工）、邝国华（书屋理事长）\n"
)


# --- the meeting day --------------------------------------------------------------------------


def test_the_chairs_words_date_a_recording_export_whose_header_gives_no_meeting_day():
    text = (
        "青石村图书室协商_录音转写\n转写时间：2026-05-20 09:00  时长：00:40:00\n\n"
        "甘立平 (00:00:03)\n好 我们开始 今天是2026年5月8日 在村委会 说一下图书室的事\n\n"
        "滕秀云 (00:01:10)\n图书室要有人管\n\n"
        "甘立平 (00:02:00)\n那就请青石村两周内把管理员定下来 好 散会\n"
    )
    draft = draft_minutes(text)
    assert draft.meeting_day == "2026-05-08"
    assert ("青石村", "把管理员定下来", "两周内", "2026-05-22") in _actions(text)


def test_a_recordings_file_name_and_a_long_metadata_line_date_the_meeting():
    text = (
        "青石村图书室协商_20260605.m4a\n"
        "转写日期：2026-06-05　时长：00:20:11　来源：某某听写（自动转写，未校对）\n\n"
        "甘立平 00:00:04\n好 我们开始\n\n滕秀云 00:00:30\n图书室要有人管\n\n"
        "甘立平 00:01:00\n那就请青石村两周内把管理员定下来 好 散会\n"
    )
    assert draft_minutes(text).meeting_day == "2026-06-05"


def test_a_date_written_in_characters_dates_the_meeting():
    text = (
        "日期：二〇二六年九月十六日（星期三）上午九时\n主持：甘立平\n参加：滕秀云\n"
        "甘立平：请青石村一周内把图书目录整理出来。\n滕秀云：好。\n"
    )
    assert draft_minutes(text).meeting_day == "2026-09-16"
    assert _actions(text)[0][3] == "2026-09-23"


def test_a_recorders_line_on_the_hosts_closing_summary_gives_the_host_the_words():
    text = (
        "时间：2026年5月6日\n主持：甘立平（村党支部书记）\n参加：滕秀云（村民）、卜晓梅（社区社工）\n\n"
        "一、滕秀云同志发言\n\n滕秀云说，图书室晚上没人开门。\n\n"
        "最后，甘立平书记作了总结。他说，形成以下意见：\n\n"
        "一是图书室晚上开放。就请卜晓梅把志愿者排班表排出来。\n"
    )
    actions = draft_minutes(text).actions
    assert [(a.owner, a.sources[0].speaker) for a in actions] == [("卜晓梅", "甘立平")]


# --- whom the host turns to -----------------------------------------------------------------


def test_what_the_host_says_to_the_person_named_is_the_task_not_only_the_dated_clause():
    text = HEADER + "甘立平：符委员，你回去把书友会开了，先把借阅规则拿去讨论，这个月底之前，讨论结果报村上。\n"
    [(owner, task, due, due_date)] = _actions(text)
    assert (owner, due, due_date) == ("符家明", "这个月底之前", "2026-05-31")
    assert "书友会" in task and "讨论结果" in task


def test_a_question_put_in_the_a_not_a_form_is_no_objection():
    text = HEADER + "甘立平：滕秀云，你一周内把各户愿不愿意出让旧书问清楚，列个表。\n"
    [(owner, task, due, _)] = _actions(text)
    assert owner == "滕秀云" and "旧书" in task and due == "一周内"


def test_the_person_named_after_a_heading_of_the_hosts_own_is_the_owner():
    text = (
        HEADER
        + "甘立平：具体几件事：符委员，你把书屋这三年的借阅台账理出来，月底前贴到公开栏。\n"
        + "甘立平：分工就按刚才说的：卜晓梅一周内贴公告。\n"
    )
    actions = _actions(text)
    assert ("符家明", "把书屋这三年的借阅台账理出来，贴到公开栏", "月底前", "2026-05-31") in actions
    assert ("卜晓梅", "贴公告", "一周内", "2026-05-13") in actions


def test_each_groups_leader_and_people_called_by_given_name_or_as_neighbours():
    text = (
        HEADER
        + "甘立平：各组组长一个礼拜内把本组借书户名单核一遍交到村委会。\n"
        + "甘立平：晓梅月底前入户发借书证，滕姐下周五前排好值班表。\n"
    )
    owners = [(o, d) for o, _, d, _ in _actions(text)]
    assert ("各组组长", "一个礼拜内") in owners
    assert ("卜晓梅", "月底前") in owners and ("滕秀云", "下周五前") in owners


def test_two_parties_that_each_do_it_get_an_item_each_and_one_office_named_with_he_stays_one():
    text = HEADER + "甘立平：滕秀云对收费仍持不同意见，会后由青石镇和县文旅局分别做好解释说明。\n"
    assert sorted(o for o, _, _, _ in _actions(text)) == ["县文旅局", "青石镇"]
    one = HEADER + "甘立平：由县自然资源和规划局牵头，于6月30日前拿出书屋用地方案。\n"
    assert [o for o, _, _, _ in _actions(one)] == ["县自然资源和规划局"]


def test_a_bureaus_section_a_units_staff_and_a_committee_handed_work():
    text = (
        HEADER
        + "甘立平：欧阳股长，借阅补贴的申请流程，麻烦你们经管股两周内给个书面说明。\n"
        + "甘立平：会后由社区网格员上门跟各户做好解释工作。\n"
        + "甘立平：滕秀云同志对收费的意见，由县政协文史委整理后随协商成果一并报县政府。\n"
        + "甘立平：县政协文史委将跟踪督办。\n"
    )
    owners = [o for o, _, _, _ in _actions(text)]
    assert owners == ["经管股", "社区网格员", "县政协文史委"]


def test_judging_someones_idea_is_not_work_for_them():
    text = HEADER + "甘立平：符委员这个提议很好，就这么定，请符委员牵头，到村里开一次读书会。\n"
    actions = _actions(text)
    assert len(actions) == 1 and "读书会" in actions[0][1]


def test_a_matter_named_and_then_followed_up_by_a_party_is_an_item():
    named = HEADER + "甘立平：图书角对接的事，社区会后跟学校再沟通。\n"
    assert [o for o, _, _, _ in _actions(named)] == ["社区"]
    vague = HEADER + "甘立平：社区会后再沟通。\n"
    assert _actions(vague) == []


def test_a_dated_clause_after_the_host_turns_to_someone_else_is_theirs():
    text = HEADER + "甘立平：一个是书架 青石村来做 再一个是水质 欧阳股长 水质这个就麻烦你 一个礼拜内测一次\n"
    assert any(o == "欧阳松" and d == "一个礼拜内" for o, _, d, _ in _actions(text))


def test_a_person_told_by_qing_does_what_follows_and_a_title_before_the_verb():
    text = (
        HEADER
        + "甘立平：请符委员形成一份社情民意信息向县里反映，时间上争取国庆节后报上去。\n"
        + "甘立平：2. 邝国华理事长按其承诺，本月底前先退还押金的一半。\n"
        + "甘立平：好，符委员就帮着把关，书单出来以后国庆节前给个书面意见。\n"
        + "甘立平：请符家明大爷说两句。\n"
    )
    actions = _actions(text)
    assert any(o == "符家明" and "社情民意信息" in t and d == "国庆节后" for o, t, d, _ in actions)
    assert any(o == "邝国华" and "押金" in t and d == "本月底前" for o, t, d, _ in actions)
    assert any(o == "符家明" and "书面意见" in t and d == "国庆节前" for o, t, d, _ in actions)
    assert len(actions) == 3


def test_no_owner_from_a_connective_or_the_inside_of_a_company():
    text = (
        "时间：2026年5月6日\n主持人：甘立平\n参加：宋晓（园区平台公司副经理）、滕秀云（村民）\n"
        "甘立平：再加上物业这边出点人工。\n"
        "甘立平：@宋晓 场地费的事麻烦你们公司内部先议一下，下周五前给管委会一个意见。\n"
    )
    assert [(o, d) for o, _, d, _ in _actions(text)] == [("园区平台公司", "下周五前")]


# --- accepted offers ------------------------------------------------------------------------


def test_the_host_taking_up_an_offer_keeps_what_was_offered():
    text = (
        HEADER
        + "符家明（县政协委员）：我可以联系一家做白蚁防治的公司来免费看一下，先出个方案。\n"
        + "甘立平：好的符委员，那就麻烦您了，月底前约过来看一下。\n"
    )
    [(owner, task, due, _)] = _actions(text)
    assert owner == "符家明" and "白蚁" in task and "约过来" in task and due == "月底前"
    assert "麻烦您" not in task


def test_a_confirmation_takes_the_point_just_stated_or_the_words_after_it():
    point = HEADER + "甘立平：一个是书架 邝老板自己出钱买书架 放在二楼 邝老板就按你说的 月底前装好 再一个是灯\n"
    [(owner, task, due, _)] = _actions(point)
    assert owner == "邝国华" and "书架" in task and due == "月底前"
    after = HEADER + "甘立平：4. 这个我们支持，邝理事长就按你说的，旧仓库改阅览室，五月底前具备开放条件。\n"
    [(owner, task, due, _)] = _actions(after)
    assert owner == "邝国华" and "旧仓库" in task and due == "五月底前"


def test_a_limit_said_with_zhiqian_and_with_qian_is_one_item_with_the_fuller_wording():
    text = (
        HEADER
        + "甘立平：好，卜晓梅你牵头把读书会志愿者的名单排出来，4月10号之前给我。\n"
        + "滕秀云：好。\n"
        + "甘立平：分工：卜晓梅4月10号前排好志愿者。\n"
    )
    actions = _actions(text)
    assert len(actions) == 1 and actions[0][0] == "卜晓梅"
    fuller = (
        HEADER
        + "甘立平：好，那就请符委员五一前把免费上门借书这个事做了，具体哪天你跟滕秀云对一下。\n"
        + "符家明：行。\n"
        + "甘立平：分工上，符委员五一前上门免费借书。\n"
    )
    [(_, task, _, _)] = _actions(fuller)
    assert "免费上门借书" in task


def test_the_matter_stated_before_that_is_handed_over_is_part_of_the_task():
    text = HEADER + "甘立平：欧阳股长，借阅补贴到底咋个补、补好多，那就请你们县水利局两周内给我们问个准信，我们好跟各户解释。\n"
    [(owner, task, due, _)] = _actions(text)
    assert owner == "县水利局" and "借阅补贴" in task and due == "两周内"


def test_a_units_staff_named_by_their_work_do_not_make_it_the_owner_of_a_list():
    text = HEADER + "甘立平：二是上门时由志愿者陪同，快递公司上门人员名单在社区公示。\n"
    assert all(o != "快递公司" for o, _, _, _ in _actions(text))


def test_a_day_said_in_characters_takes_its_year_from_the_record():
    text = (
        "录音转写\n\n甘立平 00:00:01\n好 今天是三月五号 我们开个短会\n\n滕秀云 00:00:20\n书架太旧了\n\n"
        "甘立平 00:01:00\n那就请青石村两周内出个方案 好 散会\n\n（2026年3月6日整理）\n"
    )
    draft = draft_minutes(text)
    assert draft.meeting_day == "2026-03-05" and draft.actions[0].due_date == "2026-03-19"


def test_a_matter_handed_to_someone_who_then_takes_it_on_is_their_item():
    text = (
        HEADER
        + "甘立平：卜晓梅，借书证的事……\n"
        + "卜晓梅（社区社工）：我来跟学校对接，我把名单发到群里。\n"
        + "甘立平：好。\n"
    )
    [(owner, task, _, _)] = _actions(text)
    assert owner == "卜晓梅" and "借书证" in task
    declined = HEADER + "甘立平：卜晓梅，借书证的事……\n卜晓梅（社区社工）：我觉得这个要学校来定。\n"
    assert _actions(declined) == []


def test_the_enumerator_of_a_summary_point_and_hui_hou_stay_out_of_the_task():
    text = (
        HEADER
        + "甘立平：第一，书架先换。第二，邝理事长就按你说的，旧仓库加固，六月底前完工。\n"
        + "甘立平：借书证的事，社区会后跟学校再对接。\n"
    )
    tasks = [t for _, t, _, _ in _actions(text)]
    assert "旧仓库加固" in tasks[0] and "第二" not in tasks[0]
    assert tasks[1] == "借书证的事：跟学校再对接"


def test_an_offer_the_host_thanks_the_person_for_is_an_item_and_a_hedged_one_is_not():
    text = (
        HEADER
        + "符家明（县政协委员）：我可以在政协的提案里把书屋经费的事反映一下。\n"
        + "甘立平：那太好了，谢谢符委员。下面我归纳一下。\n"
    )
    [(owner, task, due, _)] = _actions(text)
    assert owner == "符家明" and "书屋经费" in task and due == "待定"
    hedged = (
        HEADER
        + "符家明（县政协委员）：我可以来讲一次课，不过要看单位排班，现在不好定。\n"
        + "甘立平：好的，谢谢符委员。\n"
    )
    assert _actions(hedged) == []


def test_enumerated_parts_of_one_task_stay_one_item_and_a_holiday_is_nobodys_given_name():
    parts = HEADER + "甘立平：由社区负责，一是摸排，二是登记，月底前完成。\n"
    assert _actions(parts) == [("社区", "一是摸排，二是登记", "月底前", "2026-05-31")]
    holiday = (
        "时间：2026年5月6日\n主持人：甘立平\n参加：林国庆（村民）、滕秀云（村民）\n"
        "甘立平：国庆假期后把方案报上来，由县文旅局负责。\n"
    )
    assert all(o != "林国庆" for o, _, _, _ in _actions(holiday))


def test_thanks_for_a_report_of_the_past_is_no_item():
    text = (
        HEADER
        + "卜晓梅（社区社工）：我们社区能做的都做了，去年就组织过两次图书义卖。\n"
        + "甘立平：好，谢谢卜晓梅。\n"
    )
    assert _actions(text) == []


def test_an_offer_to_find_something_out_is_no_question_and_a_spoken_opening_stays_out():
    text = (
        HEADER
        + "符家明（县政协委员）：我可以帮大家问问县里有没有书屋的补贴。\n"
        + "甘立平：那太好了，谢谢符委员。\n"
    )
    [(owner, task, _, _)] = _actions(text)
    assert owner == "符家明" and "补贴" in task
    spoken = (
        "录音转写\n时间：2026年5月6日\n\n甘立平 00:00:01\n好 我们开始\n\n"
        "符家明 00:01:00\n我补充一下 我可以去联系一家做书架的厂 先请他们来量一下尺寸\n\n"
        "甘立平 00:02:00\n好的符委员 那就麻烦您了 下周五前约他们来一趟\n"
    )
    [(owner, task, due, _)] = _actions(spoken)
    assert owner == "符家明" and task.startswith("联系一家做书架的厂") and due == "下周五前"


def test_an_offer_with_the_subject_left_out_thanked_after_a_repeated_yes():
    text = (
        HEADER
        + "滕秀云（村民）：我家有台三轮车，可以拿出来拉书，油钱大家出就行。\n"
        + "甘立平：要得要得，那就谢谢滕秀云了。\n"
    )
    [(owner, task, _, _)] = _actions(text)
    assert owner == "滕秀云" and "三轮车" in task
    opinion = HEADER + "滕秀云（村民）：我觉得可以拿出来拉书。\n甘立平：好，谢谢滕秀云。\n"
    assert _actions(opinion) == []
