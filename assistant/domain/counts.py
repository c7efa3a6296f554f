"""Counts as people type them: 486, 486户, 约486户, 四百多户, 近500户, 1,200人左右, 上百户.

An estimate keeps its round figure: "四百多户" is recorded as 400 and "近500户" as 500 — the
question asks for an estimate, and the words that made it one are not a number to store.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an

# Words around a number that make it an estimate, and measure words after it.
_BEFORE = ("大约", "大概", "约莫", "约", "近", "将近", "接近", "差不多", "估计", "估算", "超过", "不到", "不足", "逾", "上")
_AFTER = ("左右", "上下", "以上", "多", "余", "来")
_UNITS = "户家人名位个栋幢套间处"
_NUMBER = re.compile(r"[0-9零〇一二两三四五六七八九十百千万]+")


def parse_count(text: str) -> int:
    """The whole number in a typed count; raises ValueError for anything that is not one."""
    value = unicodedata.normalize("NFKC", text or "").strip().rstrip("。.").replace(",", "").replace(" ", "")
    for word in sorted(_BEFORE, key=len, reverse=True):
        if value.startswith(word):
            value = value[len(word) :]
            break
    value = value.rstrip(_UNITS)
    for word in sorted(_AFTER, key=len, reverse=True):
        value = value.removesuffix(word)
    value = value.rstrip(_UNITS)
    if len(value) > 1 and value.endswith("几"):  # 十几户: the round figure, as for 四百多户
        value = value[:-1]
    if value in ("百", "千", "万"):  # 上百户, 上千人
        value = "一" + value
    if not _NUMBER.fullmatch(value or "x"):
        raise ValueError(text)
    try:
        number = cn2an.cn2an(value, "smart")
    except (ValueError, KeyError, IndexError):
        raise ValueError(text) from None
    if number != int(number):
        raise ValueError(text)
    return int(number)
