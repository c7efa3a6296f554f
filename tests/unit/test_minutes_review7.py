"""Cases from the seventh review of the minutes drafter, each on invented sentences.

None of these sentences comes from an evaluation transcript. Each is a general form of a meeting
record the drafter read wrongly: a refusal or a passing remark taken as agreement, a suggestion or
a mild preference taken as dissent (and so an explanation letter to the wrong person), a task
read out of a sentence that assigns nothing, or two tasks merged into one."""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.outcome_offline import dissenters

HEAD = (
    "会议时间：2027年3月10日\n主持人：林海（社区党委书记）\n"
    "参加人员：林海、周建明（区政协委员）、陶秀英（居民代表）、胡国庆（物业经理）\n"
    "林海：今天议一下小区北门停车的事。\n"
)


def draft(body: str):
    return draft_minutes(HEAD + body)


def letters_to(body: str) -> list[str]:
    return [getattr(x, "name", x) for x in dissenters(draft(body))]


def test_a_refusal_is_no_point_of_agreement():
    minutes = draft(
        "胡国庆：物业的想法是在北门划一排收费车位，每月一百五十元。\n"
        "陶秀英：收费这个方案我们坚决不接受。\n"
        "周建明：划车位我支持，价格可以再商量。\n"
        "林海：好，今天先听听大家的想法，下次再议。\n"
    )
    assert minutes.consensus == []
    assert letters_to(
        "胡国庆：物业的想法是在北门划一排收费车位，每月一百五十元。\n"
        "陶秀英：收费这个方案我们坚决不接受。\n"
        "林海：好，今天先听听大家的想法，下次再议。\n"
    ) == ["陶秀英"]


def test_a_yes_to_a_personal_remark_or_a_no_problem_about_oneself_agrees_nothing():
    minutes = draft(
        "林海：大家先说说情况。\n"
        "胡国庆：我下午还要去区里开个会，说完就得先走一步。\n"
        "陶秀英：行。\n"
        "陶秀英：北门晚上车太多，老人出门不安全。\n"
        "周建明：我家里老人身体都没问题。\n"
        "林海：好，今天先听听大家的想法，下次再议。\n"
    )
    assert minutes.consensus == []


def test_a_suggestion_the_host_notes_is_no_dissent():
    body = (
        "陶秀英：我担心晚上车多，老人出门不安全。\n"
        "胡国庆：物业会在北门安排保安晚上值守，再装两盏路灯。\n"
        "周建明：这个办法好，我支持。\n"
        "陶秀英：装了灯就好多了，谢谢物业。\n"
        "陶秀英：我另外提个建议，能不能在北门旁边放几张长椅，方便老人歇脚。\n"
        "林海：阿姨，您这个意见我们记下来了，会后再专门研究。\n"
    )
    assert letters_to(body) == []
    assert draft(body).disagreements == ["无"]


def test_a_mild_preference_after_a_concession_is_no_dissent():
    body = (
        "林海：下次协商会大家看哪天合适。\n"
        "陶秀英：哪天开都可以，就是不能太晚，老人晚上不方便。\n"
        "胡国庆：物业想在北门划一排临时车位，晚上安排保安值守。\n"
        "周建明：我支持，划线要避开消防通道。\n"
        "林海：我总结一下。第一，会议同意北门划临时车位，避开消防通道。第二，下次协商会安排在白天。"
        "分工：物业公司负责4月1日前完成划线。\n"
    )
    assert letters_to(body) == []


def test_a_topic_phrase_naming_residents_complaint_does_not_drop_the_agreed_point():
    minutes = draft(
        "胡国庆：物业想在北门划一排临时车位，晚上安排保安值守。\n"
        "周建明：我支持，划线要避开消防通道。\n"
        "林海：我总结一下。第一，针对居民对北门停车难有意见的问题，会议同意北门划临时车位，避开消防通道。"
        "第二，物业安排保安晚间值守。分工：物业公司负责4月1日前完成划线。\n"
    )
    assert any("划临时车位" in point for point in minutes.consensus)
    assert not any("4月1日" in point for point in minutes.consensus)  # the assignment is no point
    assert minutes.disagreements == ["无"]


def test_an_assignment_under_the_summarys_task_heading_is_never_a_point_of_agreement():
    minutes = draft(
        "胡国庆：物业想在北门划一排临时车位。\n"
        "林海：我总结一下。下次协商会安排在白天。分工：物业公司负责4月1日前完成划线。\n"
    )
    assert not any("划线" in point for point in minutes.consensus)
    assert [a.owner for a in minutes.actions] == ["物业公司"]  # a meeting is nobody's owner


def test_a_third_person_report_that_agrees_to_one_part_keeps_the_objection_to_another():
    body = (
        "胡国庆：物业想在北门划收费车位，每月一百五十元。\n"
        "陶秀英：收费我坚决不同意，老小区本来就该免费停。\n"
        "周建明：陶秀英说，她同意划车位，但收费她还是不同意。我建议先免费试行三个月。\n"
        "胡国庆：可以，先免费试三个月。\n"
        "林海：我总结一下。大家一致同意北门划车位，先免费试行三个月。分工：物业公司负责4月1日前完成划线。\n"
    )
    assert letters_to(body) == ["陶秀英"]


def test_a_statement_of_who_is_liable_is_no_task():
    minutes = draft(
        "胡国庆：物业想在北门划一排临时车位。\n"
        "林海：出了安全问题就物业负责，这是合同里写明的。\n"
        "林海：我总结一下。大家一致同意北门划临时车位。分工：物业公司负责4月1日前完成划线。\n"
    )
    assert [(a.owner, a.due) for a in minutes.actions] == [("物业公司", "4月1日前")]


def test_a_year_followed_by_hou_is_kept_whole_and_is_no_deadline_word():
    minutes = draft(
        "林海：我总结一下。大家一致同意北门划临时车位。分工：物业公司负责4月1日前完成划线；"
        "电梯更新由物业公司负责，2030年后将老电梯全部更换。\n"
    )
    lift = [a for a in minutes.actions if "电梯" in a.task]
    assert lift and lift[0].due != "年后"
    assert "2030年后" in lift[0].task or lift[0].due.startswith("2030")


def test_two_tasks_of_one_owner_that_share_a_place_stay_two():
    minutes = draft(
        "林海：我总结一下。大家一致同意北门划临时车位。分工：\n"
        "1. 物业公司月底前修好北门路灯；\n"
        "2. 物业公司月底前清运北门垃圾；\n"
        "3. 社区下周五前通知居民。\n"
    )
    tasks = [a.task for a in minutes.actions]
    assert any("路灯" in t for t in tasks) and any("垃圾" in t for t in tasks)


def test_a_roster_written_name_then_post_gives_each_person_their_own_post():
    minutes = draft_minutes(
        "会议时间：2027年3月10日\n主持人：林海（社区党委书记）\n"
        "参加人员：王明 站长 李红 主任 赵刚 区政协委员 陈静\n"
        "林海：今天议一下小区北门停车的事。\n王明：我说一下情况。\n"
    )
    roles = {p.name: p.role for p in minutes.participants}
    assert roles.get("王明") == "站长" and roles.get("李红") == "主任" and roles.get("赵刚") == "区政协委员"
    assert not roles.get("陈静")


def test_venues_of_any_public_kind_and_any_festival_limit_are_read_alike():
    minutes = draft(
        "林海：我总结一下。大家一致同意北门划临时车位。分工：\n"
        "1. 区档案馆下周五前把老小区的图纸找出来；\n"
        "2. 周建明委员端午后把这次协商情况整理成报告。\n"
    )
    found = [(a.owner, a.due) for a in minutes.actions]
    assert ("区档案馆", "下周五前") in found
    assert ("周建明", "端午后") in found


def test_a_speaker_id_takes_a_name_only_when_it_starts_with_the_surname_said():
    def names(line: str) -> list[str]:
        text = (
            "会议时间：2027年3月10日\n主持人：林海\n"
            "林海：今天议一下小区北门停车的事。\n"
            f"说话人2：{line}北门晚上车太多，老人出门不安全。\n"
            "[掌声]\n"
        )
        return [p.name for p in draft_minutes(text).participants]

    assert "王建华" in names("我姓王 王建华 住三栋。")
    # Speech-recognition text: "姓李" then whose wife she is; 王强 is not her name.
    assert "王强" not in names("我姓李 王强 他爱人 住三栋 ")
    assert not any("掌声" in n for n in names("我姓王 王建华 住三栋。"))


def test_an_objection_set_aside_as_another_matter_is_no_dissent_at_this_meeting():
    body = (
        "陶秀英：我对物业的收费一直有意见，不过今天先说停车。北门晚上车太多，老人出门不安全。\n"
        "胡国庆：物业可以在北门划一排临时车位，晚上安排保安值守。\n"
        "林海：我总结一下。大家一致同意北门划临时车位。分工：物业公司负责4月1日前完成划线。\n"
    )
    assert letters_to(body) == []


def test_an_undated_promise_to_liaise_again_is_no_task():
    minutes = draft(
        "周建明：我对照明的位置有些看法。\n"
        "林海：我总结一下。大家一致同意北门增设照明。会后物业再和他对接。分工：物业公司负责4月1日前装好路灯。\n"
    )
    assert [(a.owner, a.due) for a in minutes.actions] == [("物业公司", "4月1日前")]


def test_a_proposal_that_mentions_going_somewhere_is_still_accepted():
    minutes = draft(
        "林海：大家先说说情况。\n"
        "胡国庆：我觉得物业还要去跟业委会谈一次，北门车位每月收五十元。\n"
        "陶秀英：那可以。\n"
        "林海：好，今天先听听大家的想法，下次再议。\n"
    )
    assert any("五十元" in point for point in minutes.consensus)


def test_a_matter_settled_then_handed_over_with_jiu_is_still_a_task():
    minutes = draft("林海：我总结一下。大家一致同意北门划临时车位。划线的事说定了就物业公司负责，4月1日前完成。\n")
    assert [(a.owner, a.due) for a in minutes.actions] == [("物业公司", "4月1日前")]
