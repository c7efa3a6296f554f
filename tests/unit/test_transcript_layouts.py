"""Every transcript layout a county office meets, read into the same speakers and facts.

The transcripts here are short and written for these tests (not copied from the evaluation
data): each checks that nobody is dropped and no speech is filed under someone else.
"""

from __future__ import annotations

import io

import docx
import pytest

from assistant.drafting import draft_minutes
from assistant.drafting.minutes import parse_transcript
from assistant.readers import read_document


def speakers(text: str) -> list[tuple[str, str]]:
    return [(u.speaker, u.text.split("\n")[0][:6]) for u in parse_transcript(text).utterances]


def names(text: str) -> list[str]:
    return [p.name for p in draft_minutes(text).participants]


def test_typed_name_colon():
    text = "主持人：王建国\n王建国：开会。今天议一下停车。\n李梅：我同意划线。\n张立：我反对收费。\n"
    assert speakers(text) == [("王建国", "开会。今天议"), ("李梅", "我同意划线。"), ("张立", "我反对收费。")]


@pytest.mark.parametrize("label", [
    "李梅（居民代表，3栋）", "李梅(居民代表,3栋)", "李梅（居民代表,3栋）", "李梅(居民代表，3栋)",
])
def test_a_comma_inside_the_brackets_is_still_a_speaker(label):
    text = f"王建国（主持人）：开始吧。\n{label}：我同意划线。\n王建国（主持人）：好。\n"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["王建国", "李梅", "王建国"]
    assert transcript.role_of("李梅") in ("居民代表，3栋", "居民代表（3栋）")
    assert transcript.header.host == "王建国"


def test_host_written_inside_the_brackets_with_a_comma():
    text = "周海(主持人,城东街道工委委员)：今天议停车。\n许兰（家长代表）：我同意。\n"
    transcript = parse_transcript(text)
    assert transcript.header.host == "周海"
    assert [u.speaker for u in transcript.utterances] == ["周海", "许兰"]


def test_square_bracket_labels_with_roles_from_the_attendance_line():
    text = (
        "参加：邓涛（镇党委副书记）、余秀珍（村民代表）、龚平\n\n"
        "【邓涛】今天说清淤。\n【余秀珍】我同意先清淤。\n【龚平】钱从哪里来？\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["邓涛", "余秀珍", "龚平"]
    assert transcript.role_of("余秀珍") == "村民代表"


def test_numbered_record_with_speech_headings_and_the_third_person():
    text = (
        "主持人：范明（镇党委副书记）\n"
        "1. 彭飞（区政协委员）发言：\n我建议延伸公交线路。\n"
        "2. 罗娟（居民）发言：\n站点离家太远。\n"
        "三、柯军同志（区交通运输局）发言\n局里支持延伸。\n"
        "苗青同志表示，学校可以错峰放学。\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["彭飞", "罗娟", "柯军", "苗青"]
    assert transcript.utterances[0].text == "我建议延伸公交线路。"


def test_asr_exports_name_timestamp_then_text_and_unrenamed_speakers():
    text = (
        "来源：语音转写\n时长：00:40:12\n\n"
        "韩冰 00:00:04\n好 我们开始 今天说广场噪音\n\n"
        "说话人 2 (00:01:10)\n我就住对面 晚上吵得睡不着\n\n"
        "发言人3 00:02:30\n我同意九点结束\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["韩冰", "说话人 2", "发言人3"]
    assert "时长" not in names(text) and "来源" not in names(text)
    assert transcript.header.host == "韩冰"  # who opens the meeting with 我们开始


def test_chat_export_date_time_name_then_the_message():
    text = (
        "群聊“幸福里议事群”的聊天记录\n导出时间：2026-03-02 10:00\n\n"
        "————— 2026-03-01 —————\n\n"
        "2026-03-01 19:00 钱勇（幸福里社区）\n今晚在群里议一下电动车充电棚。\n\n"
        "2026-03-01 19:02 苏敏 区政协委员\n我看了现场，可以建在北门。\n[图片]\n\n"
        "2026-03-01 19:05 钱勇（幸福里社区）\n好，今天就到这里。\n"
    )
    transcript = parse_transcript(text)
    assert [(u.speaker, u.role) for u in transcript.utterances] == [
        ("钱勇", "幸福里社区"), ("苏敏", "区政协委员"), ("钱勇", "幸福里社区")]
    assert transcript.meeting_day().isoformat() == "2026-03-01"  # the meeting, not the export
    assert "[图片]" not in transcript.utterances[1].text


def _signed_in_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("光明社区协商会议记录")
    document.add_paragraph("时间：2026年5月6日上午")
    document.add_paragraph("主持人：郝东")
    document.add_paragraph("一、情况介绍")
    document.add_paragraph("郝东（主任，光明社区）：今天议加装电梯。")
    document.add_paragraph("二、讨论发言")
    document.add_paragraph("祁兰（居民代表，2栋）：我同意加装。")
    document.add_paragraph("光明社区会议记录    第2页")
    document.add_paragraph("三、会议议定事项")
    document.add_paragraph("（一）2栋先行加装电梯，由光明社区牵头在6月1日前完成意见征集。")
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ("序号", "姓名", "单位", "职务"), strict=True):
        cell.text = title
    for row in (("1", "郝东", "光明社区", "主任"), ("2", "祁兰", "2栋", "居民代表"), ("3", "庞伟", "区住建局", "科员")):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_record_with_a_sign_in_table_and_headed_sections():
    text = read_document("记录.docx", _signed_in_docx())
    draft = draft_minutes(text)
    assert [p.name for p in draft.participants] == ["郝东", "祁兰", "庞伟"]  # 庞伟 signed in, never spoke
    assert "区住建局" in next(p.role for p in draft.participants if p.name == "庞伟")
    assert not any("第2页" in point for view in draft.views for point in view.points)
    assert any("2栋先行" in item for item in draft.consensus)  # 会议议定事项 are decisions
    assert [(a.owner, a.due) for a in draft.actions] == [("光明社区", "6月1日前")]


def test_yuanba_notes_with_stage_directions_and_nicknames():
    text = (
        "时间：2026年4月2日下午\n主持：村主任严志刚\n到会：组长姜德明、村民代表柏秀兰\n\n"
        "严志刚：今天说修堰塘。\n（众人议论）\n老姜：我先说，堰塘漏水好几年了。\n"
        "（主持人回应：修堰塘的钱镇上出一半。）\n柏秀兰：那我没意见了。\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["严志刚", "姜德明", "严志刚", "柏秀兰"]
    assert all("众人议论" not in u.text for u in transcript.utterances)
    assert names(text) == ["严志刚", "姜德明", "柏秀兰"]  # 老姜 is 姜德明, not a tenth person


def test_known_participants_resolve_labels_the_record_does_not_explain():
    text = "欧思齐：今天议停车。\n雒红：我同意。\n"
    transcript = parse_transcript(text, known_people=[("雒红", "居民代表")])
    assert [u.speaker for u in transcript.utterances] == ["欧思齐", "雒红"]
    assert transcript.role_of("雒红") == "居民代表"


# --- host summaries in their usual shapes -------------------------------------------------------

MEETING = "主持人：王建国\n王建国：开会，今天议小区停车。\n李梅：我同意划线。\n张立：我反对收费，太贵了。\n"


@pytest.mark.parametrize("summary", [
    "王建国：我归纳一下。第一，东侧划定临时停车位；第二，夜间停车免费。",
    "王建国：我总结几点：一是东侧划定临时停车位；二是夜间停车免费。",
    "王建国：形成以下共识：\n1. 东侧划定临时停车位；\n2. 夜间停车免费。",
    "王建国：下面归纳一下。\n共识：东侧划定临时停车位；夜间停车免费。\n分歧：张立对收费仍有反对意见。\n分工：物业公司负责在5月10日前完成划线。",
])
def test_summaries_in_every_shape_give_the_same_points(summary):
    draft = draft_minutes(MEETING + summary + "\n")
    assert any("东侧划定临时停车位" in c for c in draft.consensus)
    assert any("夜间停车免费" in c for c in draft.consensus)
    assert not any("归纳" in c or "总结" in c or "共识：" in c for c in draft.consensus)
    assert draft.dissenters == ["张立"]


def test_a_spoken_summary_lists_its_points_by_one_and_another():
    text = MEETING + "王建国：我总结一下啊 一个是东侧划定临时停车位 再一个夜间停车免费 还有就是充电车位单独划出来\n"
    consensus = draft_minutes(text).consensus
    assert len(consensus) == 3 and "夜间停车免费" in consensus[1]


def test_a_label_repeated_at_line_starts_is_a_speaker_even_with_an_unlisted_surname():
    text = "主持人：王建国\n王建国：开会。\n代光明：我家老房子空了十年。\n王建国：好。\n代光明：我同意出租。\n建议：尽快开工。\n"
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["王建国", "代光明", "王建国", "代光明"]


def test_a_timestamp_in_brackets_is_not_a_role():
    transcript = parse_transcript("张丽(00:01:23)：今天说停车。\n王强(00:02:10)：我同意。\n")
    assert [(u.speaker, u.role) for u in transcript.utterances] == [("张丽", ""), ("王强", "")]


def test_an_asr_speaker_who_names_himself_is_listed_by_name():
    text = ("发言人1 00:00:03\n好 我们开始 今天说路灯\n\n发言人2 00:00:40\n我是区城管局的石磊 路灯归我们管\n\n"
            "发言人3 00:01:10\n我是三组的村民 晚上太黑了\n\n发言人2 00:02:00\n我们两周内装好\n")
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["发言人1", "石磊", "发言人3", "石磊"]
    assert transcript.role_of("石磊") == "区城管局"


def test_a_roster_post_ending_in_yuan_and_a_dialect_withdrawal():
    text = ("主持：村支书郑大川\n参加：镇农业服务中心农技员卢娟、二组组长黎明富\n\n"
            "郑大川：今天说晒坝扩建。\n老黎：扩建要占我家的自留地，我不同意。\n"
            "卢娟：可以往东边荒坡扩。\n老黎：往东边扩不占我的地，那我没得意见。\n")
    draft = draft_minutes(text)
    assert ("卢娟", "镇农业服务中心农技员") in [(p.name, p.role) for p in draft.participants]
    assert draft.dissenters == []  # he withdrew his objection


def test_a_spoken_asr_summary_with_first_and_second():
    text = ("说话人1 00:00:01\n好 我们开始 今天说垃圾站搬迁\n\n说话人2 00:01:00\n我同意搬\n\n"
            "说话人1 00:05:00\n那我总结一下 第一个是垃圾站搬到北边空地 第二个是搬之前每天清运两次\n")
    assert draft_minutes(text).consensus == ["垃圾站搬到北边空地。", "搬之前每天清运两次。"]
