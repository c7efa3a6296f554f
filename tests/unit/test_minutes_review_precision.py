"""Precision cases from the review of this round's minutes changes, each with invented sentences.

None of these sentences comes from an evaluation transcript; each is a general form the drafter
must not read as a task (or must read with the right owner)."""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes

HEAD = "主持人：隗明（街道办副主任）\n时间：2026年5月6日（星期三）\n参加人员：{people}\n"
PEOPLE = "甘露（社区主任）、柯林（区城管局科员）、施伟（居民）、廖红（区水务局工程师）"


def actions_of(body: str, people: str = PEOPLE) -> list[tuple[str, str]]:
    draft = draft_minutes(HEAD.format(people=people) + body)
    return [(a.owner, a.task) for a in draft.actions]


def test_an_office_named_with_ban_or_guan_receives_and_does_not_take_the_work():
    found = actions_of(
        "甘露：报名表我们汇总好，下周三前交给街道办。\n"
        "柯林：下周五前，把巡查记录交给物业管理处。\n"
        "隗明：好。\n"
    )
    owners = [o for o, _ in found]
    assert "街道办" not in owners and "物业管理处" not in owners
    assert all(not t.endswith("：") for _, t in found)


def test_handing_over_with_come_and_do_still_names_the_doer():
    found = actions_of("甘露：好。\n隗明：路灯的事，就交给区城管局来办，两周内修好。\n")
    assert [o for o, _ in found] == ["区城管局"]


def test_a_residents_own_visits_are_no_tasks():
    found = actions_of(
        "施伟：我下周去看我女儿，会就不来了。\n"
        "甘露：我后天去看病。\n"
        "施伟：我明天过来看热闹。\n"
        "施伟：我下周一来收拾一下我家阳台。\n"
        "隗明：好。\n"
    )
    assert found == []


def test_staff_coming_to_measure_is_still_their_task():
    found = actions_of("廖红：我下周二带人来测一下水压。\n隗明：好。\n")
    assert [o for o, _ in found] == ["廖红"]


def test_words_ending_in_gong_or_zong_are_no_person():
    found = actions_of(
        "甘露：好。\n"
        "隗明：施工要在月底前完成，分工要在下周一前定下来，开工前两天要通知到户。\n"
    )
    assert "施伟" not in [o for o, _ in found]


def test_a_surname_with_gong_addressed_still_takes_the_work():
    found = actions_of("甘露：好。\n隗明：施工，你负责下周五前把管线图纸拿出来。\n")
    assert [o for o, _ in found] == ["施伟"]


def test_a_surname_with_zong_and_a_time_limit_takes_the_work():
    found = actions_of("甘露：好。\n隗明：施总于下周五前把围挡装好。\n")
    assert [o for o, _ in found] == ["施伟"]


def test_a_report_made_in_the_past_is_no_task():
    found = actions_of("甘露：路灯的事怎么办？\n隗明：这个问题村里向上级反映过多次了，下周我再问问。\n")
    assert "村里" not in [o for o, _ in found]
    found = actions_of("甘露：好。\n隗明：村里向上级反映过多次了。\n")
    assert found == []


def test_a_report_to_be_made_is_still_a_task():
    found = actions_of("甘露：好。\n隗明：由区城管局向区政府反映路灯补助问题，月底前报上去。\n")
    assert [o for o, _ in found] == ["区城管局"]


def test_a_past_report_in_the_summary_is_no_consensus_point():
    draft = draft_minutes(
        HEAD.format(people=PEOPLE) + "甘露：好。\n隗明：我总结一下，会议同意先修路灯。村里向上级反映过多次了。\n"
    )
    assert draft.consensus == ["先修路灯。"]
