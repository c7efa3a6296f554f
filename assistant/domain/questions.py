"""Whether a free message outside any flow is a question for the knowledge base.

People write to the assistant the way they write to a colleague: "你好，我想问一下停车的事".
Outside a flow such a message is answered as `/ask` instead of being met with the menu. The
test is about the *form* of a question (question marks, question words, "请问"), never about
its subject, so it holds for any topic; anything else still gets the menu.
"""

from __future__ import annotations

import re

# Question words and sentence-final particles of written Mandarin.
_QUESTION_WORDS = (
    "怎么", "怎样", "如何", "什么", "多少", "多久", "多长", "几次", "几个", "几天", "几年", "哪些", "哪个", "哪里",
    "哪儿", "谁", "是否", "能否", "可否", "能不能", "可不可以", "可以不", "有没有", "是不是", "要不要", "需不需要",
    "为什么", "为何", "何时", "什么时候",
)
_ASKING_OPENERS = ("请问", "想问", "问一下", "问下", "咨询", "请教", "想了解", "想知道")
_FINAL_PARTICLES = ("吗", "呢", "么", "嘛")
_ENGLISH_QUESTION = re.compile(
    r"^(what|how|when|who|whom|which|where|why|is|are|can|could|do|does|should|must|may)\b", re.IGNORECASE
)
# Shorter than this, a message is a greeting or a menu word ("你好", "议题"), not a question.
MIN_QUESTION_CHARS = 4


def looks_like_question(text: str) -> bool:
    """True for "县里一年开几次协商会", "请问议题谁来审定", "How often…?"; False for "你好", "张三"."""
    text = text.strip()
    if len(text) < MIN_QUESTION_CHARS or text.startswith(("/", "／")):
        return False
    if text.endswith(("？", "?")):
        return True
    if _ENGLISH_QUESTION.match(text):
        return True
    if any(opener in text for opener in _ASKING_OPENERS):
        return True
    if any(word in text for word in _QUESTION_WORDS):
        return True
    return text.rstrip("。.！!～~ ").endswith(_FINAL_PARTICLES)
