"""`assistant minutes draft FILE`: a structured draft of the minutes from a transcript, offline.

Stable for scripts: `--json` prints the `MinutesDraft` fields (UTF-8, not escaped) on stdout;
`-o OUT.docx` / `-o OUT.md` writes the document; errors print a Chinese message on stderr and
exit with code 2 — never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from assistant.drafting.documents import (
    NO_ACTIONS,
    NO_NEXT_MEETING,
    SECTION_HEADINGS,
    meta_lines,
    person_label,
    render_minutes_docx,
    render_minutes_markdown,
)
from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.final import settle_meeting_day
from assistant.drafting.minutes.reading import MAX_TRANSCRIPT_CHARS, TranscriptError
from assistant.drafting.schemas import MinutesDraft

log = logging.getLogger(__name__)

ERROR_EXIT_CODE = 2
OUTPUT_SUFFIXES = (".docx", ".md")


def _fail(message: str) -> typer.Exit:
    """Chinese message on stderr; the caller raises the returned Exit."""
    print(message, file=sys.stderr)
    return typer.Exit(ERROR_EXIT_CODE)


def _read_transcript(file: Path) -> str:
    # Imported here so `assistant --help` stays fast and the readers module stays the single
    # place that decides which files are acceptable.
    from assistant.readers import UnreadableDocument, read_document

    if not file.exists():
        raise _fail(f"找不到文件“{file}”，请检查路径后重试。")
    if not file.is_file():
        raise _fail(f"“{file}”不是文件，请指定会议记录文件（.txt、.md、.docx 或 .pdf）。")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"无法读取文件“{file}”：{exc.strerror or exc}。") from exc
    try:
        return read_document(file.name, data)
    except UnreadableDocument as exc:
        raise _fail(exc.message) from exc


def _write_output(draft: MinutesDraft, output: Path) -> None:
    try:
        if output.suffix.lower() == ".docx":
            output.write_bytes(render_minutes_docx(draft))
        else:
            output.write_text(render_minutes_markdown(draft), encoding="utf-8")
    except OSError as exc:
        raise _fail(f"无法写入文件“{output}”：{exc.strerror or exc}。") from exc


def _items(console: Console, rows: list[tuple[str, str]], style: str = "") -> None:
    """Marker + text in two columns: Chinese has no spaces, so plain printing would wrap
    right after the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for marker, text in rows:
        grid.add_row(marker, text, style=style)
    console.print(grid)


def _show(draft: MinutesDraft, console: Console) -> None:
    """Readable terminal view with the same sections as the document."""
    facts = Table.grid(padding=(0, 1))
    facts.add_column(no_wrap=True)
    facts.add_column(ratio=1, overflow="fold")
    for label, value in meta_lines(draft, review=True):
        facts.add_row(f"[bold]{label}[/bold]", value)
    console.print(Panel(facts, title=f"[bold]{draft.title}[/bold]", subtitle="离线起草初稿，请核对"))
    if draft.summary:
        console.print(draft.summary, overflow="fold")
    headings = iter(SECTION_HEADINGS)

    console.print(f"\n[bold]{next(headings)}[/bold]")
    for view in draft.views:
        console.print(f"[cyan]{person_label(draft, view.speaker)}[/cyan]")
        _items(console, [("  ·", point) for point in view.points])

    console.print(f"\n[bold]{next(headings)}[/bold]")
    consensus = draft.consensus or ["会上未形成明确共识。"]
    _items(console, [(f"  {n}.", item) for n, item in enumerate(consensus, start=1)])

    console.print(f"\n[bold]{next(headings)}[/bold]")
    _items(
        console,
        [(f"  {n}.", item) for n, item in enumerate(draft.disagreements, start=1)],
        style="yellow" if draft.has_disagreements else "",
    )

    console.print(f"\n[bold]{next(headings)}[/bold]")
    if draft.actions:
        table = Table("序号", "工作任务", "责任单位", "时限")
        for number, action in enumerate(draft.actions, start=1):
            table.add_row(str(number), action.task, action.owner, action.due)
        console.print(table)
    else:
        _items(console, [("  ", NO_ACTIONS)])

    console.print(f"\n[bold]{next(headings)}[/bold]")
    _items(console, [("  ", draft.next_meeting or NO_NEXT_MEETING)])
    console.print(f"\n[bold]{next(headings)}[/bold]")
    _items(console, [("  ", draft.publicity)])


def draft(
    file: Path = typer.Argument(
        ..., help="会议记录文件：.txt、.md、.docx 或 .pdf / Transcript or notes file", show_default=False
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出纪要各字段，便于脚本处理 / Print the draft as JSON"),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="写入 Word（.docx）或 Markdown（.md）文件 / Write OUT.docx or OUT.md"
    ),
) -> None:
    """起草会议纪要 / Draft minutes from a transcript.

    离线读取会议记录：打字记录（“姓名：”“姓名（身份，单位）：”“【姓名】”）、编号记录、
    语音转写导出（“姓名 00:00:04”“说话人 3 (00:02:48)”）、群聊导出（“日期 时间 姓名”）、
    带签到表和分节的 Word 记录、院坝会记录；整理出参加人员、各方主要意见、共识、
    分歧意见（持不同意见者）、下一步工作（责任单位、任务、时限及推算日期）、下次会议
    和公开方式。--json 输出中每条都带原文依据（行号和原句）。
    """
    if output is not None and output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise _fail(f"输出文件“{output.name}”的扩展名不受支持，请使用 .docx（Word 文档）或 .md（Markdown）。")
    text = _read_transcript(file)
    try:
        # "11月18日" with no year anywhere in the record: the year of today, said as such in 时间.
        minutes = settle_meeting_day(draft_minutes(text), today=date.today())
    except TranscriptError as exc:
        raise _fail(exc.message_zh) from exc
    except Exception as exc:  # a bug must still end in a Chinese message, not a traceback
        log.exception("minutes drafting failed for %s", file)
        raise _fail(f"起草纪要时发生内部错误（{type(exc).__name__}），请将会议记录文件反馈给管理员。") from exc

    if output is not None:
        _write_output(minutes, output)
    if as_json:
        print(json.dumps(minutes.model_dump(mode="json"), ensure_ascii=False, indent=2))
    elif output is None:
        _show(minutes, Console())
    if output is not None:
        # On stderr when JSON goes to stdout, so `--json -o x.docx | jq` still works.
        print(f"已生成会议纪要：{output}", file=sys.stderr if as_json else sys.stdout)


def register(app: typer.Typer) -> None:
    """Adds the `minutes` command group (`minutes draft FILE [--json] [-o OUT]`) to `app`."""
    minutes_app = typer.Typer(
        name="minutes",
        help=f"会议纪要 / Minutes. 会议记录上限 {MAX_TRANSCRIPT_CHARS:,} 字符。",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @minutes_app.callback()
    def _group() -> None:
        """会议纪要：离线起草 / Minutes: offline drafting."""

    minutes_app.command("draft")(draft)
    app.add_typer(minutes_app, name="minutes")
