"""The offline, extractive answer: the rule's own sentences, with the clause they stand in.

No language model: the reply quotes the sentences of the best matching clause that carry
the question's concepts, and cites the document title and clause label. Whether the clause is
quoted as the answer, offered under "未找到直接规定，以下条文可能相关", or the question declined is
decided by a small calibrated model over general retrieval signals (gate_model.py, fitted by
bench/gate_model.py), under two fixed honesty rules: nothing is offered when nothing is
relevant, and a quote lacking the kind of fact asked for is never presented as the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import english
from .analyzer import Analyzer, bigram_share, normalise
from .gate_model import ANSWER, DECLINE, TENTATIVE, GateModel, shipped_model
from .hybrid import RRF_K, QueryPlan
from .models import Answer, Chunk, Citation
from .question_types import answers_type, question_types

# A clause is "specific" when it matches at least one concept this specific (idf), not just "协商" or "政协".
MIN_SPECIFIC_IDF = 0.8
MAX_SENTENCES = 3
# A clause this short is quoted whole: its sentences only make sense together.
WHOLE_CLAUSE_CHARS = 180
# Share of the question's weight a sentence earns for stating the asked kind of answer.
TYPE_SENTENCE_SHARE = 0.3
MAX_CLAUSES = 2
LEAD_DEPTH = 3

NOT_FOUND = (
    "知识库中未找到与该问题直接相关的规定，为避免误导，暂不作答。"
    "建议换一种说法（如写明具体事项、环节或对象）再问，或向政协办公室咨询。"
)
_LATIN_ONLY = re.compile(r"[^\u3400-\u9fff]*")
CLOSING = "（以上为文件原文摘录，具体以正式印发的文件为准。）"
TENTATIVE_HEADING = "未找到直接规定，以下条文可能相关："
TENTATIVE_CLOSING = "（以上条文未必直接回答您的问题，请核对原文，或向政协办公室咨询。）"


@dataclass
class Candidate:
    chunk: Chunk
    score: float  # fused rank score
    coverage: float
    specific: bool  # matches a concept specific enough to count
    typed: float = 0.0  # share of the asked answer types (time limit, count…) the clause states
    thin: bool = False  # shares a single word with a question that has words the documents never use
    agreed: bool = False  # among BM25's first two clauses and the dense retriever's first ten
    # Signals the answer gate's model also reads (gate_features), set by the search:
    bigrams: float = 0.0  # share of the question's character pairs found in the clause
    doc_support: float = 0.0  # share of the question the clauses found in its document cover together


# The kinds of answer that are facts a clause states or not (a time limit, a count, a share, a
# body): a question asking for one is answered only by a quote that states one.
STATED_TYPES = ("time", "count", "share", "who")
REQUIRE_STATED_TYPE = True
# "是多少", "多少钱", "有多少": asks for an amount even without a unit the type cues know.
_AMOUNT_CUE = re.compile(r"多少|(?<![这那近前头])几(?!乎)")
# "这几个村", "近几年", "前几次": 几 after a demonstrative means "these few", and asks no number.
_FEW = re.compile(r"(?<=[这那近前头])几")


def _asks_number_text(question: str) -> str:
    return _FEW.sub("", question)
# "哪几…", "哪些", "几种/几类/几项": asks for a list, which a clause states without a numeral.
_LIST_CUE = re.compile(r"哪几|哪些|几[种类项]")
_MEASURE = r"(?:个|名|人|户|位|元|分|次|场|件|项|条|本|种|类|届|轮|批|家|所|倍|成|%|％)"
# A number as a clause states one: a numeral with a measure word, a fraction, a document number.
# An Arabic numeral, or a Chinese one other than a bare 一 ("建立一个平台" states no count);
# 十分 alone is the adverb ("十分重要"), not ten points.
_NUMBER = re.compile(
    r"(?:\d+(?:\.\d+)?|(?!十分)(?!一\s*" + _MEASURE + r")[一二两三四五六七八九十百千万半]+)\s*" + _MEASURE +
    r"|分之|过半数|半数|[〔\[]\d{4}[〕\]]"  # a document number ("〔2024〕15号") answers "文号是多少"
    r"|\d{3,4}[-－]\d{5,8}|\d{7,}"  # a telephone number answers "电话多少"
)
# A year or a date ("2026年度", "2025年4月1日") is no count.
_DATE = re.compile(r"\d{4}\s*年(?:度|\d{1,2}月(?:\d{1,2}日)?)?")


def wanted_facts(question: str) -> set[str]:
    """The stated-fact answer types a question asks for (time limit, count, share, body)."""
    types = question_types(_asks_number_text(question)) & set(STATED_TYPES)
    if _LIST_CUE.search(question):
        types.discard("count")
    elif not types & {"time", "count", "share"} and _AMOUNT_CUE.search(question):
        types.add("count")
    return types


def states_wanted(text: str, wanted: set[str]) -> bool:
    """Whether a quote states at least one of the wanted kinds of answer."""
    if not wanted:
        return True
    if wanted & {"count", "share"} and _NUMBER.search(_DATE.sub("", text)):
        return True
    # A count is stated only as _NUMBER reads one (the type cues also take "一个", "至少").
    rest = wanted - {"count"}
    return bool(rest) and answers_type(text, rest) > 0


# A place an office's document belongs to: "青岚县…办法" → 青岚, "政协德阳市凯江区委员会" → 德阳, 凯江.
# Read only from the start of the title and of each issuer (anchored), one level after another:
# inside a generic title "关于推进乡镇…" or "城乡社区…" the characters before 乡/区 are no place.
_LEADING_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|市|县|区|镇|乡|街道)(?![乡镇县区市社])(?:委员会|人民政府|委|政府)?")
_LEADING_ORG = re.compile(r"^(?:中共|政协|中国人民政治协商会议)+")
# Words that open generic titles and stand where a place name would ("推进乡镇", "开展村级").
_NOT_PLACE = re.compile(r"^(?:推进|开展|落实|规范|深化|加强|建立|健全|完善|做好|全面|促进|实施|关于|在全|全县|全区|全市|各县|各区|城乡|农村|城市|社区)")
_NOT_PLACE_NAME = re.compile(r"社$|城$|村$")


def leading_places(text: str) -> set[str]:
    """The place names a title or an issuer begins with ("清溪县政协…" → 清溪)."""
    places = set()
    text = _LEADING_ORG.sub("", text.strip())
    while match := _LEADING_PLACE.match(text):
        name = match.group(1)
        if _NOT_PLACE.match(name) or _NOT_PLACE_NAME.search(name):
            break
        places.add(name)
        text = text[match.end():]
    return places


def document_places(chunk: Chunk) -> set[str]:
    """Place names in a document's title and issuer: the title's leading place prefix and each
    issuing body's (anchored), never any characters that happen to stand before 县/区/镇."""
    places = leading_places(chunk.source)
    for issuer in re.split(r"[，,、；;\s]+", chunk.metadata.get("issuer", "")):
        places |= leading_places(issuer)
    return places


_QUOTED_TITLE = re.compile(r"《([^》]{2,60})》")
# In official Chinese 《》 also marks forms (《…登记表》, 《…交办单》): a quoted name is a
# document title only when it ends in a kind of document.
_DOCUMENT_KIND = re.compile(
    r"(?:办法|条例|规定|细则|意见|通知|规则|制度|方案|章程|法|决定|纲要|规程|准则|指引|指南|决议|公告|通告|要点|计划)"
    r"(?:[（(](?:试行|暂行|修订)[）)])?$"
)
DOCUMENT_MUST_MATCH = True


def _title_bigram_share(name: str, title: str) -> float:
    """How much of a quoted name a document title holds, by character pairs."""
    return bigram_share([name[i:i + 2] for i in range(len(name) - 1)], title)


def quoted_titles(question: str, chunks: list[Chunk]) -> list[str]:
    """The document titles a question quotes (《…》): names ending in a kind of document, and
    not named in any found clause's text (a clause may refer to a document by its title)."""
    return [
        name for name in _QUOTED_TITLE.findall(question)
        if _DOCUMENT_KIND.search(name) and not any(name in c.text for c in chunks)
    ]


def names_absent_title(question: str, chunks: list[Chunk]) -> bool:
    """The question quotes a document title (《…》) that none of the found clauses' documents bears."""
    return any(all(_title_bigram_share(name, c.source) < 0.6 for c in chunks) for name in quoted_titles(question, chunks))


def names_other_document(question: str, chunk: Chunk, others: list[Chunk]) -> bool:
    """The question names a document (《…》, or the place a document of the knowledge base belongs
    to) and the clause is not from it: "青岚那个督办办法" is not answered by another county's rule."""
    for name in quoted_titles(question, [chunk, *others]):
        if _title_bigram_share(name, chunk.source) < 0.6:
            return True
    named = {p for other in [chunk, *others] for p in document_places(other) if p in question}
    return bool(named) and not named & document_places(chunk)


_NUM = r"[\d一二两三四五六七八九十百千万半]+(?:\.\d+)?\s*"
# "几年", "多少天", "几次", "多少钱": the unit a question asks its number in, and the units a
# quote may state it in ("任期几年" is not answered by "30日内"; "几天" is by "5个工作日").
ASKED_UNITS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"(?:几|多少)个?(?:年|周年)"), re.compile(_NUM + r"个?(?:年|周年)")),
    (re.compile(r"(?:几|多少)个?月"), re.compile(_NUM + r"个?(?:月|季度)")),
    (re.compile(r"(?:几|多少)个?(?:工作日|天|日)"), re.compile(_NUM + r"个?(?:工作日|天|日|周)")),
    (re.compile(r"(?:几|多少)(?:次|回|趟|遍)"), re.compile(_NUM + r"(?:次|回|趟|遍)")),
    (re.compile(r"(?:几|多少)户"), re.compile(_NUM + r"户")),
    (re.compile(r"多少钱|多少元|几元|几块|多少块"), re.compile(_NUM + r"(?:元|万元|块)")),
    # Points are answered by points; a share was accepted once, fitted to one development item.
    (re.compile(r"(?:几|多少)分(?!之|钟|量)"), re.compile(_NUM + r"分(?!之)")),
    # A clock time ("几点开门") by a clock time. "几点" asks a time only at the end of a clause
    # or before a word of time ("几点钟", "几点到几点", "几点以后", "几点开始", "几点上班");
    # before a noun ("几点纪律", "几点要求", "几点注意事项") it asks for a few points.
    (re.compile(r"几点(?=$|[\s，,。？?！!；;、吗呢啊呀了吧]|钟|半|[到至前后]|以[前后]|之[前后]|开(?!展)"
                r"|结束|截止|上班|下班|关门|出发|集合|报到|签到|散会|举行|召开)"),
     re.compile(r"[\d一二三四五六七八九十]{1,3}\s*(?:[:：]\s*\d{2}|点|时(?!间|限|候))")),
]
MATCH_ASKED_UNIT = True


def states_asked_unit(question: str, quote: str) -> bool:
    """A question asking its number in a unit (years, days, times, households, yuan, points) is
    answered only by a quote stating a number in that unit; true when it names no unit."""
    quote = _DATE.sub("", quote)
    question = _asks_number_text(question)
    return all(answer.search(quote) for cue, answer in ASKED_UNITS if cue.search(question))


# "多少学时", "几个字", "多少补贴": the thing a question counts. A quote answers it only when it
# states a number of that thing (the numeral just before it, or it just before a numeral in
# the same clause part); "每次不少于半天" does not say how many 学时, "5000元…不得用于发放补贴"
# does not say how much 补贴. Units ASKED_UNITS already checks are left to it.
# Not after 哪 ("哪几家": a list) or 占 ("占多少": a share), nor "几种/几类/几档" (a list of kinds
# or grades); people are counted in 名/位/人 alike, so 人 is left out like the units.
_COUNTED = re.compile(r"(?<![哪占])(?:多少|几)(?![种类项成档级等])(?:个|名|位|条|份)?(?=[\u4e00-\u9fff])")
_UNIT_WORDS = frozenset("年月日天周次回趟遍户元钱块分人")
# Measure words that say what is counted ("多少场活动", "几届", "几套桌椅"): the quote must state a
# number with that measure word ("全县12个镇" gives no number of 场).
_CLASSIFIERS = frozenset("场件所家张本篇批届轮期套座间台辆")
MATCH_COUNTED = True


def counted_noun(question: str, analyzer: Analyzer) -> str | None:
    """The noun a "多少X / 几X" question counts, if it names one."""
    question = normalise(_asks_number_text(question))
    for match in _COUNTED.finditer(question):
        rest = question[match.end():]
        if match.group(0)[-1] in "多少几" and rest[:1] in _CLASSIFIERS:
            return rest[0]
        groups = analyzer.word_groups(rest[:8])
        if not groups:
            continue
        word, _, noun_like = groups[0]
        if (noun_like and rest.startswith(word) and not (set(word) & _UNIT_WORDS) and len(word) <= 3
                and "share" not in question_types(word)):
            return word
    return None


def states_counted(question: str, quote: str, analyzer: Analyzer) -> bool:
    """True unless the question counts a thing the quote gives no number of."""
    noun = counted_noun(question, analyzer)
    if noun is None:
        return True
    text = _DATE.sub("", normalise(quote))
    if noun in _CLASSIFIERS:
        return bool(re.search(_NUM + re.escape(noun), text))
    near = re.escape(noun)
    return bool(re.search(rf"{_NUM}[^。；，,;\n]{{0,4}}{near}|{near}[^。；，,;\n]{{0,8}}?\d", text))


# "误工补贴一天多少钱", "补贴标准是多少": an amount of money, and the thing it is paid for. A quote
# answers only when it gives an amount of that thing: "工作经费不低于5000元，不得用于发放补贴"
# gives none for 补贴. The thing is the last noun before the question word, in its clause or,
# when that clause names none ("…有没有误工补贴，一次给多少钱"), in the one before.
_AMOUNT_ASKED = re.compile(r"(?<!哪)(?:多少钱|多少元|几元|几块钱|(?:标准|金额|数额)是多少|给多少|补多少|发多少)")
_AMOUNT_WORDS = frozenset({"标准", "金额", "数额", "数目", "多少"})
MATCH_AMOUNT_OF = True


def amount_nouns(question: str, analyzer: Analyzer) -> list[str]:
    """The thing a "多少钱" question asks the amount of: the last two nouns before the question
    word (jieba may cut "咨询费" or "误工补助" in two), none if it names no thing."""
    question = normalise(question)
    match = _AMOUNT_ASKED.search(question)
    if not match:
        return []
    clauses = [c for c in re.split(r"[，,。？?！!；;\s]+", question[:match.start()]) if c]
    for clause in reversed(clauses[-2:]):
        nouns = [w for w, _, noun_like in analyzer.word_groups(clause)
                 if noun_like and len(w) >= 2 and w not in _AMOUNT_WORDS and _CJK_WORD.fullmatch(w)
                 and w[-1] not in "里上"]  # "县里给多少": a place, not the thing paid for
        if nouns:
            return nouns[-2:]
    return []


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_MONEY = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:万元|元|块)"


def states_amount_of(question: str, quote: str, analyzer: Analyzer) -> bool:
    """True unless the question asks an amount of a thing the quote gives no amount of."""
    nouns = amount_nouns(question, analyzer)
    if not nouns:
        return True
    text = normalise(quote)
    near = "|".join(re.escape(n) for n in nouns)
    return bool(re.search(rf"(?:{near})[^。\n]{{0,16}}?{_MONEY}|{_MONEY}[^。；，,;\n]{{0,4}}(?:{near})", text))


# A clause that shares only one word with the question — counted once however many forms of it
# the question uses ("提案人…提案") — names the topic, not the answer: "提案人想撤回提案，最迟几天内
# 提出" is not answered by the clause on how soon 提案 are reviewed. It may still be offered under
# "可能相关".
MATCH_ONE_WORD_ONLY = True


def _gate_quote(candidate: Candidate, plan: QueryPlan, analyzer: Analyzer) -> str:
    """The sentences of a clause that would be quoted for the question (the whole clause when
    none is picked): what the gate's fact checks read."""
    chosen, _ = _pick_sentences(candidate.chunk, plan, analyzer)
    return "".join(chosen) or candidate.chunk.text


def grounding_fault(candidate: Candidate, plan: QueryPlan, analyzer: Analyzer) -> str | None:
    """Why a clause that covers enough of the question still cannot be quoted as its answer:
    the question asks for a time limit, a count, a share or a body that the quote does not
    state ("任期几年" is not answered by a clause on 任期 that gives no number of years), or
    the clause shares only one word with a question of several."""
    if MATCH_ONE_WORD_ONLY and len(plan.concepts) >= 3:
        text = normalise(candidate.chunk.indexed_text)
        if plan.distinct_matched(analyzer.term_set(text), text) <= 1:
            return "one word"
    if REQUIRE_STATED_TYPE:
        quote = _gate_quote(candidate, plan, analyzer)
        if not states_wanted(quote, wanted_facts(plan.text)):
            return "type"
        if MATCH_ASKED_UNIT and not states_asked_unit(plan.text, quote):
            return "unit"
        if MATCH_COUNTED and not states_counted(plan.text, quote, analyzer):
            return "counted"
        if MATCH_AMOUNT_OF and not states_amount_of(plan.text, quote, analyzer):
            return "amount"
    return None


# How many of a question's words a feature counts before it stops growing: past that, more
# words say little more about whether the clause answers.
MAX_COUNTED_WORDS = 6


def gate_features(plan: QueryPlan, candidates: list[Candidate], analyzer: Analyzer) -> dict[str, float]:
    """General signals of whether the first clause answers the question, read by the gate's
    model (gate_model.py): how much of the question it covers and by how many different words,
    how far it leads the next clause, whether both retrievers put it near the top, whether its
    quote states the kind of fact asked for, how much of the question the documents have no
    words for. None is a word or phrase of any question, and none depends on the size of the
    knowledge base or on the embedding (no raw similarity, no rank beyond "agreed")."""
    first = candidates[0]
    others = candidates[1:]
    text = normalise(first.chunk.indexed_text)
    terms = analyzer.term_set(text)
    total = plan.total_weight or 1.0
    fault = grounding_fault(first, plan, analyzer)
    next_best = others[0] if others else None
    return {
        "coverage": first.coverage,
        "coverage_lead": first.coverage - max((c.coverage for c in others), default=0.0),
        # In units of a first-place reciprocal-rank vote, capped: past that the lead says no more.
        "score_lead": min(3.0, (first.score - next_best.score) * RRF_K) if next_best else 3.0,
        "distinct_words": min(MAX_COUNTED_WORDS, plan.distinct_matched(terms, text)),
        "asks_fact": float(bool(wanted_facts(plan.text))),
        "typed": first.typed,
        "fact_fault": float(fault is not None and fault != "one word"),
        "one_word": float(fault == "one word"),
        "agreed": float(first.agreed),
        "unknown_share": sum(c.weight for c in plan.concepts if c.unknown) / total,
        "foreign_words": float(min(2, len(plan.foreign_nouns(text)))),
        "misses_key_noun": float(plan.misses_key_noun(terms, text)),
        "doc_support": first.doc_support,
        "bigrams": first.bigrams,
        "next_coverage": next_best.coverage if next_best else 0.0,
        "next_fault": float(bool(next_best) and grounding_fault(next_best, plan, analyzer) is not None),
    }


def compose_answer(question: str, plan: QueryPlan, candidates: list[Candidate], analyzer: Analyzer,
                   model: GateModel | None = None) -> Answer:
    """The reply: the first clause quoted as the answer when the gate's model is confident it
    answers, "未找到直接规定，以下条文可能相关" with the one or two best clauses in between, and a
    refusal when the question is probably outside the knowledge base."""
    if _LATIN_ONLY.fullmatch(question):
        # An English question the dictionary could not read into Chinese search terms
        # (english.py reads the others before retrieval): the reply is Chinese either way.
        return english.not_read(question)
    ranked = gate_candidates(plan, candidates)
    if not ranked:
        return Answer(question=question, answer=NOT_FOUND, citations=[], grounded=False)
    decision = gate_decision(plan, ranked, analyzer, model)
    if decision == DECLINE:
        return Answer(question=question, answer=NOT_FOUND, citations=[], grounded=False)
    if decision == TENTATIVE:
        return _tentative(question, plan, ranked, analyzer)
    return _grounded(question, plan, ranked, analyzer)


def gate_candidates(plan: QueryPlan, candidates: list[Candidate]) -> list[Candidate]:
    """The clauses the gate may quote, best first: none when the question quotes a document
    title the knowledge base does not hold ("《村民委员会组织法》第二十四条"), and only the named
    document's clauses when it names one ("青岚那个督办办法")."""
    if not DOCUMENT_MUST_MATCH:
        return list(candidates)
    chunks = [c.chunk for c in candidates]
    if names_absent_title(plan.text, chunks):
        return []
    return [c for c in candidates if not names_other_document(plan.text, c.chunk, chunks)]


def nothing_relevant(first: Candidate, plan: QueryPlan) -> bool:
    """Declined before the model is asked: the best clause matches no specific word of the
    question ("协商", "政协" alone), shares a single word with a question whose other words the
    documents never use ("怎么申请护照"), or covers less of the question than its words the
    documents never use weigh ("示例县明天会不会下雨": a place matched, the weather unknown). The
    development sets' out-of-scope questions are near the documents' topics, so the model never
    learnt such far-off ones."""
    if not first.specific or first.thin:
        return True
    total = plan.total_weight or 1.0
    return sum(c.weight for c in plan.concepts if c.unknown) / total > first.coverage


def gate_decision(plan: QueryPlan, ranked: list[Candidate], analyzer: Analyzer, model: GateModel | None = None) -> str:
    """ANSWER, TENTATIVE or DECLINE for the first clause. Whatever the model says, nothing is
    offered when nothing is relevant, and a clause is never quoted as the answer when its quote
    lacks the kind of fact asked for (a time limit, a count in the unit asked…)."""
    first = ranked[0]
    if nothing_relevant(first, plan):
        return DECLINE
    decision = (model or shipped_model()).decide(gate_features(plan, ranked, analyzer))
    if decision == ANSWER and grounding_fault(first, plan, analyzer) is not None:
        return TENTATIVE
    return decision


def _grounded(question: str, plan: QueryPlan, ranked: list[Candidate], analyzer: Analyzer) -> Answer:
    first = ranked[0]
    first_sentences, first_best = _pick_sentences(first.chunk, plan, analyzer)
    picked = [(first, first_sentences)]
    for other in ranked[1:LEAD_DEPTH]:
        if len(picked) >= MAX_CLAUSES:
            break
        if not other.specific or other.thin or grounding_fault(other, plan, analyzer) is not None:
            continue
        chosen, best = _pick_sentences(other.chunk, plan, analyzer)
        # A second clause only when it answers as well as the first (e.g. two clauses
        # sharing one rule) on more than one word of the question, never to pad the reply.
        matched = plan.matched(analyzer.term_set("".join(chosen)), normalise("".join(chosen)))
        if chosen and best >= first_best and other.coverage >= first.coverage - 1e-9 and len(matched) >= 2:
            picked.append((other, chosen))

    lines = []
    citations = []
    for index, (candidate, chosen) in enumerate(picked):
        chunk = candidate.chunk
        quote = "".join(chosen) or _strip_heading(chunk)
        if index == 0:
            lines.append(f"根据《{chunk.source}》{chunk.section}：{quote}")
        elif chunk.source == picked[0][0].chunk.source:
            lines.append(f"另据该文件{chunk.section}：{quote}")
        else:
            lines.append(f"另据《{chunk.source}》{chunk.section}：{quote}")
        citations.append(_citation(chunk))
    lines.append(CLOSING)
    return Answer(question=question, answer="\n".join(lines), citations=citations, grounded=True)


# The second clause offered under "可能相关" must cover at least this share of what the first covers.
TENTATIVE_SECOND_SHARE = 0.5


def _tentative(question: str, plan: QueryPlan, ranked: list[Candidate], analyzer: Analyzer) -> Answer:
    """"未找到直接规定，以下条文可能相关": the one or two best clauses, not presented as the answer."""
    first = ranked[0]
    possible = [first] + [
        c for c in ranked[1:MAX_CLAUSES]
        if c.specific and not c.thin and c.coverage >= TENTATIVE_SECOND_SHARE * first.coverage
    ]
    lines = [TENTATIVE_HEADING]
    citations = []
    for candidate in possible:
        chunk = candidate.chunk
        chosen, _ = _pick_sentences(chunk, plan, analyzer)
        lines.append(f"《{chunk.source}》{chunk.section}：{''.join(chosen) or _strip_heading(chunk)}")
        citations.append(_citation(chunk))
    lines.append(TENTATIVE_CLOSING)
    return Answer(question=question, answer="\n".join(lines), citations=citations, grounded=False)


def _citation(chunk: Chunk) -> Citation:
    return Citation(source=chunk.source, section=chunk.section, text=chunk.text,
                    file_name=chunk.metadata.get("file_name", ""))


def _pick_sentences(chunk: Chunk, plan: QueryPlan, analyzer: Analyzer) -> tuple[list[str], float]:
    """What to quote: a short clause whole (an article with its items, a document's
    particulars), otherwise the sentences carrying the most question weight, preferring
    those that state the kind of answer asked for (a time limit, a count…), in document order."""
    body = _strip_heading(chunk)
    parts = quote_sentences(body)
    if not parts:
        return [], 0.0
    types = question_types(plan.text)
    scored = []
    for position, sentence in enumerate(parts):
        terms = analyzer.term_set(sentence)
        credit = sum(c.credit(terms, normalise(sentence)) for c in plan.concepts)
        if credit > 0 and types:
            credit += TYPE_SENTENCE_SHARE * plan.total_weight * answers_type(sentence, types)
        scored.append((credit, position, sentence))
    best = max(score for score, _, _ in scored)
    if best <= 0:
        return [], 0.0
    if len(body) <= WHOLE_CLAUSE_CHARS or chunk.metadata.get("header"):
        return parts, best
    keep = sorted((s for s in scored if s[0] >= 0.5 * best), key=lambda s: (-s[0], s[1]))[:MAX_SENTENCES]
    keep.sort(key=lambda s: s[1])
    return [s for _, _, s in keep], best


_QUOTE_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n|$)")


def quote_sentences(text: str) -> list[str]:
    """Sentences for quoting: cut at full stops and line ends, not at "；", so a table row or
    an enumerated item stays whole."""
    out = []
    for match in _QUOTE_SENTENCE.finditer(text):
        piece = match.group(0)
        if piece.strip():
            out.append(piece.rstrip("\n") + ("\n" if piece.endswith("\n") else ""))
    return out


def _strip_heading(chunk: Chunk) -> str:
    """Body without its inline heading ("（八）规范协商频次。"), which the citation already names."""
    text = chunk.text.strip()
    if chunk.heading_path:
        heading = chunk.heading_path[-1]
        if heading and text.startswith(heading):
            text = text[len(heading):].lstrip("。．. ")
    return text
