"""How a host's summary is segmented, on small invented examples (not from any evaluation transcript)."""

from assistant.drafting.minutes import draft_minutes

TWO_LISTS = """\
议题：河堤步道维修
主持人：甘立平
甘立平：今天议河堤步道。
滕秀云：步道坑洼多，老人容易摔。
甘立平：大家发言很充分，记录在案。
三、会议议定事项
经协商，会议形成以下共识：（一）步道坑洼先补，雨季前完成；（二）护栏缺口一律补齐。
会议议定：
1. 由镇建设办牵头，5月10日前完成步道坑洼修补。
2. 请河堤社区于5月20日前补齐护栏缺口。
"""


def test_assignments_listed_after_the_agreed_points_are_actions_not_consensus():
    draft = draft_minutes(TWO_LISTS)
    assert any("坑洼先补" in c for c in draft.consensus) and any("护栏缺口一律补齐" in c for c in draft.consensus)
    assert not any("牵头" in c or "5月20日前" in c for c in draft.consensus)
    assert {a.owner for a in draft.actions} >= {"镇建设办", "河堤社区"}


ONLY_DECISIONS = """\
议题：河堤步道维修
主持人：甘立平
甘立平：今天议河堤步道。
滕秀云：步道坑洼多，老人容易摔。
三、会议议定事项
（一）步道坑洼全部修补，由镇建设办牵头，5月10日前完成；
（二）护栏缺口一律补齐，由河堤社区负责，5月20日前完成。
"""


def test_when_the_decision_list_is_all_the_record_says_its_decisions_are_the_consensus():
    draft = draft_minutes(ONLY_DECISIONS)
    assert any("步道坑洼全部修补" in c for c in draft.consensus)
    assert any("护栏缺口一律补齐" in c for c in draft.consensus)


NARRATED_SUMMARY = """\
议题：河堤步道维修
主持人：甘立平
参加：滕秀云（村民）、符家明（镇建设办主任）
一、发言情况
1. 滕秀云发言。她说步道坑洼多，老人容易摔。
2. 符家明发言。他说镇里可以安排资金。
二、主持人归纳
甘立平归纳说，今天大家意见比较集中。一是步道坑洼雨季前修补完。二是护栏缺口一律补齐。
甘立平随后明确：镇建设办要在5月10日前完成修补。
"""


def test_a_narrated_summing_up_opens_the_summary_and_its_lead_is_no_point():
    draft = draft_minutes(NARRATED_SUMMARY)
    assert any("坑洼雨季前修补完" in c for c in draft.consensus)
    assert any("护栏缺口" in c for c in draft.consensus)
    assert not any("意见比较集中" in c for c in draft.consensus)
    assert any(a.owner == "镇建设办" and a.due == "5月10日前" for a in draft.actions)


def test_announcements_and_a_sentence_broken_off_are_no_points():
    text = (
        "主持人：甘立平\n"
        "甘立平：今天议河堤步道。\n"
        "滕秀云：步道坑洼多。\n"
        "甘立平：好，我简单归纳一下，然后把分工明确一下。今天大家的意见，基本是一致的。"
        "第一，步道坑洼雨季前修补完。第二，护栏缺口一律补齐。\n"
        "下面明确分工：\n"
        "由镇建设办在5月10日前完成修补。\n"
        "符书记刚才说护栏这个事村里来弄——\n"
        "符家明：对，护栏村里来补。\n"
    )
    consensus = draft_minutes(text).consensus
    assert any("坑洼" in c for c in consensus) and any("护栏缺口" in c for c in consensus)
    assert not any("分工" in c or "基本是一致" in c or "——" in c for c in consensus)


def test_spoken_leads_open_the_summary_and_closings_and_tool_markers_are_no_points():
    text = (
        "主持人：甘立平\n"
        "甘立平：今天议老仓库。\n"
        "滕秀云：前面做活动室。\n"
        "甘立平：我听下来，大家的意思差不多是这样——我简单说一下。\n"
        "一个是，仓库不卖，这个大家都没得意见。再一个，前面两间先弄成活动室，文化站帮忙配书架。\n"
    )
    consensus = draft_minutes(text).consensus
    assert any("活动室" in c and "书架" in c for c in consensus)

    asr = (
        "甘立平 00:00:04\n好 我们开始\n\n滕秀云 00:00:30\n先改东头那座 分段施工\n\n"
        "甘立平 00:01:00\n好 今天就先这样 基本上就是东头先改 分段施工 避开赶场天 好 散会\n\n[录音结束]\n"
    )
    consensus = draft_minutes(asr).consensus
    assert any("东头先改" in c and "避开赶场天" in c for c in consensus)
    assert not any("散会" in c or "录音" in c for c in consensus)


def test_without_a_summary_a_point_accepted_at_once_by_another_is_agreed():
    text = (
        "2026-05-06 19:00 甘立平（社区书记）\n今晚议充电棚。\n\n"
        "2026-05-06 19:02 滕秀云（居民）\n充电多少钱一度？\n\n"
        "2026-05-06 19:03 符家明（物业经理）\n我们跟公司谈了，一度电不超过九毛，不收停车费\n\n"
        "2026-05-06 19:04 滕秀云（居民）\n那可以\n\n"
        "2026-05-06 19:05 符家明（物业经理）\n收到，棚子放到北边空地没有问题\n\n"
        "2026-05-06 19:06 甘立平（社区书记）\n@符家明 请物业下周五前把空地清出来\n\n"
        "2026-05-06 19:07 符家明（物业经理）\n好的\n"
    )
    consensus = draft_minutes(text).consensus
    assert any("不超过九毛" in c for c in consensus)
    assert any("棚子放到北边空地" in c for c in consensus)
    assert not any("下周五前" in c or c.startswith("的") for c in consensus)


def test_with_a_task_part_of_its_own_the_points_before_it_stay_whole():
    text = (
        "主持人：甘立平\n"
        "甘立平：今天议养殖场的气味。\n"
        "滕秀云：气味太大。\n"
        "甘立平：我归纳一下。一是粪污及时清运。二是成立一个监督小组，村委会牵头，滕秀云参加，每个月去看一回。\n"
        "分工是这样：符家明，你一个月内把清运车配起来。\n"
    )
    draft = draft_minutes(text)
    assert any("监督小组" in c and "每个月去看一回" in c for c in draft.consensus)
    assert not any(c.startswith("分工") for c in draft.consensus)


def test_an_undated_charge_inside_an_agreed_point_belongs_to_the_point():
    text = (
        "主持人：甘立平\n"
        "甘立平：今天议早市。\n"
        "滕秀云：摊子摆到正街上太挤。\n"
        "甘立平：好，下面我简单归纳一下。今天大家基本上形成了这么几个意见：正街两边不摆摊；"
        "散场以后摊主自己清扫，社区安排保洁员收尾。具体的事情这样分：由执法队月底前把摊位线划出来。\n"
    )
    draft = draft_minutes(text)
    assert any("自己清扫" in c and "保洁员收尾" in c for c in draft.consensus)
    assert [(a.owner, a.due) for a in draft.actions] == [("执法队", "月底前")]


def test_praise_of_the_meeting_itself_is_no_point():
    text = (
        "主持人：甘立平\n甘立平：今天议河堤。\n滕秀云：先修护栏。\n"
        "甘立平：我来作个总结。今天这次协商，各位委员深入调研，居民坦诚表达诉求，体现了协商的要求。"
        "共识：一、护栏缺口一律补齐。\n"
    )
    consensus = draft_minutes(text).consensus
    assert any("护栏缺口" in c for c in consensus) and not any("体现了" in c for c in consensus)


def test_an_undated_charge_under_agreed_points_is_no_task_when_a_task_part_follows():
    text = (
        "主持人：甘立平\n参加：滕秀云（居民）、符家明（家长代表）\n甘立平：今天议校门口拥堵。\n滕秀云：放学太挤。\n"
        "甘立平：我梳理一下今天的协商结果：\n共识：\n1. 实行错峰放学；\n2. 由家委会组织家长护学岗，每班每天2名。\n"
        "分工：\n1. 家委会符家明：月底前组建护学岗队伍。\n"
    )
    draft = draft_minutes(text)
    assert any("护学岗" in c and "每班每天2名" in c for c in draft.consensus)
    assert [(a.owner, a.due) for a in draft.actions] == [("符家明", "月底前")]


def test_a_short_numbered_point_is_still_a_point():
    text = (
        "主持人：甘立平\n甘立平：今天议路灯。\n滕秀云：坏了三盏。\n"
        "甘立平：最后，我简单总结三点：第一，坏灯先修；第二，新增两盏路灯；第三，社区每月巡查一次。\n"
    )
    assert draft_minutes(text).consensus[0] == "坏灯先修。"


def test_inline_parts_and_a_count_of_points_after_the_heading():
    base = "时间：2026年5月6日\n主持人：甘立平\n参加：滕秀云（居民）\n甘立平：今天议路灯。\n滕秀云：坏了三盏，我不同意再拖。\n"
    inline = base + (
        "甘立平：经过协商，形成以下共识：一是坏灯先修；二是新增两盏路灯。存在的分歧：滕秀云对维修进度有意见。"
        "下一步工作：供电所5月20日前修好坏灯。\n"
    )
    draft = draft_minutes(inline)
    assert draft.consensus == ["坏灯先修。", "新增两盏路灯。"]
    assert [(a.owner, a.due) for a in draft.actions] == [("供电所", "5月20日前")]
    counted = base + "甘立平：我总结一下，共识有两条：第一，坏灯先修；第二，新增两盏路灯。\n"
    assert draft_minutes(counted).consensus == ["坏灯先修。", "新增两盏路灯。"]
