"""`assistant doctor`: what is configured, and whether each part answers.

Read-only: it never creates a database, builds an index or changes settings, so it is safe
to run on a live installation. Every model endpoint gets one tiny request bounded by
ASSISTANT_LLM_TIMEOUT. Exit code 0 when everything configured works, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.config import Settings
from assistant.llm.probe import Check, probe_embedding, probe_llm

EXIT_PROBLEM = 1


def masked_database_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 — an unparsable URL is shown without anything after "@"
        return "***@" + url.split("@")[-1] if "@" in url else url


def check_database(settings: Settings) -> Check:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = settings.resolved_database_url
    details: dict[str, Any] = {"url": masked_database_url(url)}
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001
        return Check("database", "数据库", False, f"数据库连接串无法解析：{type(exc).__name__}", details)
    details["dialect"] = parsed.get_backend_name()
    sqlite_file = details["dialect"] == "sqlite" and parsed.database and parsed.database != ":memory:"
    if sqlite_file and not Path(parsed.database).exists():
        # Not an error: the first command that needs it creates and migrates it.
        return Check("database", "数据库", True, "SQLite 数据库尚未创建，首次运行时自动创建。", details)
    connect_args = {"connect_timeout": 5} if details["dialect"].startswith("postgresql") else {}
    try:
        engine = create_engine(url, connect_args=connect_args)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                from alembic.runtime.migration import MigrationContext

                details["revision"] = MigrationContext.configure(connection).get_current_revision()
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001
        # The driver's message names host and database but not the password.
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200] if str(exc) else type(exc).__name__
        return Check("database", "数据库", False, f"无法连接数据库：{reason}", details)
    return Check("database", "数据库", True, f"连接正常（结构版本 {details['revision'] or '未初始化'}）。", details)


def check_chroma(settings: Settings) -> Check:
    if settings.chroma_host:
        details: dict[str, Any] = {"mode": "server", "host": settings.chroma_host, "port": settings.chroma_port}
        try:
            from assistant.retrieval.vectorstore import chroma_client

            chroma_client(settings).heartbeat()
        except Exception as exc:  # noqa: BLE001
            return Check("chroma", "向量索引", False,
                         f"无法连接 Chroma 服务器 {settings.chroma_host}:{settings.chroma_port}：{type(exc).__name__}",
                         details)
        return Check("chroma", "向量索引", True,
                     f"服务器模式（{settings.chroma_host}:{settings.chroma_port}），连接正常。", details)
    folder = settings.chroma_dir
    details = {"mode": "embedded", "path": str(folder)}
    state = "已建立" if folder.is_dir() else "尚未建立，首次使用时自动建立"
    return Check("chroma", "向量索引", True, f"嵌入式（{folder}），{state}。", details)


def check_knowledge(settings: Settings) -> Check:
    from assistant.retrieval.chunkstore import ChunkStore
    from assistant.retrieval.models import POLICY, SESSION

    shared = settings.resolved_database_url.startswith("postgresql")
    path = Path(settings.data_dir) / "retrieval" / "chunks.sqlite3"
    where = "PostgreSQL 数据库（各进程共用）" if shared else f"本机文件 {path}"
    if not shared and not path.exists():
        return Check("knowledge", "知识库", True, "尚未建立，首次提问或检索时自动导入随附的政策文件。",
                     {"sources": 0, "policy_chunks": 0, "session_chunks": 0, "store": where})
    try:
        if shared:
            from assistant.retrieval.pgchunkstore import PgChunkStore

            store = PgChunkStore(settings.resolved_database_url)
        else:
            store = ChunkStore(path)
        try:
            details = {
                "sources": len(store.sources()),
                "policy_chunks": store.count(POLICY),
                "session_chunks": store.count(SESSION),
                "store": where,
            }
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001
        return Check("knowledge", "知识库", False, f"无法读取知识库（{where}）：{type(exc).__name__}", {})
    return Check(
        "knowledge", "知识库", True,
        f"{details['sources']} 个文件，政策条文片段 {details['policy_chunks']} 条，往期协商片段 {details['session_chunks']} 条"
        f"（存于{where}）。",
        details,
    )


def run_checks(settings: Settings) -> list[Check]:
    return [probe_llm(settings), probe_embedding(settings), check_database(settings), check_chroma(settings),
            check_knowledge(settings)]


def _describe(check: Check) -> list[str]:
    """The configuration lines under a check (no secrets: URLs are already stripped)."""
    d = check.details
    if check.key == "llm" and d.get("provider") not in (None, "none"):
        return [f"提供方：{d['provider']}　模型：{d.get('model', '')}", f"接口地址：{d.get('base_url', '')}",
                f"结构化输出：{d.get('structured_output', '')}　超时：{d.get('timeout_seconds', '')} 秒"]
    if check.key == "embedding" and d.get("provider") not in ("offline", "hash"):
        return [f"提供方：{d.get('provider')}　模型：{d.get('model', '')}"] + (
            [f"接口地址：{d['base_url']}"] if d.get("base_url") else [])
    if check.key == "database":
        return [f"连接串：{d.get('url', '')}"]
    return []


def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / Print JSON")] = False,
) -> None:
    """检查配置：大模型、向量模型、数据库、向量索引、知识库是否可用 / Check that configured services answer."""
    settings = Settings()
    checks = run_checks(settings)
    ok = all(check.ok for check in checks)
    if as_json:
        sys.stdout.write(json.dumps({"ok": ok, "checks": [c.to_dict() for c in checks]}, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        for check in checks:
            mark = "✓" if check.ok else "✗"
            print(f"{mark} {check.label}：{check.status}")
            for line in _describe(check):
                print(f"    {line}")
        print("\n全部正常。" if ok else "\n存在问题，请按上述提示检查配置。")
    if not ok:
        raise typer.Exit(EXIT_PROBLEM)


def register(app: typer.Typer) -> None:
    """Adds `doctor` as a top-level command of `app`."""
    app.command("doctor")(doctor)
