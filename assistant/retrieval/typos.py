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

A place name (the two characters before 社区/街道/镇/县/区/村/乡/市, and that name wherever
else the question says it) is never corrected: "东衫社区" is another community, not a slip of
the documents' 东山, and its question must not be answered from 东山's rules. Nor is any run
corrected into a place name a document title begins with: a bare "清西" is not 清溪.

Only words of the policy documents are offered, so a slip is never "corrected" into a word the
knowledge base does not hold; real words ("事件", which sounds like 时间) and runs that cross a
word jieba knows ("议事|室") are left alone.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
WINDOWS = (3, 2)
# A place is named by the word before 社区/街道/镇/县/区/村/乡/市 ("东衫社区", "清西县"). A name
# that sounds like a document's place is another place, not a slip of it: "白禾镇" is not
# 白鹤镇, and rewriting it would answer from the other place's rules.
_PLACE_SUFFIX = re.compile(r"社区|街道|[镇县区村乡市]")
_PLACE_NAME_CHARS = 2


_readings: dict[str, str] | None = None
_readings_lock = threading.Lock()


def char_readings() -> dict[str, str]:
    """Each common character's first reading without tones, from pypinyin's own data file.

    The file is read directly: importing the pypinyin package loads its phrase dictionary too,
    about 57 MB of memory this needs none of. One reading per character, the same for a word of
    the documents and for a slip of it, so the two are compared alike."""
    global _readings
    if _readings is None:
        with _readings_lock:
            if _readings is None:
                spec = importlib.util.find_spec("pypinyin")
                folder = Path(next(iter(spec.submodule_search_locations)))
                raw = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
                readings = {}
                for code, value in raw.items():
                    code = int(code)
                    if 0x4E00 <= code <= 0x9FFF:
                        first = unicodedata.normalize("NFD", value.split(",")[0])
                        readings[chr(code)] = "".join(ch for ch in first if not unicodedata.combining(ch))
                _readings = readings
    return _readings


class HomophoneIndex:
    """Words of the vocabulary by their sound (toneless pinyin), grown as the vocabulary grows."""

    def __init__(self) -> None:
        self._by_sound: dict[str, list[str]] = {}
        self._indexed = 0
        self._lock = threading.Lock()

    def _sound(self, text: str) -> str:
        readings = char_readings()
        # A character without a reading stands for itself.
        return " ".join(readings.get(ch, ch) for ch in text)

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
                  tokens: Callable[[str], list[tuple[str, int, int]]], is_function_word: Callable[[str], bool],
                  places: Collection[str] = ()) -> str:
    """The text with homophone slips replaced by the policy words they stand for.

    `known(w)`: w is a word of the policy documents; `frequency(w)`: in how many policy clauses;
    `is_word(w)`: w is a word of the general dictionary (then it is no slip); `tokens(text)`:
    jieba's words with offsets; `is_function_word(c)`: a character that is a word of its own;
    `places`: the documents' place names ("东山", "清溪"), which no slip is corrected into: "清西的委员"
    names another place, not a mistyped 清溪.
    """
    chars = list(text)
    # Offsets inside a word jieba made up for the occasion (not in its dictionary) or cut as a
    # single character: a slip shows up as either; a known word is left alone.
    loose = {j for word, start, end in tokens(text) if end - start == 1 or not is_word(word)
             for j in range(start, end)}
    placed = _place_offsets(text)
    i = 0
    while i < len(chars):
        for size in WINDOWS:
            window = "".join(chars[i:i + size])
            if (len(window) < size or not _CJK_RUN.fullmatch(window)
                    or any(j not in loose or j in placed for j in range(i, i + size))
                    or known(window) or is_word(window)):
                continue
            choices = [
                w for w in index.same_sound(window)
                if sum(a != b for a, b in zip(w, window, strict=True)) == 1 and known(w)
                and not any(place in w for place in places)
                # Two characters are too little context to overrule a function word ("我当"
                # is not "我党"); three are enough ("议是会" is 议事会).
                and (size == 3 or not any(a != b and is_function_word(b) for a, b in zip(w, window, strict=True)))
            ]
            if choices:
                best = max(choices, key=frequency)
                chars[i:i + size] = list(best)
                i += size - 1
                break
        i += 1
    return "".join(chars)


def _place_offsets(text: str) -> set[int]:
    """Offsets no slip correction may touch: each place suffix, the name before it, and every
    other occurrence of that name in the question ("东衫社区……东衫那边")."""
    offsets: set[int] = set()
    names = set()
    for match in _PLACE_SUFFIX.finditer(text):
        start = max(0, match.start() - _PLACE_NAME_CHARS)
        offsets.update(range(start, match.end()))
        name = text[start:match.start()]
        if len(name) == _PLACE_NAME_CHARS and _CJK_RUN.fullmatch(name):
            names.add(name)
    for name in names:
        for match in re.finditer(re.escape(name), text):
            offsets.update(range(match.start(), match.end()))
    return offsets
