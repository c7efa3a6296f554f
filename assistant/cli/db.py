"""`assistant db …`: schema migrations."""

from __future__ import annotations

import typer

from assistant.cli.common import fail
from assistant.config import Settings
from assistant.storage.db import autogenerate_revision, schema_revisions, upgrade_schema

app = typer.Typer(help="数据库结构管理 / Database schema", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """将数据库结构升级到最新版本（启动时也会自动执行）/ Upgrade the schema."""
    settings = Settings()
    try:
        upgrade_schema(settings.resolved_database_url)
    except Exception as exc:  # noqa: BLE001 — any driver error becomes one clear line
        raise fail(f"数据库升级失败：{exc}", 1) from exc
    current, head = schema_revisions(settings.resolved_database_url)
    print(f"数据库结构已是最新版本（{current}）。")


@app.command("current")
def current() -> None:
    """显示数据库当前版本与程序要求的版本 / Show schema revisions."""
    settings = Settings()
    current, head = schema_revisions(settings.resolved_database_url)
    state = "已是最新" if current == head else "需要升级，请运行 assistant db upgrade"
    print(f"当前版本：{current or '未初始化'}；最新版本：{head}（{state}）")


@app.command("revision", hidden=True)
def revision(message: str = typer.Argument(..., help="迁移说明 / Migration message")) -> None:
    """（开发者）根据模型变化生成新的迁移脚本 / Autogenerate a migration (developers)."""
    settings = Settings()
    upgrade_schema(settings.resolved_database_url)
    autogenerate_revision(settings.resolved_database_url, message)
