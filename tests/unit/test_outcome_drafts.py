"""Pure pieces of the outcome stage: deadlines, dissenters, the three drafts and their documents."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from assistant.domain.deadlines import chinese_number, find_date, parse_due
from assistant.domain.vocab import Adoption
from assistant.drafting.outcome_documents import (
    render_explanations_markdown,
    render_letter_docx,
    render_letter_markdown,
)
from assistant.drafting.outcome_offline import (
    DEFAULT_CHANNELS,
    Dissent,
    OutcomeFacts,
    PlannedAction,
    channels_of,
    dissenters,
    explanation_draft,
    feedback_draft,
    public_notice_draft,
    subject_of,
)
from assistant.drafting.schemas import MinutesDraft, Participant
from assistant.flows.base import Invalid
from assistant.flows.minutes import SECTION_BY_KEY, parse_action_lines, parse_section

MEETING = date(2024, 11, 28)  # a Thursday


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12月15日前", date(2024, 12, 15)),
        ("12月15号之前", date(2024, 12, 15)),
        ("十二月十五日前", date(2024, 12, 15)),
        ("1月10日前", date(2025, 1, 10)),  # a December-ish meeting means the coming January
        ("2025年3月1日前", date(2025, 3, 1)),
        ("两周内", date(2024, 12, 12)),
        ("2周内", date(2024, 12, 12)),
        ("一个月内", date(2024, 12, 28)),
        ("半个月内", date(2024, 12, 13)),
        ("10个工作日内", date(2024, 12, 12)),
        ("三天内", date(2024, 12, 1)),
        ("月底前", date(2024, 11, 30)),
        ("本月内", date(2024, 11, 30)),
        ("下月底前", date(2024, 12, 31)),
        ("年底前", date(2024, 12, 31)),
        ("12月底前", date(2024, 12, 31)),
        ("下周三前", date(2024, 12, 4)),
        ("本周五前", date(2024, 11, 29)),
        ("本季度内", date(2024, 12, 31)),
        ("待定", None),
        ("尽快", None),
        ("", None),
        ("2月30日前", None),
    ],
)
def test_parse_due(written, expected):
    assert parse_due(written, MEETING) == expected


def test_find_date_and_chinese_numbers():
    assert find_date("2024年11月28日（星期四）下午2:30") == date(2024, 11, 28)
    assert find_date("2024-4-7 上午") == date(2024, 4, 7)
    assert find_date("上周四下午") is None
    assert [chinese_number(t) for t in ("十", "十二", "二十", "二十五", "两", "7")] == [10, 12, 20, 25, 2, 7]


def _draft(disagreements: list[str]) -> MinutesDraft:
    return MinutesDraft(
        title="关于青龙村三组人居环境整治的院坝协商会纪要",
        participants=[Participant(name="张建国", role="村民代表"), Participant(name="张建", role="村民")],
        disagreements=disagreements,
    )


def test_dissenters_are_grouped_by_person_with_their_own_words():
    found = dissenters(
        _draft(["村民代表张建国：担心补助不够。", "村民张建：反对一刀切。", "村民代表张建国：希望分步实施。", "部分群众担心费用"])
    )
    assert [(d.name, d.role) for d in found] == [("张建国", "村民代表"), ("张建", "村民"), ("", "")]
    assert found[0].positions == ("担心补助不够。", "希望分步实施。")
    assert found[2].positions == ("部分群众担心费用",)


def test_no_dissenters_when_the_minutes_say_none():
    assert dissenters(_draft(["无"])) == []


def test_subject_and_channels():
    assert subject_of("关于青龙村三组人居环境整治的院坝协商会纪要") == "青龙村三组人居环境整治"
    assert subject_of("锦江花园小区老旧小区加装电梯协商会议纪要") == "锦江花园小区老旧小区加装电梯"
    assert channels_of("将在小区公示栏和社区微信公众号进行公示") == ("公示栏", "微信公众号")
    assert channels_of("张贴在村务公开栏上") == ("村务公开栏",)
    assert channels_of("") == DEFAULT_CHANNELS


FACTS = OutcomeFacts(
    title="锦江花园小区老旧小区加装电梯协商会议纪要",
    meeting_date="2024年11月28日",
    location="锦江社区党群服务中心",
    participant_count=7,
    publicity="在小区公示栏和社区微信公众号公示",
    recommendations=("5栋先行启动加装电梯",),
    adoption=Adoption.PARTIAL,
    adoption_reason="补偿标准需进一步测算",
    actions=(PlannedAction("区住建局", "组织现场勘察", "两周内"),),
    organisation="锦江社区",
    today=date(2024, 12, 2),
)
CHEN = Dissent("陈秀英", "3栋一楼住户", ("我不同意在3栋南面装电梯，担心“采光”受影响。",))


def test_explanation_quotes_the_position_and_cites_the_clause():
    text = explanation_draft(CHEN, FACTS)
    assert text.startswith("陈秀英同志：")
    assert "关于您在“锦江花园小区老旧小区加装电梯”协商中提出的“我不同意在3栋南面装电梯，担心‘采光’受影响”" in text
    assert "三（七）" in text and "解释说明" in text
    assert "部分意见建议已采纳" in text and "补偿标准需进一步测算" in text and "区住建局负责组织现场勘察（两周内）" in text
    assert text.endswith("锦江社区\n2024年12月2日")


def test_explanations_are_deterministic_and_regenerate_differently():
    assert explanation_draft(CHEN, FACTS) == explanation_draft(CHEN, FACTS)
    assert explanation_draft(CHEN, FACTS, 1) != explanation_draft(CHEN, FACTS, 0)
    assert explanation_draft(CHEN, FACTS, 2) == explanation_draft(CHEN, FACTS, 0)


def test_unnamed_dissent_is_addressed_to_the_people():
    assert explanation_draft(Dissent("", "", ("担心费用",)), FACTS).startswith("持不同意见的各位群众：")


def test_feedback_and_notice():
    feedback = feedback_draft(FACTS)
    assert feedback.startswith("关于“锦江花园小区老旧小区加装电梯”协商成果采纳落实情况的反馈")
    assert "各位参加协商的同志：" in feedback and "组织现场勘察（责任单位：区住建局；时限：两周内）。" in feedback
    notice = public_notice_draft(FACTS)
    assert "以适当方式向社会公开" in notice and "本公示通过公示栏、微信公众号发布" in notice
    assert "共 7 人参加" in notice and "请向锦江社区反映" in notice


def test_pending_adoption_says_an_answer_will_follow():
    facts = OutcomeFacts(title="纪要", adoption=Adoption.PENDING, today=date(2024, 12, 2))
    assert "待答复后及时告知" in feedback_draft(facts) and "暂无需要落实的具体事项" in feedback_draft(facts)


def test_letter_documents():
    notice = public_notice_draft(FACTS)
    document = docx.Document(io.BytesIO(render_letter_docx(notice)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于“锦江花园小区老旧小区加装电梯”协商成果的公示"
    assert texts[-2:] == ["锦江社区", "2024年12月2日"]
    assert render_letter_markdown(notice).startswith("# 关于“锦江花园")
    explanations = render_explanations_markdown("加装电梯", [("陈秀英", "3栋一楼住户", "陈秀英同志：\n您好！")])
    assert "## 致陈秀英（3栋一楼住户）" in explanations and "您好！" in explanations


# --- what users type when editing minutes -------------------------------------------------------


def test_action_lines_accept_full_and_half_width_bars_and_numbering():
    parsed = parse_action_lines("1. 区住建局｜组织现场勘察｜两周内\n2、物业公司|测算维保费用\n")
    assert parsed == [
        {"owner": "区住建局", "task": "组织现场勘察", "due": "两周内"},
        {"owner": "物业公司", "task": "测算维保费用", "due": "待定"},
    ]
    assert parse_action_lines("无") == []


def test_a_malformed_action_line_is_named():
    with pytest.raises(Invalid) as caught:
        parse_action_lines("区住建局｜组织现场勘察｜两周内\n物业公司测算维保费用")
    assert "第 2 行“物业公司测算维保费用”格式不正确" in caught.value.reason


def test_section_parsing():
    assert parse_section(SECTION_BY_KEY["disagreements"], "无") == ["无"]
    assert parse_section(SECTION_BY_KEY["consensus"], "无") == []
    assert parse_section(SECTION_BY_KEY["participants"], "王芳（社区党委书记）\n李强、赵敏（区政协委员）") == [
        {"name": "王芳", "role": "社区党委书记"},
        {"name": "李强", "role": ""},
        {"name": "赵敏", "role": "区政协委员"},
    ]
    assert parse_section(SECTION_BY_KEY["views"], "王芳：同意\n李强：两周内出方案\n王芳：分步实施") == [
        {"speaker": "王芳", "points": ["同意", "分步实施"]},
        {"speaker": "李强", "points": ["两周内出方案"]},
    ]
    with pytest.raises(Invalid, match="缺少发言人"):
        parse_section(SECTION_BY_KEY["views"], "同意加装电梯")
    # A leading number that is part of the text (5栋) is not list numbering.
    assert parse_section(SECTION_BY_KEY["consensus"], "5栋先行启动\n2.5万元由业主分摊") == ["5栋先行启动", "2.5万元由业主分摊"]


def test_letters_go_to_the_people_still_objecting_with_a_clean_addressee():
    """Issue 12: the host restating an objection, and a person who withdrew, get no letter;
    the addressee is the holder's name, not '周秀英（社区居民代表'."""
    from assistant.drafting import draft_minutes
    from assistant.drafting.outcome_offline import OutcomeFacts, dissenters, explanation_draft

    transcript = (
        "主持人：刘建平（街道办副主任）\n"
        "刘建平：今天商量在东侧空地设临时疏导点的事。\n"
        "周秀英（社区居民代表，三号楼）：我有顾虑，疏导点挨着我们三号楼，早上太吵。\n"
        "黄德明（市场管理方负责人）：保洁我们市场安排人，收摊后半小时内清干净。\n"
        "周秀英（社区居民代表，三号楼）：那好，有人管卫生，那我没意见了。\n"
        "李红（经营户代表）：进二楼的摊位我不同意，老年人都不上二楼。\n"
        "刘建平：我归纳一下。大家同意设临时疏导点。李红对进二楼摊位仍有不同意见，会后单独再沟通。\n"
    )
    draft = draft_minutes(transcript)
    assert draft.dissenters == ["李红"]
    letters = dissenters(draft)
    assert [d.name for d in letters] == ["李红"]
    assert explanation_draft(letters[0], OutcomeFacts(title=draft.title)).startswith("李红同志：")


def test_a_hand_typed_entry_with_a_bracketed_role_is_addressed_by_name():
    from assistant.drafting.outcome_offline import dissenters
    from assistant.drafting.schemas import MinutesDraft

    draft = MinutesDraft(title="t", disagreements=["周秀英（社区居民代表）：担心噪音"])
    assert [(d.name, d.positions) for d in dissenters(draft)] == [("周秀英", ("担心噪音",))]
