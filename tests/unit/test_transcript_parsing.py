"""Transcript parsing: the formats staff really bring, and clear refusals for the rest."""

from __future__ import annotations

import pytest

from assistant.drafting.minutes.reading import MAX_TRANSCRIPT_CHARS, TranscriptError, parse_transcript


def speakers(text: str) -> list[tuple[str, str]]:
    return [(u.speaker, u.role) for u in parse_transcript(text).utterances]


# --- typed notes ----------------------------------------------------------------------------


def test_full_and_half_width_parentheses_and_colons_give_name_and_role():
    text = (
        "张三（居民代表）：我建议在北侧加装电梯。\n"
        "李四(区住建局副局长):我局两周内完成方案审核。\n"
        "王五（政协委员）:要兼顾低层住户利益。\n"
    )
    assert speakers(text) == [("张三", "居民代表"), ("李四", "区住建局副局长"), ("王五", "政协委员")]


def test_bare_names_bracket_labels_and_host_prefix():
    text = (
        "主持人王芳：今天就加装电梯进行协商。\n"
        "【刘德明】我们楼的老人上下楼很困难。\n"
        "【赵敏（区政协委员）】建议优先考虑北侧方案。\n"
        "陈秀英：我担心采光受影响。\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["王芳", "刘德明", "赵敏", "陈秀英"]
    assert transcript.header.host == "王芳"
    assert transcript.role_of("赵敏") == "区政协委员"


def test_role_written_before_name_is_split():
    assert speakers("居民代表刘某：我有顾虑。\n区住建局副局长李强：我们两周内答复。\n") == [
        ("刘某", "居民代表"),
        ("李强", "区住建局副局长"),
    ]


def test_header_lines_are_facts_not_speech():
    text = (
        "时间：2024年11月28日下午2:30　　地点：锦江社区会议室\n"
        "议题：老旧小区加装电梯\n"
        "主持人：王芳（社区党委书记）\n"
        "参加人员：李强（区住建局副局长）、居民代表刘德明、陈秀英，政协委员赵敏等12人\n"
        "记录人：孙丽\n"
        "\n"
        "王芳：今天我们协商加装电梯。\n"
    )
    transcript = parse_transcript(text)
    header = transcript.header
    assert header.date == "2024年11月28日下午2:30"
    assert header.location == "锦江社区会议室"
    assert header.topic == "老旧小区加装电梯"
    assert (header.host, header.host_role) == ("王芳", "社区党委书记")
    assert header.recorder == "孙丽"
    # "居民代表刘德明、陈秀英": the role written once covers the names that follow it.
    assert header.roster == [
        ("李强", "区住建局副局长"),
        ("刘德明", "居民代表"),
        ("陈秀英", "居民代表"),
        ("赵敏", "政协委员"),
    ]
    assert transcript.role_of("王芳") == "社区党委书记"


def test_bare_host_label_takes_the_header_host_name():
    text = "主持人：王芳\n主持人：各位居民，今天我们商量加装电梯的事。\n张三：我同意。"
    transcript = parse_transcript(text)
    assert transcript.utterances[0].speaker == "王芳"
    assert transcript.utterances[0].text.startswith("各位居民")


def test_roster_names_with_unusual_surnames_are_speakers():
    transcript = parse_transcript("参加人员：居民代表仉志远\n仉志远：我支持加装电梯。\n")
    assert [u.speaker for u in transcript.utterances] == ["仉志远"]
    assert transcript.role_of("仉志远") == "居民代表"


def test_continuation_lines_and_colon_phrases_stay_in_the_speech():
    text = "李强（区住建局）：我说两点。\n方案：一是北侧入户。\n时间：两周内完成。\n张三：好的。"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["李强", "张三"]
    assert "方案：一是北侧入户" in transcript.utterances[0].text


# --- speech-recognition exports -------------------------------------------------------------


def test_name_and_timestamp_line_then_speech_on_following_lines():
    text = "张三 00:03:15\n我觉得停车位不够。\n应该增加临时车位。\n\n李四 00:04:02\n交警大队可以两周内施划。\n"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["张三", "李四"]
    assert transcript.utterances[0].text == "我觉得停车位不够。\n应该增加临时车位。"


def test_speaker_ids_with_dates_supply_the_meeting_date():
    text = "发言人1 2024-05-12 14:03:22\n今天协商充电桩建设。\n发言人2 2024-05-12 14:05:10\n我是物业的，我们6月底前建好。\n"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["发言人1", "发言人2"]
    assert transcript.header.date == "2024年5月12日"
    assert transcript.role_of("发言人2") == "物业的"  # learned from "我是物业的"


def test_leading_bracketed_timestamp_and_host_self_introduction():
    text = (
        "[00:00:03] 主持人\n我是区政协委员、这次协商的主持人潘文静。今天协商学校周边交通。\n"
        "[00:01:20] 邱永红\n放学时校门口很堵。\n"
    )
    transcript = parse_transcript(text)
    assert transcript.header.host == "潘文静"
    assert [u.speaker for u in transcript.utterances] == ["潘文静", "邱永红"]


def test_mixed_typed_and_exported_turns():
    text = (
        "主持人：黄晓燕（居委会主任）\n"
        "【黄晓燕】今天商量垃圾分类。\n"
        "冯玉兰 00:12:40\n我不同意只开放两个小时。\n"
        "邓超（保洁公司负责人）：我们可以安排专人值守。\n"
    )
    assert [s for s, _ in speakers(text)] == ["黄晓燕", "冯玉兰", "邓超"]


def test_a_time_inside_speech_does_not_open_a_turn():
    text = "张三：我们定在下午\n3:30 集合。\n大家约在 9:30\n李四：好。"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["张三", "李四"]


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused_with_the_expected_format(text):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text)
    assert "为空" in caught.value.message_zh
    assert "张三（居民代表）：" in caught.value.message_zh


def test_garbled_or_binary_text_is_refused():
    with pytest.raises(TranscriptError) as caught:
        parse_transcript("PK\x03\x04\x00\x00\x14\x00" * 200)
    assert "乱码" in caught.value.message_zh
    mojibake = "ä¼šè®®çºªè¦å¼ ä¸‰ï¼šæˆ'å»ºè®®" * 50
    with pytest.raises(TranscriptError):
        parse_transcript(mojibake)


def test_text_without_speakers_explains_the_format_with_an_example():
    with pytest.raises(TranscriptError) as caught:
        parse_transcript("今天开会讨论了加装电梯的问题，大家意见很多，会后再说。")
    message = caught.value.message_zh
    assert "未能识别出发言人" in message
    example_lines = [line for line in message.splitlines() if line.startswith(("张三（", "李四（"))]
    assert len(example_lines) == 2


def test_oversized_text_is_refused_quickly_with_the_limit():
    with pytest.raises(TranscriptError) as caught:
        parse_transcript("张三：好。\n" * (MAX_TRANSCRIPT_CHARS // 5))
    assert "200 万字" in caught.value.message_zh
