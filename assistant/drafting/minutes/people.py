"""Who took part: attendee lists (参加 line, 签到表), what in such a list is a person, and the
forms of address ("老李", "周嬢嬢", "李主任") a record uses for a listed person.

A header list names people, units ("区住建局"), groups ("居民代表") and counts ("村民二十来人");
only people become participants. A speaker called by a form of address is the one listed person
it can only mean; when it could mean two, the label is kept as written rather than guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.drafting.names import (
    NOT_NAMES,
    POSTS_AFTER_NAME,
    ROLE_ENDINGS,
    is_speaker_id,
    is_surname,
    looks_like_person,
    split_role_and_name,
)

if TYPE_CHECKING:
    from assistant.drafting.minutes.reading import TranscriptHeader, Utterance


# --- one entry of an attendee list -------------------------------------------------------------

def unit_space_name(item: str) -> tuple[str, str] | None:
    """'区政协副秘书长 雷宏伟' -> ('雷宏伟', '区政协副秘书长'): offices type the post, a space, then the
    name. Only when the last part looks like a person and the first has no punctuation of speech."""
    match = re.fullmatch(r"(?P<role>[^\s，。！？,!?；;：:]{2,30})\s+(?P<name>[\u4e00-\u9fff]{2,4})", item)
    if match and looks_like_person(match.group("name")) and not looks_like_person(match.group("role")):
        return match.group("name"), match.group("role")
    return None


def combine_roles(before: str, inside: str) -> str:
    """'居民代表' + '12巷' -> '居民代表（12巷）'; '区住建局市政科副科长' + '区住建局' -> the former."""
    if not inside or inside in before:
        return before
    if not before or before in inside:
        return inside
    return f"{before}（{inside}）"


_ABSENT = re.compile(r"请假|缺席|未到|未参加|未出席")
_POST_AFTER_NAME = r"站长|厂长|所长|局长|主任|书记|经理|科长|队长|组长|校长|院长|会长|委员|同志"
_UNIT_TAIL = re.compile(r"(?:局|办|所|站|厂|公司|中心|队|院|委员会|委|会|联|社区|村|镇|乡|街道|组|部|处|科|协会|合作社|学校|小学|中学|幼儿园|医院|支书|书记|主任|委员|代表)$")
# "居民代表共12人", "五组群众30余人", "街道城管办": a group or a unit, not a person to list by name.
# "三组村民二十来人旁听" (a count in characters), "河西街道" (a unit listed among people).
_NOT_A_PERSON = re.compile(
    r"\d|共|余人|多人|等人|来人|[一二三四五六七八九十百几]+[个名位]?人|旁听|群众$|居民$|村民$"
    r"|^(?:.*(?:局|办|所|站|公司|中心|队|委员会|委会|社区|街道|企业|物业|单位|部门|代表|委员|所长|局长|站长|主任|书记|经理))$"
)


def parse_person(item: str) -> tuple[str, str]:
    """'张三（居民代表）' / '居民代表张三' / '张三' -> (name, role)."""
    item = item.strip().strip("：:")
    # "县政协副主席李明华同志": 同志 is how a record writes a name, not a post.
    item = re.sub(r"(?<=[\u4e00-\u9fff]{2})同志(?=$|[（(])", "", item)
    if spaced := unit_space_name(item):
        return spaced
    match = re.fullmatch(r"(.+?)\s*[（(](.+?)[)）]", item)
    if match:
        outer, inner = match.group(1).strip(), match.group(2).strip()
        split = split_role_and_name(outer)  # "社区党委副书记孟凡(兼任议事会召集人)"
        if split:
            return split[0], combine_roles(split[1], inner)
        return outer, inner
    split = split_role_and_name(item)
    if split:
        return split
    # "镇水务站蒲刚站长" / "区交通运输局许文": a unit, the name, maybe the post after it.
    post = re.search(rf"(?:{_POST_AFTER_NAME})$", item)
    body, post_text = (item[: post.start()], post.group(0)) if post else (item, "")
    for length in (2, 3):
        unit, name = body[:-length], body[-length:]
        if len(unit) >= 2 and looks_like_person(name) and _UNIT_TAIL.search(unit):
            return name, unit + post_text
    # "养殖户X某" / "承包户X某": a household category (…户) written before the name.
    household = re.fullmatch(r"([\u4e00-\u9fff]{1,5}户)([\u4e00-\u9fff]{2,3})", item)
    if household and looks_like_person(household.group(2)):
        return household.group(2), household.group(1)
    # A header list is written by staff, so "政协委员X某" is role + name even when the surname
    # is one our list does not know; also the post alone before the name ("主任苍松").
    loose = re.fullmatch(rf"(.*?(?:{'|'.join(ROLE_ENDINGS)}))([\u4e00-\u9fff]{{2,3}})", item)
    if loose and len(loose.group(1)) >= 2:
        return loose.group(2), loose.group(1)
    # "县林业局野生动物保护股股长韩涛": any post ending in 长 (股长、馆长、副秘书长) before a full name.
    posted = re.fullmatch(r"(.{2,}?长)([\u4e00-\u9fff]{2,3})", item)
    if posted and looks_like_person(posted.group(2)):
        return posted.group(2), posted.group(1)
    return _name_then_post(item) or _short_role_then_name(item) or (item, "")


def _name_then_post(item: str) -> tuple[str, str] | None:
    """'刘光明村主任' / '蒋兰委员' / '李红网格员' -> (name, post): the name, then the post, no bracket.
    A post as a whole (委员, 网格员, 副镇长) is preferred to one that only ends as a post, then the
    three-character name, the commoner length; '王芳村' + '主任' is no name ("…村" is a place)."""
    splits = []
    for length in (3, 2):
        name, post = item[:length], item[length:]
        if len(post) < 2 or not looks_like_person(name) or not is_listed_person(name):
            continue
        if post in POSTS_AFTER_NAME or post in ROLE_ENDINGS:
            splits.append((0, name, post))
        elif post[0] in "村镇乡区县市组社街居副" and (
            post.endswith(tuple(e for e in ROLE_ENDINGS if len(e) >= 2)) or post.endswith("长")
        ):
            splits.append((1, name, post))  # "村主任", "社区书记", "副组长": where, then the post
    if not splits:
        return None
    _, name, post = min(splits, key=lambda split: split[0])
    return name, post


# How a short description of someone ends: 村医, 厨师, 电工, 保洁员, 种植户.
_SHORT_ROLE = re.compile(r"(?:医|师|员|长|工|表|任|记|官|警|户|民|生|者|手|匠)$")


def _short_role_then_name(item: str) -> tuple[str, str] | None:
    """'村医赵静' -> ('赵静', '村医'): a short description our list of posts does not have, then
    the name (not '吉克曲布', a name of four characters: its first part is no description)."""
    for length in (2, 3):
        role, name = item[:-length], item[-length:]
        if len(role) >= 2 and looks_like_person(name) and _SHORT_ROLE.search(role) and not looks_like_person(role):
            return name, role
    return None


_SPACED_POST = rf"[^\s、，,；;（()）：:]{{0,18}}?(?:{'|'.join(ROLE_ENDINGS)}|长)"


def _name_space_post(value: str) -> str:
    """'王明 站长 李红 主任 陈静' -> '王明（站长） 李红（主任） 陈静'.

    A list typed with spaces only is read in the order its first entry sets: opening with a name
    and then a post, every post follows its name (the speaker labels "王明 站长" read so too);
    opening with a post ("区政协委员 某某"), the post comes first and is left to the rule after."""
    first = re.match(rf"^\s*(?P<name>[\u4e00-\u9fff]{{2,4}})\s+(?P<post>{_SPACED_POST})(?=[\s、，,；;]|$)", value)
    if not first or not looks_like_person(first.group("name")) or first.group("name").endswith(ROLE_ENDINGS):
        return value

    def pair(match: re.Match[str]) -> str:
        name, post = match.group("name"), match.group("post")
        if not looks_like_person(name) or name.endswith(ROLE_ENDINGS) or looks_like_person(post):
            return match.group(0)
        return f"{name}（{post}）"

    return re.sub(
        rf"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff]{{2,4}})\s+(?P<post>{_SPACED_POST})(?=[\s、，,；;]|$)", pair, value
    )


_SPACED_NAME = re.compile(r"(?<![\u4e00-\u9fff])(?P<surname>[\u4e00-\u9fff])[ \u3000\t]{1,4}(?P<given>[\u4e00-\u9fff])(?![\u4e00-\u9fff])")


def join_spaced_names(value: str) -> str:
    """'童  敏、柯  强（物业经理）' -> '童敏、柯强（物业经理）': offices pad a two-character name with
    spaces so it lines up with three-character ones. Only a lone surname character and a lone
    character after it are joined."""
    return _SPACED_NAME.sub(
        lambda m: m.group("surname") + m.group("given") if is_surname(m.group("surname")) else m.group(0), value
    )


def _normalised_list(value: str) -> str:
    """The list with its count dropped, "post name" pairs joined and the separators inside brackets
    masked, so that splitting at 、，； and spaces gives one entry each."""
    value = re.sub(r"等\s*[0-9一二三四五六七八九十百]+\s*(?:人|名|位)?.*$", "", value)
    value = _name_space_post(value)
    # "区政协委员 某某、供电所所长 某某": a post, a space, the name is one entry, not two.
    value = re.sub(rf"((?:{'|'.join(ROLE_ENDINGS)}|长))\s+(?=[\u4e00-\u9fff]{{2,4}}(?:[、，,；;\s]|$))", r"\1", value)
    value = re.sub(r"[（(]共?\s*[0-9一二三四五六七八九十]+\s*(?:人|名|位)[)）]", "", value)
    # A separator inside brackets belongs to the bracketed role: "许某（县政协委员，县人民医院）".
    return re.sub(r"[（(][^）)]*[)）]", lambda m: re.sub(r"[，,；;]", "\x01", m.group(0).replace("、", "\x00")), value)


# "李四等村民代表", "魏明等十余名群众", "龚红及居民代表若干", "白云两位": the last name of a list, then
# the rest of the people, counted or not.
_GROUP_AFTER_NAME = re.compile(r"^(?P<head>.*?[\u4e00-\u9fff]{2})(?:(?:等|及|以及)\S*|[一二两三四五六七八九十几]+(?:位|名|人))$")


def _without_group_tail(entry: str) -> str:
    match = _GROUP_AFTER_NAME.match(entry)
    if match and not re.search(r"[（(]", match.group("head")) and is_listed_person(parse_person(match.group("head"))[0]):
        return match.group("head")
    return entry


def parse_roster(value: str) -> list[tuple[str, str]]:
    """'居民代表张三、李四，区住建局副局长王五，政协委员赵六等12人' -> names with roles.

    Parentheses are protected before splitting because roles may contain 、 (区住建局、街道办).
    In "居民代表张三、李四" the role written before the first name applies to the names that
    follow until another role appears — that is how such lists are written in office notes.
    """
    protected = _normalised_list(value)
    people: list[tuple[str, str]] = []
    carried_role = ""
    for group in re.split(r"[，,；;\s]+", protected):
        carried_role = ""  # a comma ends a "居民代表张三、李四" run
        for raw in group.split("、"):
            raw = _without_group_tail(raw.replace("\x00", "、").replace("\x01", "，").strip())
            if not raw:
                continue
            if "：" in raw or ":" in raw:  # "居民代表：张三、李四"
                role_part, _, raw = re.split(r"([：:])", raw, maxsplit=1)
                carried_role = role_part.strip()
                raw = raw.strip()
                if not raw:
                    continue
            name, role = parse_person(raw)
            if role and not re.fullmatch(r".+?[（(].+[)）]", raw):
                carried_role = role  # written as "居民代表张三": the role carries to following names
            if not role:
                role = carried_role
            if _ABSENT.search(role):
                continue  # "某某（请假）": listed, but did not take part
            if is_listed_person(name):
                people.append((name, role))
    return people


# What a given name is not made of: digits and numerals (a count: "二组", "二十来个"), and the
# little words of a sentence ("没一一记名", "另有…").
_COUNTING = re.compile(r"[0-9０-９一二三四五六七八九十百千万两几]")
_SENTENCE_CHARS = set("的了是在我你他她们这那么呢吗吧啊呀就也都还说讲请把被对有没未另其若各等及")
# How the name of a unit or a group of people ends ("镇规建办", "某某村两委", "青少年家长若干名").
_GROUP_TAIL = re.compile(
    r"(?:局|办|所|站|委|处|司|厂|院|校|店|村|镇|乡|街道|社区|中心|公司|单位|部门|人员|代表|群众|居民|村民|商户"
    r"|业主|家长|员|们|户|人|名|位|个|组|队|会|部|方|等)$"
)
# A three-character entry that looks like a surname and a given name but ends as a place or an
# office does ("李庄村", "黄桥镇", "区政协"): listed among people, it is the unit.
_PLACE_TAIL = re.compile(r"(?:村|镇|乡|局|办|所|站|委|处|司|厂|政协|人大|政府|党委|妇联|团委|工会|法院)$")


def is_absence(text: str) -> bool:
    """"请假", "缺席", "未到": said of someone listed who did not take part."""
    return bool(_ABSENT.search(text))


def is_listed_person(name: str) -> bool:
    """An entry of an attendee list (参加 line, 签到表) that is a person's name.

    A list also names units ("区体育局", "某某村两委"), groups ("居民代表") and counts ("另有二组",
    "三组村民二十几个", "没一一记名"); none of them is a participant. A name with a surname our list
    does not know is still accepted when it has the shape of one: two to four characters, no
    numeral, no little word of a sentence, not ending as a unit or a group does."""
    if not name:
        return False
    if name in ROLE_ENDINGS or name in POSTS_AFTER_NAME:
        return False  # "楼栋长", "网格员": a post listed without its holder's name
    if looks_like_person(name):
        return not (len(name) == 3 and _PLACE_TAIL.search(name))
    return bool(
        re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name)
        and name not in NOT_NAMES
        and not _COUNTING.search(name)
        and not any(ch in _SENTENCE_CHARS for ch in name)
        and not _GROUP_TAIL.search(name)
        and not _NOT_A_PERSON.search(name)
    )


def lists_people(value: str) -> bool:
    """A line that goes on with an attendee list ("村民代表：某某、某某   另有…"): persons make at least
    half of its entries, and one of them has a name of the common shape (a line of another kind,
    "签到表" or "一、情况介绍", would pass the looser shape a listed entry is allowed)."""
    if not value.strip():
        return False
    entries = [e for e in re.split(r"[、，,；;\s]+", _normalised_list(value)) if e]
    found = parse_roster(value)
    return any(looks_like_person(name) for name, _ in found) and 2 * len(found) >= len(entries)


def nickname_first(name: str, role: str) -> tuple[str, str, str]:
    """'蒋大爷（蒋德山）': the form of address outside, the full name in brackets -> (蒋德山, '', 蒋大爷);
    also as one part of the bracket: '莫大妈（村民代表，莫桂兰）' -> (莫桂兰, '村民代表', 莫大妈)."""
    surname = nickname_surname(name)
    if not surname:
        return name, role, ""
    written = re.fullmatch(r"(?:(?P<role>.*?)[（(])?(?P<full>[\u4e00-\u9fff]{2,4})[)）]?", role)
    if written and _full_name_for(written.group("full"), name, surname):
        return written.group("full"), written.group("role") or "", name  # "居民代表晏大爷（晏长福）"
    parts = [part.strip() for part in re.split(r"[，,、；;]", role) if part.strip()]
    full = [part for part in parts if _full_name_for(part, name, surname)]
    if len(parts) > 1 and len(full) == 1:
        return full[0], "，".join(part for part in parts if part != full[0]), name
    return name, role, ""


def _full_name_for(text: str, nickname: str, surname: str) -> bool:
    return text != nickname and text.startswith(surname) and looks_like_person(text) and not nickname_surname(text)


def split_alias(name: str, role: str) -> tuple[str, str]:
    """'村民（老杨）' for 杨德富 -> ('村民', '老杨'): a form of address with his surname in brackets;
    also one part of the bracket, first or last: '村党支部书记，老罗', '冷嬢嬢，村民'."""
    match = (
        re.fullmatch(r"(?P<role>.*?)[（(](?P<alias>[\u4e00-\u9fff]{2,4})[)）]", role)
        or re.fullmatch(r"(?P<role>)(?P<alias>[\u4e00-\u9fff]{2,4})", role)
    )
    if match and _alias_of(match.group("alias"), name):
        return match.group("role"), match.group("alias")
    parts = [part.strip() for part in re.split(r"[，,、]", role) if part.strip()]
    aliases = [part for part in parts if _alias_of(part, name)]
    if len(parts) > 1 and len(aliases) == 1:
        return "，".join(part for part in parts if part != aliases[0]), aliases[0]
    return role, ""


def _alias_of(text: str, name: str) -> bool:
    return bool(name) and len(text) <= 4 and text != name and nickname_surname(text) == name[0]


_TABLE_NAME_COLUMN = re.compile(r"^(?:姓名|名字|参会人员|人员姓名)$")
_TABLE_ROLE_COLUMNS = re.compile(r"单位|职务|职称|身份|工作单位|所在单位|部门")


def _table_cells(line: str) -> tuple[list[str], bool]:
    """The cells of a table row: tab-separated as a Word table is read, or, pasted as plain text,
    "| 1 | 王芳 | 街道办 |" or columns lined up with two or more spaces (then `typed` is True).
    A "|---|---|" rule under a header comes back as two "-" cells, which name nobody."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")], False
    stripped = line.strip()
    if stripped.count("|") >= 2 or stripped.count("｜") >= 2:
        cells = [cell.strip() for cell in re.split(r"[|｜]", stripped.strip("|｜"))]
        return (["-"] * 2 if all(re.fullmatch(r"[-:—\s]*", cell) for cell in cells) else cells), True
    return [cell for cell in re.split(r" {2,}", stripped)], True


def read_sign_in_table(lines: list[str]) -> tuple[list[tuple[str, str]], set[int]]:
    """A 签到表 (tab-separated, as a Word table is read): the people signed in, with their unit and
    post, and the line numbers the table took. Attendees who never speak are participants too.
    A sheet may hold two or three people a row ("序号 姓名 单位 序号 姓名 单位"): each 姓名
    column opens the block of columns that belong to its person."""
    people: list[tuple[str, str]] = []
    used: set[int] = set()
    blocks: list[tuple[int, list[int], range]] = []  # (name column, role columns, the person's columns)
    for line_no, line in enumerate(lines, start=1):
        cells, typed = _table_cells(line)
        if len(cells) < 2:
            blocks = []
            continue
        columns = [i for i, cell in enumerate(cells) if _TABLE_NAME_COLUMN.match(re.sub(r"\s+", "", cell))]
        if columns and typed and not any(_TABLE_ROLE_COLUMNS.search(cell) for cell in cells):
            columns = []  # "姓名  …" typed with spaces is a table only with a 单位/职务 column beside it
        if columns:
            bounds = [0, *columns[1:], len(cells)]
            blocks = [
                (at, [i for i in range(bounds[k], bounds[k + 1]) if _TABLE_ROLE_COLUMNS.search(cells[i])],
                 range(bounds[k], bounds[k + 1]))
                for k, at in enumerate(columns)
            ]
            used.add(line_no)
            continue
        if not blocks:
            continue
        if cells == ["-", "-"]:
            used.add(line_no)
            continue
        if typed and not any(at < len(cells) and (is_listed_person(re.sub(r"\s+", "", cells[at])) or is_absence(line))
                             for at, _, _ in blocks):
            blocks = []  # a row typed with spaces that names nobody: the table has ended
            continue
        used.add(line_no)
        for name_at, role_at, span in blocks:
            if name_at >= len(cells):
                continue
            name = re.sub(r"\s+", "", cells[name_at])
            if any(_ABSENT.search(cells[i]) for i in span if i < len(cells)):
                continue  # "（未到）" / "请假" in a column: signed up, did not take part
            if is_listed_person(name):  # a unit written in the name column is no participant
                role = "".join(dict.fromkeys(cells[i] for i in role_at if i < len(cells) and cells[i]))
                people.append((name, role))
    return people, used


NICKNAME = re.compile(
    r"^(?:[老小](?P<a>[\u4e00-\u9fff])|(?P<b>[\u4e00-\u9fff])(?:大爷|大妈|大娘|婆婆|嬢嬢|孃孃|大叔|叔|姐|哥|师傅|"
    r"阿姨|奶奶|爷爷|老汉|老头|嫂子|老师傅|"
    # Kinship forms of address, with a birth order: "罗二哥", "邹婶", "王三嬢", "李幺爸", "何姨".
    r"(?:[大二三四五六七八九幺小])?(?:哥|姐|叔|婶|嬢|孃|娘|爸|伯|妹|弟|爷|公|婆|嫂|娃|姨|姑|舅)|"
    # Posts, also as deputy or with the unit's size: "孙副主任", "黎中队长", "邝副书记".
    r"(?:常务副|副)?(?:主任|书记|组长|站长|厂长|所长|局长|经理|队长|中队长|大队长|校长|村长|镇长|乡长|县长|区长|科长|"
    r"股长|处长|部长|院长|馆长|会长|社长|主席|秘书长|理事长)|"
    r"支书|委员|老师|医生|会计|文书|老板|代表|律师|警官|大夫|护士|指导员|教导员))$"
)
# "冯工" (an engineer), "陈总" (a manager): a one-character title, only after a common surname.
_SHORT_TITLE = re.compile(r"^(?P<b>[\u4e00-\u9fff])(?:工|总)$")


def nickname_surname(label: str) -> str:
    """The surname a form of address carries ("老李", "周嬢嬢", "李主任", "冯工" -> 李/周/李/冯), or ""."""
    if match := NICKNAME.match(label):
        return match.group("a") or match.group("b")
    if (match := _SHORT_TITLE.match(label)) and is_surname(match.group("b")):
        return match.group("b")
    return ""


def fill_known_roles(utterances: list[Utterance], known_people: list[tuple[str, str]]) -> None:
    roles = {name: role for name, role in known_people if role}
    for utterance in utterances:
        if not utterance.role and utterance.speaker in roles:
            utterance.role = roles[utterance.speaker]


def is_known_label(label: str, known: set[str]) -> bool:
    """A listed name, or "老雒" / "雒组长" when a listed person has that surname."""
    if label in known:
        return True
    if len(label) == 2 and any(len(name) == 3 and name[1:] == label for name in known):
        return True  # "小川：" for the listed 罗小川, called by the given name
    match = NICKNAME.match(label)
    surname = match and (match.group("a") or match.group("b"))
    return bool(surname) and any(name.startswith(surname) and len(name) >= 2 for name in known)


def resolve_nicknames(header: TranscriptHeader, utterances: list[Utterance], known: list[str] = ()) -> None:
    """"老李：" in 院坝 notes is the 李德贵 of the 参加 line: a form of address is given the one listed
    person it can mean, by surname, then by the title it says ("周书记") or the role the label
    gives ("老王（茶农）"). When it could still mean two people, the label stays as written: a
    guess would file one person's words under another's name."""
    for utterance in utterances:
        # "符光明（老符）：" names the form of address the record uses for him later.
        role, alias = split_alias(utterance.speaker, utterance.role)
        if alias and utterance.speaker not in header.aliases:
            utterance.role = role
            header.aliases.setdefault(alias, utterance.speaker)
    listed = {name for name, _ in header.roster}
    full_names = listed | {u.speaker for u in utterances} | set(known)
    full_names |= {header.host} if header.host else set()
    roles = {name: role for name, role in header.roster if role}
    if header.host:
        roles[header.host] = roles.get(header.host, "") + header.host_role
    by_given: dict[str, list[str]] = {}
    for name in full_names:
        if len(name) == 3:
            by_given.setdefault(name[1:], []).append(name)
    for utterance in utterances:
        if utterance.speaker in header.aliases:  # "村民杨德富（老杨）" in the list, "老杨：" in the record
            utterance.speaker = header.aliases[utterance.speaker]
            continue
        if utterance.speaker in listed:
            continue  # "佟二妹" written in the 参加 line is her name, not a form of address
        given = by_given.get(utterance.speaker, [])
        if len(given) == 1:
            # "小川：" for the listed 罗小川: people call each other by the given name.
            utterance.speaker = given[0]
            continue
        if full := _one_person_called(utterance.speaker, utterance.role, full_names, listed, roles):
            utterance.speaker = full
    if header.host and header.host not in listed and (
        full := header.aliases.get(header.host)
        or _one_person_called(header.host, header.host_role, full_names, listed, roles)
    ):
        header.host = full  # "主持：秦书记" and 秦国栋 in the list or speaking


def _one_person_called(label: str, role: str, full_names: set[str], listed: set[str], roles: dict[str, str]) -> str:
    """The one known person a form of address can mean, or "" when none or more than one."""
    surname = nickname_surname(label)
    if not surname:
        return ""
    # A name that itself looks like a form of address ("刘二娃") is a full name only when listed.
    same = sorted(n for n in full_names if len(n) >= 2 and n != label and n.startswith(surname)
                  and (n in listed or not nickname_surname(n)) and not is_speaker_id(n))
    title = label[1:] if not label.startswith(("老", "小")) else ""
    if len(same) > 1 and len(title) >= 2:
        # "周书记" when two listed people are called 周: the one whose listed role is 书记.
        same = [n for n in same if title in roles.get(n, "")]
    if len(same) > 1 and role:
        # "老王（茶农）" when two are called 王: the one the list gives that role.
        by_role = [n for n in same if roles.get(n) and (role in roles[n] or roles[n] in role)]
        same = by_role if len(by_role) == 1 else same
    return same[0] if len(same) == 1 else ""


# A title after a listed full name: "副经理", "股长", "副镇长", "村民代表", "同志".
_TITLE_AFTER_NAME = re.compile(
    r"(?:同志|[\u4e00-\u9fff]{0,5}(?:长|员|记|理|任|表|师|席|官|书|干事|会计|老板|医生|代表))"
)


def known_name_with_title(label: str, known: frozenset[str] | set[str]) -> str:
    """'郝建民副经理' -> '郝建民' when 郝建民 is a listed participant: a listed full name followed by
    a title (any post, rank or form of address) names that person. Longest listed name first."""
    for name in sorted((n for n in known if len(n) >= 2 and label.startswith(n)), key=len, reverse=True):
        if _TITLE_AFTER_NAME.fullmatch(label[len(name):]) and not NICKNAME.match(name):
            return name
    return ""
