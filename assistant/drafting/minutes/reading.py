"""Reading a consultation transcript into header facts and speaker turns.

Staff bring three kinds of text and we accept all of them, also mixed in one file:

* typed notes — a header (时间/地点/议题/主持人/参加人员/记录人) and lines such as
  ``张三（居民代表）：……``, ``李四(区住建局):……``, ``王五：……``, ``【赵六】……``, ``主持人王芳：……``;
* speech-recognition exports — a line with a speaker and a timestamp (``张三 00:03:15``,
  ``发言人1 2024-05-12 14:03:22``, ``[00:01:02] 李四``) followed by the speech on the next lines;
* a mixture of both.

Who the attendee list, the sign-in table and a form of address ("老李：") name is settled in
`people.py`; this module finds the lines and hands their text over.

Parsing is line based and linear in the size of the text, so a 50,000-character transcript
takes milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.domain.deadlines import chinese_number, find_date
from assistant.drafting.minutes.people import (
    NICKNAME,
    combine_roles,
    fill_known_roles,
    is_absence,
    is_known_label,
    join_spaced_names,
    known_name_with_title,
    lists_people,
    nickname_first,
    parse_person,
    parse_roster,
    read_sign_in_table,
    resolve_nicknames,
    split_alias,
    unit_space_name,
)
from assistant.drafting.minutes.summary import ACTIONS, CONSENSUS, DISSENT, SUMMARY_CUE, heading_of
from assistant.drafting.names import (
    NOT_NAMES,
    POSTS_AFTER_NAME,
    ROLE_ENDINGS,
    is_speaker_id,
    is_surname,
    looks_like_person,
    plausible_label,
    split_name_and_post,
    split_role_and_name,
)

# Far above any real meeting (a full day verbatim is ~150,000 characters) and small enough that
# one request cannot tie up the process; documented in the CLI help and the error message.
MAX_TRANSCRIPT_CHARS = 2_000_000

HOST_ROLE = "主持人"

EXPECTED_FORMAT_ZH = (
    "请按“姓名（身份）：发言内容”的格式逐段记录发言，每位发言人另起一行，例如：\n"
    "张三（居民代表）：我建议在3号楼加装电梯。\n"
    "李四（区住建局副局长）：我局将在两周内完成方案审核。"
)


class TranscriptError(ValueError):
    """A transcript we cannot draft from; `message_zh` is shown to the user as is."""

    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


@dataclass
class Utterance:
    speaker: str
    role: str
    text: str
    line_no: int
    # The transcript line of each line of `text` (provenance: 原文依据).
    lines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [self.line_no]

    def numbered_lines(self) -> list[tuple[int, str]]:
        texts = self.text.split("\n")
        numbers = self.lines + [self.lines[-1]] * (len(texts) - len(self.lines))
        return list(zip(numbers, texts, strict=False))


@dataclass
class TranscriptHeader:
    meeting_name: str = ""
    topic: str = ""
    date: str = ""
    location: str = ""
    host: str = ""
    host_role: str = ""
    recorder: str = ""
    file_name: str = ""  # a recording's file name, which often carries the meeting's date
    roster: list[tuple[str, str]] = field(default_factory=list)  # (name, role) from 参加人员
    aliases: dict[str, str] = field(default_factory=dict)  # "老杨" -> "杨德富", as the list says


@dataclass
class Transcript:
    header: TranscriptHeader
    utterances: list[Utterance]
    preamble: list[str] = field(default_factory=list)  # lines before the first speaker that are not header
    lines: list[str] = field(default_factory=list)  # the text as read, for quoting 原文依据 by line number

    def quote(self, line_no: int, limit: int = 1000) -> str:
        text = self.lines[line_no - 1].strip() if 0 < line_no <= len(self.lines) else ""
        return text if len(text) <= limit else text[:limit] + "……"

    def speakers_in_order(self) -> list[str]:
        seen: dict[str, None] = {}
        for utterance in self.utterances:
            seen.setdefault(utterance.speaker, None)
        return list(seen)

    def dated_heading(self) -> str:
        """'2026年9月9日 15:00' from a short heading line, when no 时间 line says when the meeting was."""
        for line in self.preamble[:6]:
            if len(line) <= 40 and (match := re.search(r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?(?:\s*[上下]午)?(?:\s*\d{1,2}[:：]\d{2})?", line)):
                return match.group(0).strip()
        return ""

    def meeting_day(self) -> date | None:
        return self.meeting_day_with_basis()[0]

    def month_day(self) -> tuple[int, int] | None:
        """(11, 18) for a 时间 line or heading that says "11月18日" without a year."""
        for line in [self.header.date, *(p for p in self.preamble[:6] if len(p) <= 40)]:
            if match := re.search(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]", _plain_date(line)):
                return int(match.group(1)), int(match.group(2))
        return None

    def meeting_day_with_basis(self) -> tuple[date | None, str]:
        """The meeting's date and, when the record did not write its year, where the year came from.

        The 时间 header, else the first full date before the speeches. "11月18日" without a year takes
        the year written in the heading ("2026年第三次…"), else the year of a full date written
        elsewhere in the record (a footer "2026年11月20日整理", a date said in the meeting), the one
        that puts the meeting nearest to it. Without any, (None, "") — the caller may settle the year
        from the linked consultation or the day of drafting (final.settle_meeting_day)."""
        # Only short heading lines: a narrative paragraph may name other dates ("2027年1月1日起试运营").
        written = [_plain_date(line) for line in
                   [self.header.date, *(p for p in self.preamble[:6] if len(p) <= 40), self.header.file_name]]
        for line in written:
            if day := find_date(line):
                return day, ""
        if day := self._said_or_exported_day():
            return day, ""
        month_day = self.month_day() or self._said_month_day()
        if month_day is None:
            return None, ""
        year = next((m.group(1) for line in [self.header.date, *self.preamble[:3]]
                     if (m := re.search(r"(20\d{2})年", line))), None)
        if year:
            return _safe_date(int(year), *month_day), ""
        spoken = {line_no for u in self.utterances for line_no in u.lines}
        for lines, where in (
            ([line for no, line in enumerate(self.lines, start=1) if no not in spoken], "记录"),
            (self.lines, "记录"),
        ):
            mentioned = [day for line in lines for day in _full_dates(_plain_date(line))]
            if mentioned:
                day = nearest_year(*month_day, mentioned)
                if day:
                    anchor = min(mentioned, key=lambda d: abs((d - day).days))
                    return day, f"记录未写年份，按{where}中的“{anchor.year}年{anchor.month}月{anchor.day}日”确定为{day.year}年"
        return None, ""

    def _opening_words(self) -> list[str]:
        """The first turns' opening words, where a chair says what day it is ("今天是8月7号")."""
        return [u.text[:200] for u in self.utterances[:3]]

    def _said_or_exported_day(self) -> date | None:
        """A full date from the chair's "今天是2026年7月8日", else from the export's own lines: a keyed
        date on a metadata line of any length ("转写日期：2026-08-07  时长：…") or a recording's file
        name ("…协商会_20260807.m4a"). Only the opening turns and the lines before the speeches."""
        for text in self._opening_words():
            if (said := _SAID_TODAY.search(_plain_date(text))) and (day := find_date(said.group(1))):
                return day
        for line in self.preamble[:6]:
            if (keyed := _KEYED_DATE.search(line)) and (day := find_date(keyed.group(1))):
                return day
            if (named := _FILE_NAME_DATE.search(line)) and (day := _safe_date(*map(int, named.groups()))):
                return day
        return None

    def _said_month_day(self) -> tuple[int, int] | None:
        """(8, 7) from the chair's "今天是8月7号" when no line before the speeches gives the day."""
        for text in self._opening_words():
            if said := _SAID_TODAY_MONTH_DAY.search(_plain_date(text)):
                return chinese_number(said.group(1)), chinese_number(said.group(2))
        return None

    def role_of(self, name: str) -> str:
        """The most specific role known for a person: their own label first, then the roster."""
        bare_post = ""
        for utterance in self.utterances:
            if utterance.speaker == name and utterance.role and utterance.role != HOST_ROLE:
                if utterance.role not in POSTS_AFTER_NAME:
                    return utterance.role
                bare_post = bare_post or utterance.role  # "主任" from "秦国华主任：": the roster says more
        for roster_name, role in self.header.roster:
            if roster_name == name and role:
                return role
        if name == self.header.host:
            return self.header.host_role or HOST_ROLE
        return bare_post


_SAID_TODAY = re.compile(r"今天是\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])")
_SAID_TODAY_MONTH_DAY = re.compile(
    r"今天(?:是)?\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*(\d{1,2}|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
)
_KEYED_DATE = re.compile(r"(?:日期|时间)\s*[：:]\s*(\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2})")
# "协商会_20260807.m4a": a recording tool names its file by the day it recorded.
_FILE_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)(?=[^\s]*\.(?:m4a|mp3|wav|aac|amr|mp4|txt|docx?)\b)", re.I)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_dates(text: str) -> list[date]:
    found = []
    for match in re.finditer(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})", text):
        if day := _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3))):
            found.append(day)
    return found


def nearest_year(month: int, day: int, anchors: list[date]) -> date | None:
    """The date (month, day) in the year that puts it nearest to one of the anchors."""
    candidates = [d for a in anchors for y in (a.year - 1, a.year, a.year + 1) if (d := _safe_date(y, month, day))]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (min(abs((d - a).days) for a in anchors), -d.year))


_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _plain_date(text: str) -> str:
    """'二〇二六年元月14日' -> '2026年1月14日', as office records write dates in characters."""
    text = re.sub(r"[〇零一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_CN_YEAR_DIGITS), text)
    text = re.sub(r"(?:元|正)月", "1月", re.sub(r"腊月", "12月", text))
    # "2026年九月十六日": the month and day in characters after a written year.
    return _CN_MONTH_DAY.sub(lambda m: f"{chinese_number(m.group(1))}月{chinese_number(m.group(2))}日", text)


_CN_MONTH_DAY = re.compile(r"(?<=\d{4}年)(十[一二]?|[一二三四五六七八九])月(三十[一]?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]")


# --- header ---------------------------------------------------------------------------------

_HEADER_KEYS = {
    "会议名称": "meeting_name", "会议主题": "topic", "协商议题": "topic", "议题": "topic", "主题": "topic",
    "会议时间": "date", "协商时间": "date", "时间": "date", "日期": "date", "会议日期": "date",
    "录音时间": "date", "开会时间": "date", "活动时间": "date",
    "会议地点": "location", "协商地点": "location", "地点": "location",
    "主持人": "host", "主持": "host",
    "参加人员": "roster", "参会人员": "roster", "出席人员": "roster", "与会人员": "roster",
    "列席人员": "roster", "参加人": "roster", "参会人": "roster", "出席": "roster", "列席": "roster",
    "参加": "roster", "参会": "roster", "到会": "roster", "到会人员": "roster", "参加会议人员": "roster",
    "参会代表": "roster", "出席对象": "roster", "来的人": "roster", "到场人员": "roster", "到场": "roster",
    "参加的人": "roster", "参会的人": "roster", "到会的人": "roster", "与会者": "roster", "与会": "roster", "签到": "roster", "参加对象": "roster", "参会单位及人员": "roster",
    "记录人": "recorder", "记录": "recorder", "记录员": "recorder", "整理": "recorder", "整理人": "recorder",
    # Export metadata of recording and chat tools: not speakers, not facts of the meeting.
    "时长": "ignored", "录音时长": "ignored", "来源": "ignored", "导出时间": "ignored", "转写时间": "ignored",
    "文件名": "file_name", "导出人": "ignored", "关键词": "ignored", "摘要": "ignored", "全文摘要": "ignored",
    "章节速览": "ignored", "发言人数": "ignored", "字数": "ignored",
}
# Longest keys first so "会议时间" wins over "时间".
_HEADER_KEY_ALT = "|".join(sorted(_HEADER_KEYS, key=len, reverse=True))
_HEADER_LINE = re.compile(rf"^\s*(?:[#*\s]*)({_HEADER_KEY_ALT})\s*[：:]\s*(.*)$")
_HEADER_INLINE_KEY = re.compile(rf"(?:^|\s+)({_HEADER_KEY_ALT})\s*[：:]\s*")
_SPEECH_PUNCT = re.compile(r"[，。！？!?]")
_SPACED_KEY = re.compile(r"^\s*((?:[\u4e00-\u9fff]\s+){1,3}[\u4e00-\u9fff])(\s*[：:])")


def _parse_header_line(line: str) -> list[tuple[str, str]] | None:
    """'时间：5月12日  地点：社区会议室' -> [('date', '5月12日'), ('location', '社区会议室')]."""
    line = _SPACED_KEY.sub(lambda m: re.sub(r"\s+", "", m.group(1)) + m.group(2), line)
    if not _HEADER_LINE.match(line):
        return None
    matches = list(_HEADER_INLINE_KEY.finditer(line))
    pairs = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        pairs.append((_HEADER_KEYS[match.group(1)], line[match.end():end].strip()))
    return pairs


def _is_host_speech(value: str) -> bool:
    # "主持人：王芳（社区党委书记）" is a header; "主持人：各位居民，今天我们……" is the host talking.
    core = re.sub(r"[（(].*?[)）]", "", value)
    if unit_space_name(core.strip()):
        return False  # "主持人：区政协文化文史和学习委主任 韩素琴": a long post, a space, the name
    if not _SPEECH_PUNCT.search(core) and split_role_and_name(core.strip().replace("、", "")):
        return False  # "主持人：区政协委员、某镇联络组组长某某": posts, then the name
    return bool(_SPEECH_PUNCT.search(core)) or len(core) > 12


_SEE_ATTACHED = re.compile(r"^(?:详见|见|附)[^、，,；;]{0,6}(?:表|名单|附件)[。.]?$")


def _apply_header(header: TranscriptHeader, key: str, value: str) -> None:
    if not value or key == "ignored":
        return
    if key in ("roster", "host", "recorder"):
        value = join_spaced_names(value)  # "童  敏": a two-character name padded to line up with others
    if key == "roster":
        if _SEE_ATTACHED.match(value):
            return  # "参加人员：见签到表" — the names are in the table, read on its own
        for name, role in parse_roster(value):
            # "杨德富（老杨）": what is in the brackets is what people call him, not his role;
            # "蒋大爷（蒋德山）" the other way round.
            name, role, nickname = nickname_first(name, role)
            if not nickname:
                role, nickname = split_alias(name, role)
            if nickname:
                header.aliases[nickname] = name
            header.roster.append((name, role))
    elif key == "host":
        name, role = parse_person(value)
        header.host, header.host_role = name, role
    elif not getattr(header, key):
        setattr(header, key, value)


# --- speaker lines --------------------------------------------------------------------------

_DATE = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_STAMP = rf"[\[\(（【]?\s*(?:{_DATE}\s+)?{_CLOCK}\s*(?:[-–~]\s*{_CLOCK}\s*)?[\]\)）】]?"
# "[00:01:02] 李四" or "00:01:02 李四：……"
_LEADING_STAMP = re.compile(rf"^\s*{_STAMP}\s*(?P<rest>.*)$")
# "张三 00:03:15" / "发言人1 2024-05-12 14:03:22" / "张三(00:03:15)": the stamp ends the line.
_TRAILING_STAMP = re.compile(rf"^\s*(?P<label>[^\s：:][^：:]{{0,24}}?)\s*[（(]?\s*(?:{_DATE}\s+)?{_CLOCK}\s*[)）]?\s*$")
_BRACKET_LABEL = re.compile(r"^\s*【(?P<label>[^】]{1,24})】\s*[：:]?\s*(?P<speech>.*)$")
_COLON_LABEL = re.compile(
    r"^\s*(?P<label>[^：:，。！？,!?\s（(][^：:，。！？,!?（(]{0,23}?"
    r"(?:\s*[（(](?:[^）)：:]{1,48}|\d{1,2}:\d{2}(?::\d{2})?)[)）])?)"
    r"\s*(?:发言|讲话|说|补充|表示|回应|答复|介绍)?\s*[：:]\s*(?P<speech>.*)$"
)
# "1. 张静（区政协委员）发言：" / "（三）李四：" — numbered records.
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.．、)）]|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")
# The label may carry a bracket with commas: "钱某同志（区政协委员，区图书馆副馆长）发言".
_LABEL_WITH_BRACKET = r"(?:[^，。：:；（()）]|[（(][^）)]{1,48}[)）]){2,40}?"
_SPEECH_HEADING = re.compile(
    rf"^(?P<label>{_LABEL_WITH_BRACKET})\s*(?:再次|补充|最后)?(?:发言|讲话|汇报|介绍情况|开场|致辞|主持|作总结|作小结|总结|小结|"
    # "某某同志主持会议并介绍情况", "某某通报有关情况": the chair's or a reporter's opening.
    r"作总结讲话|总结讲话|归纳|主持会议(?:并(?:介绍|通报|说明)[^，。：:；]{0,10})?|(?:介绍|通报|说明)了?(?:有关|基本)?情况)"
    r"\s*[：:]?\s*$"
)
# "3. 王强委员发言。他认为……" / "（二）李四同志（区住建局）再次发言，他说……": a numbered record in the
# third person puts the speaker, the verb 发言 and then the reported speech on one line.
# "2. 王某委员发言说，……", "7. 王某委员回应说，……", "5. 王某（村民）发言时情绪比较激动。他说……".
_NARRATED_TURN = re.compile(
    rf"^(?P<label>{_LABEL_WITH_BRACKET})\s*(?:再次|又|补充|继续|接着|随后|最后)?"
    r"(?:(?:发言|讲话)(?:时[^，。：:；]{0,12})?(?:说|表示|指出|提出|称)?|(?:回应|答复|补充|解释|表示|指出|强调|介绍|说明|插话)(?:说|道)?)"
    r"\s*[。：:，,]\s*(?P<speech>\S.*)$"
)
# Headings the recorder writes between parts of a Word record ("二、讨论发言"), and page headers.
_SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)\s*[\u4e00-\u9fff“”]{2,14}[：:]?$")
_PAGE_HEADER = re.compile(r"第\s*\d+\s*页|^\s*-\s*\d+\s*-\s*$|共\s*\d+\s*页")
# "（众人鼓掌）" / "（主持人回应：……）" — a stage direction in brackets, written by the recorder.
_STAGE_DIRECTION = re.compile(r"^[（(](?P<inner>.*)[)）]$")
_STAGE_SPEECH = re.compile(r"^(?P<who>[^：:，。]{1,12}?)(?:回应|说|表示|答复|补充|插话|解释)?[：:](?P<speech>.+)$")
_REPORTED_SPEECH = re.compile(
    r"^(?P<label>[\u4e00-\u9fff]{2,4}?)同志(?:[（(][^）)]{1,30}[)）])?"
    # "某某同志提出的问题，……" is a noun phrase (the recorder or host speaking of him), not his words.
    r"(?:作总结讲话|作总结|总结|表示|说|指出|认为|提出|建议|汇报了?|介绍了?|补充|强调|回应)(?!的)[^，。：:]{0,8}[，,。：:]\s*"
)
# "周明组长在总结时指出，……" / "钱立新委员最后表示，……": a listed person, perhaps a title, then a
# verb of saying — the recorder reporting that person's words (checked against the known names).
# Also "贺某也表示，……", "金某再次表示，……", "郝某随后插话说，……", "朱某又问，……" and "会议最后，潘某作了
# 归纳。他说，……" — the recorder moving on to the next person's words.
_REPORTED_LISTED = re.compile(
    r"^(?:(?:会议)?(?:最后|随后|接着|会上)[，,]\s*)?(?P<label>[\u4e00-\u9fff]{2,10}?)"
    r"(?:在总结时|在总结中|在会上|最后|随后|接着|首先|会上|也|又|再次|还|当即|随即|当场|听后|同时|进一步)*"
    r"(?P<verb>作了?总结讲话|作了?(?:总结|归纳|小结)|总结|归纳|明确|表示|指出|认为|强调|回应|补充|说明|介绍|说|插话|问|回答|答复|提醒)"
    r"(?:说|道)?[，,：:。]\s*"
)
# "某某归纳说，……" opens the summary: the verb stays with the words, as the host's own cue.
_SUMMING_UP_VERB = re.compile(r"总结|归纳")
_NARRATED_HOST = re.compile(
    r"^(?:最后|随后|接着|会上|会议开始|首先)?[，,]?\s*主持人(?P<name>[\u4e00-\u9fff]{2,3}?)?(?:同志)?"
    r"(?:首先|最后|随后)?(?:作|做|进行)?(?:了)?(?:总结|小结|归纳|介绍了?[^。：:]{0,12}|讲话|发言|强调|指出)[。：:，,]?\s*"
)
_SUMS_UP_LEAD = re.compile(r"^(?:最后|随后|接着|会上|会议最后)?[，,]?\s*")
_SUMS_UP_TAIL = re.compile(
    r"^(?:同志)?(?:[\u4e00-\u9fff]{0,4}?(?:书记|主任|主席|组长|局长|镇长|乡长|部长|委员|会长|理事长|站长|所长))?"
    r"(?:作|做|进行)了?(?:总结|小结|归纳|总结讲话)[。：:，,]\s*"
)


def _host_sums_up(line: str, host: str) -> int:
    """Where the host's words begin in a recorder's "最后，某某书记作了总结。……"; 0 when it is not that."""
    at = _SUMS_UP_LEAD.match(line).end()
    if not line.startswith(host, at):
        return 0
    tail = _SUMS_UP_TAIL.match(line[at + len(host):])
    return at + len(host) + tail.end() if tail else 0


# Chat exports: "————— 2026-11-25 —————" separates days; "[图片]" stands for a picture.
_DAY_SEPARATOR = re.compile(r"^[-—–=─\s]*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[-—–=─\s]*$")
_PLACEHOLDER = re.compile(
    r"^\[(?:图片|表情|语音|视频|文件|动画表情|链接)\]$"
    # "[录音结束]" / "【转写暂停】" / "（录制中断）": the recording tool's own markers.
    r"|^[\[【（(](?:录音|录制|转写|音频|会议|记录)(?:已)?(?:结束|开始|完毕|完|中断|暂停|恢复)[\]】）)]$"
    # "[掌声]" / "（笑声）" / "[听不清]": the transcriber notes a sound, nobody's words.
    r"|^[\[【（(](?:掌声|笑声|音乐|静音|杂音|噪音|听不清|无法识别|背景音)[\]】）)]$"
)
_DATE_IN_STAMP = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass
class _Label:
    name: str
    role: str
    is_host: bool = False  # "主持人王芳：" / "主持人钟伟(村党支部书记):"


_ROLE_WORDS = re.compile(r"(?:" + "|".join(ROLE_ENDINGS) + r"|局|办|所|站|公司|中心|社区|村|组|队|院|校|委)")


def _bracketed_name(outer: str, inner: str) -> bool:
    """"代光明（村民，四组）": two or three characters followed by a bracketed role is how a
    recorder writes a name, even when the surname is one our list does not know."""
    return (
        bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", outer))
        and outer not in NOT_NAMES
        and not any(ch in "的了是在我你他她们这那么呢吗吧啊就也都还说讲请把被对" for ch in outer)
        and bool(_ROLE_WORDS.search(inner))
    )


def _resolve_label(label: str, lenient: bool, known: frozenset[str] | set[str] = frozenset()) -> _Label | None:
    """Turns the text before a colon into (name, role), or None if it is not a speaker.

    `lenient` is used when a timestamp already marks the line as a speaker line.
    """
    spaced_id = re.sub(r"\s+", " ", label.strip().strip("*#-"))
    if _HEADER_KEYS.get(re.sub(r"[\s\d:：]+", "", spaced_id)) == "ignored":
        return None  # "时长 00:38:51" after an export's date: metadata, not a speaker
    if is_speaker_id(spaced_id):  # "说话人 3" is kept as the export wrote it
        return _Label(spaced_id, "")
    if re.match(r"^[|｜/\\·•]", spaced_id) or re.search(r"\d+\s*(?:分钟|小时|秒)", spaced_id):
        return None  # "| 48分钟": the length of a recording, not a speaker
    if address := _address_and_name(spaced_id, known):
        return address
    unit_then_name = re.fullmatch(r"(?P<role>[^\s（()）]{2,20})\s+(?P<name>[\u4e00-\u9fff]{2,4})", spaced_id)
    if unit_then_name and not paren_in(spaced_id):
        # "【镇规划建设办 何建】" / "赶场村民 罗二哥": who they are, a space, then the name.
        name = unit_then_name.group("name")
        if name in known or looks_like_person(name) or NICKNAME.match(name):
            return _Label(name, unit_then_name.group("role"))
    name_then_post = re.fullmatch(r"(?P<name>[\u4e00-\u9fff]{2,4})\s+(?P<role>[^\s（()）]{2,20})", spaced_id)
    if name_then_post and looks_like_person(name_then_post.group("name")) and (
        name_then_post.group("role").endswith(ROLE_ENDINGS) or name_then_post.group("role") == HOST_ROLE
    ):
        # "【某某 主持人】" / "某某 区政协委员": the name, a space, who they are.
        role = name_then_post.group("role")
        return _Label(name_then_post.group("name"), role, is_host=role == HOST_ROLE)
    label = re.sub(r"\s+", "", label).strip("*#-")
    label = re.sub(r"同志(?=[（(]|$)", "", label)
    if not label:
        return None
    if label in known:
        return _Label(label, "")  # "某某同志：" for a listed name our surname list does not know
    paren = re.fullmatch(r"(.+?)[（(](.+?)[)）]", label)
    if paren:
        outer, inner = paren.group(1), paren.group(2)
        if outer == HOST_ROLE:  # "主持人（王芳）"
            return _Label(inner, HOST_ROLE, is_host=True)
        if re.fullmatch(_CLOCK, inner.strip()):
            # "张三(00:01:23)：……" — a timestamp, not a role
            return _Label(outer, "") if (looks_like_person(outer) or is_speaker_id(outer) or lenient) else None
        parts = [part for part in re.split(r"[，,]", inner) if part]
        if parts and parts[0] == HOST_ROLE and (looks_like_person(outer) or lenient):
            # "彭光辉(主持人,天元街道政协工作联络组组长)"
            return _Label(outer, "，".join(parts[1:]) or HOST_ROLE, is_host=True)
        inner = "，".join(parts)
        if looks_like_person(outer) or is_speaker_id(outer) or _bracketed_name(outer, inner):
            return _Label(outer, inner)
        if posted := split_name_and_post(outer, known):  # "蒋丽娟委员（区政协委员）"
            return _Label(posted[0], inner if posted[1] in inner else combine_roles(posted[1], inner))
        split = split_role_and_name(outer)
        if split:
            is_host = split[1] == HOST_ROLE
            return _Label(split[0], inner if is_host else combine_roles(split[1], inner), is_host=is_host)
        return _Label(outer, inner) if lenient else None
    if label in (HOST_ROLE, "主持"):
        return _Label("", HOST_ROLE, is_host=True)  # filled with the header's host name later
    if looks_like_person(label) or is_speaker_id(label):
        return _Label(label, "")
    if label not in known and (listed := known_name_with_title(label, known)):
        return _Label(listed, "")  # "韦青副镇长": the list's role is fuller than the title said
    split = split_role_and_name(label)
    if split:
        return _Label(split[0], split[1], is_host=split[1] == HOST_ROLE)
    if NICKNAME.match(label) and is_surname(label[0]):
        # "黎中队长", "孙副主任": a surname and a post, resolved against the list later; not the
        # full name "黎中" with the post "队长".
        return _Label(label, "")
    if posted := split_name_and_post(label, known):
        return _Label(posted[0], posted[1])  # "秦国华主任：" — the roster's fuller role wins later
    if lenient and plausible_label(label):
        return _Label(label, "")
    return None


# Where a resident lives, as a chat group name carries it: "3栋", "5-2-301", "B区12幢".
_ADDRESS = r"[0-9A-Za-z一二三四五六七八九十#＃-]*[0-9A-Za-z][0-9A-Za-z栋幢单元号楼室期区#＃-]*"
_ADDRESS_NAME = re.compile(
    rf"^(?:(?P<before>{_ADDRESS})\s*[-－—_·|｜]?\s*(?P<name>[\u4e00-\u9fff]{{2,4}})"
    rf"|(?P<name2>[\u4e00-\u9fff]{{2,4}})\s*[-－—_·|｜]?\s*(?P<after>{_ADDRESS}))$"
)


def _address_and_name(label: str, known: frozenset[str] | set[str]) -> _Label | None:
    """'3栋-蒯姐' / '王芳 5-2-301' -> the person, with the address as the role: chat groups ask
    residents to put their building or flat before or after the name."""
    match = _ADDRESS_NAME.match(label)
    if not match:
        return None
    name = match.group("name") or match.group("name2")
    address = match.group("before") or match.group("after")
    if not re.search(r"\d", address) or not (name in known or looks_like_person(name) or NICKNAME.match(name)):
        return None
    return _Label(name, address)


def _surname_with_title(label: str, known: frozenset[str] | set[str]) -> str:
    """'苏书记' -> '苏丽萍' when she is the one listed person of that surname (never when two share it)."""
    match = NICKNAME.match(label)
    surname = match and (match.group("a") or match.group("b"))
    same = [n for n in known if surname and len(n) >= 2 and n.startswith(surname) and not NICKNAME.match(n)
            and not is_speaker_id(n)]
    return same[0] if len(same) == 1 else ""


def paren_in(text: str) -> bool:
    return bool(re.search(r"[（()）]", text))


@dataclass
class _Turn:
    label: _Label
    speech: str
    stamped: bool = False  # opened by a line with a timestamp (an ASR or chat export)


def _match_speaker_line(line: str, known: set[str], numbered: bool = False) -> tuple[_Turn | None, str]:
    """Returns (turn, stamp_date) when the line opens a new speaker's turn."""
    stamp_date = ""
    date_match = _DATE_IN_STAMP.search(line)
    numbered = _NUMBERING.match(line)
    if numbered:
        rest = line[numbered.end():]
        turn, _ = _match_speaker_line(rest, known, numbered=True)
        if turn is None and (heading := _SPEECH_HEADING.match(rest)):
            # "一、肖国平同志（区政协委员）发言": the speech follows on the next lines.
            raw = heading.group("label")
            label = _resolve_label(raw, lenient=re.sub(r"同志|\s+", "", raw) in known, known=known)
            turn = _Turn(label, "") if label else None
        if turn is None and (narrated := _NARRATED_TURN.match(rest)):
            raw = re.sub(r"\s+", "", narrated.group("label"))
            label = _resolve_label(raw, lenient=is_known_label(re.sub(r"同志", "", raw), known), known=known)
            turn = _Turn(label, narrated.group("speech")) if label else None
        if turn is not None:
            return turn, ""
        if numbered:
            return None, ""

    bracket = _BRACKET_LABEL.match(line)
    if bracket:
        label = _resolve_label(bracket.group("label"), lenient=True, known=known)
        if label:
            return _Turn(label, bracket.group("speech")), ""

    leading = _LEADING_STAMP.match(line)
    if leading and leading.group("rest") != line.strip():
        rest = leading.group("rest").strip()
        stamp_date = _stamp_date(date_match)
        # "[00:01:02] 李四" or "00:01:02 李四" is an export; "9:30 集合" inside a speech is not.
        strong = bool(
            re.match(r"^\s*[\[(（【]", line)
            or re.search(r"\d:\d{2}:\d{2}", line[: leading.start("rest")])
            or date_match  # a chat export: "2026-11-25 14:03 程浩 区政协委员"
        )
        colon = _COLON_LABEL.match(rest)
        if colon:
            label = _resolve_label(colon.group("label"), lenient=strong, known=known)
            if label:
                return _Turn(label, colon.group("speech"), stamped=strong), stamp_date
        label = None
        if strong and " " in rest:
            name, role = rest.split(None, 1)  # "程浩 区政协委员"
            named = _resolve_label(name, lenient=True)
            if named and not named.role and (looks_like_person(named.name) or name in known):
                label = _Label(named.name, role.strip(), is_host=named.is_host)
        if label is None and rest:
            label = _resolve_label(rest, lenient=strong, known=known)
        if label:
            return _Turn(label, "", stamped=strong), stamp_date
        return None, ""

    trailing = _TRAILING_STAMP.match(line)
    if trailing:
        label = _resolve_label(trailing.group("label"), lenient=True)
        if label:
            return _Turn(label, "", stamped=True), _stamp_date(date_match)

    colon = _COLON_LABEL.match(line)
    if colon:
        raw = colon.group("label")
        label = _resolve_label(raw, lenient=is_known_label(re.sub(r"\s+", "", raw), known), known=known)
        if label:
            return _Turn(label, colon.group("speech")), ""
    return None, ""


_HOST_HEADING = re.compile(r"^(?:主持人|会议主持人)(?:作)?(?:总结|小结|归纳|讲话|总结讲话|作总结)[：:]?$")


_STAGE_TURN = re.compile(r"^(?P<who>[^：:，。]{2,12}?)(?:插话|插嘴|发言|说|接话|补充|回应)$")


def _stage_person(inner: str, known: set[str]) -> str:
    """The participant a stage direction names ("张大爷插话" -> 张大爷, resolved later), or ""."""
    who = re.sub(r"(?:插话|插嘴|发言|说|接话|补充|回应)$", "", inner.strip())
    if not who or not (is_known_label(who, known) or looks_like_person(who)):
        return ""
    return who


def _names_a_speaker(line: str, known: set[str]) -> bool:
    """"六、居民代表X某发言" is a numbered speech heading, not a part of the record like "二、讨论发言"."""
    turn, _ = _match_speaker_line(line, known)
    return turn is not None and bool(turn.label.name) and (
        looks_like_person(turn.label.name) or turn.label.name in known or is_speaker_id(turn.label.name)
    )


def _stamp_date(match: re.Match[str] | None) -> str:
    if not match:
        return ""
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


# --- validation -----------------------------------------------------------------------------


def check_text(text: str) -> str:
    """Rejects empty, oversized or garbled text with a message staff can act on."""
    if text is None or not text.strip():
        raise TranscriptError("会议记录内容为空，请粘贴或上传会议记录后重试。\n" + EXPECTED_FORMAT_ZH)
    if len(text) > MAX_TRANSCRIPT_CHARS:
        raise TranscriptError(
            f"会议记录过长（约 {len(text) // 10000} 万字），超过 {MAX_TRANSCRIPT_CHARS // 10000} 万字的处理上限，"
            "请按议题或时段拆分后分别起草。"
        )
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd"
              or "\ue000" <= ch <= "\uf8ff")
    # Latin-1 letters in bulk are what UTF-8 Chinese looks like when decoded with the wrong codec.
    mojibake = sum(1 for ch in sample if "\u00c0" <= ch <= "\u00ff")
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if bad / len(sample) > 0.02 or (mojibake / len(sample) > 0.15 and han / len(sample) < 0.1):
        raise TranscriptError(
            "会议记录内容无法识别为正常文字（可能是乱码、编码错误或二进制文件）。"
            "请另存为 UTF-8 文本或 Word（.docx）文档后重新提交。"
        )
    if han < 2:
        raise TranscriptError("会议记录中没有可识别的中文内容。\n" + EXPECTED_FORMAT_ZH)
    return text


# --- the parser -----------------------------------------------------------------------------


MAX_SPACE_RUN = 8
_SPACE_RUN = re.compile(rf"[ \t]{{{MAX_SPACE_RUN + 1},}}")


def parse_transcript(text: str, known_people: list[tuple[str, str]] | None = None) -> Transcript:
    """Parses header lines and speaker turns; raises TranscriptError when no speaker is found."""
    text = check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    # A long run of spaces (a pasted table's padding, a recogniser's silence) says no more than a
    # few do, and the layout patterns' optional separators would try it in quadratic time.
    text = _SPACE_RUN.sub(" " * MAX_SPACE_RUN, text)
    header = TranscriptHeader()
    utterances: list[Utterance] = []
    preamble: list[str] = []
    stamp_dates: list[str] = []
    current: Utterance | None = None
    stamped_turns = unstamped_turns = 0
    # A listed person's reported words ("某某组长在总结时指出，……") open a turn only in a record
    # told in the third person: one with no "姓名：发言" turn yet, or right after a narrated turn.
    # In a "姓名：发言" transcript "柯林说，下周就能修好，我看不一定" is the speaker quoting 柯林.
    spoken_turns = 0
    last_narrated = False
    opened_labels: set[str] = set()  # how each turn's label was written, to tell a list item from a turn
    opened_names: set[str] = set()
    roster_open = False  # the last line read was (a line of) the attendee list

    lines = text.split("\n")
    signed_in, table_lines = read_sign_in_table(lines)
    header.roster.extend(signed_in)
    # People already known (the linked consultation's participant list): their names are
    # accepted as speaker labels and their roles fill in unlabelled speakers. Being on the
    # agenda is not attending, so they are not added to the roster.
    known_people = [(name, role) for name, role in known_people or [] if name]
    known = _roster_names_upfront(lines) | {name for name, _ in signed_in} | {name for name, _ in known_people}
    for line_no, raw_line in enumerate(lines, start=1):
        line = raw_line.strip().lstrip("\ufeff")
        if not line:
            continue
        after_roster, roster_open = roster_open, False
        if line_no in table_lines:
            continue
        if _DAY_SEPARATOR.match(line) or _PLACEHOLDER.match(line) or _PAGE_HEADER.search(line) and len(line) < 60:
            continue
        if _SECTION_HEADING.match(line) and utterances and not _names_a_speaker(line, known):
            part, _ = heading_of(line)
            if part in (CONSENSUS, DISSENT, ACTIONS):
                # "三、会议议定事项": the record's conclusions, which the host put to the meeting.
                summariser = header.host or (current.speaker if current else "")
                current = Utterance(summariser, HOST_ROLE if not summariser else "", line, line_no)
                utterances.append(current)
            elif _HOST_HEADING.match(re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", line)):
                # "四、主持人总结": what follows is the host speaking, whoever spoke last.
                current = Utterance(header.host, HOST_ROLE if not header.host else "", "", line_no)
                utterances.append(current)
            continue  # "二、讨论发言" only separates parts of the record
        bracketed = re.fullmatch(r"[【\[]([^】\]]{2,12})[】\]]", line)
        if bracketed and heading_of(bracketed.group(1))[0]:
            line = bracketed.group(1) + "："  # "【共识】" heads a part of the summary, like "共识："
        stage = _STAGE_DIRECTION.match(line)
        if stage and current is not None:
            spoken = _STAGE_SPEECH.match(stage.group("inner"))
            if spoken and HOST_ROLE in spoken.group("who"):
                # "（主持人回应：运营方将按程序公开遴选。）": the host spoke; file it under the host.
                current = Utterance("", HOST_ROLE, spoken.group("speech").strip(), line_no)
                utterances.append(current)
            elif (person := _stage_person(spoken.group("who") if spoken else stage.group("inner"), known)) and (
                spoken or _STAGE_TURN.match(stage.group("inner"))
            ):
                # "（张德福插话：……）" is his speech; "（张大爷插话）" on its own line: he speaks next.
                current = Utterance(person, "", spoken.group("speech").strip() if spoken else "", line_no)
                utterances.append(current)
            continue  # "（众人鼓掌）" and the like describe the room; nobody said them
        header_pairs = _parse_header_line(line)
        if current is not None and header_pairs is not None and _already_known(header, header_pairs):
            # "时间：下周三上午" inside a speech repeats a header key: it is speech, not header.
            header_pairs = None
        if header_pairs is not None and not _is_host_speech_line(header_pairs):
            for key, value in header_pairs:
                _apply_header(header, key, value)
            roster_open = current is None and any(key == "roster" for key, _ in header_pairs)
            continue
        if after_roster and _continues_roster(line, known):
            _apply_header(header, "roster", line)  # the list goes on: "      村民代表：某某、某某"
            roster_open = True
            continue
        turn, stamp_date = _match_speaker_line(line, known)
        narrated = turn is None or bool(_NUMBERING.match(line)) or not turn.speech.strip()
        if turn is None and (reported := _REPORTED_SPEECH.match(line)):
            label = _resolve_label(reported.group("label"), lenient=reported.group("label") in known, known=known)
            if label:  # "许文同志表示，……": a record in the third person
                turn = _Turn(label, line[reported.end():])
        if turn is None and (not spoken_turns or last_narrated) and (listed := _REPORTED_LISTED.match(line)):
            raw = listed.group("label")
            name = raw if raw in known else known_name_with_title(raw, known) or _surname_with_title(raw, known)
            if name:
                said = line[listed.start("verb") if _SUMMING_UP_VERB.search(listed.group("verb")) else listed.end():]
                turn = _Turn(_Label(name, "", is_host=name == header.host), said)
        if turn is None and (narrated := _NARRATED_HOST.match(line)):
            # A recorder's "最后，主持人付国强作总结。……": what follows is the host speaking.
            turn = _Turn(_Label(narrated.group("name") or "", HOST_ROLE, is_host=True), line[narrated.end():])
        if turn is None and header.host and (summing := _host_sums_up(line, header.host)):
            # "最后，苏某书记作了总结。她说，……": the host named by the header, by name and post.
            turn = _Turn(_Label(header.host, "", is_host=True), line[summing:])
        if turn is None and header_pairs is not None:  # "主持人：各位居民……"
            turn = _Turn(_Label("", HOST_ROLE), header_pairs[0][1])
            narrated = not turn.speech.strip()
        if turn is not None and not turn.stamped and stamped_turns >= 2 and not unstamped_turns and current and current.text:
            # In an export every message opens with a stamped line; "苗青委员：一周内……" inside a
            # message is a line of that message (a list of tasks), not somebody new speaking.
            turn = None
        written_label = _colon_label_text(line)
        if (turn is not None and not turn.stamped and written_label and written_label not in opened_labels
                and (turn.label.name in opened_names or _NUMBERING.match(line))
                and current is not None and header.host and current.speaker == header.host and _lists_parts(current.text)):
            # "李某委员：下月15日前……" under the host's "分工：" is an item of the list: the person spoke
            # before under another label ("李某（县政协委员，县人民医院）："), as recorders keep one per
            # person; a numbered "1. 某某：……" there is an item too.
            turn = None
        if turn is not None:
            if written_label:
                opened_labels.add(written_label)
                opened_names.add(turn.label.name)
            last_narrated = narrated
            spoken_turns += not narrated
            if turn.stamped:
                stamped_turns += 1
            else:
                unstamped_turns += 1
            if stamp_date:
                stamp_dates.append(stamp_date)
            if turn.label.is_host and turn.label.name and not header.host:
                header.host = turn.label.name
                if turn.label.role != HOST_ROLE:
                    header.host_role = turn.label.role
            current = Utterance(turn.label.name, turn.label.role, turn.speech.strip(), line_no)
            utterances.append(current)
            continue
        if current is not None:
            if current.text:
                current.text = f"{current.text}\n{line}"
                current.lines.append(line_no)
            else:
                current.text, current.lines = line, [line_no]
        else:
            preamble.append(line)

    if not utterances:
        raise TranscriptError("未能识别出发言人，无法整理会议纪要。\n" + EXPECTED_FORMAT_ZH)
    if not header.date and stamp_dates:
        header.date = stamp_dates[0]
    _learn_self_introductions(header, utterances)
    resolve_nicknames(header, utterances, [name for name, _ in known_people])
    fill_known_roles(utterances, known_people)
    _settle_host(header, utterances)
    _guess_unnamed_host(header, utterances)
    _drop_empty_turns(utterances)
    if not utterances:
        raise TranscriptError("识别到了发言人，但没有发言内容。\n" + EXPECTED_FORMAT_ZH)
    return Transcript(header=header, utterances=utterances, preamble=preamble, lines=lines)


def _already_known(header: TranscriptHeader, pairs: list[tuple[str, str]]) -> bool:
    # Export metadata ("来源：") met inside the speeches is somebody speaking.
    return all(key == "ignored" or (key not in ("roster", "recorder") and getattr(header, key)) for key, _ in pairs)


def _is_host_speech_line(pairs: list[tuple[str, str]]) -> bool:
    return len(pairs) == 1 and pairs[0][0] == "host" and _is_host_speech(pairs[0][1])


def _roster_names_upfront(lines: list[str]) -> set[str]:
    """Names from 参加人员/主持人 headers, so a later bare "欧阳娜娜：" is accepted as a speaker
    even when our surname heuristics would not recognise it."""
    header = TranscriptHeader()
    roster_open = False
    for line in lines:
        if not line.strip():
            continue
        pairs = _parse_header_line(line.strip())
        if pairs and not _is_host_speech_line(pairs):
            for key, value in pairs:
                if key in ("roster", "host"):
                    _apply_header(header, key, value)
            roster_open = any(key == "roster" for key, _ in pairs)
        elif roster_open and _continues_roster(line.strip(), set()):
            _apply_header(header, "roster", line.strip())
        else:
            roster_open = False
    names = {name for name, _ in header.roster}
    if header.host:
        names.add(header.host)
    return {name for name in names if name} | _repeated_labels(lines)


def _continues_roster(line: str, known: set[str]) -> bool:
    """A line right after the 参加 line that goes on with the list, as a recorder wraps a long list
    ("      村民代表：某某、某某、某某") or writes "参加人员：" and the names below. Not a speech: no
    sentence ends in it, no time stamp, no person's name before a colon."""
    if re.search(r"[。！？!?]|\d{1,2}[:：]\d{2}", line) or line[0] in "【[（(":
        return False
    label = re.match(r"^([^：:、，,]{1,12})[：:]", line)
    if label and (looks_like_person(label.group(1)) or label.group(1) in known or is_absence(label.group(1))):
        return False  # a speech, or "请假：某某" — the people who did not come
    return lists_people(line)


# Words a record puts before a colon that are never a person.
_RECORD_WORDS = {
    "建议", "问题", "意见", "答复", "回答", "说明", "备注", "附件", "结论", "共识", "分歧", "分工", "时间", "地点",
    "主题", "议题", "目标", "措施", "原因", "现状", "情况", "要求", "内容", "事项", "任务", "问", "答", "注", "附",
    "会议", "主持", "记录", "地址", "电话", "联系人", "单位", "职务", "身份", "结果", "决定", "通知", "提示",
}


def _repeated_labels(lines: list[str]) -> set[str]:
    """"代光明：" at the start of two or more lines is a speaker, even when the surname is one
    our list does not know: a record repeats the label of every person who speaks twice."""
    counts: dict[str, int] = {}
    for line in lines:
        match = re.match(r"^\s*([\u4e00-\u9fff]{2,3})\s*[：:]", line)
        if match:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return {
        label for label, count in counts.items()
        if count >= 2 and label not in _RECORD_WORDS and label not in NOT_NAMES and label not in _HEADER_KEYS
        and not any(ch in "的了是在我你他她们这那么呢吗吧啊就也都还说讲请把被对一二三四五六七八九十" for ch in label)
    }


def _settle_host(header: TranscriptHeader, utterances: list[Utterance]) -> None:
    """Gives "主持人：" turns the host's name, and learns the host from "主持人王芳：" if no header says."""
    if not header.host:
        for utterance in utterances:
            if utterance.role == HOST_ROLE and utterance.speaker:
                header.host = utterance.speaker
                break
        else:
            for utterance in utterances:
                if utterance.role.endswith(HOST_ROLE) and utterance.speaker:
                    header.host = utterance.speaker
                    break
    for utterance in utterances:
        if not utterance.speaker:
            utterance.speaker = header.host or HOST_ROLE
    if not header.host and any(u.speaker == HOST_ROLE for u in utterances):
        header.host = HOST_ROLE


_HOST_INTRO = re.compile(r"我是(?P<role>[^，。；]{0,20}?)[、，]?(?:这次|本次|今天的?)?(?:协商|会议)?的?主持人(?P<name>[\u4e00-\u9fff]{2,3})")
_SELF_INTRO = re.compile(r"我是(?P<desc>[^，。；！？,\s]{2,24})(?=[，。；！？,\s]|$)")


def _learn_self_introductions(header: TranscriptHeader, utterances: list[Utterance]) -> None:
    """Speech-recognition exports say only "主持人" or "发言人2"; people introduce themselves
    ("我是区政协委员、这次协商的主持人潘文静", "我是区交通运输局的石磊", "我是三年级的家长").
    We take the name and role from that, and only from the speaker's own opening words."""
    if not header.host:
        for utterance in utterances:
            if utterance.role == HOST_ROLE and not utterance.speaker:
                match = _HOST_INTRO.search(utterance.text[:120])
                if match and looks_like_person(match.group("name")):
                    header.host = match.group("name")
                    header.host_role = match.group("role").strip("、，的 ") or header.host_role
                break
    learned: dict[str, str] = {}
    renamed: dict[str, str] = {}
    said_at: dict[str, int] = {}  # the turn where a speaker id said its name
    for index, utterance in enumerate(utterances):
        if is_speaker_id(utterance.speaker) and utterance.speaker not in renamed:
            # "我姓欧阳 欧阳明" / "我叫石磊": the name said without "我是".
            called = _SAYS_NAME.search(utterance.text[:80])
            if called and looks_like_person(called.group("name")):
                renamed[utterance.speaker] = called.group("name")
                said_at[utterance.speaker] = index
        if utterance.role or not utterance.speaker or utterance.speaker in learned:
            continue
        match = _SELF_INTRO.search(utterance.text[:60])
        if not match or "主持人" in match.group("desc") or _STANCE_NOT_ROLE.search(match.group("desc")):
            continue  # "这个我是不同意的" says where the speaker stands, not who they are
        desc = match.group("desc")
        if desc.endswith(utterance.speaker):  # "我是区交通运输局的石磊"
            role = desc[: -len(utterance.speaker)].rstrip("的、 ")
        elif is_speaker_id(utterance.speaker):
            named = _NAME_AT_END.search(desc)
            if not named and (split := split_role_and_name(desc)):  # "我是居民某某": a post, then the name
                named = re.search(rf"(?P<name>{re.escape(split[0])})$", desc)
            if named and looks_like_person(named.group("name")) and utterance.speaker not in renamed:
                # "我是区交通运输局的石磊" said by 发言人2: the speaker is named, so the label goes.
                renamed[utterance.speaker] = named.group("name")
                said_at[utterance.speaker] = index
                role = desc[: named.start()].rstrip("的、 ")
            else:
                role = desc  # "我是三年级的家长" said by 发言人2
        elif _POST_AT_END.search(desc):
            role = desc  # "我是长岭村的支书" said by a named speaker: the post the label did not give
        else:
            continue
        if 2 <= len(role) <= 20:
            learned[utterance.speaker] = role
    for utterance in utterances:
        if not utterance.role and utterance.speaker in learned:
            utterance.role = learned[utterance.speaker]
    first_turn: dict[str, int] = {}
    for index, utterance in enumerate(utterances):
        first_turn.setdefault(utterance.speaker, index)
    for utterance in utterances:
        name = renamed.get(utterance.speaker)
        # A name already used as a label is the same person only when that label first appears
        # after the id said the name: the export was renamed from that point on.
        if name and first_turn.get(name, len(utterances)) > said_at[utterance.speaker]:
            utterance.speaker = name


_STANCE_NOT_ROLE = re.compile(r"同意|反对|赞成|支持|担心|顾虑|不行|可以|愿意|觉得|认为")
_POST_AT_END = re.compile(r"(?:支书|书记|主任|组长|村长|站长|所长|校长|局长|科长|股长|经理|会计|队长|委员|代表|网格员|医生|老师)$")
# "我姓欧阳，欧阳明" / "我姓王 王建华": the surname said, then the full name, which starts with it.
_SAYS_NAME = re.compile(
    r"(?:我叫|我的名字叫|我姓(?P<surname>[\u4e00-\u9fff]{1,2})[，,\s]+(?:叫)?(?=(?P=surname)))"
    r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?=[，。,\s]|$)"
)
_NAME_AT_END = re.compile(r"(?:^|的|、|，)(?P<name>[\u4e00-\u9fff]{2,3})$")
_CHAIRING = re.compile(r"我来主持|由我(?:来)?主持|我主持|我是(?:今天的?|本次|这次)?主持人|担任主持|我们(?:现在)?开始(?:开会)?|现在开会")
_CLOSING_SUMMARY = re.compile(r"总结|归纳|梳理|小结|整理一下|汇总一下|说定|就这么定|就这样定|就这么搞|都同意的是|议定事项")


def _guess_unnamed_host(header: TranscriptHeader, utterances: list[Utterance]) -> None:
    """Exports carry no 主持人 line. The host is who says "今天我来主持", or else who opens
    the meeting and also closes it with the summary — that is what a chair does."""
    if header.host:
        return
    for utterance in utterances:
        if _CHAIRING.search(utterance.text[:200]):
            header.host = utterance.speaker
            return
    first, last = utterances[0], utterances[-1]
    if any(u.speaker == first.speaker and (_CLOSING_SUMMARY.search(u.text) or SUMMARY_CUE.search(u.text)
                                           or _heads_a_part(u.text))
           for u in utterances[2:]):
        header.host = first.speaker  # opened the meeting and summed it up
        return
    if len(utterances) >= 3 and first.speaker == last.speaker and not is_speaker_id(first.speaker) or (
        len(utterances) >= 3 and first.speaker == last.speaker and _CLOSING_SUMMARY.search(last.text[:200])
    ):
        # Who opens the meeting and also closes it is its chair.
        header.host = first.speaker


def _colon_label_text(line: str) -> str:
    """The label as written before the colon ("李某（县政协委员）"), or "" for a line without one."""
    match = re.match(r"^\s*((?:[^：:，。（()）]|[（(][^）)]{0,40}[)）]){1,40}?)\s*[：:]", line)
    return match.group(1) if match else ""


def _lists_parts(text: str) -> bool:
    """The turn has reached a "分工：" / "共识：" heading line: its following lines are list items."""
    return any(heading_of(line.strip())[0] in (CONSENSUS, DISSENT, ACTIONS) for line in text.split("\n"))


def _heads_a_part(text: str) -> bool:
    """A turn with a line "分工：" / "共识：" lays out the meeting's conclusions: the chair's turn."""
    return any(heading_of(line.strip())[0] in (CONSENSUS, DISSENT, ACTIONS) for line in text.split("\n")[1:])


def _drop_empty_turns(utterances: list[Utterance]) -> None:
    utterances[:] = [u for u in utterances if u.text.strip()]
