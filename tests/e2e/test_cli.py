"""The installed `assistant` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ASSISTANT = [sys.executable, "-m", "assistant"]


def run(args: list[str], env: dict, stdin: str = "", timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        ASSISTANT + args, input=stdin, capture_output=True, text=True, env=env, timeout=timeout
    )


@pytest.fixture
def env(tmp_path: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    environment["ASSISTANT_DATA_DIR"] = str(tmp_path / "data")
    return environment


def test_scripted_help_prints_chinese_help(env):
    result = run(["chat"], env, "/help\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "可用指令" in result.stdout and "/profile" in result.stdout
    assert "再见" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_help_texts_are_chinese_first(env):
    result = run(["--help"], env)
    assert result.returncode == 0
    for command in ("chat", "export", "db", "admin"):
        assert command in result.stdout
    assert "协商助手" in result.stdout


def test_export_is_valid_json_with_every_section(env):
    run(["chat"], env, "/profile\n王芳\n2\n天元街道\n1\n/skip\n是\n/quit\n")
    result = run(["export", "--json"], env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    for section in ("people", "topics", "consultations", "minutes", "outcomes", "audit_log"):
        assert section in document
    assert any(p["name"] == "王芳" for p in document["people"])
    assert any(e["entity"] == "person" and e["action"] == "update" for e in document["audit_log"])


def test_public_export_leaves_out_phone_numbers(env):
    run(["chat"], env, "/profile\n王芳\n2\n天元街道\n1\n13800001234\n是\n/quit\n")
    assert "13800001234" in run(["export", "--json"], env).stdout
    assert "13800001234" not in run(["export", "--json", "--public"], env).stdout


def test_invite_created_on_the_command_line_works_in_chat(env):
    created = run(["admin", "invite", "--role", "协商主持人"], env)
    assert created.returncode == 0, created.stderr
    code = created.stdout.strip()
    chat = run(["chat"], env, f"/join {code}\n/me\n/quit\n")
    assert "协商主持人" in chat.stdout


def test_admin_reports_bad_arguments_in_chinese(env):
    result = run(["admin", "grant", "99", "委员"], env)
    assert result.returncode == 2 and "没有编号为 99 的用户" in result.stderr
    result = run(["admin", "grant", "1", "皇帝"], env)
    assert result.returncode == 2 and "无法识别的身份" in result.stderr


def test_db_upgrade_reports_the_revision(env):
    result = run(["db", "upgrade"], env)
    assert result.returncode == 0 and "最新版本" in result.stdout
    assert "已是最新" in run(["db", "current"], env).stdout


def test_unreachable_database_is_one_clear_line(env):
    env["ASSISTANT_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = run(["export", "--json"], env)
    assert result.returncode == 1 and "无法连接或升级数据库" in result.stderr
    assert "Traceback" not in result.stderr


def _read_until(process: subprocess.Popen, marker: str, timeout: float = 30) -> str:
    """Reads the bot's output line by line until `marker` shows up."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} not seen in:\n{''.join(seen)}")


def test_killed_mid_profile_resumes_at_the_same_question(env):
    process = subprocess.Popen(
        ASSISTANT + ["chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1
    )
    try:
        _read_until(process, "/help")
        for line, marker in (("/profile", "姓名"), ("王芳", "层级"), ("3", "单位的名称")):
            process.stdin.write(line + "\n")
            process.stdin.flush()
            _read_until(process, marker)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    resumed = run(["chat"], env, "珠江路社区\n/quit\n")
    assert "欢迎回来" in resumed.stdout
    after_welcome = resumed.stdout.split("欢迎回来", 1)[1]
    assert "单位的名称" in after_welcome
    assert "请选择您在协商工作中的身份" in after_welcome  # the answer went to the resumed question
