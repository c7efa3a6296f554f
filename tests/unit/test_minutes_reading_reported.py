"""A record told in the third person, round 8: the recorder moving on to the next person's words
without a numbered heading ("某某也表示，……", "某某再次表示，……", "会议最后，某某作了归纳。"), a
surname with a title for a listed person, and a 参加 list that goes on in an indented line.
Invented sentences only, none from an evaluation transcript."""

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.reading import parse_transcript

NARRATED = """\
关于农贸市场雨棚改造的协商记录
会议时间：2026年4月21日上午9时
主 持 人：韩立春（区政协委员）
参会人员：邵海燕（街道城建科）、梁志国（摊主）、甘玉兰（摊主）、龙振华（市场管理公司）

会议首先由韩立春说明议题来由。

1. 邵海燕（街道城建科）发言
她介绍，雨棚改造有区里的补助，每平方米补一半。

2. 梁志国（摊主）发言
他说，剩下一半要摊主出，他不同意全部摊到摊主头上。

3. 甘玉兰（摊主）发言
她说雨棚太矮，她反对按现在的高度搭。

龙振华补充说，市场管理公司可以垫付一部分。

梁志国也表示，如果公司垫付一部分，自己愿意出，不再坚持。

甘玉兰再次表示，补助可以，但是雨棚的高度她还是不同意，至少要再高半米。

会议最后，韩立春作了归纳。他说，今天大家的意见归纳起来：一是雨棚按补助加垫付的办法改造；二是摊主出的部分分两年交。甘玉兰对雨棚高度有不同意见，会议如实记录。
"""


def test_the_recorder_moving_on_to_the_next_persons_words_opens_their_turn():
    speakers = [u.speaker for u in parse_transcript(NARRATED).utterances]
    assert speakers[-4:] == ["龙振华", "梁志国", "甘玉兰", "韩立春"]


def test_a_narrated_withdrawal_and_a_narrated_objection_are_filed_under_their_own_speakers():
    draft = draft_minutes(NARRATED)
    assert draft.dissenters == ["甘玉兰"]
    assert any("补助加垫付" in c for c in draft.consensus)
    assert any("分两年交" in c for c in draft.consensus)
    assert not any("他说" in c or "归纳起来" in c for c in draft.consensus)  # the recorder's words, not a point


SUMMED_UP_BY_TITLE = """\
关于老旧楼道照明的协商记录
时间：2026年10月9日
主持：阮秀琴（社区党委书记）
参加人员：蒙立平（居民）、卓志强（物业公司）

一、蒙立平同志（居民）发言

蒙立平说，楼道灯改声控他同意，但是电费他不同意由住户分摊，应该由物业出。

二、卓志强同志（物业公司）发言

卓志强说，物业可以出灯具，电费还是按户分摊。

最后，阮秀琴书记作了总结。她说，经过大家商量，形成以下意见：

一是楼道灯全部换成声控灯，灯具由物业出。

二是换灯在本月底前完成。

阮书记最后说，蒙立平同志关于电费分摊的保留意见，会议作了记录。
"""


def test_a_summing_up_told_by_the_recorder_and_the_host_called_by_surname_and_title():
    draft = draft_minutes(SUMMED_UP_BY_TITLE)
    assert any("声控灯" in c for c in draft.consensus)
    assert draft.dissenters == ["蒙立平"]
    assert "卓志强" not in draft.dissenters


INDENTED_LIST = """\
三组院坝会
日子：2026年7月2日
主持：覃永富（村支书）
到场：易光辉（村主任）
      村民代表：祝德海、聂春兰   另有三组群众二十来个
覃永富：今天说三组堰塘清淤的事。
老祝：清淤我赞成，钱按户出。
聂春兰：按户出可以。
"""


def test_an_indented_line_after_the_attendance_list_goes_on_with_it():
    draft = draft_minutes(INDENTED_LIST)
    names = [p.name for p in draft.participants]
    assert "祝德海" in names and "聂春兰" in names
    assert "老祝" not in names
    assert not any("另有" in n or "群众" in n for n in names)


UNNAMED_SPEAKER = """\
助餐点协商
录音时间：2026-09-15 15:00

发言人1 00:00:02
好我们开始 我是社区书记邱丽华 今天商量助餐点放在哪里

发言人2 00:05:20
我住在活动中心旁边 放在一楼油烟从我家窗户进来 这个我是不同意的

发言人1 00:13:30
好 今天就到这里
"""


def test_a_stance_said_in_the_first_person_is_no_role():
    draft = draft_minutes(UNNAMED_SPEAKER)
    roles = {p.name: p.role for p in draft.participants}
    assert roles.get("发言人2", "") == ""
    assert draft.disagreements and draft.disagreements[0].startswith("发言人2：")
