"""What kind of answer a question wants, and whether a text states one.

"最迟几天要回" wants a time limit, so a clause that says "5个工作日内" should beat one that
only shares the words. The cues are general question words, not phrasings of any test set:
a time limit (几天、多久、什么时候、期限), a count (几次、几名、多少), a share (比例、
占多少), who (谁、哪个部门), a procedure (怎么办、流程), a condition or exclusion (能不能、
哪些情形、不得). Each type has a pattern for texts that state such an answer.
"""

from __future__ import annotations

import re

_CN_DIGIT = "0-9一二三四五六七八九十百千两半"

QUESTION_CUES: dict[str, re.Pattern[str]] = {
    "time": re.compile(
        r"几天|几日|多少天|多少日|几个工作日|多久|多长时间|多长|什么时候|啥时候|何时|哪天|几号|几月|期限|时限|"
        r"最迟|最晚|截止|之前|以前|多少年|几年|how (soon|long)|when|deadline|within"
    ),
    "count": re.compile(
        r"几次|几回|几场|几名|几个|几位|几户|几人|多少次|多少名|多少个|多少人|多少户|多少钱|多少元|多少场|至少|最少|最多|"
        r"不少于|上限|how many|how much"
    ),
    "share": re.compile(r"比例|比重|占多大|占多少|百分之|几成|多大比|份额|percent|share|proportion"),
    "who": re.compile(r"谁|哪个部门|哪个单位|哪家|什么部门|什么单位|哪一级|由哪|归谁|交给谁|找谁|who|which (body|office|department)"),
    "how": re.compile(r"怎么办|怎么做|怎么弄|咋办|咋整|如何|流程|步骤|程序|怎样|怎么|how"),
    "condition": re.compile(
        r"能不能|能否|可不可以|可以不|是否|行不行|不能|不得|哪些情形|什么情况|条件|例外|除了|必须|非得|"
        r"(?:能|可以|可|得|要|算)[^，。？?]{0,8}[吗么嘛]|can|must|allowed"
    ),
}

ANSWER_PATTERNS: dict[str, re.Pattern[str]] = {
    "time": re.compile(
        rf"[{_CN_DIGIT}]+\s*个?(?:工作日|日|天|周|个月|月|年|季度|小时)(?:内|前|后|以内|以前|之内|起)?|"
        r"每(?:年|季度|月|周|半年)|\d{4}年\d{1,2}月\d{1,2}日|月底前|日前|届满|期限|时限"
    ),
    "count": re.compile(rf"[{_CN_DIGIT}]+\s*(?:次|名|人|户|个|位|元|万元|场|件|项|至[{_CN_DIGIT}]+人)|不少于|不超过|至少"),
    "share": re.compile(r"分之|[%％]|过半数|半数|比例"),
    "who": re.compile(r"委员会|办公室|党工委|党组|党委|政府|部门|单位|主席|主任|负责|牵头|承办|记录人|主持人|召集人"),
    "how": re.compile(r"按照|程序|通过|采取|方式|流程|依托|步骤|议程"),
    "condition": re.compile(r"不得|不予|不适用|除|应当|须|方可|有下列情形|之一的|不参加|可以|但"),
}


def question_types(question: str) -> set[str]:
    text = question.lower()
    return {name for name, cue in QUESTION_CUES.items() if cue.search(text)}


def answers_type(text: str, types: set[str]) -> float:
    """Share of the wanted answer types that `text` states (0 when nothing is wanted)."""
    if not types:
        return 0.0
    return sum(1 for t in types if ANSWER_PATTERNS[t].search(text)) / len(types)


_CUE_WORD = re.compile(
    r"(?:几|多少)(?:天|日|次|回|场|名|个|位|户|人|年|月|周|钱|元|个工作日)?|多久|多长时间|多长|最迟|最晚|最多|最少|至少|"
    r"之内|以内|什么时候|何时|哪天|比例|比重|占多大|占多少|谁|期限|时限"
)


# How a question is put, not what it is about: a word built on an interrogative ("哪几种",
# "几趟", "几点") or an A-not-A question ("纳不纳", "合不合适"). jieba often keeps such forms
# as one unknown word, which then weighed as much as the rarest term of the documents.
_QUESTION_FORM = re.compile(r"^(?:哪|几)[\u4e00-\u9fff]{1,3}$|^([\u4e00-\u9fff])不\1|^[\u4e00-\u9fff]不$")


def is_type_cue(word: str) -> bool:
    """A question word that only says what kind of answer is wanted ("几天", "最迟")."""
    return bool(_CUE_WORD.fullmatch(word))


def is_question_form(word: str) -> bool:
    """A word that only says how something is asked ("哪几个", "几趟", "纳不纳")."""
    return bool(_QUESTION_FORM.search(word))


# Its particulars (number, issuer, date, title, coming into force, whom it is sent to), not a
# mere mention: "市里文件有啥要求" asks what the document says, and its transmittal notice,
# which repeats every title word, does not answer that.
_ABOUT_DOCUMENT = re.compile(
    r"文号|字号|印发|发布|下发|出台|发的|发出|发给|名称|标题|全称|发文|落款|哪个单位发|谁发|哪年|哪天|日期|"
    r"施行|执行|生效|废止|作废|算数|管用|有效|哪几家|联合|"
    r"(?:哪个|什么|哪份|那个|这个)(?:文件|办法|规则|制度|意见|通知|规定)|document|issued|title|effect"
)


def asks_about_document(question: str) -> bool:
    """Whether a question could be about a document itself (its title, number, issuer, date)."""
    return bool(_ABOUT_DOCUMENT.search(question.lower()))


# "第一条 为规范……，根据……，制定本办法。": why a document was made and on what basis. It
# repeats the document's title words ("委员履职管理") and so matches any question that names
# the document, yet answers only a question about its purpose or basis.
_PURPOSE_CLAUSE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇两]+条\s*)?为[^。]{2,160}?(?:特)?制定本(?:办法|细则|制度|规则|规定|意见|方案|准则|章程|条例)"
)
_ASKS_PURPOSE = re.compile(r"为什么|为啥|为何|目的|宗旨|依据|根据什么|根据哪|出发点|初衷|why|purpose|basis")


def is_purpose_clause(text: str) -> bool:
    """Whether a clause only states why and on what basis its document was made."""
    return bool(_PURPOSE_CLAUSE.search(text.strip()))


def asks_about_purpose(question: str) -> bool:
    return bool(_ASKS_PURPOSE.search(question.lower()))
