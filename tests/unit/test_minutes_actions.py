"""下一步工作: only explicit assignments, one item each, owner and time limit as said, dated."""

from __future__ import annotations

import pytest

from assistant.drafting import draft_minutes

HEAD = "时间：2026年3月2日上午\n主持人：吴志强\n参加人员：邱红（区政协委员）、区交通局、街道办\n\n吴志强：今天议路口改造。\n"


def actions(summary: str) -> list[tuple[str, str, str, str]]:
    draft = draft_minutes(HEAD + summary)
    return [(a.owner, a.task, a.due, a.due_date) for a in draft.actions]


def test_a_host_division_of_work_gives_one_item_per_assignment():
    found = actions("吴志强：分工：区交通局负责在3月10日前拿出信号灯改造方案；街道办负责在3月底前完成宣传；"
                    "邱红委员负责在一周内收集商户意见。\n")
    assert found == [
        ("区交通局", "拿出信号灯改造方案", "3月10日前", "2026-03-10"),
        ("街道办", "完成宣传", "3月底前", "2026-03-31"),
        ("邱红", "收集商户意见", "一周内", "2026-03-09"),
    ]


@pytest.mark.parametrize("said, owner, due, due_date", [
    ("由街道办牵头，两周内完成意见征集。", "街道办", "两周内", "2026-03-16"),
    ("区交通局要在本月底前完成路口渠化设计。", "区交通局", "本月底前", "2026-03-31"),
    ("请区交通局于3月20日前完成施划。", "区交通局", "3月20日前", "2026-03-20"),
    ("街道办：完成沿街商户告知（3月15日前）。", "街道办", "3月15日前", "2026-03-15"),
    ("邱委员，麻烦你下周五前把商户意见汇总一下。", "邱红", "下周五前", "2026-03-13"),
])
def test_the_usual_forms_of_an_assignment(said, owner, due, due_date):
    found = actions(f"吴志强：{said}\n")
    assert [(o, d, dd) for o, _, d, dd in found] == [(owner, due, due_date)]


def test_a_start_date_is_not_a_deadline():
    found = actions("吴志强：分工：街道办从3月5日起开展早高峰劝导。\n")
    assert found == [("街道办", "从3月5日起开展早高峰劝导", "待定", "")]


@pytest.mark.parametrize("said", [
    "邱红：路口东侧那块地产权属于区住建局。",            # a statement of fact
    "邱红：去年已经由街道负责清理过一次。",              # a past action
    "邱红：社区这边可以负责组织志愿者。",                # an offer nobody took up
    "邱红：我建议区交通局装一个倒计时信号灯。",          # a proposal
    "吴志强：这个问题会后我们再单独沟通。",              # a follow-up with nobody named
    "吴志强：信号灯的事要抓紧，两周内必须有个说法。",    # a time limit without an owner
])
def test_things_that_are_not_assignments(said):
    assert actions(said + "\n") == []


def test_the_same_assignment_said_twice_is_one_item():
    found = actions("区交通局（代表）：我们两周内拿出信号灯改造方案。\n"
                    "吴志强：分工：区交通局负责两周内拿出信号灯改造方案。\n")
    assert len(found) == 1 and found[0][0] == "区交通局"


def test_a_heading_before_the_list_and_an_offer_that_the_host_then_assigns():
    found = actions("区交通局（代表）：我们局两周内可以出具意见。\n"
                    "吴志强：下一步工作：区交通局于两周内出具改造意见；街道办负责在3月31日前完成宣传。\n")
    assert [(o, d) for o, _, d, _ in found] == [("区交通局", "两周内"), ("街道办", "3月31日前")]
    assert found[0][1] == "出具改造意见"  # the assignment's wording, not the offer's
