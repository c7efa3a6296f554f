"""Reading forms met in records from new recorders, each on a small invented example (names,
places and topics made up; not taken from any evaluation transcript)."""

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.reading import parse_transcript


def test_host_line_with_post_space_name_names_the_host():
    text = (
        "议题：社区菜园怎么分\n"
        "主持人：区政协社会和法制委员会副主任 钟晓岚\n"
        "钟晓岚：我们开始。\n"
        "马国富：我说两句，菜园要抽签分。\n"
    )
    transcript = parse_transcript(text)
    assert transcript.header.host == "钟晓岚"
    assert transcript.header.host_role == "区政协社会和法制委员会副主任"


def test_roster_post_ending_in_zhang_before_a_name_and_counts_or_units_are_no_people():
    text = (
        "参加：县水利局农水股股长贺云飞、区政协委员谭小英；五组村民三十来人旁听；青石街道\n"
        "谭小英：我先说。\n"
    )
    draft = draft_minutes(text)
    names = [p.name for p in draft.participants]
    assert "贺云飞" in names and "谭小英" in names
    assert not any("旁听" in n or "街道" in n or "股长" in n for n in names)


def test_form_of_address_after_a_comma_in_the_list_and_a_given_name_label():
    text = (
        "参加：向明贵（村委会主任，老向）、向小禾（返乡青年）、符春兰（村民）\n"
        "老向：房子先修。\n"
        "小禾：我想开个网店。\n"
        "符春兰：我同意。\n"
    )
    speakers = [u.speaker for u in parse_transcript(text).utterances]
    assert speakers == ["向明贵", "向小禾", "符春兰"]


NUMBERED = """\
议题：老街停车
主持人：覃红霞
一、覃红霞同志（主持人）开场
她说，今天议老街停车。
二、雷振东同志（区政协委员，区交通局科长）发言
他说，可以在河边划临时车位。
三、居民代表蒲雪梅发言
她说，车位要先给本街居民。
4. 雷振东委员回应说，本街居民可以优先。
5. 蒲雪梅发言时有些着急。她说，希望月底前划好。
六、覃红霞同志作总结
她说，车位先划河边一侧。
"""


def test_numbered_speech_headings_with_brackets_roles_and_other_verbs_open_turns():
    transcript = parse_transcript(NUMBERED)
    speakers = [u.speaker for u in transcript.utterances]
    assert speakers == ["覃红霞", "雷振东", "蒲雪梅", "雷振东", "蒲雪梅", "覃红霞"]
    assert transcript.utterances[3].text.startswith("本街居民")
    assert transcript.utterances[4].text.startswith("她说，希望")


def test_export_metadata_after_the_date_is_not_a_speaker():
    text = (
        "2026-05-12 09:00  时长 00:21:40\n"
        "\n"
        "闵华 (00:00:02)\n"
        "我们开始\n"
        "\n"
        "柏玉芬 (00:00:30)\n"
        "我说一下\n"
    )
    assert [u.speaker for u in parse_transcript(text).utterances] == ["闵华", "柏玉芬"]


def test_speaker_id_that_names_itself_merges_with_its_later_label():
    text = (
        "闵华 00:00:02\n我们开始 请各位先说一下名字\n\n"
        "说话人2 00:00:10\n哦我是水务站的詹丽君 副站长\n\n"
        "詹丽君 00:00:30\n管子明天就换\n\n"
        "说话人4 00:00:50\n我说一下 我是住户 我姓欧阳 欧阳建 就住三楼\n\n"
        "闵华 00:01:10\n好 散会\n"
    )
    speakers = [u.speaker for u in parse_transcript(text).utterances]
    assert speakers == ["闵华", "詹丽君", "詹丽君", "欧阳建", "闵华"]


def test_chat_host_is_who_opens_and_later_lays_out_the_parts():
    text = (
        "2026-05-12 19:00 苗文军（镇政协联络组）\n今晚在群里议一下路灯。\n\n"
        "2026-05-12 19:02 祁红（村民）\n路灯坏了三盏。\n\n"
        "2026-05-12 19:05 庹志（供电所）\n明天去看。\n\n"
        "2026-05-12 19:20 苗文军（镇政协联络组）\n大家说得差不多了。\n分工：\n1. 供电所：三天内修好三盏路灯\n\n"
        "2026-05-12 19:21 庹志（供电所）\n收到\n"
    )
    assert parse_transcript(text).header.host == "苗文军"


def test_a_named_persons_point_spoken_of_by_the_host_is_not_his_turn():
    text = (
        "【甘立平】今天议小区绿化。\n"
        "【滕秀云】我不同意砍树。\n"
        "【甘立平】好，我归纳一下，补种十棵树。\n"
        "滕秀云同志提出的砍树问题，会后再议。散会。\n"
    )
    speakers = [u.speaker for u in parse_transcript(text).utterances]
    assert speakers == ["甘立平", "滕秀云", "甘立平"]


def test_a_long_objection_keeps_the_reservation_held_at_the_end():
    text = (
        "主持人：甘立平\n"
        "甘立平：今天议停车收费。\n"
        "滕秀云：我对收费有顾虑。" + "老小区里住的多是退休老人，收入不高，每个月多出一笔钱负担不轻，" * 3 + "这个要考虑。\n"
        "甘立平：好，还有谁？\n"
        "滕秀云：夜间收费我还是不同意，对这一条保留意见。我的意见不变。\n"
        "甘立平：好，我归纳一下，白天收费先试行。散会。\n"
    )
    entry = draft_minutes(text).disagreements[0]
    assert entry.startswith("滕秀云") and "夜间收费" in entry and "保留意见" in entry


def test_a_named_speakers_self_introduced_post_is_their_role():
    text = "闵华 (00:00:02)\n我们开始\n\n柏玉芬 (00:00:30)\n我是青石村的支书 我说一下\n\n闵华 (00:01:00)\n好\n"
    draft = draft_minutes(text)
    assert {p.name: p.role for p in draft.participants}["柏玉芬"] == "青石村的支书"


def test_more_header_and_label_forms_of_posts_and_names():
    host_posts = parse_transcript("主持人：区政协委员、青石镇联络组组长甘立平\n甘立平：开始。\n滕秀云：路灯坏了。\n")
    assert host_posts.header.host == "甘立平" and [u.speaker for u in host_posts.utterances] == ["甘立平", "滕秀云"]

    spaced = parse_transcript("参加人员：区政协委员 滕秀云、供电所所长 符家明\n甘立平：开始。\n滕秀云：路灯坏了。\n")
    assert spaced.header.roster == [("滕秀云", "区政协委员"), ("符家明", "供电所所长")]

    bracket = parse_transcript("【甘立平 主持人】开始。\n【滕秀云】路灯坏了。\n")
    assert bracket.header.host == "甘立平" and bracket.utterances[0].speaker == "甘立平"

    asr = parse_transcript(
        "发言人1 00:00:01\n大家好 我是区政协的甘立平 今天我主持\n\n"
        "发言人2 00:00:20\n我是居民滕秀云 路灯坏了\n\n发言人1 00:00:40\n好\n"
    )
    assert [(u.speaker, u.role) for u in asr.utterances][1] == ("滕秀云", "居民")


def test_a_record_section_headed_for_the_hosts_summary_is_the_host_speaking():
    text = (
        "主持人：甘立平\n一、讨论发言\n滕秀云：路灯坏了，我不同意再拖。\n符家明：我们尽快修。\n"
        "二、主持人总结\n经过协商，大家一致同意坏灯先修。\n"
    )
    assert [u.speaker for u in parse_transcript(text).utterances] == ["滕秀云", "符家明", "甘立平"]


def test_a_stage_direction_naming_a_participant_who_speaks_is_their_turn():
    text = (
        "主持：甘立平\n参加：滕秀云（村民）、张德福（村民，张大爷）\n"
        "甘立平：今天议修路。\n滕秀云：路要修宽一点。\n（张大爷插话）\n修路要得，但是不能占我的地。\n"
        "（众人笑）\n甘立平：好，记下了。\n（张德福插话：我那块地是祖上的。）\n"
    )
    turns = [(u.speaker, u.text) for u in parse_transcript(text).utterances]
    assert turns[1] == ("滕秀云", "路要修宽一点。")
    assert turns[2] == ("张德福", "修路要得，但是不能占我的地。")
    assert turns[-1] == ("张德福", "我那块地是祖上的。")


def test_a_listed_person_on_leave_did_not_take_part():
    text = "主持：甘立平\n参加人员：滕秀云（居民代表）、符家明（请假）、柏玉芬（因事缺席）、李建\n甘立平：开始。\n滕秀云：路灯坏了。\n"
    assert [p.name for p in draft_minutes(text).participants] == ["甘立平", "滕秀云", "李建"]
