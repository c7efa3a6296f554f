"""`assistant outcomes due [--json] [--date 日期]`: action items past their deadline.

For a daily look (or a cron job) at what the outcome of a consultation still owes: items whose
parsed due date lies before the given day and that are not 已落实. `--json` prints a list of
objects (stable field names) for scripts; no items prints a Chinese line, or `[]` with --json.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.common import fail, open_app
from assistant.domain.dates import parse_date
from assistant.services import outcomes
from assistant.storage.types import local_now

NOTHING_OVERDUE = "目前没有逾期未落实的事项。"
# Piped into a file or a mail, Rich would wrap at 80 columns and split the Chinese task text.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def due(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出，便于脚本处理 / Print JSON"),
    on: str | None = typer.Option(None, "--date", help="以哪一天为准（如 2027-01-16、2027年1月16日、下周五，默认今天）/ Reference date"),
) -> None:
    """列出逾期未落实的事项 / List overdue action items.

    时限已过（应完成日期早于指定日期）且状态不是“已落实”的事项，按逾期时间从长到短排列。
    只有能从时限推算出具体日期的事项（如“12月15日前”“两周内”）才纳入统计。
    """
    try:
        today = local_now().date()
        day = parse_date(on, today) if on else today
    except ValueError:
        raise fail(f"日期“{on}”无法识别，请按“2027-01-16”“2027年1月16日”或“下周五”的形式输入。") from None
    with open_app() as application, application.db.transaction() as session:
        overdue = outcomes.overdue_actions(session, day)
        if as_json:
            print(json.dumps([item.as_json() for item in overdue], ensure_ascii=False, indent=2))
            return
        if not overdue:
            print(NOTHING_OVERDUE)
            return
        table = Table(
            "编号", "责任单位", "工作任务", "时限", "应完成日期", "逾期天数", "状态", "会议纪要",
            title=f"截至 {day} 逾期未落实的事项",
        )
        for item in overdue:
            table.add_row(
                str(item.id),
                item.owner,
                item.task,
                item.due_text,
                item.due_date.isoformat(),
                str(item.days_overdue),
                item.status.label,
                item.minutes_title,
            )
        console.print(table)
        print(f"共 {len(overdue)} 项。可在对话中发送 /actions 更新落实进度。")


def register(app: typer.Typer) -> None:
    """Adds the `outcomes` command group (`outcomes due [--json] [--date]`) to `app`."""
    outcomes_app = typer.Typer(
        name="outcomes",
        help="协商成果落实 / Outcomes and action items",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @outcomes_app.callback()
    def _group() -> None:
        """协商成果落实情况 / Outcomes and action items."""

    outcomes_app.command("due")(due)
    app.add_typer(outcomes_app, name="outcomes")
