"""The Drafter wired in: `assistant ask`, the chat's /ask, and the offline default that never loads langchain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.bootstrap import build_app
from assistant.cli import app as cli_app
from assistant.config import Settings
from assistant.flows.base import Incoming
from assistant.llm import LLM_CLOSING, OFFLINE_NOTE, Drafter
from assistant.retrieval import build_knowledge_base
from tests.integration.test_llm_drafter import API_KEY
from tests.integration.test_llm_stub_server import (
    StubLLM,
    closed_port_url,
    guard_network,
    serve_stub,
    stub_json,
)

QUESTION = "县里一年要开几次协商会？"
REWORDED = {"answer": "区（市、县）政协每年通过“有事来协商”平台组织协商活动不少于4次；乡镇（街道）、村（社区）的次数由各地确定。",
            "citations": [1]}


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    yield from serve_stub()


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    guard_network(monkeypatch)


def _llm_env(monkeypatch, tmp_path: Path, url: str) -> None:
    for name in [n for n in os.environ if n.startswith("ASSISTANT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_LLM_PROVIDER", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "stub-model")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", url)
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", API_KEY)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "0.5")


def test_the_model_answers_from_the_real_knowledge_base_with_its_citations(tmp_path, stub_llm: StubLLM):
    settings = Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model",
                        llm_base_url=stub_llm.url, llm_api_key=API_KEY, llm_timeout=0.5)
    kb = build_knowledge_base(settings)
    kb.ensure_built()
    offline = kb.ask(QUESTION)
    stub_llm.push(stub_json(REWORDED))
    result = Drafter(settings).answer(QUESTION, kb)
    assert result.source == "llm"
    assert result.value.citations[0] == offline.citations[0]
    _, user = (m["content"] for m in stub_llm.chat_requests[-1]["messages"])
    assert "规范协商频次" in user and "每年不少于4次" in user


def test_an_english_question_is_restated_by_the_model_and_answered_in_chinese(tmp_path, stub_llm: StubLLM):
    settings = Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model",
                        llm_base_url=stub_llm.url, llm_api_key=API_KEY, llm_timeout=0.5)
    kb = build_knowledge_base(settings)
    kb.ensure_built()
    # Offline, the dictionary reading answers an English question in the documents' words...
    plain = kb.ask("How many consultations must a county CPPCC hold each year?")
    assert plain.grounded and plain.citations[0].section == "三、（八）规范协商频次"
    # ...but not one in idioms it cannot read: that one the model restates.
    question = "How often do folks at the county level sit down to talk things over?"
    assert not kb.ask(question).grounded
    stub_llm.push(stub_json({"query": "区（市、县）政协每年组织协商活动多少次"}))
    stub_llm.push(stub_json(REWORDED))
    result = Drafter(settings).answer(question, kb)
    assert result.source == "llm" and result.value.grounded
    assert result.value.citations[0].section == "三、（八）规范协商频次"
    assert "不少于4次" in result.value.answer
    rewrite_request, answer_request = stub_llm.chat_requests[-2:]
    assert question in rewrite_request["messages"][-1]["content"]
    assert "每年不少于4次" in answer_request["messages"][-1]["content"]


def test_a_restated_question_the_knowledge_base_cannot_ground_is_still_declined(tmp_path, stub_llm: StubLLM):
    settings = Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model",
                        llm_base_url=stub_llm.url, llm_api_key=API_KEY, llm_timeout=0.5)
    kb = build_knowledge_base(settings)
    kb.ensure_built()
    stub_llm.push(stub_json({"query": "德阳明天的天气预报"}))
    result = Drafter(settings).answer("明天德阳会不会下雨", kb)
    assert not result.value.grounded and not result.value.citations
    assert len(stub_llm.chat_requests) == 1  # only the rewrite; nothing was sent to be answered


def test_ask_json_keeps_its_shape_and_says_who_wrote_it(tmp_path, monkeypatch, stub_llm: StubLLM):
    _llm_env(monkeypatch, tmp_path, stub_llm.url)
    stub_llm.push(stub_json(REWORDED))
    result = CliRunner().invoke(cli_app, ["ask", QUESTION, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"question", "answer", "citations", "grounded"} <= set(data)
    assert data["source"] == "llm" and data["note"] is None and data["answer"].endswith(LLM_CLOSING)
    assert data["citations"][0]["section"] == "三、（八）规范协商频次"


def test_ask_prints_the_note_above_the_offline_answer_when_the_model_is_down(tmp_path, monkeypatch):
    _llm_env(monkeypatch, tmp_path, closed_port_url())
    result = CliRunner().invoke(cli_app, ["ask", QUESTION])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(OFFLINE_NOTE)
    assert "每年不少于4次" in result.stdout and "出处" in result.stdout
    log = (tmp_path / "data" / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "LLM task answer failed" in log and API_KEY not in log


@pytest.mark.parametrize("model_works", [True, False])
def test_chat_ask_goes_through_the_drafter(tmp_path, stub_llm: StubLLM, model_works):
    settings = Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model",
                        llm_base_url=stub_llm.url, llm_api_key=API_KEY, llm_timeout=0.5)
    app = build_app(settings)
    try:
        from assistant.bootstrap import CONSOLE_USER

        stub_llm.push(stub_json(REWORDED if model_works else {"answer": "Four per year.", "citations": [1]}))
        replies = app.engine.handle(CONSOLE_USER, Incoming(text=f"/ask {QUESTION}"))
        text = "\n".join(r.text for r in replies)
    finally:
        app.close()
    assert "出处" in text and "规范协商频次" in text
    if model_works:
        assert "乡镇（街道）、村（社区）的次数由各地确定" in text and OFFLINE_NOTE not in text
    else:
        assert text.startswith(OFFLINE_NOTE) and "Four" not in text


def test_provider_none_never_imports_langchain(tmp_path):
    """The offline default pays nothing for the optional layer: checked in a fresh interpreter."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from assistant.bootstrap import build_app
        from assistant.config import Settings
        from assistant.retrieval import Answer

        class Knowledge:  # the real one is tested elsewhere; this keeps the run short
            def ask(self, question):
                return Answer(question, "根据……每年不少于4次。", [], True)

        app = build_app(Settings(data_dir=Path({str(tmp_path / 'data')!r}), llm_provider="none"))
        drafter = app.services.drafter
        answer = drafter.answer("县里一年要开几次协商会？", Knowledge())
        minutes = drafter.minutes("李明：今天协商修路。\\n张建国：我同意修路。")
        assert answer.source == minutes.source == "offline" and answer.note is None, answer
        loaded = sorted(m for m in sys.modules if m == "langchain" or m.startswith(("langchain.", "langchain_", "openai")))
        print(loaded)
        app.close()
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_provider_none_does_not_build_a_model(tmp_path):
    def factory(*_args):
        raise AssertionError("model factory called with provider none")

    drafter = Drafter(Settings(data_dir=tmp_path / "data"), model_factory=factory)
    assert not drafter.enabled
    assert drafter.running_order("三组道路硬化", "").source == "offline"
