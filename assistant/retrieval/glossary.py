"""Colloquial → policy wording, so "县里一年开几次会" finds "区（市、县）……每年不少于4次".

Members ask in everyday words; policy files use fixed official terms. The glossary is a
small hand-kept TSV (`knowledge/glossary.tsv`): first column the everyday phrase, second
column the official terms separated by spaces. Matching is on the raw question, longest
phrase first, so "一年几次" wins over "一年" and "几次".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analyzer import normalise


@dataclass(frozen=True)
class GlossaryEntry:
    phrase: str
    terms: tuple[str, ...]


class Glossary:
    def __init__(self, entries: list[GlossaryEntry]):
        merged: dict[str, list[str]] = {}
        for entry in entries:
            bucket = merged.setdefault(normalise(entry.phrase), [])
            bucket.extend(t for t in entry.terms if t not in bucket)
        self._entries = sorted(
            (GlossaryEntry(phrase, tuple(terms)) for phrase, terms in merged.items()),
            key=lambda e: len(e.phrase),
            reverse=True,
        )

    @classmethod
    def load(cls, path: Path | None) -> Glossary:
        if path is None or not path.is_file():
            return cls([])
        entries = []
        for raw in path.read_text(encoding="utf-8-sig").splitlines():
            line = raw.strip()
            if not line or line.startswith("#") or "\t" not in line:
                continue
            phrase, terms = line.split("\t", 1)
            phrase = phrase.strip()
            expansion = tuple(t for t in terms.replace("；", " ").replace(";", " ").split() if t)
            if phrase and expansion:
                entries.append(GlossaryEntry(phrase, expansion))
        return cls(entries)

    def __len__(self) -> int:
        return len(self._entries)

    def match(self, text: str, boundaries: set[int] | None = None) -> list[GlossaryEntry]:
        """Entries whose phrase occurs in `text` outside a longer phrase already matched.

        With `boundaries` (word start/end offsets of the normalised text), a phrase must
        start and end on word boundaries, so "小区" does not match inside "老旧小区".
        """
        text = normalise(text)
        taken = [False] * len(text)
        found = []
        for entry in self._entries:
            start = text.find(entry.phrase)
            while start >= 0:
                end = start + len(entry.phrase)
                aligned = boundaries is None or (start in boundaries and end in boundaries)
                if aligned and not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    found.append(entry)
                    break
                start = text.find(entry.phrase, start + 1)
        return found

    def strip_matches(self, text: str, matches: list[GlossaryEntry]) -> str:
        """`text` with matched phrases blanked out, leaving the words the glossary did not explain."""
        text = normalise(text)
        for entry in matches:
            text = text.replace(entry.phrase, " ", 1)
        return text
