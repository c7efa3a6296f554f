"""`assistant export`: all records as one JSON document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from assistant.cli.common import fail, open_app
from assistant.services.export import export_records
from assistant.storage.db import schema_revisions


def export(
    as_json: bool = typer.Option(True, "--json", help="以 JSON 格式输出（默认）/ JSON output"),
    output: Path | None = typer.Option(None, "-o", "--output", help="写入文件而不是标准输出 / Write to a file"),
    public: bool = typer.Option(False, "--public", help="用于公开发布：去掉电话、身份证号、邮箱、渠道账号和持不同意见者姓名（见 README“公开导出”）/ Drop personal data for publication"),
) -> None:
    """导出全部记录（人员、议题、协商活动、纪要、成果、审计日志）为一个 JSON 文档 / Export every record."""
    if not as_json:
        raise fail("目前只支持 JSON 格式导出，请使用 --json。")
    with open_app() as app:
        revision, _ = schema_revisions(app.db.url)
        with app.db.transaction() as session:
            document = export_records(session, public=public, schema_revision=revision)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if output is None:
        print(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        counts = "，".join(f"{k} {len(v)}" for k, v in document.items() if isinstance(v, list))
        print(f"已导出到 {output}（{counts}）", file=sys.stderr)
