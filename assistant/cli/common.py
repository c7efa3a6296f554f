"""What every command shares: building the app once and turning failures into Chinese messages."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from sqlalchemy.exc import OperationalError

from assistant.bootstrap import App, build_app
from assistant.cli.failures import first_line
from assistant.config import Settings
from assistant.domain.rules import RuleViolation
from assistant.domain.vocab import LabelledEnum

log = logging.getLogger(__name__)
E = TypeVar("E", bound=LabelledEnum)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Prints a Chinese message on stderr and returns the Exit to raise."""
    print(message, file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def open_app(settings: Settings | None = None) -> Iterator[App]:
    settings = settings or Settings()
    try:
        app = build_app(settings)
    except OperationalError as exc:
        log.exception("database unavailable")
        where = settings.resolved_database_url.split("@")[-1]
        raise fail(f"无法连接或升级数据库（{where}）：{first_line(exc.orig)}。请确认数据库已启动、地址与账号正确。", 1) from exc
    try:
        yield app
    except RuleViolation as exc:
        raise fail(exc.message) from exc
    finally:
        app.close()


def parse_enum(enum_cls: type[E], text: str, what: str) -> E:
    try:
        return enum_cls.from_label(text.strip())
    except ValueError:
        options = "、".join(f"{m.value}（{m.label}）" for m in enum_cls)
        raise fail(f"无法识别的{what}“{text}”。可选：{options}") from None
