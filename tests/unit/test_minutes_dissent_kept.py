"""Who still holds an objection, round 8 (issue 12): a reservation withdrawn or kept after a partial
yes, a worry the speaker only reports, a reservation said in other words, and the host naming who
objects inside a long spoken line. Invented sentences only, none from an evaluation transcript."""

from __future__ import annotations

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.outcome_offline import dissenters

HEAD = "主持人：宁卫东\n时间：2026年6月3日\n参加人员：宁卫东、欧春花（居民）、熊德才（居民）、赵明（街道城建办主任）\n\n"


def holders(body: str) -> list[str]:
    return [d.name for d in dissenters(draft_minutes(HEAD + body))]


def test_a_worry_the_speaker_settles_later_is_withdrawn():
    body = (
        "欧春花：停车场改在河边，我有顾虑，怕涨水的时候车被淹。\n"
        "赵明：河边那块地比防洪线高两米，往年最大洪水也没淹到过。\n"
        "欧春花：比防洪线高那我这边就没什么顾虑了。\n"
        "宁卫东：好，我总结一下，会议同意停车场改在河边，散会。\n"
    )
    assert holders(body) == []


def test_a_worry_reported_for_other_people_is_not_the_speakers_own():
    body = (
        "熊德才：我问了一圈，大家对停车场改地方其实分歧不大，主要是对收费标准不放心。\n"
        "赵明：我们摸了一下，愿意在河边停的有六成，主要顾虑是晚上走过去远。\n"
        "宁卫东：好，我总结一下，会议同意停车场改在河边，收费标准公示后再执行，散会。\n"
    )
    assert holders(body) == []


def test_a_reservation_said_as_keeping_ones_view_is_held():
    body = (
        "欧春花：河边太远了，我还是觉得停在院子里好。我保留我的意见。\n"
        "熊德才：收费按次收我不赞成，这个意见我保留。\n"
        "宁卫东：好，我总结一下，会议同意停车场改在河边，散会。\n"
    )
    assert holders(body) == ["欧春花", "熊德才"]


def test_agreeing_to_one_point_does_not_clear_a_view_kept_on_another():
    body = (
        "欧春花：停车场搬去河边我是反对的，太远了。\n"
        "赵明：河边可以修一条步道，晚上有灯。\n"
        "欧春花：修步道我赞成。停车场那个我意见不变。\n"
        "宁卫东：好，欧阿姨的意见记下了，散会。\n"
    )
    assert holders(body) == ["欧春花"]


SPOKEN = """\
停车场协商_转写
录音时间：2026年6月3日 15:00

宁卫东 00:00:03
我们开始 今天说停车场搬到河边的事

熊德才 00:03:10
搬到河边 按次收费我是不同意的 一天进出好几趟

赵明 00:05:20
河边那块地城建办可以出个规划

宁卫东 00:09:30
好 时间差不多了 我简单说一下 一个是 停车场搬到河边 这个大家都认可 再一个是 收费的事情 有同志有不同意见 我们再研究 那下来分个工 赵主任 你们城建办两周内把河边的规划图拿出来 好 今天就到这里
"""


def test_a_person_given_work_after_the_objection_in_a_spoken_line_is_no_dissenter():
    names = [d.name for d in dissenters(draft_minutes(SPOKEN))]
    assert "赵明" not in names
    assert names == ["熊德才"]


def test_the_hosts_closing_word_on_what_an_objector_raised_joins_their_entry():
    body = (
        "欧春花：停车场搬到河边可以，但是我还是保留意见，晚上走过去太黑了。\n"
        "熊德才：我提个建议，停车场门口装个岗亭。\n"
        "宁卫东：好，我总结一下：一是停车场搬到河边；二是欧春花提的夜间照明问题，由街道一个月内书面答复；"
        "三是熊德才提的岗亭问题，物业下周拿方案。\n"
    )
    draft = draft_minutes(HEAD + body)
    assert draft.dissenters == ["欧春花"]
    entry = next(d for d in draft.disagreements if d.startswith("欧春花"))
    assert "夜间照明" in entry


def test_after_but_the_objection_is_the_speakers_again():
    body = (
        "熊德才：大家都说停车场搬到河边好，但是按次收费太贵了，不能接受。\n"
        "宁卫东：好，我总结一下，会议同意停车场搬到河边，散会。\n"
    )
    assert holders(body) == ["熊德才"]


CHAT_NO_HOST_LINE = """\
2026-10-12 20:01 阎晓红（社区书记）
今晚在群里议一下5号楼门口装充电桩的事
2026-10-12 20:04 龙伟（物业经理）
装在东侧空地，电费每度一块
2026-10-12 20:20 汤建国（居民代表）
电费一块有点贵，外面都是八毛
2026-10-12 20:25 汤建国（居民代表）
那我还是觉得贵，这个意见我保留
2026-10-12 20:30 阎晓红（社区书记）
好，我把今天群里的意见归一下：
一是充电桩装在东侧空地；
二是电费暂按每度一块执行，汤建国同志对电费标准有保留意见，我们记下了。
2026-10-12 20:33 龙伟（物业经理）
收到
"""


def test_who_opens_a_chat_and_sums_it_up_is_its_host_and_a_view_they_record_is_not_theirs():
    draft = draft_minutes(CHAT_NO_HOST_LINE)
    assert draft.host == "阎晓红"
    assert draft.dissenters == ["汤建国"]
    assert any("这个意见我保留" in d for d in draft.disagreements)
    assert any("东侧空地" in c for c in draft.consensus)


def test_a_participant_telling_of_another_persons_reservation_holds_none():
    body = (
        "熊德才：欧阿姨对收费标准有保留意见，这个要考虑。\n"
        "宁卫东：好，我总结一下，会议同意停车场搬到河边，散会。\n"
    )
    assert holders(body) == []


def test_giving_up_an_objection_on_a_condition_the_meeting_meets_is_a_withdrawal():
    body = (
        "熊德才：按次收费太贵了，我反对按次收。\n"
        "赵明：可以办月卡，一个月三十块。\n"
        "熊德才：如果能办月卡，我就不再反对。\n"
        "宁卫东：好，我总结一下，会议同意停车场搬到河边，可以办月卡，散会。\n"
    )
    assert holders(body) == []


def test_an_objection_quoted_with_its_reason_is_said_once_in_the_entry():
    body = (
        "欧春花：我还是有顾虑。河边晚上走过去太黑，我先保留意见。\n"
        "宁卫东：好，我总结一下，会议同意停车场搬到河边，散会。\n"
    )
    entry = draft_minutes(HEAD + body).disagreements[0]
    assert entry.count("我先保留意见") == 1


def test_objecting_to_a_named_persons_proposal_is_the_speakers_own_objection():
    body = (
        "赵明：停车场按次收费，每次两元。\n"
        "熊德才：赵主任这个方案还是不行，按次收费太贵。\n"
        "宁卫东：好，我总结一下，会议同意停车场搬到河边，散会。\n"
    )
    assert holders(body) == ["熊德才"]
