"""Knowledge-base commands: `assistant ingest`, `assistant search`, `assistant ask`.

`register(app)` adds them as top-level commands. They need only the settings and the
knowledge base (no database), and build the index on first use, so `assistant ask` works
right after installation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.config import Settings
from assistant.retrieval import KnowledgeError

if TYPE_CHECKING:
    from assistant.retrieval import KnowledgeBase

EXIT_BAD_INPUT = 2
EXIT_PARTIAL_FAILURE = 1


def _console() -> Console:
    return Console(stderr=False, highlight=False)


def _err_console() -> Console:
    return Console(stderr=True, highlight=False)


def _knowledge_base() -> KnowledgeBase:
    from assistant.bootstrap import shared_knowledge_base

    return shared_knowledge_base(Settings())


def _ensure_built(kb: KnowledgeBase, quiet: bool) -> None:
    """First use after installation: index the shipped documents (a no-op once built)."""
    report = kb.ensure_built()
    if report is None or quiet:
        return
    _err_console().print(f"[dim]首次使用，已建立知识库索引：{report.summary_zh()}[/dim]", soft_wrap=True)
    for name, reason in report.failed:
        _err_console().print(f"[yellow]未能加入知识库：{name}：{reason}[/yellow]", soft_wrap=True)


def _fail(exc: KnowledgeError) -> typer.Exit:
    _err_console().print(f"[red]{exc.message_zh}[/red]")
    return typer.Exit(EXIT_BAD_INPUT)


def _print_json(data: object) -> None:
    # Plain stdout write: Rich would wrap long lines and break the JSON for scripts.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="要导入的文件或文件夹；不填则导入随附的知识库文件夹 / Files or folders to ingest"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / Print the report as JSON")] = False,
) -> None:
    """导入政策文件和往期协商记录到知识库（已导入且未修改的文件自动跳过）/ Ingest documents into the knowledge base.

    支持 .txt/.md/.docx/带文字层的 .pdf；按“第X条”或“一、（一）”等条款切分，识别文号、发文机关和日期；
    修改过的文件替换，从文件夹中删除的文件移出知识库。
    """
    kb = _knowledge_base()
    try:
        if as_json:
            report = kb.ingest(paths or None)
        else:
            with Progress(
                TextColumn("[bold]导入中[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=_err_console(),
                transient=True,
            ) as progress:
                task = progress.add_task("", total=None)

                def on_progress(done: int, total: int, name: str) -> None:
                    progress.update(task, completed=done, total=total, description=name)

                report = kb.ingest(paths or None, progress=on_progress)
    except KnowledgeError as exc:
        raise _fail(exc) from exc

    if as_json:
        _print_json(report.to_dict())
    else:
        console = _console()
        console.print(f"导入完成：{report.summary_zh()}", soft_wrap=True)
        for label, names in (("新增", report.added), ("更新", report.updated), ("移除", report.removed)):
            for name in names:
                console.print(f"  {label}：{name}")
        for name, reason in report.failed:
            _err_console().print(f"[red]  失败：{name}：{reason}[/red]")
    if report.failed:
        raise typer.Exit(EXIT_PARTIAL_FAILURE)


def search(
    query: Annotated[str, typer.Argument(help="检索内容 / What to search for")],
    k: Annotated[int, typer.Option("-k", "--top", min=1, max=50, help="返回条数 / Number of hits")] = 5,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="只查 policy（政策文件）或 session（往期协商）/ Restrict to policy or session"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / Print JSON")] = False,
) -> None:
    """检索知识库 / Search the knowledge base."""
    kb = _knowledge_base()
    try:
        _ensure_built(kb, quiet=as_json)
        hits = kb.search(query, k=k, kind=kind)
    except KnowledgeError as exc:
        raise _fail(exc) from exc
    if as_json:
        _print_json({"query": query, "hits": [h.to_dict() for h in hits]})
        return
    console = _console()
    if not hits:
        console.print("知识库中没有检索到相关内容。")
        return
    table = Table(title=f"检索：{query}", show_lines=True, expand=True)
    # fold: Chinese has no spaces to wrap at; without it Rich cuts cells to "…".
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("出处", overflow="fold", ratio=2)
    table.add_column("条款", overflow="fold", ratio=2)
    table.add_column("内容", overflow="fold", ratio=5)
    table.add_column("得分", justify="right", no_wrap=True)
    for index, hit in enumerate(hits, start=1):
        kind_label = "往期协商" if hit.kind == "session" else "政策文件"
        text = hit.text if len(hit.text) <= 160 else hit.text[:159] + "…"
        table.add_row(str(index), f"{hit.source}\n[dim]{kind_label}[/dim]", hit.section, text, f"{hit.score:.4f}")
    console.print(table)


def ask(
    question: Annotated[str, typer.Argument(help="要咨询的问题 / Your question")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / Print JSON")] = False,
) -> None:
    """根据知识库中的政策文件回答问题并注明出处（配置了大模型时由其依据检索到的条文作答）/ Answer from the knowledge base with citations.

    出处写作《××办法》第十二条；只找到可能相关的条文时，答复注明“未找到直接规定，以下条文可能相关”。
    """
    from assistant.bootstrap import configure_logging
    from assistant.llm import build_drafter

    settings = Settings()
    # Model failures are logged for staff to read later, never printed over the answer.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(settings)
    from assistant.bootstrap import shared_knowledge_base

    kb = shared_knowledge_base(settings)
    try:
        _ensure_built(kb, quiet=as_json)
        drafted = build_drafter(settings).answer(question, kb)
    except KnowledgeError as exc:
        raise _fail(exc) from exc
    answer = drafted.value
    if as_json:
        _print_json({**answer.to_dict(), "source": drafted.source, "note": drafted.note})
        return
    console = _console()
    if drafted.note:
        console.print(drafted.note, soft_wrap=True, markup=False)
    # soft_wrap: let the terminal wrap Chinese text instead of Rich cutting lines mid-phrase.
    console.print(answer.answer, soft_wrap=True, markup=False)
    if answer.citations:
        console.print("\n出处：", soft_wrap=True)
        for citation in answer.citations:
            console.print(f"  《{citation.source}》{citation.section}", soft_wrap=True, markup=False)


def register(app: typer.Typer) -> None:
    """Adds ingest / search / ask as top-level commands of `app`."""
    app.command("ingest")(ingest)
    app.command("search")(search)
    app.command("ask")(ask)
