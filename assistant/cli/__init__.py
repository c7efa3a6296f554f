"""The `assistant` command line. Each command group lives in its own module; this file composes them."""

from __future__ import annotations

import typer

from assistant.cli import admin, db, doctor, knowledge, minutes, outcomes
from assistant.cli.bot import bot
from assistant.cli.chat import chat
from assistant.cli.export import export
from assistant.cli.failures import run_reporting_failures
from assistant.cli.zh_cli import install as speak_chinese

speak_chinese()

app = typer.Typer(
    name="assistant",
    help="协商助手：服务“有事来协商”平台的对话式助手。/ Consultation assistant for the CPPCC “有事来协商” platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("chat")(chat)
app.command("bot")(bot)
app.command("export")(export)
app.add_typer(db.app, name="db")
app.add_typer(admin.app, name="admin")
knowledge.register(app)
doctor.register(app)
minutes.register(app)
outcomes.register(app)


def main() -> None:
    # A failure nobody caught is one Chinese line on stderr (and the traceback in the log).
    run_reporting_failures(app)
