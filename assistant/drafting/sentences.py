"""Sentence-level helpers for spoken Chinese: splitting, filler removal, substance checks.

Transcripts are speech: full of 嗯、那个、好的、谢谢大家. The minutes keep what was said,
not how, so these helpers decide what counts as a sentence worth keeping.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at 。！？；, their ASCII forms, or a line break (ASR exports often omit punctuation).
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")

# Hesitation sounds: dropped wherever they open a clause.
_HESITATION = re.compile(r"(^|[，,、。])\s*(?:嗯+|呃+|额+|啊+|哦+|唉|哎|噢)[，,、…\.。\s]*")
# Multi-character fillers are only fillers when a pause follows ("那个，" but not "那个方案").
_VERBAL_TIC = re.compile(r"(^|[，,、])\s*(?:那个|这个|就是说|就是|然后呢|然后|怎么说呢|我觉得吧|反正|其实吧)[，,、…]+")
_TAG_QUESTION = re.compile(r"[，,]\s*(?:对吧|是吧|对不对|是不是啊|你说是吧)(?=[，,。？?！!；;]|$)")
_REPEATED_COMMA = re.compile(r"[，,、]{2,}")

# Politeness and turn-taking phrases that carry no view of their own.
_COURTESY = re.compile(
    r"谢谢大家|谢谢各位|谢谢|感谢大家|感谢各位|大家好|各位好|各位领导|各位居民|各位委员|各位代表|好的|好吧|是的|"
    r"没问题|我就说这么多|我说完了|我就讲这些|我就说这些|就这些|没有了|我补充一下|我补充两句|我说两句|"
    r"我简单说两句|我简单说一下|我先说|我来说一下|我讲一下|我说一下|我来讲讲|说一下|收到|明白|"
    r"我(?:代表[^，。]{0,12})?(?:简单)?(?:说|讲|谈|补充)(?:几|两|一)句|我(?:说|讲)一下我的(?:想法|意见|看法)"
)
_PUNCT_OR_SPACE = re.compile(r"[\s，,。！？!?；;：:、…“”‘’\"'（）()\-—·.]+")

# Minimum characters of content for a sentence to be a "view" rather than a filler remark.
MIN_SUBSTANCE_CHARS = 6


def split_sentences(text: str) -> list[str]:
    """Splits speech into sentences, keeping each one's closing punctuation."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip(" \t，,、")]


def clean_sentence(sentence: str) -> str:
    """Removes hesitations and verbal tics; normalises the end to a single 。 ！ or ？."""
    text = sentence.strip()
    for _ in range(2):  # fillers come in runs: "嗯，那个，就是说，……"
        text = _HESITATION.sub(r"\1", text)
        text = _VERBAL_TIC.sub(r"\1", text)
    text = _TAG_QUESTION.sub("", text)
    text = _REPEATED_COMMA.sub("，", text)
    text = text.strip(" \t，,、")
    if not text:
        return ""
    end = text[-1]
    body = text.rstrip("。！？!?；;…. ")
    if not body:
        return ""
    if end in "？?":
        return body + "？"
    if end in "！!":
        return body + "！"
    return body + "。"


def substance(sentence: str) -> str:
    """The sentence without courtesy phrases and punctuation: what is left to say."""
    return _PUNCT_OR_SPACE.sub("", _COURTESY.sub("", sentence))


def is_substantive(sentence: str) -> bool:
    return len(substance(sentence)) >= MIN_SUBSTANCE_CHARS


def is_question(sentence: str) -> bool:
    """'大家同意吗？' asks; it records no agreement."""
    core = sentence.rstrip("。！!")
    return core.endswith(("？", "?", "吗", "呢")) or bool(re.search(r"是否|有没有|同不同意|行不行|好不好|能不能|可不可以", core))


def clip(text: str, limit: int) -> str:
    """Shortens at a clause boundary so a long sentence still reads as a sentence."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind("，", 0, limit), text.rfind("；", 0, limit))
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip("，；、 ") + "……"


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    # Cached: deduplication compares each sentence with every point kept so far (quadratic in calls).
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def bigram_similarity(a: str, b: str) -> float:
    """Overlap of character pairs: finds the same point said twice in slightly different words."""
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if not grams_a or not grams_b:
        return 1.0 if a == b else 0.0
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))
