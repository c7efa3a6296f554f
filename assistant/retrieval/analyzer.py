"""Chinese tokenisation shared by the lexical index, the offline embedding and answers.

A private `jieba.Tokenizer` is used so the domain words added here do not change how other
parts of the program (drafting, for example) segment text with the global jieba instance.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

# Question words, function words and light verbs: they say how something is asked, not
# what is asked about, so they neither rank documents nor count towards term coverage.
STOPWORDS = frozenset(
    [
        "的", "了", "和", "与", "及", "或", "是", "在", "有", "要", "把", "被", "对", "为", "以", "等",
        "将", "从", "于", "而", "并", "也", "都", "就", "还", "又", "个", "这", "那", "这个", "那个", "之",
        "其", "中", "上", "下", "里", "吗", "呢", "吧", "啊", "呀", "么", "嘛", "哪", "啥", "谁", "什么",
        "怎么", "怎样", "怎么样", "如何", "为什么", "为啥", "多少", "几", "哪些", "哪里", "哪儿", "是否", "能否", "能不能", "可不可以", "可以",
        "能", "会", "应该", "应当", "需要", "要不要", "有没有", "是不是", "一下", "我", "我们", "你", "你们", "他", "她", "它",
        "他们", "咱", "咱们", "请问", "请", "问", "想", "知道", "告诉", "说", "讲", "关于", "按照", "根据", "通过", "一个",
        "一些", "得", "地", "着", "过", "没", "没有", "不", "不要", "由", "由谁来", "谁来", "开", "搞", "做", "办",
        "弄", "干", "要开", "得搞", "该", "该怎么", "怎么办", "怎么弄", "到底", "究竟", "具体", "一般", "一定", "必须", "主要", "现在",
        "还是", "比较", "多", "少", "大", "小", "好", "给", "让", "用", "去", "来", "到", "跟", "向", "帮",
        "帮我", "这样", "那样", "情况", "东西", "事", "事情", "时候", "次", "呗", "哦", "嗯", "吧", "啦", "么样", "样",
        "些", "能够", "不能", "行不行", "行", "算", "算不算", "属于", "属", "咋", "咋办", "什么样", "怎么样的", "需不需要", "用不用", "好不好",
        "对不对", "最后", "最终", "拿来", "当", "专门", "究竟", "一起", "这些", "那些", "哪个", "哪种", "哪几", "几个", "多长", "多久",
        "一些", "有些", "有关", "相关", "方面", "问题", "规定", "要求", "文件", "政策", "里面", "里头", "其中", "然后", "还有", "以及",
        "平时", "经常", "必要", "可能", "目前", "已经", "一直", "每个", "各个", "所有", "一样", "不一样", "如果", "的话", "怎么搞", "怎么做",
        "咋整", "上面", "下面", "哪些地方", "什么地方", "哪些方面", "什么方面", "哪方面", "处理", "对待", "下来", "出去", "起来", "上去", "过来", "要办",
        "要求", "定下来", "弄好", "搞好", "做好", "得到", "这种", "那种", "能让", "让",
    ]
)

# Domain phrases jieba would otherwise split into pieces that each mean less.
DOMAIN_WORDS = (
    "有事来协商", "政协委员", "协商议事", "协商活动", "协商议题", "协商成果", "一室多用", "院坝",
    "院坝协商", "委员荐题", "党政交题", "各方征题", "政协选题", "不调研不协商", "持不同意见",
    "网络协商", "会议协商", "委员履职小组", "政协工作委员会", "目标绩效考核", "加装电梯",
    "老旧小区", "农贸市场", "人居环境", "党群服务中心", "社区服务中心", "到位不越位", "融合不替代",
)

# jieba tags for nouns beyond n*: abbreviations (医保), idioms (今天天气), Latin words.
_NOUN_LIKE_TAGS = frozenset({"j", "i", "eng", "vn", "l"})
_FUNCTION_TAGS = frozenset("cdpruye")
_TOKEN_OK = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (NFKC keeps CJK as is)."""
    return unicodedata.normalize("NFKC", text).lower()


class Analyzer:
    """Turns text into index terms: jieba search-mode words without stopwords."""

    def __init__(self, extra_words: Iterable[str] = ()):
        self._tokenizer = jieba.Tokenizer()
        self._pos_tokenizer = jieba.posseg.POSTokenizer(self._tokenizer)
        self._extra_words = [*DOMAIN_WORDS, *extra_words]
        self._ready = False
        self._lock = threading.Lock()

    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                for word in self._extra_words:
                    if _CJK_RUN.fullmatch(word) and len(word) >= 2:
                        self._tokenizer.add_word(word, freq=20000, tag="n")
                self._ready = True

    def is_dictionary_word(self, word: str) -> bool:
        """Whether jieba's dictionary (with the domain words) holds the word."""
        self._ensure_ready()
        self._tokenizer.check_initialized()
        return self._tokenizer.FREQ.get(word, 0) > 0

    def word_frequency(self, word: str) -> int:
        """How common a word is in jieba's dictionary (0: not in it)."""
        self._ensure_ready()
        self._tokenizer.check_initialized()
        return self._tokenizer.FREQ.get(word, 0)

    def is_noun(self, word: str) -> bool:
        """Whether jieba's dictionary tags the word as a noun (or a noun-like abbreviation)."""
        self._ensure_ready()
        tag = self._pos_tokenizer.word_tag_tab.get(word, "")
        return tag.startswith("n") or tag in _NOUN_LIKE_TAGS

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """jieba's precise-mode words of the text as given, with their offsets."""
        self._ensure_ready()
        return list(self._tokenizer.tokenize(text))

    def is_function_word(self, word: str) -> bool:
        """A stopword, or a word jieba's dictionary tags as a conjunction, adverb, preposition,
        pronoun, particle or interjection ("既", "和", "的")."""
        self._ensure_ready()
        tag = self._pos_tokenizer.word_tag_tab.get(word, "")
        return word in STOPWORDS or tag[:1] in _FUNCTION_TAGS

    def terms(self, text: str) -> list[str]:
        """Index terms in order of appearance, repeats kept (term frequency matters)."""
        self._ensure_ready()
        out = []
        for token in self._tokenizer.cut_for_search(normalise(text)):
            token = token.strip()
            if token and token not in STOPWORDS and _TOKEN_OK.search(token):
                out.append(token)
        return out

    def term_set(self, text: str) -> set[str]:
        return set(self.terms(text))

    def boundaries(self, text: str) -> set[int]:
        """Offsets where jieba (precise mode) starts or ends a word in normalise(text)."""
        self._ensure_ready()
        out = {0}
        for _, start, end in self._tokenizer.tokenize(normalise(text)):
            out.add(start)
            out.add(end)
        return out

    def word_groups(self, text: str) -> list[tuple[str, set[str], bool]]:
        """Each word of a question with the index terms found inside it.

        "政协委员" yields {"政协委员", "政协", "委员"} as ONE group, so a question is not
        judged "mostly covered" just because one long word splits into several hits. The
        flag tells whether jieba tags the word as a noun: an unknown noun ("护照", "股票")
        means the question is about something else; an unknown verb is usually phrasing.
        """
        self._ensure_ready()
        groups = []
        for pair in self._pos_tokenizer.cut(normalise(text)):
            word = pair.word.strip()
            if not word or word in STOPWORDS or not _TOKEN_OK.search(word):
                continue
            variants = {word, *self.terms(word)} if len(word) > 2 else {word}
            noun_like = pair.flag.startswith("n") or pair.flag in _NOUN_LIKE_TAGS
            groups.append((word, variants, noun_like))
        return groups


def bigram_share(grams, text: str) -> float:
    """Share of the given character bigrams that occur in a text (0 when there are none)."""
    return sum(g in text for g in grams) / len(grams) if grams else 0.0


def char_bigrams(text: str) -> list[str]:
    """CJK character bigrams: they match words jieba segmented differently."""
    grams = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


_default: Analyzer | None = None
_default_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """One analyzer per process: loading jieba's dictionary takes about a second."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default
