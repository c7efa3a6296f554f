"""Provider defaults and settings: which endpoint, model and structured-output method."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.llm import PROVIDERS, Drafter, LlmConfigError, llm_enabled, resolve
from assistant.llm.providers import safe_url


def settings(**values) -> Settings:
    return Settings(**values)


def test_default_is_no_model():
    s = settings()
    assert s.llm_provider == "none" and not llm_enabled(s)
    assert not Drafter(s).enabled


@pytest.mark.parametrize(
    ("provider", "base_url", "model", "method"),
    [
        ("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", "json_mode"),
        ("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", "json_mode"),
        ("glm", "https://open.bigmodel.cn/api/paas/v4", "glm-4-flash", "json_mode"),
    ],
)
def test_provider_defaults(provider, base_url, model, method):
    config = resolve(settings(llm_provider=provider, llm_api_key="k"))
    assert (config.base_url, config.model, config.method) == (base_url, model, method)


def test_explicit_settings_win_over_defaults():
    config = resolve(settings(llm_provider="deepseek", llm_api_key="k", llm_model="deepseek-reasoner",
                              llm_base_url="http://10.0.0.5:8000/v1", llm_structured_output="function_calling",
                              llm_timeout=3, llm_max_retries=1))
    assert (config.model, config.base_url, config.method, config.timeout, config.max_retries) == (
        "deepseek-reasoner", "http://10.0.0.5:8000/v1", "function_calling", 3.0, 1)


def test_openai_compatible_default_method_is_json_schema():
    assert resolve(settings(llm_provider="openai", llm_model="gpt-4o-mini")).method == "json_schema"


def test_ollama_needs_a_model_but_no_key():
    with pytest.raises(LlmConfigError, match="ASSISTANT_LLM_MODEL"):
        resolve(settings(llm_provider="ollama"))
    config = resolve(settings(llm_provider="ollama", llm_model="qwen2.5:7b"))
    assert config.base_url == "http://127.0.0.1:11434/v1" and not PROVIDERS["ollama"].needs_key


def test_hosted_providers_need_a_key():
    with pytest.raises(LlmConfigError, match="ASSISTANT_LLM_API_KEY"):
        resolve(settings(llm_provider="deepseek"))


def test_environment_variables_are_the_interface(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_PROVIDER", "qwen")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-secret-value")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", "/srv/prompts")
    s = Settings()
    assert (s.llm_provider, s.llm_timeout, str(s.prompts_dir)) == ("qwen", 7.5, "/srv/prompts")
    assert "sk-secret-value" not in repr(s)


def test_unknown_provider_is_refused_by_settings():
    with pytest.raises(ValueError):
        settings(llm_provider="anthropic")


def test_safe_url_drops_credentials_and_query():
    assert safe_url("https://user:pass@api.example.com:8443/v1?key=abc#x") == "https://api.example.com:8443/v1"
