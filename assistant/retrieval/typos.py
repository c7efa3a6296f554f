"""Homophone typing slips: "台帐" for 台账, "报消" for 报销, "议是会" for 议事会.

Members type Chinese with a pinyin input method, and a slip picks another character of the
same sound. Such a word is then unknown to the documents, weighs as the rarest word of all and
sinks the right clause (or makes the question look out of scope). Before the question is
segmented, each run of two or three characters that jieba could only cut into single
characters or a word of its own making, and that is neither a word of jieba's dictionary nor of the policy documents, is
compared by sound with the policy documents' own words; a word of the documents that sounds the
same (tones ignored), has the same length and differs in one character only takes its place,
unless, in a run of two, the character it replaces is a function word ("我当委员" is not
"我党委员").

Only words of the policy documents are offered, so a slip is never "corrected" into a word the
knowledge base does not hold; real words ("事件", which sounds like 时间) and runs that cross a
word jieba knows ("议事|室") are left alone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from pypinyin import Style, lazy_pinyin

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
WINDOWS = (3, 2)


class HomophoneIndex:
    """Words of the vocabulary by their sound (toneless pinyin), grown as the vocabulary grows."""

    def __init__(self) -> None:
        self._by_sound: dict[str, list[str]] = {}
        self._indexed = 0
        self._sounds: dict[str, str] = {}
        self._lock = threading.Lock()

    def _sound(self, text: str) -> str:
        out = []
        for ch in text:
            sound = self._sounds.get(ch)
            if sound is None:
                # One character at a time, so a word and a slip of it are read alike.
                sound = self._sounds[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0]
            out.append(sound)
        return " ".join(out)

    def update(self, terms: list[str]) -> None:
        """Index the vocabulary's terms added since the last call (terms are only appended)."""
        if self._indexed >= len(terms):
            return
        with self._lock:
            for term in terms[self._indexed:]:
                if len(term) in WINDOWS and _CJK_RUN.fullmatch(term):
                    self._by_sound.setdefault(self._sound(term), []).append(term)
            self._indexed = len(terms)

    def same_sound(self, word: str) -> list[str]:
        return self._by_sound.get(self._sound(word), [])


def correct_slips(text: str, index: HomophoneIndex, known: Callable[[str], bool],
                  frequency: Callable[[str], int], is_word: Callable[[str], bool],
                  tokens: Callable[[str], list[tuple[str, int, int]]], is_function_word: Callable[[str], bool]) -> str:
    """The text with homophone slips replaced by the policy words they stand for.

    `known(w)`: w is a word of the policy documents; `frequency(w)`: in how many policy clauses;
    `is_word(w)`: w is a word of the general dictionary (then it is no slip); `tokens(text)`:
    jieba's words with offsets; `is_function_word(c)`: a character that is a word of its own.
    """
    chars = list(text)
    # Offsets inside a word jieba made up for the occasion (not in its dictionary) or cut as a
    # single character: a slip shows up as either; a known word is left alone.
    loose = {j for word, start, end in tokens(text) if end - start == 1 or not is_word(word)
             for j in range(start, end)}
    i = 0
    while i < len(chars):
        for size in WINDOWS:
            window = "".join(chars[i:i + size])
            if (len(window) < size or not _CJK_RUN.fullmatch(window)
                    or any(j not in loose for j in range(i, i + size))
                    or known(window) or is_word(window)):
                continue
            choices = [
                w for w in index.same_sound(window)
                if sum(a != b for a, b in zip(w, window)) == 1 and known(w)
                # Two characters are too little context to overrule a function word ("我当"
                # is not "我党"); three are enough ("议是会" is 议事会).
                and (size == 3 or not any(a != b and is_function_word(b) for a, b in zip(w, window)))
            ]
            if choices:
                best = max(choices, key=frequency)
                chars[i:i + size] = list(best)
                i += size - 1
                break
        i += 1
    return "".join(chars)
