"""Which option a typed answer means when it is not the option's number or its full label.

"委员荐题" for "委员荐题（政协委员推荐的议题）" (the start of one label), "街道" for "乡镇（街道）"
(a part of exactly one label), "乡镇街道" for "乡镇（街道）" (the label without its brackets).
An answer that fits several options means none of them: the user is asked again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_PUNCTUATION = re.compile(r"[\s()（）【】\[\]《》“”\"'‘’、，,。.:：;；/｜|·-]+")
MIN_PART_CHARS = 2  # one character ("区", "人") is in too many labels to mean one of them


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _bare(text: str) -> str:
    return _PUNCTUATION.sub("", _fold(text))


def _only(indices: list[int]) -> int | None:
    return indices[0] if len(indices) == 1 else None


def label_index(answer: str, labels: Sequence[str], *, parts: bool = True) -> int | None:
    """The index of the one label the answer names by its start (or, with `parts`, any part of it)."""
    wanted, bare = _fold(answer).rstrip("。."), _bare(answer)
    if len(bare) < MIN_PART_CHARS:
        return None
    folded = [_fold(label) for label in labels]
    bares = [_bare(label) for label in labels]
    if (found := _only([i for i, b in enumerate(bares) if b == bare])) is not None:
        return found
    if (found := _only([i for i, f in enumerate(folded) if f.startswith(wanted)])) is not None:
        return found
    if not parts:
        return None
    return _only([i for i, b in enumerate(bares) if bare in b])
