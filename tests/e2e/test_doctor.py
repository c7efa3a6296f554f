"""`assistant doctor` as a user runs it: a real process against the stub model server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_llm_stub_server import StubLLM, serve_stub, stub_status, stub_text

pytestmark = pytest.mark.slow

API_KEY = "sk-e2e-SECRET-7c21"


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    yield from serve_stub()


def doctor(env: dict, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "doctor", *args], capture_output=True, text=True,
                          env=env, timeout=60, cwd=cwd)


def environment(tmp_path: Path, **values: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    env.update({"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "NO_PROXY": "127.0.0.1,localhost",
                "LANGSMITH_TRACING": "false"})
    env.update(values)
    return env


def model_env(tmp_path: Path, stub: StubLLM) -> dict:
    return environment(tmp_path, ASSISTANT_LLM_PROVIDER="openai", ASSISTANT_LLM_MODEL="stub-model",
                       ASSISTANT_LLM_BASE_URL=stub.url, ASSISTANT_LLM_API_KEY=API_KEY, ASSISTANT_LLM_TIMEOUT="2",
                       ASSISTANT_EMBEDDING_PROVIDER="openai", ASSISTANT_EMBEDDING_MODEL="stub-embedding",
                       ASSISTANT_EMBEDDING_BASE_URL=stub.url, ASSISTANT_EMBEDDING_API_KEY=API_KEY)


def test_everything_configured_works(tmp_path, stub_llm: StubLLM):
    stub_llm.push(stub_text("收到"))
    result = doctor(model_env(tmp_path, stub_llm), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    checks = {c["key"]: c for c in report["checks"]}
    assert report["ok"] and set(checks) == {"llm", "embedding", "database", "chroma", "knowledge"}
    assert checks["llm"]["details"]["model"] == "stub-model"
    assert checks["llm"]["details"]["base_url"] == stub_llm.url
    assert checks["embedding"]["details"]["dimensions"] == 8
    assert checks["chroma"]["details"]["mode"] == "embedded"
    assert API_KEY not in result.stdout + result.stderr
    # One tiny chat request and one embedding, with the key.
    assert len(stub_llm.chat_requests) == 1 and stub_llm.headers[0]["authorization"] == f"Bearer {API_KEY}"


def run_in_process(env: dict, monkeypatch, *args: str):
    """The same command through CliRunner: one real process above is enough, these stay fast."""
    from typer.testing import CliRunner

    from assistant.cli import app

    for name in [n for n in os.environ if n.startswith("ASSISTANT_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(app, ["doctor", *args])


def test_a_wrong_key_is_reported_in_chinese_with_exit_code_1(tmp_path, monkeypatch, stub_llm: StubLLM):
    stub_llm.push(stub_status(401, f"Incorrect API key provided: {API_KEY}"))
    env = model_env(tmp_path, stub_llm)
    env["ASSISTANT_EMBEDDING_PROVIDER"] = "offline"
    result = run_in_process(env, monkeypatch)
    assert result.exit_code == 1
    assert "✗ 大模型：密钥错误或已失效（HTTP 401）" in result.stdout
    assert "✓ 数据库" in result.stdout and "存在问题" in result.stdout
    assert f"接口地址：{stub_llm.url}" in result.stdout
    assert API_KEY not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_offline_installation_is_healthy(tmp_path, monkeypatch):
    result = run_in_process(environment(tmp_path), monkeypatch)
    assert result.exit_code == 0, result.output
    assert "大模型：未配置" in result.stdout and "全部正常" in result.stdout
    assert not (tmp_path / "data" / "assistant.db").exists()  # read-only: nothing created
