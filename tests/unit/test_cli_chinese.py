"""The command line's own words are Chinese: help screens and usage errors, as a user sees them.

Each case runs the real `assistant` entry point in a child process (the way a person at a
terminal meets it), so a Typer upgrade that brings English back fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = ("Usage:", "Error", "No such option", "Missing argument", "requires an argument",
           "Show this message", "Try '", "Options", "Commands", "Input should")


# The console script pip installs next to the interpreter: what a user types.
ASSISTANT = Path(sys.executable).with_name("assistant")


def run(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "ASSISTANT_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [str(ASSISTANT), *args],
        capture_output=True, text=True, env=env, timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "错误：没有“--bogus”这个选项。"),
        (["outcomes", "due", "--dat", "x"], "相近的选项：--date。"),
        (["outcomes", "dues"], "没有“dues”这个命令。您是否要用“due”？"),
        (["outcomes", "due", "--date"], "选项“--date”后面需要给出取值。"),
        (["minutes", "draft"], "缺少参数“file”。"),
        (["search", "停车", "-k", "abc"], "-k / --top 的取值无效：应为整数。"),
        (["search", "停车", "-k", "99"], "不能大于 50"),
        (["admin", "users", "多余"], "多余的参数：多余。"),
    ],
)
def test_usage_errors_are_one_chinese_explanation(args, expected, tmp_path):
    result = run(*args, tmp_path=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert not any(word in result.stderr for word in ENGLISH), result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_names_the_help_command(tmp_path):
    result = run("outcomes", "due", "--dat", "x", tmp_path=tmp_path)
    assert result.stderr.splitlines()[0].startswith("用法：assistant outcomes due [选项]")
    assert "可运行“assistant outcomes due --help”查看用法。" in result.stderr


def test_help_screen_frames_are_chinese(tmp_path):
    result = run("search", "--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for word in ("用法：assistant search [选项]", "参数", "选项", "显示本帮助并退出。", "[默认：5]", "[必填]"):
        assert word in result.stdout, word
    assert "Show this message" not in result.stdout
    assert "Usage:" not in result.stdout
