"""Telling a speaker label ("张三", "居民代表刘某", "区住建局副局长李强", "发言人1") from ordinary words.

Transcripts mark speakers only by "label：" at the start of a line, and ordinary speech also
contains "方案：一是……". A label is accepted only when it looks like a person (common surname
+ given name, 老王/小李, 王主任), a speech-recognition speaker id, or "role + name".
"""

from __future__ import annotations

import re

# The ~300 most common single-character surnames plus compound ones. Rare surnames that are
# also everyday words at the start of a clause (但、第、原、最…) are left out on purpose.
_SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "傅茅揭晏幸隆戎阎荀隗"
)
# Words that start with a surname character but are never a speaker label.
NOT_NAMES = {
    # "老师" is a teacher, not 老 + the surname 师; likewise the other everyday 老/小 words.
    "老师", "老乡", "老人", "老家", "老板", "老区", "老街", "小区", "小组", "小学", "小孩", "小时", "小车", "小店",
    "方案", "方面", "方式", "时间", "时候", "高度", "安全", "程序", "费用", "任务", "目标", "要求", "期限",
    "关于", "关键", "全部", "全体", "全面", "明确", "明年", "明天", "常规", "平时", "项目", "成本", "成果",
    "和谐", "华为", "文件", "文明", "管理", "管道", "计划", "车位", "车辆", "路面", "路口", "龙头", "石材",
    "史上", "包括", "金额", "简单", "简要", "总结", "宣传", "初步", "通知", "国家", "申请", "申报", "应急",
    "应当", "严格", "易燃", "齐心", "乐观", "章程", "卫生", "席位", "宗旨", "解决", "解释", "单位", "单元",
    "相关", "相应", "来源", "海报", "花费", "权益", "强调", "丰富", "支持", "支出", "门口", "门卫", "云南",
    "容量", "普通", "普遍", "都是", "伏天", "边上", "师生", "商户", "商铺", "沙发", "荣誉", "连续", "连廊",
    "谷歌", "盛情", "曲线", "游客", "管控", "蒙古", "鲍鱼", "喻义", "房屋", "房子", "屈指", "时段", "农户",
    "农村", "农民", "司机", "古树", "吉祥", "项目组", "麦田", "党员", "党委", "宫殿", "费率", "冷库", "米粮",
    "全是", "应该", "和平", "明显", "南边", "南侧", "楼道", "楼栋", "楼层", "楼下", "楼上", "满意", "闻讯",
    "位置", "海报栏", "国庆", "平台", "计算", "宣讲", "相对", "门面", "容易", "来说", "都要", "路灯", "安装",
    "程度", "高峰", "金融", "文化", "方向", "于是", "余额", "万一", "钱款", "严重", "武汉", "戴帽", "向来",
    "汤锅", "常见", "温度", "康养", "施工", "牛奶", "葛根", "安排", "齐全", "乔木", "伍佰", "庄稼", "章节",
    "鲁莽", "岳父", "殷切", "关心", "关注", "焦点", "包装", "宁可", "尚未", "符合", "舒适", "纪律", "纪要",
    "梅雨", "童年", "凌晨", "毕竟", "季度", "成立", "成员", "苗木", "谷物", "盛夏", "曲折", "路段", "游戏",
    "管网", "华侨", "房租", "解答", "艾滋", "时代", "司法", "卓越", "古代", "吉他", "车库", "项目部", "简报",
    "景观", "党建", "费用表", "卫星", "柏油", "全程", "应用", "边界", "师傅", "和气", "商量", "沙子", "荣获",
    "桑拿", "明细", "池塘", "查看", "查询", "麻烦", "官方", "封闭", "谈话", "惠民", "乐意", "冀望", "南方",
    "原来", "原因", "原则", "燕子", "楚楚", "劳动", "皮肤", "楼梯", "满足", "位于", "区域", "区里", "海边",
    "花园", "权利", "强制", "屠宰", "豆腐", "盖章", "练习", "禹州", "井盖", "祖国", "巴士", "丰收", "支付",
    "国内", "平均", "计较", "索要", "宣布", "晋升", "相信", "门诊", "云端", "容纳", "敬请", "来年", "都市",
    "普及", "戈壁", "鹿角", "薄弱", "雍容", "阿姨", "母亲", "全家", "全村", "全区", "全市", "全镇",
}
_COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙",
    "宇文", "司徒", "端木", "南宫", "西门", "独孤", "呼延", "万俟", "轩辕",
)
# Titles that follow a surname in informal notes: 王主任、李局长、刘大爷.
_TITLES = (
    "副局长", "局长", "副主任", "主任", "副书记", "书记", "经理", "委员", "老师", "校长", "所长", "站长",
    "队长", "组长", "社长", "村长", "会长", "代表", "师傅", "阿姨", "大爷", "大妈", "大姐", "大哥", "同志",
    "科长", "处长", "镇长", "乡长", "区长", "部长", "院长", "工", "总", "叔", "姐", "哥", "婆", "伯",
)
# The end of a role written before a name ("居民代表刘某", "区住建局副局长李强").
ROLE_ENDINGS = (
    "主持人", "代表", "委员", "书记", "主任", "局长", "经理", "科长", "所长", "站长", "队长", "校长",
    "组长", "处长", "镇长", "乡长", "部长", "院长", "会长", "社长", "村长", "群众", "居民", "村民", "业主",
    "负责人", "工作人员", "干部", "网格员", "楼栋长", "志愿者", "律师", "老师", "家长", "商户", "党员",
    "专员", "主管", "记录人", "联络员", "协管员", "民警", "警官", "医生", "专家", "工程师",
    # Posts ending in 员 / 师 (农技员、调解员、技术员、教师、医师) are written before the name too.
    "员", "教师", "医师", "技师", "厂长", "支书", "主席",
)

_HAN = r"[\u4e00-\u9fff]"
_SPEAKER_ID = re.compile(r"^(?:发言人|说话人|讲话人|演讲者|参会人|Speaker|SPEAKER|speaker|Spk|spk)\s*[_-]?\s*[0-9A-Za-z一二三四五六七八九十]{1,3}$")
_GIVEN = re.compile(rf"^(?:某某|某|{_HAN}{{1,2}}|[XxＸ]{{1,2}}|×{{1,2}})$")
_FUNCTION_CHARS = set("的了是在我你他她们这那么呢吗吧啊呀就也都还说讲请把被对")


def looks_like_person(label: str) -> bool:
    """True for 张三、欧阳娜娜、刘某、老王、小李、王主任; False for 方案、时间、但是."""
    label = label.strip()
    if not 2 <= len(label) <= 6 or label in NOT_NAMES:
        return False
    if _SPEAKER_ID.match(label):
        return True
    if re.fullmatch(rf"[老小]{_HAN}", label) and label[1] in _SINGLE_SURNAMES:
        return True
    for surname in _COMPOUND_SURNAMES:
        if label.startswith(surname) and _GIVEN.match(label[len(surname):]):
            return True
    if label[0] not in _SINGLE_SURNAMES:
        return False
    rest = label[1:]
    if any(rest == title for title in _TITLES):
        return True
    if len(label) <= 3 and _GIVEN.match(rest):
        # Reject two-character words whose second character is a function word (王的、张了).
        return not any(ch in _FUNCTION_CHARS for ch in rest)
    return False


def is_surname(char: str) -> bool:
    """A common single-character surname: "大队" is a unit, "满参谋" a person addressed."""
    return char in _SINGLE_SURNAMES


def is_speaker_id(label: str) -> bool:
    return bool(_SPEAKER_ID.match(label.strip()))


def split_role_and_name(label: str) -> tuple[str, str] | None:
    """'居民代表刘某' -> ('刘某', '居民代表'); None when the label is not role + person."""
    label = label.strip()
    # Try the shortest plausible name first so '区住建局副局长李强' keeps '副局长' in the role.
    for name_len in (2, 3, 4):
        if len(label) <= name_len:
            break
        role, name = label[:-name_len], label[-name_len:]
        if role.endswith(ROLE_ENDINGS) and looks_like_person(name):
            return name, role
    return None


# Posts and forms of address a recorder writes after a full name ("秦国华主任：", "何建科长：").
POSTS_AFTER_NAME = (
    "副局长", "局长", "副主任", "主任", "副书记", "书记", "支书", "经理", "委员", "老师", "校长", "所长", "站长",
    "队长", "组长", "社长", "村长", "会长", "代表", "师傅", "同志", "科长", "处长", "镇长", "乡长", "部长",
    "院长", "厂长", "主席", "工程师", "医生", "律师", "网格员", "楼栋长", "大爷", "大妈", "阿姨", "女士", "先生",
)
_POST_AFTER_NAME = re.compile(rf"^(?P<name>{_HAN}{{2,4}}?)(?P<post>{'|'.join(sorted(POSTS_AFTER_NAME, key=len, reverse=True))})$")


def split_name_and_post(label: str, known: frozenset[str] | set[str] = frozenset()) -> tuple[str, str] | None:
    """'秦国华主任' -> ('秦国华', '主任'): a full name (two or three characters, or a listed name)
    followed by a post. None for '王主任' (a surname and a title is a nickname, not a full name)."""
    match = _POST_AFTER_NAME.match(label.strip())
    if not match:
        return None
    name = match.group("name")
    if name in known or (len(name) in (2, 3) and looks_like_person(name) and name not in NOT_NAMES):
        return name, match.group("post")
    return None


def plausible_label(label: str) -> bool:
    """A lenient check used when a timestamp already says 'this line names a speaker'."""
    label = label.strip()
    if not 1 <= len(label) <= 16:
        return False
    if re.search(r"[，。！？；、,.!?;“”\"]", label):
        return False
    if looks_like_person(label) or is_speaker_id(label) or split_role_and_name(label):
        return True
    core = re.sub(r"[（(].*?[)）]", "", label)
    return 2 <= len(core) <= 8 and not any(ch in _FUNCTION_CHARS for ch in core)
