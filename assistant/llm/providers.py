"""Which model to talk to, and how: per-provider defaults and the langchain chat model factory.

Every provider is reached through the OpenAI-compatible chat-completions API, so one client
(langchain-openai) covers DeepSeek, Qwen (DashScope compatible mode), GLM, Ollama and any
self-hosted server. The provider name only chooses defaults: the base URL, a model name, and
the structured-output method the endpoint accepts. langchain is imported inside
`create_chat_model` only, so a deployment without a model never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

NONE = "none"

# Structured-output methods of `with_structured_output`:
#   json_schema      response_format={"type": "json_schema"} — OpenAI; DeepSeek answers 400/422
#                    "This response_format type is unavailable now".
#   json_mode        response_format={"type": "json_object"} + the schema in the prompt — accepted
#                    by DeepSeek, DashScope, GLM and Ollama's OpenAI endpoint alike.
#   function_calling a forced tool call; thinking models (DeepSeek's thinking mode, Qwen3 with
#                    thinking) reject a forced tool_choice, so it is never the default here.


@dataclass(frozen=True)
class ProviderDefaults:
    label: str
    base_url: str | None  # None: the OpenAI client's own default (api.openai.com)
    model: str | None  # None: the user must name one
    method: str
    needs_key: bool = True


PROVIDERS: dict[str, ProviderDefaults] = {
    # Explicit, so a stray OPENAI_BASE_URL in the environment cannot redirect the key elsewhere.
    "openai": ProviderDefaults("OpenAI 兼容接口", "https://api.openai.com/v1", None, "json_schema"),
    "deepseek": ProviderDefaults("DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat", "json_mode"),
    "qwen": ProviderDefaults(
        "通义千问（兼容模式）", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", "json_mode"
    ),
    "glm": ProviderDefaults("智谱 GLM", "https://open.bigmodel.cn/api/paas/v4", "glm-4-flash", "json_mode"),
    "ollama": ProviderDefaults("Ollama（本机）", "http://127.0.0.1:11434/v1", None, "json_mode", needs_key=False),
}


class LlmConfigError(Exception):
    """The settings name a model that cannot be used as configured (Chinese message)."""


@dataclass(frozen=True)
class ModelConfig:
    """The resolved, secret-free description of the configured model (safe to print and log)."""

    provider: str
    model: str
    base_url: str | None
    method: str
    timeout: float
    max_retries: int

    @property
    def label(self) -> str:
        return PROVIDERS[self.provider].label

    @property
    def display_url(self) -> str:
        return safe_url(self.base_url) if self.base_url else "https://api.openai.com/v1（默认）"


def llm_enabled(settings: Any) -> bool:
    return (getattr(settings, "llm_provider", NONE) or NONE) != NONE


def resolve(settings: Any) -> ModelConfig:
    """Fills the provider's defaults in; raises LlmConfigError for an unusable combination."""
    provider = settings.llm_provider
    if provider not in PROVIDERS:
        raise LlmConfigError(f"不支持的大模型提供方“{provider}”（可选：none、{'、'.join(PROVIDERS)}）。")
    defaults = PROVIDERS[provider]
    model = (settings.llm_model or "").strip() or defaults.model
    if not model:
        raise LlmConfigError(f"使用 {provider} 时必须设置 ASSISTANT_LLM_MODEL（模型名称）。")
    if defaults.needs_key and not settings.llm_api_key and provider != "openai":
        raise LlmConfigError(f"使用 {defaults.label} 时必须设置 ASSISTANT_LLM_API_KEY（接口密钥）。")
    method = settings.llm_structured_output
    if method == "auto":
        method = defaults.method
    return ModelConfig(
        provider=provider,
        model=model,
        base_url=(settings.llm_base_url or "").strip() or defaults.base_url,
        method=method,
        timeout=float(settings.llm_timeout),
        max_retries=int(settings.llm_max_retries),
    )


def create_chat_model(config: ModelConfig, api_key: str | None) -> Any:
    """The langchain chat model for this configuration (imports langchain on first call)."""
    from langchain.chat_models import init_chat_model

    return init_chat_model(
        config.model,
        model_provider="openai",
        base_url=config.base_url,
        # A local server (Ollama, vLLM) needs no key, but the OpenAI client insists on one; never
        # let it fall back to an OPENAI_API_KEY that belongs to something else on this machine.
        api_key=api_key or "not-needed",
        timeout=config.timeout,
        max_retries=config.max_retries,
        # Compatible servers implement chat completions only, never the Responses API.
        use_responses_api=False,
    )


def safe_url(url: str) -> str:
    """The URL without user info, query or fragment: those may carry credentials."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
