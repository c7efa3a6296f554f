"""Who took part, read from invented records in several layouts (names, places and topics made up;
none taken from an evaluation transcript): the attendee list keeps people only, a wrapped list
goes on, forms of address resolve to the one listed person they can mean and stay as written
when they could mean two, a sign-in row for a unit or an absentee is nobody."""

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.people import is_listed_person, parse_roster
from assistant.drafting.minutes.reading import parse_transcript


def names(text: str) -> list[str]:
    return [p.name for p in draft_minutes(text).participants]


# 院坝 notes: the list wraps onto indented lines, ends with a count, and two attendees share a surname.
YUANBA = """\
青冈村鱼塘承包院坝会（手记）

时间：2026年6月7日 上午十点
地点：青冈村三组 孟家晒坝
主持：孟祥云（村支部书记）
参会：吕德华（村主任）、汪静（县政协委员）
      三组代表：鲁庆生、王建华、王秀兰、邱桂珍、鲁大山、柴永福
      还有三组、四组乡亲十来个旁听，没有登记名字
记录：邹小芳

孟书记：今天说鱼塘的事，承包期到了。
王秀兰：我赞成公开竞价，但是本组的人要优先。
老王：我不同意竞价，价格抬高了没人包得起。
邱大姐：我问一下，租金咋个分？
（柴大爷插话）
柴大爷：塘埂我出工。
刘师傅：我是县水产站的，来看看水质。
吕主任：租金按户分，先修塘埂。
汪委员：竞价结果要公示。
孟书记：好，那就这么定。
"""


def test_a_wrapped_attendee_list_goes_on_and_forms_of_address_resolve_to_it():
    got = names(YUANBA)
    for person in ("孟祥云", "吕德华", "汪静", "鲁庆生", "王建华", "王秀兰", "邱桂珍", "鲁大山", "柴永福"):
        assert person in got
    speakers = parse_transcript(YUANBA).speakers_in_order()
    assert "邱桂珍" in speakers and "柴永福" in speakers and "吕德华" in speakers and "汪静" in speakers
    assert not {"邱大姐", "柴大爷", "吕主任", "汪委员"} & set(got)


def test_a_nickname_two_listed_people_could_bear_stays_as_written():
    got = names(YUANBA)
    assert "老王" in got  # 王建华 or 王秀兰: not guessed
    speakers = parse_transcript(YUANBA).speakers_in_order()
    assert speakers.count("王秀兰") == 1 and "王建华" not in speakers


def test_a_form_of_address_nobody_listed_bears_stays_and_the_count_and_recorder_are_nobody():
    got = names(YUANBA)
    assert "刘师傅" in got
    assert "邹小芳" not in got  # only on the 记录 line
    assert not any(ch in name for name in got for ch in "组个乡")
    assert len(got) == 11


def test_units_and_counts_in_the_list_are_no_participants():
    text = (
        "社区篮球场夜间开放协商会记录\n"
        "时间：2026年7月3日下午3:00\n"
        "主持人：戚晓梅（枫林社区党委书记）\n"
        "参加人员：区体育局、枫林街道办事处、蓝湾村两委、区政协委员严志国、物业公司代表程斌、"
        "居民代表黎红、黎建军，青少年家长若干名，另有居民二十几个\n"
        "记录人：沙文\n"
        "戚晓梅：今天商量球场晚上开放到几点。\n"
        "严志国（区政协委员）：我建议开放到晚上九点半。\n"
        "黎红：我家就在球场边，晚上太吵了。\n"
    )
    assert names(text) == ["戚晓梅", "严志国", "程斌", "黎红", "黎建军"]


def test_an_export_whose_attendee_line_names_only_units_keeps_its_speakers():
    text = (
        "山坪塘清淤协商会 录音转写\n"
        "录音时间：2026年9月15日 09:30\n"
        "参会：镇水利站、村两委、五组群众代表\n"
        "\n"
        "发言人1 00:00:03\n"
        "好 我们开始 我是镇水利站的闵建国 今天说山坪塘清淤\n"
        "发言人2 00:01:20\n"
        "我说一下 塘里淤泥太多了 要赶在秋收后清\n"
        "发言人3 00:02:45\n"
        "我是五组的 我不同意用村里的钱\n"
    )
    assert names(text) == ["闵建国", "发言人2", "发言人3"]


def test_a_sign_in_row_for_a_unit_or_an_absentee_is_nobody():
    text = (
        "关于社区老年食堂运营补贴的协商会议记录\n"
        "时间：2026年11月2日上午9:00\n"
        "主持人：房静（松柏社区党委书记）\n"
        "参加人员：见签到表\n"
        "签到表\n"
        "序号\t姓名\t单位\t职务\n"
        "1\t房静\t松柏社区\t党委书记\n"
        "2\t桑德明\t区民政局\t科长\n"
        "3\t蔺海\t康乐餐饮公司\t经理\n"
        "4\t区市场监管局\t\t\n"
        "5\t卜文军\t居民代表\t（未到）\n"
        "一、情况介绍\n"
        "房静（主持人，松柏社区党委书记）：今天议食堂补贴。\n"
        "二、讨论发言\n"
        "桑德明（科长，区民政局）：补贴按就餐人次发。\n"
    )
    assert names(text) == ["房静", "桑德明", "蔺海"]


# Two listed 王 and others called by title or kinship: the title or the label's role decides.
SAME_SURNAME = """\
白鹭村茶园便道协商会记录
时间：2026年5月20日下午
主持：滕光明（村党支部书记）
参加：王德顺（村委会主任）、王桂香（茶农）、裘红（县政协委员）、何玉珍（茶农）、钱有福（茶农）、冯浩（县交通局工程师）
记录：应小梅

滕书记：今天商量茶园便道。
王主任：便道要先定线。
老王（茶农）：我家茶地在坡上，便道要从我那边过。
王老师：我补充一句，学生也走这条路。
何阿姨：路修好了采茶方便。
钱老汉：我出工不出钱。
冯工：我来做个测量。
裘委员：那就先测量再定线。
"""


def test_the_title_or_the_role_a_label_gives_picks_one_of_two_listed_people_of_a_surname():
    speakers = parse_transcript(SAME_SURNAME).speakers_in_order()
    assert speakers[:3] == ["滕光明", "王德顺", "王桂香"]  # 王主任 is the 主任, 老王（茶农） the 茶农
    assert "王老师" in speakers  # neither 王 is a teacher: kept as written


def test_kinship_and_short_titles_resolve_to_the_one_listed_person():
    speakers = parse_transcript(SAME_SURNAME).speakers_in_order()
    assert {"何玉珍", "钱有福", "冯浩", "裘红"} <= set(speakers)
    assert not {"何阿姨", "钱老汉", "冯工", "裘委员"} & set(speakers)


def test_names_listed_below_an_empty_attendee_line_and_a_listed_name_that_looks_like_a_nickname():
    text = (
        "关于社区菜市场早市占道的协商会\n"
        "时间：2026年3月12日上午9:30\n"
        "主持人：查文涛（杏林社区主任）\n"
        "参加人员：\n"
        "  区城管局城南中队 邝明（中队长）\n"
        "  区政协委员 盛国梁\n"
        "  摊贩代表 佟大勇、佟二妹\n"
        "  居民代表 闻淑芳 ；另有早市摊贩十余人列席\n"
        "记录：阙燕\n"
        "\n"
        "查文涛：早市占道的事今天议一议。\n"
        "邝明：我们中队早上人手不够。\n"
        "佟二妹：我们摆摊是为了生活。\n"
        "老佟：能不能划个地方给我们。\n"
        "盛国梁：建议划定早市区域，限时经营。\n"
    )
    got = names(text)
    assert got[:6] == ["查文涛", "邝明", "盛国梁", "佟大勇", "佟二妹", "闻淑芳"]
    speakers = parse_transcript(text).speakers_in_order()
    assert "佟二妹" in speakers  # her listed name, not a form of address for 佟大勇
    assert "老佟" in speakers  # 佟大勇 or 佟二妹: not guessed


def test_list_entries_with_tongzhi_a_bare_post_before_the_name_and_a_post_alone():
    assert parse_roster("县政协副主席司徒明同志、区住建局局长孙立同志") == [
        ("司徒明", "县政协副主席"), ("孙立", "区住建局局长")]
    assert parse_roster("社区书记雍和平、主任苍松") == [("雍和平", "社区书记"), ("苍松", "主任")]
    assert parse_roster("村两委成员、网格员、楼栋长") == []


def test_what_in_a_list_is_a_persons_name():
    for person in ("葛优", "邱淑贞", "阿西木呷", "吉克曲布", "欧阳振", "宓晓"):
        assert is_listed_person(person), person
    for other in ("另有二组", "没一一记名", "若干名", "蓝湾村两委", "枫林街道办事处", "居民二十几个", "李庄村"):
        assert not is_listed_person(other), other


def test_a_listed_rare_surname_with_tongzhi_and_deputy_or_unit_posts_name_their_speaker():
    text = (
        "关于集镇农贸市场夜间照明的协商会\n"
        "时间：2026年9月3日\n"
        "主持人：邝明（镇党委副书记）\n"
        "参加人员：孙立（镇规建办副主任）、管晓燕（区政协委员）、黎振国（县城管大队中队长）、丁秀珍（市场业主代表）、"
        "物业经理 桓立新\n"
        "记录：巩丽\n"
        "邝副书记：今天议夜间照明。\n"
        "孙副主任：照明改造可以列入今年计划。\n"
        "黎中队长：夜间巡查我们可以安排。\n"
        "管委员（区政协）：要听听商户的意见。\n"
        "丁嬢嬢：我们晚上收摊晚，灯太暗不安全。\n"
        "桓立新同志：物业可以负责日常维护。\n"
        "邝明：好，就这样定。\n"
    )
    transcript = parse_transcript(text)
    assert transcript.speakers_in_order() == ["邝明", "孙立", "黎振国", "管晓燕", "丁秀珍", "桓立新"]
    said = {u.speaker: u.text for u in transcript.utterances}
    assert said["桓立新"] == "物业可以负责日常维护。"  # not appended to 丁秀珍's words
    assert names(text) == ["邝明", "孙立", "管晓燕", "黎振国", "丁秀珍", "桓立新"]


def test_a_form_of_address_written_first_with_the_full_name_inside_the_bracket():
    text = (
        "议题：村卫生室搬到哪里\n"
        "主持：景德胜（村党支部书记）\n"
        "参加人员：\n"
        "1. 苑晓丽（乡卫生院副院长）\n"
        "2. 莫大妈（村民代表，莫桂兰）\n"
        "记录：谈文\n"
        "景书记：今天议卫生室搬到哪里。\n"
        "莫大妈：我们三组的老人走不了那么远。\n"
        "苑晓丽：新址要方便老年人。\n"
    )
    assert names(text) == ["景德胜", "苑晓丽", "莫桂兰"]
    assert parse_transcript(text).role_of("莫桂兰") == "村民代表"


def test_a_sign_in_sheet_with_two_people_a_row():
    text = (
        "议题：河堤步道夜间照明\n"
        "主持人：祁丽\n"
        "签到表\n"
        "序号\t姓 名\t单位\t序号\t姓 名\t单位\n"
        "1\t祁丽\t街道办\t2\t管大海\t居民代表\n"
        "3\t闻一多\t区城管局\t4\t柯南\t请假\n"
        "5\t区水务局\t\t\t\t\n"
        "祁丽：今天议步道照明。\n"
        "管大海：晚上散步的人多，灯要亮。\n"
    )
    assert names(text) == ["祁丽", "管大海", "闻一多"]


def test_the_line_after_the_list_naming_who_did_not_come_adds_nobody():
    text = (
        "议题：河堤步道夜间照明\n"
        "参加人员：祁丽（街道办）、管大海（居民代表）\n"
        "请假：柯南（区城管局）\n"
        "祁丽：今天议步道照明。\n"
        "管大海：晚上散步的人多，灯要亮。\n"
    )
    assert names(text) == ["祁丽", "管大海"]


def test_the_last_name_of_a_list_before_the_rest_of_the_people():
    assert parse_roster("居民代表樊春、李四等村民代表") == [("樊春", "居民代表"), ("李四", "居民代表")]
    assert parse_roster("魏明等十余名群众") == [("魏明", "")]
    assert parse_roster("龚红及居民代表若干") == [("龚红", "")]
    assert parse_roster("王五等同志") == [("王五", "")]
    assert parse_roster("区政协委员蓝天、白云两位") == [("蓝天", "区政协委员"), ("白云", "区政协委员")]
    assert parse_roster("张建和、王及第") == [("张建和", ""), ("王及第", "")]  # names, not "and"/"等"


def test_a_chat_sender_with_the_building_before_or_after_the_name():
    text = (
        "“锦江苑电梯维保”业主群协商记录（导出）\n"
        "2026-10-08 20:01 宓丽（锦江苑社区）\n"
        "各位业主，今晚在群里说电梯维保的事。\n"
        "2026-10-08 20:03 3栋-蒯姐\n"
        "电梯上个月停了三次。\n"
        "2026-10-08 20:04 晁刚 物业\n"
        "维保合同下个月到期，我们在重新招标。\n"
        "2026-10-08 20:05 韦海 5-2-301\n"
        "招标要业主代表参加。\n"
        "2026-10-08 20:07 蒯淑华\n"
        "我就是3栋的蒯姐，换了个号。\n"
    )
    transcript = parse_transcript(text)
    assert transcript.speakers_in_order() == ["宓丽", "蒯淑华", "晁刚", "韦海"]
    assert transcript.role_of("韦海") == "5-2-301"


def test_two_character_names_padded_with_spaces_in_the_header():
    text = (
        "议题：小区垃圾房搬迁\n"
        "主持人：童  敏（社区主任）\n"
        "参加人员：童  敏、柯  强（物业经理）、欧阳明、区政协委员 聂  红\n"
        "记录：伍  佳\n"
        "童  敏：今天议垃圾房搬迁。\n"
        "柯  强：物业可以配合。\n"
        "2026-05-06 10:20 聂  红\n"
        "垃圾房离居民楼太近。\n"
    )
    draft = draft_minutes(text)
    assert [p.name for p in draft.participants] == ["童敏", "柯强", "欧阳明", "聂红"]
    assert draft.host == "童敏" and draft.recorder == "伍佳"


def test_a_speaker_label_that_gives_the_form_of_address_in_its_bracket():
    text = (
        "议题：村头古井保护\n"
        "主持：雷春生（村主任）\n"
        "参加：符光明、符德贵、冷秀英（村民）\n"
        "雷主任：今天议古井。\n"
        "符光明（老符）：古井要围起来。\n"
        "冷秀英（冷嬢嬢，村民）：井水还能不能吃？\n"
        "老符：围栏我来做。\n"
        "冷嬢嬢：那我没意见。\n"
    )
    transcript = parse_transcript(text)
    assert [(u.speaker, u.role) for u in transcript.utterances] == [
        ("雷春生", ""), ("符光明", ""), ("冷秀英", "村民"), ("符光明", ""), ("冷秀英", "")]
    assert names(text) == ["雷春生", "符光明", "符德贵", "冷秀英"]


def test_a_sign_in_table_pasted_as_plain_text_with_spaces_or_bars():
    text = (
        "议题：河堤步道夜间照明\n"
        "签到表\n"
        "序号  姓名    单位          职务\n"
        "1     祁丽    街道办        主任\n"
        "2     管大海  居民代表\n"
        "3     柯南    区城管局      请假\n"
        "祁丽：今天我们  说一下步道照明。\n"
        "| 序号 | 姓名 | 单位 |\n"
        "|---|---|---|\n"
        "| 1 | 闻一多 | 区水务局 |\n"
        "管大海：晚上散步的人多，灯要亮。\n"
    )
    transcript = parse_transcript(text)
    assert names(text) == ["祁丽", "管大海", "闻一多"]
    assert transcript.utterances[0].text == "今天我们  说一下步道照明。"  # a speech, not a table row
    assert transcript.role_of("管大海") == "居民代表"


NARRATED = """\
石门社区“有事来协商”议事会议纪实
时间：2026年7月14日下午
主持人：社区党委书记 黎晓红
参会人员：区政协委员钮建华，区住建局物业科桂明，业委会主任尉迟敏，居民代表鄢国庆、鄢秀珍、谷大成等15人
记录：社区干事 晏可

一、黎晓红同志主持会议并介绍情况
她说，小区二次供水设施老化，今天请大家来商量改造方案。
二、钮建华委员发言
他认为，改造资金可以申请老旧小区改造专项。
3. 尉迟敏主任回应说，业委会可以组织表决。
4. 鄢大爷发言时情绪比较激动。他说，水压不够已经三年了，再拖不行。
5. 谷大成发言说，他同意尽快改造。
"""


def test_a_numbered_record_the_chair_opens_and_a_nickname_two_listed_people_share():
    transcript = parse_transcript(NARRATED)
    assert transcript.speakers_in_order() == ["黎晓红", "钮建华", "尉迟敏", "鄢大爷", "谷大成"]
    assert transcript.utterances[0].text.startswith("她说，小区二次供水")
    assert names(NARRATED) == ["黎晓红", "钮建华", "桂明", "尉迟敏", "鄢国庆", "鄢秀珍", "谷大成", "鄢大爷"]


def test_a_host_named_by_title_in_the_header_is_the_listed_person_of_that_surname():
    text = (
        "议题：村里晒场怎么用\n"
        "主持：秦书记\n"
        "到会：秦国栋（村支书）、翁丽（县政协委员）、贲大兴\n"
        "秦国栋：今天议晒场。\n"
        "翁丽：我建议排班使用。\n"
    )
    draft = draft_minutes(text)
    assert draft.host == "秦国栋"
    assert [p.name for p in draft.participants] == ["秦国栋", "翁丽", "贲大兴"]


def test_list_entries_with_the_post_after_the_name_or_a_short_description_before_it():
    assert parse_roster("刘光明村主任、蒋兰委员、何德胜组长") == [
        ("刘光明", "村主任"), ("蒋兰", "委员"), ("何德胜", "组长")]
    assert parse_roster("张国华副镇长、李红网格员、王芳村主任") == [
        ("张国华", "副镇长"), ("李红", "网格员"), ("王芳", "村主任")]
    assert parse_roster("村医赵静，厨师罗志成，吉克曲布") == [("赵静", "村医"), ("罗志成", "厨师"), ("吉克曲布", "")]
    assert parse_roster("区政协委员、区人大代表、社区网格员") == []
