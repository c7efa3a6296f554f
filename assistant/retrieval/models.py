"""Plain data passed between the retrieval modules and returned to callers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

POLICY = "policy"
SESSION = "session"
KINDS = (POLICY, SESSION)


@dataclass
class Chunk:
    """One retrievable piece of a document: a clause, or a part of a long clause."""

    id: str
    text: str  # as written in the document, shown and quoted to users
    section: str  # clause label, e.g. "三、（八）规范协商频次"
    heading_path: list[str]
    metadata: dict[str, Any]

    @property
    def indexed_text(self) -> str:
        # The heading path carries words ("规范协商频次") the body itself may not repeat.
        return "\n".join([*self.heading_path, self.text])

    @property
    def kind(self) -> str:
        return self.metadata.get("kind", POLICY)

    @property
    def source(self) -> str:
        return self.metadata.get("title") or self.metadata.get("file_name") or ""


@dataclass
class Hit:
    text: str
    source: str
    section: str
    kind: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, with_metadata: bool = False) -> dict[str, Any]:
        data = {
            "text": self.text,
            "source": self.source,
            "section": self.section,
            "kind": self.kind,
            "score": round(float(self.score), 4),
        }
        if with_metadata:
            data["metadata"] = dict(self.metadata)
        return data


@dataclass
class Citation:
    source: str
    section: str
    text: str
    file_name: str = ""  # which ingested file, so an office with several documents can tell them apart

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    grounded: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "grounded": self.grounded,
        }


@dataclass
class IngestReport:
    """Outcome of one ingest run, by file; counts are what the CLI prints."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, Chinese reason)
    chunks_written: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary_zh(self) -> str:
        text = (
            f"新增 {len(self.added)} 个，更新 {len(self.updated)} 个，"
            f"跳过（未变化） {len(self.skipped)} 个，移除 {len(self.removed)} 个"
        )
        if self.failed:
            text += f"，失败 {len(self.failed)} 个"
        return text + f"；写入片段 {self.chunks_written} 条。"

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "chunks_written": self.chunks_written,
        }
