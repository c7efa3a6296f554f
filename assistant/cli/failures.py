"""What the command line says when a command fails: one Chinese line, never a traceback.

`main()` runs every command through `run_reporting_failures`; the full detail (traceback,
driver message) goes to the log file in the data dir, the user gets a sentence saying what is
wrong and where to look.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

log = logging.getLogger("assistant.cli")

DATABASE_URL_EXAMPLE = "postgresql+psycopg://用户:密码@主机:5432/库名 或 sqlite:////路径/assistant.db"


def run_reporting_failures(command: Callable[[], object]) -> None:
    """Runs the Typer app; an unexpected exception becomes one line on stderr and exit status 1."""
    try:
        command()
    except (SystemExit, KeyboardInterrupt) as exc:
        if isinstance(exc, KeyboardInterrupt):
            print("已中断。", file=sys.stderr)
            raise SystemExit(130) from None
        raise
    except BaseException as exc:  # noqa: BLE001 — the last line of defence before a traceback
        log_file = _log_detail(exc)
        print(describe(exc) + (f"（详细信息见日志 {log_file}）" if log_file else ""), file=sys.stderr)
        raise SystemExit(1) from None


def describe(exc: BaseException) -> str:
    """One Chinese sentence for a failure a user can fix (configuration, network, files)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    if isinstance(exc, ArgumentError | NoSuchModuleError) or _missing_driver(exc):
        return f"数据库地址 ASSISTANT_DATABASE_URL 无法识别或不受支持，请检查格式，例如 {DATABASE_URL_EXAMPLE}。"
    if isinstance(exc, OperationalError):
        return f"无法连接数据库：{first_line(exc.orig or exc)}。请确认数据库已启动、地址与账号正确。"
    telegram = _telegram_problem(exc)
    if telegram:
        return telegram
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件或文件夹“{exc.filename or exc}”，请检查路径后重试。"
    if isinstance(exc, PermissionError):
        return f"没有权限访问“{exc.filename or exc}”，请检查文件权限或 ASSISTANT_DATA_DIR 设置。"
    if isinstance(exc, OSError):
        return f"读写文件或网络时出错：{first_line(exc)}。"
    if type(exc).__name__ == "ValidationError":  # pydantic-settings: a malformed environment variable
        return f"配置有误：{first_line(exc)}。请检查环境变量或 .env 文件。"
    return f"命令执行失败（{type(exc).__name__}）。"


def _telegram_problem(exc: BaseException) -> str | None:
    try:
        from telegram.error import InvalidToken, NetworkError, TimedOut
    except ImportError:
        return None
    if isinstance(exc, InvalidToken):
        return "Telegram 拒绝了机器人令牌（TELEGRAM_BOT_TOKEN 无效或已被撤销），请向 @BotFather 核对后重试。"
    if isinstance(exc, NetworkError | TimedOut):
        return "无法连接 Telegram Bot API，请检查网络、代理（HTTPS_PROXY/ALL_PROXY）或 TELEGRAM_BASE_URL 设置后重试。"
    return None


def _missing_driver(exc: BaseException) -> bool:
    """`mysql://…` without a MySQL driver: SQLAlchemy lets the ImportError of the driver through."""
    return isinstance(exc, ImportError) and any(
        "sqlalchemy/dialects" in (frame.f_code.co_filename or "").replace("\\", "/") for frame in _frames(exc)
    )


def _frames(exc: BaseException):
    tb = exc.__traceback__
    while tb is not None:
        yield tb.tb_frame
        tb = tb.tb_next


def first_line(exc: object) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip("。.")[:200]


def _log_detail(exc: BaseException) -> str | None:
    """Writes the traceback to the log file (set up here if the command failed before doing so)."""
    try:
        from assistant.bootstrap import configure_logging
        from assistant.config import Settings

        settings = Settings()
        configure_logging(settings)
        log.error("command failed", exc_info=exc)
        return str(settings.log_file)
    except Exception:  # noqa: BLE001 — the settings themselves may be what is broken: no log to write to
        return None
