"""Colloquial question words to the standard forms the analyzer knows.

Members type as they speak: "啥时候", "咋办", "几回". jieba's dictionary and the stopword
list know the standard forms ("什么时候", "怎么办", "几次"), so those are substituted before
segmentation. Only question words and particles of everyday speech are listed here; terms of
art belong in the glossary, and meanings in the thesaurus.
"""

from __future__ import annotations

import re

_REPLACEMENTS = (
    ("啥时候", "什么时候"), ("啥时", "什么时候"), ("多会儿", "什么时候"), ("哪会儿", "什么时候"),
    ("为啥", "为什么"), ("干啥", "做什么"), ("咋样", "怎么样"), ("咋办", "怎么办"), ("咋整", "怎么办"),
    ("咋弄", "怎么办"), ("咋", "怎么"), ("啥", "什么"), ("几回", "几次"), ("多少回", "多少次"),
    ("俺们", "我们"), ("俺", "我"), ("咱们", "我们"), ("啥子", "什么"), ("么子", "什么"), ("哪样", "什么"),
)
_PATTERN = re.compile("|".join(re.escape(a) for a, _ in sorted(_REPLACEMENTS, key=lambda r: -len(r[0]))))
_MAP = dict(_REPLACEMENTS)


def normalise_question(text: str) -> str:
    return _PATTERN.sub(lambda m: _MAP[m.group(0)], text)
