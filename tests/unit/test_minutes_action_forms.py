"""Forms of assignment in Chinese meeting records, on small invented examples (not taken from any
evaluation transcript)."""

from datetime import date

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.actions import find_due, resolve_due


def test_a_period_counted_from_an_event_keeps_the_event_and_has_no_date():
    text = "请县水利局在管道验收后两周内出具水质报告。"
    assert find_due(text) == "管道验收后两周内"
    assert resolve_due("管道验收后两周内", date(2026, 5, 6)) == ""
    assert resolve_due("两周内", date(2026, 5, 6)) == "2026-05-20"


def _actions(text):
    return [(a.owner, a.task, a.due, a.due_date) for a in draft_minutes(text).actions]


HEADER = "时间：2026年5月6日\n主持人：甘立平\n参加：滕秀云（村民）、符家明（县政协委员，县文化馆）\n"


def test_the_lead_unit_owns_the_work_it_does_together_with_another():
    actions = _actions(HEADER + "甘立平：好，我归纳一下。由镇政府牵头，会同青石村，在两周内完成两处选址的踏勘。\n")
    assert [(o, d) for o, _, d, _ in actions] == [("镇政府", "两周内")]
    assert "踏勘" in actions[0][1]


def test_that_is_settled_then_unit_in_charge():
    actions = _actions(HEADER + "滕秀云：我们愿意出力。\n甘立平：好，那就青石村负责召开群众会，月底前把表决结果拿出来。\n")
    assert actions and actions[0][0] == "青石村" and "群众会" in actions[0][1] and actions[0][3] == "2026-05-31"


def test_a_list_line_under_a_unit_names_the_person_in_charge():
    text = HEADER + "甘立平：我归纳一下。\n分工：\n1. 县文化馆：符家明同志负责首批图书的配送，场地交付后一个月内上架。\n"
    assert _actions(text) == [("符家明", "首批图书的配送，上架", "场地交付后一个月内", "")]


def test_a_person_line_inside_the_hosts_task_list_is_an_item_not_a_new_turn():
    text = (
        HEADER
        + "符家明（县政协委员，县文化馆）：图书我们来配。\n"
        + "甘立平：好，我归纳一下。\n分工：\n青石村：月底前完成场地清理。\n符家明委员：下月15日前配齐首批图书。\n"
    )
    actions = _actions(text)
    assert ("符家明", "配齐首批图书", "下月15日前", "2026-06-15") in actions
    assert any(o == "青石村" and "场地清理" in t and d == "月底前" for o, t, d, _ in actions)


def test_the_date_in_a_recordings_file_name_dates_the_meeting():
    text = (
        "文件名：2026年5月6日 青石村图书室协商.m4a\n时长：00:20:11\n\n"
        "甘立平 00:00:04\n好 我们开始\n\n滕秀云 00:00:30\n图书室要有人管\n\n"
        "甘立平 00:01:00\n那就请青石村两周内把管理员定下来 好 散会\n"
    )
    assert draft_minutes(text).meeting_day == "2026-05-06"
    assert ("青石村", "把管理员定下来", "两周内", "2026-05-20") in _actions(text)


def test_the_summarys_restatement_gives_the_items_wording():
    text = (
        HEADER
        + "甘立平：好，符委员下周五前把旧楼的验收报告和相关的图纸资料交给村里。\n"
        + "符家明（县政协委员，县文化馆）：可以。\n"
        + "甘立平：我归纳一下。符家明委员下周五前把旧楼验收报告原件交给村里。散会。\n"
    )
    actions = _actions(text)
    assert len(actions) == 1 and "验收报告原件" in actions[0][1]


def test_plans_proposals_and_promises_of_thought_are_no_assignments():
    text = (
        HEADER
        + "符家明（县政协委员，县文化馆）：我补充一句，县文化馆从6月1日起开展送书下乡，青石村列入第一批。\n"
        + "滕秀云（村民）：我建议镇政府汛期前把河堤也修一下。\n"
        + "甘立平：好，这个建议我们政协在以后安排活动的时候会统筹考虑。上述事项，请各责任单位按时限推进。"
        + "另外，滕秀云同志对补偿标准仍有意见，镇里如实反映。散会。\n"
    )
    assert _actions(text) == []


def test_spoken_handing_over_forms_name_the_owner_and_keep_the_matter():
    text = (
        "时间：2026年5月6日\n主持人：甘立平\n参加：滕秀云（村民）、符家明（青石村的会计）\n"
        "滕秀云：仓库要先打扫。\n"
        "甘立平：事情嘛，这么落实：村两委月底前把仓库的安全鉴定做了；打扫的事交给滕秀云，刚才说了，下个月10号前。\n"
        "甘立平：好 那接送就青石村负责 符会计你们把路线排好 保险这个就请滕秀云下周五前落实\n"
    )
    actions = _actions(text)
    owners = {o: (t, d) for o, t, d, _ in actions}
    assert owners["村两委"][1] == "月底前" and "安全鉴定" in owners["村两委"][0]
    assert "打扫" in owners["滕秀云"][0] or any(o == "滕秀云" and "打扫" in t for o, t, _, _ in actions)
    assert any(o == "青石村" and "接送" in t and "路线" in t for o, t, _, _ in actions)
    assert any(o == "滕秀云" and "保险" in t and d == "下周五前" for o, t, d, _ in actions)
    assert "符家明" not in owners and "刚才说了" not in " ".join(t for _, t, _, _ in actions)


def test_one_party_named_twice_in_a_sentence_or_across_the_meeting_is_one_item():
    # The cleaning is offered mid-meeting and assigned in the closing list: one item. (Two items
    # of one list are two tasks: test_minutes_review7.)
    text = (
        "时间：2026年5月6日\n主持人：甘立平\n参加：滕秀云（村民）、符家明（青石社区）\n"
        "2026-05-06 19:00 甘立平（镇政协联络组）\n今晚议路灯。\n\n"
        "2026-05-06 19:05 青石社区 符家明\n我们社区来组织巡查吧\n\n"
        "2026-05-06 19:10 滕秀云（村民）\n我下周五前把打扫的人排好\n\n"
        "2026-05-06 19:06 甘立平（镇政协联络组）\n好，那巡灯就由青石社区负责，网格员每周巡查一次，请社区在本月底前把巡查表定下来。"
        "@符家明 请在下周三前把排班表发群里\n\n"
        "2026-05-06 19:20 甘立平（镇政协联络组）\n最后明确几件事：\n1. 青石社区下周三前发排班表；\n2. 打扫的事交给滕秀云，下周五前打扫干净。\n"
    )
    actions = _actions(text)
    assert [(o, d) for o, _, d, _ in actions if o in ("青石社区", "符家明")] == [("青石社区", "本月底前"), ("青石社区", "下周三前")]
    assert len([a for a in actions if a[0] == "滕秀云"]) == 1


def test_task_list_items_holiday_limits_and_a_second_task_with_its_own_limit():
    text = (
        HEADER
        + "甘立平：大家说得差不多了，最后明确几件事。\n分工：\n"
        + "1. 滕秀云：雨天早班车推迟半小时发车（长期执行）\n"
        + "2. 青石村：负责图书室的日常值守，并于5月20日前向县文化馆报送补助申报材料\n"
        + "3. 符家明委员节后把这次协商情况整理成报告\n"
    )
    actions = _actions(text)
    assert ("滕秀云", "雨天早班车推迟半小时发车（长期执行）", "待定", "") in actions
    assert ("青石村", "图书室的日常值守", "待定", "") in actions
    assert ("青石村", "向县文化馆报送补助申报材料", "5月20日前", "2026-05-20") in actions
    assert any(o == "符家明" and d == "节后" and dd == "" for o, _, d, dd in actions)


def test_an_asr_line_running_on_into_a_question_keeps_the_assignment_and_settles_the_offer():
    text = (
        "文件名：2026年5月6日 协商.m4a\n\n"
        "甘立平 00:00:04\n好 我们开始 空地的事 符主任\n\n"
        "符家明 00:00:10\n我们街道来弄吧 废品点我们月底前挪走 把地让出来\n\n"
        "甘立平 00:00:20\n好 那就街道负责 月底前腾空地块 嗯 保洁的预算呢\n\n"
        "滕秀云 00:00:30\n预算我们报\n"
    )
    assert _actions(text) == [("街道", "腾空地块", "月底前", "2026-05-31")]


def test_this_months_end_and_the_months_end_are_one_limit_when_an_item_is_restated():
    text = (
        HEADER
        + "甘立平：好，那巡查就由青石村负责，请村里在本月底前把巡查表定下来。\n"
        + "滕秀云：好。\n"
        + "甘立平：我归纳一下。青石村负责建立巡查机制，月底前定出巡查表。散会。\n"
    )
    assert [(o, dd) for o, _, _, dd in _actions(text)] == [("青石村", "2026-05-31")]


def test_a_task_turned_to_someone_about_what_was_just_said_keeps_that_context():
    text = HEADER + "甘立平：好，记下来。三楼还有一户住户今天没来，滕秀云你抽时间上门去沟通一下。\n"
    actions = _actions(text)
    assert len(actions) == 1 and actions[0][0] == "滕秀云"
    assert actions[0][1] == "三楼还有一户住户今天没来，抽时间上门去沟通一下"


def test_a_task_table_written_as_a_line_of_fields_and_a_limit_in_the_decision():
    text = (
        HEADER
        + "甘立平：下面明确分工。\n"
        + "1. 事项：修复坏灯；责任单位：青石村；完成时限：5月20日前\n"
        + "2. 事项：每月巡查；责任单位：县文化馆；完成时限：长期\n"
    )
    assert _actions(text) == [("青石村", "修复坏灯", "5月20日前", "2026-05-20"), ("县文化馆", "每月巡查", "待定", "")]
    decided = HEADER + "甘立平：我归纳一下。\n会议明确以下事项：\n（一）坏灯5月20日前修复，由青石村负责；\n"
    assert _actions(decided) == [("青石村", "坏灯修复", "5月20日前", "2026-05-20")]


PEOPLE_HEADER = "时间：2026年5月6日\n主持人：甘立平\n参加：滕秀云（居民）、符家明（供电所所长）、柏玉芬（青石社区主任）、李建（区政协委员）\n"


def test_polite_forms_of_handing_over_a_recurring_limit_and_the_addressees_own_unit():
    said = PEOPLE_HEADER + (
        "甘立平：路灯补贴这个事情就拜托李委员了，月底前给个答复。麻烦符所长两周内把线路查一遍。"
        "柏主任，你们社区下周一前把坏灯位置报上来。社区要在每月5号前报一次巡查情况。\n"
    )
    actions = _actions(said)
    assert ("李建", "路灯补贴这个事情：给个答复", "月底前", "2026-05-31") in actions
    assert ("符家明", "把线路查一遍", "两周内", "2026-05-20") in actions
    assert ("青石社区", "把坏灯位置报上来", "下周一前", "2026-05-11") in actions
    assert any(d == "每月5号前" and dd == "" for _, _, d, dd in actions)


def test_a_chat_mention_and_a_leading_vocative_are_not_part_of_the_task():
    text = (
        "2026-05-06 19:00 甘立平（镇政协联络组）\n今晚议路灯\n\n"
        "2026-05-06 19:05 符家明（供电所）\n@甘立平 我们两周内把线换了\n\n"
        "2026-05-06 19:07 滕秀云（村民）\n好\n"
    )
    assert _actions(text) == [("供电所", "把线换了", "两周内", "2026-05-20")]
    asr = (
        "文件名：2026年5月6日 协商.mp3\n\n甘立平 00:00:03\n好 我们开始\n\n"
        "符家明 00:00:45\n我是供电所的符家明 线路老化了\n\n"
        "甘立平 00:01:05\n那符所长 你们供电所两周内把线换了\n"
    )
    assert _actions(asr) == [("供电所", "把线换了", "两周内", "2026-05-20")]
