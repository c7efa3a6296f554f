"""What `assistant doctor` says about each kind of broken endpoint (in-process, against the stub)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.cli.doctor import check_database, check_knowledge, masked_database_url
from assistant.config import Settings
from assistant.llm.probe import probe_embedding, probe_llm
from tests.integration.test_llm_drafter import API_KEY
from tests.integration.test_llm_stub_server import (
    StubLLM,
    closed_port_url,
    guard_network,
    serve_stub,
    stub_raw,
    stub_status,
    stub_text,
)


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    yield from serve_stub()


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    guard_network(monkeypatch)


def _settings(tmp_path, url, **values) -> Settings:
    return Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model", llm_base_url=url,
                    llm_api_key=API_KEY, llm_timeout=0.5, **values)


@pytest.mark.parametrize(
    ("reply", "ok", "says"),
    [
        (stub_text("收到"), True, "可用"),
        (stub_status(401, f"Incorrect API key provided: {API_KEY}"), False, "密钥错误"),
        (stub_status(404), False, "不是模型服务"),
        (stub_raw(b"<html>Welcome to nginx</html>"), False, "不是 OpenAI 兼容接口"),
        (stub_text("Received."), False, "没有用中文作答"),
        (stub_text(""), False, "空消息"),
        (stub_text("收到", delay=2), False, "超时"),
    ],
    ids=["ok", "401", "404", "html", "english", "empty", "slow"],
)
def test_probe_explains_each_failure(tmp_path, stub_llm: StubLLM, reply, ok, says):
    stub_llm.push(reply)
    check = probe_llm(_settings(tmp_path, stub_llm.url))
    assert check.ok is ok and says in check.status, check.status
    assert API_KEY not in repr(check.to_dict())
    assert check.details["base_url"] == stub_llm.url


def test_probe_of_a_server_that_is_down(tmp_path):
    check = probe_llm(_settings(tmp_path, closed_port_url()))
    assert not check.ok and "无法连接" in check.status


def test_probe_without_a_model_is_fine(tmp_path):
    check = probe_llm(Settings(data_dir=tmp_path))
    assert check.ok and "未配置" in check.status


def test_probe_of_an_incomplete_configuration(tmp_path):
    check = probe_llm(Settings(data_dir=tmp_path, llm_provider="deepseek"))
    assert not check.ok and "ASSISTANT_LLM_API_KEY" in check.status


def test_embedding_probe(tmp_path, stub_llm: StubLLM):
    settings = Settings(data_dir=tmp_path, embedding_provider="openai", embedding_model="emb",
                        embedding_base_url=stub_llm.url, embedding_api_key=API_KEY, llm_timeout=0.5)
    check = probe_embedding(settings)
    assert check.ok and check.details["dimensions"] == 8
    assert probe_embedding(Settings(data_dir=tmp_path)).ok


def test_database_url_is_shown_without_its_password(tmp_path):
    masked = masked_database_url("postgresql+psycopg://assistant:s3cret@db.example:5432/assistant")
    assert "s3cret" not in masked and "db.example" in masked
    check = check_database(Settings(data_dir=tmp_path))
    assert check.ok and "尚未创建" in check.status
    broken = check_database(Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u:pw@127.0.0.1:1/x"))
    assert not broken.ok and "无法连接数据库" in broken.status and "pw" not in broken.details["url"]


def test_knowledge_check_before_and_after_building(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    assert check_knowledge(settings).details["policy_chunks"] == 0
    from assistant.retrieval import build_knowledge_base

    build_knowledge_base(settings).ensure_built()
    check = check_knowledge(settings)
    assert check.ok and check.details["policy_chunks"] > 0
