"""A command that cannot do its work says why in one Chinese line and exits non-zero; the log has the detail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.integration.test_llm_stub_server import closed_port_url

pytestmark = pytest.mark.slow
ASSISTANT = [sys.executable, "-m", "assistant"]


@pytest.fixture
def env(tmp_path: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    environment["ASSISTANT_DATA_DIR"] = str(tmp_path / "data")
    return environment


def _fails_in_one_line(args: list[str], env: dict, *expected: str) -> str:
    result = subprocess.run(ASSISTANT + args, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def _log(env: dict) -> str:
    return (Path(env["ASSISTANT_DATA_DIR"]) / "logs" / "assistant.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["not a database url", "mysql://someone@127.0.0.1/assistant", "postgresql+nosuchdriver://x@y/z"])
def test_a_malformed_database_url(env, url):
    env["ASSISTANT_DATABASE_URL"] = url
    _fails_in_one_line(["export", "--json"], env, "ASSISTANT_DATABASE_URL", "无法识别")
    assert "Traceback" in _log(env)  # the detail is kept for whoever maintains the deployment


def test_a_database_that_is_down(env):
    port = urlparse(closed_port_url()).port
    env["ASSISTANT_DATABASE_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:{port}/assistant"
    _fails_in_one_line(["admin", "users"], env, "无法连接", "数据库")


def test_an_unreachable_bot_api(env):
    env.update(TELEGRAM_BOT_TOKEN="123456:ABCdef", TELEGRAM_BASE_URL=closed_port_url().replace("/v1", "/bot"))
    _fails_in_one_line(["bot"], env, "无法连接 Telegram Bot API")
    log = _log(env)
    assert "NetworkError" in log and "ABCdef" not in log


def test_a_missing_file(env, tmp_path):
    _fails_in_one_line(["minutes", "draft", str(tmp_path / "没有这个文件.txt")], env, "没有这个文件.txt")
    _fails_in_one_line(["export", "--json", "-o", str(tmp_path / "no" / "such" / "dir" / "out.json")], env, "找不到")
