"""Removes personal data from free text before it is published (pure; no I/O).

What counts as personal data here is what a published consultation record must not carry
(《个人信息保护法》 treats all of these as personal information): mainland mobile numbers
(with or without +86, spaces or dashes), landline numbers with an area code, 18-digit resident
ID-card numbers (the last character may be X) and e-mail addresses. Names cannot be found by
pattern; the caller passes the names it must withhold (the dissenters, 三（七）).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ID_CARD_MARK = "［身份证号已隐去］"
PHONE_MARK = "［电话号码已隐去］"
EMAIL_MARK = "［电子邮箱已隐去］"
WITHHELD_NAME = "（持不同意见者）"

_SEP = r"[ \-\u2010-\u2015\u2212－]?"  # a space or any dash people type between digit groups
# An 18-digit number: ID cards first, so their digits are never read as a phone number.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{6}" + _SEP + r"\d{8}" + _SEP + r"\d{3}[0-9Xx×](?![0-9A-Za-z])")
_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+|00|＋)?86" + _SEP + r"|[(（]\+?86[)）]" + _SEP + r")?"
    r"1[3-9]\d(?:" + _SEP + r"\d){8}(?![0-9])"
)
# 0 + 2–3 digit area code (010, 0838), optionally in brackets, then 7–8 digits, maybe an extension.
_LANDLINE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)86" + _SEP + r")?(?:[(（]0?\d{2,3}[)）]|0\d{2,3})" + _SEP
    + r"\d{3,4}" + _SEP + r"\d{4}(?:(?:转|-|ext\.?)\d{1,5})?(?![0-9])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|＠)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def redact(text: str, withheld_names: Iterable[str] = ()) -> str:
    """`text` with phone numbers, ID-card numbers, e-mail addresses and the given names replaced."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MARK, text)
    text = _ID_CARD.sub(ID_CARD_MARK, text)
    text = _MOBILE.sub(PHONE_MARK, text)
    text = _LANDLINE.sub(PHONE_MARK, text)
    # Longest first, so "张建国" is withheld whole rather than leaving "国" after "张建".
    for name in sorted({n.strip() for n in withheld_names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, WITHHELD_NAME)
    return text
