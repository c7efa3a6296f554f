"""下一步工作: explicit assignments (owner, task, time limit) found in the transcript."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from assistant.domain.deadlines import chinese_number, parse_due
from assistant.drafting.minutes.stance import Sentence, is_dissent, is_procedural
from assistant.drafting.names import ROLE_ENDINGS, is_speaker_id, is_surname, looks_like_person
from assistant.drafting.schemas import (
    DUE_UNSPECIFIED,
    ActionItem,
)
from assistant.drafting.sentences import (
    bigram_similarity,
    is_question,
    substance,
)

# --- actions ------------------------------------------------------------------------------

_UNIT_SUFFIXES = (
    "住建局", "交通运输局", "交通局", "城管局", "综合执法局", "民政局", "教育局", "卫健局", "自然资源局",
    "生态环境局", "市场监管局", "应急管理局", "财政局", "农业农村局", "公安分局", "公安局", "交警大队",
    "交警中队", "交警队", "派出所", "街道办事处", "街道办", "办事处", "居委会", "村委会", "村民委员会",
    "居民委员会", "业委会", "业主委员会", "物业公司", "物业服务中心", "物业", "公司", "服务中心", "中心",
    "学校", "小学", "中学", "幼儿园", "卫生院", "医院", "社区", "街道", "镇政府", "乡政府", "人民政府",
    "政府", "工作组", "工作专班", "专班", "小组", "委员会", "政协", "党委", "党支部", "支部", "居民小组",
    "村民小组", "合作社", "供电所", "自来水公司", "燃气公司", "局", "办", "所", "站", "队", "院", "部",
    "处", "科", "镇", "乡", "村", "办公室", "中队", "大队", "工作站", "服务站", "管理所", "管理方", "城管", "交警", "企业", "水厂", "协会", "商会", "村上", "组上", "镇上", "村里", "队上", "运营方", "施工方", "建设方", "产权方", "物业方", "舞蹈队", "志愿队",
    # Public cultural and sports venues, by their kind.
    "厂", "图书馆", "文化馆", "博物馆", "纪念馆", "科技馆", "美术馆", "档案馆", "体育馆", "文化站", "少年宫", "妇联", "残联", "工商联", "侨联", "文联", "科协", "团委", "工会", "红十字会",
    # Parties a meeting hands work to that are no office: the builder, the traders, the site team.
    "施工单位", "单位", "项目部", "商户", "经营户", "家委会", "两委", "村两委", "支两委",
    # The sections of a county bureau ("物业股", "经管股") and a community police office.
    "股", "警务室",
)
_UNIT_END = re.compile("|".join(sorted(_UNIT_SUFFIXES, key=len, reverse=True)))
# A committee by its short name ("社法委", "政法委") is an owner only when work is handed to it
# ("由区政协社法委整理后……"); "区政协城建委将跟踪督办" describes what it does anyway.
_UNIT_END_TOLD = re.compile(_UNIT_END.pattern + "|委")
# What may follow an owner: a verb, a deadline, a connector or the end of the clause.
_AFTER_OWNER = re.compile(
    r"^(?:负责|牵头|在|于|从|尽量|务必|争取|一定|要(?!求)|将|会|把|对|做好|组织|协调|联系|抓紧|尽快|及时|立即|马上|按|根据|结合|配合|共同|同志|了(?=[，,]|$)|"
    r"[0-9一二两三四五六七八九十]+个?(?:周|天|日|月|星期|礼拜|工作日)|[0-9一二两三四五六七八九十]+[号日月]|本|下|这|月底|年底|近期|和|与|、|会同|联合|来|去|"
    r"看看|看一下|分别|各自|整理|帮着|帮忙|就(?!是|有|没|不|在|说|讲|算|像|会)|你们|你|节后|年后|假期|长假|春节|元旦|国庆|清明|端午|中秋|五一|开学|放水|元月|礼拜|周[一二三四五六日]|上门|入户|到场|现场|明天|后天|今天|当天|今晚|近日|即日|了解|贴|严格|认真|切实|全面|向|"
    r"先|再|进一步|继续|积极|主动|安排|落实|完成|开展|制定|拿出|出具|对接|调查|测算|征求|收集|公示|张贴|发布|召开|"
    r"施划|设置|增设|安装|清理|摸排|上报|申报|审核|核实|反馈|答复|沟通|研究|改造|修缮|配备|建立|启动|编制|督促|"
    r"$|[，,。；;：:])"
)
_OWNER_JOIN = re.compile(r"^(?:和|与|、|会同|联合|配合|及)")
# Owners are named by what they are, never by what they do: "设置港湾式停靠站" is a task.
_BAD_OWNER_START = re.compile(
    r"^(?:我|你|他|她|大家|这|那|如果|因为|但是|所以|就|也|都|还|不|没|有|是|在|对|咱|经(?![信济开管])|再加上|加上|另外|"
    r"设置|设|安装|实行|开展|建设|修建|新建|改造|增设|利用|拆除|施划|划定|开通|调整|推进|成立|组建|建立|制定|"
    # "由乡政府牵头，会同某村，……": who joins the lead is named in the task, not given it.
    r"会同|联合|协同)"
)
_CLAUSE_OPENERS = re.compile(
    r"^(?:会后|下一步(?:工作)?(?:安排)?(?:如下)?|接下来|同时|另外|此外|最后|然后|首先|其次|再次|那么|所以|因此|好|对|"
    r"那就(?!是)|[一二三四五六七八九十]是|第[一二三四五六七八九十]+|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
    r"我建议|建议|我提议|提议|我们商定|会议商定|会议明确|会议决定|会议同意|大家商定|商定|决定|明确|同意|经研究|经协商|经过协商|"
    r"由于时间关系|(?:就|那就)?(?:这么|这样)(?:来)?(?:落实|安排|分工|定|办)(?:一下)?|(?:具体|任务|责任|工作)?分工(?:如下|是这样)?|(?:下面|现在)?(?:分一下工|分个工|分下工|分一下工作)|下一步(?:工作)?(?:安排)?|工作安排|落实分工|责任落实)[，,：:\s]*"
)
# "交给X" hands work over only when X is told to do it ("交给电梯公司来办", "交给老李负责");
# "下周三前交给社区" / "把意见交给村委会" names who receives something, and so do offices whose name
# holds 办 or 管 ("交给街道办", "交给物业管理处"): a bare 办/管 is no verb here.
_HAND_OVER = (
    r"交给(?=[^，。；\s]{1,12}?(?:(?:来|去)(?:办|做|弄|搞|管|处理|落实|跟进)|负责|牵头))"
    # "打扫的事交给某某" / "这个事就交给某某，……": a matter handed over names who does it.
    r"|(?:(?<=的事)|(?<=事情)|(?<=个事)|(?<=件事)|(?<=事就)|(?<=情就))交给"
)
_ASSIGN = re.compile(rf"^(?:建议由|拟由|交由|{_HAND_OVER}|责成|委托|由|请|麻烦|拜托)(?!你)")
# "户厕改造请镇农业服务中心……": the subject comes first, the assignment after it.
# "（某事）就交给某某来办": handing a matter over names who does it.
_ASSIGN_INSIDE = re.compile(
    rf"(?:建议由|拟由|交由|{_HAND_OVER}|责成|(?<![申邀聘])请(?![示假教])|由(?!于|此)|(?<=就)拜托|(?<=事)拜托"
    # "那接送就长岭村负责": the matter first, then who is in charge of it.
    r"|(?<=[\u4e00-\u9fff])就(?!交给|交由|由|请|按)(?=[^，。；\s就]{2,10}?(?:负责|牵头|来办|来管|来弄|来搞)))"
)
_FIRST_PERSON_UNIT = re.compile(
    r"^(?:我们(?:局|街道|社区|居委会|村委会|物业|公司|学校|单位|部门|中心|所|队)?|我局|我办|我所|我队|我校|我院|我中心|我单位|我部门)"
    r"(?=将|会|负责|牵头|争取|保证|承诺|一定|尽快|抓紧|马上|立即|[0-9一二两三四五六七八九十]+个?(?:周|天|日|月|工作日)|在|于|下周|本月|月底|年底)"
)
_FIRST_PERSON_SELF = re.compile(r"^我(?:来)?(?=负责|牵头|去|来联系|联系|收集|统计|对接|跟进)")
# "我明天把补贴文件发到群里", "我这边下周一开始每天过来巡一下": one person's dated commitment.
_FIRST_PERSON_DATED = re.compile(r"^我(?!们)(?:这边)?(?=[^，。；\s]{0,10}?(?:把|开始|起|去|来))")
_FIRST_PERSON_PROMISE = re.compile(r"^(?P<subject>[^我]{0,12}?)我来(?=\S)")
_ACTION_VERB = re.compile(
    r"负责|牵头|落实|完成|推进|跟进|组织|协调|办理|制定|联系|实施|开展|安排|整改|对接|出具|拿出|收集|征求|测算|公示|"
    r"张贴|发布|召开|施划|设置|增设|安装|清理|调查|摸排|上报|申报|审核|核实|反馈|答复|沟通|做好|研究|改造|修缮|配备|"
    r"建立|启动|编制|督促|设计|招标|维修|划定|开通|成立|统计|走访|入户|宣传|解释|整理|报送|报告|反映|提交|建设|"
    r"修建|搭建|平整|清淤|配送|值守|检查|评估|调整|确定|拿出|登记|清捞|清扫|清运|巡查|保洁|跟踪|解决|写成|写个|写好|写一|报上|报给|报到|报送|交到|交给|送到|排出|排好|装好|装起来|"
    r"了解|贴到|贴出|贴在|建起来|建好|挪进|挪到|搬到|准备|筹备|表决|回收|上门|放线|测量|处置|配合|问一下|问问|打听|咨询|排一个|排个|排好|派人|测一下|发下去|发到|来管|去管|管起来|管好|来办|去办|办好"
)
_CONDITIONAL = re.compile(r"^(?:如果|假如|要是|万一|若|只要|即使|哪怕)")

_CN_NUM = "一二两三四五六七八九十"
_DUE = re.compile(
    rf"(?:(?:在|于|到|截至|截止到?)\s*)?(?P<due>"
    rf"\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}[日号])?(?:底|上旬|中旬|下旬)?(?:前|之前|以前|内)?"
    rf"|(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})月(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[日号](?:前|之前|以前)?"
    rf"|(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})月(?:底|末|上旬|中旬|下旬|份)(?:前|之前|以前|内)?"
    rf"|[{_CN_NUM}\d]+个?(?:工作日|星期|礼拜|周|月|天|日)(?:内|之内|以内)"
    rf"|(?:元|正|冬|腊)月(?:\d{{1,2}}[日号]|[{_CN_NUM}]{{1,3}}[日号]|底|末|中旬|下旬|上旬)?(?:前|之前|以前)"
    rf"|半个?月(?:内|之内|以内)"
    rf"|(?:本|这个|下个?|当)月(?:底|末|内|中旬|下旬|上旬)(?:前|之前)?"
    rf"|月底(?:前|之前)?"
    rf"|(?:本|今)年(?:底|内)(?:前|之前)?|年底(?:前|之前)?"
    rf"|(?:本|这|下)(?:个)?(?:周|星期|礼拜)[一二三四五六日天末]?(?:前|之前|内)?"
    rf"|(?:周|星期|礼拜)[一二三四五六日天](?:前|之前|以前)"
    rf"|(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[日号](?:前|之前)"
    rf"|(?:放水|栽秧|插秧|收割|秋收|春耕|夏收|过年|汛前)(?:前|之前)"
    rf"|(?:下个?|本|这个)月(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[日号](?:前|之前|以前)?"
    rf"|(?:明天|后天)(?:一早|上午|下午|晚上)?(?:之前|以前|前)?"
    rf"|(?:这|近)(?:两|几)天"
    rf"|(?:春节|国庆节?|元旦|开学|汛期|雨季|入冬|供暖|中秋节?|端午节?|清明节?|五一|十一|暑假|寒假|年前)(?:前|之前)"
    # "节后把报告整理好": right after the holiday, a vague limit with no calendar day. A bare 节 is
    # the festival unless it ends another word (季节、调节、环节、细节、章节、关节、音节、脱节…).
    rf"|(?:(?<![季调环细章关情礼过音脱气枝使名变贞小])节|春节|国庆节?|元旦|清明|端午|中秋|五一|十一|假期|长假|(?<![\u4e00-\u9fff\d])年)后(?=把|将|[\u4e00-\u9fff]{{0,2}}(?:完成|整理|报|交|提交|拿出))"
    rf"|(?:开工|开业|施工|验收|竣工|投用|试运营|运营|搬迁|搬家|入住|交付|启用|开园|挂牌|上线|签约|招标|进场|封顶)前(?:[{_CN_NUM}\d]+个?(?:天|周|星期|月|工作日))?"
    # The end of a season or the next farm job: "汛期结束前", "收谷子之前", "栽秧以前".
    rf"|(?:汛期|雨季|旱季|农忙|暑假|寒假|供暖季|采暖期|旅游旺季)(?:结束|过后|到来)(?:前|之前|以前)"
    rf"|(?:收|割|栽|插|种|晒|打|挖)[\u4e00-\u9fff]{{1,2}}(?:之前|以前)"
    rf")"
)
# "7月1日起开展巡查" names when something starts: a start date is not a deadline.
_START_AFTER = re.compile(r"^\s*(?:起|开始|以来|以后|之后|后(?!前)|正式|试运营|实施|执行)")
_TRAILING_DONE = re.compile(r"[，,]?\s*(?:完成|办结|落实到位|完成任务|完成此项工作)?$")


# "清洗后一周内", "检测报告出来后两周内": a period counted from an event, not from the meeting.
_PERIOD = rf"[{_CN_NUM}\d半]+个?(?:工作日|星期|礼拜|周|月|天|日)(?:内|之内|以内)"
_EVENT_BEFORE = re.compile(r"(?:^|[在于，,；;：:。、]|负责|牵头)(?P<event>[^在于，,；;：:。、]{2,14}?(?:以后|之后|后))$")
_FROM_EVENT = re.compile(rf"(?:以后|之后|后){_PERIOD}$")


def find_due(text: str) -> str:
    """The deadline exactly as said ("12月15日前", "两周内", "下周三"); "" when none.

    A date followed by 起/开始 is when something starts, not a time limit. A period counted from an
    event keeps the event ("清洗后一周内"): it has no calendar day until the event happens."""
    for match in _DUE.finditer(text):
        due = match.group("due")
        if due.endswith(("前", "内")) or not _START_AFTER.match(text[match.end():]):
            if re.fullmatch(_PERIOD, due) and (event := _EVENT_BEFORE.search(text[: match.start("due")])):
                return event.group("event") + due
            if every := re.search(r"每(?:个)?(?:月|周|星期|季度|年)$", text[: match.start("due")]):
                return every.group(0) + due  # "每月5号前": a recurring limit, no single day
            return due
    return ""


def find_start(text: str) -> str:
    """The day something starts, as said ("11月16号起", "下周一开始"); "" when none."""
    for match in _DUE.finditer(text):
        due = match.group("due")
        if not due.endswith(("前", "内")) and _START_AFTER.match(text[match.end():]):
            return due
    return ""


_NEXT_DAYS = re.compile(r"^(明天|后天)")
_BARE_WEEKDAY = re.compile(r"^(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DAY_ONLY = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")
_NEXT_DAYS_COUNT = {"明天": 1, "后天": 2}
_MONTH_AHEAD_DAY = re.compile(r"^(下个?|本|这个)月(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")


def resolve_due(due: str, meeting_day: date | None) -> str:
    """The ISO date a time limit falls on, counted from the meeting day; "" when unknown."""
    if not due or meeting_day is None or due == DUE_UNSPECIFIED or _FROM_EVENT.search(due) or due.startswith("每"):
        return ""
    if relative := _NEXT_DAYS.match(due):  # "明天之前": the day after the meeting
        return (meeting_day + timedelta(days=_NEXT_DAYS_COUNT[relative.group(1)])).isoformat()
    if due.startswith("冬月"):
        return ""  # the eleventh lunar month: no calendar day was said
    due = re.sub(r"^(?:元|正)月", "1月", re.sub(r"^腊月", "12月", due))
    # "下个星期二" / "下礼拜五" are "下周二" / "下周五": that day of the following calendar week.
    due = re.sub(r"^(下|本|这)个?(?:星期|礼拜)(?=[一二三四五六日天])", lambda m: ("下" if m.group(1) == "下" else "本") + "周", due)
    if weekday := _BARE_WEEKDAY.match(due):  # "礼拜五之前": the coming Friday
        ahead = (_WEEKDAY_INDEX[weekday.group(1)] - meeting_day.weekday()) % 7 or 7
        return (meeting_day + timedelta(days=ahead)).isoformat()
    if month_day := _MONTH_AHEAD_DAY.match(due):  # "下个月15号之前": that day of the month named
        try:
            number = chinese_number(month_day.group(2))
            first = meeting_day.replace(day=1)
            if month_day.group(1).startswith("下"):
                first = (first + timedelta(days=32)).replace(day=1)
            return first.replace(day=number).isoformat()
        except ValueError:
            return ""
    if day_only := _DAY_ONLY.match(due):  # "二十号之前": that day of this month, or of the next
        try:
            number = chinese_number(day_only.group(1))
            candidate = meeting_day.replace(day=number)
            if candidate < meeting_day:
                candidate = (meeting_day.replace(day=1) + timedelta(days=32)).replace(day=number)
            return candidate.isoformat()
        except ValueError:
            return ""
    resolved = parse_due(due, meeting_day)
    return resolved.isoformat() if resolved else ""


_POSITION_SUFFIX = re.compile(
    r"(?:项目经理|副?(?:局长|主任|书记|经理|科长|所长|站长|队长|校长|组长|处长|镇长|乡长|部长|院长|会长|社长|村长|大队长)|"
    r"负责人|工作人员|干部|网格员|专员|主管|代表|职工|民警|警官|委员|参谋|指导员|干事|工程师|技术员|教导员|科员)$"
)
_ENDS_WITH_UNIT = re.compile(f"(?:{_UNIT_END.pattern})$")


def unit_from_role(role: str) -> str:
    """'区住建局副局长' -> '区住建局'; '' for roles without an organisation (居民代表)."""
    if role.endswith(("政协委员", "人大代表")):
        return ""  # membership, not a post: a member speaks for themselves, not for the 政协
    head = role.split("的")[0]  # "城关派出所的社区民警" -> "城关派出所"
    unit = _POSITION_SUFFIX.sub("", head)
    return unit if len(unit) >= 2 and _ENDS_WITH_UNIT.search(unit) else ""


# Words that never occur inside an organisation's name: a candidate containing them is a
# clause ("下周三前交给社区"), not an owner.
_NOT_IN_UNIT_NAME = re.compile(
    r"把|给|在|对|向|从|到|(?:[天周月日号年底期季]|之|以)前|^前|后|将|会在|会把|要|由|请|报|需|负责|牵头|指导|协调|组织|完成|建议|同意|"
    r"是|了|的|和|与|这|那|我|你|他|们|可以|愿意|能够|一下|去|问|帮|来办$|"
    # A meeting is held, it does no work: "下次协商会安排在白天" ends in 商会 but names no 商会.
    r"(?:协商|议事|座谈|听证|推进|评议|恳谈|说明|联席|见面)会|^(?:下次|下一次|本次|此次|上次)"
    # "你们公司内部先议一下": inside the company, not a department called 内部.
    r"|内部$"
)


def _unit_at(text: str, assigned: bool = False) -> tuple[str, int]:
    """The organisation named at the start of text: "社区居委会两周内…" -> 社区居委会.

    The shortest name that is followed by a verb, a deadline or a connector wins, so that
    "民政局负责指导社区做好申报" yields 民政局 and not 民政局负责指导社区."""
    for match in (_UNIT_END_TOLD if assigned else _UNIT_END).finditer(text[:18]):
        end = match.end()
        candidate = text[:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,16}", candidate) or _BAD_OWNER_START.match(candidate):
            continue
        # "区自然资源和规划局" is one office; "白岩镇和县财政局" joins two (the part before 和 is one).
        inner_and = bool(_INNER_AND.fullmatch(candidate))
        if _NOT_IN_UNIT_NAME.search(candidate.replace("和", "") if inner_and else candidate) or find_due(candidate) or _vocative(candidate):
            continue
        staff = _STAFF_OF_UNIT.match(text[end:])  # "社区网格员上门……": the unit's staff, as said
        if staff and _AFTER_OWNER.match(text[end + staff.end():]) and text[end + staff.end():].strip(" ，,"):
            return candidate + staff.group(0), end + staff.end()
        if re.match(r"^[\u4e00-\u9fff]{2}人员", text[end:]):
            continue  # "燃气公司入户人员名单在社区公示": the company's staff describe a list, not its owner
        if _AFTER_OWNER.match(text[end:]):
            return candidate, end
    return "", 0


# "区自然资源和规划局", "人力资源和社会保障局": 和 inside a department's name, not joining two parties.
_INNER_AND = re.compile(r"[\u4e00-\u9fff]{2,8}(?<![局委办所站队镇乡村里上区县市])和[\u4e00-\u9fff]{2,8}(?:局|委|厅|部|办)")
_STAFF_OF_UNIT = re.compile(r"网格员|工作人员|干部|民警|社工|志愿者|楼栋长|楼长")


# "何永贵委员负责……", "魏红主任先登记": a title between the name and the verb.
_TITLE_AFTER_NAME = re.compile(
    r"^(?:同志|委员|代表|副?(?:主任|书记|局长|经理|科长|所长|站长|队长|中队长|校长|组长|处长|镇长|乡长|部长|院长|会长|社长|村长)|"
    r"老师|医生|律师|师傅|楼栋长|网格员|科员|股长|干事|会计|工程师|技术员|专干|理事长|秘书长|董事长|总经理|主席)"
)
# The past is reported, not assigned: "去年已经由街道负责清理过一次".
_PAST = re.compile(
    r"已经|去年|前年|上个?月|上周|上次|前期|曾经|当年|当时|早些年|[了过](?:几|一|两|三)次|过一次|是\d{4}年|"
    r"(?:由|被)[^，。]{1,10}(?:铺|修|建|装|做|搞|办)的|"
    # The 过 aspect reports what was done: "村里向上级反映过多次了", "我们找过街道".
    r"(?:反映|提|报|找|申请|联系|沟通|协调|汇报|上报|打报告|写信|问)过(?!来|去|程|渡|问|滤|年|节|期)"
)
# "我们会后单独再沟通" names nobody and nothing to deliver.
_VAGUE_FOLLOW_UP = re.compile(r"^(?:会后|下来|回头|之后)?[^，。]{0,6}(?:再|单独|专门)[^，。]{0,8}(?:沟通|商量|研究|听一下|谈|说|对接|交流|碰头|碰一下)[^，。]{0,6}$")
# "杜站长刚才说了" reports speech; it is not the subject of a task.
_SPEECH_REPORT = re.compile(r"说了|讲了|提到|刚才|提了|说的")
# "社区这边可以组织志愿者" / "红岩村这边的意见是……": a party speaking for itself, not an assignment.
_OFFER = re.compile(r"^(?:这边|那边|这块|这里|方面)|^[^，。；]{0,8}?(?:可以|能够|愿意|考虑)|^(?:也)?(?:能|想)")
# "（某某）这边指导……" said by the host hands the work to that side; "这边可以……" only offers it.
_HOST_SIDE = re.compile(r"^(?:这边|那边)(?!可以|能|愿意|考虑|也)(?=[\u4e00-\u9fff])")
_OWN_UNIT = re.compile(
    r"^(?:所里|局里|队里|站里|厂里|院里|中心|公司|单位|部门|社区|村里|学校|科里|办里|中队|大队|支队|所|局|厂|站|队|院|科|办)"
    r"(?:里|上)?"
)
_TAG_CHECK = re.compile(r"(?:[，,]|\s)\s*(?:能(?:不能)?做到吗|能不能做到|做不做得到|做得到不|能做到吧|可以吗|行吗|行不行|好不好|好吗|没问题吧|有没有问题|有问题吗)[？?。]?$")
# "镇党委研究，拟……" reports a decision taken elsewhere.
_REPORTED_DECISION = re.compile(r"^(?:研究|研究决定|决定|认为|提出)(?:[，,]|$)")
# A record in the third person reports the speaker's own pledge: "他当场表示，……（时限）".
_REPORTED_PLEDGE = re.compile(r"^(?:他|她)(?:还|也|当场|随即|最后)?(?:表示|承诺|答应|保证)$")
# Coming or going to do a job on the spot: "过来巡一下", "带人来测". 看 is left out: "去看我女儿",
# "去看病" and "过来看热闹" are visits; and only someone with a post comes to do a job ("我下周一来
# 收拾一下我家阳台" is a resident's own plan).
_FIELD_WORK = re.compile(r"(?:过来|过去|来|去)(?:巡|测|查|量|修|装|拆|清|收(?!拾)|走访|登记)")
_SPEAK_NOW = re.compile(
    r"^(?:先|再|也|来|就)?(?:说|讲|介绍|谈|发言|汇报|补充)(?:一下|两句|几句|说|谈|讲)?(?:情况|看法|想法|意见|你的意见)?$"
)
_SUGGESTION = re.compile(r"建议|提议|希望|最好|可不可以|能不能")
# Addressing someone by surname and title ("蒋经理，那麻烦你们……") hands the next clause to them.
_VOCATIVE_TITLE = (
    r"(?:理事长|秘书长|董事长|总经理|经理|主任|书记|局长|大队长|中队长|队长|队|所长|站长|校长|老师|委员|医生|师傅|科长|组长|部长|院长|会长|村长|镇长|"
    r"厂长|主席|参谋|指导员|老板|支书|股长|律师|会计|工|总)"
)
_VOCATIVE = re.compile(rf"^(?P<surname>[\u4e00-\u9fff]){_VOCATIVE_TITLE}$")


def _vocative(clause: str, known_names: list[str] = ()) -> re.Match[str] | None:
    """'满参谋' / '屈总' address a person; '大队' is a unit: the first character must be a surname
    (a common one, or that of somebody taking part)."""
    match = _VOCATIVE.match(clause)
    if not match:
        return None
    surname = match.group("surname")
    return match if is_surname(surname) or any(name.startswith(surname) for name in known_names) else None
_NAME_TAIL = re.compile(rf"^(?:[（(][^）)]*[）)])?\s*{_VOCATIVE_TITLE}?$")
# "（老李，）收谷子之前你排一个轮流表" / "健身器材的事麻烦你去问一下": a topic or a time limit may
# come before the "you" the task is handed to.
_ADDRESSED = re.compile(r"^(?P<subject>[^，。我你他她您]{0,12}?)(?:那|那就|就|好)?(?:麻烦|请|辛苦)?(?:你们|你|您们|您)(?=.)(?!们好|好)")
# A request put as a question by the host: "邢所长，……能不能明天先派人来测一下？"
_POLITE_REQUEST = re.compile(r"能不能|可不可以|能否|是否可以|可以吗|行不行|好不好")
# "你们公司" / "你们大队" name the unit only by its kind: it is the addressee's own.
_GENERIC_UNITS = frozenset(("公司", "厂", "所", "局", "站", "队", "中队", "大队", "支队", "院", "科", "办", "中心", "单位", "部门"))
# A bare "镇安办来管" takes its task from the clause before: "夜间报备的事情 镇安办来管".
# "社区这边" / "村上这边" after the host turns to somebody: that person's own side.
_KIND_OF_PLACE = frozenset(("社区", "街道", "村里", "村上", "物业", "公司", "学校", "单位", "村委会", "居委会", "镇上"))
# A clause that turns to another person: "金阿姨你家那段……", "王师傅，你们……".
_TURNS_TO_ANOTHER = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:阿姨|大爷|嬢嬢|师傅|老板|大姐|大哥|大妈|叔|姐|哥)(?:你|您)")
_BARE_CHARGE = re.compile(r"^(?:来|去)?(?:管|负责|抓|牵头|跟进|盯|办|弄|搞|做)(?:一下|起来|好)?$")
_TOPIC_CLAUSE = re.compile(r"(?:的事情|的事|这块|这一块|这个事|问题|工作)$")
# "铁匠巷那3盏坏了的灯，请你们……修": the object is fronted, with a demonstrative and a measure word.
_FRONTED_TOPIC = re.compile(r"(?:那|这)(?:[0-9一二两三四五六七八九十几]+)?(?:个|盏|处|条|块|栋|座|段|件|户|辆|棵|根|家|些|几个|几处)")


_NAME_SETS: list[tuple[list[str], frozenset[str]]] = []


def _name_set(known_names: list[str]) -> frozenset[str]:
    """The known names as a set, built once per list: lookups stay linear on a day-long record."""
    for names, as_set in _NAME_SETS:
        if names is known_names:
            return as_set
    as_set = frozenset(known_names)
    _NAME_SETS[:] = [(known_names, as_set)]
    return as_set


def _names_at(text: str, at: int, known_names: list[str]) -> list[str]:
    """Known names starting at text[at], longest first ("欧阳娜娜" before "欧阳")."""
    names = _name_set(known_names)
    return [text[at:at + n] for n in range(8, 1, -1) if text[at:at + n] in names]


def _is_vocative(clause: str, known_names: list[str]) -> bool:
    clause = clause.strip().lstrip("@")
    return bool(_vocative(clause, known_names) or _NICK_VOCATIVE.match(clause) or _compound_vocative(clause, known_names)
                or any(_NAME_TAIL.match(clause[len(n):]) for n in _names_at(clause, 0, known_names)))


_NICK_VOCATIVE = re.compile(r"^[老小](?P<surname>[\u4e00-\u9fff])$")


def _compound_vocative(clause: str, known_names: list[str]) -> str:
    """"欧阳股长" for the listed 欧阳松: a two-character surname before the title."""
    if not re.fullmatch(_VOCATIVE_TITLE, clause[2:]):
        return ""
    same = [name for name in known_names if len(name) >= 3 and clause.startswith(name[:2]) and not is_speaker_id(name)]
    return same[0] if len(same) == 1 else ""


def _addressed_person(clause: str, known_names: list[str]) -> str:
    """'蒋经理' / '@吴海燕（驿站） 小吴' -> the one participant with that surname, else ""."""
    clause = clause.strip().lstrip("@")
    for name in _names_at(clause, 0, known_names):
        if _NAME_TAIL.match(clause[len(name):]):
            return name
    match = _vocative(clause, known_names) or _NICK_VOCATIVE.match(clause)
    same = [name for name in known_names if match and name.startswith(match.group("surname")) and not is_speaker_id(name)]
    if len(same) == 1:
        return same[0]
    if compound := _compound_vocative(clause, known_names):
        return compound
    # Called by the given name ("小燕，你把……", "海燕，……"): the one listed person whose name ends so.
    if re.fullmatch(r"[\u4e00-\u9fff]{2}", clause):
        given = [name for name in known_names if len(name) == 3 and name.endswith(clause) and not is_speaker_id(name)]
        return given[0] if len(given) == 1 else ""
    return ""


# 工 and 总 end ordinary words too (施工, 分工, 员工, 开工, 汇总): as a title they must be followed by
# a separator, the person addressed or a verb of taking charge ("施工，你负责……", "孔工你那边……",
# "孔总牵头……", "孔总于月底前……").
_NICKNAME_OWNER = re.compile(
    r"^(?:[老小](?P<a>[\u4e00-\u9fff])|(?P<b>[\u4e00-\u9fff])(?:委员|主任|书记|支书|组长|站长|厂长|所长|局长|经理|队长|校长|老师|医生|会计|股长|科长|老板|师傅|"
    # Called as a neighbour is, by surname and a kinship word: "何姐", "王叔", "李嬢嬢".
    r"律师|警官|大姐|大哥|阿姨|嬢嬢|孃孃|姐|哥|叔|嬢|孃|婶|"
    r"(?:总|工)(?=[，,：:\s]|你|这边|那边|于|负责|牵头|把|$)))"
)


# After "请/由 + a person" whatever verb follows is what they are asked to do ("请某委员形成……"),
# unless the words go on about the person ("请某委员的意见……", "由某委员说一下").
_TOLD_TO_DO = re.compile(r"^(?!的|们|和|与)(?![\u4e00-\u9fff]{0,3}(?:说|讲|谈|介绍|发言|汇报|讲话))[\u4e00-\u9fff]{2}")
_LISTED_UNDER = re.compile(r"[\u4e00-\u9fff]{2,12}[：:]")


def _person_at(text: str, known_names: list[str], assigned: bool, exclude: str = "") -> tuple[str, int]:
    """A person named as owner: "张建国负责…", or with a title first: "二组组长方立新负责…"."""
    for at in range(min(14, len(text))):
        listed_under = at and text[at - 1] in "：:" and _LISTED_UNDER.fullmatch(text[:at])  # "区图书馆：钱某某同志负责…"
        if at and not text[:at].endswith(ROLE_ENDINGS) and not _ENDS_WITH_UNIT.search(text[:at]) and not listed_under:
            continue  # "二组组长方立新负责…", "家委会袁波：…": a post or a unit may come before the name
        for name in _names_at(text, at, known_names):
            end = at + len(name)
            note = re.match(r"^[（(][^（()）]{1,12}[)）]", text[end:])  # "严冬（某某超市）下周五前……"
            end += note.end() if note else 0
            title = _TITLE_AFTER_NAME.match(text[end:])
            end += title.end() if title else 0
            if _AFTER_OWNER.match(text[end:]) or (assigned and _TOLD_TO_DO.match(text[end:])):
                return name, end
    if (given := _given_name_at(text, known_names, exclude)) and _AFTER_GIVEN_NAME.match(text[2:]):
        return given, 2  # "小雨月底前入户……" for the listed 郑小雨: people call each other by the given name
    if nickname := _NICKNAME_OWNER.match(text):
        # "老李负责……" / "钟委员把……": the one listed person with that surname.
        surname = nickname.group("a") or nickname.group("b")
        # Nobody calls themselves "老周": the speaker is not among those it may mean.
        same = [n for n in known_names if n.startswith(surname) and not is_speaker_id(n) and n != exclude]
        rest = text[nickname.end():]
        if len(same) == 1 and rest.strip(" ，,") and (_AFTER_OWNER.match(rest) or (assigned and _TOLD_TO_DO.match(rest))):
            # a bare "单所长，" only addresses; "请金委员形成……" tells that person to do what follows
            return same[0], nickname.end()
    if not assigned:
        return "", 0  # "费用需要社区……" must not make 费用需 a person: unknown names only after 由/请
    for length in (3, 2):
        candidate = text[:length]
        # An unknown name needs words after it: "请你来办" leaves "来办", which is no person.
        if re.match(r"^[老小]", candidate):
            break  # "老周" / "小马" that fits no one listed: the owner is not known by name
        if looks_like_person(candidate) and text[length:].strip(" ，,") and _AFTER_OWNER.match(text[length:]):
            return candidate, length
    return "", 0


# After a bare given name ("小雨月底前入户……") only a time limit or a verb of taking work on: a
# given name is often an ordinary word ("安全要放在第一位", "国庆假期后", "建设要抓紧"), so the
# looser words after an owner (要、会、对、在……) would make a person of a sentence's subject.
_AFTER_GIVEN_NAME = re.compile(
    r"^(?:负责|牵头|把|来(?!说|讲|看)|去(?!年)|你|于|在(?=[0-9一二两三四五六七八九十本下这月年])"
    r"|[0-9一二两三四五六七八九十]+个?(?:周|天|日|月|星期|礼拜|工作日)|[0-9一二两三四五六七八九十]+[号日月]"
    r"|本(?:月|周|星期)|下(?:周|个|月|星期|礼拜)|这(?:周|个月|个礼拜|两天)|月底|年底|尽快|抓紧)"
)


def _given_name_at(text: str, known_names: list[str], exclude: str = "") -> str:
    """The one listed three-character name whose given name opens the text ("小雨" -> 郑小雨)."""
    same = [name for name in known_names if len(name) == 3 and name[1:] == text[:2] and name != exclude and not is_speaker_id(name)]
    return same[0] if len(same) == 1 else ""


_ANAPHOR = re.compile(r"(?:这个|这件|这)(?:事情?)?|这块|这一块")


# "出了安全问题就物业负责" / "一旦坏了就厂家负责": an event or a condition before 就 states who is
# liable when it happens — a rule, not work handed out at this meeting.
# "说定了就某村负责" / "商量好了就…" settle the matter and still hand it over.
_LIABILITY_LEAD = re.compile(r"(?<![定好])了(?!解)|^(?:如果|假如|要是|一旦|万一|只要|凡是|凡|但凡|若|遇到|碰到|出现|发生)")


def _assign_inside(text: str) -> re.Match[str] | None:
    """An assignment word after a short fronted subject ("户厕改造请……", "这个事情就交给……")."""
    match = _ASSIGN_INSIDE.search(text)
    if match and match.group(0) == "就" and _LIABILITY_LEAD.search(text[: match.start()]):
        return None
    return match if match and match.start() < 13 else None


def find_owner(
    clause: str, speaker: str, speaker_role: str, known_names: list[str], has_due: bool = False, is_host: bool = False
) -> tuple[str, str]:
    """Returns (owner, rest of clause) for "由区住建局负责…", "请街道办在月底前…", "社区居委会牵头…",
    "我们局两周内…" (the speaker's unit) or "我来负责…" (the speaker); ("", clause) otherwise."""
    text = strip_openers(clause)
    assigned = _ASSIGN.match(text) or _assign_inside(text)
    lead = ""
    if assigned:
        lead, text = text[: assigned.start()], text[assigned.end():]
        text = re.sub(r"^(?:你们|您们|你|您)", "", text)  # "请你们园林所……"
    if not assigned and text.startswith("我们"):
        named_unit, end = _unit_at(text[2:])  # "我们城管局会……": the unit is named
        if named_unit:
            return named_unit, text[2 + end:]
        group = re.match(r"^[一二三四五六七八九十\d]{1,2}(?:组|队|社)", text[2:])  # "我们三组来负责……"
        if group and _AFTER_OWNER.match(text[2 + group.end():]):
            return group.group(0), text[2 + group.end():]
    first_unit = _FIRST_PERSON_UNIT.match(text)
    if first_unit and not assigned:
        # "我们局两周内……" commits the speaker's organisation; a resident's "我们会……" commits nobody.
        unit = unit_from_role(speaker_role)
        return (unit, text[first_unit.end():]) if unit else ("", clause)
    if _FIRST_PERSON_SELF.match(text) and not assigned:
        return speaker, text[1:]
    if (dated := _FIRST_PERSON_DATED.match(text)) and not assigned and (find_due(text) or find_start(text)):
        return speaker, text[dated.end():]
    promise = _FIRST_PERSON_PROMISE.match(text)
    if promise and not assigned and is_host and _ANAPHOR.fullmatch(promise.group("subject")):
        # The host takes on what was just said: "……加一趟清运，这个我来协调".
        return speaker, text[promise.end():]
    if promise and not assigned and has_due:
        # "项目申报的材料我来弄，元月底前报到……": a commitment with a time limit.
        subject = promise.group("subject")
        return speaker, (f"{subject}：" if subject else "") + text[promise.end():]
    if each := _EACH_PARTY.match(text):
        return each.group(0), text[each.end():]  # "各组先把自己那段清了": every group, each its own part
    owners: list[str] = []
    said = ""  # the owners as the record joins them: "区市场监管局和新所" may be one office
    while True:
        owner, end = _unit_at(text, bool(assigned))
        if owner and text[end:end + 1] in "：:" and (named := _person_at(text[end + 1:], known_names, False, speaker))[0]:
            # "区图书馆：钱某某同志负责……": a list line under the unit names the person in charge.
            owner, end = named[0], end + 1 + named[1]
        if not owner:
            owner, end = _person_at(text, known_names, bool(assigned), speaker)
        if not owner and not owners and not assigned:
            owner, end = _subject_in_charge(text)
        if not owner:
            break
        owners.append(owner)
        said += owner
        text = text[end:].removeprefix("同志")
        joined = _OWNER_JOIN.match(text)
        if not joined:
            break
        following = text[joined.end():]
        second = _unit_at(following)
        if not second[0]:
            second = _person_at(following, known_names, bool(assigned), speaker)
        if re.match(r"^(?:和|与|同)$", joined.group(0)) and re.match(r"^[\u4e00-\u9fff]{2,10}?(?:进行)?(?:协商|沟通|对接|商量|商谈|洽谈|谈判)", following):
            break  # "由镇政府与供销社协商用地": the other party is who is negotiated with, not an owner
        if not second[0]:
            if re.match(r"^(?:和|与|、|及)", joined.group(0)):
                return "", clause  # "镇村干部和村民代表共20余人": a list of who came, not an owner
            break  # "区城市管理局配合按程序处置": 配合 is the task here, not a second owner
        said += joined.group(0) if joined.group(0) in ("和", "与", "及") else "、"
        text = following
    if not owners:
        heading, colon, after = text.rpartition("：")
        if colon and after and len(heading) <= 16 and not find_due(heading):
            # "分工就按刚才说的：马经理一周内贴公告……": a heading of the host's own, then the owner.
            owner, rest = find_owner(after, speaker, speaker_role, known_names, has_due, is_host)
            if owner:
                return owner, rest
        return "", clause
    lead = re.sub(r"(?:还是|就|也|都|先)$", "", re.sub(r"^(?:那么|那|好)[，,]?", "", lead))
    if lead and len(lead) <= 10 and (not _NOT_IN_UNIT_NAME.search(lead) or re.search(r"(?:的事|事情|问题|需求|这块|这个|这个事)$", lead)):
        text = f"{lead}：{text}"  # keeps the subject: "户厕改造：测算统一采购的成本"
    owner = said if len(set(owners)) == len(owners) else "、".join(dict.fromkeys(owners))
    return owner, text


# "三组、五组组长负责……": several parties listed before 负责 share it.
_EACH_PARTY = re.compile(
    r"^各(?:组|村|社区|小区|单位|部门|楼栋|网格|村民小组|居民小组)(?:组长|村长|支书|书记|主任|楼栋长|网格员|负责人)?"
    rf"(?=先|要|把|负责|在|于|抓紧|尽快|[{_CN_NUM}\d]+个?(?:周|天|日|月|星期|礼拜|工作日)(?:内|之内|以内))"
)
_IN_CHARGE = re.compile(r"^(?P<owner>[\u4e00-\u9fff][\u4e00-\u9fff、]{1,10}?)(?=负责(?!人)|牵头)")


def _subject_in_charge(text: str) -> tuple[str, int]:
    """"某某单车负责……": whatever is named right before 负责/牵头 is in charge, even a name our
    list of unit endings does not know (a company's brand, a volunteer team)."""
    match = _IN_CHARGE.match(text)
    if not match:
        return "", 0
    owner = match.group("owner")
    if _BAD_OWNER_START.match(owner) or _NOT_IN_UNIT_NAME.search(owner) or find_due(owner) or _vocative(owner):
        return "", 0
    if re.search(r"谁|哪|各|都|也|还|就|再|又|共同|一起|主要|具体|专门|全面|统一", owner):
        return "", 0
    return owner, match.end()


def strip_openers(text: str) -> str:
    previous = None
    text = text.strip(" ，,")
    while previous != text:
        previous = text
        text = _CLAUSE_OPENERS.sub("", text).strip(" ，,")
        # "@某某 我们两周内……": a chat mention of whom the message answers, not its subject.
        text = re.sub(r"^@[\u4e00-\u9fff]{2,4}(?:（[^）]{0,12}）)?\s+(?=\S)", "", text)
    return text


def clean_task(text: str, due: str) -> str:
    """Task wording without the deadline, the owner's "负责" and a trailing "完成"."""
    task = text
    if due:
        task = re.sub(rf"(?:在|于|到|截至|截止到?)?\s*{re.escape(due)}", "", task, count=1)
    task = re.sub(r"[（(]\s*[)）]", "", task).strip(" ，,。；;：:")
    task = re.sub(r"^(?:这边|那边)(?=.)", "", task)  # "包主任这边月底前完成登记"
    task = re.sub(r"^(?:你们|你)?(?:负责|要|将|会后|会|来|去|要在|抓紧|尽快|先|就|尽量)(?=.)", "", task)
    if helped := re.match(r"^(?:牵头|负责)[、，,]([^，,、]{2,16}?)(配合|协助|协同)[，,](.+)$", task):
        task = f"{helped.group(3)}（{helped.group(1)}{helped.group(2)}）"  # "A牵头、B配合，在…前制定…"
    task = re.sub(r"^(?:牵头|负责|牵头负责)[，,]", "", task)  # "社区居委会牵头，12月15日前完成……"
    # A bare charge between the topic and the work says nothing: "路面修补的事：负责，……", "……，来办，……".
    task = re.sub(r"(?<=[：:，,])(?:来|去)?(?:负责|牵头|办|管)(?=[，,]|$)", "", task)
    task = re.sub(r"([：:])[，,]+", r"\1", task)
    task = re.sub(r"[，,]+（", "（", task)
    task = re.sub(r"(?<=[：:])(?:刚才|前面|上面)(?:已经)?(?:说|讲|提)(?:过|了)+[，,]?|[，,](?:刚才|前面|上面)(?:已经)?(?:说|讲|提)(?:过|了)+(?=[，,]|$)", "", task)  # "……，刚才说了，……"
    task = re.sub(r"(?:(?<=[：:，,])|^)(?:了|啊|吧|哈)(?:[，,]|$)", "", task)  # "……就拜托某某了，……": a particle alone
    # Spoken closings run on in a speech-recognition line: "……定下来 好 散会".
    task = re.sub(r"(?:[，,](?:好|好的|行|嗯|那|对|那好))*[，,](?:散会|今天就到这里|今天就先这样|会议结束|就这样)[^，,]*$", "", task)
    # "那就麻烦您了" / "辛苦你们了" thank the person; they are not part of the work.
    task = re.sub(r"(?:^|(?<=[，,：:]))(?:那就|那|就)?(?:麻烦|辛苦|拜托)(?:你|您)(?:们)?了?(?:[，,]|$)", "", task)
    task = _TRAILING_DONE.sub("", task).strip(" ，,。；;：:")
    # "两周内完成" minus its deadline leaves a bare "完成" clause that says nothing.
    task = re.sub(r"[，,](?:完成|落实|办结)(?=[，,]|$)", "", task)
    task = re.sub(r"[，,]{2,}", "，", task)
    return task or text.strip(" ，,。；;")


def _clauses(sentence: str) -> list[str]:
    # Speech-recognition text separates phrases with spaces instead of commas.
    return [c for c in re.split(r"[，,；;。！!]|\s+", sentence) if c.strip()]


@dataclass
class _ActionSplit:
    leading: list[str]  # clauses before the first owner: context or a decision ("路面宽度按4.5米")
    groups: list[tuple[str, list[str]]]  # (owner, clauses that belong to that owner)
    assigned: set[str] = field(default_factory=set)  # owners named after 请/由: told, not offering
    # owners handed the matter just stated with "那(就)请……": "复耕补助怎么补，那就请你们中心……"
    after_topic: set[str] = field(default_factory=set)


def split_by_owner(sentence: Sentence, known_names: list[str], roles: dict[str, str] | None = None) -> _ActionSplit:
    """A clause that names an owner starts an action; the following ownerless clauses
    ("…，12月15日前完成") belong to it."""
    split = _ActionSplit([], [])
    # "……明天之前先挪进去，能做到吗？" asks for a commitment; the request itself is the assignment.
    sentence = replace(sentence, text=_TAG_CHECK.sub("。", sentence.text))
    if sentence.is_host and is_question(sentence.text) and _POLITE_REQUEST.search(sentence.text) and find_due(sentence.text):
        # The host asks someone named to do something by a date: a request, worded politely.
        text = _POLITE_REQUEST.sub("", sentence.text).rstrip("？?吗 ") + "。"
        sentence = replace(sentence, text=text)
    if is_question(sentence.text) and " " in sentence.text.strip() and not re.search(r"[，,；;]", sentence.text):
        # A speech-recognition line runs on into the next question: "那就街道负责 月底前腾空地块 嗯
        # 驻点保洁的预算呢" — what comes before the question still stands.
        clauses = sentence.text.split()
        first_question = next(i for i in range(len(clauses)) if is_question(" ".join(clauses[: i + 1])))
        kept = [c for c in clauses[:first_question] if not re.fullmatch(r"嗯|啊|那个|然后|好", c)]
        if kept and kept != clauses:
            sentence = replace(sentence, text=" ".join(kept))
    if is_question(sentence.text) or _CONDITIONAL.match(strip_openers(sentence.text)) or is_procedural(sentence.text):
        return split
    if _PAST.search(sentence.text):
        return split
    if not sentence.is_host and _SUGGESTION.search(sentence.text) and not find_due(sentence.text):
        return split  # "建议物业在入口设置卸货点" is a proposal; the host's summary assigns it
    if not sentence.is_host and re.search(r"我(?:们)?(?:建议|提议)", sentence.text):
        return split  # "我建议水务局汛期前把项目分期" — a member's proposal, dated or not
    addressed = ""
    vocative_at = -1  # where in `leading` the clauses said to the person turned to begin
    confirmed: list[int] = []  # groups opened by the host taking up what someone offered
    said_to_new = False  # the last group was opened by turning to a person by name
    has_due = bool(find_due(sentence.text))
    for clause in _clauses(sentence.text):
        if _objects(clause):  # "郑红梅对收费仍持不同意见，会后由社区上门做好解释": the objection is no task
            split.leading.append(clause) if not split.groups else None
            continue
        owner, rest = find_owner(clause, sentence.speaker, sentence.role, known_names, has_due, sentence.is_host)
        if owner and sentence.is_host and _CONFIRM_TAIL.match(rest.strip(" ，,")):
            owner = ""  # "雷老板就按你说的": the host taking up an offer, read below with what it takes up
        if owner and (_ASSIGN.match(strip_openers(clause)) or _assign_inside(strip_openers(clause))):
            split.assigned.add(owner)
        if owner and not split.groups and split.leading and _THEN_HANDS_OVER.match(clause.strip()):
            split.after_topic.add(owner)
        if not owner and (you := _ADDRESSED.match(clause)):
            # "（蒋经理，）那麻烦你们下周三前……": the unit named after 你们, else the person addressed.
            after = clause[you.end():]
            subject = you.group("subject").strip()
            named, end = _unit_at(after)
            own_unit = _OWN_UNIT.match(after)
            if named and named not in _GENERIC_UNITS:
                owner, rest = named, after[end:]
            elif own_unit and addressed:
                # "单所长，那麻烦你们所里……" / "屈总，你们公司……": the unit named by its kind is the
                # addressee's own; when the record does not say which, the addressee answers for it.
                owner = unit_from_role((roles or {}).get(addressed, "")) or addressed
                rest = after[own_unit.end():]
            elif addressed and (find_due(clause) or _ACTION_VERB.search(clause) or (sentence.is_host and "把" in after)):
                owner, rest = addressed, after  # "宋书记，你回去把代表会开了": the host's 把 hands work over
            subject = re.sub(r"(?:就|都)?(?:交给|交由)$", "", subject)  # "这个问卷就交给你来办"
            if owner and subject and not _is_vocative(subject, known_names):
                rest = f"{subject}，{rest}"  # "收谷子之前，排一个轮流表" / "健身器材的事，去问一下……"
            if owner and sentence.is_host:
                split.assigned.add(owner)  # the host told "you" to do it: an assignment, not an offer
        elif not owner and addressed and find_due(clause) and not split.groups:
            owner, rest = addressed, clause  # "@吴海燕 小吴，包裹明天之前先挪进去"
        elif not owner and addressed and find_due(clause) and split.groups and not split.groups[-1][0] and said_to_new:
            # "……，方科长，检测这个就麻烦你，一个礼拜内安排一次": the clauses since the name are theirs.
            split.groups[-1] = (addressed, [*split.groups[-1][1], clause])
            split.assigned.add(addressed)
            continue
        if owner and owner == addressed and not split.groups and 0 <= vocative_at < len(split.leading):
            # "宋书记，你回去把代表会开了，……，这个月底之前报镇上": what was said to the person turned to,
            # from the name on, is the task, not only the clause that gives the time limit.
            said_to = [c for c in split.leading[vocative_at:] if not _is_vocative(c, known_names)]
            rest = "，".join([*said_to, rest])
            del split.leading[vocative_at:]
        if owner in _GENERIC_UNITS and addressed:  # "满参谋，那请你们大队……"
            owner = unit_from_role((roles or {}).get(addressed, "")) or addressed
        elif owner in _KIND_OF_PLACE and addressed and re.search(r"你们", clause) and (
            (own := unit_from_role((roles or {}).get(addressed, ""))).endswith(owner)
        ):
            owner = own  # "柏主任，你们社区……": the addressee's own 社区, by its name
        elif owner in _KIND_OF_PLACE and addressed and owner in (roles or {}).get(addressed, "") and _HOST_SIDE.match(rest):
            owner = addressed  # "欧主任，社区这边把名单摸一下": the person turned to answers for their side
        if not owner and split.groups and _TURNS_TO_ANOTHER.match(clause):
            split.groups.append(("", []))  # "……组织复核，金阿姨你家那段……": speaking to someone else now
            continue
        if owner and _BARE_CHARGE.match(rest.strip()):
            # "夜间报备的事情 镇安办来管": the task is the topic said just before the owner.
            topic_list = split.groups[-1][1] if split.groups else split.leading
            if topic_list and _TOPIC_CLAUSE.search(topic_list[-1]):
                topic = re.sub(r"^[\u4e00-\u9fff]{1,3}(?:老板|经理|主任|书记)?(?:这边|那边)", "", topic_list.pop())
                rest = f"{topic}：{rest.strip()}"
        if not owner and not split.groups and not sentence.is_host and has_due and _REPORTED_PLEDGE.match(clause):
            split.groups.append((sentence.speaker, []))  # "他当场表示，个人先捐赠……，这个月内落实到位"
            continue
        if not owner and sentence.is_host and (turned := _turned_to(clause, known_names)):
            # "具体分工：冉经理，……": the heading before the name does not hide whom the host turns to.
            addressed = turned
            vocative_at = len(split.leading) + 1 if not split.groups else -1
            if _CONFIRM_TAIL.match(_after_person(clause, known_names)):
                # "韩镇长就按你说的，粮站仓库改收储中心，五月底前……": the host takes up that person's
                # offer; what follows is theirs until somebody else is named. "一个是油烟，雷老板自己
                #出钱装净化器，雷老板就按你说的，月底前装好": the point just stated is what is taken up.
                # The point stays in `leading` too: it is also what the meeting agreed.
                point = split.leading[_point_start(split.leading):] if not split.groups else []
                point = [_ENUMERATOR.sub("", c).strip(" ，,") for c in point if not _is_vocative(c, known_names) and not _BEFORE_PERSON.fullmatch(c)]
                point = [c for c in point if c]
                split.groups.append((turned, point))
                split.assigned.add(turned)
                confirmed.append(len(split.groups) - 1)
                continue
        if split.groups and _ENUMERATOR.match(clause) and find_due("，".join(split.groups[-1][1])):
            # "……月底前装好，再一个是检测": after a task with its time limit, the next point of a summary
            # ("由社区负责，一是摸排，二是登记，月底前完成" lists the parts of one task instead).
            split.groups.append(("", [clause]))
            said_to_new = False
            continue
        if owner and _REPORTED_DECISION.match(rest):
            owner = ""
        if owner and _ABOUT_THEIR_WORDS.match(rest.strip(" ，,")):
            owner = ""  # "某委员这个提议很好" / "某某同志对收费的意见，……": what they said, not work for them
        if owner and _SPEAK_NOW.match(rest.strip(" ，,")):
            owner = ""  # "先请伍楼长说一下情况" gives the floor; speaking at this meeting is no task
        if owner and _VAGUE_FOLLOW_UP.match(rest) and not has_due and not (
            not split.groups and split.leading and _TOPIC_CLAUSE.search(split.leading[-1])
        ):
            owner = ""  # "会后再沟通" says nothing; "人才公寓对接的事，社区会后跟园区再沟通" names the matter
        if not owner and split.groups and _is_vocative(clause, known_names):
            addressed = _addressed_person(clause, known_names) or addressed
            said_to_new = bool(addressed)
            split.groups.append(("", []))  # "……清淤 邹书记 村上……": a new addressee ends the task before
            continue
        if owner and sentence.is_host and _HOST_SIDE.match(rest):
            split.assigned.add(owner)  # the host handing out work: "许老师这边指导村上准备材料"
        if owner and _OFFER.match(rest) and owner not in split.assigned:
            owner = ""  # "社区这边可以组织志愿者" offers help; nobody was assigned it (the host may confirm)
        if owner and not rest.strip(" ，,") and split.groups and split.groups[-1][0] and not split.groups[-1][1]:
            split.groups[-1][1].append(clause)  # a bare name right after a confirmation is what was confirmed
            continue
        if owner and split.groups and split.groups[-1][0] and owner != split.groups[-1][0] and (
            split.groups[-1][0].endswith(owner)  # "由柳巷社区负责，……，请社区在月底前……": the same party
            or (owner in _KIND_OF_PLACE and split.groups[-1][0].endswith(owner.removesuffix("里").removesuffix("上")))
            or (re.search(r"你们", clause) and unit_from_role((roles or {}).get(owner, "")) == split.groups[-1][0])
        ):
            # "那接送就某村负责 某书记你们把路线排好": the person turned to answers for that unit's task.
            split.groups[-1][1].append(rest)
            continue
        if owner:
            split.groups.append((owner, [rest]))
            said_to_new = False
        elif split.groups:
            split.groups[-1][1].append(clause)
        else:
            split.leading.append(clause)
    for at in confirmed:
        owner, parts = split.groups[at]
        body = "，".join(parts)
        if len(substance(body.replace(find_due(body), "", 1) if find_due(body) else body)) < 5:
            # "江主任就按这个来，下周五前": only a time limit; the offer itself says the task (confirmed_offers).
            split.groups[at] = ("", parts)
    return split


# "一个是…" / "再一个是…" / "第二，…": where the points of a spoken summary begin.
_ENUMERATOR = re.compile(r"^(?:再|还有|另外)?(?:一个是|一个就是|一是|[二三四五六七八九]是|第[一二三四五六七八九十]+)(?![一二三四五六七八九十])")


def _point_start(leading: list[str]) -> int:
    """Where the point being made begins: the last enumerator, else at most the two clauses before."""
    for at in range(len(leading) - 1, -1, -1):
        if _ENUMERATOR.match(leading[at]):
            return at
    return max(0, len(leading) - 2)


def _objects(clause: str) -> bool:
    """An objection, not a question put in the A-not-A form ("问清楚各家愿不愿意流转")."""
    return is_dissent(re.sub(r"([\u4e00-\u9fff])不\1", r"\1", clause))


# "好的龚委员" / "那刘科长就按这个来" / "具体几件事：邓主任": the person named after an acknowledgement,
# a heading or a connective is the one the host turns to.
_BEFORE_PERSON = re.compile(r"^(?:好的?|行|要得|可以|那么?|嗯)[，,\s]*")
_CONFIRM_TAIL = re.compile(r"^(?:你|您)?(?:就|那就)?(?:按|照)(?:你|您|你们)?(?:说的|讲的|这个|这样)(?:来|办|做|定|弄)?(?:吧)?$")


def _person_clause(clause: str) -> str:
    text = _BEFORE_PERSON.sub("", re.split(r"[：:]", clause)[-1].strip())  # "好的龚委员": not "的龚委员"
    return _BEFORE_PERSON.sub("", strip_openers(text)).strip()


def _turned_to(clause: str, known_names: list[str]) -> str:
    text = _person_clause(clause)
    if person := _addressed_person(text, known_names):
        return person
    named = re.match(r"^(.{2,7}?)(?=(?:你|您)?(?:就|那就)(?:按|照))", text)
    return _addressed_person(named.group(1), known_names) if named else ""


def _after_person(clause: str, known_names: list[str]) -> str:
    """What the host says after the name: "就按你说的" in "韩镇长就按你说的"."""
    text = _person_clause(clause)
    named = re.match(r"^(.{2,7}?)(?=(?:你|您)?(?:就|那就)(?:按|照))", text)
    return text[named.end():] if named and _addressed_person(named.group(1), known_names) else ""


_THEN_HANDS_OVER = re.compile(r"^(?:那就|那么|那)(?:请|由|麻烦|拜托|让)")
_ABOUT_THEIR_WORDS = re.compile(
    r"^(?:同志)?(?:(?:这个|那个|的|刚才|提的|说的)(?:提议|建议|意见|想法|办法|思路|说法|点子)"
    r"|(?:对|关于)[^，。；]{1,20}(?:的)?(?:意见|建议|看法|顾虑|诉求|要求)$)"
)


# "我再补一句，" / "我说一下，" introduce what the speaker says; they commit nobody.
_SPEAKING_INTRO = re.compile(r"^(?:我|我们)[^，。]{0,6}?(?:说|讲|补|补充|介绍|通报|汇报)[^，。]{0,4}[，,。]")
# "4. 某某：……" — an item of a task list: the owner, a colon, the work.
_LIST_LINE = re.compile(r"^(?:\d{1,2}\s*[.、．]\s*|[（(][一二三四五六七八九十\d]{1,2}[)）]\s*)?[^，。：:；\s]{2,16}[：:]")
# A deliverable-free promise: "会统筹考虑", "研究考虑".
_ONLY_CONSIDERS = re.compile(r"^(?:[^，,]*?)(?:会|将|再)?(?:统筹|综合|一并|酌情|充分|认真)?(?:考虑|研究考虑)(?:一下)?$")


def extract_actions(
    sentence: Sentence, known_names: list[str], roles: dict[str, str] | None = None, listed: bool = False
) -> list[ActionItem]:
    """Actions in one sentence: owner, task, and the deadline as said (待定 when none).

    `listed`: the sentence is an item under the summary's "分工：" heading, where naming an owner
    before the work ("某某：凝冻天早班车推迟发车") is itself the assignment."""
    split = split_by_owner(sentence, known_names, roles)
    groups = split.groups
    subject = _AGREED_LEAD.sub("", strip_openers(_BEFORE_PERSON.sub("", split.leading[-1]))) if split.leading else ""
    if (_SPEECH_REPORT.search(subject) or _is_vocative(re.sub(r"^(?:那么|那|好)", "", subject), known_names)
            or is_dissent(subject)):
        subject = ""  # "某某对定价仍有保留意见，会后社区再上门听取意见": the objection is not the task
    groups = _split_second_tasks(_lead_takes_assisted_work(groups))
    shared_due = _shared_due(groups)
    actions = []
    previous_task = ""
    for owner, parts in groups:
        body = "，".join(p for p in parts if p.strip())
        due = find_due(body)
        # "小马你年轻" addresses the person and says why; the task comes after it.
        told = (owner in split.assigned or (listed and bool(_LIST_LINE.match(sentence.text)))) and sentence.is_host and not re.match(
            r"^(?:你们|你)", body
        )
        start = find_start(body)
        # The host's "X先把Y……" (the disposal form) tells X to do something to Y.
        disposal = sentence.is_host and bool(re.match(r"^(?:先|就|要|马上|尽快|抓紧)?把", body))
        if not owner or not (due or (start and not sentence.is_host) or _ACTION_VERB.search(body) or told or disposal):
            continue
        if parts and not due and _SPEAK_NOW.match(re.sub(r"^[^，,]{0,4}?(?=先|再)", "", parts[-1].strip(" ，,"))):
            continue  # "……，伍楼长先说一下情况": the floor is given, no work
        # A commitment with a start date ("我们执法队从下周一起每天巡查") is dated too; undated,
        # "我们的模式是企业负责改造和运营" describes: only the host assigns without a date.
        if not sentence.is_host and not (due or shared_due or start):
            continue
        if not sentence.is_host and not (due or shared_due) and not re.search(r"我", _SPEAKING_INTRO.sub("", sentence.text)):
            continue  # "县交通局从12月10日起开展巡查" said by its officer describes a plan; "我们从……起" commits
        if re.match(r"^各(?:有关|相关|责任)?(?:单位|部门)|^(?:有关|相关)(?:单位|部门)", owner):
            continue  # "各责任单位按时限推进" names nobody in particular
        if not due and not shared_due and _ONLY_CONSIDERS.search(body):
            continue  # "……的时候会统筹考虑" promises thought, not a deliverable
        if not sentence.is_host and owner == sentence.speaker and not (
            _ACTION_VERB.search(body) or "把" in body or (_FIELD_WORK.search(body) and unit_from_role(sentence.role))
        ):
            continue  # only work counts: "我明天要去医院" / "我下周一开始上班了" are the speaker's own plans
        task = clean_task(body, due)
        if previous_task and re.match(r"^(?:配合|协助|协同|会同)", task):
            # "社区居委会负责摸排登记僵尸车，区城市管理局配合按程序处置": what is assisted is the task before.
            task = f"{task}（{previous_task}）"
        previous_task = task
        if len(substance(task)) < 3 and not (subject and sentence.is_host and owner == groups[0][0]):
            continue
        # "成立一个监督小组，村委会牵头，……": said after the work, a bare 牵头/负责 takes the work before it.
        # "接户管的施工图，住建局月底前组织复核": a fronted noun phrase is what the work is on.
        fronted_object = bool(_NOMINAL_TOPIC.fullmatch(subject)) and not _ACTION_VERB.search(subject) and not find_due(subject)
        charge_after_work = bool(parts) and bool(_BARE_LEAD.match(parts[0].strip(" ，,"))) and bool(_ACTION_VERB.search(subject))
        # "一楼还有一户李家今天没来，某某你抽时间上门去沟通一下": the host turns to someone about what
        # was just said; the task has no object of its own, the clause before says whom it concerns.
        about_the_last = (sentence.is_host and bool(re.match(r"^(?:你们|你|您)", body)) and "把" not in task
                          and len(substance(task)) <= 12 and len(substance(subject)) >= 6 and not _ACTION_VERB.search(subject)
                          and not is_procedural(subject) and not is_question(subject))
        task = re.sub(r"^(?:你们|你|您)(?=[\u4e00-\u9fff]{2})", "", task) if about_the_last else task
        if subject and owner == groups[0][0] and subject not in task and (
            len(substance(task)) < 8 or _SUBJECT_PHRASE.search(subject) or _FRONTED_TOPIC.search(subject) or charge_after_work
            or fronted_object or about_the_last or owner in split.after_topic
        ):
            # "同意新建两个充电棚，由物业公司负责建设" / "隔油池的费用分担问题，由街道办牵头……":
            # the object of the task is in the clause before the owner.
            task = f"{subject}：{task}" if _SUBJECT_PHRASE.search(subject) else f"{subject}，{task}"
            if not due and not shared_due and (said_before := find_due(subject)):
                # "坏灯5月20日前修复，由供电所负责": the limit is in the decision the owner takes on.
                due, task = said_before, clean_task(task, said_before)
        if len(substance(task)) < 3:
            continue
        for each in _each_owner(owner, body, known_names):
            actions.append(ActionItem(owner=each, task=re.sub(r"^(?:分别|各自)", "", task) or task, due=due or shared_due or DUE_UNSPECIFIED))
    return actions


def _each_owner(owner: str, body: str, known_names: list[str]) -> list[str]:
    """"由白岩镇和县财政局分别做好解释说明": each party named does it, so each gets the item. Only when
    every part is a party by itself ("区自然资源和规划局" is one office)."""
    if not re.match(r"^(?:分别|各自)", body.strip()):
        return [owner]
    parts = [p for p in re.split(r"和|与|及|、", owner) if p]
    alone = all(_unit_at(p + "负责")[0] == p or p in known_names for p in parts)
    return parts if len(parts) > 1 and alone else [owner]


# A bare noun phrase "X的Y" (no verb, no judgement): "接户管的施工图", "三栋的外墙".
_NOMINAL_TOPIC = re.compile(r"[\u4e00-\u9fff\d]{1,8}的[\u4e00-\u9fff]{1,6}")
_SUBJECT_PHRASE = re.compile(r"(?:问题|事项|事宜|方面|工作|需求|的事|的事情|这个事情?|这件事情?|这块|这一块)$")
# "关于对面空地做接送区的建议" / "这次协商的结果" name a subject; they decide nothing.
MERE_SUBJECT = re.compile(r"^关于|(?:问题|事项|事宜|方面|工作|建议|结果|意见|情况|需求|的事)$")


_AGREED_LEAD = re.compile(r"^(?:大家|会议|与会人员)?(?:都|一致|原则)?(?:同意|认为|决定|商定|明确)")


_BARE_LEAD = re.compile(r"^(?:总|统一)?(?:牵头|负责|牵头负责|来牵头|负总责)$")
_ASSISTS = re.compile(r"^(?:配合|协助|协同|参与)$")


# "负责志愿者招募和日常值守，并于12月15日前向区文旅局报送申报材料": a second task with its own limit.
_SECOND_TASK = re.compile(r"^(?:并|同时|另外|还要|并且)(?:于|在|要在|要于)?")


def _split_second_tasks(groups: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """One owner, two tasks joined by 并/同时 where only the second has a time limit: two items,
    so the first is not given the second's deadline."""
    result: list[tuple[str, list[str]]] = []
    for owner, parts in groups:
        at = next((i for i, p in enumerate(parts) if i and _SECOND_TASK.match(p.strip()) and find_due(p)), None)
        before = "，".join(parts[:at]) if at else ""
        if at and owner and not find_due(before) and _ACTION_VERB.search(before) and len(substance(before)) >= 6:
            result.append((owner, parts[:at]))
            result.append((owner, [_SECOND_TASK.sub("", parts[at].strip(), count=1), *parts[at + 1:]]))
        else:
            result.append((owner, parts))
    return result


def _lead_takes_assisted_work(groups: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """"由A牵头，B配合，下周五前把……摸清楚": the work that follows belongs to the one who leads it;
    the one assisting is named in the task, not given an item of their own."""
    merged: list[tuple[str, list[str]]] = []
    for owner, parts in groups:
        body = [p.strip(" ，,") for p in parts if p.strip(" ，,")]
        if merged and owner and body and _ASSISTS.match(body[0]) and len(body) > 1:
            lead_owner, lead_parts = merged[-1]
            lead_body = [p.strip(" ，,") for p in lead_parts if p.strip(" ，,")]
            if lead_owner and len(lead_body) == 1 and _BARE_LEAD.match(lead_body[0]):
                merged[-1] = (lead_owner, [*body[1:], f"（{owner}{body[0]}）"])
                continue
        merged.append((owner, parts))
    return merged


def _shared_due(groups: list[tuple[str, list[str]]]) -> str:
    """In "区住建局负责方案设计，街道办负责资金申报，两周内完成" the closing deadline covers both
    owners. Only a deadline in a closing clause of its own is shared; one said inside an
    owner's clause belongs to that owner alone."""
    if len(groups) < 2 or len(groups[-1][1]) < 2:
        return ""
    closing = groups[-1][1][-1]
    due = find_due(closing)
    if due and len(substance(closing.replace(due, ""))) <= 4:
        return due
    return ""


_CHARGE_WORDS = re.compile(r"你们|你|牵头|负责|来|去|一下")


def merge_actions(actions: list[ActionItem], roles: dict[str, str] | None = None) -> list[ActionItem]:
    """The same task is often said twice (the department commits, the host repeats it in the
    summary): keep one, with the deadline if either version has it. A person and the unit their
    role names are one party ("@某某 请……" mid-meeting, "某社区……" in the summary)."""
    roles = roles or {}
    party = lambda owner: unit_from_role(roles.get(owner, "")) or owner  # noqa: E731
    merged: list[ActionItem] = []
    for action in actions:
        for index, kept in enumerate(merged):
            same_due = _due_said(kept.due) == _due_said(action.due)  # "本月底前" is "月底前"
            compatible_due = same_due or DUE_UNSPECIFIED in (kept.due, action.due)
            if not compatible_due:
                continue
            one_party = kept.owner != action.owner and party(kept.owner) == party(action.owner)
            # "交通局" and "区交通运输局" are the same department named twice.
            if kept.owner != action.owner and bigram_similarity(kept.owner, action.owner) < 0.5 and not one_party:
                continue
            # "好，某委员牵头来研究" after that person's dated offer: the host's short word on the same item.
            confirmation = kept.owner == action.owner and any(
                a.due == DUE_UNSPECIFIED and len(_CHARGE_WORDS.sub("", substance(a.task))) <= 4 for a in (kept, action)
            )
            # One owner, one explicit time limit, a shared word of substance: the item restated.
            restated = ((kept.owner == action.owner or one_party) and same_due
                        and kept.due != DUE_UNSPECIFIED and _shares_content(kept.task, action.task)
                        and not _said_together(kept, action))
            if confirmation or restated or bigram_similarity(kept.task, action.task) >= 0.5:
                due = kept.due if kept.due != DUE_UNSPECIFIED else action.due
                # The later wording is the record's last word on it (the host's summary restating
                # what was offered or said mid-meeting), unless it says too little.
                task = action.task if len(substance(action.task)) >= 6 and not _condensed(action.task, kept.task) else kept.task
                owner = action.owner if one_party else max(kept.owner, action.owner, key=len)
                merged[index] = ActionItem(owner=owner, task=task, due=due, sources=[*kept.sources, *action.sources])
                break
        else:
            merged.append(action)
    return merged


def _condensed(later: str, earlier: str) -> bool:
    """The later wording only shortens the earlier ("上门免费检查" after "把免费上门检查这个事做了，……"):
    every character of it was said before, so the earlier one says more."""
    return len(earlier) > len(later) and set(substance(later)) <= set(substance(earlier))


def _said_together(first: ActionItem, second: ActionItem) -> bool:
    """Both said by one speaker on one line or on adjacent lines: two items of one task list
    ("物业公司月底前修好北门路灯；物业公司月底前清运北门垃圾") are two tasks, whatever words they
    share; a restatement comes later (the host's summary repeating an offer)."""
    return any(
        a.speaker == b.speaker and a.line and b.line and abs(a.line - b.line) <= 1
        for a in first.sources for b in second.sources
    )


def _due_said(due: str) -> str:
    """The limit without the words that do not change it: "本月底前" is "月底前", "4月10号之前" is "4月10日前"."""
    due = re.sub(r"^(?:本|这个|这|在|于)", "", due or "")
    return re.sub(r"(?:之|以)前$", "前", re.sub(r"(?<=\d)号", "日", due))


def _shares_content(first: str, second: str) -> bool:
    """Two wordings of one task share a two-character word ("打扫的事" / "那打扫这个事：弄巴适")."""
    strip = lambda t: re.sub(r"的事|这个|事情|那个|负责|完成|落实|[：:，,。 ]", "", t)  # noqa: E731
    a, b = strip(first), strip(second)
    return any(a[i:i + 2] in b and a[i:i + 2] not in _GENERIC_WORDS for i in range(len(a) - 1))


# Words any two tasks may share: they do not make two items one.
_GENERIC_WORDS = frozenset(("方案", "报告", "工作", "问题", "情况", "材料", "名单", "意见", "拿出", "提交", "报送", "组织", "上报"))


def settle_offers(actions: list[ActionItem], host: str, roles: dict[str, str]) -> list[ActionItem]:
    """A speaker offers ("我们镇规划建设办春节前来把线放了"), then the host assigns it to them
    ("罗平你们春节前把测量放线做完"): one item, owned as the host named it. The offer's wording is
    kept only when the assignment says too little ("冯书记元月底前报上去")."""
    kept = list(actions)
    for offer in actions:
        speaker = offer.sources[0].speaker if offer.sources else ""
        said = offer.sources[0].sentence if offer.sources else ""
        own_unit = bool(re.search(rf"我们{re.escape(offer.owner)}", said))  # "我们街道来弄吧": the speaker's own side
        if not speaker or speaker == host or (offer.owner not in (speaker, unit_from_role(roles.get(speaker, ""))) and not own_unit):
            continue
        for index, assigned in enumerate(kept):
            said_by_host = bool(assigned.sources) and assigned.sources[0].speaker == host
            if assigned is offer or not said_by_host or assigned.owner not in (speaker, offer.owner) or assigned.due != offer.due:
                continue
            update = {"sources": [*assigned.sources, *offer.sources]}
            if len(substance(assigned.task)) < 4:  # "元月底前报上去" says too little; "腾空地块" says it
                update["task"] = offer.task
            kept[index] = assigned.model_copy(update=update)
            kept = [a for a in kept if a is not offer]
            break
    for item in list(kept):
        answered = _acknowledges(item, kept, host, roles)
        if answered is None:
            continue
        update = {"sources": [*answered.sources, *item.sources]}
        if answered.due == DUE_UNSPECIFIED and item.due != DUE_UNSPECIFIED:
            update["due"] = item.due  # "欧工你那边派人来看一下" — "好的，我周四带人过来量"
        kept = [answered.model_copy(update=update) if a is answered else a for a in kept if a is not item]
    return kept


_ACKNOWLEDGE = re.compile(r"^(?:收到|好的?|要得|行|没问题|明白|可以)[，,\s！!]")


def _acknowledges(item: ActionItem, actions: list[ActionItem], host: str, roles: dict[str, str]) -> ActionItem | None:
    """"收到，我明天就去……问" answers an assignment the host just gave the speaker or the speaker's
    unit ("社区负责摸清……（12月5日前）"): the first step of that item, not an item of its own."""
    said = item.sources[0] if item.sources else None
    if said is None or not said.speaker or said.speaker == host or item.owner != said.speaker:
        return None
    if not _ACKNOWLEDGE.match(said.sentence):
        return None
    unit = unit_from_role(roles.get(said.speaker, ""))
    for other in actions:
        given = other.sources[0] if other.sources else None
        if other is item or given is None or given.speaker != host or not 0 < said.line - given.line <= 30:
            continue
        if other.owner == said.speaker or (unit and (other.owner in unit or unit in other.owner)):
            return other
    return None


# "好，江主任就按这个来，下周五前": the host accepts what the person addressed just offered.
_CONFIRMS_OFFER = re.compile(r"就按(?:这个|你说的|这样|你们说的)(?:来|办|做|定)|就这么(?:办|定|搞)|就照这个|按你说的办")
_OFFER_LEAD = re.compile(r"^[^，。；]{0,10}?(?:这边|那边)?(?:可以|能够|愿意|来)(?=[\u4e00-\u9fff])")


def _already_drafted(taken: list[ActionItem], person: str, task: str) -> bool:
    """The person already has this task among the items drafted (the offer was also read as an
    assignment, or the host's words restate it)."""
    return any(a.owner == person and bigram_similarity(a.task, task) >= 0.5 for a in taken)


def confirmed_offers(
    sentences: list[Sentence], known_names: list[str], taken: list[ActionItem]
) -> list[tuple[ActionItem, list[Sentence]]]:
    """An offer becomes an action when the host accepts it by name: the offer says the task, the
    host's words (or the offer) the time limit; the person addressed is the owner."""
    found: list[ActionItem] = []
    for index, sentence in enumerate(sentences):
        if not sentence.is_host or not _CONFIRMS_OFFER.search(sentence.text):
            continue
        first = re.split(r"[，,\s。]", strip_openers(re.sub(r"^(?:好的?|行|可以)[，,\s]*", "", sentence.text)))[0]
        accepted = _CONFIRMS_OFFER.search(first)
        person = _addressed_person((first[: accepted.start()] if accepted else first).rstrip("就那"), known_names)
        if not person:
            continue
        offer = next(
            (s for s in reversed(sentences[max(0, index - 12):index])
             if s.speaker == person and s.utterance_index >= sentence.utterance_index - 3
             and (find_due(s.text) or _ACTION_VERB.search(s.text))),
            None,
        )
        if offer is None:
            continue
        due = find_due(sentence.text) or find_due(offer.text)
        task = clean_task(_OFFER_LEAD.sub("", offer.text.rstrip("。")), find_due(offer.text))
        if len(substance(task)) < 4 or _already_drafted(taken, person, task):
            continue
        found.append((ActionItem(owner=person, task=task, due=due or DUE_UNSPECIFIED), [offer, sentence]))
    return found


# The host's answer to what someone has just offered: "好，……" / "要得，……" / "那太好了，……".
_TAKES_UP = re.compile(r"^(?:(?:好的?|那好|那行|好嘛|好吧|行|要得|可以|没问题|那太好了|太好了)+(?:[，,\s！!]|$)|好的(?=[\u4e00-\u9fff]))")
# "我可以联系一家公司来看一下" / "我们这边来牵头": a speaker offering to do something.
_OFFERS = re.compile(r"(?:我|我们|咱们|这边)[^，。？?]{0,8}?(?:可以|能|愿意|来|去|负责|牵头|争取)")
_INTRO_CLAUSE = re.compile(r"^(?:那|好)?我(?:再|也)?(?:补充|说|讲|谈|表)(?:一下|两句|几句|一点|个态)?$")


def _asks(text: str) -> bool:
    """A question, not an offer to find something out ("我可以帮大家问问区里有没有补贴。")."""
    finds_out = re.search(r"(?:问问|问一下|问清楚|看看|看一下|了解|打听|核实|确认|摸清|查一下)[^？?]*(?:有没有|是不是|能不能|是否|多少|哪些|什么|怎么)", text)
    return is_question(text) and not (finds_out and not text.rstrip().endswith(("？", "?")))


# "牵头搞这个" / "主动揽这个活": the host's words point back at what was offered.
_SELF_OFFER = re.compile(r"(?:我们|咱们|我)(?:这边|那边)?(?:也)?(?:可以|能够|愿意|来|去)?")
_POINTS_BACK = re.compile(r"这个(?:活|事情?)?(?=[，,。]|$)|这件事|这事")


def ground_in_offer(action: ActionItem, at: int, sentences: list[Sentence], roles: dict[str, str]) -> ActionItem:
    """"好的某委员，那就麻烦您了，月底前约过来看一下" takes up what that person just offered ("我可以联系一家
    做防水的公司来免费看一下"): the offer says what the work is, the host's words say when. The task is
    the offer followed by the host's words, when the host's words say too little on their own."""
    said = sentences[at]
    if not said.is_host or not _TAKES_UP.match(said.text):
        return action
    thin = len(substance(action.task)) <= 12 or _POINTS_BACK.search(action.task)
    if not thin:
        return action
    for offer in reversed(sentences[max(0, at - 8):at]):
        if offer.utterance_index < said.utterance_index - 2 or offer.is_host:
            continue
        own_side = offer.speaker == action.owner or unit_from_role(roles.get(offer.speaker, "")) == action.owner
        offers = _OFFERS.search(offer.text) or (find_due(offer.text) and "我" in offer.text)  # "我们办公室两周内出一个"
        if not own_side or _asks(offer.text) or not offers or _PAST.search(offer.text) or _OPINION.search(offer.text):
            continue
        clauses = _clauses(offer.text)
        while clauses and (_VOCATIVE.match(clauses[0].strip()) or _INTRO_CLAUSE.match(clauses[0].strip())):
            clauses = clauses[1:]  # "杨书记，……" / "我补充一下，……": whom the offer answers, how it begins
        # "项目申报的材料我来弄" -> "项目申报的材料弄": the speaker's "I" goes, the matter stays.
        offered = clean_task(_SELF_OFFER.sub("", "，".join(clauses), count=1), find_due(offer.text))
        if len(substance(offered)) < 4:
            return action
        return action.model_copy(update={"task": f"{offered}，{action.task}"})
    return action


# "何委员，合同范本的事……" — the host turns to someone with a matter and no verb; "我那里有范本，我发到
# 群里" — that person takes it on in their next words.
_MATTER = re.compile(r"(?:的事|的事情|这块|这一块|这个事|这件事|问题)[…。.！!\s]*$")
_TAKES_ON = re.compile(r"(?:^|[，,])(?:我|我们)(?:这边)?(?:来|去|可以|马上|回去)?(?=[\u4e00-\u9fff])(?!是|觉得|认为|看|想|不|没|也不|说)")


def taken_matters(sentences: list[Sentence], known_names: list[str], taken: list[ActionItem]) -> list[tuple[ActionItem, list[Sentence]]]:
    """The host hands a matter to a person by name and that person's next turn takes it on: an
    item owned by that person, the matter and what they said they would do as its task."""
    found: list[tuple[ActionItem, list[Sentence]]] = []
    for index, sentence in enumerate(sentences):
        clauses = [c for c in re.split(r"[，,]", sentence.text) if c.strip()]
        if not sentence.is_host or len(clauses) != 2 or not _MATTER.search(clauses[1]) or _ACTION_VERB.search(clauses[1]):
            continue
        person = _addressed_person(_person_clause(clauses[0]), known_names)
        reply = next((s for s in sentences[index + 1:index + 4] if s.utterance_index == sentence.utterance_index + 1), None)
        if not person or reply is None or reply.speaker != person or _asks(reply.text):
            continue
        if _PAST.search(reply.text) or _HEDGED.search(reply.text):
            continue
        if not _TAKES_ON.search(reply.text) or not (_ACTION_VERB.search(reply.text) or find_due(reply.text) or "把" in reply.text):
            continue
        due = find_due(reply.text)
        matter = re.sub(r"[…。.！!\s]+$", "", clauses[1].strip())
        task = f"{matter}：{clean_task(reply.text.rstrip('。'), due)}"
        if _already_drafted(taken, person, task):
            continue
        found.append((ActionItem(owner=person, task=task, due=due or DUE_UNSPECIFIED), [sentence, reply]))
    return found


# "那太好了，谢谢许委员" / "好的，辛苦某主任": the host thanks the person for what they just offered.
_THANKS = re.compile(r"^(?:那就|那)?(?:谢谢|感谢|辛苦)(?:你|您)?(?P<who>[\u4e00-\u9fff]{1,5}?)(?:了|啊)?$")
# "我屋头有台小挖机，可以拿出来用": the speaker's offer with the subject left out of the second clause.
_OFFER_ELIDED = re.compile(r"(?:^|[，,])(?:也|都)?(?:可以|愿意|能够)(?=[\u4e00-\u9fff])")
_OPINION = re.compile(r"我(?:们)?(?:觉得|认为|看|想|建议|担心)")
# "我可以来讲一次，不过要看排班": an offer with a condition is no promise.
_HEDGED = re.compile(r"不过|但是|要看|看情况|不好定|说不准|再看|到时候")


def thanked_offers(sentences: list[Sentence], known_names: list[str], taken: list[ActionItem]) -> list[tuple[ActionItem, list[Sentence]]]:
    """"我可以在政协的社情民意里反映一下" — "那太好了，谢谢许委员": the host takes up an offer by thanking the
    person by name. The offer says the task and the time limit; the person is the owner."""
    found: list[tuple[ActionItem, list[Sentence]]] = []
    for index, sentence in enumerate(sentences):
        clauses = [c.strip() for c in re.split(r"[，,。！!]", sentence.text) if c.strip()]
        if not sentence.is_host or len(clauses) < 2 or not _TAKES_UP.match(sentence.text):
            continue
        thanks = _THANKS.match(clauses[1])
        person = _addressed_person(thanks.group("who"), known_names) if thanks else ""
        offer = next((s for s in reversed(sentences[max(0, index - 6):index])
                      if s.utterance_index == sentence.utterance_index - 1), None)
        if (not person or offer is None or offer.speaker != person or _asks(offer.text) or _HEDGED.search(offer.text)
                or _PAST.search(offer.text) or _OPINION.search(offer.text)):  # "我们去年就组织过两次清理" reports
            continue
        due = find_due(offer.text)
        elided = "我" in offer.text and _OFFER_ELIDED.search(offer.text)
        if not ((_OFFERS.search(offer.text) or elided) and _ACTION_VERB.search(offer.text) or due and "我" in offer.text):
            continue
        task = clean_task(_SELF_OFFER.sub("", _SPEAKING_INTRO.sub("", offer.text.rstrip("。")), count=1), due)
        if len(substance(task)) < 4 or _already_drafted(taken, person, task):
            continue
        found.append((ActionItem(owner=person, task=task, due=due or DUE_UNSPECIFIED), [offer, sentence]))
    return found
