"""The offline drafter's rules, one behaviour a reviewer of the minutes would notice at a time."""

from __future__ import annotations

import json

import pytest

from assistant.drafting.minutes import DEFAULT_PUBLICITY, draft_minutes
from assistant.drafting.minutes.actions import find_due, unit_from_role
from assistant.drafting.minutes.sections import MAX_POINTS_PER_SPEAKER
from assistant.drafting.minutes.stance import is_consensus, is_dissent
from assistant.drafting.minutes.title import DEFAULT_TITLE
from assistant.drafting.schemas import DUE_UNSPECIFIED, MinutesDraft
from assistant.drafting.sentences import clean_sentence, is_substantive, split_sentences

MEETING = """\
议题：老旧小区加装电梯
时间：2024年11月28日下午
地点：锦江社区会议室
主持人：王芳（社区党委书记）
参加人员：李强（区住建局副局长）、居民代表刘某、陈某，赵敏（政协委员）

王芳：嗯，各位好。今天我们就加装电梯进行协商。下面请李局长介绍一下政策。
李强（区住建局副局长）：好的。每部电梯财政补助20万元。我们局会在两周内组织设计单位现场勘察。
刘某：嗯，那个，我有顾虑。一楼采光会受影响，施工噪音也大。
陈某：我支持加装，老人上下楼太难了。谢谢大家。
赵敏（政协委员）：建议优先考虑北侧入户方案，减少对低层住户的影响。
王芳：好，我总结一下。大家一致同意先行启动加装电梯。由区住建局负责出具设计方案，12月15日前完成；社区居委会两周内牵头做好低层住户沟通；请物业公司测算维保费用。方案将在小区公示栏公示。下次会议在方案出来后再次协商费用分摊。
"""


@pytest.fixture(scope="module")
def draft() -> MinutesDraft:
    return draft_minutes(MEETING)


# --- the whole draft ------------------------------------------------------------------------


def test_json_has_exactly_the_agreed_fields(draft):
    data = json.loads(draft.model_dump_json())
    assert list(data) == [
        "title", "date", "location", "host", "participants", "summary", "views", "consensus",
        "disagreements", "actions", "next_meeting", "publicity",
        # Added by issue 12, after the original fields so older readers keep working:
        "dissenters", "consensus_sources", "disagreement_sources", "recorder",
        # The meeting day the time limits count from, and where a year the record left out came from:
        "meeting_day", "meeting_day_basis",
    ]
    assert set(data["participants"][0]) == {"name", "role"}
    assert set(data["views"][0]) == {"speaker", "points", "sources"}
    assert set(data["actions"][0]) == {"owner", "task", "due", "due_date", "sources"}


def test_drafting_is_deterministic():
    assert draft_minutes(MEETING) == draft_minutes(MEETING)


def test_title_date_location_and_host_come_from_the_header(draft):
    assert draft.title == "关于老旧小区加装电梯的协商会议纪要"
    assert (draft.date, draft.location, draft.host) == ("2024年11月28日下午", "锦江社区会议室", "王芳")


def test_participants_include_host_roster_and_speakers_once_with_roles(draft):
    people = [(p.name, p.role) for p in draft.participants]
    assert people == [
        ("王芳", "社区党委书记"),
        ("李强", "区住建局副局长"),
        ("刘某", "居民代表"),
        ("陈某", "居民代表"),
        ("赵敏", "政协委员"),
    ]


def test_views_keep_speaking_order_and_drop_fillers_and_chairing(draft):
    assert [v.speaker for v in draft.views] == ["王芳", "李强", "刘某", "陈某", "赵敏"]
    all_points = [p for v in draft.views for p in v.points]
    assert not any(p.startswith(("嗯", "那个")) or p.rstrip("。") == "谢谢大家" for p in all_points)
    assert not any("下面请李局长" in p for p in all_points)
    chen = next(v for v in draft.views if v.speaker == "陈某")
    assert chen.points == ["我支持加装，老人上下楼太难了。"]


def test_host_summary_is_not_repeated_as_the_hosts_views(draft):
    host_points = next(v for v in draft.views if v.speaker == "王芳").points
    assert not any("一致同意" in p for p in host_points)


def test_consensus_takes_marked_agreement(draft):
    assert any("一致同意先行启动加装电梯" in c for c in draft.consensus)
    assert not any("有顾虑" in c for c in draft.consensus)


def test_dissent_is_attributed_and_explained(draft):
    assert len(draft.disagreements) == 1
    entry = draft.disagreements[0]
    assert entry.startswith("刘某（居民代表）：")  # the holder's clean name first, for the letters
    assert draft.dissenters == ["刘某"]
    assert "采光" in entry  # the short "我有顾虑" takes the reason that follows it


def test_actions_have_owner_task_and_due_as_said(draft):
    actions = {(a.owner, a.due): a.task for a in draft.actions}
    assert "设计方案" in actions[("区住建局", "12月15日前")]
    assert "低层住户沟通" in actions[("社区居委会", "两周内")]
    # No deadline was said for the maintenance estimate: it must read 待定, never an invented date.
    assert "维保费用" in actions[("物业公司", DUE_UNSPECIFIED)]


def test_the_department_commitment_and_the_host_repeat_are_one_action_each(draft):
    owners = [a.owner for a in draft.actions]
    assert owners.count("区住建局") == 2  # survey in two weeks + design by 12月15日: two tasks
    assert len(draft.actions) == len({(a.owner, a.task) for a in draft.actions})


def test_next_meeting_and_publicity_are_taken_from_what_was_said(draft):
    assert "再次协商费用分摊" in draft.next_meeting
    assert "公示栏" in draft.publicity
    # 三（七）: someone disagreed, so the draft reminds to explain to them.
    assert "解释说明" in draft.publicity


def test_summary_names_topic_count_and_consensus(draft):
    assert "老旧小区加装电梯" in draft.summary
    assert "共5人参加" in draft.summary
    assert "一致同意" in draft.summary
    assert 2 <= draft.summary.count("。") <= 3


# --- defaults when the meeting did not say ---------------------------------------------------


def test_no_dissent_reads_wu_and_no_publicity_gets_a_marked_default():
    minutes = draft_minutes("张三：我同意在小区增设充电桩。\n李四：物业公司负责安装，6月底前完成。\n")
    assert minutes.disagreements == ["无"]
    assert minutes.publicity == DEFAULT_PUBLICITY
    assert "默认" in minutes.publicity and "向社会公开" in minutes.publicity
    assert minutes.next_meeting == ""


def test_title_fallbacks():
    assert draft_minutes("张三：我同意。\n李四：我也同意这个方案。").title == DEFAULT_TITLE
    spoken = draft_minutes("王芳：今天我们就农贸市场周边停车问题进行协商。\n张三：停车位太少。")
    assert spoken.title == "关于农贸市场周边停车问题的协商会议纪要"
    named = draft_minutes("会议名称：和平社区垃圾分类协商议事会\n张三：我同意。")
    assert named.title == "和平社区垃圾分类协商议事会纪要"


def test_views_are_capped_but_keep_proposals():
    chatter = (
        "小区东门晚上路灯不亮。北门台阶年久失修。垃圾房离三栋太近。快递柜经常满格。"
        "花园里的健身器材坏了。楼道里堆了很多杂物。地下车库渗水严重。门禁卡补办太慢。"
    )
    minutes = draft_minutes(f"张三：{chatter}我建议增设临时停车位。\n李四：好。")
    points = minutes.views[0].points
    assert len(points) == MAX_POINTS_PER_SPEAKER
    assert points[-1] == "我建议增设临时停车位。"


def test_every_dissenting_sentence_is_kept_even_when_many():
    lines = "\n".join(f"发言人{i}：我反对第{i}号方案，噪音太大。" for i in range(1, 31))
    minutes = draft_minutes("王芳：今天协商方案。\n" + lines)
    assert len(minutes.disagreements) == 30


# --- single rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("由区住建局负责联系厂家，12月15日前完成。", "12月15日前"),
        ("社区居委会两周内牵头成立自治小组。", "两周内"),
        ("请街道办在月底前协调交警部门。", "月底前"),
        ("请大家下周三把意见交上来。", "下周三"),
        ("本月内完成申报。", "本月内"),
        ("三个工作日内答复。", "三个工作日内"),
        ("2024年12月底前完工。", "2024年12月底前"),
        ("开工前一周张贴公告。", "开工前一周"),
        ("尽快把方案拿出来。", ""),
    ],
)
def test_due_is_copied_as_written(sentence, expected):
    assert find_due(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["我不同意在南面装电梯。", "我担心施工噪音。", "对这个方案我持保留意见。", "收费可以，但是不能太贵。",
     "装隔油池我们不反对，但是费用全让我们出不合理。", "我对4.5米的宽度有异议。"],
)
def test_dissent_markers(sentence):
    assert is_dissent(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["大家没有异议。", "请大家不用担心噪音问题。", "对持不同意见的群众要做好解释说明。", "有没有不同意见？", "我们都同意。"],
)
def test_reassurances_and_questions_are_not_dissent(sentence):
    assert not is_dissent(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("大家一致同意先行试点。", True),
        ("费用分摊原则同意。", True),
        ("业委会同意使用公共收益。", True),
        ("大家同意吗？", False),
        ("我不同意这个方案。", False),
        ("申请需要经三分之二以上业主同意。", False),
        ("5栋同意率达到了百分之九十二。", False),
        ("我赞成修宽一点。", False),  # one person's view, not the meeting's
    ],
)
def test_consensus_markers(sentence, expected):
    assert is_consensus(sentence) is expected


def test_sentences_are_split_and_fillers_removed():
    assert split_sentences("嗯，好的。我建议加装电梯！费用怎么分？") == ["嗯，好的。", "我建议加装电梯！", "费用怎么分？"]
    assert clean_sentence("嗯，那个，我建议加装电梯，对吧。") == "我建议加装电梯。"
    assert not is_substantive("好的，谢谢大家。")
    assert is_substantive("我建议加装电梯。")


@pytest.mark.parametrize(
    ("role", "unit"),
    [("区住建局副局长", "区住建局"), ("城关派出所的社区民警", "城关派出所"), ("居民代表", ""), ("政协委员", "")],
)
def test_a_speakers_unit_comes_from_their_role(role, unit):
    assert unit_from_role(role) == unit


def test_first_person_commitment_is_owned_by_the_speakers_unit_not_a_residents_we():
    minutes = draft_minutes(
        "李强（区住建局副局长）：我们局两周内拿出设计方案。\n刘某（居民代表）：我们会尽快把签字收齐。\n"
    )
    assert [(a.owner, a.due) for a in minutes.actions] == [("区住建局", "两周内")]
