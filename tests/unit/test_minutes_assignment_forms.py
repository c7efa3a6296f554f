"""Assignment forms of a division of work (issue 12), each as a general pattern with invented sentences.

The sentences are invented. Several were first written as light rewordings of dev3 lines (a review
found five); those were reworded again into different wordings of the same general form."""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes

HEAD = "主持人：隗明（街道办副主任）\n时间：2026年5月6日（星期三）\n参加人员：{people}\n"


def actions_of(people: str, body: str) -> list[tuple[str, str, str, str]]:
    draft = draft_minutes(HEAD.format(people=people) + body)
    return [(a.owner, a.task, a.due, a.due_date) for a in draft.actions]


PEOPLE = "甘露（社区主任）、柯林（区城管局科员）、万小燕（社区网格员）、廖红（区水务局工程师）"


def test_the_lead_takes_the_work_and_the_assistant_is_named_in_it():
    # 由A牵头，B配合，（时限）（任务）: one item, the lead's.
    found = actions_of(PEOPLE, "甘露：好。\n隗明：分工：由区城管局牵头，社区配合，下周五前把沿街商户底数摸清楚。\n")
    assert found == [("区城管局", "把沿街商户底数摸清楚（社区配合）", "下周五前", "2026-05-15")]


def test_handing_a_matter_over_names_who_does_it():
    # （某事）交给X来办: X is the owner, the matter is the task's subject.
    found = actions_of(PEOPLE, "甘露：好。\n隗明：停车收费的事情，就交给柯林科员来办，跟运营公司谈，两周内拿个方案。\n")
    assert len(found) == 1
    owner, task, due, due_date = found[0]
    assert (owner, due, due_date) == ("柯林", "两周内", "2026-05-20")
    assert "停车收费" in task and "拿个方案" in task


def test_handing_over_to_you_goes_to_the_person_addressed():
    found = actions_of(PEOPLE, "甘露：好。\n隗明：@柯林 小柯你熟悉，这份调查就交给你来办，三天内发到群里。\n")
    assert [(o, d) for o, _, d, _ in found] == [("柯林", "三天内")]


def test_giving_something_to_a_unit_is_no_assignment_to_it():
    # "下周三前交给社区" / "把意见交给村委会": the unit receives; it is not told to do anything.
    found = actions_of(PEOPLE, "甘露：我负责把登记表收齐，下周三前交给社区。\n隗明：没来得及发言的，可以会后把书面意见交给社区。\n")
    assert [o for o, *_ in found] == ["甘露"]


def test_work_said_before_a_bare_lead_belongs_to_the_lead():
    found = actions_of(PEOPLE, "甘露：好。\n隗明：三是组建一个巡河小组，区水务局牵头，每月巡一次。\n")
    assert found and found[0][0] == "区水务局" and "巡河小组" in found[0][1]


def test_a_person_called_by_the_given_name_is_addressed():
    found = actions_of(PEOPLE, "甘露：好。\n隗明：小燕，你把今天定的事情贴到公示栏。\n")
    assert found and found[0][0] == "万小燕" and "公示栏" in found[0][1]


def test_the_host_taking_on_what_was_just_said():
    found = actions_of(PEOPLE, "甘露：好。\n隗明：垃圾桶的问题，环卫所每天晚上多收一次，这个我来协调。\n")
    assert found and found[0][0] == "隗明" and "多收一次" in found[0][1]


def test_a_persons_own_dated_commitment_and_a_start_date():
    found = actions_of(PEOPLE, (
        "廖红：我明天把水质报告发到群里。\n"
        "柯林：我从下周一开始，每天傍晚到河边来巡查，先劝导。\n"
        "隗明：好。\n"
    ))
    by_owner = {o: (t, d, dd) for o, t, d, dd in found}
    assert by_owner["廖红"] == ("把水质报告发到群里", "明天", "2026-05-07")
    assert by_owner["柯林"][1:] == ("待定", "")  # a start date is not a time limit
    assert "巡查" in by_owner["柯林"][0]


def test_giving_the_floor_is_no_task():
    assert actions_of(PEOPLE, "隗明：人到齐了，先请甘露，甘主任先说一下情况。\n甘露：好的。\n") == []


def test_an_acknowledgement_with_a_date_dates_the_hosts_item():
    found = actions_of(PEOPLE, "隗明：廖工你那边派人来测一下水压。\n廖红：好的，我下个星期二带仪器过来测。\n")
    assert found == [("廖红", found[0][1], "下个星期二", "2026-05-12")] and "水压" in found[0][1]


def test_an_acknowledgement_of_an_assignment_to_ones_unit_is_not_a_second_item():
    found = actions_of(PEOPLE, "隗明：分工：社区负责摸清空置车位能否临时开放（5月20日前）。\n万小燕：收到，我明天就去物业问。\n")
    assert [(o, d) for o, _, d, _ in found] == [("社区", "5月20日前")]


def test_the_hosts_short_word_on_an_offer_is_the_same_item():
    found = actions_of(PEOPLE, "柯林：这个事情我来跟物业一起研究，两周内给大家回个话。\n隗明：好，柯林科员牵头来研究。\n")
    assert [(o, d) for o, _, d, _ in found] == [("柯林", "两周内")]


def test_the_person_turned_to_answers_for_their_side():
    found = actions_of(PEOPLE, "隗明：甘主任，社区这边把独居老人名单摸一下，下周五前报给街道。\n甘露：好。\n")
    assert found and found[0][0] == "甘露" and found[0][2] == "下周五前"


def test_turning_to_another_person_ends_the_task_before():
    found = actions_of(PEOPLE + "、卜兰（居民）", (
        "廖红：排水管的走向，区水务局月底前组织复核，卜阿姨你家楼后那段我们另外去查一下。\n隗明：好。\n"
    ))
    assert found and found[0][0] == "区水务局"
    assert "排水管" in found[0][1] and "卜阿姨" not in found[0][1]


def test_a_rule_the_host_asks_a_party_to_keep():
    found = actions_of(PEOPLE, "隗明：噪音的问题，从明天起，晚上十点以后一律不准施工，这个请施工单位严格执行。\n甘露：好。\n")
    assert found and found[0][0] == "施工单位" and "十点以后" in found[0][1] and found[0][2] == "待定"


def test_a_name_with_its_unit_in_brackets_before_the_limit():
    found = actions_of("严冬（某某超市）", "严冬：好。\n隗明：3. 严冬（某某超市）下周五前报来货架的摆放图。\n")
    assert found and found[0][0] == "严冬" and found[0][3] == "2026-05-15"


def test_a_third_person_record_reports_the_speakers_pledge():
    text = (
        "时间：2026年5月6日\n主持人：隗明\n参加人员：隗明、邵军（区工商联）\n\n"
        "1. 邵军（区工商联）发言：\n他随即承诺，联系会员企业捐一批桌椅，这个月内送到。\n"
        "2. 隗明总结：\n会议同意建设助餐点。\n"
    )
    found = [(a.owner, a.due) for a in draft_minutes(text).actions]
    assert ("邵军", "这个月内") in found


def test_colloquial_division_of_work_and_a_numbered_group():
    found = actions_of(PEOPLE + "、冉贵（三组组长）", (
        "隗明：下面分一下工：甘主任负责把申请材料整好，这个月底前报到镇上。\n"
        "冉贵：我们三组来负责出工的名单，下周五前统计出来。\n"
    ))
    by_owner = {o: (d, dd) for o, _, d, dd in found}
    assert by_owner["甘露"] == ("这个月底前", "2026-05-31")
    assert by_owner["三组"] == ("下周五前", "2026-05-15")


def test_next_weeks_day_in_other_words_and_a_lunar_month():
    from datetime import date

    from assistant.drafting.minutes.actions import resolve_due

    wednesday = date(2026, 5, 6)
    assert resolve_due("下个星期二", wednesday) == resolve_due("下周二", wednesday) == "2026-05-12"
    assert resolve_due("下礼拜五前", wednesday) == "2026-05-15"
    assert resolve_due("冬月底之前", wednesday) == ""  # a lunar month names no calendar day


def test_a_division_headed_as_follows_with_village_committees_and_each_group():
    found = actions_of(PEOPLE, (
        "甘露：好。\n"
        "隗明：具体分工如下：区水务局牵头、社区配合，在5月20日前制定排水改造方案；东岭村、西岭村两委本月底前摸清受影响户数；"
        "由区政协向区政府反映补助问题。\n"
        "隗明：清淤从下周起开始，各组先把自己门前那段的淤泥清了。\n"
    ))
    by_owner = {o: (t, d) for o, t, d, _ in found}
    assert by_owner["区水务局"] == ("制定排水改造方案（社区配合）", "5月20日前")
    assert by_owner["东岭村、西岭村两委"][1] == "本月底前"
    assert "反映" in by_owner["区政协"][0]
    assert by_owner["各组"][1] == "待定"


def test_a_persons_own_plans_are_no_commitment():
    found = actions_of(PEOPLE, "廖红：我明天要去医院，来不了。\n柯林：我这边下周一开始上班了。\n隗明：好。\n")
    assert found == []
