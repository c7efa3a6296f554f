"""Chinese for the command-line framework's own words: help panels and usage errors.

Typer (with the Click it vendors) writes "Usage:", "Options", "No such option: --x" in
English, partly as module constants and partly as f-strings inside its exception classes, so
no gettext catalogue can reach them. `install()` therefore does three small, explicit things:
sets Typer's panel titles, renames the usage prefix and the help option's text, and replaces
Typer's error printer with `explain()`, which words each kind of usage error in Chinese from
the exception's own fields (option name, parameter, suggestions). `tests/unit/test_cli_chinese.py`
runs the real command line and fails if a Typer upgrade brings English back.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer.core
import typer.rich_utils

# The Click that Typer actually runs (vendored since Typer 0.2x; plain Click before).
_click: Any = getattr(typer.core, "_click", None)
if _click is None:  # pragma: no cover - older Typer
    import click as _click

_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中断。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
}
HELP_OPTION_TEXT = "显示本帮助并退出。"
_USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]", "[参数]"))

# Click's own wording of a bad value (types.py), kept as patterns so the value stays visible.
_VALUE_MESSAGES = (
    # Typer >= 0.2x validates with pydantic, which words it this way.
    (re.compile(r"^Input should be a valid integer.*$"), "应为整数"),
    (re.compile(r"^Input should be a valid number.*$"), "应为数字"),
    (re.compile(r"^Input should be a valid boolean.*$"), "应为是/否"),
    (re.compile(r"^Input should be less than or equal to (?P<v>\S+?)\.?$"), "不能大于 {v}"),
    (re.compile(r"^Input should be greater than or equal to (?P<v>\S+?)\.?$"), "不能小于 {v}"),
    (re.compile(r"^Input should be less than (?P<v>\S+?)\.?$"), "应小于 {v}"),
    (re.compile(r"^Input should be greater than (?P<v>\S+?)\.?$"), "应大于 {v}"),
    (re.compile(r"^Input should be (?P<v>.+?)\.?$"), "应为 {v}"),
    (re.compile(r"^(?P<v>.+?) is not a valid (integer|int)\.?$"), "{v} 不是有效的整数"),
    (re.compile(r"^(?P<v>.+?) is not a valid (float|number)\.?$"), "{v} 不是有效的数字"),
    (re.compile(r"^(?P<v>.+?) is not a valid boolean.*$"), "{v} 不是有效的是/否取值"),
    (re.compile(r"^(?P<v>.+?) is not one of (?P<c>.+?)\.?$"), "{v} 不在可选值 {c} 之中"),
    (re.compile(r"^(?P<v>.+?) is not in the range (?P<c>.+?)\.?$"), "{v} 不在允许的范围 {c} 内"),
    (re.compile(r"^(?P<v>.+?) is not (?P<c>.+?)\.?$"), "{v} 不是 {c}"),
    (re.compile(r"^.*?(?P<v>'[^']*') does not exist\.?$"), "{v} 不存在"),
    (re.compile(r"^.*?(?P<v>'[^']*') is a directory\.?$"), "{v} 是文件夹，不是文件"),
    (re.compile(r"^.*?(?P<v>'[^']*') is a file\.?$"), "{v} 是文件，不是文件夹"),
)


def install() -> None:
    """Make the command line's framework words Chinese in this process (idempotent)."""
    for name, text in _PANEL_TITLES.items():
        if hasattr(typer.rich_utils, name):
            setattr(typer.rich_utils, name, text)
    typer.rich_utils.rich_format_error = print_usage_error

    formatter = _click.formatting.HelpFormatter
    if not getattr(formatter.write_usage, "_chinese", False):
        english_write_usage = formatter.write_usage

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            english_write_usage(self, prog, _usage_words(args), "用法：" if prefix is None else prefix)

        write_usage._chinese = True  # type: ignore[attr-defined]
        formatter.write_usage = write_usage

    command = _click.core.Command
    if not getattr(command.get_help_option, "_chinese", False):
        english_help_option = command.get_help_option

        def get_help_option(self: Any, ctx: Any) -> Any:
            option = english_help_option(self, ctx)
            if option is not None:
                option.help = HELP_OPTION_TEXT
            return option

        get_help_option._chinese = True  # type: ignore[attr-defined]
        command.get_help_option = get_help_option


def print_usage_error(error: Any) -> None:
    """What Typer prints for a usage error: the usage line, the reason in Chinese, where to look."""
    if type(error).__name__ == "NoArgsIsHelpError":  # the help screen was already shown
        return
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
    lines.append("错误：" + explain(error))
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        lines.append(f"可运行“{ctx.command_path} {ctx.help_option_names[0]}”查看用法。")
    print("\n".join(lines), file=sys.stderr)


def explain(error: Any) -> str:
    """One Chinese sentence for a usage error, from the exception's fields, not its English text."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoSuchOption":
        text = f"没有“{error.option_name}”这个选项。"
        if error.possibilities:
            text += "相近的选项：" + "、".join(sorted(error.possibilities)) + "。"
        return text
    if kind == "MissingParameter":
        what = "选项" if (error.param_type or getattr(error.param, "param_type_name", "")) == "option" else "参数"
        hint = _hint(error)
        return f"缺少{what}“{hint}”。" if hint else f"缺少{what}。"
    if kind == "BadOptionUsage":
        name = error.option_name
        if "requires" in message:
            return f"选项“{name}”后面需要给出取值。"
        if "does not take" in message:
            return f"选项“{name}”不接受取值。"
        return f"选项“{name}”的用法不对。"
    if kind == "BadParameter":
        hint = _hint(error)
        return f"{hint} 的取值无效：{_value_message(message)}。" if hint else f"取值无效：{_value_message(message)}。"
    found = re.match(r"No such command '(?P<name>[^']*)'\.?(?: Did you mean '(?P<near>[^']*)'\?)?", message)
    if found:
        text = f"没有“{found['name']}”这个命令。"
        return text + (f"您是否要用“{found['near']}”？" if found["near"] else "")
    found = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", message)
    if found:
        return f"多余的参数：{found['args']}。"
    if message.startswith("Missing command"):
        return "缺少命令。"
    return f"命令用法有误（{message}）。" if message else "命令用法有误。"


def _hint(error: Any) -> str:
    """The parameter's name as the user typed it: "--date" or "file", without Click's quotes."""
    hint = error.param_hint or (error.param.get_error_hint() if error.param is not None else "")
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    return str(hint).replace("'", "").replace('"', "")


def _value_message(message: str) -> str:
    message = message.strip()
    for pattern, chinese in _VALUE_MESSAGES:
        found = pattern.match(message)
        if found:
            return chinese.format(**found.groupdict())
    return message.rstrip("。.")


def _usage_words(args: str) -> str:
    for english, chinese in _USAGE_WORDS:
        args = args.replace(english, chinese)
    return args
