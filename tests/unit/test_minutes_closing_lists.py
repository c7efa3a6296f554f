"""The host's closing list of points, on small invented examples (not from any evaluation transcript):
lists without a cue word, spoken lists in one long speech-recognition line, work handed out inside
them, and what in a summary is no agreed point."""

from assistant.drafting.minutes import draft_minutes

UNCUED_LIST = """\
议题：菜市场门口雨棚
主持：韦红英（社区主任）
参加人员：丁国华（市场管理方）、卜秀兰（居民）、蓝志勇（摊主）
韦红英：今天就说菜市场门口搭雨棚的事。
丁国华：雨棚可以搭，材料我们市场出。
卜秀兰：搭可以，不要挡住人行道。
蓝志勇：我们摊主愿意出点人工。
韦红英：蓝师傅，一个是搭多宽，二是什么时候搭，你们摊主先商量一下。
蓝志勇：好。
韦红英：那最后把今天的结果说一下：
第一，雨棚由市场出材料搭建，摊主出人工。
第二，雨棚只搭到台阶边，人行道不占。
第三，分工就按刚才说的：丁经理两周内拿出雨棚样式，蓝师傅月底前把摊主的意见收齐。
计划下个月中旬动工。
散会。
"""


def test_a_closing_list_without_a_cue_word_is_the_summary():
    draft = draft_minutes(UNCUED_LIST)
    assert any("市场出材料" in c for c in draft.consensus)
    assert any("人行道不占" in c for c in draft.consensus)
    # the task part of the list and the line after the list are no agreed points
    assert not any("两周内" in c or "样式" in c for c in draft.consensus)
    assert not any("动工" in c or "散会" in c for c in draft.consensus)
    assert not any("搭多宽" in c for c in draft.consensus)


SPOKEN_RUN_ON = """\
卫生室搬迁协商会_转写
录音时间：2026年4月8日 09:00
参会：村两委、村医、村民代表

柯文山 00:00:05
好我们开始 今天说村卫生室搬到老村小的事

严玉珍 00:02:10
搬过去可以 就是路远了 老人去看病不方便

谭少华 00:04:30
我是不同意搬的 原来那个位置就在集市边上 赶场顺便就看了 搬到老村小太偏了

何建林 00:06:12
老村小那边房子宽 可以设个观察室 这个我们卫生院支持

柯文山 00:09:40
好 时间差不多了 我说两句 一个是 卫生室搬到老村小 这个大家基本认可 观察室一并设起来 再一个是 赶场天 在集市边上设个流动诊点 搬迁时间的事情 有同志有不同意见 我们再听一听 那下来分个工 何院长 你们卫生院一个月内把观察室的设备清单报上来 好 今天就到这里

何建林 00:11:02
要得
"""


def test_a_spoken_summary_in_one_line_is_split_into_its_points_and_its_task_part():
    draft = draft_minutes(SPOKEN_RUN_ON)
    assert any("搬到老村小" in c and "观察室" in c for c in draft.consensus)
    assert any("流动诊点" in c for c in draft.consensus)
    # the objection the host records and the work handed out after "分个工" are no agreed points
    assert not any("不同意见" in c or "设备清单" in c for c in draft.consensus)


def test_a_person_named_in_the_task_part_of_a_spoken_summary_is_no_dissenter():
    draft = draft_minutes(SPOKEN_RUN_ON)
    assert "何建林" not in draft.dissenters
    assert "谭少华" in draft.dissenters


CHAT_TASKS = """\
2026-05-06 19:02 邹平（社区书记）
今天在群里把快递柜的事商量一下
2026-05-06 19:05 包立新（物业经理）
快递柜可以放在2号门岗旁边
2026-05-06 19:08 尤小梅（居民）
放门岗旁边可以，晚上要有灯
2026-05-06 19:20 邹平（社区书记）
我归纳一下：第一，快递柜放在2号门岗旁边。第二，柜子旁边加装一盏路灯。
2026-05-06 19:22 邹平（社区书记）
@包立新 包经理，你下周五前把快递柜的安装位置定下来，拍照发群里
"""


def test_a_call_to_someone_is_no_decision_before_the_work():
    draft = draft_minutes(CHAT_TASKS)
    assert any("2号门岗" in c for c in draft.consensus)
    assert not any(c.startswith(("@", "包经理")) for c in draft.consensus)


ON_FILE = """\
议题：小区健身器材更新
主持人：农桂芝
农桂芝：今天议健身器材更新的事。
潘立军：旧器材锈得厉害，应该换。
符春燕：换可以，我不同意放在我家窗户底下，太吵。
潘立军：费用从公共收益里出。
农桂芝：下面我归纳一下：器材全部更新，费用从公共收益里出；符阿姨的意见我们记下了，位置会后再看；器材要不要收使用费，今天不定，下次再说。会议纪要发到业主群里。
"""


def test_a_view_put_on_file_an_undecided_point_and_the_minutes_themselves_are_no_agreed_points():
    draft = draft_minutes(ON_FILE)
    assert any("器材全部更新" in c for c in draft.consensus)
    assert not any("记下" in c for c in draft.consensus)
    assert not any("今天不定" in c or "使用费" in c for c in draft.consensus)
    assert not any("纪要" in c for c in draft.consensus)


PUT_TO_THE_ROOM_AT_END = """\
楼顶防水协商_转写
录音时间：2026年9月2日 19:00

宁海波 00:00:03
我们开始 今天说楼顶防水的事

苏国强 00:02:40
防水肯定要做 就是钱从哪里出

宁海波 00:08:10
好 我简单说一下 一个是 防水先做漏得最凶的三栋 再一个是 钱先从公共收益里出 不够的再想办法 就这几条 大家看还有没有
"""


def test_the_host_putting_the_list_to_the_room_at_its_end_keeps_the_last_point():
    draft = draft_minutes(PUT_TO_THE_ROOM_AT_END)
    assert any("漏得最凶的三栋" in c for c in draft.consensus)
    assert any("公共收益" in c and "还有没有" not in c for c in draft.consensus)


READ_OUT = """\
议题：老街排水沟清理
主持人：闵志刚
闵志刚：今天议老街排水沟的事。
牛桂兰：沟堵了好几年了，一下雨就漫到屋里。
闵志刚：时间差不多了，我把今天议定的几件事念一下，大家看对不对。
1. 排水沟全段清淤，雨季前完成。
2. 沟盖板破损的一律更换。
"""


def test_a_line_announcing_that_the_points_are_read_out_is_no_point():
    draft = draft_minutes(READ_OUT)
    assert any("全段清淤" in c for c in draft.consensus)
    assert not any("念一下" in c for c in draft.consensus)


DECISIONS_THEN_WORK = """\
议题：村集体果园承包到期
主持人：庞德胜
庞德胜：今天议果园承包到期的事。
秦永福：承包到期了，我们想收回来自己种。
庞德胜：我归纳一下：东坡果园继续发包，西坡果园收回后由村里负责统一管护，防止荒掉；东坡承包费每亩提高五十元。
三、会议议定事项
1. 由村委会牵头，11月30日前拟出东坡果园发包方案。
2. 秦永福按其提议，下周五前把西坡各户的意见收齐。
"""


def test_an_undated_charge_stays_inside_its_point_and_dated_work_under_the_decisions_is_no_point():
    draft = draft_minutes(DECISIONS_THEN_WORK)
    assert any("西坡果园收回" in c and "防止荒掉" in c for c in draft.consensus)
    assert not any("发包方案" in c for c in draft.consensus)
    assert not any("意见收齐" in c for c in draft.consensus)


NO_SUMMARY = """\
小田调整协商_转写
录音时间：2026年3月5日 14:00

邬建军 00:00:03
我们开始 今天说小田并大田以后地块怎么调

说话人2 00:03:20
修沟渠占了地 那占的地怎么算

邬建军 00:05:10
占的地按各户原来面积比例扣 大家都一样 那这个占地按比例扣减 大家有没有意见

说话人3 00:05:40
没意见 都一样就行

邬建军 00:07:10
那个 庞所长 你们所里两周内把新的地块图画出来

庞立 00:07:30
可以 两周没问题
"""


def test_a_point_the_host_put_to_the_room_and_nobody_objected_to_is_agreed_and_taking_on_work_is_not():
    draft = draft_minutes(NO_SUMMARY)
    assert any("占地按比例扣减" in c for c in draft.consensus)
    assert not any("两周" in c for c in draft.consensus)


EXPLAINING_MID_MEETING = """\
议题：小区垃圾分类亭
主持：钟永红（社区主任）
钟永红：今天议垃圾分类亭放哪里。
郁光明：放在3栋后面吧。
戚秀英：3栋后面离我家近，我不太想。
聂德才：放大门口也行，就是收运车不好进。
郁光明：大门口人来人往的，不合适。
戚秀英：那再看看别的地方。
聂德才：物业这边都可以配合。
钟永红：我说一下区里的要求，一是每个小区至少一个亭，二是离住户窗户要五米以上。
郁光明：那3栋后面够五米。
戚秀英：够是够，但是夏天有味道。
郁光明：可以每天冲洗。
戚秀英：每天冲洗那还行。
聂德才：我们物业可以负责冲洗。
戚秀英：那就放3栋后面。
郁光明：我同意。
"""


def test_a_list_the_host_gives_while_the_discussion_goes_on_is_no_summary():
    draft = draft_minutes(EXPLAINING_MID_MEETING)
    assert not any("每个小区至少一个亭" in c for c in draft.consensus)


INLINE_POINTS = """\
议题：村道路灯
主持人：卢永昌
卢永昌：今天议村道装路灯的事。
覃秀珍：晚上路太黑了，老人不敢出门。
卢永昌：好，我总结一下，一是村道每五十米装一盏太阳能路灯，二是路灯由村里统一维护。
"""


def test_points_listed_inside_one_sentence_are_items_of_their_own():
    draft = draft_minutes(INLINE_POINTS)
    assert any("太阳能路灯" in c and "统一维护" not in c for c in draft.consensus)
    assert any("统一维护" in c for c in draft.consensus)


NOT_FIXED_FIRMLY = """\
议题：社区食堂定价
主持人：卢永昌
卢永昌：今天议社区食堂怎么定价。
覃秀珍：老人吃饭要便宜点。
卢永昌：好，我总结一下：食堂先办起来，早餐价格先不定死，按成本浮动；关于午餐补贴，覃阿姨仍有意见。
"""


def test_a_price_not_fixed_firmly_is_still_a_point_and_a_topic_before_an_objection_is_not():
    draft = draft_minutes(NOT_FIXED_FIRMLY)
    assert any("不定死" in c for c in draft.consensus)
    assert not any(c.startswith("关于午餐补贴") for c in draft.consensus)


PROSE_CLOSING = """\
议题：老年活动室开放时间
主持人：卢永昌
卢永昌：今天议老年活动室开放时间。
覃秀珍：早上开得太晚了，八点就该开。
莫立新：晚上九点关门比较合适。
卢永昌：好，今天商量下来，活动室早上八点开门，晚上九点关门，节假日照常开放。散会。
"""


def test_where_the_discussion_came_out_opens_the_summary():
    draft = draft_minutes(PROSE_CLOSING)
    assert any("早上八点开门" in c for c in draft.consensus)
    assert not any("八点就该开" in c for c in draft.consensus)


VIEW_ON_THE_SAME_LINE = """\
议题：机耕道维修
主持：符永康（村支书）
符永康：今天说机耕道维修。
甘大爷：按户出钱我是不得同意的，我田少。
符永康：好，我收个口。
第一，机耕道这回要修。
第二，选两个村民代表全程监督质量。甘大爷的意见我们记到起，会后再商量。
"""


def test_a_view_put_on_file_on_the_line_of_a_point_does_not_sink_the_point():
    draft = draft_minutes(VIEW_ON_THE_SAME_LINE)
    assert any("全程监督质量" in c for c in draft.consensus)
    assert not any("记到起" in c for c in draft.consensus)
    assert draft.dissenters == ["甘大爷"]


LIST_THEN_TASKS = """\
主持人：尤建平（街道办副主任）
参加：詹丽（社区主任）、喻秀兰（居民）、柏海（物业经理）
尤建平：今天说楼道堆物的事。
柏海：我们贴过通知，效果不好。
喻秀兰：我家门口放的是鞋柜，清鞋柜我是不同意的。
詹丽：社区可以联系厂家团购挂墙鞋架。
喻秀兰：挂墙的可以，那我没什么意见了。
尤建平：那我说一下今天定的事：
一、楼道堆物统一清理，给一个月过渡期，先劝导；
二、过渡期后清出的物品暂存地下室，业主可以领回。
下面分一下工：柏海经理，物业下周一前在各楼道张贴告知书；詹丽主任，社区两周内联系好鞋架厂家。
"""


def test_a_list_before_the_task_heading_of_the_same_turn_is_the_consensus():
    draft = draft_minutes(LIST_THEN_TASKS)
    assert any("一个月过渡期" in c for c in draft.consensus)
    assert any("暂存地下室" in c for c in draft.consensus)
    assert not any("告知书" in c for c in draft.consensus)
    assert draft.dissenters == []


COUNTED_POINTS = """\
垃圾清运协商_转写
录音时间：2026年8月1日 09:00

戴长林 00:00:01
好 我们开始 今天说垃圾清运费的事

包永强 00:03:40
加到九十块 我是不同意的 收入低的户交不起

戴长林 00:08:20
好 那今天就这样 第一个 清运改成一个礼拜两次 第二个 每户加十块 其余的村集体补 第二个月起开始收 好 散会
"""


def test_spoken_points_counted_from_the_first_are_split_but_a_month_is_no_point():
    draft = draft_minutes(COUNTED_POINTS)
    assert any(c.startswith("清运改成一个礼拜两次") for c in draft.consensus)
    assert any("每户加十块" in c and "第二个月起" in c for c in draft.consensus)


TASKS_AFTER_THEN = """\
加装电梯协商_转写
录音时间：2026年4月2日 19:00

邓丽君 00:00:01
好 我们开始 今天说3单元加装电梯

龚大爷 00:02:00
一楼不用电梯 还挡光 我是不同意的

邓丽君 00:09:00
我简单说一下哈 一个是费用按楼层系数分摊 再一个是施工时间控制在早八点到晚六点 中午不施工 然后分工哈 物业两周内把施工方案贴出来
"""


def test_then_dividing_the_work_in_a_spoken_line_starts_the_task_part():
    draft = draft_minutes(TASKS_AFTER_THEN)
    assert any(c.startswith("施工时间控制在早八点到晚六点") and "分工" not in c for c in draft.consensus)
    assert not any("施工方案" in c for c in draft.consensus)
