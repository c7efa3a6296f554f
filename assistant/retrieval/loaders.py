"""From a file (or minutes text) to validated chunks, without touching any index.

Everything that can fail for a bad file (decoding, empty text, nothing to chunk) fails
here, before the knowledge base changes anything, so a bad file is never half-indexed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.readers import UnreadableDocument, read_document

from .chunker import chunk_document, header_chunk
from .docheader import parse_policy, parse_session
from .docx_text import docx_paragraphs
from .errors import DocumentRejected
from .models import POLICY, SESSION, Chunk
from .textrepair import repair_text

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf"}
# Folders whose files are records of past sessions rather than policy.
SESSION_DIRS = {"samples", "sessions", "样例", "往期协商"}
_SESSION_FIRST_LINE = re.compile(r"协商(记录|纪要)|往期协商")
# Citation metadata that Chroma may filter on (scalars only).
_METADATA_KEYS = ("title", "issuer", "doc_number", "date", "date_text", "organisation", "place", "form", "sample")


@dataclass
class LoadedSource:
    key: str
    name: str
    path: str | None
    kind: str
    sha256: str
    info: dict[str, Any]
    chunks: list[Chunk]


def source_key_for(path: Path) -> str:
    return "file:" + str(path.resolve())


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]], list[Path]]:
    """Files to ingest, (name, reason) of paths that do not exist, and the folders scanned."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            folders.append(path.resolve())
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not _ignored(p, path)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append((str(path), f"找不到文件或文件夹：{path}"))
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values()), missing, folders


def _ignored(path: Path, root: Path) -> bool:
    """Hidden files, editor backups and the glossary are not knowledge."""
    rel = path.relative_to(root)
    return any(part.startswith((".", "~$")) for part in rel.parts) or path.name.lower() == "readme.md"


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_file(path: Path, data: bytes | None = None) -> LoadedSource:
    """Reads, repairs, parses and chunks one file; raises DocumentRejected in Chinese."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentRejected(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from exc
    try:
        raw = read_document(path.name, data)
    except UnreadableDocument as exc:
        raise DocumentRejected(exc.message) from exc
    if path.suffix.lower() == ".docx":
        # In reading order, with tables as sentences and Word's list numbers (docx_text.py).
        raw = "\n\n".join(docx_paragraphs(data))
    text = repair_text(raw)
    paragraphs = text.split("\n\n")
    kind = SESSION if _is_session_file(path, paragraphs) else POLICY
    key = source_key_for(path)
    chunks, info = build_chunks(paragraphs, kind, key, fallback_title=path.stem, file_name=path.name)
    return LoadedSource(key, path.name, str(path.resolve()), kind, file_sha256(data), info, chunks)


def load_session_text(
    key: str, title: str, text: str, organisation: str | None, date: str | None, extra: dict[str, Any] | None
) -> LoadedSource:
    """Minutes or outcomes written by the assistant, indexed as a past session."""
    if not text or not text.strip():
        raise DocumentRejected("会议记录内容为空，未加入知识库。")
    paragraphs = repair_text(text).split("\n\n")
    source_key = "session:" + key
    chunks, info = build_chunks(
        paragraphs, SESSION, source_key, fallback_title=title, file_name=None,
        overrides={"title": title, "organisation": organisation, "date": date, **_scalars(extra or {})},
    )
    digest = file_sha256("\x00".join([title, text, organisation or "", date or "", repr(sorted((extra or {}).items()))]).encode())
    return LoadedSource(source_key, title, None, SESSION, digest, info, chunks)


def build_chunks(
    paragraphs: list[str],
    kind: str,
    source_key: str,
    fallback_title: str,
    file_name: str | None,
    overrides: dict[str, Any] | None = None,
) -> tuple[list[Chunk], dict[str, Any]]:
    paragraphs = [p for p in paragraphs if p.strip()]
    parsed = parse_session(paragraphs, fallback_title) if kind == SESSION else parse_policy(paragraphs, fallback_title)
    info = parsed.info
    for field, value in (overrides or {}).items():
        if value not in (None, ""):
            info[field] = value
    base = {k: info[k] for k in _METADATA_KEYS if info.get(k) not in (None, "")}
    base.update(kind=kind, source_key=source_key)
    if file_name:
        base["file_name"] = file_name
    for field, value in (overrides or {}).items():
        if field not in base and isinstance(value, str | int | float | bool):
            base[field] = value
    chunks = chunk_document(parsed, source_key, base)
    if kind == POLICY and chunks:
        head = header_chunk(info, source_key, base)
        chunks = [head, *chunks] if head else chunks
    if not chunks:
        raise DocumentRejected(f"“{file_name or fallback_title}”中没有可加入知识库的正文内容。")
    if kind == SESSION:
        info["outcome"] = session_outcome(chunks)
    return chunks, info


_OUTCOME_SECTION = re.compile(r"成果|共识|结论|落实|办理|结果|成效")


def session_outcome(chunks: list[Chunk], limit: int = 300) -> str:
    """What came of a past session: the text of its outcome / follow-up sections."""
    parts = [c.text for c in chunks if _OUTCOME_SECTION.search(c.section)]
    text = "\n".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_session_file(path: Path, paragraphs: list[str]) -> bool:
    if any(part.lower() in SESSION_DIRS for part in path.resolve().parent.parts[-1:]):
        return True
    return bool(paragraphs) and bool(_SESSION_FIRST_LINE.search(paragraphs[0]))


def _scalars(extra: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extra.items() if isinstance(v, str | int | float | bool)}
