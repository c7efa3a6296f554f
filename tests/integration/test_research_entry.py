"""The research checklist as a facilitator uses it: stable numbers, one message per finding, lists."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import verify_dialog
from tests.integration.test_preparation_flows import NOW, _approved, _propose, _topic, office  # noqa: F401

START = [("街道政协工作委员会", "时限"), ("12月10日", "调研清单")]


def _open_checklist(office) -> tuple:  # noqa: F811
    topic_id = _approved(office)
    chat = office["facilitator"]
    verify_dialog(chat, [(f"/research {topic_id}", "牵头"), *START])
    return chat, topic_id


def test_typing_2_in_the_pick_menu_means_item_2_even_after_item_1_is_done(office):  # noqa: F811
    chat, topic_id = _open_checklist(office)
    verify_dialog(chat, [("登记完成一项调研，并填写调研发现", "已完成的调研事项"), ("1", "调研发现"), ("走访48户。", "☑ 1.")])
    verify_dialog(chat, [("登记完成一项调研，并填写调研发现", "2. 听取利益相关群众"), ("2", "调研发现"), ("开了两场座谈会。", "☑ 2.")])
    tasks = _topic(chat, topic_id).research_tasks
    assert [t.done for t in tasks[:3]] == [True, True, False]
    assert tasks[1].item.startswith("听取利益相关群众") and tasks[1].findings == "开了两场座谈会。"


def test_a_finished_item_picked_again_is_refused_by_its_number(office):  # noqa: F811
    chat, _ = _open_checklist(office)
    verify_dialog(chat, [("1", "已完成的调研事项"), ("1", "调研发现"), ("走访48户。", "☑ 1.")])
    verify_dialog(chat, [("1", "已完成的调研事项"), ("1", "第 1 项")])
    assert chat.state()[1] == "item"


def test_a_finding_with_who_and_when_is_one_turn(office):  # noqa: F811
    chat, topic_id = _open_checklist(office)
    reply = chat.say("2. 召开居民座谈会，32户到会，28户支持；王芳、赵敏；11月20日")
    assert "☑ 2." in reply and "请选择" in reply and chat.state()[1] == "action"
    task = _topic(chat, topic_id).research_tasks[1]
    assert task.done and task.findings == "召开居民座谈会，32户到会，28户支持（调研人：王芳、赵敏）"
    assert task.done_at == datetime(2026, 11, 20)


def test_a_pasted_list_ticks_several_items_at_once(office):  # noqa: F811
    chat, topic_id = _open_checklist(office)
    reply = chat.say("1. 实地查看3栋、5栋楼道；王芳；11月18日\n3. 区住建局同意纳入补贴；11月19日\n4. 收集了房屋图纸")
    assert "还有 3 项未完成" in reply
    assert [t.done for t in _topic(chat, topic_id).research_tasks] == [True, False, True, True, False, False]


def test_a_wrong_number_in_a_list_saves_nothing_and_keeps_the_checklist_off_the_screen(office):  # noqa: F811
    chat, topic_id = _open_checklist(office)
    reply = chat.say("1. 实地查看了楼道\n9. 不存在的事项")
    assert "没有第 9 项" in reply and "☐ 1." not in reply  # refused: the unchanged checklist is not reprinted
    assert "还有 6 项未完成" in reply
    assert not any(t.done for t in _topic(chat, topic_id).research_tasks)


def test_a_research_date_in_the_future_is_refused(office):  # noqa: F811
    chat, _ = _open_checklist(office)
    assert "晚于今天" in chat.say("1. 走访了48户；王芳；下周五")


def test_the_count_includes_the_report_and_the_plan_a_sensitive_topic_shows(office):  # noqa: F811
    topic_id = _propose(office["member"], sensitive="是")
    verify_dialog(office["approver"], [(f"/approve {topic_id}", "审定意见"), ("同意", "审定意见"), ("/skip", "已审定")])
    chat = office["facilitator"]
    reply = chat.say(f"/research {topic_id}")
    reply = chat.say("调研组") and chat.say("12月10日")
    unchecked = reply.count("☐")
    assert unchecked == 8 and f"还有 {unchecked} 项未完成" in reply
